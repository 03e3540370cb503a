//! Which clock an application's decision runs against. A Regulation 34 DPS has the
//! statutory 10 working days; every other system a "reasonable period" that the council
//! sets, 10 working days until it does.

use crate::calendar::DecisionClock;
use crate::systems::SystemType;
use time::Date;

pub fn decision_clock(
    system_type: SystemType,
    submitted_on: Date,
    council_days: u32,
) -> DecisionClock {
    match system_type {
        SystemType::Reg34Dps => DecisionClock::reg34(submitted_on),
        _ => DecisionClock::dynamic_market(submitted_on, council_days),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Holidays;
    use time::macros::date;

    #[test]
    fn a_reg34_dps_decides_within_ten_working_days_whatever_the_council_set() {
        let clock = decision_clock(SystemType::Reg34Dps, date!(2026 - 12 - 02), 20);
        assert_eq!(clock.limit(), 10);
        // Ten working days from Wednesday 2 December: two weeks on.
        assert_eq!(
            clock.due_on(&Holidays::england_and_wales()),
            date!(2026 - 12 - 16)
        );
    }

    #[test]
    fn a_dynamic_market_uses_the_councils_period() {
        let clock = decision_clock(SystemType::DynamicMarket, date!(2026 - 12 - 02), 15);
        assert_eq!(clock.limit(), 15);
    }
}
