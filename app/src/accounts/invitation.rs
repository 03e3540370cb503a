//! Inviting someone into one's own organisation, and the invited person accepting:
//! they choose their name and password and are signed in.

use crate::components::form::{
    form_errors, link_token, ErrorSummary, Hidden, NewPasswordFields, TextField,
};
use crate::components::layout::FormPage;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{
        fields::{EmailAddress, PersonName},
        hashing, password_policy,
        repo::{self, NewUser},
        roles::Role,
        session::*,
        token::{self, TokenPurpose},
        types::CurrentUser,
    },
    crate::{
        audit,
        db::now,
        db::Tx,
        error::FormErrors,
        mail::{outbox, templates},
        state::Settings,
    },
    serde_json::json,
};

/// Creates the invited user in the inviter's organisation with `roles`, and queues the
/// invitation email. Part of the caller's transaction.
#[cfg(feature = "ssr")]
pub async fn invite(
    tx: &mut Tx,
    inviter: &CurrentUser,
    email: &EmailAddress,
    roles: &[Role],
    settings: &Settings,
    now: i64,
) -> Result<i64, AppError> {
    if repo::user_by_email(tx, email.as_str()).await?.is_some() {
        return Err(AppError::Invalid(
            FormErrors::one("email", "This email address already has an account")
                .keep("email", email.as_str()),
        ));
    }
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
    let secret = token::new_token();
    repo::create_token(
        tx,
        &token::hash_token(&secret),
        user_id,
        TokenPurpose::Invitation,
        now,
    )
    .await?;
    outbox::enqueue(
        tx,
        &templates::invitation(
            &settings.sender(),
            email.as_str(),
            &inviter.full_name,
            &inviter.organisation_name,
            &secret,
        ),
        now,
    )
    .await?;
    audit::append(
        tx,
        audit::AuditEvent {
            actor_user_id: Some(inviter.user_id),
            actor: &inviter.email,
            organisation_id: Some(inviter.organisation_id),
            action: "user_invited",
            subject: format!("user:{user_id}"),
            before: json!(null),
            after: json!({ "email": email.as_str(), "roles": roles.iter().map(|r| r.as_str()).collect::<Vec<_>>() }),
        },
        now,
    )
    .await?;
    Ok(user_id)
}

#[server(prefix = "/api", endpoint = "accept-invitation")]
pub async fn accept_invitation(
    token: String,
    full_name: String,
    password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    finish(
        async {
            let state = state()?;
            let now = now();
            let mut conn = state.db.pool.acquire().await?;
            let (hash, record) =
                usable_link(&mut conn, &token, TokenPurpose::Invitation, now).await?;
            let user = repo::user_by_id(&mut conn, record.user_id)
                .await?
                .filter(|u| u.active)
                .ok_or_else(|| AppError::invalid("", "This invitation has been withdrawn"))?;
            drop(conn);
            let mut errors = FormErrors::new().keep("full_name", &full_name);
            let name = PersonName::parse(&full_name).map_err(|m| errors.add("full_name", m));
            password_policy::check_choice(
                &mut errors,
                "password",
                &password,
                &confirm_password,
                &user.email,
            );
            let (Ok(name), true) = (name, errors.is_empty()) else {
                return Err(AppError::Invalid(errors));
            };
            let password_hash = hashing::hash_password(password).await?;
            let mut tx = state.db.begin().await?;
            if !repo::use_token(&mut tx, &hash, now).await? {
                return Err(AppError::invalid("", token::TokenProblem::Used.message()));
            }
            repo::set_full_name(&mut tx, user.id, name.as_str()).await?;
            repo::set_password(&mut tx, user.id, &password_hash).await?;
            repo::mark_verified(&mut tx, user.id).await?;
            let (session_token, signed_in) = start_session(&mut tx, user.id, now).await?;
            audit::append(
                &mut tx,
                audit::AuditEvent {
                    actor_user_id: Some(user.id),
                    actor: &user.email,
                    organisation_id: Some(user.organisation_id),
                    action: "invitation_accepted",
                    subject: format!("user:{}", user.id),
                    before: json!(null),
                    after: json!({ "full_name": name.as_str() }),
                },
                now,
            )
            .await?;
            tx.commit().await?;
            set_session_cookie(&session_token, &state.settings);
            redirect(signed_in.home());
            Ok(())
        }
        .await,
    )
}

#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    let token = link_token();
    view! {
        <FormPage title="Accept your invitation">
            <AcceptInvitationForm token />
        </FormPage>
    }
}

/// The form, enhanced in the browser: errors appear beside the fields without a page load.
#[island]
fn AcceptInvitationForm(token: String) -> impl IntoView {
    let action = ServerAction::<AcceptInvitation>::new();
    let errors = form_errors(action);
    view! {
        <ErrorSummary errors=errors />
        <h1 class="heading-l">"Accept your invitation"</h1>
        <p class="body">"Tell us your name and choose a password to finish setting up your account."</p>
        <ActionForm action=action attr:novalidate="true">
            <Hidden name="token" value=token />
            <TextField name="full_name" label="Your full name" autocomplete="name" errors=errors />
            <NewPasswordFields
                name="password"
                label="Create a password"
                confirm_label="Confirm password"
                errors=errors
            />
            <button type="submit" class="button">
                "Accept invitation"
            </button>
        </ActionForm>
    }
}
