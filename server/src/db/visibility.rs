//! `core`'s visibility filter as a SQL condition: lists are filtered by the
//! database, never loaded and checked one by one.

use imprimatur_core::{Conjunct, Filter, Match, ResourceState};
use sea_orm::sea_query::{
    Alias, Condition, Expr, ExprTrait, IntoIden, Order, Query, SelectStatement, SimpleExpr,
    UnionType,
};

/// Where each field of a resource lives in the query; `None`: the rows have no
/// such field (it reads as NULL).
pub struct Columns {
    pub id: Option<Expr>,
    pub company: Option<Expr>,
    pub department: Option<Expr>,
    pub owner: Option<Expr>,
    pub project: Option<Expr>,
    pub chapter: Option<Expr>,
    /// The lifecycle state, stored as its slug.
    pub state: Option<Expr>,
    /// "This user is among the row's requested approvers", as a condition.
    pub approver: Option<fn(i64) -> SimpleExpr>,
    /// A product's publication type.
    pub publication_type: Option<Expr>,
}

impl Columns {
    /// Rows that belong to a company and have nothing else of a resource:
    /// the print partner's work orders, equipment and the companies themselves.
    pub fn company_rows(id: Option<Expr>, company: Expr) -> Self {
        Columns {
            id,
            company: Some(company),
            department: None,
            owner: None,
            project: None,
            chapter: None,
            state: None,
            approver: None,
            publication_type: None,
        }
    }
}

fn never() -> SimpleExpr {
    Expr::cust("1 = 0")
}

/// One column against one `Match`, each value written by `value`.
fn matching<T>(
    col: &Option<Expr>,
    m: &Match<T>,
    value: impl Fn(&T) -> sea_orm::Value,
) -> Option<SimpleExpr> {
    let Some(c) = col.clone() else {
        // No such column: the value is NULL.
        return match m {
            Match::Any | Match::Null | Match::EqOrNull(_) | Match::NotIn(_) => None,
            Match::Eq(_) | Match::In(_) | Match::NotNull => Some(never()),
        };
    };
    let values = |ts: &[T]| ts.iter().map(&value).collect::<Vec<_>>();
    Some(match m {
        Match::Any => return None,
        Match::Eq(t) => c.eq(value(t)),
        Match::In(ts) if ts.is_empty() => never(),
        Match::In(ts) => c.is_in(values(ts)),
        Match::NotIn(ts) if ts.is_empty() => return None,
        Match::NotIn(ts) => c.clone().is_not_in(values(ts)).or(c.is_null()),
        Match::EqOrNull(t) => c.clone().eq(value(t)).or(c.is_null()),
        Match::Null => c.is_null(),
        Match::NotNull => c.is_not_null(),
    })
}

/// An id column.
fn column<T: Clone + Into<i64>>(col: &Option<Expr>, m: &Match<T>) -> Option<SimpleExpr> {
    matching(col, m, |t| t.clone().into().into())
}

fn approver(
    col: Option<fn(i64) -> SimpleExpr>,
    m: &Match<imprimatur_core::UserId>,
) -> Option<SimpleExpr> {
    match (m, col) {
        (Match::Any, _) => None,
        (Match::Eq(u), Some(among)) => Some(among(u.0)),
        _ => Some(never()),
    }
}

/// The lifecycle state, stored as its slug.
fn state(col: &Option<Expr>, m: &Match<ResourceState>) -> Option<SimpleExpr> {
    matching(col, m, |s| s.slug().into())
}

/// A text column.
fn text(col: &Option<Expr>, m: &Match<String>) -> Option<SimpleExpr> {
    matching(col, m, |t| t.as_str().into())
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
        approver(cols.approver, &c.approver),
        state(&cols.state, &c.state),
        text(&cols.publication_type, &c.publication_type),
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

/// "Among the newest `limit` rows of `table` that `filter` and `narrow` let
/// through", for a page ordered by `id` descending. Each conjunct becomes its
/// own branch, `id IN (newest of branch 1 UNION ALL newest of branch 2 …)`:
/// given an OR of conjuncts, SQLite collects every match of their common
/// column and sorts them all (36 ms at a million orders), while one branch
/// walks its own index newest first and stops after `limit` rows.
pub fn newest<T, I>(
    table: T,
    id: I,
    filter: &Filter,
    cols: &Columns,
    narrow: Condition,
    limit: u64,
) -> Condition
where
    T: IntoIden + Copy,
    I: IntoIden + Copy,
{
    let Filter::AnyOf(conjuncts) = filter else {
        return condition(filter, cols).add(narrow);
    };
    let branch = |i: usize, c: &Conjunct| -> SelectStatement {
        let name = Alias::new(format!("branch{i}"));
        let newest = Query::select()
            .column((table, id))
            .from(table)
            .cond_where(conjunct(c, cols))
            .cond_where(narrow.clone())
            .order_by((table, id), Order::Desc)
            .limit(limit)
            .to_owned();
        // SQLite takes ORDER BY and LIMIT in a compound member only inside a
        // subquery of its own.
        Query::select()
            .column((name.clone(), id))
            .from_subquery(newest, name)
            .to_owned()
    };
    let mut branches = conjuncts.iter().enumerate().map(|(i, c)| branch(i, c));
    let Some(mut union) = branches.next() else {
        return Condition::all().add(never());
    };
    union.unions(branches.map(|b| (UnionType::All, b)));
    Condition::all().add(Expr::col((table, id)).in_subquery(union))
}

/// The newest page of `E`'s rows that `filter` and `narrow` let through
/// (see [`newest`]), newest first.
pub async fn newest_page<E, C>(
    conn: &C,
    id: E::Column,
    filter: &Filter,
    cols: &Columns,
    narrow: Condition,
    limit: u64,
) -> Result<Vec<E::Model>, sea_orm::DbErr>
where
    E: sea_orm::EntityTrait + Default,
    E::Column: Copy,
    C: sea_orm::ConnectionTrait,
{
    use sea_orm::{QueryFilter, QueryOrder, QuerySelect};
    let visible = newest(E::default(), id, filter, cols, narrow, limit);
    E::find()
        .filter(visible)
        .order_by_desc(id)
        .limit(limit)
        .all(conn)
        .await
}
