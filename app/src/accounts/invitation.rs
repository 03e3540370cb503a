//! The page an invitation's link opens: the invited person chooses their name and
//! password and is signed in.

use crate::components::form::{
    form_errors, link_token, ErrorSummary, Hidden, NewPasswordFields, TextField,
};
use crate::components::layout::FormPage;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::service::invitations::{self, Acceptance},
    crate::service::{as_anyone, redirect, set_session_cookie},
};

#[server(prefix = "/api", endpoint = "accept-invitation")]
pub async fn accept_invitation(
    token: String,
    full_name: String,
    password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    let form = Acceptance {
        token,
        full_name,
        password,
        confirm_password,
    };
    let signed_in = as_anyone(async |ctx| invitations::accept(ctx, form).await).await?;
    set_session_cookie(Some(&signed_in.token));
    redirect(signed_in.user.home())
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
