//! Attaching evidence: for each type the system asks for (for the lots chosen), an item
//! of the organisation's library is chosen. Nothing is uploaded here: the library keeps
//! each document once, for every application.

use super::{Frozen, WithApplication};
use crate::applications::attachments::choices;
use crate::applications::model::ApplicationPage;
use crate::components::form::{form_errors, ErrorSummary, Hidden};
use crate::error::AppError;
use crate::ids::ApplicationId;
use leptos::prelude::*;
use leptos_meta::Title;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use {
    super::APPLY,
    crate::applications::service::drafts,
    crate::service::{as_user, redirect},
};

#[server(prefix = "/api", endpoint = "attach-evidence")]
pub async fn attach_evidence(
    id: ApplicationId,
    #[server(default)] evidence: BTreeMap<String, String>,
) -> Result<(), AppError> {
    as_user(APPLY, async |ctx, me| {
        drafts::attach_evidence(ctx, me, id, &evidence).await
    })
    .await?;
    redirect(&format!("/provider/applications/{id}?saved=1"))
}

#[component]
pub fn EvidencePage() -> impl IntoView {
    view! { <WithApplication body=|page| view! { <EvidenceForm page /> } /> }
}

#[component]
fn EvidenceForm(page: ApplicationPage) -> impl IntoView {
    let action = ServerAction::<AttachEvidence>::new();
    let errors = form_errors(action);
    let title = format!("Evidence - {} - OpenDPS", page.system.title);
    let editable = page.status.editable();
    let wanted: Vec<_> = page
        .system
        .evidence_types
        .iter()
        .filter(|t| page.lots.is_empty() || t.applies_to_any(&page.lots))
        .cloned()
        .collect();
    let none_asked = wanted.is_empty();
    let fields = wanted
        .into_iter()
        .map(|t| {
            let field = format!("evidence-{}", t.id);
            let name = format!("evidence[{}]", t.id);
            let saved = page.attached(t.id).map(|i| i.to_string()).unwrap_or_default();
            let options: Vec<(String, String)> = std::iter::once((String::new(), "None attached".to_string()))
                .chain(choices(&t, &page.library, &page.today).into_iter().map(|i| (i.id.to_string(), i.describe())))
                .collect();
            let no_choices = options.len() == 1;
            let label = format!("{}{}", t.name, if t.mandatory { "" } else { " (optional)" });
            let hint = format!(
                "{}{}",
                t.kind.label(),
                if t.expires { ", with the date it expires" } else { "" }
            );
            let hint_id = format!("{field}-hint");
            let error_id = format!("{field}-error");
            let message = {
                let field = field.clone();
                move || errors.get().and_then(|e| e.message_for(&field).map(str::to_string))
            };
            let value = {
                let field = field.clone();
                move || errors.get().and_then(|e| e.value_for(&field).map(str::to_string)).unwrap_or_else(|| saved.clone())
            };
            let has_error = {
                let message = message.clone();
                move || message().is_some()
            };
            let described = {
                let (hint_id, error_id, message) = (hint_id.clone(), error_id.clone(), message.clone());
                move || if message().is_some() { format!("{hint_id} {error_id}") } else { hint_id.clone() }
            };
            view! {
                <div class="form-group" class:form-group--error=has_error id=format!("evidence-{}-group", t.id)>
                    <label class="label" for=field.clone()>{label}</label>
                    <div class="hint" id=hint_id.clone()>{hint}</div>
                    {move || message().map(|m| view! { <p class="error-message" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</p> })}
                    <select class="select" id=field.clone() name=name aria-describedby=described>
                        {options.into_iter().map(|(option, text)| {
                            let selected = {
                                let value = value.clone();
                                let option = option.clone();
                                move || value() == option
                            };
                            view! { <option value=option selected=selected>{text}</option> }
                        }).collect_view()}
                    </select>
                    {no_choices.then(|| view! { <p class="hint">"Nothing in your library fits yet: "<a href="/provider/evidence">"add it to your evidence library"</a>"."</p> })}
                </div>
            }
        })
        .collect_view();
    view! {
        <Title text=title />
        <a href=page.base() class="back-link">"Back to your application"</a>
        <ErrorSummary errors />
        <span class="caption-l">{page.system.title.clone()}</span>
        <h1 class="heading-l">"Evidence"</h1>
        <p class="body">"Choose each item from "<a href="/provider/evidence">"your evidence library"</a>". Items you have given other councils are offered again while they are valid."</p>
        {if !editable {
            view! { <Frozen page=page.clone() /> }.into_any()
        } else if none_asked {
            view! { <p class="body">"No evidence is asked for the lots you have chosen."</p> }.into_any()
        } else {
            view! {
                <ActionForm action attr:novalidate="true">
                    <Hidden name="id" value=page.id.to_string() />
                    {fields}
                    <button type="submit" class="button">"Save and continue"</button>
                </ActionForm>
            }.into_any()
        }}
    }
}
