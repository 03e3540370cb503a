//! The decision clock as the queue shows it: a plain state and words, made on the
//! server from the working-day calendar.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockState {
    OnTime,
    DueSoon,
    Overdue,
    Decided,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockView {
    pub state: ClockState,
    /// Like "6 working days left", "Due today", "3 working days overdue".
    pub label: String,
    pub due_label: String,
    /// The working days allowed, with the extension if recorded.
    pub limit: u32,
}

impl ClockState {
    pub fn tag_class(self) -> &'static str {
        match self {
            ClockState::OnTime => "tag",
            ClockState::DueSoon => "tag tag--yellow",
            ClockState::Overdue => "tag tag--red",
            ClockState::Decided => "tag tag--grey",
        }
    }
}

#[cfg(feature = "ssr")]
pub fn clock_view(
    clock: &crate::calendar::DecisionClock,
    today: time::Date,
    holidays: &crate::calendar::Holidays,
) -> ClockView {
    clock_view_due(clock.due_on(holidays), clock.limit(), today, holidays)
}

/// The same, from a due date already counted (stored with the application), so the
/// queue does not count every row's working days on every view.
#[cfg(feature = "ssr")]
pub fn clock_view_due(
    due: time::Date,
    limit: u32,
    today: time::Date,
    holidays: &crate::calendar::Holidays,
) -> ClockView {
    use crate::calendar::{working_days_between, ClockStatus, WARN_AT_DAYS_LEFT};
    let saturate = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    let status = if today > due {
        ClockStatus::Overdue {
            days_late: saturate(working_days_between(due, today, holidays).max(1)),
        }
    } else {
        let days_left = saturate(working_days_between(today, due, holidays));
        if days_left <= WARN_AT_DAYS_LEFT {
            ClockStatus::DueSoon { days_left }
        } else {
            ClockStatus::OnTime { days_left }
        }
    };
    let plural = |n: u32| if n == 1 { "" } else { "s" };
    let (state, label) = match status {
        ClockStatus::OnTime { days_left } => (
            ClockState::OnTime,
            format!("{days_left} working day{} left", plural(days_left)),
        ),
        ClockStatus::DueSoon { days_left: 0 } => (ClockState::DueSoon, "Due today".to_string()),
        ClockStatus::DueSoon { days_left } => (
            ClockState::DueSoon,
            format!("{days_left} working day{} left", plural(days_left)),
        ),
        ClockStatus::Overdue { days_late } => (
            ClockState::Overdue,
            format!("{days_late} working day{} overdue", plural(days_late)),
        ),
    };
    ClockView {
        state,
        label,
        due_label: crate::systems::details::long_date(due),
        limit,
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::calendar::{DecisionClock, Holidays};
    use time::macros::date;

    #[test]
    fn the_clock_warns_at_two_days_left_and_counts_a_breach() {
        let holidays = Holidays::england_and_wales();
        let clock = DecisionClock::reg34(date!(2026 - 12 - 02));
        let view = clock_view(&clock, date!(2026 - 12 - 03), &holidays);
        assert_eq!(
            (view.state, view.label.as_str()),
            (ClockState::OnTime, "9 working days left")
        );
        assert_eq!(view.due_label, "16 December 2026");
        let view = clock_view(&clock, date!(2026 - 12 - 14), &holidays);
        assert_eq!(
            (view.state, view.label.as_str()),
            (ClockState::DueSoon, "2 working days left")
        );
        let view = clock_view(&clock, date!(2026 - 12 - 16), &holidays);
        assert_eq!(view.label, "Due today");
        let view = clock_view(&clock, date!(2026 - 12 - 17), &holidays);
        assert_eq!(
            (view.state, view.label.as_str()),
            (ClockState::Overdue, "1 working day overdue")
        );
    }
}
