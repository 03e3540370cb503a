//! The end of Regulation 34 DPSs: every one closes at the end of 23 February 2029. From
//! six months before, its pages and the commissioner's dashboard say so and point to a
//! successor dynamic market; its admitted providers are told three months before.

use crate::systems::regime::PCR_DPS_LAST_DAY;
use crate::systems::SystemType;
use time::{Date, Month};

/// Where a system stands against the law's end date on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Not a Regulation 34 DPS, or the notice period has not begun.
    NotYet,
    /// Within six months of the last day: plan the successor.
    Approaching { last_day: Date },
    /// Past the last day: the system is closed by law.
    Closed { last_day: Date },
}

/// `date` moved back `months` calendar months, on the same day of the month or the last
/// day of a shorter month.
pub fn months_before(date: Date, months: u8) -> Date {
    let total = date.year() * 12 + (date.month() as i32 - 1) - i32::from(months);
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = Month::try_from(u8::try_from(month0 + 1).unwrap_or(1)).unwrap_or(Month::January);
    let day = date.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).unwrap_or(date)
}

/// The first day the successor notice shows: six months before the last day.
pub fn notice_from() -> Date {
    months_before(PCR_DPS_LAST_DAY, 6)
}

/// The day admitted providers are told: three months before the last day.
pub fn providers_told_on() -> Date {
    months_before(PCR_DPS_LAST_DAY, 3)
}

pub fn ending(system_type: SystemType, today: Date) -> Ending {
    if system_type != SystemType::Reg34Dps {
        return Ending::NotYet;
    }
    let last_day = PCR_DPS_LAST_DAY;
    if today > last_day {
        Ending::Closed { last_day }
    } else if today >= notice_from() {
        Ending::Approaching { last_day }
    } else {
        Ending::NotYet
    }
}

/// The notices sent once per system about its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosureNotice {
    /// Six months before: the lead council's commissioners, to plan the successor.
    Approaching,
    /// Three months before: the admitted providers.
    ProvidersTold,
    /// The day after the last day: the system has been closed.
    Closed,
}

impl ClosureNotice {
    pub fn as_str(self) -> &'static str {
        match self {
            ClosureNotice::Approaching => "approaching",
            ClosureNotice::ProvidersTold => "providers_told",
            ClosureNotice::Closed => "closed",
        }
    }
}

/// The notices due about a system of this type today, in the order they go. A server
/// down on the day sends them when it comes back; once the system has closed only the
/// closure is told.
pub fn notices_due(system_type: SystemType, today: Date) -> &'static [ClosureNotice] {
    match ending(system_type, today) {
        Ending::NotYet => &[],
        Ending::Approaching { .. } if today >= providers_told_on() => {
            &[ClosureNotice::Approaching, ClosureNotice::ProvidersTold]
        }
        Ending::Approaching { .. } => &[ClosureNotice::Approaching],
        Ending::Closed { .. } => &[ClosureNotice::Closed],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_notice_begins_six_months_and_providers_are_told_three_months_before() {
        assert_eq!(notice_from(), date!(2028 - 08 - 23));
        assert_eq!(providers_told_on(), date!(2028 - 11 - 23));
    }

    #[test]
    fn a_dps_runs_through_23_february_2029_and_is_closed_the_next_day() {
        let dps = SystemType::Reg34Dps;
        assert_eq!(ending(dps, date!(2028 - 08 - 22)), Ending::NotYet);
        assert!(matches!(
            ending(dps, date!(2028 - 08 - 23)),
            Ending::Approaching { .. }
        ));
        assert!(matches!(
            ending(dps, date!(2029 - 02 - 23)),
            Ending::Approaching { .. }
        ));
        assert_eq!(
            ending(dps, date!(2029 - 02 - 24)),
            Ending::Closed {
                last_day: date!(2029 - 02 - 23)
            }
        );
    }

    #[test]
    fn commissioners_hear_six_months_before_providers_three_and_everyone_at_the_close() {
        let dps = SystemType::Reg34Dps;
        assert!(notices_due(dps, date!(2028 - 08 - 22)).is_empty());
        assert_eq!(
            notices_due(dps, date!(2028 - 08 - 23)),
            &[ClosureNotice::Approaching]
        );
        assert_eq!(
            notices_due(dps, date!(2028 - 11 - 22)),
            &[ClosureNotice::Approaching]
        );
        assert_eq!(
            notices_due(dps, date!(2028 - 11 - 23)),
            &[ClosureNotice::Approaching, ClosureNotice::ProvidersTold]
        );
        assert_eq!(
            notices_due(dps, date!(2029 - 02 - 23)),
            &[ClosureNotice::Approaching, ClosureNotice::ProvidersTold]
        );
        assert_eq!(
            notices_due(dps, date!(2029 - 02 - 24)),
            &[ClosureNotice::Closed]
        );
        assert!(notices_due(SystemType::DynamicMarket, date!(2029 - 02 - 24)).is_empty());
    }

    #[test]
    fn other_systems_are_not_ended_by_the_2029_date() {
        for kind in [
            SystemType::LightTouchFramework,
            SystemType::DynamicMarket,
            SystemType::OpenFramework,
            SystemType::ClosedFramework,
        ] {
            assert_eq!(ending(kind, date!(2029 - 03 - 01)), Ending::NotYet);
        }
    }

    #[test]
    fn months_before_keeps_the_day_or_takes_the_month_end() {
        assert_eq!(
            months_before(date!(2029 - 02 - 23), 6),
            date!(2028 - 08 - 23)
        );
        assert_eq!(
            months_before(date!(2028 - 05 - 31), 3),
            date!(2028 - 02 - 29)
        );
        assert_eq!(
            months_before(date!(2029 - 01 - 15), 1),
            date!(2028 - 12 - 15)
        );
    }
}
