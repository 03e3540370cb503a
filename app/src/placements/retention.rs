//! How long the person's identifying details are kept (UK GDPR: no longer than
//! needed). The portal holds them only to match and hand over a placement; the
//! council's case record is kept elsewhere. They are erased a council-set number of
//! months after the placement ends, or, when no placement was made, after the
//! request's deadline; the anonymised procurement record stays.

use time::{Date, Month};

/// What a council gets until its admin sets its own.
pub const DEFAULT_RETENTION_MONTHS: u32 = 12;
/// Long enough to answer a late complaint about a match; beyond it nobody needs them.
pub const MIN_RETENTION_MONTHS: u32 = 1;
pub const MAX_RETENTION_MONTHS: u32 = 120;

/// The same day `months` later, or the month's last day when it has no such day
/// (31 August + 6 months is 28 or 29 February).
pub fn add_months(date: Date, months: u32) -> Date {
    let index = date.year() as i64 * 12 + (date.month() as i64 - 1) + i64::from(months);
    let year = (index.div_euclid(12)) as i32;
    let month = Month::try_from((index.rem_euclid(12) + 1) as u8).unwrap_or(Month::December);
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, date.day().min(last)).unwrap_or(Date::MAX)
}

/// The first day the details may be erased: the day after the retention period that
/// begins when the placement ended (or the request closed).
pub fn erase_from(closed_on: Date, months: u32) -> Date {
    add_months(closed_on, months)
        .next_day()
        .unwrap_or(Date::MAX)
}

/// Reads the months typed into the council's setting.
pub fn parse_months(input: &str) -> Result<u32, String> {
    input
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|m| (MIN_RETENTION_MONTHS..=MAX_RETENTION_MONTHS).contains(m))
        .ok_or_else(|| {
            format!(
                "Enter a whole number of months from {MIN_RETENTION_MONTHS} to {MAX_RETENTION_MONTHS}"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_keep_the_day_or_take_the_months_last() {
        assert_eq!(add_months(date!(2027 - 03 - 15), 12), date!(2028 - 03 - 15));
        assert_eq!(add_months(date!(2027 - 08 - 31), 6), date!(2028 - 02 - 29));
        assert_eq!(add_months(date!(2026 - 08 - 31), 6), date!(2027 - 02 - 28));
        assert_eq!(add_months(date!(2027 - 11 - 30), 3), date!(2028 - 02 - 29));
        assert_eq!(add_months(date!(2027 - 12 - 01), 1), date!(2028 - 01 - 01));
    }

    #[test]
    fn details_go_the_day_after_the_period_ends() {
        assert_eq!(erase_from(date!(2027 - 09 - 30), 12), date!(2028 - 10 - 01));
        assert_eq!(erase_from(date!(2027 - 12 - 31), 1), date!(2028 - 02 - 01));
    }

    #[test]
    fn the_setting_takes_whole_months_in_range() {
        assert_eq!(parse_months(" 24 "), Ok(24));
        assert_eq!(parse_months("1"), Ok(1));
        assert_eq!(parse_months("120"), Ok(120));
        let message = "Enter a whole number of months from 1 to 120";
        for bad in ["0", "121", "6.5", "", "twelve", "-3"] {
            assert_eq!(parse_months(bad), Err(message.to_string()), "{bad}");
        }
    }
}
