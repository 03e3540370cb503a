//! Every kind of background job, and what each needs to run. Stored as JSON.

use crate::ids::OrganisationId;
use crate::mail::message::Mail;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// Deliver one email. `organisation_id` is the recipient's, whose admins see a
    /// permanent failure.
    Email {
        mail: Mail,
        organisation_id: Option<OrganisationId>,
    },
    /// A provider's sign-up, done away from the request so that it takes the same time
    /// whether or not the address has an account: create the organisation and its
    /// admin and send the confirmation link, or tell the address's owner they already
    /// have an account.
    CreateProviderAccount {
        organisation: String,
        full_name: String,
        email: String,
        password_hash: String,
    },
    /// Send a reset link if the address has an account; nothing if not.
    PasswordReset { email: String },
    /// Delete expired sessions, used and expired links, old sign-in attempts and
    /// finished jobs; then schedule the next night's prune.
    Prune,
    /// The day's sweep (`compliance::service::sweep`): expiry reminders, automatic
    /// suspensions, placements moved on and details erased; then schedule the next day's.
    ComplianceSweep,
}

impl Job {
    pub fn email(mail: Mail, organisation_id: Option<OrganisationId>) -> Self {
        Job::Email {
            mail,
            organisation_id,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Job::Email { .. } => "email",
            Job::CreateProviderAccount { .. } => "create_provider_account",
            Job::PasswordReset { .. } => "password_reset",
            Job::Prune => "prune",
            Job::ComplianceSweep => "compliance_sweep",
        }
    }

    /// What a council admin reads about a failed job: never a secret or a password.
    pub fn summary(&self) -> String {
        match self {
            Job::Email { mail, .. } => format!("Email: {}", mail.describe()),
            Job::CreateProviderAccount {
                organisation,
                email,
                ..
            } => format!("Create the account of {organisation} for {email}"),
            Job::PasswordReset { email } => format!("Password reset link for {email}"),
            Job::Prune => "Nightly clean-up of expired sessions and links".into(),
            Job::ComplianceSweep => "Daily sweep: evidence reminders and suspensions, placements moved on, details erased".into(),
        }
    }

    pub fn organisation_id(&self) -> Option<OrganisationId> {
        match self {
            Job::Email {
                organisation_id, ..
            } => *organisation_id,
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UserId;

    #[test]
    fn jobs_round_trip_through_their_stored_form() {
        for job in [
            Job::email(Mail::VerifyEmail { user_id: UserId(4) }, None),
            Job::PasswordReset {
                email: "a@b.uk".into(),
            },
            Job::Prune,
            Job::ComplianceSweep,
        ] {
            let stored = serde_json::to_string(&job).unwrap();
            assert_eq!(serde_json::from_str::<Job>(&stored).unwrap(), job);
        }
    }

    #[test]
    fn a_summary_never_shows_the_password_hash() {
        let job = Job::CreateProviderAccount {
            organisation: "Oak Tree".into(),
            full_name: "Pat".into(),
            email: "pat@oak.uk".into(),
            password_hash: "$argon2id$secret".into(),
        };
        assert!(!job.summary().contains("argon2"));
    }
}
