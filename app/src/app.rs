use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::{Header, SessionProvider};
use crate::pages::{
    access::AccessPage, account::AccountPage, addresses::AddressesPage, approvals::ApprovalsPage,
    approve_link::ApproveLinkPage, audit::AuditPage, companies::CompaniesPage,
    company::CompanyPage, custom_roles::CustomRolesPage, forgot_password::ForgotPasswordPage,
    groups::GroupsPage, home::Home, import::ImportPage, invitation::InvitationPage, jobs::JobsPage,
    mailbox::MailboxPage, member::MemberPage, members::MembersPage, not_found::NotFound,
    products::ProductsPage, projects::ProjectsPage, publication_types::PublicationTypesPage,
    quote_manager::QuoteManagerPage, quotes::QuotesPage, reset_password::ResetPasswordPage,
    roles::RolesPage, second_factor::SecondFactorPage, security::SecurityPage, shop::ShopPage,
    sign_in::SignInPage, store::StorePage,
};
use crate::pages::{equipment::EquipmentPage, printer::PrinterPage, work_orders::WorkOrdersPage};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ssr::page_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                // The file names carry their content hash when cargo-leptos built
                // them with `hash-files`, so browsers may keep them for good.
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Effects run in the browser only, once the page has hydrated: tests
    // (and anyone curious) can tell a live page from server-rendered HTML.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "");
        }
    });
    view! {
        <Title formatter=|page: String| if page.is_empty() { "Imprimatur".to_string() } else { format!("{page} · Imprimatur") } />
        <Router>
            <SessionProvider>
                <Header />
                <main class="page">
                    <Routes fallback=NotFound>
                        // Async: the whole page is rendered before it is sent, so it
                        // works without JavaScript and redirects are real 302s.
                        <Route path=path!("/") view=Home ssr=SsrMode::Async />
                        <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                        <Route path=path!("/sign-in/second-factor") view=SecondFactorPage ssr=SsrMode::Async />
                        <Route path=path!("/roles") view=RolesPage ssr=SsrMode::Async />
                        <Route path=path!("/security") view=SecurityPage ssr=SsrMode::Async />
                        <Route path=path!("/companies") view=CompaniesPage ssr=SsrMode::Async />
                        <Route path=path!("/companies/:id") view=CompanyPage ssr=SsrMode::Async />
                        <Route path=path!("/companies/:id/roles") view=CustomRolesPage ssr=SsrMode::Async />
                        <Route path=path!("/companies/:id/groups") view=GroupsPage ssr=SsrMode::Async />
                        <Route path=path!("/companies/:id/projects") view=ProjectsPage ssr=SsrMode::Async />
                        <Route path=path!("/members") view=MembersPage ssr=SsrMode::Async />
                        <Route path=path!("/members/import") view=ImportPage ssr=SsrMode::Async />
                        <Route path=path!("/members/:id") view=MemberPage ssr=SsrMode::Async />
                        <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                        <Route path=path!("/access") view=AccessPage ssr=SsrMode::Async />
                        <Route path=path!("/mailbox") view=MailboxPage ssr=SsrMode::Async />
                        <Route path=path!("/audit") view=AuditPage ssr=SsrMode::Async />
                        <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/invitation") view=InvitationPage ssr=SsrMode::Async />
                        <Route path=path!("/shop") view=ShopPage ssr=SsrMode::Async />
                        <Route path=path!("/store/:slug") view=StorePage ssr=SsrMode::Async />
                        <Route path=path!("/jobs") view=JobsPage ssr=SsrMode::Async />
                        <Route path=path!("/quotes") view=QuotesPage ssr=SsrMode::Async />
                        <Route path=path!("/addresses") view=AddressesPage ssr=SsrMode::Async />
                        <Route path=path!("/products") view=ProductsPage ssr=SsrMode::Async />
                        <Route path=path!("/publication-types") view=PublicationTypesPage ssr=SsrMode::Async />
                        <Route path=path!("/quote-manager") view=QuoteManagerPage ssr=SsrMode::Async />
                        <Route path=path!("/approvals") view=ApprovalsPage ssr=SsrMode::Async />
                        <Route path=path!("/approve") view=ApproveLinkPage ssr=SsrMode::Async />
                        <Route path=path!("/work-orders") view=WorkOrdersPage ssr=SsrMode::Async />
                        <Route path=path!("/equipment") view=EquipmentPage ssr=SsrMode::Async />
                        <Route path=path!("/printer") view=PrinterPage ssr=SsrMode::Async />
                    </Routes>
                </main>
            </SessionProvider>
        </Router>
    }
}
