//! "I have forgotten my password": a single-use link by email, valid for one hour. The
//! response is the same whether or not the address has an account.

use crate::components::form::{
    form_errors, link_token, ErrorSummary, Hidden, NewPasswordFields, TextField,
};
use crate::components::layout::FormPage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use {
    super::{
        fields::EmailAddress,
        hashing, password_policy, repo,
        session::*,
        token::{self, TokenPurpose},
    },
    crate::{
        audit,
        db::now,
        error::FormErrors,
        mail::{outbox, templates},
    },
    serde_json::json,
};

#[server(prefix = "/api", endpoint = "request-password-reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    finish(
        async {
            let state = state()?;
            let email = EmailAddress::parse(&email).map_err(|m| {
                AppError::Invalid(FormErrors::one("email", m).keep("email", &email))
            })?;
            let now = now();
            let mut tx = state.db.begin().await?;
            // Invited people who never set a password accept their invitation instead.
            let user = repo::user_by_email(&mut tx, email.as_str())
                .await?
                .filter(|u| u.active && u.password_hash.is_some());
            if let Some(user) = user {
                let secret = token::new_token();
                repo::create_token(
                    &mut tx,
                    &token::hash_token(&secret),
                    user.id,
                    TokenPurpose::ResetPassword,
                    now,
                )
                .await?;
                outbox::enqueue(
                    &mut tx,
                    &templates::reset_password(
                        &state.settings.sender(),
                        &user.email,
                        &user.full_name,
                        &secret,
                    ),
                    now,
                )
                .await?;
                audit::append(
                    &mut tx,
                    audit::AuditEvent {
                        actor_user_id: Some(user.id),
                        actor: &user.email,
                        organisation_id: Some(user.organisation_id),
                        action: "password_reset_requested",
                        subject: format!("user:{}", user.id),
                        before: json!(null),
                        after: json!(null),
                    },
                    now,
                )
                .await?;
            }
            tx.commit().await?;
            state.mail_wakeup.notify_one();
            redirect("/forgotten-password/sent");
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "reset-password")]
pub async fn reset_password(
    token: String,
    password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    finish(
        async {
            let state = state()?;
            let now = now();
            let mut conn = state.db.pool.acquire().await?;
            let (hash, record) =
                usable_link(&mut conn, &token, TokenPurpose::ResetPassword, now).await?;
            let user = repo::user_by_id(&mut conn, record.user_id)
                .await?
                .filter(|u| u.active)
                .ok_or(AppError::Internal)?;
            drop(conn);
            let mut errors = FormErrors::new();
            password_policy::check_choice(
                &mut errors,
                "password",
                &password,
                &confirm_password,
                &user.email,
            );
            if !errors.is_empty() {
                return Err(AppError::Invalid(errors));
            }
            let password_hash = hashing::hash_password(password).await?;
            let mut tx = state.db.begin().await?;
            if !repo::use_token(&mut tx, &hash, now).await? {
                return Err(AppError::invalid("", token::TokenProblem::Used.message()));
            }
            repo::set_password(&mut tx, user.id, &password_hash).await?;
            // The link proved they read the mailbox.
            repo::mark_verified(&mut tx, user.id).await?;
            repo::delete_sessions_of(&mut tx, user.id).await?;
            audit::append(
                &mut tx,
                audit::AuditEvent {
                    actor_user_id: Some(user.id),
                    actor: &user.email,
                    organisation_id: Some(user.organisation_id),
                    action: "password_reset",
                    subject: format!("user:{}", user.id),
                    before: json!(null),
                    after: json!({ "sessions_ended": true }),
                },
                now,
            )
            .await?;
            tx.commit().await?;
            redirect("/sign-in?reset=1");
            Ok(())
        }
        .await,
    )
}

#[component]
pub fn ForgottenPasswordPage() -> impl IntoView {
    view! {
        <FormPage title="Reset your password">
            <ForgottenPasswordForm />
        </FormPage>
    }
}

/// The form, enhanced in the browser: errors appear beside the fields without a page load.
#[island]
fn ForgottenPasswordForm() -> impl IntoView {
    let action = ServerAction::<RequestPasswordReset>::new();
    let errors = form_errors(action);
    view! {
        <ErrorSummary errors=errors />
        <h1 class="heading-l">"Reset your password"</h1>
        <p class="body">
            "Enter the email address you sign in with. If it has an account, we will send a link to reset your password."
        </p>
        <ActionForm action=action attr:novalidate="true">
            <TextField
                name="email"
                label="Email address"
                kind="email"
                autocomplete="email"
                spellcheck_off=true
                errors=errors
            />
            <button type="submit" class="button">
                "Send reset link"
            </button>
        </ActionForm>
    }
}

#[component]
pub fn ResetLinkSentPage() -> impl IntoView {
    view! {
        <Title text="Check your email - OpenDPS" />
        <h1 class="heading-l">"Check your email"</h1>
        <p class="body">
            "If that email address has an account, we have sent it a link to reset the password. The link expires in 1 hour."
        </p>
        <p class="body">
            <a href="/sign-in">"Back to sign in"</a>
        </p>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = link_token();
    view! {
        <FormPage title="Choose a new password">
            <ResetPasswordForm token />
        </FormPage>
    }
}

/// The form, enhanced in the browser: errors appear beside the fields without a page load.
#[island]
fn ResetPasswordForm(token: String) -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let errors = form_errors(action);
    view! {
        <ErrorSummary errors=errors />
        <h1 class="heading-l">"Choose a new password"</h1>
        <ActionForm action=action attr:novalidate="true">
            <Hidden name="token" value=token />
            <NewPasswordFields
                name="password"
                label="New password"
                confirm_label="Confirm new password"
                errors=errors
            />
            <button type="submit" class="button">
                "Reset password"
            </button>
        </ActionForm>
    }
}
