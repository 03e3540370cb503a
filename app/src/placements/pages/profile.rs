//! Pieces the council's and the provider's request pages share: the anonymised
//! profile as a summary list, and a field whose name is built at run time (one per
//! quality question or per offer), with its message and kept value.

use crate::error::FormErrors;
use crate::placements::model::Profile;
use leptos::prelude::*;

#[component]
pub fn ProfileSummary(profile: Profile) -> impl IntoView {
    let mut rows: Vec<(&'static str, String)> = vec![
        ("Council", profile.council.clone()),
        ("Purchasing system", profile.system.clone()),
        ("Lot", profile.lot.clone()),
        ("Urgency", profile.urgency.clone()),
        ("Age", format!("{} years", profile.age_years)),
    ];
    if !profile.gender.is_empty() {
        rows.push(("Gender", profile.gender.clone()));
    }
    rows.push(("Needs", profile.needs_summary.clone()));
    rows.push((
        "SEND or EHCP",
        if profile.send_ehcp { "Yes" } else { "No" }.into(),
    ));
    rows.push((
        "Risks",
        if profile.risk_flags.is_empty() {
            "None recorded".into()
        } else {
            profile.risk_flags.join(", ")
        },
    ));
    rows.push((
        "Siblings to be placed together",
        if profile.siblings == 0 {
            "None".into()
        } else {
            profile.siblings.to_string()
        },
    ));
    if !profile.pets.is_empty() {
        rows.push(("Pets", profile.pets.clone()));
    }
    rows.push(("Preferred area", profile.preferred_area.clone()));
    if let Some(miles) = profile.max_distance_miles {
        rows.push(("Greatest distance", format!("{miles} miles")));
    }
    rows.push(("Placement type", profile.placement_type.clone()));
    rows.push(("Start", profile.start_date.clone()));
    rows.push(("End", profile.end_date.clone()));
    if let Some(hours) = &profile.hours_per_week {
        rows.push(("Hours each week", hours.clone()));
        rows.push((
            "Guaranteed hours each week",
            profile
                .guaranteed_hours
                .clone()
                .unwrap_or_else(|| "0".into()),
        ));
    }
    if !profile.bespoke.is_empty() {
        rows.push(("Bespoke requirements", profile.bespoke.clone()));
    }
    rows.push(("Offers must arrive by", profile.deadline_text.clone()));
    view! {
        <dl class="summary-list">
            {rows.into_iter().map(|(key, value)| view! {
                <div class="summary-list__row">
                    <dt class="summary-list__key">{key}</dt>
                    <dd class="summary-list__value">{value}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// A text input or text area whose name is made at run time: `name` is what the form
/// sends (e.g. `answers[]`), `id` what errors are filed under (e.g. `answers[0]`).
#[component]
pub fn RuntimeField(
    #[prop(into)] name: String,
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    errors: Signal<Option<FormErrors>>,
    #[prop(optional, into)] value: String,
    #[prop(optional)] multiline: bool,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] visually_hidden_label: bool,
) -> impl IntoView {
    let message = {
        let id = id.clone();
        move || {
            errors
                .get()
                .and_then(|e| e.message_for(&id).map(str::to_string))
        }
    };
    let shown = {
        let id = id.clone();
        move || {
            errors
                .get()
                .and_then(|e| e.value_for(&id).map(str::to_string))
                .unwrap_or_else(|| value.clone())
        }
    };
    let has_error = {
        let message = message.clone();
        move || message().is_some()
    };
    let described = {
        let (id, has_hint, message) = (id.clone(), hint.is_some(), message.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(format!("{id}-hint"));
            }
            if message().is_some() {
                ids.push(format!("{id}-error"));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let input = if multiline {
        view! {
            <textarea class="textarea" id=id.clone() name=name rows=4 aria-describedby=described>{shown}</textarea>
        }
        .into_any()
    } else {
        view! { <input class="input" type="text" id=id.clone() name=name value=shown aria-describedby=described /> }.into_any()
    };
    view! {
        <div class="form-group" class:form-group--error=has_error>
            <label class="label" class:visually-hidden=visually_hidden_label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="hint" id=hint_id>{h}</div> })}
            {move || message().map(|m| view! {
                <p class="error-message" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</p>
            })}
            {input}
        </div>
    }
}
