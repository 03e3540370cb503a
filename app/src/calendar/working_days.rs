//! Counting in working days the way the regulations do: the day something happens
//! never counts, the days after it do when they are Monday to Friday and not a day off.

use time::{Date, Weekday};

use super::Holidays;

pub fn is_working_day(date: Date, holidays: &Holidays) -> bool {
    !is_weekend(date) && !holidays.contains(date)
}

/// The n-th working day after `start`. `start` itself never counts, even when it is a
/// working day, so a limit runs from the day after submission; n = 0 gives `start`.
///
/// Past 31 December 9999 there are no dates to step to; only a limit of millions of
/// days could get there, and the last date is returned rather than panicking.
pub fn add_working_days(start: Date, n: u32, holidays: &Holidays) -> Date {
    let mut day = start;
    let mut counted = 0;
    while counted < n {
        let Some(next) = day.next_day() else {
            return Date::MAX;
        };
        day = next;
        if is_working_day(day, holidays) {
            counted += 1;
        }
    }
    day
}

/// The working days after `from` up to and including `to`, so that
/// `working_days_between(d, add_working_days(d, n, h), h) == n`.
///
/// When `to` is before `from` it counts the same way backwards (the working days
/// before `from`, down to and including `to`) and is negative: -1 when `to` is the
/// working day before `from`.
///
/// It is arithmetic on whole weeks plus a lookup of the holidays in the period, not a
/// walk over every day, because dashboards compute it for many applications, some
/// of them long overdue.
pub fn working_days_between(from: Date, to: Date, holidays: &Holidays) -> i64 {
    if to < from {
        // Working days in [to, from) are those in (to, from], minus `from`, plus `to`.
        let forward = weekdays_after_up_to(to, from, holidays);
        return -(forward - i64::from(is_working_day(from, holidays))
            + i64::from(is_working_day(to, holidays)));
    }
    weekdays_after_up_to(from, to, holidays)
}

/// Working days in (from, to], for `from <= to`.
fn weekdays_after_up_to(from: Date, to: Date, holidays: &Holidays) -> i64 {
    let days = (to - from).whole_days();
    let (weeks, rest) = (days / 7, days % 7);
    let first = i64::from(from.weekday().number_days_from_monday());
    // Days numbered from Monday = 0, so Saturday and Sunday are 5 and 6.
    let weekdays_in_rest = (1..=rest).filter(|k| (first + k) % 7 < 5).count();
    let weekday_holidays = holidays
        .after_up_to(from, to)
        .filter(|day| !is_weekend(*day))
        .count();
    weeks * 5 + count(weekdays_in_rest) - count(weekday_holidays)
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// A count of days between two `Date`s is below four million, far inside `i64`.
fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn england_and_wales() -> Holidays {
        Holidays::england_and_wales()
    }

    /// The definition, one day at a time, to check the arithmetic against.
    fn walk(from: Date, to: Date, holidays: &Holidays) -> i64 {
        let (mut day, end, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to.previous_day().unwrap(), from.previous_day().unwrap(), -1)
        };
        let mut n = 0;
        while day < end {
            day = day.next_day().unwrap();
            n += i64::from(is_working_day(day, holidays));
        }
        sign * n
    }

    #[test]
    fn weekdays_are_working_days_and_weekends_are_not() {
        let none = Holidays::default();
        assert!(is_working_day(date!(2026 - 03 - 13), &none), "Friday");
        assert!(!is_working_day(date!(2026 - 03 - 14), &none), "Saturday");
        assert!(!is_working_day(date!(2026 - 03 - 15), &none), "Sunday");
        assert!(is_working_day(date!(2026 - 03 - 16), &none), "Monday");
    }

    #[test]
    fn a_bank_holiday_is_not_a_working_day() {
        let holidays = england_and_wales();
        assert!(
            !is_working_day(date!(2026 - 04 - 03), &holidays),
            "Good Friday"
        );
        assert!(
            !is_working_day(date!(2026 - 04 - 06), &holidays),
            "Easter Monday"
        );
        assert!(is_working_day(date!(2026 - 04 - 07), &holidays));
    }

    #[test]
    fn the_start_day_never_counts() {
        let holidays = england_and_wales();
        // Monday 9 March 2026: one working day later is Tuesday.
        assert_eq!(
            add_working_days(date!(2026 - 03 - 09), 1, &holidays),
            date!(2026 - 03 - 10)
        );
        // Saturday: Monday is the first working day after it.
        assert_eq!(
            add_working_days(date!(2026 - 03 - 14), 1, &holidays),
            date!(2026 - 03 - 16)
        );
        assert_eq!(
            add_working_days(date!(2026 - 03 - 14), 0, &holidays),
            date!(2026 - 03 - 14)
        );
    }

    #[test]
    fn a_weekend_does_not_count() {
        // Thursday 12 March 2026 + 2 working days: Friday, then Monday.
        assert_eq!(
            add_working_days(date!(2026 - 03 - 12), 2, &Holidays::default()),
            date!(2026 - 03 - 16)
        );
    }

    #[test]
    fn ten_working_days_without_holidays_is_two_weeks() {
        assert_eq!(
            add_working_days(date!(2026 - 03 - 02), 10, &england_and_wales()),
            date!(2026 - 03 - 16)
        );
    }

    #[test]
    fn christmas_and_new_year_push_the_deadline() {
        // Friday 19 December 2025: 22, 23, 24 Dec; Christmas and Boxing Day off; 29, 30,
        // 31 Dec; New Year's Day off; 2, 5, 6, 7 Jan.
        let holidays = england_and_wales();
        assert_eq!(
            add_working_days(date!(2025 - 12 - 19), 10, &holidays),
            date!(2026 - 01 - 07)
        );
        assert_eq!(
            add_working_days(date!(2025 - 12 - 19), 10, &Holidays::default()),
            date!(2026 - 01 - 02),
            "three working days later than with no holidays"
        );
    }

    #[test]
    fn easter_pushes_the_deadline() {
        // Thursday 2 April 2026: Good Friday and Easter Monday off, so Tuesday 7 April
        // is the first working day and Monday 20 April the tenth.
        let holidays = england_and_wales();
        assert_eq!(
            add_working_days(date!(2026 - 04 - 02), 1, &holidays),
            date!(2026 - 04 - 07)
        );
        assert_eq!(
            add_working_days(date!(2026 - 04 - 02), 10, &holidays),
            date!(2026 - 04 - 20)
        );
    }

    #[test]
    fn a_substitute_day_is_skipped() {
        // Christmas 2027 is a Saturday: the days off are Monday 27 and Tuesday 28.
        assert_eq!(
            add_working_days(date!(2027 - 12 - 24), 1, &england_and_wales()),
            date!(2027 - 12 - 29)
        );
    }

    #[test]
    fn counting_between_includes_the_last_day_not_the_first() {
        let holidays = england_and_wales();
        assert_eq!(
            working_days_between(date!(2025 - 12 - 19), date!(2026 - 01 - 07), &holidays),
            10
        );
        assert_eq!(
            working_days_between(date!(2026 - 03 - 13), date!(2026 - 03 - 16), &holidays),
            1,
            "Friday to Monday"
        );
        assert_eq!(
            working_days_between(date!(2026 - 03 - 14), date!(2026 - 03 - 15), &holidays),
            0,
            "Saturday to Sunday"
        );
        assert_eq!(
            working_days_between(date!(2026 - 03 - 16), date!(2026 - 03 - 16), &holidays),
            0
        );
    }

    #[test]
    fn counting_backwards_is_negative() {
        let holidays = england_and_wales();
        assert_eq!(
            working_days_between(date!(2026 - 01 - 07), date!(2025 - 12 - 19), &holidays),
            -10
        );
        // Before Tuesday 7 April 2026 down to Thursday 2 April: only the Thursday works.
        assert_eq!(
            working_days_between(date!(2026 - 04 - 07), date!(2026 - 04 - 02), &holidays),
            -1
        );
        // Before Monday down to the Saturday: no working day.
        assert_eq!(
            working_days_between(date!(2026 - 03 - 16), date!(2026 - 03 - 14), &holidays),
            0
        );
    }

    #[test]
    fn counting_between_undoes_adding() {
        let holidays = england_and_wales();
        let mut start = date!(2025 - 01 - 01);
        while start <= date!(2029 - 12 - 31) {
            for n in [0, 1, 2, 5, 8, 10, 15, 30] {
                let due = add_working_days(start, n, &holidays);
                assert_eq!(
                    working_days_between(start, due, &holidays),
                    i64::from(n),
                    "{start} + {n}"
                );
            }
            start = start.next_day().unwrap();
        }
    }

    #[test]
    fn the_arithmetic_agrees_with_counting_day_by_day() {
        let holidays = england_and_wales();
        let mut from = date!(2025 - 12 - 01);
        while from <= date!(2026 - 01 - 31) {
            for to in [
                date!(2025 - 11 - 20),
                date!(2025 - 12 - 25),
                date!(2025 - 12 - 28),
                date!(2026 - 01 - 05),
                date!(2026 - 04 - 06),
                date!(2029 - 12 - 31),
            ] {
                assert_eq!(
                    working_days_between(from, to, &holidays),
                    walk(from, to, &holidays),
                    "{from} to {to}"
                );
            }
            from = from.next_day().unwrap();
        }
    }

    #[test]
    fn the_end_of_the_calendar_stops_adding() {
        assert_eq!(
            add_working_days(date!(9999 - 12 - 30), 5, &Holidays::default()),
            Date::MAX
        );
    }
}
