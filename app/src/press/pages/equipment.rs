//! Printing equipment (Scantrust): the work-order manager sees it; the
//! account admin adds, renames, calibrates and archives it. Equipment
//! prints secure codes only while its last calibration passed.

use imprimatur_core::{Permission, Principal, authorize};
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::guard::{Outcome, SignedInOnly};
use crate::components::refresh::reloads;
use crate::model::{CALIBRATION_PASS, CurrentUser, EquipmentRow, MAX_EQUIPMENT_NAME};
use crate::press::api::{ArchiveEquipment, CalibrateEquipment, SaveEquipment, list_equipment};

#[component]
pub fn EquipmentPage() -> impl IntoView {
    view! {
        <Title text="Printing equipment" />
        <SignedInOnly view=|user: CurrentUser| view! { <Equipment user /> } />
    }
}

/// How a piece of equipment stands, in words.
pub fn calibration_text(e: &EquipmentRow) -> String {
    match (&e.calibrated, e.score) {
        (Some(at), Some(score)) => format!("Calibrated {at} (score {score})"),
        (None, Some(score)) => {
            format!("Needs calibrating: the last score was {score}, {CALIBRATION_PASS} needed")
        }
        _ => "Needs calibrating: never calibrated".to_string(),
    }
}

#[derive(Clone, Copy)]
struct Actions {
    save: ServerAction<SaveEquipment>,
    archive: ServerAction<ArchiveEquipment>,
    calibrate: ServerAction<CalibrateEquipment>,
}

#[component]
fn Equipment(user: CurrentUser) -> impl IntoView {
    let actions = Actions {
        save: ServerAction::new(),
        archive: ServerAction::new(),
        calibrate: ServerAction::new(),
    };
    let archived = RwSignal::new(false);
    let reload = (
        reloads(move || actions.save.value().get()),
        reloads(move || actions.archive.value().get()),
        reloads(move || actions.calibrate.value().get()),
    );
    let list = Resource::new(
        move || {
            (
                archived.get(),
                reload.0.get(),
                reload.1.get(),
                reload.2.get(),
            )
        },
        |(archived, ..)| list_equipment(archived),
    );
    let me = Principal::User(user.principal.clone());
    view! {
        <section class="card">
            <h1>"Printing equipment"</h1>
            <p class="muted">{format!(
                "Equipment prints secure codes while its last calibration scored at least {CALIBRATION_PASS} of 100."
            )}</p>
            <label class="check">
                <input type="checkbox" on:change=move |ev| archived.set(event_target_checked(&ev)) />
                "Show archived equipment"
            </label>
            <Outcome value=Signal::derive(move || actions.save.value().get()) ok=|m: String| m />
            <Outcome value=Signal::derive(move || actions.archive.value().get()) ok=|m: String| m />
            <Outcome value=Signal::derive(move || actions.calibrate.value().get()) ok=|m: String| m />
            <Transition fallback=|| view! { <p class="muted">"Loading equipment…"</p> }>
                {move || {
                    let me = me.clone();
                    Suspend::new(async move {
                        match list.await {
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                            Ok(list) => view! {
                                {list.rows.is_empty().then(|| view! { <p class="muted">"No equipment here."</p> })}
                                <ul class="orders" data-testid="equipment">
                                    {list.rows.into_iter().map(|e| view! { <Piece e me=me.clone() actions /> }).collect_view()}
                                </ul>
                                {list.places.into_iter().map(|p| view! {
                                    <ActionForm action=actions.save attr:class="inline">
                                        <input type="hidden" name="company_id" value=p.id.to_string() />
                                        <label>
                                            {format!("New equipment at {}", p.name)}
                                            <input name="name" required maxlength=MAX_EQUIPMENT_NAME.to_string() data-testid="new-equipment" />
                                        </label>
                                        <button type="submit" disabled=move || actions.save.pending().get()>"Add"</button>
                                    </ActionForm>
                                }).collect_view()}
                            }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn Piece(e: EquipmentRow, me: Principal, actions: Actions) -> impl IntoView {
    let manage =
        !e.archived && authorize(&me, Permission::EquipmentManage, &e.resource()).is_allowed();
    let id = e.id.to_string();
    let (id_rename, id_archive) = (id.clone(), id.clone());
    let status = calibration_text(&e);
    let (name, company) = (e.name.clone(), e.company_id.to_string());
    view! {
        <li class="order" data-testid="piece" data-name=e.name.clone()>
            <div class="order-head">
                <strong>{e.name.clone()}</strong>
                <span class="muted">{e.company.clone()}{e.archived.then_some(" · archived")}</span>
            </div>
            <p data-testid="calibration">{status}</p>
            {manage.then(move || view! {
                <ActionForm action=actions.calibrate attr:class="inline">
                    <input type="hidden" name="equipment_id" value=id />
                    <label>"Calibration score" <input name="score" type="number" min="0" max="100" required /></label>
                    <button type="submit" class="secondary" disabled=move || actions.calibrate.pending().get()>"Record calibration"</button>
                </ActionForm>
                <details class="edit">
                    <summary>"Rename"</summary>
                    <ActionForm action=actions.save attr:class="inline">
                        <input type="hidden" name="equipment_id" value=id_rename />
                        <input type="hidden" name="company_id" value=company />
                        <label>"Name" <input name="name" value=name required maxlength=MAX_EQUIPMENT_NAME.to_string() /></label>
                        <button type="submit" class="secondary">"Save"</button>
                    </ActionForm>
                </details>
                <ActionForm action=actions.archive attr:class="inline">
                    <input type="hidden" name="equipment_id" value=id_archive />
                    <button type="submit" class="secondary">"Archive"</button>
                </ActionForm>
            })}
        </li>
    }
}
