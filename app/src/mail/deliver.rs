//! Delivering one queued `Mail`: look up whom it is for, make its link's token now (so
//! the raw token exists only in the email), render it and send it.

use super::message::Mail;
use super::templates::{self, Email};
use super::transport::Mailer;
use crate::accounts::{repo, token::TokenPurpose};
use crate::ids::UserId;
use crate::jobs::retry::JobError;
use crate::state::AppState;

pub async fn deliver(state: &AppState, mailer: &Mailer, mail: &Mail) -> Result<(), JobError> {
    match compose(state, mail).await? {
        Some(email) => mailer.send(&email).await,
        // The person has gone (removed, or confirmed meanwhile): nothing to send.
        None => Ok(()),
    }
}

async fn compose(state: &AppState, mail: &Mail) -> Result<Option<Email>, JobError> {
    let sender = state.settings.sender();
    let email = match mail {
        Mail::VerifyEmail { user_id } => {
            let Some(user) = active_user(state, *user_id)
                .await?
                .filter(|u| !u.email_verified)
            else {
                return Ok(None);
            };
            let token = mint(state, user.id, TokenPurpose::VerifyEmail).await?;
            templates::verify_email(&sender, &user.email, &user.full_name, &token)
        }
        Mail::AccountExists { to } => templates::account_exists(&sender, to),
        Mail::OrganisationTaken { to, organisation } => {
            templates::organisation_taken(&sender, to, organisation)
        }
        Mail::ResetPassword { user_id } => {
            let Some(user) = active_user(state, *user_id).await? else {
                return Ok(None);
            };
            let token = mint(state, user.id, TokenPurpose::ResetPassword).await?;
            templates::reset_password(&sender, &user.email, &user.full_name, &token)
        }
        Mail::Invitation {
            user_id,
            inviter_name,
            inviter_email,
            organisation,
        } => {
            let Some(user) = active_user(state, *user_id)
                .await?
                .filter(|u| u.password_hash.is_none())
            else {
                return Ok(None);
            };
            // The inviter saw the same answer as for any address; only the owner of
            // this one learns that it cannot join.
            let has_account =
                repo::account_by_email(&mut *state.db.pool.acquire().await?, &user.email)
                    .await?
                    .is_some();
            if has_account {
                return Ok(Some(templates::invitation_to_existing_account(
                    &sender,
                    &user.email,
                    organisation,
                )));
            }
            let token = mint(state, user.id, TokenPurpose::Invitation).await?;
            let mut email =
                templates::invitation(&sender, &user.email, inviter_name, organisation, &token);
            email.reply_to = Some(inviter_email.clone());
            email
        }
        Mail::PasswordChanged { user_id } => {
            let Some(user) = active_user(state, *user_id).await? else {
                return Ok(None);
            };
            templates::password_changed(&sender, &user.email, &user.full_name)
        }
        Mail::ClarificationAsked {
            user_id,
            application_id,
            council,
            system,
            question,
        } => {
            let Some(user) = active_user(state, *user_id).await? else {
                return Ok(None);
            };
            templates::clarification_asked(
                &sender,
                &user.email,
                &user.full_name,
                *application_id,
                council,
                system,
                question,
            )
        }
        Mail::ApplicationReceived {
            user_id,
            application_id,
            council,
            system,
            decide_by,
        } => {
            let Some(user) = active_user(state, *user_id).await? else {
                return Ok(None);
            };
            let about = templates::AboutApplication {
                to: &user.email,
                name: &user.full_name,
                application: *application_id,
                system,
                decide_by,
            };
            templates::application_received(&sender, &about, council)
        }
        Mail::ApplicationToReview {
            user_id,
            application_id,
            provider,
            system,
            decide_by,
        } => {
            let Some(user) = active_user(state, *user_id).await? else {
                return Ok(None);
            };
            let about = templates::AboutApplication {
                to: &user.email,
                name: &user.full_name,
                application: *application_id,
                system,
                decide_by,
            };
            templates::application_to_review(&sender, &about, provider)
        }
        Mail::ApplicationDecided {
            user_id,
            application_id,
            council,
            system,
            admitted,
            refused,
        } => {
            let Some(user) = active_user(state, *user_id).await? else {
                return Ok(None);
            };
            templates::application_decided(
                &sender,
                &user.email,
                &user.full_name,
                *application_id,
                council,
                system,
                admitted,
                refused,
            )
        }
        Mail::Notice {
            user_id,
            subject,
            paragraphs,
            link,
        } => {
            let Some(user) = active_user(state, *user_id).await? else {
                return Ok(None);
            };
            templates::notice(
                &sender,
                &user.email,
                &user.full_name,
                subject,
                paragraphs,
                link.as_ref(),
            )
        }
    };
    Ok(Some(email))
}

async fn active_user(
    state: &AppState,
    user_id: UserId,
) -> Result<Option<repo::UserRecord>, JobError> {
    let mut conn = state.db.pool.acquire().await?;
    Ok(repo::user_by_id(&mut conn, user_id)
        .await?
        .filter(|u| u.active))
}

/// A new single-use token for the link; only its hash is stored.
async fn mint(
    state: &AppState,
    user_id: UserId,
    purpose: TokenPurpose,
) -> Result<String, JobError> {
    use crate::secret::{hash_token, new_token};
    let secret = new_token();
    let mut conn = state.db.write_connection().await?;
    repo::create_token(
        &mut conn,
        &hash_token(&secret),
        user_id,
        purpose,
        state.clock.now(),
    )
    .await?;
    Ok(secret)
}
