use sea_orm::entity::prelude::*;

/// A print partner's printing equipment.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "equipment")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub company_id: i64,
    pub name: String,
    /// The last calibration's score (0–100), passed or not.
    pub calibration_score: Option<i32>,
    /// When it last passed calibration; `None`: needs calibrating.
    pub calibrated_at: Option<DateTimeUtc>,
    pub calibrated_by: Option<i64>,
    pub archived_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
