//! Separation of duties: nobody approves a print job they ordered or that
//! was ordered for them, whatever role or link they approve through, and
//! nobody asks one of them to. A role may grant approving "their own" jobs
//! (PrintShop Mail Web's Customer Plus); the portal's rule wins over it.

use serde::{Deserialize, Serialize};

use crate::authorize::authorize;
use crate::catalogue::Permission;
use crate::decision::{Decision, Denied};
use crate::ids::UserId;
use crate::principal::Principal;
use crate::resource::Resource;

/// The people a print job concerns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobParties {
    /// Who the job is for (the order's owner).
    pub recipient: UserId,
    /// Who placed it: the recipient, or someone ordering on their behalf.
    pub orderer: UserId,
    /// Their e-mail addresses, as stored.
    pub emails: Vec<String>,
}

/// Someone who would decide on a job's approval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Approver<'a> {
    /// A member, with their sign-in address.
    Member { id: UserId, email: &'a str },
    /// Someone outside the company, known only by an address.
    Outside(&'a str),
}

/// An address as one mailbox: case does not matter, and a `+tag` on the
/// local part reaches the same person, so `Cus+x@ACME.test` is `cus@acme.test`.
pub fn mailbox(email: &str) -> String {
    let email = email.trim().to_lowercase();
    match email.rsplit_once('@') {
        Some((local, domain)) => {
            let local = local.split('+').next().unwrap_or(local);
            format!("{local}@{domain}")
        }
        None => email,
    }
}

/// Whether two addresses reach the same mailbox (see [`mailbox`]).
pub fn same_mailbox(a: &str, b: &str) -> bool {
    mailbox(a) == mailbox(b)
}

impl JobParties {
    fn include(&self, approver: Approver<'_>) -> bool {
        let (id, email) = match approver {
            Approver::Member { id, email } => (Some(id), email),
            Approver::Outside(email) => (None, email),
        };
        id.is_some_and(|id| id == self.recipient || id == self.orderer)
            || self.emails.iter().any(|e| same_mailbox(e, email))
    }
}

/// Whether `approver` stands apart from the job: denied when they ordered
/// it or it is for them.
pub fn separation_of_duties(approver: Approver<'_>, parties: &JobParties) -> Decision {
    if parties.include(approver) {
        Decision::Deny(Denied::OwnJob)
    } else {
        Decision::AllowBecause("the approver neither ordered the job nor receives it")
    }
}

/// May `principal` approve the job `resource`, whose parties are `parties`?
/// The roles or the link must allow it, and the principal must stand apart.
pub fn may_approve(
    principal: &Principal,
    email: &str,
    resource: &Resource,
    parties: &JobParties,
) -> Decision {
    let approver = match principal {
        Principal::Anonymous => None,
        Principal::User(u) => Some(Approver::Member { id: u.id, email }),
        Principal::ExternalApprover(ext) => Some(Approver::Outside(&ext.email)),
    };
    if let Some(approver) = approver {
        let apart = separation_of_duties(approver, parties);
        if !apart.is_allowed() {
            return apart;
        }
    }
    authorize(principal, Permission::OrdersApprove, resource)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{CompanyId, OrderId};
    use crate::principal::{ExternalApprover, UserPrincipal};
    use crate::resource::{ResourceKind, ResourceState};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn parties() -> JobParties {
        JobParties {
            recipient: UserId(7),
            orderer: UserId(8),
            emails: vec!["cus@acme.test".into(), "Mgr@Acme.test".into()],
        }
    }

    #[test]
    fn an_address_is_compared_as_its_mailbox() {
        assert_eq!(mailbox(" Cus+Tag@ACME.test "), "cus@acme.test");
        assert_eq!(mailbox("a+b+c@x.test"), "a@x.test");
        assert_eq!(mailbox("no-at-sign"), "no-at-sign");
        assert!(same_mailbox("cus+x@acme.test", "CUS@acme.test"));
        assert!(!same_mailbox("cus@acme.test", "cus@acme.example"));
    }

    #[test]
    fn neither_the_orderer_nor_the_recipient_approves_by_any_path() {
        let p = parties();
        for approver in [
            Approver::Member {
                id: UserId(7),
                email: "someone@acme.test",
            },
            Approver::Member {
                id: UserId(8),
                email: "x@acme.test",
            },
            Approver::Member {
                id: UserId(9),
                email: "cus+second@acme.test",
            },
            Approver::Outside("CUS@acme.test"),
            Approver::Outside("mgr+review@acme.test"),
        ] {
            assert_eq!(
                separation_of_duties(approver, &p),
                Decision::Deny(Denied::OwnJob),
                "{approver:?}"
            );
        }
        let other = Approver::Outside("eve@partner.test");
        assert!(separation_of_duties(other, &p).is_allowed());
    }

    #[test]
    fn a_link_for_the_orderers_own_address_approves_nothing() {
        let order = Resource::in_company(ResourceKind::Order, CompanyId(1))
            .with_id(3)
            .with_owner(UserId(7))
            .with_state(ResourceState::AwaitingApproval);
        let link = |email: &str| {
            Principal::ExternalApprover(ExternalApprover {
                order: OrderId(3),
                company: CompanyId(1),
                email: email.into(),
            })
        };
        let p = parties();
        assert_eq!(
            may_approve(&link("cus+x@acme.test"), "", &order, &p),
            Decision::Deny(Denied::OwnJob)
        );
        assert!(may_approve(&link("eve@partner.test"), "", &order, &p).is_allowed());
        // Roles are still asked: a member who stands apart needs one.
        let nobody = Principal::User(UserPrincipal::active(UserId(9)));
        assert!(!may_approve(&nobody, "n@acme.test", &order, &p).is_allowed());
    }
}
