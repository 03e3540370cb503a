//! Newtypes for what people type into account forms. Each parses once, returning the
//! message to show beside the field; code holding one never checks it again.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Trimmed and lower-cased, so that one mailbox is one account.
    pub fn parse(input: &str) -> Result<Self, String> {
        let value = input.trim().to_lowercase();
        if value.is_empty() {
            return Err("Enter your email address".into());
        }
        if value.len() > 254 || !looks_like_email(&value) {
            return Err(
                "Enter an email address in the correct format, like name@example.com".into(),
            );
        }
        Ok(EmailAddress(value))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(feature = "ssr")]
fn looks_like_email(value: &str) -> bool {
    use validator::ValidateEmail;
    // validator accepts dotless domains ("a@localhost"), which no council user has.
    value.validate_email() && value.rsplit('@').next().is_some_and(|d| d.contains('.'))
}

#[cfg(not(feature = "ssr"))]
fn looks_like_email(value: &str) -> bool {
    value.contains('@')
}

/// A person's full name as they want it shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, String> {
        let value = collapse_spaces(input);
        match value.chars().count() {
            0 => Err("Enter your full name".into()),
            n if n > 100 => Err("Full name must be 100 characters or fewer".into()),
            _ => Ok(PersonName(value)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A registered organisation's name, e.g. "Oak Tree Children's Homes Ltd".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationName(String);

impl OrganisationName {
    pub fn parse(input: &str) -> Result<Self, String> {
        let value = collapse_spaces(input);
        match value.chars().count() {
            0 => Err("Enter your organisation's name".into()),
            1 => Err("Organisation name must be 2 characters or more".into()),
            n if n > 200 => Err("Organisation name must be 200 characters or fewer".into()),
            _ => Ok(OrganisationName(value)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key two names must not share: case and spacing do not make a new organisation.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

fn collapse_spaces(input: &str) -> String {
    input.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        assert_eq!(
            EmailAddress::parse("  Jo.Bloggs@Council.GOV.uk ")
                .unwrap()
                .as_str(),
            "jo.bloggs@council.gov.uk"
        );
    }

    #[test]
    fn blank_email_asks_for_one() {
        assert_eq!(
            EmailAddress::parse("  ").unwrap_err(),
            "Enter your email address"
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn malformed_email_is_refused() {
        for bad in [
            "jo",
            "jo@",
            "@council.gov.uk",
            "jo@localhost",
            "jo bloggs@x.uk",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn organisation_names_differing_only_in_case_and_spaces_share_a_key() {
        let a = OrganisationName::parse("Oak  Tree Homes").unwrap();
        let b = OrganisationName::parse(" oak tree homes").unwrap();
        assert_eq!(a.key(), b.key());
        assert_eq!(a.as_str(), "Oak Tree Homes");
    }

    #[test]
    fn names_have_limits() {
        assert!(PersonName::parse("").is_err());
        assert!(PersonName::parse(&"a".repeat(101)).is_err());
        assert!(OrganisationName::parse("x").is_err());
    }
}
