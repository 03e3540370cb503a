//! Inviting someone into one's own organisation, and the invited person accepting:
//! they choose their name and password and are signed in.
//!
//! An invitation is a user row without a password. It blocks nothing: the address can
//! still sign up on its own or reset the password of an account it has elsewhere, and
//! a removed colleague can be invited again. Inviting an address that has an account
//! elsewhere looks exactly like inviting any other: the difference is only in the
//! email its owner receives.

use super::links::{spend, usable_link};
use super::sign_in::SignedIn;
use super::within_email_limits;
use crate::accounts::email_limits::EmailRequest;
use crate::accounts::fields::{EmailAddress, PersonName};
use crate::accounts::repo::{self, NewUser};
use crate::accounts::token::TokenPurpose;
use crate::accounts::{hashing, password_policy};
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::{roles::Role, sessions, user::CurrentUser};
use crate::error::{AppError, AppResult, FormErrors};
use crate::ids::UserId;
use crate::jobs::Job;
use crate::mail::message::Mail;
use crate::service::Ctx;
use serde_json::json;

/// Invites `email` into the inviter's organisation with `roles`.
pub async fn invite(
    ctx: &mut Ctx,
    inviter: &CurrentUser,
    email: &EmailAddress,
    roles: &[Role],
) -> AppResult<Option<UserId>> {
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    if repo::member_by_email(tx, inviter.organisation_id, email.as_str())
        .await?
        .is_some()
    {
        return Err(AppError::Invalid(
            FormErrors::one("email", "This person is already in your organisation")
                .keep("email", email.as_str()),
        ));
    }
    if !within_email_limits(ctx, EmailRequest::Invitation, email.as_str()).await? {
        return Ok(None);
    }
    let tx = ctx.work.tx().await?;
    let user_id = repo::create_user(
        tx,
        NewUser {
            organisation_id: inviter.organisation_id,
            email: email.as_str(),
            // They give their own name when they accept.
            full_name: "",
            password_hash: None,
            email_verified: false,
        },
        now,
    )
    .await?;
    repo::set_roles(tx, user_id, roles).await?;
    ctx.enqueue(&Job::email(
        Mail::Invitation {
            user_id,
            inviter_name: inviter.full_name.clone(),
            inviter_email: inviter.email.clone(),
            organisation: inviter.organisation_name.clone(),
        },
        Some(inviter.organisation_id),
    ))
    .await?;
    ctx.audit(
        AuditEvent::by(Actor::user(inviter), Action::UserInvited, Subject::User(user_id)).after(
            json!({ "email": email.as_str(), "roles": roles.iter().map(|r| r.as_str()).collect::<Vec<_>>() }),
        ),
    )
    .await?;
    Ok(Some(user_id))
}

pub struct Acceptance {
    pub token: String,
    pub full_name: String,
    pub password: String,
    pub confirm_password: String,
}

pub async fn accept(ctx: &mut Ctx, form: Acceptance) -> AppResult<SignedIn> {
    let now = ctx.now;
    let (hash, user) = {
        let mut conn = ctx.work.read().await?;
        let (hash, record) =
            usable_link(&mut conn, &form.token, TokenPurpose::Invitation, now).await?;
        let user = repo::user_by_id(&mut conn, record.user_id)
            .await?
            .filter(|u| u.active)
            .ok_or_else(|| AppError::invalid("", "This invitation has been withdrawn"))?;
        if repo::account_by_email(&mut conn, &user.email)
            .await?
            .is_some()
        {
            return Err(already_has_account());
        }
        (hash, user)
    };
    let mut errors = FormErrors::new().keep("full_name", &form.full_name);
    let name = PersonName::parse(&form.full_name).map_err(|m| errors.add("full_name", m));
    password_policy::check_choice(
        &mut errors,
        "password",
        &form.password,
        &form.confirm_password,
        &user.email,
    );
    let (Ok(name), true) = (name, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let password_hash = hashing::hash_password(form.password).await?;
    let previous = ctx.session.token_hash.clone();
    let tx = ctx.work.tx().await?;
    spend(tx, &hash, now).await?;
    repo::set_full_name(tx, user.id, name.as_str()).await?;
    // An account made meanwhile by the same address meets the unique index here.
    repo::set_password(tx, user.id, &password_hash)
        .await
        .map_err(|e| match e.as_database_error() {
            Some(d) if d.is_unique_violation() => already_has_account(),
            _ => AppError::from(e),
        })?;
    repo::mark_verified(tx, user.id).await?;
    let (token, signed_in) = sessions::start(tx, user.id, previous.as_deref(), now).await?;
    ctx.audit(
        AuditEvent::by(
            user.actor(),
            Action::InvitationAccepted,
            Subject::User(user.id),
        )
        .after(json!({ "full_name": name.as_str() })),
    )
    .await?;
    Ok(SignedIn {
        token,
        user: signed_in,
    })
}

fn already_has_account() -> AppError {
    AppError::invalid(
        "",
        "This email address already has an account. Sign in with it instead; an email address can belong to one organisation only",
    )
}
