//! More form fields in the public-service pattern of `form::TextField`: a label or
//! legend, an optional hint, the error message beside the field and the entered value
//! kept after a failed post.

use crate::error::FormErrors;
use leptos::prelude::*;

/// The message for `name` in the latest errors, if any.
fn message(errors: Signal<Option<FormErrors>>, name: &'static str) -> Option<String> {
    errors
        .get()
        .and_then(|e| e.message_for(name).map(str::to_string))
}

/// The value typed into `name` before a failed post, else `fallback`.
fn kept(errors: Signal<Option<FormErrors>>, name: &'static str, fallback: &str) -> String {
    errors
        .get()
        .and_then(|e| e.value_for(name).map(str::to_string))
        .unwrap_or_else(|| fallback.to_string())
}

#[component]
fn ErrorMessage(errors: Signal<Option<FormErrors>>, name: &'static str) -> impl IntoView {
    move || {
        message(errors, name).map(|m| {
            view! {
                <p class="error-message" id=format!("{name}-error")>
                    <span class="visually-hidden">"Error: "</span>
                    {m}
                </p>
            }
        })
    }
}

fn described_by(
    errors: Signal<Option<FormErrors>>,
    name: &'static str,
    has_hint: bool,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{name}-hint"));
        }
        if message(errors, name).is_some() {
            ids.push(format!("{name}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

#[component]
pub fn TextArea(
    name: &'static str,
    label: &'static str,
    errors: Signal<Option<FormErrors>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] value: String,
    #[prop(default = 5)] rows: u32,
) -> impl IntoView {
    let has_error = move || message(errors, name).is_some();
    view! {
        <div class="form-group" class:form-group--error=has_error>
            <label class="label" for=name>{label}</label>
            {hint.map(|h| view! { <div class="hint" id=format!("{name}-hint")>{h}</div> })}
            <ErrorMessage errors name />
            <textarea
                class="textarea"
                class:input--error=has_error
                id=name
                name=name
                rows=rows
                aria-describedby=described_by(errors, name, hint.is_some())
            >
                {move || kept(errors, name, &value)}
            </textarea>
        </div>
    }
}

/// One choice among a few, as radio buttons. The first button carries the field's id,
/// so the error summary's link lands on it.
#[component]
pub fn Radios(
    name: &'static str,
    legend: &'static str,
    errors: Signal<Option<FormErrors>>,
    options: Vec<(String, String)>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] selected: String,
) -> impl IntoView {
    let has_error = move || message(errors, name).is_some();
    let chosen = move || kept(errors, name, &selected);
    view! {
        <div class="form-group" class:form-group--error=has_error>
            <fieldset class="fieldset" aria-describedby=described_by(errors, name, hint.is_some())>
                <legend class="fieldset__legend">{legend}</legend>
                {hint.map(|h| view! { <div class="hint" id=format!("{name}-hint")>{h}</div> })}
                <ErrorMessage errors name />
                <div class="radios">
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(i, (value, label))| {
                            let id = if i == 0 { name.to_string() } else { format!("{name}-{value}") };
                            let checked = {
                                let value = value.clone();
                                let chosen = chosen.clone();
                                move || chosen() == value
                            };
                            view! {
                                <div class="radios__item">
                                    <input class="radios__input" type="radio" id=id.clone() name=name value=value checked=checked />
                                    <label class="label radios__label" for=id>{label}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// A drop-down list for a choice among many.
#[component]
pub fn Select(
    name: &'static str,
    label: &'static str,
    errors: Signal<Option<FormErrors>>,
    options: Vec<(String, String)>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] selected: String,
) -> impl IntoView {
    let has_error = move || message(errors, name).is_some();
    let chosen = move || kept(errors, name, &selected);
    view! {
        <div class="form-group" class:form-group--error=has_error>
            <label class="label" for=name>{label}</label>
            {hint.map(|h| view! { <div class="hint" id=format!("{name}-hint")>{h}</div> })}
            <ErrorMessage errors name />
            <select class="select" id=name name=name aria-describedby=described_by(errors, name, hint.is_some())>
                {options
                    .into_iter()
                    .map(|(value, label)| {
                        let is_chosen = {
                            let value = value.clone();
                            let chosen = chosen.clone();
                            move || chosen() == value
                        };
                        view! { <option value=value selected=is_chosen>{label}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// Several choices, as checkboxes sending `name[]` once per ticked box. The first box
/// carries the field's id (`id`), for the error summary's link.
#[component]
pub fn Checkboxes(
    name: &'static str,
    id: &'static str,
    legend: &'static str,
    errors: Signal<Option<FormErrors>>,
    options: Vec<(String, String)>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] ticked: Vec<String>,
) -> impl IntoView {
    let has_error = move || message(errors, id).is_some();
    view! {
        <div class="form-group" class:form-group--error=has_error>
            <fieldset class="fieldset" aria-describedby=described_by(errors, id, hint.is_some())>
                <legend class="fieldset__legend">{legend}</legend>
                {hint.map(|h| view! { <div class="hint" id=format!("{id}-hint")>{h}</div> })}
                <ErrorMessage errors name=id />
                <div class="checkboxes">
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(i, (value, label))| {
                            let box_id = if i == 0 { id.to_string() } else { format!("{id}-{value}") };
                            let checked = {
                                let value = value.clone();
                                let default = ticked.contains(&value);
                                move || {
                                    errors
                                        .with(|e| e.as_ref().and_then(|e| e.ticked_for(name).map(|t| t.contains(&value.as_str()))))
                                        .unwrap_or(default)
                                }
                            };
                            view! {
                                <div class="checkboxes__item">
                                    <input class="checkboxes__input" type="checkbox" id=box_id.clone() name=format!("{name}[]") value=value checked=checked />
                                    <label class="label checkboxes__label" for=box_id>{label}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// One yes/no tick box, sending `name=yes` when ticked; after a failed post of a form
/// that kept it (`FormErrors::keep_tick`), ticked as it was sent.
#[component]
pub fn Checkbox(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] checked: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] errors: Option<Signal<Option<FormErrors>>>,
) -> impl IntoView {
    let checked = move || {
        errors
            .and_then(|errors| {
                errors.with(|e| {
                    e.as_ref()
                        .and_then(|e| e.value_for(name).map(|v| v == "yes"))
                })
            })
            .unwrap_or(checked)
    };
    view! {
        <div class="form-group">
            <div class="checkboxes">
                <div class="checkboxes__item">
                    <input
                        class="checkboxes__input"
                        type="checkbox"
                        id=name
                        name=name
                        value="yes"
                        checked=checked
                        aria-describedby=hint.map(|_| format!("{name}-hint"))
                    />
                    <label class="label checkboxes__label" for=name>{label}</label>
                    {hint.map(|h| view! { <div class="hint" id=format!("{name}-hint")>{h}</div> })}
                </div>
            </div>
        </div>
    }
}
