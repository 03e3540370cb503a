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
    super::service::passwords,
    crate::service::{as_anyone, redirect},
};

#[server(prefix = "/api", endpoint = "request-password-reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    as_anyone(async |ctx| passwords::request_reset(ctx, &email).await).await?;
    redirect("/forgotten-password/sent")
}

#[server(prefix = "/api", endpoint = "reset-password")]
pub async fn reset_password(
    token: String,
    password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    as_anyone(async |ctx| passwords::reset(ctx, &token, password, &confirm_password).await).await?;
    redirect("/sign-in?reset=1")
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
