//! A care provider registers its organisation and its first user (the provider admin),
//! then confirms the email address by a single-use link.

use crate::components::form::{form_errors, link_token, ErrorSummary, Hidden, TextField};
use crate::components::layout::FormPage;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::service::sign_up::{self, SignUpForm},
    crate::service::{as_anyone, redirect},
};

#[server(prefix = "/api", endpoint = "sign-up")]
pub async fn sign_up(
    organisation: String,
    full_name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    let form = SignUpForm {
        organisation,
        full_name,
        email,
        password,
    };
    as_anyone(async |ctx| sign_up::request(ctx, form).await).await?;
    redirect("/sign-up/check-email")
}

#[server(prefix = "/api", endpoint = "verify-email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    as_anyone(async |ctx| sign_up::verify_email(ctx, &token).await).await?;
    redirect("/sign-in?verified=1")
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    view! {
        <FormPage title="Create an account for your organisation">
            <SignUpForm />
        </FormPage>
    }
}

/// The form, enhanced in the browser: errors appear beside the fields without a page load.
#[island]
fn SignUpForm() -> impl IntoView {
    let action = ServerAction::<SignUp>::new();
    let errors = form_errors(action);
    view! {
        <ErrorSummary errors=errors />
        <h1 class="heading-l">"Create an account for your organisation"</h1>
        <p class="body">
            "For care providers who want to join a council's purchasing system. You will be the administrator of your organisation's account and can invite colleagues."
        </p>
        <ActionForm action=action attr:novalidate="true">
            <TextField
                name="organisation"
                label="Organisation name"
                hint="As registered with Companies House or the Charity Commission"
                autocomplete="organization"
                errors=errors
            />
            <TextField name="full_name" label="Your full name" autocomplete="name" errors=errors />
            <TextField
                name="email"
                label="Email address"
                hint="We will send a link to confirm it"
                kind="email"
                autocomplete="email"
                spellcheck_off=true
                errors=errors
            />
            <TextField
                name="password"
                label="Create a password"
                hint="At least 12 characters. A few unrelated words make a strong password"
                kind="password"
                autocomplete="new-password"
                errors=errors
            />
            <button type="submit" class="button">
                "Create account"
            </button>
        </ActionForm>
        <p class="body">
            "Already have an account? " <a href="/sign-in">"Sign in"</a>
        </p>
    }
}

#[component]
pub fn CheckEmailPage() -> impl IntoView {
    view! {
        <FormPage title="Check your email">
            <h1 class="heading-l">"Check your email"</h1>
            <p class="body">
                "We have sent you an email with a link to confirm your email address. The link expires in 24 hours."
            </p>
            <p class="body">"If you cannot find it, check your spam or junk folder."</p>
        </FormPage>
    }
}

/// The emailed link opens this page; the confirmation itself is a button, so that a
/// mail scanner that follows links cannot use up the token.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let token = link_token();
    view! {
        <FormPage title="Confirm your email address">
            <VerifyEmailForm token />
        </FormPage>
    }
}

/// The form, enhanced in the browser: errors appear beside the fields without a page load.
#[island]
fn VerifyEmailForm(token: String) -> impl IntoView {
    let action = ServerAction::<VerifyEmail>::new();
    let errors = form_errors(action);
    view! {
        <ErrorSummary errors=errors />
        <h1 class="heading-l">"Confirm your email address"</h1>
        <ActionForm action=action>
            <Hidden name="token" value=token />
            <button type="submit" class="button">
                "Confirm email address"
            </button>
        </ActionForm>
    }
}
