//! Check your answers, then declare and submit. What is shown here is exactly what is
//! frozen on submission.

use super::task_list::SnapshotView;
use super::WithApplication;
use crate::applications::model::ApplicationPage;
use crate::components::form::{form_errors, ErrorSummary, Hidden};
use crate::error::AppError;
use crate::ids::ApplicationId;
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use {
    super::APPLY,
    crate::applications::service::submit,
    crate::service::{as_user, redirect},
};

#[server(prefix = "/api", endpoint = "submit-application")]
pub async fn submit_application(
    id: ApplicationId,
    #[server(default)] declaration: Option<String>,
) -> Result<(), AppError> {
    let declared = declaration.as_deref() == Some("yes");
    as_user(APPLY, async |ctx, me| {
        submit::submit(ctx, me, id, declared).await
    })
    .await?;
    redirect(&format!("/provider/applications/{id}?submitted=1"))
}

#[component]
pub fn CheckAnswersPage() -> impl IntoView {
    view! { <WithApplication body=|page| view! { <Check page /> } /> }
}

#[component]
fn Check(page: ApplicationPage) -> impl IntoView {
    let action = ServerAction::<SubmitApplication>::new();
    let errors = form_errors(action);
    let title = format!("Check your answers - {} - OpenDPS", page.system.title);
    let editable = page.status.editable();
    let base = page.base();
    let blockers = page.blockers.clone();
    let ready = blockers.is_empty() && page.accepting;
    let declaration_error = move || {
        errors
            .get()
            .and_then(|e| e.message_for("declaration").map(str::to_string))
    };
    view! {
        <Title text=title />
        <a href=base.clone() class="back-link">"Back to your application"</a>
        <ErrorSummary errors />
        <span class="caption-l">{page.system.title.clone()}</span>
        <h1 class="heading-l">"Check your answers before submitting your application"</h1>
        {(!blockers.is_empty()).then(|| view! {
            <div class="notification" role="region" aria-labelledby="to-finish">
                <h2 class="heading-s" id="to-finish">"Before you can submit"</h2>
                <ul class="list">
                    {blockers.into_iter().map(|b| view! { <li><a href=b.href>{b.message}</a></li> }).collect_view()}
                </ul>
            </div>
        })}
        <SnapshotView snapshot=page.snapshot.clone() base=editable.then(|| base.clone()) />
        {(editable && ready).then(|| view! {
            <h2 class="heading-m">"Declaration"</h2>
            <ActionForm action attr:novalidate="true">
                <Hidden name="id" value=page.id.to_string() />
                <div class="form-group" class:form-group--error=move || declaration_error().is_some()>
                    {move || declaration_error().map(|m| view! { <p class="error-message" id="declaration-error"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                    <div class="checkboxes">
                        <div class="checkboxes__item">
                            <input class="checkboxes__input" type="checkbox" id="declaration" name="declaration" value="yes" />
                            <label class="label checkboxes__label" for="declaration">{format!("I declare, on behalf of my organisation, that the information in this application is true and complete, and that I will tell {} if it changes", page.system.lead_council.name)}</label>
                        </div>
                    </div>
                </div>
                <p class="body">"Once you submit, your answers cannot be changed. The council must decide within the period the rules of this purchasing system set."</p>
                <button type="submit" class="button">"Accept and submit"</button>
            </ActionForm>
        })}
        {(editable && !page.accepting).then(|| view! {
            <p class="body">"This system is not taking applications at the moment, so the application cannot be submitted yet."</p>
        })}
    }
}
