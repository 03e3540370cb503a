//! Standstill before a contract is entered. Under the Procurement Act 2023 a
//! competition that is not light-touch is awarded as a decision first: assessment
//! summaries go to every bidder, then 8 working days pass (the day the notice goes
//! out counts when it is a working day, s51), and only after them is the contract
//! entered. Light-touch awards, and call-offs under the 2015 Regulations, may set a
//! voluntary standstill or none.

use crate::calendar::{add_working_days, is_working_day, Holidays};
use crate::systems::types::Regime;
use time::Date;

pub const ACT_STANDSTILL_WORKING_DAYS: u32 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standstill {
    /// The law sets it; the award page cannot shorten it.
    Mandatory { working_days: u32 },
    /// The commissioner may choose a number of working days, or none.
    Voluntary,
}

pub fn standstill_for(regime: Regime, light_touch: bool) -> Standstill {
    match regime {
        Regime::ProcurementAct2023 if !light_touch => Standstill::Mandatory {
            working_days: ACT_STANDSTILL_WORKING_DAYS,
        },
        _ => Standstill::Voluntary,
    }
}

/// The last day of a standstill of `working_days` beginning on `notice_on`, or
/// `None` when there is none.
pub fn standstill_ends(notice_on: Date, working_days: u32, holidays: &Holidays) -> Option<Date> {
    if working_days == 0 {
        return None;
    }
    let after_first = if is_working_day(notice_on, holidays) {
        working_days - 1
    } else {
        working_days
    };
    Some(add_working_days(notice_on, after_first, holidays))
}

/// The first day the contract may be entered: the day after the standstill, or the
/// day of the notice itself when there is none.
pub fn contract_from(notice_on: Date, working_days: u32, holidays: &Holidays) -> Date {
    match standstill_ends(notice_on, working_days, holidays) {
        Some(last) => last.next_day().unwrap_or(Date::MAX),
        None => notice_on,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn only_an_act_competition_that_is_not_light_touch_has_a_set_standstill() {
        assert_eq!(
            standstill_for(Regime::ProcurementAct2023, false),
            Standstill::Mandatory { working_days: 8 }
        );
        assert_eq!(
            standstill_for(Regime::ProcurementAct2023, true),
            Standstill::Voluntary
        );
        assert_eq!(
            standstill_for(Regime::Pcr2015, false),
            Standstill::Voluntary
        );
    }

    #[test]
    fn eight_working_days_begin_with_the_day_of_the_notice() {
        // Notice on Monday 7 June 2027: Mon..Fri, Mon, Tue, Wed; contract on Thursday.
        let none = Holidays::from_dates([]);
        assert_eq!(
            standstill_ends(date!(2027 - 06 - 07), 8, &none),
            Some(date!(2027 - 06 - 16))
        );
        assert_eq!(
            contract_from(date!(2027 - 06 - 07), 8, &none),
            date!(2027 - 06 - 17)
        );
    }

    #[test]
    fn a_notice_on_a_saturday_starts_counting_on_monday() {
        let none = Holidays::from_dates([]);
        assert_eq!(
            standstill_ends(date!(2027 - 06 - 05), 8, &none),
            Some(date!(2027 - 06 - 16))
        );
    }

    #[test]
    fn bank_holidays_do_not_count() {
        // Notice on Thursday 23 December 2027. The 27th and 28th (Christmas and Boxing
        // Day substitutes) and Monday 3 January 2028 (New Year's) are bank holidays:
        // 23, 24, 29, 30, 31 December and 4, 5, 6 January.
        let days = standstill_ends(date!(2027 - 12 - 23), 8, &Holidays::england_and_wales());
        assert_eq!(days, Some(date!(2028 - 01 - 06)));
    }

    #[test]
    fn no_standstill_lets_the_contract_start_on_the_day() {
        let none = Holidays::from_dates([]);
        assert_eq!(standstill_ends(date!(2027 - 06 - 07), 0, &none), None);
        assert_eq!(
            contract_from(date!(2027 - 06 - 07), 0, &none),
            date!(2027 - 06 - 07)
        );
    }
}
