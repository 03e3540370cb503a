//! Who may do what. Roles belong to a user within their own organisation; every server
//! function asks these questions of the signed-in user, never of submitted data.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OrgKind {
    Council,
    Provider,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Council => "council",
            OrgKind::Provider => "provider",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "council" => Some(OrgKind::Council),
            "provider" => Some(OrgKind::Provider),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    ProviderAdmin,
    ProviderUser,
    CouncilAdmin,
    Commissioner,
    Evaluator,
    Approver,
    Auditor,
    /// Signs off placements of young people who turn 18 during them.
    AdultSocialCare,
}

impl Role {
    pub const COUNCIL: [Role; 6] = [
        Role::CouncilAdmin,
        Role::Commissioner,
        Role::Evaluator,
        Role::Approver,
        Role::AdultSocialCare,
        Role::Auditor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::ProviderAdmin => "provider_admin",
            Role::ProviderUser => "provider_user",
            Role::CouncilAdmin => "council_admin",
            Role::Commissioner => "commissioner",
            Role::Evaluator => "evaluator",
            Role::Approver => "approver",
            Role::Auditor => "auditor",
            Role::AdultSocialCare => "adult_social_care",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        [
            Role::ProviderAdmin,
            Role::ProviderUser,
            Role::CouncilAdmin,
            Role::Commissioner,
            Role::Evaluator,
            Role::Approver,
            Role::Auditor,
            Role::AdultSocialCare,
        ]
        .into_iter()
        .find(|r| r.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::ProviderAdmin => "Provider admin",
            Role::ProviderUser => "Provider user",
            Role::CouncilAdmin => "Council admin",
            Role::Commissioner => "Commissioner",
            Role::Evaluator => "Evaluator",
            Role::Approver => "Approver",
            Role::Auditor => "Auditor",
            Role::AdultSocialCare => "Adult social care lead",
        }
    }

    pub fn org_kind(self) -> OrgKind {
        match self {
            Role::ProviderAdmin | Role::ProviderUser => OrgKind::Provider,
            _ => OrgKind::Council,
        }
    }
}

/// Things a user may be allowed to do. Each server function names the one it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Invite, list and remove colleagues of a provider organisation.
    ManageProviderColleagues,
    /// See the colleagues of one's own provider organisation.
    ViewProviderColleagues,
    /// Invite council users, change their roles, remove them.
    ManageCouncilUsers,
    /// See the council's users and roles.
    ViewCouncilUsers,
    /// Read the council's audit log.
    ReadAuditLog,
    /// See background work (emails, jobs) that failed for good.
    SeeFailedJobs,
    /// Create and run the purchasing systems the council leads.
    ManageSystems,
    /// See the purchasing systems the council leads or takes part in.
    ViewSystems,
    /// Apply to purchasing systems for one's provider organisation, and keep its
    /// evidence library and standing answers.
    ApplyToSystems,
    /// Evaluate applications to the council's systems, ask providers to clarify, extend
    /// the decision period and record the decision.
    EvaluateApplications,
    /// Set the council's bank holidays and decision period.
    ManageCouncilSettings,
    /// Suspend a member of the council's systems, lift a council's suspension, remove a
    /// member, and ask members to renew their declarations.
    ManageMembers,
    /// Send placement requests to the providers of a lot, cancel them and extend
    /// their deadlines.
    IssueRequests,
    /// See the council's placement requests (never offers before the deadline) and
    /// placements.
    ViewRequests,
    /// Mark opened offers, exclude non-compliant ones and record tie-breaks.
    EvaluateOffers,
    /// Award a placement, within the limits the value routes it to.
    AwardPlacements,
    /// Sign off a transition to adult services before award.
    SignOffTransitions,
    /// Answer the placement requests one's provider organisation was sent, and keep
    /// its placements' records (the hours delivered in a block arrangement).
    AnswerRequests,
}

/// The one table of who may do what.
pub fn allows(roles: &[Role], permission: Permission) -> bool {
    roles.iter().any(|role| {
        matches!(
            (permission, role),
            (Permission::ManageProviderColleagues, Role::ProviderAdmin)
                | (
                    Permission::ViewProviderColleagues,
                    Role::ProviderAdmin | Role::ProviderUser
                )
                | (Permission::ManageCouncilUsers, Role::CouncilAdmin)
                | (
                    Permission::ViewCouncilUsers,
                    Role::CouncilAdmin
                        | Role::Commissioner
                        | Role::Evaluator
                        | Role::Approver
                        | Role::AdultSocialCare
                        | Role::Auditor
                )
                | (Permission::ReadAuditLog, Role::CouncilAdmin | Role::Auditor)
                | (Permission::SeeFailedJobs, Role::CouncilAdmin)
                | (Permission::ManageSystems, Role::Commissioner)
                | (Permission::EvaluateApplications, Role::Evaluator)
                | (Permission::ManageCouncilSettings, Role::CouncilAdmin)
                | (Permission::ManageMembers, Role::Commissioner)
                | (
                    Permission::ApplyToSystems,
                    Role::ProviderAdmin | Role::ProviderUser
                )
                | (Permission::IssueRequests, Role::Commissioner)
                | (
                    Permission::EvaluateOffers,
                    Role::Evaluator | Role::Commissioner
                )
                | (
                    Permission::AwardPlacements,
                    Role::Commissioner | Role::Approver
                )
                | (Permission::SignOffTransitions, Role::AdultSocialCare)
                | (
                    Permission::AnswerRequests,
                    Role::ProviderAdmin | Role::ProviderUser
                )
                | (
                    Permission::ViewRequests,
                    Role::CouncilAdmin
                        | Role::Commissioner
                        | Role::Evaluator
                        | Role::Approver
                        | Role::AdultSocialCare
                        | Role::Auditor
                )
                | (
                    Permission::ViewSystems,
                    Role::CouncilAdmin
                        | Role::Commissioner
                        | Role::Evaluator
                        | Role::Approver
                        | Role::AdultSocialCare
                        | Role::Auditor
                )
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_provider_admin_manages_colleagues() {
        assert!(allows(
            &[Role::ProviderAdmin],
            Permission::ManageProviderColleagues
        ));
        assert!(!allows(
            &[Role::ProviderUser],
            Permission::ManageProviderColleagues
        ));
        assert!(!allows(
            &[Role::CouncilAdmin],
            Permission::ManageProviderColleagues
        ));
    }

    #[test]
    fn audit_log_is_for_council_admins_and_auditors_only() {
        assert!(allows(&[Role::Auditor], Permission::ReadAuditLog));
        assert!(allows(&[Role::CouncilAdmin], Permission::ReadAuditLog));
        for role in [
            Role::Commissioner,
            Role::Evaluator,
            Role::Approver,
            Role::ProviderAdmin,
        ] {
            assert!(!allows(&[role], Permission::ReadAuditLog), "{role:?}");
        }
    }

    #[test]
    fn only_council_admins_see_failed_background_work() {
        assert!(allows(&[Role::CouncilAdmin], Permission::SeeFailedJobs));
        for role in [Role::Commissioner, Role::Auditor, Role::ProviderAdmin] {
            assert!(!allows(&[role], Permission::SeeFailedJobs), "{role:?}");
        }
    }

    #[test]
    fn only_commissioners_run_purchasing_systems_and_every_council_role_sees_them() {
        assert!(allows(&[Role::Commissioner], Permission::ManageSystems));
        for role in [
            Role::CouncilAdmin,
            Role::Evaluator,
            Role::Approver,
            Role::Auditor,
            Role::ProviderAdmin,
        ] {
            assert!(!allows(&[role], Permission::ManageSystems), "{role:?}");
        }
        for role in Role::COUNCIL {
            assert!(allows(&[role], Permission::ViewSystems), "{role:?}");
        }
        assert!(!allows(&[Role::ProviderAdmin], Permission::ViewSystems));
    }

    #[test]
    fn every_provider_user_applies_and_no_council_user_does() {
        for role in [Role::ProviderAdmin, Role::ProviderUser] {
            assert!(allows(&[role], Permission::ApplyToSystems), "{role:?}");
        }
        for role in Role::COUNCIL {
            assert!(!allows(&[role], Permission::ApplyToSystems), "{role:?}");
        }
    }

    #[test]
    fn only_evaluators_decide_applications() {
        assert!(allows(&[Role::Evaluator], Permission::EvaluateApplications));
        for role in [
            Role::CouncilAdmin,
            Role::Commissioner,
            Role::Approver,
            Role::Auditor,
            Role::ProviderAdmin,
        ] {
            assert!(
                !allows(&[role], Permission::EvaluateApplications),
                "{role:?}"
            );
        }
    }

    #[test]
    fn auditor_reads_users_but_cannot_manage_them() {
        assert!(allows(&[Role::Auditor], Permission::ViewCouncilUsers));
        assert!(!allows(&[Role::Auditor], Permission::ManageCouncilUsers));
    }

    #[test]
    fn roles_round_trip_through_their_stored_names() {
        for role in Role::COUNCIL
            .into_iter()
            .chain([Role::ProviderAdmin, Role::ProviderUser])
        {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
    }

    #[test]
    fn placements_are_issued_by_commissioners_and_awarded_within_their_roles() {
        assert!(allows(&[Role::Commissioner], Permission::IssueRequests));
        assert!(!allows(&[Role::Approver], Permission::IssueRequests));
        for role in [Role::Commissioner, Role::Approver] {
            assert!(allows(&[role], Permission::AwardPlacements), "{role:?}");
        }
        for role in [
            Role::Evaluator,
            Role::Auditor,
            Role::AdultSocialCare,
            Role::ProviderAdmin,
        ] {
            assert!(!allows(&[role], Permission::AwardPlacements), "{role:?}");
        }
        assert!(allows(
            &[Role::AdultSocialCare],
            Permission::SignOffTransitions
        ));
        assert!(!allows(
            &[Role::Commissioner],
            Permission::SignOffTransitions
        ));
        for role in Role::COUNCIL {
            assert!(allows(&[role], Permission::ViewRequests), "{role:?}");
            assert!(!allows(&[role], Permission::AnswerRequests), "{role:?}");
        }
        assert!(allows(&[Role::ProviderUser], Permission::AnswerRequests));
        assert!(!allows(&[Role::ProviderAdmin], Permission::ViewRequests));
    }
}
