//! A placement for a young person who turns 18 during it is a *transition*: adult
//! social care must sign it off before award.

use time::{Date, Month};

/// The 18th birthday; someone born on 29 February comes of age on 1 March in a
/// year that has no 29 February, as English law counts it.
pub fn eighteenth_birthday(born: Date) -> Date {
    let year = born.year() + 18;
    Date::from_calendar_date(year, born.month(), born.day())
        .unwrap_or_else(|_| Date::from_calendar_date(year, Month::March, 1).unwrap_or(Date::MAX))
}

/// Whole years of age on `on`.
pub fn age_on(born: Date, on: Date) -> i32 {
    let mut age = on.year() - born.year();
    if (on.month() as u8, on.day()) < (born.month() as u8, born.day()) {
        age -= 1;
    }
    age
}

/// True when the 18th birthday falls after the first day and on or before the last.
/// Someone who is already 18 on the first day is placed as an adult, not in transition.
pub fn is_transition(born: Date, start: Date, end: Date) -> bool {
    let birthday = eighteenth_birthday(born);
    birthday > start && birthday <= end
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn turning_eighteen_during_the_placement_is_a_transition() {
        let born = date!(2010 - 06 - 15);
        assert!(is_transition(
            born,
            date!(2028 - 01 - 01),
            date!(2028 - 12 - 31)
        ));
        assert!(is_transition(
            born,
            date!(2028 - 01 - 01),
            date!(2028 - 06 - 15)
        ));
    }

    #[test]
    fn ending_the_day_before_the_birthday_is_not() {
        let born = date!(2010 - 06 - 15);
        assert!(!is_transition(
            born,
            date!(2028 - 01 - 01),
            date!(2028 - 06 - 14)
        ));
    }

    #[test]
    fn already_eighteen_on_the_first_day_is_not() {
        let born = date!(2010 - 06 - 15);
        assert!(!is_transition(
            born,
            date!(2028 - 06 - 15),
            date!(2029 - 06 - 14)
        ));
    }

    #[test]
    fn a_leap_day_birthday_comes_of_age_on_the_first_of_march() {
        assert_eq!(
            eighteenth_birthday(date!(2008 - 02 - 29)),
            date!(2026 - 03 - 01)
        );
        assert_eq!(
            eighteenth_birthday(date!(2010 - 02 - 28)),
            date!(2028 - 02 - 28)
        );
    }

    #[test]
    fn age_counts_whole_years() {
        let born = date!(2012 - 09 - 30);
        assert_eq!(age_on(born, date!(2026 - 09 - 29)), 13);
        assert_eq!(age_on(born, date!(2026 - 09 - 30)), 14);
    }
}
