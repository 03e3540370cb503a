//! The provider's compliance: each system and lot with its standing (and, when
//! suspended, exactly why and what to send), every accepted item's expiry soonest
//! first, a form to send a replacement, and the reminders the portal has sent.

use super::RowError;
use crate::compliance::model::{
    AcceptedView, LibraryChoice, MemberSystem, ProviderCompliance, Standing,
};
use crate::components::form::{form_errors, ErrorSummary, Hidden};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::error::{AppError, FormErrors};
use crate::ids::{EvidenceTypeId, SystemId};
use leptos::prelude::*;
use leptos_meta::Title;

#[cfg(feature = "ssr")]
use {
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::compliance::service::{act, queries},
    crate::service::{as_user, redirect},
};

#[server(prefix = "/api", endpoint = "load-provider-compliance")]
pub async fn load_provider_compliance() -> Result<ProviderCompliance, AppError> {
    let allowed = Allowed::Member(OrgKind::Provider, Permission::ApplyToSystems);
    as_user(allowed, async |ctx, me| queries::provider(ctx, me).await).await
}

#[server(prefix = "/api", endpoint = "send-replacement")]
pub async fn send_replacement(
    system_id: SystemId,
    evidence_type: EvidenceTypeId,
    #[server(default)] item: String,
) -> Result<(), AppError> {
    let allowed = Allowed::Member(OrgKind::Provider, Permission::ApplyToSystems);
    let field = format!("replacement-{evidence_type}");
    let item: crate::ids::EvidenceItemId = item
        .trim()
        .parse()
        .map_err(|_| AppError::invalid(&field, "Choose an item from your evidence library"))?;
    as_user(allowed, async |ctx, me| {
        act::send_replacement(ctx, me, system_id, evidence_type, item).await
    })
    .await?;
    redirect("/provider/compliance?sent=1")
}

const NOTICES: &[(&str, &str)] = &[
    (
        "sent",
        "Sent to the council to check. You will hear by email when it has been decided.",
    ),
    (
        "renewed",
        "Declaration renewed. The council can see it now.",
    ),
];

#[component]
pub fn ProviderCompliancePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_provider_compliance());
    view! {
        <Title text="Compliance - OpenDPS" />
        <a href="/provider" class="back-link">"Back to your organisation"</a>
        <QueryNotice messages=NOTICES />
        <h1 class="heading-l">"Compliance"</h1>
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(page) => view! { <Compliance page /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Compliance(page: ProviderCompliance) -> impl IntoView {
    let action = ServerAction::<SendReplacement>::new();
    let errors = form_errors(action);
    let library = page.library.clone();
    let can_send = page.can_send;
    view! {
        <p class="body">"Each council checks the evidence it accepted from you. When an item expires, or a registration is rated Inadequate, you are suspended from the lots that need it until the council accepts a current one. Reminders come 30 days and 7 days before, and on the day."</p>
        <ErrorSummary errors />
        {if page.systems.is_empty() {
            view! { <p class="body">"You are not a member of any purchasing system yet."</p> }.into_any()
        } else {
            page.systems
                .into_iter()
                .map(|s| view! { <System s library=library.clone() can_send action errors /> })
                .collect_view()
                .into_any()
        }}
        <h2 class="heading-m">"Reminders"</h2>
        {if page.reminders.is_empty() {
            view! { <p class="body">"No reminders have been sent."</p> }.into_any()
        } else {
            view! { <ul class="list list--bullet">{page.reminders.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul> }.into_any()
        }}
    }
}

#[component]
fn System(
    s: MemberSystem,
    library: Vec<LibraryChoice>,
    can_send: bool,
    action: ServerAction<SendReplacement>,
    errors: Signal<Option<FormErrors>>,
) -> impl IntoView {
    let system_id = s.id;
    let caption = format!("Lots of {}", s.title);
    view! {
        <section class="section" aria-labelledby=format!("system-{system_id}")>
            <h2 class="heading-m" id=format!("system-{system_id}")>{s.title.clone()}</h2>
            <p class="hint">{format!("Led by {}", s.council)}</p>
            <table class="table">
                <caption class="table__caption visually-hidden">{caption}</caption>
                <thead><tr><th scope="col">"Lot"</th><th scope="col">"Status"</th><th scope="col">"Why, and what to do"</th></tr></thead>
                <tbody>
                    {s.lots.into_iter().map(|l| {
                        let why = match &l.standing {
                            Standing::Admitted => String::new(),
                            Standing::Suspended { reasons } => reasons.join(". "),
                            Standing::Removed { reason } => reason.clone(),
                        };
                        view! {
                            <tr>
                                <td>{l.label}</td>
                                <td><strong class=l.standing.tag_class()>{l.standing.label()}</strong></td>
                                <td>{why}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {s.ending.clone().map(|e| view! { <EndingStatus e /> })}
            {s.renewal.clone().map(|r| view! { <RenewalStatus r /> })}
            <h3 class="heading-s">"Evidence the council accepted, soonest to expire first"</h3>
            {s.evidence.into_iter().map(|e| view! { <Accepted e system_id library=library.clone() can_send action errors /> }).collect_view()}
        </section>
    }
}

/// A DPS's end under the 2015 Regulations, and where to go next.
#[component]
fn EndingStatus(e: crate::compliance::model::MemberEnding) -> impl IntoView {
    let said = if e.closed {
        format!("This DPS closed after {}, when DPSs under the Public Contracts Regulations 2015 ended. It sends no more placement requests.", e.last_day)
    } else {
        format!("This DPS closes at the end of {}, when DPSs under the Public Contracts Regulations 2015 end. Your admission does not carry over: to keep receiving placement requests, apply to the council's successor dynamic market.", e.last_day)
    };
    view! {
        <div class="notification" role="region" aria-label="End of this DPS">
            <p class="body">{said}</p>
            {match e.successor {
                Some((id, reference, title)) => view! {
                    <p class="body">"The successor, "<a href=format!("/systems/{id}")>{format!("{reference} {title}")}</a>", is open to applications."</p>
                }.into_any(),
                None => view! { <p class="body">"The council has not opened its successor yet. You will find it under open purchasing systems when it does."</p> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn RenewalStatus(r: crate::compliance::model::RenewalDue) -> impl IntoView {
    let href = format!("/provider/declarations/{}", r.request);
    match r.renewed_label {
        Some(on) => view! {
            <p class="body">{format!("Self-declaration renewed on {on} (asked for on {}).", r.asked_label)}</p>
        }
        .into_any(),
        None => view! {
            <div class="notification" role="region" aria-label="Declaration to renew">
                <p class="body">
                    <strong class=if r.overdue { "tag tag--red" } else { "tag tag--yellow" }>{if r.overdue { "Overdue" } else { "To do" }}</strong>
                    {format!(" The council asked on {} for your self-declaration to be renewed by {}. ", r.asked_label, r.due_label)}
                    <a href=href>"Renew the declaration"</a>
                </p>
            </div>
        }
        .into_any(),
    }
}

fn expiry_text(e: &AcceptedView) -> (String, &'static str) {
    match (&e.expires_label, e.days_left) {
        (Some(date), Some(left)) if left < 0 => (format!("Expired on {date}"), "tag tag--red"),
        (Some(date), Some(0)) => (format!("Expires today, {date}"), "tag tag--red"),
        (Some(date), Some(left)) if left <= 30 => (
            format!("Expires on {date}, in {left} days"),
            "tag tag--yellow",
        ),
        (Some(date), _) => (format!("Expires on {date}"), "tag"),
        _ => ("Does not expire".into(), "tag tag--grey"),
    }
}

#[component]
fn Accepted(
    e: AcceptedView,
    system_id: SystemId,
    library: Vec<LibraryChoice>,
    can_send: bool,
    action: ServerAction<SendReplacement>,
    errors: Signal<Option<FormErrors>>,
) -> impl IntoView {
    let (expiry, tag) = expiry_text(&e);
    let field = format!("replacement-{}", e.evidence_type);
    let has_error = {
        let field = field.clone();
        move || {
            errors
                .get()
                .is_some_and(|x| x.message_for(&field).is_some())
        }
    };
    let choices: Vec<LibraryChoice> = library.into_iter().filter(|c| c.kind == e.kind).collect();
    let label = format!("Replacement for {}", e.type_name);
    view! {
        <div class="criterion">
            <dl class="summary-list">
                <div class="summary-list__row"><dt class="summary-list__key">{e.type_name.clone()}</dt><dd class="summary-list__value">{e.item_title.clone()}" "<strong class=tag>{expiry}</strong></dd></div>
                {e.pending.clone().map(|p| view! { <div class="summary-list__row"><dt class="summary-list__key">"Replacement sent, waiting for the council to check"</dt><dd class="summary-list__value">{p}</dd></div> })}
                {e.refused.clone().map(|r| view! { <div class="summary-list__row"><dt class="summary-list__key">"Last replacement not accepted"</dt><dd class="summary-list__value">{r}</dd></div> })}
            </dl>
            {(can_send && !choices.is_empty()).then(|| view! {
                <ActionForm action attr:novalidate="true">
                    <Hidden name="system_id" value=system_id.to_string() />
                    <Hidden name="evidence_type" value=e.evidence_type.to_string() />
                    <div class="form-group" class:form-group--error=has_error>
                        <label class="label" for=field.clone()>{label}</label>
                        <RowError errors field=field.clone() />
                        <select class="select" id=field.clone() name="item">
                            <option value="">"Choose an item from your library"</option>
                            {choices.into_iter().map(|c| view! { <option value=c.id.to_string()>{c.label}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button button--secondary">"Send to the council"</button>
                </ActionForm>
            })}
            {(can_send && choices_hint(&e)).then(|| view! {
                <p class="hint"><a href="/provider/evidence">"Add a current item to your evidence library"</a>" first, then send it here."</p>
            })}
        </div>
    }
}

/// Whether to point to the library: the item expires within 30 days or has expired.
fn choices_hint(e: &AcceptedView) -> bool {
    e.days_left.is_some_and(|d| d <= 30)
}
