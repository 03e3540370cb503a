//! What can be sent, as stored in a job: who it is for and what it is about. Links'
//! tokens are not here: they are made when the email is delivered, so no usable token
//! ever sits in the database.

use crate::ids::UserId;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "template", rename_all = "snake_case")]
pub enum Mail {
    /// The link that confirms a new account's address.
    VerifyEmail { user_id: UserId },
    /// Someone tried to sign up with an address that has an account.
    AccountExists { to: String },
    /// A sign-up lost a race for its organisation's name.
    OrganisationTaken { to: String, organisation: String },
    /// A password reset link.
    ResetPassword { user_id: UserId },
    /// An invitation to join an organisation; replies go to the person who invited.
    Invitation {
        user_id: UserId,
        inviter_name: String,
        inviter_email: String,
        organisation: String,
    },
    /// The password was changed: a warning in case it was not them.
    PasswordChanged { user_id: UserId },
    /// A council asks a question about an application; the answer is given in the portal.
    ClarificationAsked {
        user_id: UserId,
        application_id: i64,
        council: String,
        system: String,
        question: String,
    },
    /// The provider's receipt for a submitted application, with the date the council
    /// must decide by.
    ApplicationReceived {
        user_id: UserId,
        application_id: i64,
        council: String,
        system: String,
        decide_by: String,
    },
    /// To each evaluator of the lead council: an application waits in the review queue.
    ApplicationToReview {
        user_id: UserId,
        application_id: i64,
        provider: String,
        system: String,
        decide_by: String,
    },
    /// The council's decision on an application.
    ApplicationDecided {
        user_id: UserId,
        application_id: i64,
        council: String,
        system: String,
        admitted: Vec<String>,
        refused: Vec<String>,
    },
    /// A notice whose words are settled when it is queued: compliance reminders,
    /// suspensions and their lifting, removals, requests to renew a declaration.
    /// `link` is a path in the portal and the button's label.
    Notice {
        user_id: UserId,
        subject: String,
        paragraphs: Vec<String>,
        link: Option<(String, String)>,
    },
}

impl Mail {
    /// For a council admin's list of failures.
    pub fn describe(&self) -> String {
        match self {
            Mail::VerifyEmail { user_id } => format!("confirmation link for user {user_id}"),
            Mail::AccountExists { to } => format!("\"you already have an account\" to {to}"),
            Mail::OrganisationTaken { to, organisation } => {
                format!("\"{organisation} already has an account\" to {to}")
            }
            Mail::ResetPassword { user_id } => format!("password reset link for user {user_id}"),
            Mail::Invitation {
                user_id,
                organisation,
                ..
            } => format!("invitation to {organisation} for user {user_id}"),
            Mail::PasswordChanged { user_id } => {
                format!("password changed notice to user {user_id}")
            }
            Mail::ClarificationAsked {
                user_id,
                application_id,
                ..
            } => {
                format!("clarification question on application {application_id} to user {user_id}")
            }
            Mail::ApplicationReceived {
                user_id,
                application_id,
                ..
            } => format!("receipt for application {application_id} to user {user_id}"),
            Mail::ApplicationToReview {
                user_id,
                application_id,
                ..
            } => format!("application {application_id} to review, to user {user_id}"),
            Mail::ApplicationDecided {
                user_id,
                application_id,
                ..
            } => {
                format!("decision on application {application_id} to user {user_id}")
            }
            Mail::Notice {
                user_id, subject, ..
            } => format!("\"{subject}\" to user {user_id}"),
        }
    }
}
