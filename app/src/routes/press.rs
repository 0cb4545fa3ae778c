//! The print partner's floor: work orders, equipment and the printer app a
//! print operator opens on a phone.

use crate::press::pages::{
    equipment::EquipmentPage, printer::PrinterPage, work_orders::WorkOrdersPage,
};

super::module_chunk!(press_chunk, __preload_press_chunk, PressPages {
    EquipmentRoute => EquipmentPage,
    PrinterRoute => PrinterPage,
    WorkOrdersRoute => WorkOrdersPage,
});
