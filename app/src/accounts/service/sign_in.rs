//! Signing in, with throttling that holds under concurrency: an attempt is
//! counted (as a failure) before its password is checked, under a lock on the account
//! and address keys, so of 100 simultaneous guesses only the first 10 are checked.

use crate::accounts::fields::EmailAddress;
use crate::accounts::{hashing, repo, throttle};
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::{sessions, user::CurrentUser};
use crate::error::{AppError, AppResult, FormErrors};
use crate::service::Ctx;
use serde_json::json;

/// A new session: the cookie value to set once committed, and who it is for.
pub struct SignedIn {
    pub token: String,
    pub user: CurrentUser,
}

pub async fn sign_in(ctx: &mut Ctx, email: &str, password: String) -> AppResult<SignedIn> {
    let mut errors = FormErrors::new().keep("email", email);
    let parsed = EmailAddress::parse(email);
    if let Err(message) = &parsed {
        errors.add("email", message.clone());
    }
    if password.is_empty() {
        errors.add("password", "Enter your password");
    }
    let email = match parsed {
        Ok(email) if errors.is_empty() => email,
        _ => return Err(AppError::Invalid(errors)),
    };
    let now = ctx.now;
    let ip = ctx.session.client_ip.clone();

    let tx = ctx.work.tx().await?;
    repo::lock_keys(
        tx,
        &[
            format!("sign_in:email:{}", email.as_str()),
            format!("sign_in:ip:{ip}"),
        ],
        now,
    )
    .await?;
    let (by_email, by_ip) =
        repo::failures_since(tx, email.as_str(), &ip, now - throttle::LOOKBACK_SECONDS).await?;
    let lock = throttle::locked_until(&by_email, now).max(throttle::locked_until(&by_ip, now));
    if let Some(until) = lock {
        let minutes = throttle::minutes_left(until, now);
        errors.add(
            "email",
            format!("There have been too many failed attempts to sign in. Wait {minutes} minutes and try again"),
        );
        return Err(AppError::Invalid(errors));
    }
    let attempt = repo::record_attempt(tx, email.as_str(), &ip, now).await?;
    let account = repo::account_by_email(tx, email.as_str()).await?;
    // The attempt stands as a failure unless the password proves otherwise.
    ctx.work.commit().await?;

    let matches = hashing::verify_password(
        password,
        account.as_ref().and_then(|u| u.password_hash.clone()),
    )
    .await;
    let user = match account {
        Some(user) if matches => user,
        other => {
            let actor = Actor::claiming(email.as_str());
            let event = match other {
                Some(user) => AuditEvent::by(actor, Action::SignInFailed, Subject::User(user.id))
                    .in_organisation(user.organisation_id),
                None => AuditEvent::by(actor, Action::SignInFailed, Subject::UnknownAccount),
            };
            ctx.audit(event.after(json!({ "ip": ip }))).await?;
            ctx.work.commit().await?;
            errors.add("email", "Enter a correct email address and password");
            return Err(AppError::Invalid(errors));
        }
    };
    let tx = ctx.work.tx().await?;
    repo::mark_attempt_succeeded(tx, attempt).await?;
    if !user.email_verified {
        ctx.work.commit().await?;
        errors.add(
            "email",
            "Confirm your email address before you sign in: use the link in the email we sent you",
        );
        return Err(AppError::Invalid(errors));
    }
    let previous = ctx.session.token_hash.clone();
    let (token, signed_in) = sessions::start(tx, user.id, previous.as_deref(), now).await?;
    ctx.audit(
        AuditEvent::by(user.actor(), Action::SignIn, Subject::User(user.id))
            .after(json!({ "ip": ip })),
    )
    .await?;
    Ok(SignedIn {
        token,
        user: signed_in,
    })
}
