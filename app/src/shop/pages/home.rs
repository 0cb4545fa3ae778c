use imprimatur_core::{Module, Permission, Principal, StartupScreen, effective_permissions};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use super::approvals::Inbox;
use super::jobs::Jobs;
use super::shop::StorefrontFor;
use crate::components::layout::use_session;
use crate::model::CurrentUser;

/// The signed-in start page; anyone else is sent to sign in.
#[component]
pub fn Home() -> impl IntoView {
    let session = use_session();
    view! {
        <Title text="Home" />
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match session.user.await {
                    // No portal (a Print Operator): the printer app is all there is.
                    Ok(Some(user)) if !user.may_use_portal() && user.may_use_printer_app() => {
                        view! { <Redirect path="/printer" /> }.into_any()
                    }
                    Ok(Some(user)) if !user.may_use_portal() => view! {
                        <p class="error" role="alert">"None of your roles includes the web portal. Ask your administrator for one."</p>
                    }.into_any(),
                    Ok(Some(user)) => view! { <Dashboard user /> }.into_any(),
                    Ok(None) => view! { <Redirect path="/sign-in" /> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What a person may do, per module, straight from `core`.
fn abilities(user: &CurrentUser) -> Vec<(Module, Vec<Permission>)> {
    let held = effective_permissions(&Principal::User(user.principal.clone()));
    Module::ALL
        .iter()
        .map(|m| {
            let mut perms: Vec<Permission> = held
                .iter()
                .map(|e| e.permission)
                .filter(|p| p.module() == *m)
                .collect();
            perms.sort();
            perms.dedup();
            (*m, perms)
        })
        .filter(|(_, perms)| !perms.is_empty())
        .collect()
}

#[component]
fn Dashboard(user: CurrentUser) -> impl IntoView {
    let modules = abilities(&user);
    let startup = user.startup.map(|s| s.label());
    view! {
        <section class="card">
            <h1>"Welcome, " {user.display_name.clone()}</h1>
            <p class="muted">"Signed in as " {user.email.clone()}</p>
            {startup.map(|s| view! { <p>"Your start-up screen: " <strong>{s}</strong></p> })}
        </section>
        <StartupScreenOf user=user.clone() />
        <section class="card">
            <h2>"Your roles"</h2>
            {if user.roles.is_empty() {
                view! { <p class="muted">"You hold no roles yet. Ask an administrator to assign one."</p> }.into_any()
            } else {
                view! {
                    <ul class="roles" data-testid="roles">
                        {user
                            .roles
                            .iter()
                            .map(|r| {
                                view! {
                                    <li>
                                        <strong>{r.role.clone()}</strong>
                                        " in "
                                        {r.scope.clone()}
                                        <span class="tag">{r.family.clone()}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
        <section class="card">
            <h2>"What you can do"</h2>
            <div class="modules">
                {modules
                    .into_iter()
                    .map(|(module, perms)| {
                        view! {
                            <details class="module">
                                <summary>
                                    {module.label()} <span class="count">{perms.len()}</span>
                                </summary>
                                <ul>
                                    {perms
                                        .into_iter()
                                        .map(|p| view! { <li title=p.description()>{p.label()}</li> })
                                        .collect_view()}
                                </ul>
                            </details>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}

/// The start-up screen of the member's highest role (PrintShop Mail Web:
/// a role determines "the start-up screen they will be able to view when
/// they log in"): the storefront, their print jobs or the approvals inbox
/// right here; for administrative roles, the way to their screen.
#[component]
fn StartupScreenOf(user: CurrentUser) -> impl IntoView {
    let Some(screen) = user.startup else {
        return ().into_any();
    };
    let link = |href: &'static str| {
        view! {
            <section class="card" data-testid="startup">
                <p>
                    <a href=href>{format!("Open {}", screen.label().to_lowercase())}</a>
                </p>
            </section>
        }
        .into_any()
    };
    match screen {
        StartupScreen::Storefront => {
            view! { <div data-testid="startup"><StorefrontFor user /></div> }.into_any()
        }
        StartupScreen::MyJobs => {
            view! { <div data-testid="startup"><Jobs user /></div> }.into_any()
        }
        StartupScreen::Approvals => view! { <div data-testid="startup"><Inbox /></div> }.into_any(),
        StartupScreen::PlatformDashboard
        | StartupScreen::Companies
        | StartupScreen::TenantManagerDashboard => link("/companies"),
        StartupScreen::Projects => link("/projects"),
        StartupScreen::Department
        | StartupScreen::Company
        | StartupScreen::TenantAdministration => link("/members"),
        StartupScreen::WorkOrders => link("/work-orders"),
        StartupScreen::PrinterApp => link("/printer"),
        // No page of its own: the navigation holds what this role uses.
        StartupScreen::Workflows => ().into_any(),
    }
}
