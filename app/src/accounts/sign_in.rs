//! Signing in and out.

use super::types::CurrentUser;
use crate::components::form::{form_errors, ErrorSummary, TextField};
use crate::components::layout::FormPage;
use crate::components::notice::QueryNotice;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use {
    super::{fields::EmailAddress, hashing, repo, session::*, throttle},
    crate::{audit, db::now, error::FormErrors},
    serde_json::json,
};

/// Who is signed in, for the header. `None` when nobody is.
#[server(prefix = "/api", endpoint = "who-am-i")]
pub async fn who_am_i() -> Result<Option<CurrentUser>, AppError> {
    Ok(current_user())
}

#[server(prefix = "/api", endpoint = "sign-in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    finish(sign_in_inner(email, password).await)
}

#[cfg(feature = "ssr")]
async fn sign_in_inner(email: String, password: String) -> Result<(), AppError> {
    let state = state()?;
    let session = request_session();
    let mut errors = FormErrors::new().keep("email", &email);
    let parsed = EmailAddress::parse(&email);
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
    let now = now();
    let mut conn = state.db.pool.acquire().await?;
    let (by_email, by_ip) = repo::failures_since(
        &mut conn,
        email.as_str(),
        &session.client_ip,
        now - throttle::LOOKBACK_SECONDS,
    )
    .await?;
    let lock = throttle::locked_until(&by_email, now).max(throttle::locked_until(&by_ip, now));
    if let Some(until) = lock {
        let minutes = throttle::minutes_left(until, now);
        errors.add(
            "email",
            format!("There have been too many failed attempts to sign in. Wait {minutes} minutes and try again"),
        );
        return Err(AppError::Invalid(errors));
    }
    let user = repo::user_by_email(&mut conn, email.as_str()).await?;
    drop(conn);
    let matches = hashing::verify_password(
        password,
        user.as_ref().and_then(|u| u.password_hash.clone()),
    )
    .await;

    let mut tx = state.db.begin().await?;
    let known = user.clone();
    let user = match user.filter(|u| matches && u.active) {
        Some(user) => user,
        None => {
            repo::record_attempt(&mut tx, email.as_str(), &session.client_ip, false, now).await?;
            audit::append(
                &mut tx,
                audit::AuditEvent {
                    actor_user_id: known.as_ref().map(|u| u.id),
                    actor: email.as_str(),
                    organisation_id: known.as_ref().map(|u| u.organisation_id),
                    action: "sign_in_failed",
                    subject: known
                        .as_ref()
                        .map(|u| format!("user:{}", u.id))
                        .unwrap_or_else(|| "unknown account".into()),
                    before: json!(null),
                    after: json!({ "ip": session.client_ip }),
                },
                now,
            )
            .await?;
            tx.commit().await?;
            errors.add("email", "Enter a correct email address and password");
            return Err(AppError::Invalid(errors));
        }
    };
    if !user.email_verified {
        errors.add(
            "email",
            "Confirm your email address before you sign in: use the link in the email we sent you",
        );
        return Err(AppError::Invalid(errors));
    }
    repo::record_attempt(&mut tx, email.as_str(), &session.client_ip, true, now).await?;
    let (session_token, signed_in) = start_session(&mut tx, user.id, now).await?;
    audit::append(
        &mut tx,
        audit::AuditEvent {
            actor_user_id: Some(user.id),
            actor: &user.email,
            organisation_id: Some(user.organisation_id),
            action: "sign_in",
            subject: format!("user:{}", user.id),
            before: json!(null),
            after: json!({ "ip": session.client_ip }),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    set_session_cookie(&session_token, &state.settings);
    redirect(signed_in.home());
    Ok(())
}

#[server(prefix = "/api", endpoint = "sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    finish(
        async {
            let state = state()?;
            let session = request_session();
            if let (Some(hash), Some(user)) = (&session.token_hash, &session.user) {
                let mut tx = state.db.begin().await?;
                repo::delete_session(&mut tx, hash).await?;
                audit::append(
                    &mut tx,
                    audit::AuditEvent {
                        actor_user_id: Some(user.user_id),
                        actor: &user.email,
                        organisation_id: Some(user.organisation_id),
                        action: "sign_out",
                        subject: format!("user:{}", user.user_id),
                        before: json!(null),
                        after: json!(null),
                    },
                    now(),
                )
                .await?;
                tx.commit().await?;
            }
            clear_session_cookie(&state.settings);
            redirect("/signed-out");
            Ok(())
        }
        .await,
    )
}

#[component]
pub fn SignInPage() -> impl IntoView {
    view! {
        <FormPage title="Sign in">
            <QueryNotice messages=&[("verified", "Your email address is confirmed. You can now sign in."), ("reset", "Your password has been reset. Sign in with your new password.")] />
            <SignInForm />
        </FormPage>
    }
}

/// The form, enhanced in the browser: errors appear beside the fields without a page load.
#[island]
fn SignInForm() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let errors = form_errors(action);
    view! {
        <ErrorSummary errors=errors />
        <h1 class="heading-l">"Sign in"</h1>
        <ActionForm action=action attr:novalidate="true">
            <TextField
                name="email"
                label="Email address"
                kind="email"
                autocomplete="email"
                spellcheck_off=true
                errors=errors
            />
            <TextField
                name="password"
                label="Password"
                kind="password"
                autocomplete="current-password"
                errors=errors
            />
            <button type="submit" class="button">
                "Sign in"
            </button>
        </ActionForm>
        <p class="body">
            <a href="/forgotten-password">"I have forgotten my password"</a>
        </p>
        <h2 class="heading-m">"New to OpenDPS?"</h2>
        <p class="body">
            "Care providers can "
            <a href="/sign-up">"create an account for their organisation"</a>
            ". Council staff are invited by their council's administrator."
        </p>
    }
}

#[component]
pub fn SignedOutPage() -> impl IntoView {
    view! {
        <Title text="You have signed out - OpenDPS" />
        <h1 class="heading-l">"You have signed out"</h1>
        <p class="body">
            <a href="/sign-in">"Sign in again"</a>
        </p>
    }
}
