//! What a placement is worth over its whole life, which decides who may approve it.
//! A spot placement is a weekly price for the days it runs plus its extras; a block
//! arrangement (home care, family support) buys hours each week at an hourly rate,
//! and the hours the council guarantees may be priced up to 5 % lower (Haringey's
//! bundled hours).

use crate::money::Money;
use time::Date;

/// The largest discount on the hourly rate for guaranteed hours, in basis points.
pub const MAX_GUARANTEE_DISCOUNT_BP: u32 = 500;

/// Days a placement runs, counting its first and last day.
pub fn days_between(start: Date, end: Date) -> Result<i64, String> {
    if end < start {
        return Err("The end date must be on or after the start date".into());
    }
    Ok((end - start).whole_days() + 1)
}

/// Integer division rounding halves up; the operands are never negative here.
fn div_round(numerator: i128, denominator: i128) -> i64 {
    ((2 * numerator + denominator) / (2 * denominator)) as i64
}

/// Something added to the weekly price, with the provider's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extra {
    OneOff(Money),
    Weekly(Money),
}

/// Whole-life value: weekly price × weeks + weekly extras × weeks + one-off extras,
/// rounded to the penny once at the end.
pub fn whole_life_value(weekly: Money, extras: &[Extra], days: i64) -> Money {
    let weekly_total: i128 = i128::from(weekly.pence())
        + extras
            .iter()
            .map(|e| match e {
                Extra::Weekly(m) => i128::from(m.pence()),
                Extra::OneOff(_) => 0,
            })
            .sum::<i128>();
    let one_off: i64 = extras
        .iter()
        .map(|e| match e {
            Extra::OneOff(m) => m.pence(),
            Extra::Weekly(_) => 0,
        })
        .sum();
    Money(div_round(weekly_total * i128::from(days), 7) + one_off)
}

/// Whole-life value after the weekly cost changes for the last `days_changed` days of
/// a placement: those days are taken off at the old cost and put back at the new one,
/// so the days before the change keep the price they were agreed at.
pub fn varied_value(
    value: Money,
    old_weekly: Money,
    new_weekly: Money,
    days_changed: i64,
) -> Money {
    Money(
        value.pence() - whole_life_value(old_weekly, &[], days_changed).pence()
            + whole_life_value(new_weekly, &[], days_changed).pence(),
    )
}

/// The terms of a block arrangement, as minutes so that quarter hours are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockTerms {
    pub hourly_rate: Money,
    pub minutes_per_week: u32,
    pub guaranteed_minutes: u32,
    /// Discount on the hourly rate for the guaranteed minutes, in basis points.
    pub discount_bp: u32,
}

impl BlockTerms {
    /// The messages shown next to the fields, or nothing.
    pub fn check(&self) -> Result<(), Vec<(&'static str, String)>> {
        let mut problems = Vec::new();
        if self.hourly_rate.pence() <= 0 {
            problems.push(("hourly_rate", "Enter an hourly rate above zero".to_string()));
        }
        if self.minutes_per_week == 0 {
            problems.push(("hours_per_week", "Enter the hours each week".to_string()));
        }
        if self.guaranteed_minutes > self.minutes_per_week {
            problems.push((
                "guaranteed_hours",
                "The guaranteed hours cannot be more than the hours each week".to_string(),
            ));
        }
        if self.discount_bp > MAX_GUARANTEE_DISCOUNT_BP {
            problems.push((
                "discount",
                "The discount for guaranteed hours can be at most 5%".to_string(),
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The cost of one week: guaranteed minutes at the discounted rate, the rest at
    /// the full rate.
    pub fn weekly_cost(&self) -> Money {
        let rate = i128::from(self.hourly_rate.pence());
        let guaranteed = i128::from(self.guaranteed_minutes);
        let rest = i128::from(
            self.minutes_per_week
                .saturating_sub(self.guaranteed_minutes),
        );
        let discounted = rate * i128::from(10_000 - self.discount_bp.min(10_000));
        // pence × minutes / 60, with the discount's 10 000 folded into one division
        Money(div_round(
            guaranteed * discounted + rest * rate * 10_000,
            60 * 10_000,
        ))
    }
}

/// Reads hours as typed ("12", "12.5", "7.25") into minutes; quarter hours at most.
pub fn parse_hours(input: &str) -> Result<u32, String> {
    let message = || "Enter hours in quarter hours, like 12 or 7.25".to_string();
    let text = input.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(message());
    }
    let hours: u32 = whole.parse().map_err(|_| message())?;
    let extra = match fraction {
        "" | "0" | "00" => 0,
        "25" => 15,
        "5" | "50" => 30,
        "75" => 45,
        _ => return Err(message()),
    };
    if hours > 168 {
        return Err("A week has 168 hours".into());
    }
    Ok(hours * 60 + extra)
}

/// Minutes as hours read: 450 → "7.5", 435 → "7.25", 600 → "10".
pub fn minutes_as_hours(minutes: i64) -> String {
    match minutes % 60 {
        0 => format!("{}", minutes / 60),
        15 => format!("{}.25", minutes / 60),
        30 => format!("{}.5", minutes / 60),
        45 => format!("{}.75", minutes / 60),
        m => format!("{}h{m:02}", minutes / 60),
    }
}

/// Reads a percentage such as "5", "2.5" or "5%" into basis points.
pub fn parse_percent(input: &str) -> Result<u32, String> {
    let message = || "Enter a percentage, like 2.5".to_string();
    let text = input.trim().trim_end_matches('%').trim_end();
    if text.is_empty() {
        return Ok(0);
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 2 {
        return Err(message());
    }
    let whole: u32 = whole.parse().map_err(|_| message())?;
    let fraction: u32 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<u32>().map_err(|_| message())? * 10,
        _ => fraction.parse().map_err(|_| message())?,
    };
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(fraction))
        .ok_or_else(message)
}

#[cfg(test)]
// Amounts in pence are written pounds_pence: 17_100_00 is £17,100.00.
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_price_variation_reprices_only_the_days_from_the_change() {
        // 52 weeks at £1,000, then the last 26 weeks at £1,200.
        let value = whole_life_value(Money(100_000), &[], 364);
        let varied = varied_value(value, Money(100_000), Money(120_000), 182);
        assert_eq!(varied, Money(26 * 100_000 + 26 * 120_000));
        // A cut is priced the same way; a change for no days changes nothing.
        let cut = varied_value(value, Money(100_000), Money(90_000), 7);
        assert_eq!(cut, Money(value.pence() - 10_000));
        assert_eq!(varied_value(value, Money(100_000), Money(1), 0), value);
    }

    #[test]
    fn a_year_long_placement_counts_every_day() {
        assert_eq!(
            days_between(date!(2027 - 01 - 01), date!(2027 - 12 - 31)),
            Ok(365)
        );
        assert_eq!(
            days_between(date!(2027 - 01 - 01), date!(2027 - 01 - 01)),
            Ok(1)
        );
        assert!(days_between(date!(2027 - 01 - 02), date!(2027 - 01 - 01)).is_err());
    }

    #[test]
    fn whole_life_value_is_weekly_price_times_weeks_plus_extras() {
        let weekly = Money(5_000_00);
        // 52 weeks
        assert_eq!(whole_life_value(weekly, &[], 364), Money(260_000_00));
        let extras = [Extra::OneOff(Money(1_200_00)), Extra::Weekly(Money(150_00))];
        assert_eq!(
            whole_life_value(weekly, &extras, 364),
            Money(260_000_00 + 1_200_00 + 7_800_00)
        );
    }

    #[test]
    fn part_weeks_are_priced_by_the_day_and_rounded_once() {
        // £1,000 a week for 10 days = 1428.571… → £1,428.57
        assert_eq!(whole_life_value(Money(1_000_00), &[], 10), Money(1_428_57));
    }

    #[test]
    fn guaranteed_hours_are_priced_at_the_discount() {
        let terms = BlockTerms {
            hourly_rate: Money(24_00),
            minutes_per_week: 40 * 60,
            guaranteed_minutes: 30 * 60,
            discount_bp: 500,
        };
        assert!(terms.check().is_ok());
        // 30 h × £22.80 + 10 h × £24 = 684 + 240
        assert_eq!(terms.weekly_cost(), Money(924_00));
        let none = BlockTerms {
            discount_bp: 0,
            ..terms
        };
        assert_eq!(none.weekly_cost(), Money(960_00));
    }

    #[test]
    fn a_discount_above_five_percent_is_refused() {
        let terms = BlockTerms {
            hourly_rate: Money(24_00),
            minutes_per_week: 600,
            guaranteed_minutes: 600,
            discount_bp: 501,
        };
        assert_eq!(terms.check().unwrap_err()[0].0, "discount");
        let more_guaranteed = BlockTerms {
            discount_bp: 0,
            guaranteed_minutes: 601,
            ..terms
        };
        assert_eq!(
            more_guaranteed.check().unwrap_err()[0].0,
            "guaranteed_hours"
        );
    }

    #[test]
    fn hours_are_read_in_quarter_hours() {
        assert_eq!(parse_hours("12"), Ok(720));
        assert_eq!(parse_hours("7.25"), Ok(435));
        assert_eq!(parse_hours("7.5"), Ok(450));
        assert!(parse_hours("7.3").is_err());
        assert!(parse_hours("-1").is_err());
        assert!(parse_hours("169").is_err());
        for typed in ["12", "7.25", "7.5", "0.75"] {
            assert_eq!(
                minutes_as_hours(i64::from(parse_hours(typed).unwrap())),
                typed
            );
        }
    }

    #[test]
    fn percentages_are_read_into_basis_points() {
        assert_eq!(parse_percent("5"), Ok(500));
        assert_eq!(parse_percent("2.5%"), Ok(250));
        assert_eq!(parse_percent(""), Ok(0));
        assert!(parse_percent("five").is_err());
    }
}
