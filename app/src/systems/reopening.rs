//! The Act's duty to keep an open framework open in fact, not just in name: section
//! 49(2)(a)(i) requires a further framework in the scheme within three years of the
//! first. OpenDPS counts a window opened to new providers as meeting it, so the
//! dashboard can warn in time for the commissioner to run one.

use super::term::last_day_of_years;
use time::Date;

/// The period, beginning with the first award, in which the open framework must be
/// re-opened.
pub const FIRST_REOPENING_YEARS: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReopeningDuty {
    /// A window was opened in time, first on this day.
    Met { on: Date },
    /// No window yet: one must be opened on or before this day.
    Due { by: Date },
}

impl ReopeningDuty {
    pub fn is_overdue(self, today: Date) -> bool {
        matches!(self, ReopeningDuty::Due { by } if today > by)
    }
}

/// Whether an open framework established (first awarded) on `start` was re-opened in
/// its first three years. Windows opened before `start` are the competition for the
/// first framework and do not count.
pub fn first_reopening(start: Date, windows_opened: &[Date]) -> ReopeningDuty {
    let by = last_day_of_years(start, FIRST_REOPENING_YEARS);
    windows_opened
        .iter()
        .copied()
        .filter(|opened| (start..=by).contains(opened))
        .min()
        .map_or(ReopeningDuty::Due { by }, |on| ReopeningDuty::Met { on })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const START: Date = date!(2025 - 04 - 01);

    #[test]
    fn an_open_framework_must_be_reopened_within_its_first_three_years() {
        assert_eq!(
            first_reopening(START, &[]),
            ReopeningDuty::Due {
                by: date!(2028 - 03 - 31)
            }
        );
        assert_eq!(
            first_reopening(START, &[date!(2026 - 10 - 01), date!(2026 - 04 - 01)]),
            ReopeningDuty::Met {
                on: date!(2026 - 04 - 01)
            }
        );
    }

    #[test]
    fn a_window_on_the_last_day_of_year_three_is_in_time_and_the_next_day_is_not() {
        assert_eq!(
            first_reopening(START, &[date!(2028 - 03 - 31)]),
            ReopeningDuty::Met {
                on: date!(2028 - 03 - 31)
            }
        );
        assert_eq!(
            first_reopening(START, &[date!(2028 - 04 - 01)]),
            ReopeningDuty::Due {
                by: date!(2028 - 03 - 31)
            }
        );
    }

    #[test]
    fn the_window_before_the_first_award_is_not_a_reopening() {
        assert!(matches!(
            first_reopening(START, &[date!(2025 - 02 - 01)]),
            ReopeningDuty::Due { .. }
        ));
    }

    #[test]
    fn the_duty_is_overdue_only_after_its_last_day() {
        let duty = first_reopening(START, &[]);
        assert!(!duty.is_overdue(date!(2028 - 03 - 31)));
        assert!(duty.is_overdue(date!(2028 - 04 - 01)));
        let met = first_reopening(START, &[date!(2026 - 04 - 01)]);
        assert!(!met.is_overdue(date!(2030 - 01 - 01)));
    }
}
