//! A company's tenant settings (Dispatcher), for its Tenant Super Admin and
//! the platform: name, URL name, customer role family, the e-mail domains
//! external approvers may use; the data region and sign-in method are shown
//! as chosen at set-up.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::api::{SaveCompanySettings, company_settings};
use crate::components::guard::{Outcome, SignedInOnly};
use crate::model::{AUTH_METHODS, CompanySettings, CurrentUser, DATA_REGIONS, label_of};
use crate::press::pages::partner_requests::PartnerRequests;

#[component]
pub fn CompanyPage() -> impl IntoView {
    view! {
        <Title text="Company settings" />
        <SignedInOnly view=|_: CurrentUser| view! { <Settings /> } />
    }
}

#[component]
fn Settings() -> impl IntoView {
    let id = crate::components::guard::route_id();
    let save = ServerAction::<SaveCompanySettings>::new();
    let settings = Resource::new(
        move || (id(), save.version().get()),
        |(id, _)| company_settings(id),
    );
    let outcome = Signal::derive(move || save.value().get());
    view! {
        <section class="card">
            <p><a href="/companies">"All companies"</a></p>
            <Transition fallback=|| view! { <p class="muted">"Loading settings…"</p> }>
                {move || Suspend::new(async move {
                    match settings.await {
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(s) => view! { <Form s save outcome /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Form(
    s: CompanySettings,
    save: ServerAction<SaveCompanySettings>,
    outcome: Signal<Option<Result<(), crate::error::AppError>>>,
) -> impl IntoView {
    let customer = s.kind == "customer";
    let family = s.family.clone().unwrap_or_default();
    view! {
        <h1>{s.name.clone()}</h1>
        <dl class="facts">
            <dt>"Shop"</dt>
            <dd>
                {if s.public && customer {
                    let href = format!("/store/{}", s.slug);
                    view! { "public: anyone may browse at " <a href=href.clone()>{href.clone()}</a> }.into_any()
                } else {
                    view! { "members only" }.into_any()
                }}
            </dd>
            <dt>"Data region"</dt>
            <dd data-testid="company-region">{label_of(DATA_REGIONS, &s.data_region)} " (chosen at set-up)"</dd>
            <dt>"Sign-in"</dt>
            <dd>{label_of(AUTH_METHODS, &s.auth_method)} " (chosen at set-up)"</dd>
            <dt>"Second factor"</dt>
            <dd>
                {if s.require_second_factor { "required of every member" } else { "optional" }}
                " · " <a href="/security">"change"</a>
            </dd>
            {s.dealer.clone().map(|d| view! { <dt>"Managed by"</dt> <dd>{d}</dd> })}
        </dl>
        <ActionForm action=save attr:class="stack">
            <input type="hidden" name="company_id" value=s.id.to_string() />
            <label>
                "Name"
                <input name="name" value=s.name.clone() required maxlength="200" readonly=!s.may_rename data-testid="settings-name" />
            </label>
            <label>
                "URL name"
                <input name="slug" value=s.slug.clone() required maxlength="63" readonly=!s.may_change_url data-testid="settings-slug" />
            </label>
            {if customer {
                view! {
                    <label>
                        "Customer roles"
                        <select name="family" disabled=s.family_locked>
                            <option value="storefront" selected=family == "storefront">"Storefront (PrintShop Mail Web)"</option>
                            <option value="corporate" selected=family == "corporate">"Corporate (PrintJob)"</option>
                        </select>
                    </label>
                    {s.family_locked.then(|| view! {
                        <input type="hidden" name="family" value=family.clone() />
                        <p class="muted">"Members hold these roles, so the family stays."</p>
                    })}
                }
                    .into_any()
            } else {
                ().into_any()
            }}
            <label>
                "E-mail domains external approvers may use (one a line)"
                <textarea name="approver_domains" rows="3" data-testid="settings-domains">
                    {s.approver_domains.join("\n")}
                </textarea>
            </label>
            <Outcome value=outcome ok=|_: ()| "Saved.".to_string() />
            <button type="submit" class="primary" disabled=move || save.pending().get()>"Save"</button>
        </ActionForm>
        {customer.then(|| view! { <PartnerRequests company_id=s.id /> })}
    }
}
