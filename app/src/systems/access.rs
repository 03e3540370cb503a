//! Who may see and run a purchasing system: every council user of the lead council and of
//! the participating councils sees it; only the lead council's commissioners change it,
//! and only as its lifecycle allows.

use super::lifecycle::{award_may_be_recorded, conditions_may_change, window_may_open};
use super::model::SystemRights;
use super::types::{Status, SystemType};
use crate::auth::roles::Permission;
use crate::auth::user::CurrentUser;
use crate::ids::OrganisationId;

pub fn can_view(
    council: OrganisationId,
    lead: OrganisationId,
    participants: &[OrganisationId],
) -> bool {
    council == lead || participants.contains(&council)
}

pub fn can_manage(user: &CurrentUser, lead: OrganisationId) -> bool {
    user.organisation_id == lead && user.can(Permission::ManageSystems)
}

/// What `user` may do now with a system in this state.
pub fn rights(
    user: &CurrentUser,
    lead: OrganisationId,
    system_type: SystemType,
    status: Status,
    window_open: bool,
    awarded: bool,
) -> SystemRights {
    let manage = can_manage(user, lead);
    let may_open_window = window_may_open(system_type, status, awarded);
    SystemRights {
        lead: user.organisation_id == lead,
        manage,
        edit_conditions: manage && conditions_may_change(system_type, status),
        edit_terms: manage && status == Status::Draft,
        open: manage && status.can_become(Status::Open),
        close: manage && status.can_become(Status::Closed),
        open_window: manage && may_open_window && !window_open,
        close_window: manage && window_open && status == Status::Open,
        award: manage && award_may_be_recorded(system_type, status, awarded),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::roles::{OrgKind, Role};
    use crate::ids::UserId;

    fn user(council: i64, roles: &[Role]) -> CurrentUser {
        CurrentUser {
            user_id: UserId(1),
            email: "someone@council.example.gov.uk".into(),
            full_name: "Someone".into(),
            organisation_id: OrganisationId(council),
            organisation_name: "A council".into(),
            org_kind: OrgKind::Council,
            roles: roles.to_vec(),
        }
    }

    const LEAD: OrganisationId = OrganisationId(1);

    #[test]
    fn the_lead_and_participating_councils_see_a_system_and_no_one_else() {
        let participants = [OrganisationId(2), OrganisationId(3)];
        assert!(can_view(LEAD, LEAD, &participants));
        assert!(can_view(OrganisationId(3), LEAD, &participants));
        assert!(!can_view(OrganisationId(4), LEAD, &participants));
    }

    #[test]
    fn only_a_commissioner_of_the_lead_council_manages_it() {
        assert!(can_manage(&user(1, &[Role::Commissioner]), LEAD));
        assert!(!can_manage(&user(2, &[Role::Commissioner]), LEAD));
        assert!(!can_manage(
            &user(1, &[Role::CouncilAdmin, Role::Evaluator]),
            LEAD
        ));
    }

    #[test]
    fn a_draft_can_be_edited_and_opened_but_not_closed() {
        let r = rights(
            &user(1, &[Role::Commissioner]),
            LEAD,
            SystemType::Reg34Dps,
            Status::Draft,
            false,
            false,
        );
        assert!(r.edit_terms && r.edit_conditions && r.open);
        assert!(!r.close && !r.open_window);
    }

    #[test]
    fn an_open_dynamic_market_keeps_its_conditions() {
        let r = rights(
            &user(1, &[Role::Commissioner]),
            LEAD,
            SystemType::DynamicMarket,
            Status::Open,
            false,
            false,
        );
        assert!(!r.edit_conditions && !r.edit_terms && !r.open);
        assert!(r.close);
        let dps = rights(
            &user(1, &[Role::Commissioner]),
            LEAD,
            SystemType::Reg34Dps,
            Status::Open,
            false,
            false,
        );
        assert!(dps.edit_conditions);
    }

    #[test]
    fn a_framework_opens_and_closes_windows_while_open() {
        let shut = rights(
            &user(1, &[Role::Commissioner]),
            LEAD,
            SystemType::LightTouchFramework,
            Status::Open,
            false,
            false,
        );
        assert!(shut.open_window && !shut.close_window);
        let open = rights(
            &user(1, &[Role::Commissioner]),
            LEAD,
            SystemType::LightTouchFramework,
            Status::Open,
            true,
            false,
        );
        assert!(!open.open_window && open.close_window);
        let market = rights(
            &user(1, &[Role::Commissioner]),
            LEAD,
            SystemType::DynamicMarket,
            Status::Open,
            false,
            false,
        );
        assert!(!market.open_window);
    }

    #[test]
    fn someone_who_cannot_manage_gets_no_rights_at_all() {
        let r = rights(
            &user(2, &[Role::Commissioner]),
            LEAD,
            SystemType::LightTouchFramework,
            Status::Open,
            false,
            false,
        );
        assert_eq!(
            r,
            SystemRights {
                lead: false,
                manage: false,
                edit_conditions: false,
                edit_terms: false,
                open: false,
                close: false,
                open_window: false,
                close_window: false,
                award: false,
            }
        );
    }
}
