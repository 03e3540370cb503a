//! One section of the selection questionnaire. Only the questions for the lots chosen
//! are asked; each saves as a draft, so the provider can stop half way.

use super::question_field::QuestionField;
use super::{Frozen, WithApplication};
use crate::applications::attachments::choices;
use crate::applications::model::ApplicationPage;
use crate::applications::questions::QuestionKind;
use crate::components::form::{form_errors, ErrorSummary, Hidden};
use crate::error::AppError;
use crate::ids::{ApplicationId, SectionId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;

#[cfg(feature = "ssr")]
use {
    super::APPLY,
    crate::applications::service::drafts,
    crate::service::{as_user, redirect},
};

#[server(prefix = "/api", endpoint = "save-section")]
pub async fn save_section(
    id: ApplicationId,
    section_id: SectionId,
    #[server(default)] answers: BTreeMap<String, String>,
) -> Result<(), AppError> {
    as_user(APPLY, async |ctx, me| {
        drafts::save_section(ctx, me, id, section_id, &answers).await
    })
    .await?;
    redirect(&format!("/provider/applications/{id}?saved=1"))
}

#[component]
pub fn SectionPage() -> impl IntoView {
    view! { <WithApplication body=|page| view! { <SectionForm page /> } /> }
}

#[component]
fn SectionForm(page: ApplicationPage) -> impl IntoView {
    let params = use_params_map();
    let section_id: Option<SectionId> =
        params.with_untracked(|p| p.get("section").and_then(|v| v.parse().ok()));
    let Some(section) = page
        .system
        .sections
        .iter()
        .find(|s| Some(s.id) == section_id)
        .cloned()
    else {
        return view! { <crate::pages::home::NotFoundPage /> }.into_any();
    };
    let action = ServerAction::<SaveSection>::new();
    let errors = form_errors(action);
    let lots: Vec<i64> = page.lots.iter().map(|l| l.get()).collect();
    let questions: Vec<_> = section
        .questions
        .iter()
        .filter(|q| lots.is_empty() || q.rule().applies_to_any(&lots))
        .cloned()
        .collect();
    let title = format!("{} - {} - OpenDPS", section.title, page.system.title);
    let editable = page.status.editable();
    let fields = questions
        .into_iter()
        .map(|q| {
            let saved = page.answer(q.id);
            let options = match &q.kind {
                QuestionKind::Evidence { evidence_type_id } => page
                    .system
                    .evidence_types
                    .iter()
                    .find(|t| t.id.get() == *evidence_type_id)
                    .map(|wanted| {
                        choices(wanted, &page.library, &page.today)
                            .into_iter()
                            .map(|i| (i.id.to_string(), i.describe()))
                            .collect()
                    })
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            view! { <QuestionField question=q saved errors choices=options /> }
        })
        .collect_view();
    view! {
        <Title text=title />
        <a href=page.base() class="back-link">"Back to your application"</a>
        <ErrorSummary errors />
        <span class="caption-l">{page.system.title.clone()}</span>
        <h1 class="heading-l">{section.title.clone()}</h1>
        {if editable {
            view! {
                <ActionForm action attr:novalidate="true">
                    <Hidden name="id" value=page.id.to_string() />
                    <Hidden name="section_id" value=section.id.to_string() />
                    {fields}
                    <button type="submit" class="button">"Save and continue"</button>
                </ActionForm>
            }.into_any()
        } else {
            view! { <Frozen page=page.clone() /> }.into_any()
        }}
    }
    .into_any()
}
