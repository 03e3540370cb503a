//! Forgotten passwords (a single-use link by email, valid for one hour) and changing
//! one's own password. The reset request answers the same, and takes the same time,
//! whether or not the address has an account: the lookup happens in a job.

use super::links::{spend, usable_link};
use super::within_email_limits;
use crate::accounts::email_limits::EmailRequest;
use crate::accounts::fields::EmailAddress;
use crate::accounts::token::TokenPurpose;
use crate::accounts::{hashing, password_policy, repo};
use crate::audit::{Action, AuditEvent, Subject};
use crate::auth::{repo as sessions, user::CurrentUser};
use crate::error::{AppError, AppResult, FormErrors};
use crate::jobs::{retry::JobError, Job};
use crate::mail::message::Mail;
use crate::service::Ctx;
use crate::state::AppState;
use serde_json::json;

pub async fn request_reset(ctx: &mut Ctx, email: &str) -> AppResult<()> {
    let email = EmailAddress::parse(email)
        .map_err(|m| AppError::Invalid(FormErrors::one("email", m).keep("email", email)))?;
    if within_email_limits(ctx, EmailRequest::PasswordReset, email.as_str()).await? {
        ctx.enqueue(&Job::PasswordReset {
            email: email.as_str().to_string(),
        })
        .await?;
    }
    Ok(())
}

/// The job: queues a reset link if the address has an account. Invited people who
/// never set a password accept their invitation instead.
pub async fn send_reset_link(state: &AppState, email: &str) -> Result<(), JobError> {
    let mut ctx = Ctx::new(state.clone(), Default::default());
    let tx = ctx.work.tx().await?;
    let Some(user) = repo::account_by_email(tx, email).await? else {
        return Ok(());
    };
    ctx.enqueue(&Job::email(
        Mail::ResetPassword { user_id: user.id },
        Some(user.organisation_id),
    ))
    .await?;
    ctx.audit(AuditEvent::by(
        user.actor(),
        Action::PasswordResetRequested,
        Subject::User(user.id),
    ))
    .await?;
    Ok(ctx.commit().await?)
}

pub async fn reset(ctx: &mut Ctx, token: &str, password: String, confirm: &str) -> AppResult<()> {
    let now = ctx.now;
    let (hash, user) = {
        let mut conn = ctx.work.read().await?;
        let (hash, record) =
            usable_link(&mut conn, token, TokenPurpose::ResetPassword, now).await?;
        let user = repo::user_by_id(&mut conn, record.user_id)
            .await?
            .filter(|u| u.active)
            .ok_or_else(|| AppError::invalid("", "This account has been removed"))?;
        (hash, user)
    };
    let mut errors = FormErrors::new();
    password_policy::check_choice(&mut errors, "password", &password, confirm, &user.email);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let password_hash = hashing::hash_password(password).await?;
    let tx = ctx.work.tx().await?;
    spend(tx, &hash, now).await?;
    repo::set_password(tx, user.id, &password_hash).await?;
    // The link proved they read the mailbox.
    repo::mark_verified(tx, user.id).await?;
    repo::revoke_tokens(tx, user.id, TokenPurpose::ResetPassword, now).await?;
    sessions::delete_sessions_of(tx, user.id).await?;
    ctx.audit(
        AuditEvent::by(user.actor(), Action::PasswordReset, Subject::User(user.id))
            .after(json!({ "sessions_ended": true, "other_reset_links_revoked": true })),
    )
    .await
}

pub async fn change(
    ctx: &mut Ctx,
    me: &CurrentUser,
    current: String,
    new: String,
    confirm: &str,
) -> AppResult<()> {
    let now = ctx.now;
    let user = repo::user_by_id(&mut *ctx.work.read().await?, me.user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let mut errors = FormErrors::new();
    if current.is_empty() {
        errors.add("current_password", "Enter your current password");
    } else if !hashing::verify_password(current, user.password_hash.clone()).await {
        errors.add("current_password", "Your current password is not correct");
    }
    password_policy::check_choice(&mut errors, "new_password", &new, confirm, &user.email);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let password_hash = hashing::hash_password(new).await?;
    let session = ctx.session.token_hash.clone();
    let tx = ctx.work.tx().await?;
    repo::set_password(tx, user.id, &password_hash).await?;
    repo::revoke_tokens(tx, user.id, TokenPurpose::ResetPassword, now).await?;
    if let Some(current) = &session {
        sessions::delete_other_sessions(tx, user.id, current).await?;
    }
    ctx.enqueue(&Job::email(
        Mail::PasswordChanged { user_id: user.id },
        Some(user.organisation_id),
    ))
    .await?;
    ctx.audit(
        AuditEvent::by(
            user.actor(),
            Action::PasswordChanged,
            Subject::User(user.id),
        )
        .after(json!({ "other_sessions_ended": true, "reset_links_revoked": true })),
    )
    .await
}
