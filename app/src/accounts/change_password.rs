//! A signed-in user changes their password; every other session of theirs ends.

use crate::components::form::{form_errors, ErrorSummary, NewPasswordFields, TextField};
use crate::components::layout::FormPage;
use crate::components::notice::QueryNotice;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{hashing, password_policy, repo, session::*},
    crate::{
        audit,
        db::now,
        error::FormErrors,
        mail::{outbox, templates},
    },
    serde_json::json,
};

#[server(prefix = "/api", endpoint = "change-password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    finish(
        async {
            let me = require_user()?;
            let state = state()?;
            let session = request_session();
            let mut conn = state.db.pool.acquire().await?;
            let user = repo::user_by_id(&mut conn, me.user_id)
                .await?
                .ok_or(AppError::Unauthenticated)?;
            drop(conn);
            let mut errors = FormErrors::new();
            if current_password.is_empty() {
                errors.add("current_password", "Enter your current password");
            } else if !hashing::verify_password(current_password, user.password_hash.clone()).await
            {
                errors.add("current_password", "Your current password is not correct");
            }
            password_policy::check_choice(
                &mut errors,
                "new_password",
                &new_password,
                &confirm_password,
                &user.email,
            );
            if !errors.is_empty() {
                return Err(AppError::Invalid(errors));
            }
            let password_hash = hashing::hash_password(new_password).await?;
            let now = now();
            let mut tx = state.db.begin().await?;
            repo::set_password(&mut tx, user.id, &password_hash).await?;
            if let Some(current) = &session.token_hash {
                repo::delete_other_sessions(&mut tx, user.id, current).await?;
            }
            outbox::enqueue(
                &mut tx,
                &templates::password_changed(
                    &state.settings.sender(),
                    &user.email,
                    &user.full_name,
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
                    action: "password_changed",
                    subject: format!("user:{}", user.id),
                    before: json!(null),
                    after: json!({ "other_sessions_ended": true }),
                },
                now,
            )
            .await?;
            tx.commit().await?;
            state.mail_wakeup.notify_one();
            redirect("/account/password?changed=1");
            Ok(())
        }
        .await,
    )
}

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    view! {
        <FormPage title="Change your password">
            <QueryNotice messages=&[("changed", "Your password has been changed.")] />
            <ChangePasswordForm />
        </FormPage>
    }
}

/// The form, enhanced in the browser: errors appear beside the fields without a page load.
#[island]
fn ChangePasswordForm() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let errors = form_errors(action);
    view! {
        <ErrorSummary errors=errors />
        <h1 class="heading-l">"Change your password"</h1>
        <ActionForm action=action attr:novalidate="true">
            <TextField
                name="current_password"
                label="Current password"
                kind="password"
                autocomplete="current-password"
                errors=errors
            />
            <NewPasswordFields
                name="new_password"
                label="New password"
                confirm_label="Confirm new password"
                errors=errors
            />
            <button type="submit" class="button">
                "Change password"
            </button>
        </ActionForm>
    }
}
