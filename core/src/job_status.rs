//! Changing a print job's status by hand (PrintShop Mail Web: a Customer
//! may "adjust the job status (on hold and shipping)"). `authorize` says
//! who may; this module says which state a change leads to from where.

use serde::{Deserialize, Serialize};

use crate::catalogue::Permission;
use crate::resource::ResourceState;

/// One hand-made change of a job's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StatusChange {
    /// Stop a job that waits for approval or is approved.
    Hold,
    /// Let a held job go on from where it was held.
    Release,
    /// An approved job has left for delivery.
    Ship,
}

serde_by_slug!(StatusChange, "status change");

/// Where a change leads, or why it does not apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Transition {
    To(ResourceState),
    NotFrom(&'static str),
}

impl StatusChange {
    pub const ALL: [StatusChange; 3] = [
        StatusChange::Hold,
        StatusChange::Release,
        StatusChange::Ship,
    ];

    pub const fn slug(self) -> &'static str {
        match self {
            StatusChange::Hold => "hold",
            StatusChange::Release => "release",
            StatusChange::Ship => "ship",
        }
    }

    pub fn from_slug(slug: &str) -> Option<StatusChange> {
        Self::ALL.into_iter().find(|c| c.slug() == slug)
    }

    /// The button's words.
    pub const fn label(self) -> &'static str {
        match self {
            StatusChange::Hold => "Put on hold",
            StatusChange::Release => "Release",
            StatusChange::Ship => "Mark as shipped",
        }
    }

    /// The permission `authorize` is asked for.
    pub const fn permission(self) -> Permission {
        match self {
            StatusChange::Hold | StatusChange::Release => Permission::OrdersHold,
            StatusChange::Ship => Permission::OrdersShipping,
        }
    }

    /// The state this change leads to from `state`; `held_from` is the
    /// state a held job was in when it was stopped.
    pub fn applied_to(self, state: ResourceState, held_from: Option<ResourceState>) -> Transition {
        use ResourceState as S;
        match (self, state) {
            (StatusChange::Hold, S::AwaitingApproval | S::Approved) => Transition::To(S::OnHold),
            (StatusChange::Hold, _) => Transition::NotFrom(
                "only a job that waits for approval or is approved can be put on hold",
            ),
            // A held job whose earlier state is unknown waits for approval
            // again: releasing must never skip an approval.
            (StatusChange::Release, S::OnHold) => Transition::To(match held_from {
                Some(S::Approved) => S::Approved,
                _ => S::AwaitingApproval,
            }),
            (StatusChange::Release, _) => Transition::NotFrom("only a job on hold can be released"),
            (StatusChange::Ship, S::Approved) => Transition::To(S::Shipped),
            (StatusChange::Ship, _) => Transition::NotFrom(
                "only an approved job that is not on hold can be marked as shipped",
            ),
        }
    }
}

/// The state and `held_from` of a job whose content just changed. An
/// approval covers the content as it was approved, so approved work goes
/// back to waiting for approval (a held job: once it is released), unless
/// its company approves every order as it is placed.
pub fn after_content_change(
    state: ResourceState,
    held_from: Option<ResourceState>,
    approval_needed: bool,
) -> (ResourceState, Option<ResourceState>) {
    use ResourceState as S;
    match (state, held_from) {
        (S::OnHold, Some(S::Approved)) if !approval_needed => (S::OnHold, Some(S::Approved)),
        (S::OnHold, _) => (S::OnHold, Some(S::AwaitingApproval)),
        (S::Approved, _) if approval_needed => (S::AwaitingApproval, None),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ResourceState as S;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_held_job_is_released_to_where_it_was() {
        for from in [S::AwaitingApproval, S::Approved] {
            assert_eq!(
                StatusChange::Hold.applied_to(from, None),
                Transition::To(S::OnHold)
            );
            assert_eq!(
                StatusChange::Release.applied_to(S::OnHold, Some(from)),
                Transition::To(from)
            );
        }
    }

    #[test]
    fn releasing_never_skips_an_approval() {
        for held_from in [
            None,
            Some(S::Draft),
            Some(S::Shipped),
            Some(S::AwaitingApproval),
        ] {
            assert_eq!(
                StatusChange::Release.applied_to(S::OnHold, held_from),
                Transition::To(S::AwaitingApproval)
            );
        }
    }

    #[test]
    fn a_held_approved_job_whose_content_changed_is_released_to_approval() {
        let (state, held_from) = after_content_change(S::OnHold, Some(S::Approved), true);
        assert_eq!((state, held_from), (S::OnHold, Some(S::AwaitingApproval)));
        assert_eq!(
            StatusChange::Release.applied_to(state, held_from),
            Transition::To(S::AwaitingApproval)
        );
        assert_eq!(
            after_content_change(S::Approved, None, true),
            (S::AwaitingApproval, None)
        );
        // Where orders need no approval, an approval never stood in the way.
        assert_eq!(
            after_content_change(S::OnHold, Some(S::Approved), false),
            (S::OnHold, Some(S::Approved))
        );
        for s in [S::Draft, S::AwaitingApproval, S::Rejected] {
            assert_eq!(after_content_change(s, None, true), (s, None));
        }
    }

    #[test]
    fn only_an_approved_job_ships() {
        for s in S::ALL {
            let t = StatusChange::Ship.applied_to(s, None);
            assert_eq!(
                matches!(t, Transition::To(S::Shipped)),
                s == S::Approved,
                "{s:?}"
            );
        }
    }

    #[test]
    fn rejected_shipped_and_archived_jobs_cannot_be_held() {
        for s in [S::Draft, S::Rejected, S::OnHold, S::Shipped, S::Archived] {
            assert!(matches!(
                StatusChange::Hold.applied_to(s, None),
                Transition::NotFrom(_)
            ));
        }
    }

    #[test]
    fn a_change_travels_as_its_slug() {
        for c in StatusChange::ALL {
            assert_eq!(StatusChange::from_slug(c.slug()), Some(c));
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.slug()));
        }
        assert_eq!(StatusChange::Hold.permission(), Permission::OrdersHold);
        assert_eq!(StatusChange::Ship.permission(), Permission::OrdersShipping);
    }
}
