//! A care provider registers its organisation and its first user (the provider admin),
//! then confirms the email address by a single-use link.
//!
//! The request checks what it can say out loud (the fields, whether the organisation's
//! name is taken) and hashes the password; creating the account is a job, so the answer
//! takes the same time whether or not the address already has an account.

use super::links::{spend, usable_link};
use super::within_email_limits;
use crate::accounts::email_limits::EmailRequest;
use crate::accounts::fields::{EmailAddress, OrganisationName, PersonName};
use crate::accounts::repo::{self, NewUser};
use crate::accounts::token::TokenPurpose;
use crate::accounts::{hashing, password_policy};
use crate::audit::{Action, AuditEvent, Subject};
use crate::auth::roles::{OrgKind, Role};
use crate::error::{AppError, AppResult, FormErrors};
use crate::jobs::{retry::JobError, Job};
use crate::mail::message::Mail;
use crate::service::Ctx;
use crate::state::AppState;
use serde_json::json;

pub struct SignUpForm {
    pub organisation: String,
    pub full_name: String,
    pub email: String,
    pub password: String,
}

pub async fn request(ctx: &mut Ctx, form: SignUpForm) -> AppResult<()> {
    let mut errors = FormErrors::new()
        .keep("organisation", &form.organisation)
        .keep("full_name", &form.full_name)
        .keep("email", &form.email);
    let organisation =
        OrganisationName::parse(&form.organisation).map_err(|m| errors.add("organisation", m));
    let full_name = PersonName::parse(&form.full_name).map_err(|m| errors.add("full_name", m));
    let email = EmailAddress::parse(&form.email).map_err(|m| errors.add("email", m));
    let email_text = email
        .as_ref()
        .map(|e| e.as_str().to_string())
        .unwrap_or_default();
    if let Err(message) = password_policy::check(&form.password, &email_text) {
        errors.add("password", message);
    }
    let (Ok(organisation), Ok(full_name), Ok(email), true) =
        (organisation, full_name, email, errors.is_empty())
    else {
        return Err(AppError::Invalid(errors));
    };
    let taken = repo::organisation_id_by_name(
        &mut *ctx.work.read().await?,
        OrgKind::Provider,
        &organisation.key(),
    )
    .await?
    .is_some();
    if taken {
        errors.add(
            "organisation",
            "An organisation with this name already has an account. Ask its administrator to invite you",
        );
        return Err(AppError::Invalid(errors));
    }
    // Hashed before any write: it is the slow part and must not hold the write lock.
    let password_hash = hashing::hash_password(form.password).await?;
    if within_email_limits(ctx, EmailRequest::SignUp, email.as_str()).await? {
        ctx.enqueue(&Job::CreateProviderAccount {
            organisation: organisation.as_str().to_string(),
            full_name: full_name.as_str().to_string(),
            email: email.as_str().to_string(),
            password_hash,
        })
        .await?;
    }
    Ok(())
}

/// The job: creates the organisation and its admin and queues the confirmation link,
/// or tells the address's owner they already have an account. Two sign-ups racing for
/// one address or one name meet the unique indexes; the loser is retried and then
/// takes the "already exists" path.
pub async fn create_account(
    state: &AppState,
    organisation: &str,
    full_name: &str,
    email: &str,
    password_hash: &str,
) -> Result<(), JobError> {
    let organisation = OrganisationName::parse(organisation).map_err(JobError::Permanent)?;
    let mut ctx = Ctx::new(state.clone(), Default::default());
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    if repo::account_by_email(tx, email).await?.is_some() {
        ctx.enqueue(&Job::email(
            Mail::AccountExists {
                to: email.to_string(),
            },
            None,
        ))
        .await?;
        return Ok(ctx.commit().await?);
    }
    if repo::organisation_id_by_name(tx, OrgKind::Provider, &organisation.key())
        .await?
        .is_some()
    {
        ctx.enqueue(&Job::email(
            Mail::OrganisationTaken {
                to: email.to_string(),
                organisation: organisation.as_str().to_string(),
            },
            None,
        ))
        .await?;
        return Ok(ctx.commit().await?);
    }
    let organisation_id = repo::create_organisation(
        tx,
        OrgKind::Provider,
        organisation.as_str(),
        &organisation.key(),
        now,
    )
    .await?;
    let user_id = repo::create_user(
        tx,
        NewUser {
            organisation_id,
            email,
            full_name,
            password_hash: Some(password_hash),
            email_verified: false,
        },
        now,
    )
    .await?;
    repo::set_roles(tx, user_id, &[Role::ProviderAdmin]).await?;
    ctx.enqueue(&Job::email(
        Mail::VerifyEmail { user_id },
        Some(organisation_id),
    ))
    .await?;
    let actor = crate::audit::Actor::account(user_id, email, organisation_id);
    ctx.audit(
        AuditEvent::by(actor, Action::SignUp, Subject::User(user_id)).after(json!({
            "organisation": organisation.as_str(),
            "full_name": full_name,
            "email": email,
            "roles": [Role::ProviderAdmin.as_str()],
        })),
    )
    .await?;
    Ok(ctx.commit().await?)
}

pub async fn verify_email(ctx: &mut Ctx, token: &str) -> AppResult<()> {
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    let (hash, record) = usable_link(tx, token, TokenPurpose::VerifyEmail, now).await?;
    let user = repo::user_by_id(tx, record.user_id)
        .await?
        .filter(|u| u.active)
        .ok_or_else(|| AppError::invalid("", "This account has been removed"))?;
    spend(tx, &hash, now).await?;
    repo::mark_verified(tx, user.id).await?;
    ctx.audit(
        AuditEvent::by(user.actor(), Action::EmailVerified, Subject::User(user.id))
            .before(json!({ "email_verified": false }))
            .after(json!({ "email_verified": true })),
    )
    .await
}
