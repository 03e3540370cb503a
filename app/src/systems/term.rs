//! How long a system runs: an initial period plus optional extensions, written the way
//! commissioners write it ("2+1+1"). Extensions are kept apart from the initial period
//! because each is a decision the council records when the previous period ends.

use serde::{Deserialize, Serialize};
use std::fmt;

/// No law caps a light-touch framework, but a longer term is a typing slip, and the
/// dates must stay within what the calendar can hold.
const MAX_TOTAL_YEARS: u32 = 99;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    pub initial_years: u8,
    pub extension_years: Vec<u8>,
}

impl Term {
    /// Reads "2+1+1", "4" or "2 + 1 + 1 years"; every period is at least one year.
    pub fn parse(input: &str) -> Result<Self, String> {
        let text = input.trim().to_lowercase();
        let text = text
            .strip_suffix("years")
            .or_else(|| text.strip_suffix("year"))
            .unwrap_or(&text)
            .trim();
        if text.is_empty() {
            return Err("Enter the term, like 2+1+1 for 2 years with two 1-year extensions".into());
        }
        let mut periods = Vec::new();
        for part in text.split('+') {
            let part = part.trim();
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err("Enter the term as whole years joined by +, like 2+1+1".into());
            }
            match part.parse::<u32>() {
                Ok(0) => return Err("Each period of the term must be at least 1 year".into()),
                Ok(years) if years <= MAX_TOTAL_YEARS => periods.push(years),
                _ => return Err(too_long()),
            }
        }
        if periods.iter().sum::<u32>() > MAX_TOTAL_YEARS {
            return Err(too_long());
        }
        let mut years = periods
            .into_iter()
            .map(|y| u8::try_from(y).unwrap_or(u8::MAX));
        let initial_years = years.next().unwrap_or(1);
        Ok(Term {
            initial_years,
            extension_years: years.collect(),
        })
    }

    /// The longest the system can run, if every extension is taken.
    pub fn total_years(&self) -> u32 {
        self.extension_years
            .iter()
            .fold(u32::from(self.initial_years), |total, &y| {
                total.saturating_add(u32::from(y))
            })
    }
}

fn too_long() -> String {
    format!("The term must be {MAX_TOTAL_YEARS} years or fewer in all")
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.initial_years)?;
        for years in &self.extension_years {
            write!(f, "+{years}")?;
        }
        Ok(())
    }
}

#[cfg(feature = "ssr")]
mod dates {
    use super::Term;
    use time::{Date, Month};

    impl Term {
        /// The last day of the term with every extension taken.
        pub fn end_date(&self, start: Date) -> Date {
            last_day_of_years(start, self.total_years())
        }

        /// The last day of the initial period and of each extension: the council
        /// decides on the next extension by each of these but the last.
        pub fn period_ends(&self, start: Date) -> Vec<Date> {
            let mut years = u32::from(self.initial_years);
            let mut ends = vec![last_day_of_years(start, years)];
            for &extension in &self.extension_years {
                years = years.saturating_add(u32::from(extension));
                ends.push(last_day_of_years(start, years));
            }
            ends
        }
    }

    /// The last day of a period of `years` years beginning with `start`: the day
    /// before the anniversary (1 April 2025 + 4 years ends on 31 March 2029). A period
    /// begun on 29 February ends on 28 February, as if the anniversary were 1 March.
    pub fn last_day_of_years(start: Date, years: u32) -> Date {
        let year = i32::try_from(years)
            .ok()
            .and_then(|y| start.year().checked_add(y));
        let anniversary = year.and_then(|year| {
            Date::from_calendar_date(year, start.month(), start.day())
                .or_else(|_| Date::from_calendar_date(year, Month::March, 1))
                .ok()
        });
        anniversary
            .and_then(Date::previous_day)
            .unwrap_or(Date::MAX)
    }
}

#[cfg(feature = "ssr")]
pub use dates::last_day_of_years;

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str) -> Term {
        Term::parse(text).expect("a valid term")
    }

    #[test]
    fn a_term_is_read_as_initial_years_plus_extensions() {
        assert_eq!(
            term("2+1+1"),
            Term {
                initial_years: 2,
                extension_years: vec![1, 1]
            }
        );
        assert_eq!(term(" 2 + 1 + 1 years "), term("2+1+1"));
        assert_eq!(
            term("4"),
            Term {
                initial_years: 4,
                extension_years: vec![]
            }
        );
        assert_eq!(term("1 year").total_years(), 1);
    }

    #[test]
    fn a_term_adds_up_its_periods() {
        assert_eq!(term("2+1+1").total_years(), 4);
        assert_eq!(term("3+2+2+1").total_years(), 8);
    }

    #[test]
    fn a_term_is_written_back_the_way_it_was_typed() {
        assert_eq!(term("2 + 1 + 1").to_string(), "2+1+1");
        assert_eq!(term("5").to_string(), "5");
    }

    #[test]
    fn a_term_that_is_not_whole_years_joined_by_plus_is_refused_with_a_message() {
        for bad in [
            "2+", "+1", "2++1", "two", "2.5", "2-1", "-2", "2,1,1", "2 1",
        ] {
            let message = Term::parse(bad).expect_err(bad);
            assert!(message.contains("like 2+1+1"), "{bad}: {message}");
        }
        assert!(Term::parse("  ")
            .expect_err("empty")
            .starts_with("Enter the term"));
    }

    #[test]
    fn every_period_of_a_term_is_at_least_a_year() {
        assert_eq!(
            Term::parse("2+0").expect_err("zero extension"),
            "Each period of the term must be at least 1 year"
        );
        assert!(Term::parse("0").is_err());
    }

    #[test]
    fn a_term_cannot_be_absurdly_long() {
        assert!(Term::parse("99").is_ok());
        assert!(Term::parse("100").is_err());
        assert!(Term::parse("50+50").is_err());
        assert!(Term::parse("99999999999999999999").is_err());
    }

    #[cfg(feature = "ssr")]
    mod dates {
        use super::*;
        use time::macros::date;

        #[test]
        fn a_term_ends_the_day_before_its_anniversary() {
            assert_eq!(
                term("2+1+1").end_date(date!(2025 - 04 - 01)),
                date!(2029 - 03 - 31)
            );
            assert_eq!(
                term("1").end_date(date!(2025 - 01 - 01)),
                date!(2025 - 12 - 31)
            );
        }

        #[test]
        fn a_term_begun_on_a_leap_day_ends_at_the_end_of_february() {
            assert_eq!(
                term("1").end_date(date!(2024 - 02 - 29)),
                date!(2025 - 02 - 28)
            );
            assert_eq!(
                term("4").end_date(date!(2024 - 02 - 29)),
                date!(2028 - 02 - 28)
            );
        }

        #[test]
        fn extension_decisions_fall_at_the_end_of_years_two_and_three() {
            assert_eq!(
                term("2+1+1").period_ends(date!(2025 - 04 - 01)),
                vec![
                    date!(2027 - 03 - 31),
                    date!(2028 - 03 - 31),
                    date!(2029 - 03 - 31)
                ]
            );
        }

        #[test]
        fn a_hand_built_term_beyond_the_calendar_does_not_panic() {
            let huge = Term {
                initial_years: 255,
                extension_years: vec![255; 100],
            };
            assert_eq!(huge.end_date(date!(2025 - 01 - 01)), time::Date::MAX);
        }
    }
}
