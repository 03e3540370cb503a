//! A signed-in user changes their password; every other session of theirs ends.

use crate::components::form::{form_errors, ErrorSummary, NewPasswordFields, TextField};
use crate::components::layout::FormPage;
use crate::components::notice::QueryNotice;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::service::passwords,
    crate::auth::request::Allowed,
    crate::service::{as_user, redirect},
};

#[server(prefix = "/api", endpoint = "change-password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    as_user(Allowed::SignedIn, async |ctx, me| {
        passwords::change(ctx, me, current_password, new_password, &confirm_password).await
    })
    .await?;
    redirect("/account/password?changed=1")
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
