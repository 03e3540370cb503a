//! What a provider types to add evidence to its library, parsed once into what is kept.

use super::values::{CqcLocationId, CqcRating, OfstedRating, OfstedUrn};
use super::EvidenceKind;
use crate::applications::questions::AnswerDate;
use crate::error::FormErrors;

/// Details of any item: what it is called and when it runs out.
#[derive(Debug, Clone, Default)]
pub struct ItemForm {
    pub title: String,
    /// `YYYY-MM-DD` from a date input; blank when it does not expire.
    pub expires_on: String,
}

/// A regulator's registration: the reference and the latest rating.
#[derive(Debug, Clone, Default)]
pub struct RegistrationForm {
    pub item: ItemForm,
    pub kind: String,
    pub reference: String,
    pub rating: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDetails {
    pub title: String,
    pub expires_on: Option<AnswerDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub kind: EvidenceKind,
    pub details: ItemDetails,
    pub reference: String,
    pub rating: String,
}

impl ItemForm {
    fn check(&self, errors: &mut FormErrors, today: AnswerDate) -> Option<ItemDetails> {
        let title = self.title.trim();
        if title.is_empty() {
            errors.add(
                "title",
                "Enter what this evidence is, like Public liability insurance",
            );
        } else if title.chars().count() > 120 {
            errors.add("title", "Name must be 120 characters or fewer");
        }
        let expires_on = match self.expires_on.trim() {
            "" => None,
            text => match AnswerDate::parse_iso(text) {
                Ok(date) if date < today => {
                    errors.add("expires_on", "Expiry date must be today or in the future: this evidence has already expired");
                    None
                }
                Ok(date) => Some(date),
                Err(message) => {
                    errors.add("expires_on", message);
                    None
                }
            },
        };
        Some(ItemDetails {
            title: title.to_string(),
            expires_on,
        })
    }

    pub fn parse(&self, today: AnswerDate) -> Result<ItemDetails, FormErrors> {
        let mut errors = FormErrors::new();
        let details = self.check(&mut errors, today);
        match details {
            Some(details) if errors.is_empty() => Ok(details),
            _ => Err(self.kept(errors)),
        }
    }

    fn kept(&self, errors: FormErrors) -> FormErrors {
        errors
            .keep("title", &self.title)
            .keep("expires_on", &self.expires_on)
    }
}

impl RegistrationForm {
    pub fn parse(&self, today: AnswerDate) -> Result<Registration, FormErrors> {
        let mut errors = FormErrors::new();
        let details = self.item.check(&mut errors, today);
        let kind = EvidenceKind::parse(&self.kind);
        let (reference, rating) = match kind {
            Some(EvidenceKind::Ofsted) => (
                OfstedUrn::parse(&self.reference).map(|u| u.as_str().to_string()),
                OfstedRating::parse(&self.rating).map(|r| r.label().to_string()),
            ),
            Some(EvidenceKind::Cqc) => (
                CqcLocationId::parse(&self.reference).map(|u| u.as_str().to_string()),
                CqcRating::parse(&self.rating).map(|r| r.label().to_string()),
            ),
            _ => {
                errors.add("kind", "Select Ofsted or CQC");
                (Ok(String::new()), Ok(String::new()))
            }
        };
        if let Err(message) = &reference {
            errors.add("reference", message.clone());
        }
        if let Err(message) = &rating {
            errors.add("rating", message.clone());
        }
        match (kind, details, reference, rating) {
            (Some(kind), Some(details), Ok(reference), Ok(rating)) if errors.is_empty() => {
                Ok(Registration {
                    kind,
                    details,
                    reference,
                    rating,
                })
            }
            _ => Err(self
                .item
                .kept(errors)
                .keep("kind", &self.kind)
                .keep("reference", &self.reference)
                .keep("rating", &self.rating)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: AnswerDate = AnswerDate {
        year: 2026,
        month: 12,
        day: 2,
    };

    fn ofsted(reference: &str, rating: &str) -> RegistrationForm {
        RegistrationForm {
            item: ItemForm {
                title: "Ofsted registration, Rosewood House".into(),
                expires_on: String::new(),
            },
            kind: "ofsted".into(),
            reference: reference.into(),
            rating: rating.into(),
        }
    }

    #[test]
    fn an_ofsted_registration_is_kept_in_its_canonical_form() {
        let registration = ofsted("sc 123456", "good").parse(TODAY).unwrap();
        assert_eq!(registration.reference, "SC123456");
        assert_eq!(registration.rating, "Good");
        assert_eq!(registration.kind, EvidenceKind::Ofsted);
    }

    #[test]
    fn a_malformed_reference_is_refused_beside_its_field_and_kept() {
        let errors = ofsted("12-34", "good").parse(TODAY).unwrap_err();
        assert!(errors.message_for("reference").is_some());
        assert_eq!(errors.value_for("reference"), Some("12-34"));
    }

    #[test]
    fn a_cqc_location_needs_the_cqc_format() {
        let mut form = ofsted("1-123456789", "outstanding");
        form.kind = "cqc".into();
        assert_eq!(form.parse(TODAY).unwrap().reference, "1-123456789");
        form.reference = "SC123456".into();
        assert!(form.parse(TODAY).is_err());
    }

    #[test]
    fn evidence_that_has_already_expired_is_refused() {
        let item = ItemForm {
            title: "Employers' liability insurance".into(),
            expires_on: "2026-12-01".into(),
        };
        let errors = item.parse(TODAY).unwrap_err();
        assert!(errors
            .message_for("expires_on")
            .unwrap()
            .contains("already expired"));
        let item = ItemForm {
            expires_on: "2026-12-02".into(),
            ..item
        };
        assert!(item.parse(TODAY).is_ok());
    }

    #[test]
    fn an_item_needs_a_name() {
        let errors = ItemForm::default().parse(TODAY).unwrap_err();
        assert!(errors.message_for("title").is_some());
    }
}
