//! The members a person may see, searched and filtered in SQL.
//!
//! A member is seen through each (company, department) they belong to: the
//! company of every role they hold there, and each of their departments in
//! that company (or none). The row is listed when any such pair passes the
//! viewer's visibility filter.

use imprimatur_app::model::MemberRow;
use imprimatur_core::{Filter, MemberView, Principal, UserId};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, JoinType, LikeExpr, Query};
use sea_orm::{Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::db::Db;
use crate::db::entities::{department, department_member, role_assignment, user};
use crate::db::visibility::{Columns, condition};
use crate::error::ServerError;

/// At most this many rows a page.
pub const PAGE: u64 = 50;

/// The members `viewer` may see (`filter`), each as far as the viewer may
/// know them.
pub async fn list(
    db: &Db,
    viewer: &Principal,
    filter: &Filter,
    search: &str,
) -> Result<Vec<MemberRow>, ServerError> {
    let ra = Alias::new("ra");
    let dm = Alias::new("dm");
    let d = Alias::new("d");
    let cols = Columns {
        id: Some(Expr::col((user::Entity, user::Column::Id))),
        company: Some(Expr::col((ra.clone(), role_assignment::Column::CompanyId))),
        department: Some(Expr::col((d.clone(), department::Column::Id))),
        owner: Some(Expr::col((user::Entity, user::Column::Id))),
        project: None,
        chapter: None,
        state: None,
        publication_type: None,
        approver: None,
    };
    let mut seen_through = Query::select();
    seen_through
        .expr(Expr::val(1))
        .from_as(role_assignment::Entity, ra.clone())
        .join_as(
            JoinType::LeftJoin,
            department_member::Entity,
            dm.clone(),
            Expr::col((dm.clone(), department_member::Column::UserId))
                .equals((ra.clone(), role_assignment::Column::UserId)),
        )
        .join_as(
            JoinType::LeftJoin,
            department::Entity,
            d.clone(),
            Condition::all()
                .add(
                    Expr::col((d.clone(), department::Column::Id))
                        .equals((dm.clone(), department_member::Column::DepartmentId)),
                )
                .add(
                    Expr::col((d.clone(), department::Column::CompanyId))
                        .equals((ra.clone(), role_assignment::Column::CompanyId)),
                ),
        )
        .and_where(
            Expr::col((ra.clone(), role_assignment::Column::UserId))
                .equals((user::Entity, user::Column::Id)),
        )
        .cond_where(condition(filter, &cols));

    let mut query = user::Entity::find().filter(Expr::exists(seen_through));
    let needle = search.trim().to_lowercase();
    if !needle.is_empty() {
        let pattern = crate::db::like::contains_pattern(&needle);
        query = query.filter(
            Condition::any()
                .add(
                    Expr::col((user::Entity, user::Column::Email))
                        .like(LikeExpr::new(&pattern).escape('\\')),
                )
                .add(
                    Func::lower(Expr::col((user::Entity, user::Column::DisplayName)))
                        .like(LikeExpr::new(&pattern).escape('\\')),
                ),
        );
    }
    let rows = query
        .order_by_asc(user::Column::DisplayName)
        .order_by_asc(user::Column::Id)
        .limit(PAGE)
        .all(&db.read)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|u| u.id).collect();
    let mut seen = super::members::views_of_many(&db.read, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|u| MemberRow {
            view: seen
                .remove(&u.id)
                .unwrap_or_else(|| MemberView::new(UserId(u.id), Vec::new(), Vec::new()))
                .as_seen_by(viewer),
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            state: u.state,
        })
        .collect())
}
