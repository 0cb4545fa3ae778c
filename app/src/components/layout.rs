//! The frame around every page: who is signed in, the header, the navigation.

use leptos::prelude::*;

use crate::accounts::api::{AcceptInvitation, StartImpersonation, StopImpersonation};
use crate::auth::api::{
    ResetPassword, SignIn, SignOut, SignOutEverywhere, VerifySecondFactor, current_user,
};
use crate::shop::api::{FinishShopSignUp, JoinShop, ShopSignUp};
use imprimatur_core::{Permission, ResourceKind};

use crate::error::AppError;
use crate::model::CurrentUser;

/// The signed-in person and the actions that change who that is.
#[derive(Clone, Copy)]
pub struct Session {
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
    pub sign_out_everywhere: ServerAction<SignOutEverywhere>,
    pub accept_invitation: ServerAction<AcceptInvitation>,
    pub reset_password: ServerAction<ResetPassword>,
    pub start_impersonation: ServerAction<StartImpersonation>,
    pub stop_impersonation: ServerAction<StopImpersonation>,
    pub verify_second_factor: ServerAction<VerifySecondFactor>,
    /// A public shop's checkout: a new account, or an account joining.
    pub shop_sign_up: ServerAction<ShopSignUp>,
    pub finish_shop_sign_up: ServerAction<FinishShopSignUp>,
    pub join_shop: ServerAction<JoinShop>,
}

/// Makes the [`Session`] available to everything inside the router.
#[component]
pub fn SessionProvider(children: Children) -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let sign_out_everywhere = ServerAction::<SignOutEverywhere>::new();
    let accept_invitation = ServerAction::<AcceptInvitation>::new();
    let reset_password = ServerAction::<ResetPassword>::new();
    let start_impersonation = ServerAction::<StartImpersonation>::new();
    let stop_impersonation = ServerAction::<StopImpersonation>::new();
    let verify_second_factor = ServerAction::<VerifySecondFactor>::new();
    let shop_sign_up = ServerAction::<ShopSignUp>::new();
    let finish_shop_sign_up = ServerAction::<FinishShopSignUp>::new();
    let join_shop = ServerAction::<JoinShop>::new();
    // Blocking: the page waits for the answer, so a redirect to the sign-in
    // page is a real HTTP redirect and the header never flashes the wrong state.
    // Every action that changes who is signed in asks again.
    let user = Resource::new_blocking(
        move || {
            (
                sign_in.version().get(),
                sign_out.version().get(),
                sign_out_everywhere.version().get(),
                accept_invitation.version().get(),
                reset_password.version().get(),
                start_impersonation.version().get(),
                stop_impersonation.version().get(),
                verify_second_factor.version().get(),
                shop_sign_up.version().get(),
                finish_shop_sign_up.version().get(),
                join_shop.version().get(),
            )
        },
        |_| current_user(),
    );
    provide_context(Session {
        user,
        sign_in,
        sign_out,
        sign_out_everywhere,
        accept_invitation,
        reset_password,
        start_impersonation,
        stop_impersonation,
        verify_second_factor,
        shop_sign_up,
        finish_shop_sign_up,
        join_shop,
    });
    children()
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

#[component]
pub fn Header() -> impl IntoView {
    let session = use_session();
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"◧"</span>
                "Imprimatur"
            </a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.user.await {
                        Ok(Some(user)) => view! {
                            <SignedInNav user=user.clone() />
                            <ImpersonationBanner user />
                        }
                            .into_any(),
                        _ => view! {
                            <nav class="nav">
                                <a href="/sign-in">"Sign in"</a>
                            </nav>
                        }
                            .into_any(),
                    }
                })}
            </Suspense>
        </header>
    }
}

#[component]
fn SignedInNav(user: CurrentUser) -> impl IntoView {
    let session = use_session();
    let portal = user.may_use_portal();
    let members = portal && user.may_see_members();
    let mailbox = portal && user.may_see_any(Permission::MailboxView, ResourceKind::Mailbox);
    let audit = portal && user.may_see_any(Permission::AuditView, ResourceKind::AuditLog);
    let access = portal && user.may_see_any(Permission::AccessCheck, ResourceKind::Membership);
    let companies = portal
        && (user.may_see_any(Permission::CompaniesCreate, ResourceKind::Platform)
            || user.may_see_any(Permission::TenantsViewStatus, ResourceKind::Company)
            || user.may_see_any(Permission::TenantSettingsEdit, ResourceKind::TenantSettings)
            || user.may_see_any(Permission::CustomRolesManage, ResourceKind::CustomRole)
            || user.may_see_any(Permission::GroupsManage, ResourceKind::Group)
            || user.may_see_any(Permission::ProjectsCreateDelete, ResourceKind::Project));
    let shop = portal && user.may_see_any(Permission::ProductsView, ResourceKind::Product);
    let jobs = portal && user.may_see_any(Permission::OrdersView, ResourceKind::Order);
    let approvals = portal && user.may_see_any(Permission::OrdersApprove, ResourceKind::Order);
    let addresses = portal
        && (user.may_see_any(
            Permission::CompanyAddressesView,
            ResourceKind::CompanyAddress,
        ) || user.may_see_any(
            Permission::PersonalAddressesView,
            ResourceKind::PersonalAddress,
        ));
    let quotes = portal && user.may_see_any(Permission::QuotesView, ResourceKind::Quote);
    let quote_manager = portal && user.may_see_any(Permission::QuotesManage, ResourceKind::Quote);
    let products = portal && user.may_see_any(Permission::ProductsManage, ResourceKind::Product);
    let security = portal
        && (user.may_see_any(Permission::Security2faSso, ResourceKind::Company)
            || user.may_see_any(Permission::SystemSettings, ResourceKind::Platform));
    let work_orders =
        portal && user.may_see_any(Permission::WorkOrdersView, ResourceKind::WorkOrder);
    let equipment = portal && user.may_see_any(Permission::EquipmentView, ResourceKind::Equipment);
    // CtrlPrint: everyone who may see a project's chapter access, which a
    // plain User gets with their first chapter level.
    let projects = portal && user.may_see_any(Permission::ChapterAccessView, ResourceKind::Project);
    // The printer app is not the portal: a Print Operator sees only this.
    let printer = user.may_use_printer_app();
    view! {
        <nav class="nav" aria-label="Main">
            <Show when=move || portal>
                <a href="/">"Home"</a>
                <a href="/roles">"Roles"</a>
            </Show>
            <Show when=move || shop>
                <a href="/shop">"Shop"</a>
            </Show>
            <Show when=move || jobs>
                <a href="/jobs">"My print jobs"</a>
            </Show>
            <Show when=move || approvals>
                <a href="/approvals">"Approvals"</a>
            </Show>
            <Show when=move || quotes>
                <a href="/quotes">"Quotes"</a>
            </Show>
            <Show when=move || addresses>
                <a href="/addresses">"Addresses"</a>
            </Show>
            <Show when=move || quote_manager>
                <a href="/quote-manager">"Quote manager"</a>
            </Show>
            <Show when=move || products>
                <a href="/products">"Products"</a>
            </Show>
            <Show when=move || members>
                <a href="/members">"Members"</a>
            </Show>
            <Show when=move || access>
                <a href="/access">"Access"</a>
            </Show>
            <Show when=move || projects>
                <a href="/projects">"Projects"</a>
            </Show>
            <Show when=move || companies>
                <a href="/companies">"Companies"</a>
            </Show>
            <Show when=move || security>
                <a href="/security">"Security"</a>
            </Show>
            <Show when=move || audit>
                <a href="/audit">"Audit"</a>
            </Show>
            <Show when=move || work_orders>
                <a href="/work-orders">"Work orders"</a>
            </Show>
            <Show when=move || equipment>
                <a href="/equipment">"Equipment"</a>
            </Show>
            <Show when=move || printer>
                <a href="/printer">"Printer app"</a>
            </Show>
            <Show when=move || mailbox>
                <a href="/mailbox">"Mailbox"</a>
            </Show>
            <a class="who" href="/account" title=user.email.clone()>
                {user.display_name.clone()}
            </a>
            <ActionForm action=session.sign_out attr:class="inline">
                <button type="submit" class="secondary" data-testid="sign-out">
                    "Sign out"
                </button>
            </ActionForm>
        </nav>
    }
}

/// On every page while an administrator acts as someone, with the way back.
#[component]
fn ImpersonationBanner(user: CurrentUser) -> impl IntoView {
    let stop = use_session().stop_impersonation;
    user.impersonated_by.map(|admin| {
        view! {
            <div class="banner" role="status" data-testid="impersonation-banner">
                <span>
                    "You are acting as " <strong>{user.display_name.clone()}</strong> " ("
                    {user.email.clone()} "). Signed in by " {admin} "."
                </span>
                <ActionForm action=stop attr:class="inline">
                    <button type="submit" class="secondary">"Return to your own account"</button>
                </ActionForm>
            </div>
        }
    })
}
