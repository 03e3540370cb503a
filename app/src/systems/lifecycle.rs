//! When a system takes applications. A system only moves forward (draft → open →
//! closed) because providers and councils rely on what an open or closed system
//! promised them; re-opening to newcomers is done with windows, not by going back.

use super::types::{Status, SystemType};

/// How a kind of system lets providers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    /// Anyone may apply at any time while it is open (a DPS, a dynamic market).
    Continuous,
    /// Applications only while the commissioner has a window open; the system is
    /// "re-opened from time to time" (a light-touch framework, an open framework).
    Windows,
    /// One tender window before the framework is awarded, then no one new.
    BeforeAwardOnly,
}

impl SystemType {
    pub fn intake(self) -> Intake {
        match self {
            SystemType::Reg34Dps | SystemType::DynamicMarket => Intake::Continuous,
            SystemType::LightTouchFramework | SystemType::OpenFramework => Intake::Windows,
            SystemType::ClosedFramework => Intake::BeforeAwardOnly,
        }
    }
}

impl Status {
    pub fn can_become(self, next: Status) -> bool {
        matches!(
            (self, next),
            (Status::Draft, Status::Open) | (Status::Open, Status::Closed)
        )
    }

    /// The new status, or the message to show when the change is not allowed.
    pub fn transition(self, next: Status) -> Result<Status, String> {
        if self.can_become(next) {
            return Ok(next);
        }
        Err(match (self, next) {
            (now, next) if now == next => {
                format!("This system is already {}", now.label().to_lowercase())
            }
            (Status::Draft, _) => "A draft system must be opened before it can be closed".into(),
            (Status::Open, _) => "An open system cannot go back to draft".into(),
            (Status::Closed, _) => "A closed system cannot be opened again or changed".into(),
        })
    }
}

/// Whether a provider may submit an application now. `window_open` is ignored by
/// systems that are open continuously.
pub fn accepts_applications(system_type: SystemType, status: Status, window_open: bool) -> bool {
    status == Status::Open
        && match system_type.intake() {
            Intake::Continuous => true,
            Intake::Windows | Intake::BeforeAwardOnly => window_open,
        }
}

/// Whether a provider not yet a member can still become one. A closed framework's
/// membership is settled by its award, even if a window was left open by mistake.
pub fn admits_new_members(
    system_type: SystemType,
    awarded: bool,
    status: Status,
    window_open: bool,
) -> bool {
    let closed_by_award = system_type.intake() == Intake::BeforeAwardOnly && awarded;
    !closed_by_award && accepts_applications(system_type, status, window_open)
}

/// Whether the commissioner may open an application window now.
pub fn window_may_open(system_type: SystemType, status: Status, awarded: bool) -> bool {
    status == Status::Open
        && match system_type.intake() {
            Intake::Continuous => false,
            Intake::Windows => true,
            Intake::BeforeAwardOnly => !awarded,
        }
}

/// Whether a closed framework's award may be recorded now: once, while it is open. From
/// then on it admits no one new.
pub fn award_may_be_recorded(system_type: SystemType, status: Status, awarded: bool) -> bool {
    system_type.intake() == Intake::BeforeAwardOnly && status == Status::Open && !awarded
}

/// Whether the questionnaire, evidence types and lots may still be edited. A dynamic
/// market's conditions of membership are fixed for its life once it is open; and a
/// closed system is a record of what providers applied against.
pub fn conditions_may_change(system_type: SystemType, status: Status) -> bool {
    match status {
        Status::Draft => true,
        Status::Open => system_type != SystemType::DynamicMarket,
        Status::Closed => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_open_closed_framework_records_its_award_and_only_once() {
        assert!(award_may_be_recorded(
            SystemType::ClosedFramework,
            Status::Open,
            false
        ));
        assert!(!award_may_be_recorded(
            SystemType::ClosedFramework,
            Status::Open,
            true
        ));
        assert!(!award_may_be_recorded(
            SystemType::ClosedFramework,
            Status::Draft,
            false
        ));
        assert!(!award_may_be_recorded(
            SystemType::OpenFramework,
            Status::Open,
            false
        ));
        // After the award, no window and no new member.
        assert!(!window_may_open(
            SystemType::ClosedFramework,
            Status::Open,
            true
        ));
        assert!(!admits_new_members(
            SystemType::ClosedFramework,
            true,
            Status::Open,
            true
        ));
    }

    #[test]
    fn a_system_goes_from_draft_to_open_to_closed() {
        assert!(Status::Draft.can_become(Status::Open));
        assert!(Status::Open.can_become(Status::Closed));
        assert_eq!(Status::Draft.transition(Status::Open), Ok(Status::Open));
    }

    #[test]
    fn a_system_never_goes_back_or_skips_opening() {
        for (from, to) in [
            (Status::Open, Status::Draft),
            (Status::Closed, Status::Open),
            (Status::Closed, Status::Draft),
            (Status::Draft, Status::Closed),
        ] {
            assert!(!from.can_become(to), "{from:?} -> {to:?}");
            assert!(from.transition(to).is_err(), "{from:?} -> {to:?}");
        }
        assert_eq!(
            Status::Closed.transition(Status::Open),
            Err("A closed system cannot be opened again or changed".into())
        );
    }

    #[test]
    fn a_status_does_not_become_itself() {
        for s in Status::ALL {
            assert!(!s.can_become(s));
        }
        assert_eq!(
            Status::Open.transition(Status::Open),
            Err("This system is already open".into())
        );
    }

    #[test]
    fn a_dps_or_dynamic_market_is_open_to_applicants_continuously() {
        for t in [SystemType::Reg34Dps, SystemType::DynamicMarket] {
            assert!(accepts_applications(t, Status::Open, false), "{t:?}");
            assert!(!window_may_open(t, Status::Open, false), "{t:?}");
        }
    }

    #[test]
    fn a_framework_that_reopens_takes_applications_only_in_a_window() {
        for t in [SystemType::LightTouchFramework, SystemType::OpenFramework] {
            assert!(accepts_applications(t, Status::Open, true), "{t:?}");
            assert!(!accepts_applications(t, Status::Open, false), "{t:?}");
            assert!(window_may_open(t, Status::Open, true), "{t:?}");
        }
    }

    #[test]
    fn only_an_open_system_takes_applications() {
        for t in SystemType::ALL {
            for s in [Status::Draft, Status::Closed] {
                assert!(!accepts_applications(t, s, true), "{t:?} {s:?}");
                assert!(!admits_new_members(t, false, s, true), "{t:?} {s:?}");
                assert!(!window_may_open(t, s, false), "{t:?} {s:?}");
            }
        }
    }

    #[test]
    fn a_closed_framework_admits_no_one_after_award() {
        let t = SystemType::ClosedFramework;
        assert!(admits_new_members(t, false, Status::Open, true));
        assert!(!admits_new_members(t, true, Status::Open, true));
        assert!(!window_may_open(t, Status::Open, true));
        assert!(window_may_open(t, Status::Open, false));
    }

    #[test]
    fn an_award_does_not_shut_systems_that_keep_admitting() {
        assert!(admits_new_members(
            SystemType::Reg34Dps,
            true,
            Status::Open,
            false
        ));
        assert!(admits_new_members(
            SystemType::OpenFramework,
            true,
            Status::Open,
            true
        ));
    }

    #[test]
    fn a_dynamic_markets_conditions_are_fixed_once_it_is_open() {
        assert!(conditions_may_change(
            SystemType::DynamicMarket,
            Status::Draft
        ));
        assert!(!conditions_may_change(
            SystemType::DynamicMarket,
            Status::Open
        ));
        assert!(conditions_may_change(SystemType::Reg34Dps, Status::Open));
        assert!(conditions_may_change(
            SystemType::LightTouchFramework,
            Status::Open
        ));
    }

    #[test]
    fn a_closed_systems_conditions_never_change() {
        for t in SystemType::ALL {
            assert!(!conditions_may_change(t, Status::Closed), "{t:?}");
        }
    }
}
