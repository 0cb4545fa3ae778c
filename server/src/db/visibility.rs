//! `core`'s visibility filter as a SQL condition: lists are filtered by the
//! database, never loaded and checked one by one.

use imprimatur_core::{Conjunct, Filter, Match};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, SimpleExpr};

/// Where each field of a resource lives in the query; `None`: the rows have no
/// such field (it reads as NULL).
pub struct Columns {
    pub id: Option<Expr>,
    pub company: Option<Expr>,
    pub department: Option<Expr>,
    pub owner: Option<Expr>,
    pub project: Option<Expr>,
    pub chapter: Option<Expr>,
}

fn never() -> SimpleExpr {
    Expr::cust("1 = 0")
}

/// One column against one `Match`.
fn column<T: Clone + Into<i64>>(col: &Option<Expr>, m: &Match<T>) -> Option<SimpleExpr> {
    let ids = |ts: &[T]| ts.iter().cloned().map(Into::into).collect::<Vec<i64>>();
    let Some(c) = col.clone() else {
        // No such column: the value is NULL.
        return match m {
            Match::Any | Match::Null | Match::EqOrNull(_) | Match::NotIn(_) => None,
            Match::Eq(_) | Match::In(_) | Match::NotNull => Some(never()),
        };
    };
    Some(match m {
        Match::Any => return None,
        Match::Eq(t) => c.eq(t.clone().into()),
        Match::In(ts) if ts.is_empty() => never(),
        Match::In(ts) => c.is_in(ids(ts)),
        Match::NotIn(ts) if ts.is_empty() => return None,
        Match::NotIn(ts) => c.clone().is_not_in(ids(ts)).or(c.is_null()),
        Match::EqOrNull(t) => c.clone().eq(t.clone().into()).or(c.is_null()),
        Match::Null => c.is_null(),
        Match::NotNull => c.is_not_null(),
    })
}

fn conjunct(c: &Conjunct, cols: &Columns) -> Condition {
    let mut all = Condition::all();
    let parts = [
        column(&cols.id, &c.id),
        column(&cols.company, &c.company),
        column(&cols.department, &c.department),
        column(&cols.owner, &c.owner),
        column(&cols.project, &c.project),
        column(&cols.chapter, &c.chapter),
        // Approvers and lifecycle states are not columns of the lists built so
        // far; a condition on them matches nothing until they are.
        (c.approver != Match::Any).then(never),
        (!matches!(
            c.state,
            Match::Any | Match::Null | Match::EqOrNull(_) | Match::NotIn(_)
        ))
        .then(never),
    ];
    for p in parts.into_iter().flatten() {
        all = all.add(p);
    }
    all
}

/// The SQL condition for `filter` over rows laid out as `cols`.
pub fn condition(filter: &Filter, cols: &Columns) -> Condition {
    match filter {
        Filter::All => Condition::all(),
        Filter::None => Condition::all().add(never()),
        Filter::AnyOf(conjuncts) => conjuncts
            .iter()
            .fold(Condition::any(), |any, c| any.add(conjunct(c, cols))),
    }
}
