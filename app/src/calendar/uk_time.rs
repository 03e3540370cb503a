//! The date in the UK at an instant. Deadlines are counted in UK working days, so a
//! submission at 00:30 on a summer Tuesday (23:30 UTC on Monday) is a Tuesday one.
//! British Summer Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on
//! the last Sunday of October; no time-zone database is needed for one rule.

use time::{Date, Duration, Month, OffsetDateTime, Time, Weekday};

fn last_sunday(year: i32, month: Month) -> Option<Date> {
    let mut day = Date::from_calendar_date(year, month, 31).ok()?;
    while day.weekday() != Weekday::Sunday {
        day = day.previous_day()?;
    }
    Some(day)
}

/// Whether UK clocks are on summer time at this instant.
pub fn is_bst(at: OffsetDateTime) -> bool {
    let year = at.year();
    let one_am = Time::from_hms(1, 0, 0).unwrap_or(Time::MIDNIGHT);
    match (
        last_sunday(year, Month::March),
        last_sunday(year, Month::October),
    ) {
        (Some(start), Some(end)) => {
            let start = start.with_time(one_am).assume_utc();
            let end = end.with_time(one_am).assume_utc();
            at >= start && at < end
        }
        _ => false,
    }
}

/// The UK calendar date at a Unix time in seconds.
pub fn uk_date(unix_seconds: i64) -> Date {
    let at =
        OffsetDateTime::from_unix_timestamp(unix_seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    if is_bst(at) {
        (at + Duration::hours(1)).date()
    } else {
        at.date()
    }
}

/// The first second of the next UK day after `unix_seconds`: midnight UTC in winter,
/// 23:00 UTC the evening before in summer.
pub fn next_uk_midnight(unix_seconds: i64) -> i64 {
    let tomorrow = uk_date(unix_seconds).next_day().unwrap_or(Date::MAX);
    let utc_midnight = tomorrow.midnight().assume_utc().unix_timestamp();
    if uk_date(utc_midnight - 3_600) == tomorrow {
        utc_midnight - 3_600
    } else {
        utc_midnight
    }
}

/// The instant a UK wall-clock time names, in Unix seconds. A time in the hour
/// skipped in spring reads as winter time (so it lands an hour later); one in the
/// hour repeated in autumn as its first, summer-time, occurrence.
pub fn uk_instant(date: Date, time: Time) -> i64 {
    let as_utc = date.with_time(time).assume_utc().unix_timestamp();
    let summer = as_utc - 3_600;
    match OffsetDateTime::from_unix_timestamp(summer) {
        Ok(at) if is_bst(at) => summer,
        _ => as_utc,
    }
}

/// The UK wall-clock date and time at an instant.
pub fn uk_wall_clock(unix_seconds: i64) -> (Date, Time) {
    let at =
        OffsetDateTime::from_unix_timestamp(unix_seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let local = if is_bst(at) {
        at + Duration::hours(1)
    } else {
        at
    };
    (local.date(), local.time())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn unix(at: OffsetDateTime) -> i64 {
        at.unix_timestamp()
    }

    #[test]
    fn a_summer_night_after_eleven_utc_is_the_next_uk_day() {
        assert_eq!(
            uk_date(unix(datetime!(2026-07-06 23:30 UTC))),
            date!(2026 - 07 - 07)
        );
    }

    #[test]
    fn a_winter_night_is_the_utc_day() {
        assert_eq!(
            uk_date(unix(datetime!(2026-12-07 23:30 UTC))),
            date!(2026 - 12 - 07)
        );
    }

    #[test]
    fn summer_time_starts_and_ends_at_one_utc_on_the_last_sundays() {
        // 2026: 29 March and 25 October.
        assert!(!is_bst(datetime!(2026-03-29 00:59 UTC)));
        assert!(is_bst(datetime!(2026-03-29 01:00 UTC)));
        assert!(is_bst(datetime!(2026-10-25 00:59 UTC)));
        assert!(!is_bst(datetime!(2026-10-25 01:00 UTC)));
    }

    #[test]
    fn the_next_uk_day_starts_at_midnight_in_winter_and_at_23_utc_in_summer() {
        let winter = unix(datetime!(2027-01-15 10:00 UTC));
        assert_eq!(
            next_uk_midnight(winter),
            unix(datetime!(2027-01-16 00:00 UTC))
        );
        let summer = unix(datetime!(2027-07-15 10:00 UTC));
        assert_eq!(
            next_uk_midnight(summer),
            unix(datetime!(2027-07-15 23:00 UTC))
        );
        // 23:30 UTC in summer is already the next UK day.
        let late = unix(datetime!(2027-07-15 23:30 UTC));
        assert_eq!(
            next_uk_midnight(late),
            unix(datetime!(2027-07-16 23:00 UTC))
        );
    }

    #[test]
    fn a_uk_wall_clock_time_reads_as_summer_or_winter_time() {
        let winter = uk_instant(date!(2026 - 12 - 04), Time::from_hms(17, 0, 0).unwrap());
        assert_eq!(winter, datetime!(2026-12-04 17:00 UTC).unix_timestamp());
        let summer = uk_instant(date!(2027 - 06 - 07), Time::from_hms(17, 0, 0).unwrap());
        assert_eq!(summer, datetime!(2027-06-07 16:00 UTC).unix_timestamp());
        assert_eq!(
            uk_wall_clock(summer),
            (date!(2027 - 06 - 07), Time::from_hms(17, 0, 0).unwrap())
        );
        // 01:30 on 31 October 2027 happens twice: the first, summer-time, one counts.
        let repeated = uk_instant(date!(2027 - 10 - 31), Time::from_hms(1, 30, 0).unwrap());
        assert_eq!(repeated, datetime!(2027-10-31 00:30 UTC).unix_timestamp());
    }
}
