//! A renewed self-declaration: whether any exclusion ground now applies, what has
//! changed since the provider was admitted, and who signs it. Parsed once from the form;
//! stored as JSON, and the next one is pre-filled from it.

use crate::compliance::model::DeclarationAnswers;
use crate::error::FormErrors;
use serde::{Deserialize, Serialize};

/// The longest free-text answer, in characters.
pub const MAX_TEXT: usize = 2_000;
const MAX_NAME: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Declaration {
    /// True when the provider declares that an exclusion ground applies (then
    /// `grounds_details` says which and what it has done about it).
    pub grounds_apply: bool,
    pub grounds_details: String,
    pub changes: String,
    pub signatory_name: String,
    pub signatory_role: String,
}

fn text(
    errors: &mut FormErrors,
    field: &str,
    value: &str,
    max: usize,
    missing: Option<&str>,
) -> String {
    let value = value.trim();
    match missing {
        Some(message) if value.is_empty() => errors.add(field, message),
        _ if value.chars().count() > max => {
            errors.add(field, format!("Keep it to {max} characters"))
        }
        _ => {}
    }
    value.to_string()
}

impl Declaration {
    /// The form as posted; every problem at once, with what was typed kept.
    pub fn parse(form: &DeclarationAnswers, confirmed: bool) -> Result<Self, FormErrors> {
        let mut errors = FormErrors::new();
        let grounds_apply = match form.grounds.as_str() {
            "none" => Some(false),
            "apply" => Some(true),
            _ => {
                errors.add(
                    "grounds",
                    "Select whether any exclusion ground applies to your organisation",
                );
                None
            }
        };
        let details_missing = grounds_apply
            .unwrap_or(false)
            .then_some("Say which ground applies and what you have done about it");
        let declaration = Declaration {
            grounds_apply: grounds_apply.unwrap_or(false),
            grounds_details: text(
                &mut errors,
                "grounds_details",
                &form.grounds_details,
                MAX_TEXT,
                details_missing,
            ),
            changes: text(&mut errors, "changes", &form.changes, MAX_TEXT, None),
            signatory_name: text(
                &mut errors,
                "signatory_name",
                &form.signatory_name,
                MAX_NAME,
                Some("Enter the name of the person making the declaration"),
            ),
            signatory_role: text(
                &mut errors,
                "signatory_role",
                &form.signatory_role,
                MAX_NAME,
                Some("Enter their position in your organisation"),
            ),
        };
        if !confirmed {
            errors.add(
                "confirm",
                "Confirm that the declaration is true and that you may make it",
            );
        }
        if errors.is_empty() {
            Ok(declaration)
        } else {
            Err(errors
                .keep("grounds", &form.grounds)
                .keep("grounds_details", &form.grounds_details)
                .keep("changes", &form.changes)
                .keep("signatory_name", &form.signatory_name)
                .keep("signatory_role", &form.signatory_role))
        }
    }

    /// The answers to pre-fill the next declaration with. The exclusion question is
    /// asked afresh each time: a past "none apply" must not become today's by default.
    pub fn prefill(&self) -> DeclarationAnswers {
        DeclarationAnswers {
            grounds: String::new(),
            grounds_details: self.grounds_details.clone(),
            changes: String::new(),
            signatory_name: self.signatory_name.clone(),
            signatory_role: self.signatory_role.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(grounds: &str, details: &str) -> DeclarationAnswers {
        DeclarationAnswers {
            grounds: grounds.into(),
            grounds_details: details.into(),
            changes: "  New registered manager from May  ".into(),
            signatory_name: "Olivia Manager".into(),
            signatory_role: "Registered manager".into(),
        }
    }

    #[test]
    fn a_complete_declaration_parses_and_is_trimmed() {
        let parsed = Declaration::parse(&form("none", ""), true).expect("valid");
        assert!(!parsed.grounds_apply);
        assert_eq!(parsed.changes, "New registered manager from May");
    }

    #[test]
    fn a_ground_that_applies_needs_its_details() {
        let errors = Declaration::parse(&form("apply", " "), true).expect_err("no details");
        assert!(errors.message_for("grounds_details").is_some());
        let parsed = Declaration::parse(&form("apply", "A director was convicted; removed"), true)
            .expect("with details");
        assert!(parsed.grounds_apply);
    }

    #[test]
    fn every_problem_is_reported_at_once_and_the_typing_is_kept() {
        let mut answers = form("", "");
        answers.signatory_name = String::new();
        let errors = Declaration::parse(&answers, false).expect_err("invalid");
        for field in ["grounds", "signatory_name", "confirm"] {
            assert!(errors.message_for(field).is_some(), "{field}");
        }
        assert_eq!(
            errors.value_for("signatory_role"),
            Some("Registered manager")
        );
    }

    #[test]
    fn overlong_text_is_refused() {
        let mut answers = form("none", "");
        answers.changes = "x".repeat(MAX_TEXT + 1);
        let errors = Declaration::parse(&answers, true).expect_err("too long");
        assert!(errors.message_for("changes").is_some());
    }

    #[test]
    fn the_next_declaration_asks_the_exclusion_question_again() {
        let parsed = Declaration::parse(&form("none", ""), true).expect("valid");
        let next = parsed.prefill();
        assert_eq!(next.grounds, "");
        assert_eq!(next.signatory_name, "Olivia Manager");
    }
}
