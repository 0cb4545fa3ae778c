use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::SsrMode;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, path};

use crate::auth::pages::{second_factor::SecondFactorPage, sign_in::SignInPage};
use crate::components::layout::{Header, SessionProvider};
use crate::components::not_found::NotFound;
use crate::routes::*;

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
    view! {
        <Title formatter=|page: String| if page.is_empty() { "Imprimatur".to_string() } else { format!("{page} · Imprimatur") } />
        <Router>
            <SessionProvider>
                <Header />
                <main class="page">
                    <Routes fallback=NotFound>
                        // Async: the whole page is rendered before it is sent, so it
                        // works without JavaScript and redirects are real 302s.
                        <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                        <Route path=path!("/sign-in/second-factor") view=SecondFactorPage ssr=SsrMode::Async />
                        <Route path=path!("/roles") view={Lazy::<RolesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/security") view={Lazy::<SecurityRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/companies") view={Lazy::<CompaniesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/companies/:id") view={Lazy::<CompanyRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/companies/:id/roles") view={Lazy::<CustomRolesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/companies/:id/groups") view={Lazy::<GroupsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/companies/:id/projects") view={Lazy::<ProjectsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/projects") view={Lazy::<MyProjectsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/projects/:id") view={Lazy::<ProjectChaptersRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/projects/:id/access") view={Lazy::<ProjectAccessRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/projects/:id/chapters/:chapter") view={Lazy::<ChapterRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/members") view={Lazy::<MembersRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/members/import") view={Lazy::<ImportRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/members/:id") view={Lazy::<MemberRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/access") view={Lazy::<AccessRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/mailbox") view={Lazy::<MailboxRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/audit") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/forgot-password") view={Lazy::<ForgotPasswordRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/reset-password") view={Lazy::<ResetPasswordRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/invitation") view={Lazy::<InvitationRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/shop") view={Lazy::<ShopRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/store/:slug") view={Lazy::<StoreRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/jobs") view={Lazy::<JobsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/quotes") view={Lazy::<QuotesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/addresses") view={Lazy::<AddressesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/products") view={Lazy::<ProductsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/publication-types") view={Lazy::<PublicationTypesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/quote-manager") view={Lazy::<QuoteManagerRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/approvals") view={Lazy::<ApprovalsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/approve") view={Lazy::<ApproveLinkRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/work-orders") view={Lazy::<WorkOrdersRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/equipment") view={Lazy::<EquipmentRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/printer") view={Lazy::<PrinterRoute>::new()} ssr=SsrMode::Async />
                    </Routes>
                </main>
            </SessionProvider>
        </Router>
    }
}
