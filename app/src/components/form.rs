//! Form pieces in the familiar public-service pattern: an error summary at the top
//! linking to each field, the message beside the field, entered values kept.

use crate::error::{AppError, FormErrors};
use leptos::prelude::*;
use server_fn::ServerFn;

/// The form errors of an action's latest result: field messages for invalid input, or
/// one form-wide message for anything else.
pub fn form_errors<S>(action: ServerAction<S>) -> Signal<Option<FormErrors>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    Signal::derive(move || {
        action.value().with(|value| match value {
            Some(Err(AppError::Invalid(errors))) => Some(errors.clone()),
            Some(Err(other)) => Some(FormErrors::one("", other.to_string())),
            _ => None,
        })
    })
}

/// The form errors a plain (JavaScript-free) post of server function `S` came back
/// with, for a form that posts without an action: a file upload, whose input cannot be
/// held by a `ServerAction`.
pub fn plain_form_errors<S>() -> Signal<Option<FormErrors>>
where
    S: ServerFn<Error = AppError>,
{
    let error = use_context::<leptos::server::ServerActionError>()
        .filter(|e| e.path() == S::PATH)
        .map(|e| server_fn::error::ServerFnUrlError::<AppError>::decode_err(e.err()));
    let errors = error.map(|error| match error {
        AppError::Invalid(errors) => errors,
        other => FormErrors::one("", other.to_string()),
    });
    Signal::stored(errors)
}

#[component]
pub fn ErrorSummary(errors: Signal<Option<FormErrors>>) -> impl IntoView {
    // As in the GOV.UK pattern, focus moves to the summary when it appears in place, so
    // keyboard and screen-reader users start from the list of problems.
    let summary = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(element) = summary.get() {
            let _ = element.focus();
        }
    });
    move || {
        errors.get().filter(|e| !e.is_empty()).map(|e| {
            view! {
                <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" node_ref=summary>
                    <h2 class="error-summary__title" id="error-summary-title">"There is a problem"</h2>
                    <ul class="error-summary__list">
                        {e
                            .errors
                            .into_iter()
                            .map(|fe| {
                                if fe.field.is_empty() {
                                    view! { <li>{fe.message}</li> }.into_any()
                                } else {
                                    let href = format!("#{}", fe.field);
                                    view! {
                                        <li>
                                            <a href=href>{fe.message}</a>
                                        </li>
                                    }
                                        .into_any()
                                }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    }
}

/// A labelled input with its hint and error message. Passwords are never refilled.
#[component]
pub fn TextField(
    name: &'static str,
    label: &'static str,
    errors: Signal<Option<FormErrors>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] spellcheck_off: bool,
) -> impl IntoView {
    let error = move || {
        errors
            .get()
            .and_then(|e| e.message_for(name).map(str::to_string))
    };
    let hint_id = hint.map(|_| format!("{name}-hint"));
    let described_by = {
        let hint_id = hint_id.clone();
        move || {
            let ids: Vec<String> = hint_id
                .iter()
                .cloned()
                .chain(error().map(|_| format!("{name}-error")))
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let shown_value = move || {
        if kind == "password" {
            return None;
        }
        errors
            .get()
            .and_then(|e| e.value_for(name).map(str::to_string))
            .or_else(|| value.clone())
    };
    view! {
        <div class="form-group" class:form-group--error=move || error().is_some()>
            <label class="label" for=name>
                {label}
            </label>
            {hint.map(|h| view! { <div class="hint" id=hint_id.clone()>{h}</div> })}
            {move || {
                error()
                    .map(|message| {
                        view! {
                            <p class="error-message" id=format!("{name}-error")>
                                <span class="visually-hidden">"Error: "</span>
                                {message}
                            </p>
                        }
                    })
            }}
            <input
                class="input"
                class:input--error=move || error().is_some()
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                spellcheck=spellcheck_off.then_some("false")
                aria-describedby=described_by
                value=shown_value
            />
        </div>
    }
}

/// A hidden field carrying, for example, the token from an emailed link.
#[component]
pub fn Hidden(name: &'static str, #[prop(into)] value: String) -> impl IntoView {
    view! { <input type="hidden" name=name value=value /> }
}

/// A new password and its confirmation (`confirm_password`), never refilled.
#[component]
pub fn NewPasswordFields(
    name: &'static str,
    label: &'static str,
    confirm_label: &'static str,
    errors: Signal<Option<FormErrors>>,
) -> impl IntoView {
    view! {
        <TextField
            name=name
            label=label
            hint="At least 12 characters"
            kind="password"
            autocomplete="new-password"
            errors=errors
        />
        <TextField
            name="confirm_password"
            label=confirm_label
            kind="password"
            autocomplete="new-password"
            errors=errors
        />
    }
}

/// The `token` of an emailed link, read on the server from the page's query.
pub fn link_token() -> String {
    leptos_router::hooks::use_query_map().with_untracked(|q| q.get("token").unwrap_or_default())
}
