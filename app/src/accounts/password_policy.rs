//! What makes a password acceptable (ASVS 2.1): length, not a known common password,
//! not the user's own email address. Pure: no I/O.

pub const MIN_LENGTH: usize = 12;
/// Long enough for any passphrase, short enough that hashing stays cheap.
pub const MAX_LENGTH: usize = 128;

/// The most common leaked passwords (an MIT-licensed 15,783-entry list; see
/// `app/data/common-passwords.LICENSE`). Compared case-insensitively.
#[cfg(feature = "ssr")]
const COMMON_PASSWORDS: &str = include_str!("../../data/common-passwords.txt");

#[cfg(feature = "ssr")]
fn is_common(password: &str) -> bool {
    let lowered = password.to_lowercase();
    COMMON_PASSWORDS.lines().any(|line| line == lowered)
}

/// Checks a proposed password and returns the message to show beside the field.
#[cfg(feature = "ssr")]
pub fn check(password: &str, email: &str) -> Result<(), String> {
    let length = password.chars().count();
    if password.trim().is_empty() {
        return Err("Enter a password".into());
    }
    if length < MIN_LENGTH {
        return Err(format!("Password must be {MIN_LENGTH} characters or more"));
    }
    if length > MAX_LENGTH {
        return Err(format!("Password must be {MAX_LENGTH} characters or fewer"));
    }
    if is_common(password) {
        return Err("This password is too common. Choose one that is harder to guess".into());
    }
    if !email.is_empty() && password.eq_ignore_ascii_case(email) {
        return Err("Password must not be your email address".into());
    }
    Ok(())
}

/// Checks a newly chosen password and its confirmation, adding any problem to `errors`:
/// the policy's message beside `field`, or a mismatch beside `confirm_password`.
#[cfg(feature = "ssr")]
pub fn check_choice(
    errors: &mut crate::error::FormErrors,
    field: &str,
    password: &str,
    confirmation: &str,
    email: &str,
) {
    if let Err(message) = check(password, email) {
        errors.add(field, message);
    } else if password != confirmation {
        errors.add("confirm_password", "The passwords do not match");
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::error::FormErrors;

    #[test]
    fn a_weak_choice_is_flagged_on_its_field_only() {
        let mut errors = FormErrors::new();
        check_choice(&mut errors, "new_password", "short", "other", "a@b.uk");
        assert!(errors.message_for("new_password").is_some());
        assert!(errors.message_for("confirm_password").is_none());
    }

    #[test]
    fn a_mismatched_confirmation_is_flagged_on_the_confirmation() {
        let mut errors = FormErrors::new();
        check_choice(
            &mut errors,
            "password",
            "tangerine-owl",
            "tangerine-owk",
            "a@b.uk",
        );
        assert!(errors.message_for("password").is_none());
        assert_eq!(
            errors.message_for("confirm_password"),
            Some("The passwords do not match")
        );
        let mut fine = FormErrors::new();
        check_choice(
            &mut fine,
            "password",
            "tangerine-owl",
            "tangerine-owl",
            "a@b.uk",
        );
        assert!(fine.is_empty());
    }

    #[test]
    fn short_password_is_refused() {
        assert!(check("elevenchars", "a@b.uk")
            .unwrap_err()
            .contains("12 characters"));
    }

    #[test]
    fn twelve_characters_is_enough() {
        assert!(check("tangerine-owl", "a@b.uk").is_ok());
    }

    #[test]
    fn common_password_is_refused_whatever_its_case() {
        let long_common = COMMON_PASSWORDS
            .lines()
            .find(|p| p.chars().count() >= MIN_LENGTH)
            .expect("the list holds passwords of 12 or more characters");
        assert!(check(long_common, "a@b.uk")
            .unwrap_err()
            .contains("too common"));
        assert!(check(&long_common.to_uppercase(), "a@b.uk").is_err());
    }

    #[test]
    fn email_as_password_is_refused() {
        let email = "manager@carehome.co.uk";
        assert!(check(email, email).unwrap_err().contains("email"));
    }

    #[test]
    fn overlong_password_is_refused() {
        assert!(check(&"x".repeat(129), "").unwrap_err().contains("128"));
    }

    #[test]
    fn blank_password_is_refused() {
        assert_eq!(check("             ", "").unwrap_err(), "Enter a password");
    }
}
