//! A public company's shop (PrintShop Mail Web): anyone may browse what is
//! built for the whole company and fill a cart; checking out needs an
//! account, and opening one there makes the visitor a Public Customer of
//! that company.

use serde::{Deserialize, Serialize};

use crate::decision::{Decision, Denied};
use crate::ids::CompanyId;
use crate::principal::{Principal, UserState};
use crate::roles::Role;

/// The role a visitor joins a public shop with.
pub const JOINS_AS: Role = Role::PublicCustomer;

/// The facts a shop's decisions depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicShop {
    pub company: CompanyId,
    /// A customer company whose settings open its shop to everyone.
    pub public: bool,
}

/// May anyone, signed in or not, see the shop's company-wide products?
pub fn may_browse(shop: &PublicShop) -> Decision {
    if shop.public {
        Decision::AllowBecause("the company's shop is open to everyone")
    } else {
        Decision::Deny(Denied::NotPublicShop)
    }
}

/// May `principal` become a Public Customer of the shop's company: a
/// visitor opening an account at checkout, or a signed-in person with no
/// role there yet?
pub fn may_join(principal: &Principal, shop: &PublicShop) -> Decision {
    if !shop.public {
        return Decision::Deny(Denied::NotPublicShop);
    }
    match principal {
        Principal::Anonymous => {
            Decision::AllowBecause("anyone may open an account at a public shop's checkout")
        }
        Principal::ExternalApprover(_) => Decision::Deny(Denied::ExternalApproverLimit),
        Principal::User(u) if u.state != UserState::Active => {
            Decision::Deny(Denied::AccountState(u.state))
        }
        Principal::User(u) if u.impersonated_by.is_some() => {
            Decision::Deny(Denied::WhileImpersonated)
        }
        Principal::User(u) => {
            let member = u
                .assignments
                .iter()
                .any(|a| a.scope.company() == Some(shop.company));
            if member {
                Decision::Deny(Denied::AlreadyMember)
            } else {
                Decision::AllowBecause("a signed-in person may become a customer of a public shop")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UserId;
    use crate::principal::UserPrincipal;
    use crate::roles::Scope;

    const SHOP: PublicShop = PublicShop {
        company: CompanyId(7),
        public: true,
    };
    const CLOSED: PublicShop = PublicShop {
        company: CompanyId(7),
        public: false,
    };

    fn person(scope: Scope) -> Principal {
        Principal::User(UserPrincipal::active(UserId(1)).with(Role::Customer, scope))
    }

    #[test]
    fn anyone_browses_a_public_shop_but_not_a_closed_one() {
        assert!(may_browse(&SHOP).is_allowed());
        assert_eq!(may_browse(&CLOSED), Decision::Deny(Denied::NotPublicShop));
    }

    #[test]
    fn a_visitor_may_open_an_account_only_at_a_public_shop() {
        assert!(may_join(&Principal::Anonymous, &SHOP).is_allowed());
        assert!(!may_join(&Principal::Anonymous, &CLOSED).is_allowed());
    }

    #[test]
    fn a_customer_of_another_company_may_join_but_a_member_may_not_join_again() {
        let elsewhere = person(Scope::Company(CompanyId(2)));
        assert!(may_join(&elsewhere, &SHOP).is_allowed());
        let member = person(Scope::Company(CompanyId(7)));
        assert_eq!(
            may_join(&member, &SHOP),
            Decision::Deny(Denied::AlreadyMember)
        );
    }

    #[test]
    fn a_suspended_or_impersonated_account_may_not_join() {
        let mut u = UserPrincipal::active(UserId(1));
        u.state = UserState::Suspended;
        assert!(!may_join(&Principal::User(u.clone()), &SHOP).is_allowed());
        u.state = UserState::Active;
        u.impersonated_by = Some(UserId(9));
        assert_eq!(
            may_join(&Principal::User(u), &SHOP),
            Decision::Deny(Denied::WhileImpersonated)
        );
    }
}
