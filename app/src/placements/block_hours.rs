//! A block arrangement's hours, week by week: the provider records the hours it
//! delivered in each week (Monday to Sunday) once the week is over, and both sides
//! see them against the hours the council guaranteed. The council pays for the
//! guaranteed hours whether it used them or not (at the discounted rate the
//! guarantee bought) and for hours delivered beyond them at the full rate; unused
//! guaranteed hours are what a commissioner watches to size the next block.

use crate::money::Money;
use crate::placements::value::BlockTerms;
use time::{Date, Duration, Weekday};

/// The Monday of the week `date` falls in.
pub fn week_of(date: Date) -> Date {
    date - Duration::days(i64::from(date.weekday().number_days_from_monday()))
}

/// The weeks of a placement running `start` to `end` whose hours can be recorded on
/// `today`: every week that overlaps it and is over, newest first.
pub fn recordable_weeks(start: Date, end: Date, today: Date) -> Vec<Date> {
    let mut weeks = Vec::new();
    let mut week = week_of(start);
    while week <= end && week + Duration::days(6) < today {
        weeks.push(week);
        week += Duration::days(7);
    }
    weeks.reverse();
    weeks
}

/// Why the hours of the week beginning `week` cannot be recorded, or nothing.
pub fn check_week(week: Date, start: Date, end: Date, today: Date) -> Result<(), String> {
    if week.weekday() != Weekday::Monday {
        return Err("Choose a week by the Monday it begins on".into());
    }
    if week + Duration::days(6) < start || week > end {
        return Err("Choose a week during the placement".into());
    }
    if week + Duration::days(6) >= today {
        return Err("Hours can be recorded once the week is over".into());
    }
    Ok(())
}

/// What one week comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekCharge {
    pub charge: Money,
    /// Guaranteed minutes paid for but not used.
    pub unused_minutes: u32,
    /// Minutes delivered beyond the hours planned each week.
    pub over_plan_minutes: u32,
}

pub fn week_charge(terms: &BlockTerms, delivered_minutes: u32) -> WeekCharge {
    // Guaranteed minutes at the discount, whatever was delivered; the rest at the
    // full rate: the weekly cost of a week planned at what was delivered.
    let billed = BlockTerms {
        minutes_per_week: delivered_minutes.max(terms.guaranteed_minutes),
        ..*terms
    };
    WeekCharge {
        charge: billed.weekly_cost(),
        unused_minutes: terms.guaranteed_minutes.saturating_sub(delivered_minutes),
        over_plan_minutes: delivered_minutes.saturating_sub(terms.minutes_per_week),
    }
}

/// The recorded weeks added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HoursTotals {
    pub weeks: u32,
    pub delivered_minutes: u64,
    pub guaranteed_minutes: u64,
    pub unused_minutes: u64,
    pub charge: Money,
}

pub fn totals(terms: &BlockTerms, delivered: impl IntoIterator<Item = u32>) -> HoursTotals {
    delivered
        .into_iter()
        .fold(HoursTotals::default(), |mut t, minutes| {
            let week = week_charge(terms, minutes);
            t.weeks += 1;
            t.delivered_minutes += u64::from(minutes);
            t.guaranteed_minutes += u64::from(terms.guaranteed_minutes);
            t.unused_minutes += u64::from(week.unused_minutes);
            t.charge = Money(t.charge.pence() + week.charge.pence());
            t
        })
}

#[cfg(test)]
// Amounts in pence are written pounds_pence: 684_00 is £684.00.
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;
    use time::macros::date;

    /// 40 hours a week at £24, 30 of them guaranteed at 5 % off.
    const TERMS: BlockTerms = BlockTerms {
        hourly_rate: Money(24_00),
        minutes_per_week: 40 * 60,
        guaranteed_minutes: 30 * 60,
        discount_bp: 500,
    };

    #[test]
    fn weeks_begin_on_monday() {
        assert_eq!(week_of(date!(2027 - 03 - 03)), date!(2027 - 03 - 01));
        assert_eq!(week_of(date!(2027 - 03 - 01)), date!(2027 - 03 - 01));
        assert_eq!(week_of(date!(2027 - 03 - 07)), date!(2027 - 03 - 01));
    }

    #[test]
    fn only_weeks_of_the_placement_that_are_over_can_be_recorded() {
        // Starts on a Wednesday; today is the Monday two weeks later.
        let weeks = recordable_weeks(
            date!(2027 - 03 - 03),
            date!(2027 - 12 - 31),
            date!(2027 - 03 - 15),
        );
        assert_eq!(weeks, [date!(2027 - 03 - 08), date!(2027 - 03 - 01)]);
        // Sunday: the week is not over yet.
        assert!(recordable_weeks(
            date!(2027 - 03 - 01),
            date!(2027 - 12 - 31),
            date!(2027 - 03 - 07)
        )
        .is_empty());
        // A placement that ended long ago: every one of its weeks, and no more.
        let ended = recordable_weeks(
            date!(2027 - 03 - 01),
            date!(2027 - 03 - 16),
            date!(2027 - 06 - 01),
        );
        assert_eq!(ended.len(), 3);
    }

    #[test]
    fn a_week_is_refused_unless_a_monday_of_the_placement_that_is_over() {
        let (start, end) = (date!(2027 - 03 - 03), date!(2027 - 04 - 30));
        let today = date!(2027 - 03 - 20);
        assert_eq!(check_week(date!(2027 - 03 - 01), start, end, today), Ok(()));
        assert_eq!(
            check_week(date!(2027 - 03 - 02), start, end, today).unwrap_err(),
            "Choose a week by the Monday it begins on"
        );
        assert_eq!(
            check_week(date!(2027 - 02 - 22), start, end, today).unwrap_err(),
            "Choose a week during the placement"
        );
        assert_eq!(
            check_week(date!(2027 - 05 - 03), start, end, date!(2027 - 06 - 01)).unwrap_err(),
            "Choose a week during the placement"
        );
        assert_eq!(
            check_week(date!(2027 - 03 - 15), start, end, today).unwrap_err(),
            "Hours can be recorded once the week is over"
        );
    }

    #[test]
    fn guaranteed_hours_are_paid_for_even_when_unused() {
        // 20 hours delivered: the 30 guaranteed at £22.80 are paid, 10 of them unused.
        assert_eq!(
            week_charge(&TERMS, 20 * 60),
            WeekCharge {
                charge: Money(684_00),
                unused_minutes: 10 * 60,
                over_plan_minutes: 0,
            }
        );
    }

    #[test]
    fn hours_beyond_the_guarantee_are_paid_at_the_full_rate() {
        // 35 hours: 30 × £22.80 + 5 × £24.
        assert_eq!(week_charge(&TERMS, 35 * 60).charge, Money(804_00));
        // 42 hours: 2 beyond the plan, flagged and still paid.
        let over = week_charge(&TERMS, 42 * 60);
        assert_eq!(over.charge, Money(684_00 + 12 * 24_00));
        assert_eq!(over.over_plan_minutes, 120);
        assert_eq!(over.unused_minutes, 0);
    }

    #[test]
    fn totals_add_up_the_recorded_weeks() {
        let t = totals(&TERMS, [20 * 60, 35 * 60, 30 * 60 + 15]);
        assert_eq!(t.weeks, 3);
        assert_eq!(t.delivered_minutes, 85 * 60 + 15);
        assert_eq!(t.guaranteed_minutes, 90 * 60);
        assert_eq!(t.unused_minutes, 10 * 60);
        // 684 + 804 + (684 + £6 for the quarter hour)
        assert_eq!(t.charge, Money(684_00 + 804_00 + 690_00));
        assert_eq!(totals(&TERMS, []), HoursTotals::default());
    }
}
