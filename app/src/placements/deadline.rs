//! When offers must be in. Under a Regulation 34 DPS and a dynamic market a
//! competition runs for at least 10 days from issue; a DPS may run shorter only when
//! the commissioner records that every invited provider agreed. Light-touch systems
//! (pseudo-DPS, flexible and open frameworks) take any future deadline, so a same-day
//! emergency request can go out. Times are unix seconds on the app's clock.

use crate::systems::types::SystemType;

/// The shortest competition under a DPS or a dynamic market.
pub const MINIMUM_DAYS: i64 = 10;
const DAY: i64 = 24 * 60 * 60;

/// What the commissioner asked for when issuing or extending a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlinePlan {
    pub issued_at: i64,
    pub deadline: i64,
    /// The commissioner recorded that every invited provider agreed a shorter period.
    pub all_agreed_shorter: bool,
}

/// The message shown next to the deadline field, or nothing when it may be set.
pub fn check_deadline(system_type: SystemType, plan: DeadlinePlan) -> Result<(), String> {
    if plan.deadline <= plan.issued_at {
        return Err("The deadline must be in the future".into());
    }
    let minimum = match system_type {
        SystemType::Reg34Dps if plan.all_agreed_shorter => None,
        SystemType::Reg34Dps | SystemType::DynamicMarket => Some(MINIMUM_DAYS * DAY),
        SystemType::LightTouchFramework
        | SystemType::OpenFramework
        | SystemType::ClosedFramework => None,
    };
    match minimum {
        Some(least) if plan.deadline - plan.issued_at < least => Err(match system_type {
            SystemType::Reg34Dps => format!(
                "The deadline must be at least {MINIMUM_DAYS} days after the request is sent, \
                 unless every invited provider has agreed a shorter period"
            ),
            _ => format!(
                "The deadline must be at least {MINIMUM_DAYS} days after the request is sent"
            ),
        }),
        _ => Ok(()),
    }
}

/// Offers can be sent, revised and withdrawn only while this holds; at the deadline
/// itself the request has closed. The same moment unseals the offers.
pub fn is_open(now: i64, deadline: i64) -> bool {
    now < deadline
}

/// "Friday 4 December 2026 at 5:00pm", in UK time.
pub fn deadline_text(deadline: i64) -> String {
    let (date, time) = crate::calendar::uk_wall_clock(deadline);
    let (hour, minute) = (time.hour(), time.minute());
    let suffix = if hour < 12 { "am" } else { "pm" };
    let twelve = match hour % 12 {
        0 => 12,
        h => h,
    };
    format!(
        "{} {} {} {} at {twelve}:{minute:02}{suffix}",
        date.weekday(),
        date.day(),
        date.month(),
        date.year()
    )
}

/// How long is left, in the two largest units: "2 days 3 hours", "45 minutes".
pub fn time_left(now: i64, deadline: i64) -> String {
    let left = deadline - now;
    if left <= 0 {
        return "Closed".into();
    }
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    let (days, hours, minutes) = (left / DAY, left % DAY / 3_600, left % 3_600 / 60);
    match (days, hours, minutes) {
        (0, 0, 0) => "Less than a minute".into(),
        (0, 0, m) => plural(m, "minute"),
        (0, h, m) => format!("{} {}", plural(h, "hour"), plural(m, "minute")),
        (d, h, _) => format!("{} {}", plural(d, "day"), plural(h, "hour")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISSUED: i64 = 1_800_000_000;

    fn plan(days: i64, seconds: i64, agreed: bool) -> DeadlinePlan {
        DeadlinePlan {
            issued_at: ISSUED,
            deadline: ISSUED + days * DAY + seconds,
            all_agreed_shorter: agreed,
        }
    }

    #[test]
    fn a_dps_and_a_dynamic_market_need_ten_days() {
        for t in [SystemType::Reg34Dps, SystemType::DynamicMarket] {
            assert!(check_deadline(t, plan(10, 0, false)).is_ok());
            assert!(check_deadline(t, plan(10, -1, false)).is_err());
        }
    }

    #[test]
    fn only_a_dps_may_run_shorter_when_every_invited_provider_agreed() {
        assert!(check_deadline(SystemType::Reg34Dps, plan(2, 0, true)).is_ok());
        assert!(check_deadline(SystemType::DynamicMarket, plan(2, 0, true)).is_err());
    }

    #[test]
    fn light_touch_systems_take_a_same_day_deadline() {
        for t in [
            SystemType::LightTouchFramework,
            SystemType::OpenFramework,
            SystemType::ClosedFramework,
        ] {
            assert!(check_deadline(t, plan(0, 3 * 60 * 60, false)).is_ok());
        }
    }

    #[test]
    fn a_deadline_in_the_past_is_refused_everywhere() {
        for t in SystemType::ALL {
            let message = check_deadline(t, plan(0, 0, true)).unwrap_err();
            assert_eq!(message, "The deadline must be in the future");
        }
    }

    #[test]
    fn the_request_closes_at_the_deadline_itself() {
        assert!(is_open(ISSUED - 1, ISSUED));
        assert!(!is_open(ISSUED, ISSUED));
    }

    #[test]
    fn deadlines_read_in_uk_time() {
        // 17:00 UTC on 4 December 2026 (winter), 16:00 UTC on 7 June 2027 (summer).
        assert_eq!(
            deadline_text(1_796_403_600),
            "Friday 4 December 2026 at 5:00pm"
        );
        assert_eq!(deadline_text(1_812_384_000), "Monday 7 June 2027 at 5:00pm");
    }

    #[test]
    fn time_left_names_the_two_largest_units() {
        assert_eq!(time_left(0, 2 * DAY + 3 * 3_600 + 59), "2 days 3 hours");
        assert_eq!(time_left(0, 3_600 + 60), "1 hour 1 minute");
        assert_eq!(time_left(0, 45 * 60), "45 minutes");
        assert_eq!(time_left(0, 30), "Less than a minute");
        assert_eq!(time_left(10, 10), "Closed");
    }
}
