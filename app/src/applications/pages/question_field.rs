//! One selection question as a form field, in the public-service pattern: its label or
//! legend, the message beside it, and what was typed kept after a failed save. Fields
//! are named `answers[<question id>]` and identified `q<question id>`.

use crate::applications::questions::{QuestionKind, NO, YES};
use crate::error::FormErrors;
use crate::systems::model::QuestionDef;
use leptos::prelude::*;

#[component]
pub fn QuestionField(
    question: QuestionDef,
    saved: String,
    errors: Signal<Option<FormErrors>>,
    /// For an evidence question: the library items that may answer it.
    choices: Vec<(String, String)>,
) -> impl IntoView {
    let id = format!("q{}", question.id);
    let name = format!("answers[{}]", question.id);
    let message = {
        let id = id.clone();
        move || {
            errors
                .get()
                .and_then(|e| e.message_for(&id).map(str::to_string))
        }
    };
    let value = {
        let id = id.clone();
        move || {
            errors
                .get()
                .and_then(|e| e.value_for(&id).map(str::to_string))
                .unwrap_or_else(|| saved.clone())
        }
    };
    let label = if question.mandatory {
        question.text.clone()
    } else {
        format!("{} (optional)", question.text)
    };
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let hint = match &question.kind {
        QuestionKind::Text { max_chars } => Some(format!("Up to {max_chars} characters")),
        QuestionKind::Number { min: Some(min), max: Some(max) } => Some(format!("A whole number from {min} to {max}")),
        QuestionKind::Number { .. } => Some("A whole number".to_string()),
        QuestionKind::Evidence { .. } => Some("Choose from your evidence library. To add a new item, go to your evidence library and come back".to_string()),
        _ => None,
    };
    let described_by = {
        let (error_id, hint_id, has_hint) = (error_id.clone(), hint_id.clone(), hint.is_some());
        let message = message.clone();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let has_error = {
        let message = message.clone();
        move || message().is_some()
    };
    let error_view = {
        let message = message.clone();
        let error_id = error_id.clone();
        move || {
            message().map(|m| {
                view! { <p class="error-message" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</p> }
            })
        }
    };
    let hint_view = hint.map(|h| view! { <div class="hint" id=hint_id.clone()>{h}</div> });
    let radio_options: Option<Vec<(String, String)>> = match &question.kind {
        QuestionKind::YesNo => Some(vec![(YES.into(), "Yes".into()), (NO.into(), "No".into())]),
        QuestionKind::ChooseOne { options } => {
            Some(options.iter().map(|o| (o.clone(), o.clone())).collect())
        }
        _ => None,
    };
    if let Some(options) = radio_options {
        return view! {
            <div class="form-group" class:form-group--error=has_error>
                <fieldset class="fieldset" aria-describedby=described_by>
                    <legend class="fieldset__legend">{label}</legend>
                    {hint_view}
                    {error_view}
                    <div class="radios">
                        {options.into_iter().enumerate().map(|(i, (option, text))| {
                            let radio_id = if i == 0 { id.clone() } else { format!("{id}-{i}") };
                            let checked = {
                                let value = value.clone();
                                let option = option.clone();
                                move || value() == option
                            };
                            view! {
                                <div class="radios__item">
                                    <input class="radios__input" type="radio" id=radio_id.clone() name=name.clone() value=option checked=checked />
                                    <label class="label radios__label" for=radio_id>{text}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
        }
        .into_any();
    }
    let control = match &question.kind {
        QuestionKind::Text { .. } => view! {
            <textarea class="textarea" id=id.clone() name=name.clone() rows="5" aria-describedby=described_by.clone()>{value.clone()}</textarea>
        }
        .into_any(),
        QuestionKind::Evidence { .. } => {
            let options = std::iter::once((String::new(), "Choose an item".to_string())).chain(choices);
            view! {
                <select class="select" id=id.clone() name=name.clone() aria-describedby=described_by.clone()>
                    {options.map(|(option, text)| {
                        let selected = {
                            let value = value.clone();
                            let option = option.clone();
                            move || value() == option
                        };
                        view! { <option value=option selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
        kind => {
            let (input_type, inputmode) = match kind {
                QuestionKind::Date => ("date", None),
                _ => ("text", Some("numeric")),
            };
            view! {
                <input class="input input--width-20" id=id.clone() name=name.clone() type=input_type inputmode=inputmode aria-describedby=described_by.clone() value=value.clone() />
            }
            .into_any()
        }
    };
    view! {
        <div class="form-group" class:form-group--error=has_error>
            <label class="label" for=id.clone()>{label}</label>
            {hint_view}
            {error_view}
            {control}
        </div>
    }
    .into_any()
}
