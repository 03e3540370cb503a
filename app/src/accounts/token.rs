//! Single-use links sent by email (verification, password reset, invitation): what each
//! is for, how long it lasts and when it may be used.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
    Invitation,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify_email",
            TokenPurpose::ResetPassword => "reset_password",
            TokenPurpose::Invitation => "invitation",
        }
    }

    /// How long a link stays valid, in seconds.
    pub fn lifetime_seconds(self) -> i64 {
        match self {
            TokenPurpose::VerifyEmail => 24 * 60 * 60,
            TokenPurpose::ResetPassword => 60 * 60,
            // Colleagues may be on leave: an invitation lasts a week.
            TokenPurpose::Invitation => 7 * 24 * 60 * 60,
        }
    }
}

/// Why a presented token cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    Unknown,
    Used,
    Expired,
}

impl TokenProblem {
    pub fn message(self) -> &'static str {
        match self {
            TokenProblem::Unknown => {
                "This link is not valid. Check you copied the whole link from the email"
            }
            TokenProblem::Used => "This link has already been used",
            TokenProblem::Expired => "This link has expired. Ask for a new one",
        }
    }
}

/// Whether a stored token may be used now. Pure, so the expiry rule is unit-tested.
pub fn usable(expires_at: i64, used_at: Option<i64>, now: i64) -> Result<(), TokenProblem> {
    if used_at.is_some() {
        return Err(TokenProblem::Used);
    }
    if now >= expires_at {
        return Err(TokenProblem::Expired);
    }
    Ok(())
}

#[cfg(feature = "ssr")]
pub use crate::secret::{hash_token, new_token};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_usable_until_it_expires() {
        assert_eq!(usable(1_000, None, 999), Ok(()));
        assert_eq!(usable(1_000, None, 1_000), Err(TokenProblem::Expired));
    }

    #[test]
    fn used_token_is_refused_even_before_expiry() {
        assert_eq!(usable(1_000, Some(10), 20), Err(TokenProblem::Used));
    }

    #[test]
    fn reset_links_last_one_hour_and_verification_links_a_day() {
        assert_eq!(TokenPurpose::ResetPassword.lifetime_seconds(), 3_600);
        assert_eq!(TokenPurpose::VerifyEmail.lifetime_seconds(), 86_400);
    }
}
