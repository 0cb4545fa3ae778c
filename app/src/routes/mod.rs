//! Which code a page's first visit downloads. The main bundle holds the
//! shell, the header and the sign-in steps; every module's pages are one
//! lazily loaded chunk of WASM (cargo-leptos `--split`), fetched the first
//! time one of them is shown. On a direct load the server names the chunk in
//! a `<link rel="preload">`, so it downloads next to the main bundle, not after.

mod accounts;
mod documents;
mod identity;
mod press;
mod shop;
mod storefront;

pub use accounts::{
    AccessRoute, AuditRoute, CompaniesRoute, CompanyRoute, CustomRolesRoute, GroupsRoute,
    ImportRoute, MailboxRoute, MemberRoute, MembersRoute, ProjectsRoute, RolesRoute, SecurityRoute,
};
pub use documents::{ChapterRoute, MyProjectsRoute, ProjectAccessRoute, ProjectChaptersRoute};
pub use identity::{AccountRoute, ForgotPasswordRoute, InvitationRoute, ResetPasswordRoute};
pub use press::{EquipmentRoute, PrinterRoute, WorkOrdersRoute};
pub use shop::{
    AddressesRoute, ApprovalsRoute, ApproveLinkRoute, JobsRoute, ProductsRoute,
    PublicationTypesRoute, QuoteManagerRoute, QuotesRoute,
};
pub use storefront::{HomeRoute, ShopRoute, StoreRoute};

/// One chunk for a module's pages: a `#[lazy]` function that renders any of
/// them, and a route type for each page whose view awaits that function.
/// Every `#[lazy]` function is a split of its own, and code two splits share
/// goes to shared chunks both fetch: one function a module, rather than one a
/// page, keeps a module's pages and what they share in few files.
macro_rules! module_chunk {
    ($chunk:ident, $preload:ident, $page:ident { $($route:ident => $component:path),* $(,)? }) => {
        /// A page of this module, as the chunk's entry point receives it.
        #[derive(Clone, Copy, Debug)]
        #[expect(
            clippy::enum_variant_names,
            reason = "a variant is named for the route type it stands for, which ends in Route"
        )]
        pub enum $page {
            $($route),*
        }

        #[::leptos::lazy]
        fn $chunk(page: $page) -> ::leptos::prelude::AnyView {
            use ::leptos::prelude::IntoAny;
            match page {
                $($page::$route => ::leptos::prelude::untrack(|| $component().into_any())),*
            }
        }

        $(
            pub struct $route;

            impl ::leptos_router::LazyRoute for $route {
                fn data() -> Self {
                    $route
                }

                async fn view(_this: Self) -> ::leptos::prelude::AnyView {
                    $chunk($page::$route).await
                }

                async fn preload() {
                    // Only the browser build is split; the server renders in place.
                    #[cfg(target_arch = "wasm32")]
                    $preload().await;
                }
            }
        )*
    };
}

use module_chunk;
