//! Sums of money, held as whole pence so that nothing is lost to rounding.

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    pub const fn pounds(pounds: i64) -> Money {
        Money(pounds * 100)
    }

    pub fn pence(self) -> i64 {
        self.0
    }

    /// Reads an amount as people type it: `7200000`, `7,200,000`, `£7,200,000.00`.
    /// Negative amounts and fractions of a penny are refused.
    pub fn parse(input: &str) -> Result<Money, String> {
        let cleaned: String = input
            .trim()
            .trim_start_matches('£')
            .chars()
            .filter(|c| *c != ',' && !c.is_whitespace())
            .collect();
        let invalid = || String::from("Enter an amount in pounds, like 7,200,000");
        if cleaned.is_empty() {
            return Err(invalid());
        }
        let (pounds, pence) = match cleaned.split_once('.') {
            Some((pounds, pence)) => (pounds, pence),
            None => (cleaned.as_str(), ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if pounds.is_empty() || !digits(pounds) || !digits(pence) || pence.len() > 2 {
            return Err(invalid());
        }
        let pounds: i64 = pounds
            .parse()
            .map_err(|_| String::from("Amount is too large"))?;
        let pence: i64 = match pence.len() {
            0 => 0,
            1 => pence.parse::<i64>().map_err(|_| invalid())? * 10,
            _ => pence.parse().map_err(|_| invalid())?,
        };
        pounds
            .checked_mul(100)
            .and_then(|p| p.checked_add(pence))
            .map(Money)
            .ok_or_else(|| String::from("Amount is too large"))
    }

    /// As a form field shows it for editing: `7200000` or `7200000.50`.
    pub fn for_input(self) -> String {
        let (pounds, pence) = (self.0 / 100, self.0 % 100);
        if pence == 0 {
            pounds.to_string()
        } else {
            format!("{pounds}.{pence:02}")
        }
    }

    /// As a spreadsheet reads an amount: `4250.00`, no symbol or separators.
    pub fn decimal(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl std::fmt::Display for Money {
    /// `£7,200,000` or `£1,234.50`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (pounds, pence) = (self.0 / 100, self.0 % 100);
        let digits = pounds.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if pence == 0 {
            write!(f, "£{grouped}")
        } else {
            write!(f, "£{grouped}.{pence:02}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spreadsheet_amount_always_shows_its_pence_and_no_separators() {
        assert_eq!(Money(425_000).decimal(), "4250.00");
        assert_eq!(Money(720_000_005).decimal(), "7200000.05");
        assert_eq!(Money(50).decimal(), "0.50");
    }

    #[test]
    fn amounts_are_read_as_people_type_them() {
        assert_eq!(Money::parse("7200000"), Ok(Money(720_000_000)));
        assert_eq!(Money::parse("£7,200,000"), Ok(Money(720_000_000)));
        assert_eq!(Money::parse(" 33,300,000.00 "), Ok(Money(3_330_000_000)));
        assert_eq!(Money::parse("1234.5"), Ok(Money(123_450)));
        assert_eq!(Money::parse("0.07"), Ok(Money(7)));
    }

    #[test]
    fn what_is_not_an_amount_is_refused() {
        for bad in ["", "£", "-5", "1.234", "seven", "1.2.3", ".50", "1e6"] {
            assert!(Money::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            Money::parse("99999999999999999999"),
            Err("Amount is too large".into())
        );
    }

    #[test]
    fn amounts_show_with_thousands_separators() {
        assert_eq!(Money(720_000_000).to_string(), "£7,200,000");
        assert_eq!(Money(123_450).to_string(), "£1,234.50");
        assert_eq!(Money(99).to_string(), "£0.99");
        assert_eq!(Money(100_000).to_string(), "£1,000");
        assert_eq!(Money(123_450).for_input(), "1234.50");
        assert_eq!(Money(720_000_000).for_input(), "7200000");
    }
}
