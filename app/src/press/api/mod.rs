//! Press server functions: public HTTP endpoints under `/api`. Each
//! authorizes on the server before it touches data; the UI hiding a button
//! protects nothing.

mod answer_partnership;
mod archive_equipment;
mod calibrate_equipment;
mod change_partnership;
mod change_work_order;
mod list_equipment;
mod list_partnerships;
mod list_work_orders;
mod partnership_requests;
#[cfg(feature = "ssr")]
mod press_checks;
mod printer_floor;
mod record_quality_check;
mod save_equipment;

pub use answer_partnership::{AnswerPartnership, answer_partnership};
pub use archive_equipment::{ArchiveEquipment, archive_equipment};
pub use calibrate_equipment::{CalibrateEquipment, calibrate_equipment};
pub use change_partnership::{ChangePartnership, change_partnership};
pub use change_work_order::{ChangeWorkOrder, change_work_order};
pub use list_equipment::{ListEquipment, list_equipment};
pub use list_partnerships::{ListPartnerships, list_partnerships};
pub use list_work_orders::{ListWorkOrders, list_work_orders};
pub use partnership_requests::{PartnershipRequests, partnership_requests};
pub use printer_floor::{PrinterFloorOf, printer_floor};
pub use record_quality_check::{RecordQualityCheck, record_quality_check};
pub use save_equipment::{SaveEquipment, save_equipment};
