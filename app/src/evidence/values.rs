//! Evidence that is a value rather than a file: regulators' identifiers and ratings, and
//! the numbers that identify a supplier. Each parses once, returning the message to show
//! beside the field, so a council never receives a reference it cannot look up.

use serde::{Deserialize, Serialize};

/// An Ofsted unique reference number (URN).
///
/// Ofsted gives children's social care services (children's homes, independent fostering
/// agencies, supported accommodation) an "SC" followed by 6 digits when registered under
/// its older system, and a plain number of 6 or 7 digits now (schools, too, have 6). The
/// early years register's "EY" numbers are not accepted: no purchasing system here buys
/// childcare.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OfstedUrn(String);

impl OfstedUrn {
    /// Spaces are dropped and the prefix upper-cased, as people copy it from reports.
    pub fn parse(input: &str) -> Result<Self, String> {
        let value = without_spaces(input).to_uppercase();
        if value.is_empty() {
            return Err("Enter the Ofsted unique reference number (URN)".into());
        }
        let valid = match value.strip_prefix("SC") {
            Some(digits) => digits.len() == 6 && all_digits(digits),
            None => matches!(value.len(), 6 | 7) && all_digits(&value),
        };
        if !valid {
            return Err(
                "Enter an Ofsted URN in the correct format, like SC123456 or 2512345".into(),
            );
        }
        Ok(OfstedUrn(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A CQC location ID: "1-" followed by 9 to 11 digits, e.g. 1-123456789. A provider has
/// one ID and each place it delivers care another; ratings belong to the location.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CqcLocationId(String);

impl CqcLocationId {
    pub fn parse(input: &str) -> Result<Self, String> {
        let value = without_spaces(input);
        if value.is_empty() {
            return Err("Enter the CQC location ID".into());
        }
        let valid = value
            .strip_prefix("1-")
            .is_some_and(|digits| (9..=11).contains(&digits.len()) && all_digits(digits));
        if !valid {
            return Err("Enter a CQC location ID in the correct format, like 1-123456789".into());
        }
        Ok(CqcLocationId(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An Ofsted overall effectiveness judgement, as its social care inspections word it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfstedRating {
    Outstanding,
    Good,
    RequiresImprovement,
    Inadequate,
}

impl OfstedRating {
    pub const ALL: [OfstedRating; 4] = [
        OfstedRating::Outstanding,
        OfstedRating::Good,
        OfstedRating::RequiresImprovement,
        OfstedRating::Inadequate,
    ];

    /// The value a form posts and the database stores.
    pub fn code(self) -> &'static str {
        match self {
            OfstedRating::Outstanding => "outstanding",
            OfstedRating::Good => "good",
            OfstedRating::RequiresImprovement => "requires_improvement",
            OfstedRating::Inadequate => "inadequate",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OfstedRating::Outstanding => "Outstanding",
            OfstedRating::Good => "Good",
            OfstedRating::RequiresImprovement => "Requires improvement to be good",
            OfstedRating::Inadequate => "Inadequate",
        }
    }

    /// An Inadequate provider is suspended from new placement requests.
    pub fn is_inadequate(self) -> bool {
        self == OfstedRating::Inadequate
    }

    /// Accepts the code or the label, in any case.
    pub fn parse(input: &str) -> Result<Self, String> {
        find_rating(&OfstedRating::ALL, input, |r| [r.code(), r.label()])
            .ok_or_else(|| "Select the Ofsted rating".into())
    }
}

/// A CQC overall rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CqcRating {
    Outstanding,
    Good,
    RequiresImprovement,
    Inadequate,
}

impl CqcRating {
    pub const ALL: [CqcRating; 4] = [
        CqcRating::Outstanding,
        CqcRating::Good,
        CqcRating::RequiresImprovement,
        CqcRating::Inadequate,
    ];

    /// The value a form posts and the database stores.
    pub fn code(self) -> &'static str {
        match self {
            CqcRating::Outstanding => "outstanding",
            CqcRating::Good => "good",
            CqcRating::RequiresImprovement => "requires_improvement",
            CqcRating::Inadequate => "inadequate",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CqcRating::Outstanding => "Outstanding",
            CqcRating::Good => "Good",
            CqcRating::RequiresImprovement => "Requires improvement",
            CqcRating::Inadequate => "Inadequate",
        }
    }

    /// An Inadequate provider is suspended from new placement requests.
    pub fn is_inadequate(self) -> bool {
        self == CqcRating::Inadequate
    }

    /// Accepts the code or the label, in any case.
    pub fn parse(input: &str) -> Result<Self, String> {
        find_rating(&CqcRating::ALL, input, |r| [r.code(), r.label()])
            .ok_or_else(|| "Select the CQC rating".into())
    }
}

fn find_rating<R: Copy>(
    all: &[R],
    input: &str,
    names: impl Fn(R) -> [&'static str; 2],
) -> Option<R> {
    let wanted = input.trim();
    all.iter().copied().find(|r| {
        names(*r)
            .iter()
            .any(|name| name.eq_ignore_ascii_case(wanted))
    })
}

/// A Public Procurement Organisation Number, the supplier's number on the Central Digital
/// Platform under the Procurement Act 2023: `GB-PPON-XXXX-XXXX-XXXX`, each X an upper-case
/// letter or a digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ppon(String);

impl Ppon {
    pub fn parse(input: &str) -> Result<Self, String> {
        let value = input.trim().to_uppercase();
        if value.is_empty() {
            return Err("Enter your PPON".into());
        }
        let valid = value.strip_prefix("GB-PPON-").is_some_and(|groups| {
            let groups: Vec<&str> = groups.split('-').collect();
            groups.len() == 3
                && groups.iter().all(|g| {
                    g.len() == 4
                        && g.bytes()
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                })
        });
        if !valid {
            return Err("Enter a PPON in the correct format, like GB-PPON-AB12-CD34-EF56".into());
        }
        Ok(Ppon(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Companies House company number: 8 characters, either 8 digits (companies in England
/// and Wales) or a 2-character prefix and 6 digits (SC Scotland, NI Northern Ireland, OC
/// limited liability partnerships, R0 older Northern Ireland companies, and so on).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CompanyNumber(String);

impl CompanyNumber {
    /// A number typed without its leading zeros is padded to 8 digits, as Companies House
    /// does, so that "1234567" and "01234567" are one company.
    pub fn parse(input: &str) -> Result<Self, String> {
        let value = without_spaces(input).to_uppercase();
        if value.is_empty() {
            return Err("Enter your company number".into());
        }
        let value = if all_digits(&value) && value.len() < 8 {
            format!("{value:0>8}")
        } else {
            value
        };
        let valid = match value.as_bytes() {
            [a, b, rest @ ..] if rest.len() == 6 && rest.iter().all(u8::is_ascii_digit) => {
                let prefix = [*a, *b];
                prefix.iter().all(u8::is_ascii_digit)
                    || prefix.iter().all(u8::is_ascii_uppercase)
                    || prefix == *b"R0"
            }
            _ => false,
        };
        if !valid {
            return Err(
                "Enter a company number in the correct format, like 01234567 or SC123456".into(),
            );
        }
        Ok(CompanyNumber(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn without_spaces(input: &str) -> String {
    input.split_whitespace().collect()
}

fn all_digits(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ofsted_urns_of_each_form_are_accepted() {
        assert_eq!(OfstedUrn::parse("SC035560").unwrap().as_str(), "SC035560");
        assert_eq!(
            OfstedUrn::parse(" sc 035560 ").unwrap().as_str(),
            "SC035560"
        );
        assert_eq!(OfstedUrn::parse("2512345").unwrap().as_str(), "2512345");
        assert_eq!(OfstedUrn::parse("123456").unwrap().as_str(), "123456");
    }

    #[test]
    fn malformed_ofsted_urns_are_refused() {
        for bad in [
            "12345",
            "12345678",
            "SC12345",
            "SC1234567",
            "EY123456",
            "12a456",
        ] {
            assert_eq!(
                OfstedUrn::parse(bad).unwrap_err(),
                "Enter an Ofsted URN in the correct format, like SC123456 or 2512345",
                "{bad}"
            );
        }
        assert_eq!(
            OfstedUrn::parse(" ").unwrap_err(),
            "Enter the Ofsted unique reference number (URN)"
        );
    }

    #[test]
    fn cqc_location_ids_have_9_to_11_digits_after_1_dash() {
        assert_eq!(
            CqcLocationId::parse(" 1-123456789 ").unwrap().as_str(),
            "1-123456789"
        );
        assert!(CqcLocationId::parse("1-12345678901").is_ok());
        for bad in [
            "1-12345678",
            "1-123456789012",
            "2-123456789",
            "123456789",
            "1-12345678x",
        ] {
            assert!(CqcLocationId::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            CqcLocationId::parse("").unwrap_err(),
            "Enter the CQC location ID"
        );
    }

    #[test]
    fn ofsted_requires_improvement_is_worded_as_ofsted_does() {
        assert_eq!(
            OfstedRating::RequiresImprovement.label(),
            "Requires improvement to be good"
        );
        assert_eq!(
            CqcRating::RequiresImprovement.label(),
            "Requires improvement"
        );
    }

    #[test]
    fn ratings_parse_from_their_code_or_label() {
        assert_eq!(
            OfstedRating::parse("requires improvement to be good"),
            Ok(OfstedRating::RequiresImprovement)
        );
        assert_eq!(OfstedRating::parse("good"), Ok(OfstedRating::Good));
        assert_eq!(CqcRating::parse(" Inadequate "), Ok(CqcRating::Inadequate));
        for rating in CqcRating::ALL {
            assert_eq!(CqcRating::parse(rating.code()), Ok(rating));
        }
        assert_eq!(
            OfstedRating::parse("Satisfactory").unwrap_err(),
            "Select the Ofsted rating"
        );
        assert_eq!(CqcRating::parse("").unwrap_err(), "Select the CQC rating");
    }

    #[test]
    fn only_an_inadequate_rating_is_inadequate() {
        let inadequate: Vec<_> = OfstedRating::ALL
            .into_iter()
            .filter(|r| r.is_inadequate())
            .collect();
        assert_eq!(inadequate, [OfstedRating::Inadequate]);
        let inadequate: Vec<_> = CqcRating::ALL
            .into_iter()
            .filter(|r| r.is_inadequate())
            .collect();
        assert_eq!(inadequate, [CqcRating::Inadequate]);
    }

    #[test]
    fn a_ppon_is_trimmed_and_upper_cased() {
        assert_eq!(
            Ppon::parse("  gb-ppon-ab12-cd34-ef56 ").unwrap().as_str(),
            "GB-PPON-AB12-CD34-EF56"
        );
    }

    #[test]
    fn malformed_ppons_are_refused() {
        for bad in [
            "PPON-AB12-CD34-EF56",
            "GB-PPON-AB12-CD34",
            "GB-PPON-AB12-CD34-EF567",
            "GB-PPON-AB12-CD34-EF5!",
            "GB-PPON-AB12CD34EF56",
            "GB-PPON-AB12-CD34-EF56-GH78",
        ] {
            assert!(Ppon::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(Ppon::parse("").unwrap_err(), "Enter your PPON");
    }

    #[test]
    fn a_short_company_number_is_padded_with_zeros() {
        assert_eq!(
            CompanyNumber::parse("1234567").unwrap().as_str(),
            "01234567"
        );
        assert_eq!(CompanyNumber::parse("4").unwrap().as_str(), "00000004");
        assert_eq!(
            CompanyNumber::parse("01234567").unwrap().as_str(),
            "01234567"
        );
    }

    #[test]
    fn prefixed_company_numbers_are_accepted() {
        for (input, number) in [
            ("sc123456", "SC123456"),
            ("NI 012345", "NI012345"),
            ("OC301234", "OC301234"),
            ("R0001234", "R0001234"),
        ] {
            assert_eq!(CompanyNumber::parse(input).unwrap().as_str(), number);
        }
    }

    #[test]
    fn malformed_company_numbers_are_refused() {
        for bad in [
            "123456789",
            "SC12345",
            "SC1234567",
            "S1234567",
            "1A123456",
            "SC12345X",
        ] {
            assert!(CompanyNumber::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            CompanyNumber::parse(" ").unwrap_err(),
            "Enter your company number"
        );
    }
}
