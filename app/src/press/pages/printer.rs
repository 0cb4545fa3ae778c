//! The printer app (Scantrust's Printer app, on the print operator's
//! phone): calibrate the equipment, then check the print quality of each
//! work order's secure codes. The Print Operator's only pages.

use leptos::prelude::*;
use leptos_meta::Title;

use super::equipment::calibration_text;
use crate::components::guard::{Outcome, SignedInOnly};
use crate::components::refresh::reloads;
use crate::model::{
    CurrentUser, EquipmentRow, MAX_QA_SCANS, QA_PASS_PERCENT, WorkOrderRow, WorkOrderState,
};
use crate::press::api::{CalibrateEquipment, RecordQualityCheck, printer_floor};

#[component]
pub fn PrinterPage() -> impl IntoView {
    view! {
        <Title text="Printer app" />
        <SignedInOnly view=|_: CurrentUser| view! { <PrinterApp /> } />
    }
}

/// The screen itself, also the Print Operator's start-up screen.
#[component]
pub fn PrinterApp() -> impl IntoView {
    let calibrate = ServerAction::<CalibrateEquipment>::new();
    let check = ServerAction::<RecordQualityCheck>::new();
    let reload = (
        reloads(move || calibrate.value().get()),
        reloads(move || check.value().get()),
    );
    let floor = Resource::new(
        move || (reload.0.get(), reload.1.get()),
        |_| printer_floor(),
    );
    view! {
        <section class="card printer" data-testid="printer-app">
            <h1>"Printer app"</h1>
            <Outcome value=Signal::derive(move || calibrate.value().get()) ok=|m: String| m />
            <Outcome value=Signal::derive(move || check.value().get()) ok=|m: String| m />
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match floor.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(f) => {
                            let ready: Vec<EquipmentRow> = f.equipment.iter().filter(|e| e.ready()).cloned().collect();
                            view! {
                                <h2>"Equipment"</h2>
                                {f.equipment.is_empty().then(|| view! { <p class="muted">"No equipment yet: ask your account admin to add it."</p> })}
                                <ul class="orders" data-testid="printer-equipment">
                                    {f.equipment.into_iter().map(|e| view! { <Calibrate e calibrate /> }).collect_view()}
                                </ul>
                                <h2>"Quality checks"</h2>
                                {f.work_orders.is_empty().then(|| view! { <p class="muted">"No work order has codes to check."</p> })}
                                <ul class="orders" data-testid="printer-work-orders">
                                    {f.work_orders.into_iter().map(|w| view! { <Check w ready=ready.clone() check /> }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Calibrate(e: EquipmentRow, calibrate: ServerAction<CalibrateEquipment>) -> impl IntoView {
    let status = calibration_text(&e);
    view! {
        <li class="order" data-testid="piece" data-name=e.name.clone()>
            <strong>{e.name.clone()}</strong>
            <p data-testid="calibration">{status}</p>
            <ActionForm action=calibrate attr:class="stack">
                <input type="hidden" name="equipment_id" value=e.id.to_string() />
                <label>"Score of the calibration print (0–100)"
                    <input name="score" type="number" inputmode="numeric" min="0" max="100" required />
                </label>
                <button type="submit" disabled=move || calibrate.pending().get()>"Record calibration"</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn Check(
    w: WorkOrderRow,
    ready: Vec<EquipmentRow>,
    check: ServerAction<RecordQualityCheck>,
) -> impl IntoView {
    let done = w.state == WorkOrderState::QaPassed;
    let form = (!done).then(|| {
        if ready.is_empty() {
            return view! { <p class="muted">"Calibrate a piece of equipment first."</p> }.into_any();
        }
        view! {
            <ActionForm action=check attr:class="stack">
                <input type="hidden" name="work_order_id" value=w.id.to_string() />
                <label>"Printed on"
                    <select name="equipment_id">
                        {ready.into_iter().map(|e| view! { <option value=e.id.to_string()>{e.name}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Codes scanned"
                    <input name="scanned" type="number" inputmode="numeric" min="1" max=MAX_QA_SCANS.to_string() required />
                </label>
                <label>"Codes that verified"
                    <input name="verified" type="number" inputmode="numeric" min="0" max=MAX_QA_SCANS.to_string() required />
                </label>
                <button type="submit" disabled=move || check.pending().get()>"Record quality check"</button>
            </ActionForm>
        }
        .into_any()
    });
    view! {
        <li class="order" data-testid="work-order" data-id=w.id.to_string() data-state=w.state.slug()>
            <div class="order-head">
                <strong>{format!("#{} {}", w.id, w.title)}</strong>
                <span class=format!("status status-{}", w.state.slug()) data-testid="status">{w.state.label()}</span>
            </div>
            <p class="muted">{format!("{} · {} codes · {QA_PASS_PERCENT} % must verify", w.customer, w.quantity)}</p>
            {w.qa.map(|qa| view! { <p data-testid="quality-check">{format!("Last check: {qa}")}</p> })}
            {form}
        </li>
    }
}
