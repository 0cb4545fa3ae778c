//! The permission core side by side with cedar-policy: the decisions and
//! list questions the benchmark times, each built once for `core` and once
//! for Cedar with an equivalent policy set, and the checks that both give
//! the same answers, which run before anything is timed.

mod cedar;
mod decisions;
mod generated;
mod lists;

use cedar_policy::PolicySet;

pub use cedar::{POLICIES, allows, encode, policies};
pub use decisions::{Case, cases, check, many_assignments};
pub use generated::{check_generated, describe, jobs, principals};
pub use lists::{
    List, ROWS, by_authorize, by_cedar, by_filter, check_list, department_manager, lists,
    order_rows,
};

/// Everything the benchmark times, checked.
pub struct Checked {
    pub policies: PolicySet,
    pub cases: Vec<Case>,
    pub lists: Vec<List>,
    /// Decisions compared beyond the timed ones.
    pub generated: usize,
    /// Visible rows of each list, in the order of `lists`.
    pub visible: Vec<usize>,
}

/// Builds the benchmark's inputs and checks core against Cedar on all of
/// them: the timed decisions, the generated set and every list. The error
/// names the first disagreement.
pub fn checked(policies: PolicySet) -> Result<Checked, String> {
    let cases = cases()?;
    check(&cases, &policies)?;
    let generated = check_generated(&policies)?;
    let lists = lists()?;
    let visible = lists
        .iter()
        .map(|l| check_list(l, &policies))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Checked {
        policies,
        cases,
        lists,
        generated,
        visible,
    })
}
