//! Core and Cedar must agree before any timing means something; `make test`
//! runs these, and the benchmark repeats the same checks before it times.

use cedar_policy::PolicySet;
use imprimatur_bench::{
    List, POLICIES, ROWS, cases, check, check_generated, check_list, checked, department_manager,
    lists, order_rows, policies,
};

#[test]
fn core_and_cedar_agree_on_every_benchmarked_decision() -> Result<(), String> {
    check(&cases()?, &policies()?)
}

#[test]
fn core_and_cedar_agree_on_every_generated_decision() -> Result<(), String> {
    let compared = check_generated(&policies()?)?;
    assert!(compared > 10_000, "only {compared} decisions compared");
    Ok(())
}

#[test]
fn the_filter_authorize_and_cedar_return_the_same_rows_of_every_benchmarked_list()
-> Result<(), String> {
    let policies = policies()?;
    for list in lists()? {
        assert_eq!(list.rows.len() as i64, ROWS);
        check_list(&list, &policies)?;
    }
    Ok(())
}

/// Without the rule for jobs outside any department, Cedar refuses what
/// core grants: the checks must say so, naming the case.
fn without_the_no_department_rule() -> Result<PolicySet, String> {
    let rule = POLICIES
        .find("// Power Users and Department Managers: jobs outside any department.")
        .ok_or("the rule is not in POLICIES")?;
    let end = POLICIES[rule..].find("};").ok_or("the rule does not end")?;
    let text = format!("{}{}", &POLICIES[..rule], &POLICIES[rule + end + 2..]);
    text.parse::<PolicySet>().map_err(|e| e.to_string())
}

#[test]
fn a_missing_cedar_rule_fails_the_generated_check_naming_the_decision() -> Result<(), String> {
    let wrong = without_the_no_department_rule()?;
    let error = check_generated(&wrong).err().ok_or("the check passed")?;
    assert!(error.contains("core true, cedar false"), "{error}");
    assert!(error.contains("department None"), "{error}");
    Ok(())
}

#[test]
fn a_missing_cedar_rule_fails_the_list_check_naming_the_row() -> Result<(), String> {
    let wrong = without_the_no_department_rule()?;
    let error = checked(wrong).err().ok_or("the check passed")?;
    assert!(error.contains("cedar false"), "{error}");
    let list = List::new("a manager's list", department_manager(), order_rows(100))?;
    let error = check_list(&list, &without_the_no_department_rule()?)
        .err()
        .ok_or("the list check passed")?;
    assert!(
        error.starts_with("a manager's list: user 100 holding"),
        "{error}"
    );
    assert!(
        error.contains("filter true, core authorize true, cedar false"),
        "{error}"
    );
    Ok(())
}
