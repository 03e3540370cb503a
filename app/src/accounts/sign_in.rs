//! The sign-in page and the signed-out page.

use crate::components::form::{form_errors, ErrorSummary, TextField};
use crate::components::layout::FormPage;
use crate::components::notice::QueryNotice;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use {
    super::service::sign_in,
    crate::service::{as_anyone, redirect, set_session_cookie},
};

#[server(prefix = "/api", endpoint = "sign-in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    let signed_in = as_anyone(async |ctx| sign_in::sign_in(ctx, &email, password).await).await?;
    set_session_cookie(Some(&signed_in.token));
    redirect(signed_in.user.home())
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
