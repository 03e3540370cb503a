//! The clock every application shows: the council must decide within a number of
//! working days of submission (Reg 34: 10, extendable once to 15 in an individual case
//! with a recorded justification; a PA 2023 dynamic market: "a reasonable period",
//! which each council sets). Asking the applicant a question does not stop it.

use time::Date;

use super::{add_working_days, working_days_between, CalendarError, Holidays};

/// The period Reg 34 of the 2015 Regulations gives to evaluate an application.
pub const REG34_DECISION_DAYS: u32 = 10;
/// The longest an individual case may be extended to, in working days.
pub const REG34_EXTENDED_DAYS: u32 = 15;
/// A dynamic market's period until the council sets its own.
pub const DEFAULT_DYNAMIC_MARKET_DAYS: u32 = 10;
/// The clock turns amber with this many working days left, so a decision can still be
/// made or the extension recorded before the deadline passes.
pub const WARN_AT_DAYS_LEFT: u32 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionClock {
    pub submitted_on: Date,
    pub limit_days: u32,
    /// The extended limit, once recorded. Kept apart from `limit_days` so the record
    /// shows both the original period and that the one extension has been used.
    pub extended_to: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockStatus {
    OnTime {
        days_left: u32,
    },
    /// `days_left` is 0 on the due day itself.
    DueSoon {
        days_left: u32,
    },
    /// At least 1: a weekend or bank holiday straight after the deadline is already a
    /// breach, though no working day has been missed yet, and a breach must never
    /// read "0 days late".
    Overdue {
        days_late: u32,
    },
}

impl DecisionClock {
    /// An application to a DPS under the 2015 Regulations.
    pub fn reg34(submitted_on: Date) -> Self {
        DecisionClock {
            submitted_on,
            limit_days: REG34_DECISION_DAYS,
            extended_to: None,
        }
    }

    /// An application to a PA 2023 dynamic market, with the council's period.
    pub fn dynamic_market(submitted_on: Date, limit_days: u32) -> Self {
        DecisionClock {
            submitted_on,
            limit_days,
            extended_to: None,
        }
    }

    /// The working days allowed now, with the extension if there is one.
    pub fn limit(&self) -> u32 {
        self.extended_to.unwrap_or(self.limit_days)
    }

    /// The last day on which the decision is on time.
    pub fn due_on(&self, holidays: &Holidays) -> Date {
        add_working_days(self.submitted_on, self.limit(), holidays)
    }

    pub fn status(&self, today: Date, holidays: &Holidays) -> ClockStatus {
        let due = self.due_on(holidays);
        if today > due {
            let days_late = working_days_between(due, today, holidays).max(1);
            return ClockStatus::Overdue {
                days_late: saturate(days_late),
            };
        }
        let days_left = saturate(working_days_between(today, due, holidays));
        if days_left <= WARN_AT_DAYS_LEFT {
            ClockStatus::DueSoon { days_left }
        } else {
            ClockStatus::OnTime { days_left }
        }
    }

    /// Extends the limit to `to_days`. The justification is checked here but stored by
    /// the caller, in the application's record and the audit log.
    pub fn extend(self, to_days: u32, justification: &str) -> Result<Self, CalendarError> {
        if self.extended_to.is_some() {
            return Err(CalendarError::AlreadyExtended);
        }
        if to_days > REG34_EXTENDED_DAYS {
            return Err(CalendarError::ExtensionTooLong {
                max: REG34_EXTENDED_DAYS,
            });
        }
        if to_days <= self.limit_days {
            return Err(CalendarError::ExtensionNotLonger {
                current: self.limit_days,
            });
        }
        if justification.trim().is_empty() {
            return Err(CalendarError::ReasonMissing);
        }
        Ok(DecisionClock {
            extended_to: Some(to_days),
            ..self
        })
    }
}

/// Counts here are never negative and, for dates `time` can hold, below four million.
fn saturate(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn holidays() -> Holidays {
        Holidays::england_and_wales()
    }

    /// Submitted Friday 19 December 2025, due Wednesday 7 January 2026.
    fn christmas_application() -> DecisionClock {
        DecisionClock::reg34(date!(2025 - 12 - 19))
    }

    #[test]
    fn a_reg34_decision_is_due_ten_working_days_after_submission() {
        let clock = christmas_application();
        assert_eq!(clock.limit(), 10);
        assert_eq!(clock.due_on(&holidays()), date!(2026 - 01 - 07));
    }

    #[test]
    fn a_dynamic_market_uses_the_councils_period() {
        let clock = DecisionClock::dynamic_market(date!(2026 - 03 - 02), 20);
        assert_eq!(clock.due_on(&holidays()), date!(2026 - 03 - 30));
        let default =
            DecisionClock::dynamic_market(date!(2026 - 03 - 02), DEFAULT_DYNAMIC_MARKET_DAYS);
        assert_eq!(default.due_on(&holidays()), date!(2026 - 03 - 16));
    }

    #[test]
    fn on_time_until_three_working_days_are_left() {
        let clock = christmas_application();
        let h = holidays();
        assert_eq!(
            clock.status(date!(2025 - 12 - 19), &h),
            ClockStatus::OnTime { days_left: 10 }
        );
        // Friday 2 January: Monday 5, Tuesday 6 and Wednesday 7 are left.
        assert_eq!(
            clock.status(date!(2026 - 01 - 02), &h),
            ClockStatus::OnTime { days_left: 3 }
        );
        assert_eq!(
            clock.status(date!(2026 - 01 - 04), &h),
            ClockStatus::OnTime { days_left: 3 },
            "the Sunday before still has three"
        );
    }

    #[test]
    fn warns_two_working_days_before() {
        let clock = christmas_application();
        let h = holidays();
        assert_eq!(
            clock.status(date!(2026 - 01 - 05), &h),
            ClockStatus::DueSoon { days_left: 2 }
        );
        assert_eq!(
            clock.status(date!(2026 - 01 - 06), &h),
            ClockStatus::DueSoon { days_left: 1 }
        );
    }

    #[test]
    fn the_due_day_is_due_soon_not_overdue() {
        assert_eq!(
            christmas_application().status(date!(2026 - 01 - 07), &holidays()),
            ClockStatus::DueSoon { days_left: 0 }
        );
    }

    #[test]
    fn a_bank_holiday_brings_the_warning_forward() {
        // Submitted Friday 20 March 2026, due Tuesday 7 April. On Thursday 2 April only
        // the Tuesday is left: Good Friday and Easter Monday are off.
        let clock = DecisionClock::reg34(date!(2026 - 03 - 20));
        assert_eq!(clock.due_on(&holidays()), date!(2026 - 04 - 07));
        assert_eq!(
            clock.status(date!(2026 - 04 - 02), &holidays()),
            ClockStatus::DueSoon { days_left: 1 }
        );
        // The same deadline with no days off (submitted Tuesday 24 March): on Thursday
        // 2 April, Friday, Monday and Tuesday are left.
        let no_holidays = Holidays::default();
        let same_due = DecisionClock::reg34(date!(2026 - 03 - 24));
        assert_eq!(same_due.due_on(&no_holidays), date!(2026 - 04 - 07));
        assert_eq!(
            same_due.status(date!(2026 - 04 - 02), &no_holidays),
            ClockStatus::OnTime { days_left: 3 }
        );
    }

    #[test]
    fn the_day_after_the_deadline_is_overdue() {
        let clock = christmas_application();
        let h = holidays();
        assert_eq!(
            clock.status(date!(2026 - 01 - 08), &h),
            ClockStatus::Overdue { days_late: 1 }
        );
        assert_eq!(
            clock.status(date!(2026 - 01 - 12), &h),
            ClockStatus::Overdue { days_late: 3 }
        );
    }

    #[test]
    fn a_weekend_after_a_friday_deadline_is_already_overdue() {
        // Submitted Friday 6 March 2026, due Friday 20 March.
        let clock = DecisionClock::reg34(date!(2026 - 03 - 06));
        let h = holidays();
        assert_eq!(clock.due_on(&h), date!(2026 - 03 - 20));
        assert_eq!(
            clock.status(date!(2026 - 03 - 21), &h),
            ClockStatus::Overdue { days_late: 1 }
        );
        assert_eq!(
            clock.status(date!(2026 - 03 - 23), &h),
            ClockStatus::Overdue { days_late: 1 }
        );
        assert_eq!(
            clock.status(date!(2026 - 03 - 24), &h),
            ClockStatus::Overdue { days_late: 2 }
        );
    }

    #[test]
    fn an_extension_moves_the_deadline() {
        let clock = christmas_application()
            .extend(15, "Waiting for the CQC inspection report")
            .unwrap();
        assert_eq!(clock.limit_days, 10, "the original period stays on record");
        assert_eq!(clock.extended_to, Some(15));
        assert_eq!(clock.due_on(&holidays()), date!(2026 - 01 - 14));
        assert_eq!(
            clock.status(date!(2026 - 01 - 08), &holidays()),
            ClockStatus::OnTime { days_left: 4 }
        );
    }

    #[test]
    fn an_extension_may_be_shorter_than_fifteen_days() {
        let clock = christmas_application()
            .extend(12, "References due")
            .unwrap();
        assert_eq!(clock.due_on(&holidays()), date!(2026 - 01 - 09));
    }

    #[test]
    fn an_extension_is_allowed_once() {
        let once = christmas_application()
            .extend(12, "References due")
            .unwrap();
        let err = once.extend(15, "Still waiting").unwrap_err();
        assert_eq!(err, CalendarError::AlreadyExtended);
        assert_eq!(
            err.to_string(),
            "The decision time has already been extended once and cannot be extended again"
        );
    }

    #[test]
    fn an_extension_cannot_go_past_fifteen_days() {
        let err = christmas_application().extend(16, "Busy").unwrap_err();
        assert_eq!(err, CalendarError::ExtensionTooLong { max: 15 });
        assert_eq!(
            err.to_string(),
            "The decision time can be extended to 15 working days at most"
        );
    }

    #[test]
    fn an_extension_must_add_time() {
        for days in [9, 10] {
            let err = christmas_application().extend(days, "Busy").unwrap_err();
            assert_eq!(err, CalendarError::ExtensionNotLonger { current: 10 });
        }
        assert_eq!(
            CalendarError::ExtensionNotLonger { current: 10 }.to_string(),
            "The extended decision time must be more than the current 10 working days"
        );
    }

    #[test]
    fn an_extension_needs_a_reason() {
        for reason in ["", "   ", "\n\t"] {
            let err = christmas_application().extend(15, reason).unwrap_err();
            assert_eq!(err, CalendarError::ReasonMissing);
            assert_eq!(err.to_string(), "Give a reason for the extension");
        }
    }
}
