//! Renewed self-declarations: a council asks every admitted provider of a system to
//! renew its declaration within 5 working days, counted on the council's calendar as
//! the admission clock is.

use crate::calendar::{add_working_days, Holidays};
use time::Date;

/// Working days a provider has to renew its declaration.
pub const RENEWAL_WORKING_DAYS: u32 = 5;

/// The last day to renew a declaration asked for on `asked_on`.
pub fn renewal_due(asked_on: Date, holidays: &Holidays) -> Date {
    add_working_days(asked_on, RENEWAL_WORKING_DAYS, holidays)
}

/// Overdue once the due day has passed without a renewal.
pub fn renewal_overdue(due: Date, renewed: bool, today: Date) -> bool {
    !renewed && today > due
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn five_working_days_skip_the_weekend() {
        // Asked on Wednesday 2 June 2027: Thu, Fri, Mon, Tue, Wed.
        let due = renewal_due(date!(2027 - 06 - 02), &Holidays::from_dates([]));
        assert_eq!(due, date!(2027 - 06 - 09));
    }

    #[test]
    fn bank_holidays_do_not_count() {
        // Asked on Thursday 23 December 2027: the 27th and 28th are bank holidays.
        let due = renewal_due(date!(2027 - 12 - 23), &Holidays::england_and_wales());
        assert_eq!(due, date!(2028 - 01 - 04));
    }

    #[test]
    fn a_renewal_is_overdue_only_after_its_day_and_only_if_not_given() {
        let due = date!(2027 - 06 - 09);
        assert!(!renewal_overdue(due, false, due));
        assert!(renewal_overdue(due, false, date!(2027 - 06 - 10)));
        assert!(!renewal_overdue(due, true, date!(2027 - 06 - 10)));
    }
}
