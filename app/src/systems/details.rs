//! The form that creates or edits a system, read once into typed details: every field's
//! problem is reported at once, beside its field, and the law's rules are checked with
//! the rest (`regime::SystemPlan::check`).

use super::fields;
use super::regime::SystemPlan;
use super::types::{Regime, SystemType};
use super::{AwardWeights, Term};
use crate::applications::questions::AnswerDate;
use crate::error::FormErrors;
use crate::money::Money;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// The system form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemForm {
    pub reference: String,
    pub title: String,
    pub description: String,
    pub regime: String,
    pub system_type: String,
    pub start_date: String,
    pub term: String,
    pub estimated_value: String,
    pub quality_weight: String,
    pub price_weight: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemDetails {
    pub reference: String,
    pub title: String,
    pub description: String,
    pub plan: SystemPlan,
    pub estimated_value: Option<Money>,
    pub weights: AwardWeights,
}

pub const REFERENCE_MAX: usize = 40;
pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 5000;

impl SystemForm {
    pub fn parse(&self) -> Result<SystemDetails, FormErrors> {
        let mut errors = self.kept();
        let reference = reference(&self.reference).map_err(|m| errors.add(fields::REFERENCE, m));
        let title = text(&self.title, "title", TITLE_MAX).map_err(|m| errors.add(fields::TITLE, m));
        let description = text(&self.description, "description", DESCRIPTION_MAX)
            .map_err(|m| errors.add(fields::DESCRIPTION, m));
        let regime = Regime::parse(&self.regime).ok_or_else(|| {
            errors.add(
                fields::REGIME,
                "Select the law the system is procured under",
            )
        });
        let system_type = SystemType::parse(&self.system_type)
            .ok_or_else(|| errors.add(fields::SYSTEM_TYPE, "Select the type of system"));
        let start = iso_date(&self.start_date).map_err(|m| errors.add(fields::START_DATE, m));
        let term = Term::parse(&self.term).map_err(|m| errors.add(fields::TERM, m));
        let estimated_value = match self.estimated_value.trim() {
            "" => Ok(None),
            typed => Money::parse(typed)
                .map(Some)
                .map_err(|m| errors.add(fields::ESTIMATED_VALUE, m)),
        };
        let weights = AwardWeights::parse(&self.quality_weight, &self.price_weight)
            .map_err(|e| errors.errors.extend(e.errors));
        let (
            Ok(reference),
            Ok(title),
            Ok(description),
            Ok(regime),
            Ok(system_type),
            Ok(start),
            Ok(term),
            Ok(estimated_value),
            Ok(weights),
        ) = (
            reference,
            title,
            description,
            regime,
            system_type,
            start,
            term,
            estimated_value,
            weights,
        )
        else {
            return Err(errors);
        };
        let plan = SystemPlan {
            regime,
            system_type,
            start,
            term,
        };
        if let Err(problems) = plan.check() {
            errors.errors.extend(problems.errors);
            return Err(errors);
        }
        Ok(SystemDetails {
            reference,
            title,
            description,
            plan,
            estimated_value,
            weights,
        })
    }

    /// The typed values, kept for the form shown again after a problem.
    pub fn kept(&self) -> FormErrors {
        [
            (fields::REFERENCE, &self.reference),
            (fields::TITLE, &self.title),
            (fields::DESCRIPTION, &self.description),
            (fields::REGIME, &self.regime),
            (fields::SYSTEM_TYPE, &self.system_type),
            (fields::START_DATE, &self.start_date),
            (fields::TERM, &self.term),
            (fields::ESTIMATED_VALUE, &self.estimated_value),
            (fields::QUALITY_WEIGHT, &self.quality_weight),
            (fields::PRICE_WEIGHT, &self.price_weight),
        ]
        .into_iter()
        .fold(FormErrors::new(), |e, (field, value)| e.keep(field, value))
    }
}

fn reference(input: &str) -> Result<String, String> {
    let value = input.trim();
    if value.is_empty() {
        return Err("Enter the system's reference".into());
    }
    if value.chars().count() > REFERENCE_MAX {
        return Err(format!(
            "Reference must be {REFERENCE_MAX} characters or fewer"
        ));
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '_' | '.' | ' '))
    {
        return Err(
            "Reference must only include letters, numbers, spaces, hyphens, slashes, dots and underscores"
                .into(),
        );
    }
    Ok(value.to_string())
}

fn text(input: &str, name: &str, max: usize) -> Result<String, String> {
    let value = input.trim();
    if value.is_empty() {
        return Err(format!("Enter the {name}"));
    }
    if value.chars().count() > max {
        let mut name = name.to_string();
        if let Some(first) = name.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        return Err(format!("{name} must be {max} characters or fewer"));
    }
    Ok(value.to_string())
}

/// A date as a date input sends it, `YYYY-MM-DD`.
pub fn iso_date(input: &str) -> Result<Date, String> {
    if input.trim().is_empty() {
        return Err("Enter the start date".into());
    }
    let parts = AnswerDate::parse_iso(input)?;
    let month = Month::try_from(parts.month).map_err(|_| "Date must be a real date")?;
    Date::from_calendar_date(parts.year, month, parts.day)
        .map_err(|_| "Date must be a real date".into())
}

/// `1 April 2024`, as dates read on every page.
pub fn long_date(date: Date) -> String {
    format!("{} {} {}", date.day(), date.month(), date.year())
}

/// A stored ISO date as [`long_date`] shows it; anything else as it was stored.
pub fn long_date_of(iso: &str) -> String {
    iso_date(iso)
        .map(long_date)
        .unwrap_or_else(|_| iso.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn haringey() -> SystemForm {
        SystemForm {
            reference: "HAR-DPS-2024-01".into(),
            title: "Home care and family support DPS".into(),
            description: "Home care, family support and family therapeutic support.".into(),
            regime: "pcr_2015".into(),
            system_type: "reg34_dps".into(),
            start_date: "2024-04-01".into(),
            term: "2+1+1".into(),
            estimated_value: "£7,200,000".into(),
            quality_weight: "60".into(),
            price_weight: "40".into(),
        }
    }

    #[test]
    fn a_complete_form_reads_into_details() {
        let details = haringey().parse().expect("valid");
        assert_eq!(details.reference, "HAR-DPS-2024-01");
        assert_eq!(details.plan.start, date!(2024 - 04 - 01));
        assert_eq!(details.plan.end_date(), date!(2028 - 03 - 31));
        assert_eq!(details.estimated_value, Some(Money(720_000_000)));
        assert_eq!(details.weights, AwardWeights::new(60, 40).expect("weights"));
    }

    #[test]
    fn every_blank_field_is_named_at_once_and_typed_values_are_kept() {
        let form = SystemForm {
            term: "2+1".into(),
            ..SystemForm::default()
        };
        let errors = form.parse().expect_err("blank");
        for field in [
            fields::REFERENCE,
            fields::TITLE,
            fields::DESCRIPTION,
            fields::REGIME,
            fields::SYSTEM_TYPE,
            fields::START_DATE,
            fields::QUALITY_WEIGHT,
        ] {
            assert!(errors.message_for(field).is_some(), "{field}");
        }
        assert_eq!(errors.message_for(fields::TERM), None);
        assert_eq!(errors.value_for(fields::TERM), Some("2+1"));
    }

    #[test]
    fn the_law_is_checked_with_the_form() {
        let form = SystemForm {
            start_date: "2025-03-01".into(),
            ..haringey()
        };
        let errors = form.parse().expect_err("a DPS after the Act");
        assert!(errors
            .message_for(fields::START_DATE)
            .is_some_and(|m| m.contains("before 24 February 2025")));
        assert_eq!(errors.value_for(fields::REFERENCE), Some("HAR-DPS-2024-01"));
    }

    #[test]
    fn an_estimated_value_is_optional_but_must_be_money() {
        let none = SystemForm {
            estimated_value: " ".into(),
            ..haringey()
        };
        assert_eq!(none.parse().expect("valid").estimated_value, None);
        let bad = SystemForm {
            estimated_value: "lots".into(),
            ..haringey()
        };
        assert!(bad
            .parse()
            .expect_err("not money")
            .message_for(fields::ESTIMATED_VALUE)
            .is_some());
    }

    #[test]
    fn a_reference_is_short_and_plain() {
        assert!(reference("HAR/DPS 2024.1_a").is_ok());
        assert!(reference("<script>").is_err());
        assert!(reference(&"A".repeat(41)).is_err());
        assert_eq!(reference("  NW-16+ ").unwrap_err(), "Reference must only include letters, numbers, spaces, hyphens, slashes, dots and underscores");
    }

    #[test]
    fn a_start_date_must_be_real() {
        assert_eq!(iso_date("2024-02-29"), Ok(date!(2024 - 02 - 29)));
        assert!(iso_date("2023-02-29").is_err());
        assert!(iso_date("1 April").is_err());
        assert_eq!(iso_date(""), Err("Enter the start date".into()));
    }
}
