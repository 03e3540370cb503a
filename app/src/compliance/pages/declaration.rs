//! A member renews its self-declaration for one system, pre-filled from its last
//! declaration to any council. A plain form: it works without JavaScript.

use crate::compliance::model::RenewalPage;
use crate::components::fields::{Radios, TextArea};
use crate::components::form::{form_errors, ErrorSummary, Hidden, TextField};
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::ids::RenewalRequestId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[cfg(feature = "ssr")]
use {
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::compliance::service::declarations,
    crate::service::{as_user, redirect},
};

#[cfg(feature = "ssr")]
const RENEW: Allowed = Allowed::Member(OrgKind::Provider, Permission::ApplyToSystems);

#[server(prefix = "/api", endpoint = "load-renewal")]
pub async fn load_renewal(id: RenewalRequestId) -> Result<RenewalPage, AppError> {
    as_user(RENEW, async |ctx, me| declarations::page(ctx, me, id).await).await
}

#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "renew-declaration")]
pub async fn renew_declaration(
    id: RenewalRequestId,
    #[server(default)] grounds: String,
    #[server(default)] grounds_details: String,
    #[server(default)] changes: String,
    #[server(default)] signatory_name: String,
    #[server(default)] signatory_role: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    let answers = crate::compliance::model::DeclarationAnswers {
        grounds,
        grounds_details,
        changes,
        signatory_name,
        signatory_role,
    };
    let confirmed = confirm.as_deref() == Some("yes");
    as_user(RENEW, async |ctx, me| {
        declarations::renew(ctx, me, id, &answers, confirmed).await
    })
    .await?;
    redirect("/provider/compliance?renewed=1")
}

#[component]
pub fn RenewalPageView() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<RenewalRequestId>().ok())
                .unwrap_or(RenewalRequestId(0))
        })
    };
    let data = Resource::new(id, load_renewal);
    view! {
        <a href="/provider/compliance" class="back-link">"Back to compliance"</a>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Title text="Renew your declaration - OpenDPS" /><Problem error /> }.into_any(),
                    Ok(page) => view! { <Renewal page /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Renewal(page: RenewalPage) -> impl IntoView {
    let action = ServerAction::<RenewDeclaration>::new();
    let errors = form_errors(action);
    let title = format!("Renew your declaration: {} - OpenDPS", page.system_title);
    let due = page.due.clone();
    let status = match (&due.renewed_label, due.overdue) {
        (Some(on), _) => format!("Your organisation renewed this declaration on {on}."),
        (None, true) => format!(
            "{} asked on {} for this declaration by {}. It is overdue: renew it now.",
            page.council, due.asked_label, due.due_label
        ),
        (None, false) => format!(
            "{} asked on {} for this declaration by {}.",
            page.council, due.asked_label, due.due_label
        ),
    };
    let confirm_error = move || {
        errors
            .get()
            .and_then(|e| e.message_for("confirm").map(str::to_string))
    };
    let grounds_legend = "Does any exclusion ground now apply to your organisation?";
    let grounds_text = format!(
        "The exclusion grounds are in {}. They cover, among others, convictions of the organisation or of the people who run it, unpaid tax, insolvency, professional misconduct and serious breaches of earlier contracts.",
        page.grounds_law
    );
    let answers = page.answers.clone();
    view! {
        <Title text=title />
        <ErrorSummary errors />
        <span class="caption-l">{page.system_title.clone()}</span>
        <h1 class="heading-l">"Renew your self-declaration"</h1>
        <p class="body">{status}</p>
        {page.can_renew.then(|| view! {
            {page.prefilled.then(|| view! {
                <p class="body">"We have filled in the answers from your last declaration. Check each one: the exclusion question is asked afresh."</p>
            })}
            <ActionForm action attr:novalidate="true">
                <Hidden name="id" value=due.request.to_string() />
                <p class="body">{grounds_text}</p>
                <Radios name="grounds" legend=grounds_legend errors
                    selected=answers.grounds.clone()
                    options=vec![
                        ("none".into(), "No, none applies".into()),
                        ("apply".into(), "Yes, one or more applies".into()),
                    ] />
                <TextArea name="grounds_details" label="If one applies: which, and what you have done about it (self-cleaning)" errors value=answers.grounds_details.clone() rows=4 />
                <TextArea name="changes" label="What has changed since you were admitted (optional)" hint="For example ownership, registered manager, registered address, insurance or subcontractors." errors value=answers.changes.clone() rows=4 />
                <TextField name="signatory_name" label="Name of the person making the declaration" errors autocomplete="name" value=answers.signatory_name.clone() />
                <TextField name="signatory_role" label="Their position" errors autocomplete="organization-title" value=answers.signatory_role.clone() />
                <div class="form-group" class:form-group--error=move || confirm_error().is_some()>
                    {move || confirm_error().map(|m| view! { <p class="error-message" id="confirm-error"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                    <div class="checkboxes">
                        <div class="checkboxes__item">
                            <input class="checkboxes__input" type="checkbox" id="confirm" name="confirm" value="yes" />
                            <label class="label checkboxes__label" for="confirm">{format!("I declare, on behalf of my organisation and with its authority, that these answers are true and complete, and that we will tell {} if anything changes", page.council)}</label>
                        </div>
                    </div>
                </div>
                <button type="submit" class="button">"Renew the declaration"</button>
            </ActionForm>
        })}
    }
}
