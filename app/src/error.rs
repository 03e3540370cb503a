//! The one error type of the portal. Server functions return it; views turn it into
//! what the user sees exactly once (see `components::form`).

use serde::{Deserialize, Serialize};
use server_fn::{codec::JsonEncoding, error::FromServerFnError, ServerFnError};

/// A message tied to one form field (`field` is the input's `id`/`name`), or to the
/// whole form when `field` is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// What was wrong with a submitted form, plus the values the user typed (never
/// passwords) so that a page rendered after a plain, JavaScript-free post can show them
/// again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormErrors {
    pub errors: Vec<FieldError>,
    pub values: Vec<(String, String)>,
}

impl FormErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// With one more problem, for a check made after the form was read.
    pub fn with(mut self, field: &str, message: impl Into<String>) -> Self {
        self.add(field, message);
        self
    }

    pub fn keep(mut self, field: &str, value: &str) -> Self {
        self.values.push((field.to_string(), value.to_string()));
        self
    }

    /// Keeps which boxes of a group were ticked, so a failed post shows them ticked
    /// again. A marker entry records that the group was kept at all: a group with no
    /// box ticked sends nothing, and must not fall back to the page's defaults.
    pub fn keep_ticked<I, V>(mut self, field: &str, values: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: ToString,
    {
        let key = format!("{field}[]");
        self.values.push((key.clone(), String::new()));
        for value in values {
            self.values.push((key.clone(), value.to_string()));
        }
        self
    }

    /// Keeps one yes/no box as ticked or not.
    pub fn keep_tick(self, field: &str, ticked: bool) -> Self {
        self.keep(field, if ticked { "yes" } else { "no" })
    }

    /// The boxes of group `field` ticked before a failed post, if the form kept them.
    pub fn ticked_for(&self, field: &str) -> Option<Vec<&str>> {
        let key = format!("{field}[]");
        let mut kept = self.values.iter().filter(|(k, _)| *k == key).peekable();
        kept.peek()?;
        Some(
            kept.map(|(_, v)| v.as_str())
                .filter(|v| !v.is_empty())
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn message_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub fn value_for(&self, field: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == field)
            .map(|(_, v)| v.as_str())
    }

    /// The same errors with a field renamed, for a form whose field names differ from
    /// the rule's (two forms on one page cannot share ids).
    pub fn renamed(mut self, from: &str, to: &str) -> Self {
        for error in &mut self.errors {
            if error.field == from {
                error.field = to.to_string();
            }
        }
        for (field, _) in &mut self.values {
            if field == from {
                *field = to.to_string();
            }
        }
        self
    }

    /// A single-message error for the field.
    pub fn one(field: &str, message: impl Into<String>) -> Self {
        let mut errors = Self::new();
        errors.add(field, message);
        errors
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("There is a problem")]
    Invalid(FormErrors),
    #[error("You need to sign in to see this page")]
    Unauthenticated,
    #[error("You do not have permission to do that")]
    Forbidden,
    #[error("Page not found")]
    NotFound,
    /// Anything the user cannot fix. The details are logged on the server, never shown.
    #[error("Sorry, there is a problem with the service. Try again later.")]
    Internal,
    /// The request did not reach the server or could not be read.
    #[error("Sorry, the request could not be completed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(FormErrors::one(field, message))
    }

    /// The HTTP status a JSON client gets for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    pub fn form_errors(&self) -> Option<&FormErrors> {
        match self {
            AppError::Invalid(errors) => Some(errors),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

impl From<ServerFnError> for AppError {
    fn from(value: ServerFnError) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// Two people changing the same thing at once can meet a unique index: that is
    /// theirs to retry, not a fault of the service.
    fn from(error: sqlx::Error) -> Self {
        if error
            .as_database_error()
            .is_some_and(|e| e.is_unique_violation())
        {
            tracing::warn!(%error, "unique constraint met by concurrent change");
            return AppError::invalid(
                "",
                "Someone else changed this at the same time. Check the page and try again",
            );
        }
        tracing::error!(%error, "database error");
        AppError::Internal
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticked_boxes_are_kept_and_an_empty_group_is_told_from_an_unkept_one() {
        let kept = FormErrors::one("lots", "Select a lot").keep_ticked("lots", [3, 5]);
        assert_eq!(kept.ticked_for("lots"), Some(vec!["3", "5"]));
        let none_ticked = FormErrors::new().keep_ticked("lots", Vec::<String>::new());
        assert_eq!(none_ticked.ticked_for("lots"), Some(vec![]));
        assert_eq!(FormErrors::new().ticked_for("lots"), None);
    }

    #[test]
    fn a_kept_tick_box_reads_back_as_ticked_or_not() {
        let errors = FormErrors::new()
            .keep_tick("mandatory", false)
            .keep_tick("expires", true);
        assert_eq!(errors.value_for("mandatory"), Some("no"));
        assert_eq!(errors.value_for("expires"), Some("yes"));
    }
}
