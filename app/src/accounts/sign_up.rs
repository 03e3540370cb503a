//! A care provider registers its organisation and its first user (the provider admin),
//! then confirms the email address by a single-use link.

use crate::components::form::{form_errors, link_token, ErrorSummary, Hidden, TextField};
use crate::components::layout::FormPage;
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {
    super::{
        fields::{EmailAddress, OrganisationName, PersonName},
        hashing, password_policy,
        repo::{self, NewUser},
        roles::{OrgKind, Role},
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

#[server(prefix = "/api", endpoint = "sign-up")]
pub async fn sign_up(
    organisation: String,
    full_name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    finish(sign_up_inner(organisation, full_name, email, password).await)
}

#[cfg(feature = "ssr")]
async fn sign_up_inner(
    organisation: String,
    full_name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    let state = state()?;
    let mut errors = FormErrors::new()
        .keep("organisation", &organisation)
        .keep("full_name", &full_name)
        .keep("email", &email);
    let organisation =
        OrganisationName::parse(&organisation).map_err(|m| errors.add("organisation", m));
    let full_name = PersonName::parse(&full_name).map_err(|m| errors.add("full_name", m));
    let email = EmailAddress::parse(&email).map_err(|m| errors.add("email", m));
    let email_text = email
        .as_ref()
        .map(|e| e.as_str().to_string())
        .unwrap_or_default();
    if let Err(message) = password_policy::check(&password, &email_text) {
        errors.add("password", message);
    }
    let (Ok(organisation), Ok(full_name), Ok(email), true) =
        (organisation, full_name, email, errors.is_empty())
    else {
        return Err(AppError::Invalid(errors));
    };
    // Hash before the transaction: it is the slow part and must not hold the write lock.
    let password_hash = hashing::hash_password(password).await?;
    let now = now();
    let mut tx = state.db.begin().await?;
    if repo::organisation_id_by_name(&mut tx, OrgKind::Provider, &organisation.key())
        .await?
        .is_some()
    {
        errors.add(
            "organisation",
            "An organisation with this name already has an account. Ask its administrator to invite you",
        );
        return Err(AppError::Invalid(errors));
    }
    if repo::user_by_email(&mut tx, email.as_str())
        .await?
        .is_some()
    {
        // Same answer as a new sign-up, so the form does not reveal who has an account;
        // the owner of the address learns of the attempt by email.
        outbox::enqueue(
            &mut tx,
            &templates::account_exists(&state.settings.sender(), email.as_str()),
            now,
        )
        .await?;
    } else {
        let organisation_id = repo::create_organisation(
            &mut tx,
            OrgKind::Provider,
            organisation.as_str(),
            &organisation.key(),
            now,
        )
        .await?;
        let user_id = repo::create_user(
            &mut tx,
            NewUser {
                organisation_id,
                email: email.as_str(),
                full_name: full_name.as_str(),
                password_hash: Some(&password_hash),
                email_verified: false,
            },
            now,
        )
        .await?;
        repo::set_roles(&mut tx, user_id, &[Role::ProviderAdmin]).await?;
        let secret = token::new_token();
        repo::create_token(
            &mut tx,
            &token::hash_token(&secret),
            user_id,
            TokenPurpose::VerifyEmail,
            now,
        )
        .await?;
        outbox::enqueue(
            &mut tx,
            &templates::verify_email(
                &state.settings.sender(),
                email.as_str(),
                full_name.as_str(),
                &secret,
            ),
            now,
        )
        .await?;
        audit::append(
            &mut tx,
            audit::AuditEvent {
                actor_user_id: Some(user_id),
                actor: email.as_str(),
                organisation_id: Some(organisation_id),
                action: "sign_up",
                subject: format!("user:{user_id}"),
                before: json!(null),
                after: json!({
                    "organisation": organisation.as_str(),
                    "full_name": full_name.as_str(),
                    "email": email.as_str(),
                    "roles": [Role::ProviderAdmin.as_str()],
                }),
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    state.mail_wakeup.notify_one();
    redirect("/sign-up/check-email");
    Ok(())
}

#[server(prefix = "/api", endpoint = "verify-email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    finish(
        async {
            let state = state()?;
            let now = now();
            let mut tx = state.db.begin().await?;
            let (hash, record) =
                usable_link(&mut tx, &token, TokenPurpose::VerifyEmail, now).await?;
            let user = repo::user_by_id(&mut tx, record.user_id)
                .await?
                .ok_or(AppError::Internal)?;
            if !repo::use_token(&mut tx, &hash, now).await? {
                return Err(AppError::invalid("", token::TokenProblem::Used.message()));
            }
            repo::mark_verified(&mut tx, user.id).await?;
            audit::append(
                &mut tx,
                audit::AuditEvent {
                    actor_user_id: Some(user.id),
                    actor: &user.email,
                    organisation_id: Some(user.organisation_id),
                    action: "email_verified",
                    subject: format!("user:{}", user.id),
                    before: json!({ "email_verified": false }),
                    after: json!({ "email_verified": true }),
                },
                now,
            )
            .await?;
            tx.commit().await?;
            redirect("/sign-in?verified=1");
            Ok(())
        }
        .await,
    )
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
