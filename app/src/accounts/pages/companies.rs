//! The companies a person may see, and for the platform, creating one with
//! its first administrator's invitation.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::accounts::api::{CreateCompany, list_companies};
use crate::components::guard::{Outcome, SignedInOnly};
use crate::model::{CompanyRow, CurrentUser, DATA_REGIONS};
use imprimatur_core::{CompanyId, CompanyKind, Permission, Principal, ResourceKind, authorize};

#[component]
pub fn CompaniesPage() -> impl IntoView {
    view! {
        <Title text="Companies" />
        <SignedInOnly view=|user: CurrentUser| view! { <Companies user /> } />
    }
}

#[component]
fn Companies(user: CurrentUser) -> impl IntoView {
    let create = ServerAction::<CreateCompany>::new();
    let companies = Resource::new(move || create.version().get(), |_| list_companies());
    let me = Principal::User(user.principal.clone());
    let may_create = authorize(
        &me,
        Permission::CompaniesCreate,
        &imprimatur_core::Resource::new(ResourceKind::Platform),
    )
    .is_allowed();
    let may = move |c: &CompanyRow, p: Permission, kind: ResourceKind| {
        authorize(
            &me,
            p,
            &imprimatur_core::Resource::in_company(kind, CompanyId(c.id)),
        )
        .is_allowed()
    };
    let settings_of = move |c: &CompanyRow| {
        (
            may(
                c,
                Permission::TenantSettingsEdit,
                ResourceKind::TenantSettings,
            ),
            may(c, Permission::CustomRolesManage, ResourceKind::CustomRole),
            may(c, Permission::GroupsManage, ResourceKind::Group),
            may(c, Permission::ProjectsCreateDelete, ResourceKind::Project),
        )
    };
    view! {
        <section class="card">
            <h1>"Companies"</h1>
            <Transition fallback=|| view! { <p class="muted">"Loading companies…"</p> }>
                {move || {
                    let settings_of = settings_of.clone();
                    Suspend::new(async move {
                        match companies.await {
                            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                            Ok(rows) => view! {
                                <div class="table-scroll">
                                    <table class="matrix" data-testid="companies">
                                        <thead>
                                            <tr>
                                                <th scope="col">"Company"</th>
                                                <th scope="col">"Kind"</th>
                                                <th scope="col">"Customer roles"</th>
                                                <th scope="col">"URL name"</th>
                                                <th scope="col">"Managed by"</th>
                                                <th scope="col">"Roles"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {rows
                                                .into_iter()
                                                .map(|c| {
                                                    let kind = CompanyKind::from_slug(&c.kind).map(CompanyKind::label).unwrap_or_default();
                                                    let (settings, roles, groups, projects) = settings_of(&c);
                                                    let roles = roles.then(|| view! { <a href=format!("/companies/{}/roles", c.id)>"Custom roles"</a> " " });
                                                    let groups = groups.then(|| view! { <a href=format!("/companies/{}/groups", c.id)>"Groups"</a> " " });
                                                    let projects = projects.then(|| view! { <a href=format!("/companies/{}/projects", c.id)>"Projects"</a> });
                                                    let name = if settings {
                                                        view! { <a href=format!("/companies/{}", c.id)>{c.name.clone()}</a> }.into_any()
                                                    } else {
                                                        view! { {c.name.clone()} }.into_any()
                                                    };
                                                    view! {
                                                        <tr>
                                                            <th scope="row">{name} {c.public.then(|| view! { " " <span class="tag">"public"</span> })}</th>
                                                            <td>{kind}</td>
                                                            <td>{c.family.clone().unwrap_or_default()}</td>
                                                            <td><code>{c.slug.clone()}</code></td>
                                                            <td>{c.dealer.clone().unwrap_or_default()}</td>
                                                            <td>{roles} {groups} {projects}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }
                                .into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
        <Show when=move || may_create>
            <NewCompanyForm create companies />
        </Show>
    }
}

#[component]
fn NewCompanyForm(
    create: ServerAction<CreateCompany>,
    companies: Resource<Result<Vec<CompanyRow>, crate::error::AppError>>,
) -> impl IntoView {
    let outcome = Signal::derive(move || create.value().get());
    view! {
        <section class="card">
            <h2>"New company"</h2>
            <p class="muted">
                "Its first administrator is invited with the company's top role. The data region cannot change later."
            </p>
            <ActionForm action=create attr:class="stack">
                <label>"Name" <input name="company[name]" required maxlength="200" data-testid="company-name" /></label>
                <label>
                    "URL name (lower-case letters, digits, hyphens)"
                    <input name="company[slug]" required maxlength="63" pattern="[a-z0-9-]+" data-testid="company-slug" />
                </label>
                <label>
                    "Kind"
                    <select name="company[kind]" data-testid="company-kind">
                        <option value="customer">"Customer"</option>
                        <option value="print_partner">"Print partner"</option>
                        <option value="dealer">"Dealer"</option>
                    </select>
                </label>
                <label>
                    "Customer roles (customers only)"
                    <select name="company[family]" data-testid="company-family">
                        <option value="storefront">"Storefront (PrintShop Mail Web)"</option>
                        <option value="corporate">"Corporate (PrintJob)"</option>
                        <option value="">"None (not a customer)"</option>
                    </select>
                </label>
                <label class="inline">
                    <input type="checkbox" name="company[public]" value="true" />
                    " Public shop (anyone may browse; checkout needs an account)"
                </label>
                <label>
                    "Data region"
                    <select name="company[data_region]">
                        {DATA_REGIONS.iter().map(|(slug, label)| view! { <option value=*slug>{*label}</option> }).collect_view()}
                    </select>
                </label>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let dealers: Vec<CompanyRow> = companies
                            .await
                            .unwrap_or_default()
                            .into_iter()
                            .filter(|c| c.kind == "dealer")
                            .collect();
                        view! {
                            <label>
                                "Managed by a dealer"
                                <select name="company[dealer_id]">
                                    <option value="">"No dealer"</option>
                                    {dealers.into_iter().map(|d| view! { <option value=d.id.to_string()>{d.name}</option> }).collect_view()}
                                </select>
                            </label>
                        }
                    })}
                </Transition>
                <label>"First administrator's e-mail" <input type="email" name="company[admin_email]" required data-testid="company-admin-email" /></label>
                <label>"First administrator's name" <input name="company[admin_name]" required maxlength="200" data-testid="company-admin-name" /></label>
                <Outcome value=outcome ok=|m: String| m />
                <button type="submit" class="primary" disabled=move || create.pending().get()>
                    "Create the company"
                </button>
            </ActionForm>
        </section>
    }
}
