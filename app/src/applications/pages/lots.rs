//! Choosing the lots to apply for. The questions and evidence asked follow from these.

use super::{Frozen, WithApplication};
use crate::applications::model::ApplicationPage;
use crate::components::fields::Checkboxes;
use crate::components::form::{form_errors, ErrorSummary, Hidden};
use crate::error::AppError;
use crate::ids::{ApplicationId, LotId};
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use {
    super::APPLY,
    crate::applications::service::drafts,
    crate::service::{as_user, redirect},
};

#[server(prefix = "/api", endpoint = "choose-lots")]
pub async fn choose_lots(
    id: ApplicationId,
    #[server(default)] lots: Vec<LotId>,
) -> Result<(), AppError> {
    as_user(APPLY, async |ctx, me| {
        drafts::choose_lots(ctx, me, id, &lots).await
    })
    .await?;
    redirect(&format!("/provider/applications/{id}?saved=1"))
}

#[component]
pub fn LotsPage() -> impl IntoView {
    view! { <WithApplication body=|page| view! { <LotsForm page /> } /> }
}

#[component]
fn LotsForm(page: ApplicationPage) -> impl IntoView {
    let action = ServerAction::<ChooseLots>::new();
    let errors = form_errors(action);
    let options: Vec<(String, String)> = page
        .system
        .lots
        .iter()
        .map(|l| {
            (
                l.id.to_string(),
                format!("{} ({})", l.label(), l.service_type.label()),
            )
        })
        .collect();
    let ticked: Vec<String> = page.lots.iter().map(|l| l.to_string()).collect();
    let title = format!("Lots - {} - OpenDPS", page.system.title);
    let back = page.base();
    let editable = page.status.editable();
    view! {
        <Title text=title />
        <a href=back class="back-link">"Back to your application"</a>
        <ErrorSummary errors />
        <span class="caption-l">{page.system.title.clone()}</span>
        <h1 class="heading-l">"Lots applied for"</h1>
        {if editable {
            view! {
                <ActionForm action attr:novalidate="true">
                    <Hidden name="id" value=page.id.to_string() />
                    <Checkboxes name="lots" id="lots" legend="Which lots are you applying for?" hint="Select all that apply. The questions and evidence asked depend on the lots chosen" errors options ticked />
                    <button type="submit" class="button">"Save and continue"</button>
                </ActionForm>
            }.into_any()
        } else {
            view! { <Frozen page=page.clone() /> }.into_any()
        }}
    }
}
