//! The standing answers: company number, PPON and registered address. Saved into the
//! organisation's passport too, so the next application to any council starts with them.

use super::{Frozen, WithApplication};
use crate::applications::model::ApplicationPage;
use crate::components::fields::TextArea;
use crate::components::form::{form_errors, ErrorSummary, Hidden, TextField};
use crate::error::AppError;
use crate::ids::ApplicationId;
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use {
    super::APPLY,
    crate::applications::model::OrganisationAnswers,
    crate::applications::service::drafts,
    crate::service::{as_user, redirect},
};

#[server(prefix = "/api", endpoint = "save-organisation")]
pub async fn save_organisation(
    id: ApplicationId,
    #[server(default)] company_number: String,
    #[server(default)] ppon: String,
    #[server(default)] registered_address: String,
) -> Result<(), AppError> {
    let answers = OrganisationAnswers {
        company_number,
        ppon,
        registered_address,
    };
    as_user(APPLY, async |ctx, me| {
        drafts::save_organisation(ctx, me, id, &answers).await
    })
    .await?;
    redirect(&format!("/provider/applications/{id}?saved=1"))
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    view! { <WithApplication body=|page| view! { <OrganisationForm page /> } /> }
}

#[component]
fn OrganisationForm(page: ApplicationPage) -> impl IntoView {
    let action = ServerAction::<SaveOrganisation>::new();
    let errors = form_errors(action);
    let title = format!("Organisation details - {} - OpenDPS", page.system.title);
    let org = page.organisation.clone();
    let editable = page.status.editable();
    view! {
        <Title text=title />
        <a href=page.base() class="back-link">"Back to your application"</a>
        <ErrorSummary errors />
        <span class="caption-l">{page.system.title.clone()}</span>
        <h1 class="heading-l">"Organisation details"</h1>
        <p class="body">"These are kept with your organisation and filled in for every application you make, to any council."</p>
        {if editable {
            view! {
                <ActionForm action attr:novalidate="true">
                    <Hidden name="id" value=page.id.to_string() />
                    <TextField name="company_number" label="Companies House number" hint="8 characters, like 01234567 or SC123456" errors value=org.company_number spellcheck_off=true />
                    <TextField name="ppon" label="PPON (optional)" hint="Your Procurement Act supplier number from the Central Digital Platform, like GB-PPON-AB12-CD34-EF56" errors value=org.ppon spellcheck_off=true />
                    <TextArea name="registered_address" label="Registered address" errors value=org.registered_address rows=4 />
                    <button type="submit" class="button">"Save and continue"</button>
                </ActionForm>
            }.into_any()
        } else {
            view! { <Frozen page=page.clone() /> }.into_any()
        }}
    }
}
