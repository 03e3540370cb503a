//! The legal limits a system's dates must keep under its law. They are decided on the
//! server because they turn on the calendar, and a wrong date here is a system that
//! goes on awarding contracts after the law says it has ended.

use super::fields;
use super::term::{last_day_of_years, Term};
use super::types::{Regime, SystemType};
use crate::error::FormErrors;
use time::macros::date;
use time::Date;

/// The day the Procurement Act 2023 came into force (Commencement No. 3 Regulations
/// 2024). Procurements begun before it stay under the 2015 Regulations.
pub const ACT_COMMENCEMENT: Date = date!(2025 - 02 - 24);

/// The last day any Regulation 34 DPS may operate: the transitional provisions end
/// every 2015-Regulations DPS at the end of this day, whatever its own term says.
pub const PCR_DPS_LAST_DAY: Date = date!(2029 - 02 - 23);

/// Section 49(2)(c): the final framework of an open framework expires at the end of
/// eight years from the award of the first.
pub const OPEN_FRAMEWORK_MAX_YEARS: u32 = 8;

impl Regime {
    /// The law a system established on `start` falls under.
    pub fn for_start_date(start: Date) -> Regime {
        if start < ACT_COMMENCEMENT {
            Regime::Pcr2015
        } else {
            Regime::ProcurementAct2023
        }
    }
}

/// What the commissioner proposes; checked as a whole because each rule ties two or
/// three of these fields together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemPlan {
    pub regime: Regime,
    pub system_type: SystemType,
    pub start: Date,
    pub term: Term,
}

impl SystemPlan {
    /// Every problem with the plan, each against the field to change.
    pub fn check(&self) -> Result<(), FormErrors> {
        let mut errors = FormErrors::new();
        if !self.regime.allows(self.system_type) {
            errors.add(
                fields::SYSTEM_TYPE,
                wrong_law(self.system_type, self.regime),
            );
        }
        match (self.regime, Regime::for_start_date(self.start)) {
            (Regime::Pcr2015, Regime::ProcurementAct2023) => errors.add(
                fields::START_DATE,
                format!(
                    "A system under the Public Contracts Regulations 2015 must have started \
                     before {}. Systems started since then come under the Procurement Act 2023",
                    long_date(ACT_COMMENCEMENT)
                ),
            ),
            (Regime::ProcurementAct2023, Regime::Pcr2015) => errors.add(
                fields::START_DATE,
                format!(
                    "A system under the Procurement Act 2023 must start on or after {}. \
                     A system started before then is under the Public Contracts Regulations 2015",
                    long_date(ACT_COMMENCEMENT)
                ),
            ),
            _ => {}
        }
        let term_end = self.term.end_date(self.start);
        match self.system_type {
            SystemType::Reg34Dps if term_end > PCR_DPS_LAST_DAY => errors.add(
                fields::TERM,
                format!(
                    "A Regulation 34 DPS must end by {}, and its validity cannot be extended \
                     beyond that. This term, with its extensions, ends on {}",
                    long_date(PCR_DPS_LAST_DAY),
                    long_date(term_end)
                ),
            ),
            SystemType::OpenFramework if self.term.total_years() > OPEN_FRAMEWORK_MAX_YEARS => {
                errors.add(
                    fields::TERM,
                    format!(
                        "An open framework can run for at most {OPEN_FRAMEWORK_MAX_YEARS} years \
                         in all, including extensions. This term is {} years",
                        self.term.total_years()
                    ),
                )
            }
            _ => {}
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The last day the system can operate; see [`system_end_date`].
    pub fn end_date(&self) -> Date {
        system_end_date(self.system_type, self.start, &self.term)
    }
}

/// The last day a system can operate with every extension taken. The legal caps apply
/// even to a record whose term says otherwise, so a system entered before a cap was
/// checked still stops taking applications and call-offs in time.
pub fn system_end_date(system_type: SystemType, start: Date, term: &Term) -> Date {
    let end = term.end_date(start);
    match system_type {
        SystemType::Reg34Dps => end.min(PCR_DPS_LAST_DAY),
        SystemType::OpenFramework => end.min(last_day_of_years(start, OPEN_FRAMEWORK_MAX_YEARS)),
        _ => end,
    }
}

fn wrong_law(system_type: SystemType, regime: Regime) -> String {
    let home = system_type
        .regimes()
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join(" or the ");
    let choices: Vec<&str> = regime.system_types().iter().map(|t| t.label()).collect();
    let choices = match choices.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    format!(
        "{} is a type of system under the {home}, not the {}. Choose {choices}",
        system_type.label(),
        regime.label(),
    )
}

/// "23 February 2029", the way dates are written on GOV.UK.
fn long_date(date: Date) -> String {
    format!("{} {} {}", date.day(), date.month(), date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(regime: Regime, system_type: SystemType, start: Date, term: &str) -> SystemPlan {
        SystemPlan {
            regime,
            system_type,
            start,
            term: Term::parse(term).expect("a valid term"),
        }
    }

    fn message(plan: &SystemPlan, field: &str) -> Option<String> {
        plan.check()
            .err()
            .and_then(|e| e.message_for(field).map(str::to_string))
    }

    #[test]
    fn a_system_started_before_the_act_is_under_the_2015_regulations() {
        assert_eq!(
            Regime::for_start_date(date!(2025 - 02 - 23)),
            Regime::Pcr2015
        );
        assert_eq!(
            Regime::for_start_date(date!(2019 - 04 - 01)),
            Regime::Pcr2015
        );
    }

    #[test]
    fn a_system_started_on_or_after_24_february_2025_is_under_the_act() {
        assert_eq!(
            Regime::for_start_date(date!(2025 - 02 - 24)),
            Regime::ProcurementAct2023
        );
        assert_eq!(
            Regime::for_start_date(date!(2026 - 01 - 05)),
            Regime::ProcurementAct2023
        );
    }

    #[test]
    fn a_new_2015_regulations_system_cannot_start_after_the_act() {
        let late = plan(
            Regime::Pcr2015,
            SystemType::LightTouchFramework,
            date!(2025 - 02 - 24),
            "2+1+1",
        );
        assert_eq!(
            message(&late, fields::START_DATE).as_deref(),
            Some(
                "A system under the Public Contracts Regulations 2015 must have started before \
                 24 February 2025. Systems started since then come under the Procurement Act 2023"
            )
        );
        let in_time = plan(
            Regime::Pcr2015,
            SystemType::LightTouchFramework,
            date!(2025 - 02 - 23),
            "2+1+1",
        );
        assert_eq!(in_time.check(), Ok(()));
    }

    #[test]
    fn an_act_system_cannot_start_before_the_act() {
        let early = plan(
            Regime::ProcurementAct2023,
            SystemType::DynamicMarket,
            date!(2025 - 02 - 23),
            "4",
        );
        assert!(message(&early, fields::START_DATE)
            .is_some_and(|m| m.contains("on or after 24 February 2025")));
        let on_the_day = SystemPlan {
            start: date!(2025 - 02 - 24),
            ..early
        };
        assert_eq!(on_the_day.check(), Ok(()));
    }

    #[test]
    fn a_system_type_must_match_its_regime() {
        let dps_under_act = plan(
            Regime::ProcurementAct2023,
            SystemType::Reg34Dps,
            date!(2025 - 06 - 01),
            "3",
        );
        assert_eq!(
            message(&dps_under_act, fields::SYSTEM_TYPE).as_deref(),
            Some(
                "Dynamic purchasing system (Regulation 34) is a type of system under the Public \
                 Contracts Regulations 2015, not the Procurement Act 2023. Choose Dynamic market, \
                 Open framework or Closed framework"
            )
        );
        let market_under_pcr = plan(
            Regime::Pcr2015,
            SystemType::DynamicMarket,
            date!(2024 - 06 - 01),
            "3",
        );
        assert!(message(&market_under_pcr, fields::SYSTEM_TYPE).is_some());
        for regime in Regime::ALL {
            let start = match regime {
                Regime::Pcr2015 => date!(2023 - 01 - 01),
                Regime::ProcurementAct2023 => date!(2026 - 01 - 01),
            };
            let closed = plan(regime, SystemType::ClosedFramework, start, "4");
            assert_eq!(closed.check(), Ok(()), "{regime:?}");
        }
    }

    #[test]
    fn a_dps_cannot_run_past_february_2029() {
        // Five years from 24 February 2024 end on 23 February 2029: the last day allowed.
        let to_the_last_day = plan(
            Regime::Pcr2015,
            SystemType::Reg34Dps,
            date!(2024 - 02 - 24),
            "5",
        );
        assert_eq!(
            to_the_last_day.term.end_date(to_the_last_day.start),
            PCR_DPS_LAST_DAY
        );
        assert_eq!(to_the_last_day.check(), Ok(()));

        let a_day_too_long = SystemPlan {
            start: date!(2024 - 02 - 25),
            ..to_the_last_day.clone()
        };
        assert!(message(&a_day_too_long, fields::TERM)
            .is_some_and(|m| m.contains("ends on 24 February 2029")));

        let haringey = plan(
            Regime::Pcr2015,
            SystemType::Reg34Dps,
            date!(2024 - 04 - 01),
            "2+1+1+1",
        );
        assert_eq!(
            message(&haringey, fields::TERM).as_deref(),
            Some(
                "A Regulation 34 DPS must end by 23 February 2029, and its validity cannot be \
                 extended beyond that. This term, with its extensions, ends on 31 March 2029"
            )
        );
        let haringey_as_let = plan(
            Regime::Pcr2015,
            SystemType::Reg34Dps,
            date!(2024 - 04 - 01),
            "2+1+1",
        );
        assert_eq!(haringey_as_let.check(), Ok(()));
    }

    #[test]
    fn a_dps_ends_on_23_february_2029_whatever_its_term_says() {
        assert_eq!(
            system_end_date(
                SystemType::Reg34Dps,
                date!(2025 - 01 - 01),
                &Term::parse("5").expect("term")
            ),
            date!(2029 - 02 - 23)
        );
        assert_eq!(
            system_end_date(
                SystemType::Reg34Dps,
                date!(2024 - 04 - 01),
                &Term::parse("2+1+1").expect("term")
            ),
            date!(2028 - 03 - 31)
        );
    }

    #[test]
    fn an_open_framework_is_capped_at_eight_years() {
        let start = date!(2025 - 06 - 01);
        let eight = plan(
            Regime::ProcurementAct2023,
            SystemType::OpenFramework,
            start,
            "3+3+2",
        );
        assert_eq!(eight.check(), Ok(()));
        assert_eq!(eight.end_date(), date!(2033 - 05 - 31));
        let nine = plan(
            Regime::ProcurementAct2023,
            SystemType::OpenFramework,
            start,
            "3+3+3",
        );
        assert_eq!(
            message(&nine, fields::TERM).as_deref(),
            Some(
                "An open framework can run for at most 8 years in all, including extensions. \
                 This term is 9 years"
            )
        );
        assert_eq!(nine.end_date(), date!(2033 - 05 - 31));
    }

    #[test]
    fn a_light_touch_framework_has_no_maximum_term() {
        let long = plan(
            Regime::Pcr2015,
            SystemType::LightTouchFramework,
            date!(2021 - 10 - 01),
            "5+5+5",
        );
        assert_eq!(long.check(), Ok(()));
        assert_eq!(long.end_date(), date!(2036 - 09 - 30));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let wrong = plan(
            Regime::Pcr2015,
            SystemType::OpenFramework,
            date!(2026 - 01 - 01),
            "10",
        );
        let errors = wrong.check().expect_err("three problems");
        assert!(errors.message_for(fields::SYSTEM_TYPE).is_some());
        assert!(errors.message_for(fields::START_DATE).is_some());
        assert!(errors.message_for(fields::TERM).is_some());
    }
}
