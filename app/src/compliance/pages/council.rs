//! A system's compliance for the council leading it: evidence expiring within 30 days,
//! expired evidence, suspended members with the reasons, replacements to check, and
//! the commissioner's suspend, lift and remove actions. The same lists download as CSV.

use super::RowError;
use crate::compliance::model::{PendingRow, SuspendedRow, SystemCompliance};
use crate::components::fields::{Checkboxes, Radios, Select, TextArea};
use crate::components::form::{form_errors, ErrorSummary, Hidden};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::error::{AppError, FormErrors};
use crate::ids::{LotId, ReplacementId, SuspensionId, SystemId};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[cfg(feature = "ssr")]
use {
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::compliance::service::{act, declarations, queries},
    crate::service::{as_user, redirect},
};

#[cfg(feature = "ssr")]
const MANAGE: Allowed = Allowed::Member(OrgKind::Council, Permission::ManageMembers);

#[server(prefix = "/api", endpoint = "load-system-compliance")]
pub async fn load_system_compliance(id: SystemId) -> Result<SystemCompliance, AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::ViewSystems);
    as_user(allowed, async |ctx, me| queries::system(ctx, me, id).await).await
}

#[server(prefix = "/api", endpoint = "decide-replacement")]
pub async fn decide_replacement(
    system_id: SystemId,
    id: ReplacementId,
    #[server(default)] decision: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::EvaluateApplications);
    as_user(allowed, async |ctx, me| {
        act::decide_replacement(ctx, me, id, &decision, &reason).await
    })
    .await?;
    redirect(&format!(
        "/council/systems/{system_id}/compliance?decided=1"
    ))
}

#[server(prefix = "/api", endpoint = "suspend-provider")]
pub async fn suspend_provider(
    system_id: SystemId,
    #[server(default)] suspend_provider: String,
    #[server(default)] lots: Vec<LotId>,
    #[server(default)] suspend_reason: String,
) -> Result<(), AppError> {
    let organisation = member(&suspend_provider, "suspend_provider")?;
    as_user(MANAGE, async |ctx, me| {
        act::suspend(ctx, me, system_id, organisation, &lots, &suspend_reason).await
    })
    .await?;
    redirect(&format!(
        "/council/systems/{system_id}/compliance?suspended=1"
    ))
}

#[server(prefix = "/api", endpoint = "lift-suspension")]
pub async fn lift_suspension(
    system_id: SystemId,
    id: SuspensionId,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    as_user(MANAGE, async |ctx, me| {
        act::lift(ctx, me, id, &reason).await
    })
    .await?;
    redirect(&format!("/council/systems/{system_id}/compliance?lifted=1"))
}

#[server(prefix = "/api", endpoint = "remove-provider")]
pub async fn remove_provider(
    system_id: SystemId,
    #[server(default)] remove_provider: String,
    #[server(default)] removal_ground: String,
    #[server(default)] removal_reason: String,
) -> Result<(), AppError> {
    let organisation = member(&remove_provider, "remove_provider")?;
    as_user(MANAGE, async |ctx, me| {
        act::remove(
            ctx,
            me,
            system_id,
            organisation,
            &removal_ground,
            &removal_reason,
        )
        .await
    })
    .await?;
    redirect(&format!(
        "/council/systems/{system_id}/compliance?removed=1"
    ))
}

#[server(prefix = "/api", endpoint = "ask-renewal")]
pub async fn ask_renewal(system_id: SystemId) -> Result<(), AppError> {
    as_user(MANAGE, async |ctx, me| {
        declarations::ask(ctx, me, system_id).await
    })
    .await?;
    redirect(&format!("/council/systems/{system_id}/compliance?asked=1"))
}

#[server(prefix = "/api", endpoint = "suspend-overdue")]
pub async fn suspend_overdue(system_id: SystemId) -> Result<(), AppError> {
    as_user(MANAGE, async |ctx, me| {
        declarations::suspend_overdue(ctx, me, system_id).await
    })
    .await?;
    redirect(&format!(
        "/council/systems/{system_id}/compliance?overdue_suspended=1"
    ))
}

#[cfg(feature = "ssr")]
fn member(value: &str, field: &str) -> Result<crate::ids::OrganisationId, AppError> {
    value
        .trim()
        .parse()
        .map_err(|_| AppError::invalid(field, "Select the provider"))
}

const NOTICES: &[(&str, &str)] = &[
    ("decided", "Decision recorded and the provider told."),
    ("suspended", "Suspended. The provider has been told."),
    ("lifted", "Suspension lifted. The provider has been told."),
    (
        "removed",
        "Removed from the system. The provider has been told.",
    ),
    (
        "asked",
        "Every member has been asked to renew its declaration, by email and in the portal.",
    ),
    (
        "overdue_suspended",
        "Everyone overdue is suspended from all their lots, and each has been told.",
    ),
];

#[component]
pub fn SystemCompliancePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<SystemId>().ok())
                .unwrap_or(SystemId(0))
        })
    };
    let data = Resource::new(id, load_system_compliance);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Title text="Compliance - OpenDPS" /><Problem error /> }.into_any(),
                    Ok(page) => view! { <Compliance page /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Compliance(page: SystemCompliance) -> impl IntoView {
    let id = page.id;
    let title = format!("Compliance: {} - OpenDPS", page.title);
    let overdue = page
        .renewal
        .as_ref()
        .filter(|r| r.due_passed)
        .map_or(0, |r| r.outstanding.len());
    let counts = format!(
        "{} expiring within 30 days, {} expired, {} suspensions in force, {} to check, {} overdue renewals.",
        page.expiring.len(),
        page.expired.len(),
        page.suspended.len(),
        page.pending.len(),
        overdue
    );
    view! {
        <Title text=title />
        <a href=format!("/council/systems/{id}") class="back-link">"Back to the system"</a>
        <QueryNotice messages=NOTICES />
        <span class="caption-l">{page.reference.clone()}</span>
        <h1 class="heading-l">{format!("Compliance: {}", page.title)}</h1>
        <p class="body">{counts}</p>
        <p class="body"><a href=format!("/council/systems/{id}/compliance.csv") download="">"Download these lists (CSV)"</a></p>
        <Pending page=page.clone() />
        <h2 class="heading-m">"Suspended"</h2>
        <Suspended page=page.clone() />
        <EvidenceTable heading="Expiring within 30 days" rows=page.expiring.clone() empty="Nothing expires within 30 days." />
        <EvidenceTable heading="Expired" rows=page.expired.clone() empty="Nothing has expired." />
        <Renewals page=page.clone() />
        {(page.can_manage && !page.members.is_empty()).then(|| view! {
            <SuspendForm page=page.clone() />
            <RemoveForm page=page.clone() />
        })}
    }
}

#[component]
fn EvidenceTable(
    heading: &'static str,
    rows: Vec<crate::compliance::model::EvidenceRow>,
    empty: &'static str,
) -> impl IntoView {
    view! {
        <h2 class="heading-m">{heading}</h2>
        {if rows.is_empty() {
            view! { <p class="body">{empty}</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <caption class="table__caption visually-hidden">{heading}</caption>
                    <thead><tr><th scope="col">"Provider"</th><th scope="col">"Evidence"</th><th scope="col">"Item"</th><th scope="col">"Expires"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| view! {
                            <tr><td>{r.provider}</td><td>{r.evidence}</td><td>{r.item_title}</td><td>{r.expires_label}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

#[component]
fn Pending(page: SystemCompliance) -> impl IntoView {
    let action = ServerAction::<DecideReplacement>::new();
    let errors = form_errors(action);
    let id = page.id;
    let can = page.can_evaluate;
    view! {
        <h2 class="heading-m">"Evidence to check"</h2>
        <ErrorSummary errors />
        {if page.pending.is_empty() {
            view! { <p class="body">"Nothing waits to be checked."</p> }.into_any()
        } else {
            page.pending.into_iter().map(|p| view! { <PendingItem p system_id=id can action errors /> }).collect_view().into_any()
        }}
    }
}

#[component]
fn PendingItem(
    p: PendingRow,
    system_id: SystemId,
    can: bool,
    action: ServerAction<DecideReplacement>,
    errors: Signal<Option<FormErrors>>,
) -> impl IntoView {
    let decision = format!("replacement-decision-{}", p.id);
    let refuse = format!("{decision}-refuse");
    let reason = format!("replacement-reason-{}", p.id);
    let legend = format!("Accept {}'s {}?", p.provider, p.evidence);
    view! {
        <div class="criterion">
            <h3 class="heading-s">{format!("{}: {}", p.provider, p.evidence)}</h3>
            <p class="body"><a href=format!("/files/evidence/{}", p.item)>{p.item_title.clone()}</a>{format!(" ({})", p.expires_label)}</p>
            {can.then(|| view! {
                <ActionForm action attr:novalidate="true">
                    <Hidden name="system_id" value=system_id.to_string() />
                    <Hidden name="id" value=p.id.to_string() />
                    <fieldset class="fieldset">
                        <legend class="fieldset__legend">{legend}</legend>
                        <RowError errors field=decision.clone() />
                        <div class="radios">
                            <div class="radios__item">
                                <input class="radios__input" type="radio" id=decision.clone() name="decision" value="accept" />
                                <label class="label radios__label" for=decision.clone()>"Accept: it becomes the accepted item, and suspensions it cures lift now"</label>
                            </div>
                            <div class="radios__item">
                                <input class="radios__input" type="radio" id=refuse.clone() name="decision" value="refuse" />
                                <label class="label radios__label" for=refuse.clone()>"Refuse"</label>
                            </div>
                        </div>
                    </fieldset>
                    <div class="form-group">
                        <label class="label" for=reason.clone()>"Reason for refusing (told to the provider)"</label>
                        <RowError errors field=reason.clone() />
                        <textarea class="textarea" id=reason.clone() name="reason" rows="2"></textarea>
                    </div>
                    <button type="submit" class="button button--secondary">"Record decision"</button>
                </ActionForm>
            })}
        </div>
    }
}

#[component]
fn Suspended(page: SystemCompliance) -> impl IntoView {
    let action = ServerAction::<LiftSuspension>::new();
    let errors = form_errors(action);
    let id = page.id;
    let can = page.can_manage;
    if page.suspended.is_empty() {
        return view! { <p class="body">"No one is suspended."</p> }.into_any();
    }
    view! {
        <ErrorSummary errors />
        {page.suspended.into_iter().map(|s| view! { <SuspendedItem s system_id=id can action errors /> }).collect_view()}
    }
    .into_any()
}

#[component]
fn SuspendedItem(
    s: SuspendedRow,
    system_id: SystemId,
    can: bool,
    action: ServerAction<LiftSuspension>,
    errors: Signal<Option<FormErrors>>,
) -> impl IntoView {
    let reason = format!("lift-reason-{}", s.id);
    let how = if s.automatic {
        "Automatic: lifts when current evidence is accepted"
    } else {
        "By the council"
    };
    view! {
        <div class="criterion">
            <h3 class="heading-s">{format!("{}: {}", s.provider, s.lot)}</h3>
            <dl class="summary-list">
                <div class="summary-list__row"><dt class="summary-list__key">"Since"</dt><dd class="summary-list__value">{s.since_label.clone()}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Kind"</dt><dd class="summary-list__value">{how}</dd></div>
                <div class="summary-list__row"><dt class="summary-list__key">"Why"</dt><dd class="summary-list__value">{s.reasons.join(". ")}</dd></div>
            </dl>
            {(can && !s.automatic).then(|| view! {
                <ActionForm action attr:novalidate="true">
                    <Hidden name="system_id" value=system_id.to_string() />
                    <Hidden name="id" value=s.id.to_string() />
                    <div class="form-group">
                        <label class="label" for=reason.clone()>"Reason for lifting it"</label>
                        <RowError errors field=reason.clone() />
                        <textarea class="textarea" id=reason.clone() name="reason" rows="2"></textarea>
                    </div>
                    <button type="submit" class="button button--secondary">"Lift the suspension"</button>
                </ActionForm>
            })}
        </div>
    }
}

#[component]
fn Renewals(page: SystemCompliance) -> impl IntoView {
    let ask = ServerAction::<AskRenewal>::new();
    let ask_errors = form_errors(ask);
    let suspend = ServerAction::<SuspendOverdue>::new();
    let suspend_errors = form_errors(suspend);
    let id = page.id;
    let can = page.can_manage;
    let round = page.renewal.clone();
    let to_suspend = round.as_ref().map_or(0, |r| r.to_suspend());
    view! {
        <h2 class="heading-m" id="renewals">"Renewed declarations"</h2>
        <ErrorSummary errors=ask_errors />
        <ErrorSummary errors=suspend_errors />
        {match round {
            None => view! { <p class="body">"Members have not been asked to renew their declarations."</p> }.into_any(),
            Some(r) => {
                let state = if r.due_passed { "Overdue" } else { "Not renewed yet" };
                view! {
                    <p class="body">{format!("Asked on {}, due by {}: {} of {} members have renewed.", r.asked_label, r.due_label, r.renewed, r.asked_of)}</p>
                    {if r.outstanding.is_empty() {
                        view! { <p class="body">"Every member asked has renewed."</p> }.into_any()
                    } else {
                        view! {
                            <table class="table">
                                <caption class="table__caption">{if r.due_passed { "Overdue renewals" } else { "Renewals outstanding" }}</caption>
                                <thead><tr><th scope="col">"Provider"</th><th scope="col">"Status"</th></tr></thead>
                                <tbody>
                                    {r.outstanding.iter().map(|o| view! {
                                        <tr><td>{o.name.clone()}</td><td>{if o.suspended { format!("{state}; suspended") } else { state.to_string() }}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                    {(!r.flagged.is_empty()).then(|| view! {
                        <h3 class="heading-s">"Members declaring that an exclusion ground applies"</h3>
                        <dl class="summary-list">
                            {r.flagged.iter().map(|f| view! {
                                <div class="summary-list__row"><dt class="summary-list__key">{f.name.clone()}</dt><dd class="summary-list__value">{format!("{} (renewed on {})", f.details, f.renewed_label)}</dd></div>
                            }).collect_view()}
                        </dl>
                    })}
                }.into_any()
            }
        }}
        {(can && to_suspend > 0).then(|| view! {
            <ActionForm action=suspend attr:novalidate="true">
                <Hidden name="system_id" value=id.to_string() />
                <RowError errors=suspend_errors field="suspend-overdue".to_string() />
                <button type="submit" class="button button--warning" id="suspend-overdue">{format!("Suspend the {to_suspend} overdue from all their lots")}</button>
            </ActionForm>
        })}
        {(can && page.can_ask_renewal && !page.members.is_empty()).then(|| view! {
            <ActionForm action=ask attr:novalidate="true">
                <Hidden name="system_id" value=id.to_string() />
                <p class="hint">"Every member is emailed and has 5 working days to renew, counted on your council's calendar."</p>
                <RowError errors=ask_errors field="ask-renewal".to_string() />
                <button type="submit" class="button button--secondary" id="ask-renewal">"Ask every member to renew its declaration"</button>
            </ActionForm>
        })}
    }
}

fn providers(page: &SystemCompliance) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), "Choose a provider".to_string())];
    options.extend(
        page.members
            .iter()
            .map(|m| (m.id.to_string(), m.name.clone())),
    );
    options
}

#[component]
fn SuspendForm(page: SystemCompliance) -> impl IntoView {
    let action = ServerAction::<SuspendProvider>::new();
    let errors = form_errors(action);
    let mut lots: Vec<(String, String)> = Vec::new();
    for (id, label) in page.members.iter().flat_map(|m| m.lots.iter()) {
        if !lots.iter().any(|(v, _)| *v == id.to_string()) {
            lots.push((id.to_string(), label.clone()));
        }
    }
    lots.sort();
    view! {
        <h2 class="heading-m" id="suspend">"Suspend a provider"</h2>
        <ErrorSummary errors />
        <ActionForm action attr:novalidate="true" attr:aria-labelledby="suspend">
            <Hidden name="system_id" value=page.id.to_string() />
            <Select name="suspend_provider" label="Provider" errors options=providers(&page) />
            <Checkboxes name="lots" id="suspend-lots" legend="Lots to suspend it from" errors options=lots />
            <TextArea name="suspend_reason" label="Reason (told to the provider)" errors rows=3 />
            <button type="submit" class="button button--warning">"Suspend"</button>
        </ActionForm>
    }
}

#[component]
fn RemoveForm(page: SystemCompliance) -> impl IntoView {
    let action = ServerAction::<RemoveProvider>::new();
    let errors = form_errors(action);
    let grounds = crate::compliance::model::RemovalGround::ALL
        .iter()
        .map(|g| (g.code().to_string(), g.label().to_string()))
        .collect();
    view! {
        <h2 class="heading-m" id="remove">"Remove a provider from the system"</h2>
        <p class="hint">"Under the Procurement Act 2023 a supplier on the debarment list, or to which a mandatory exclusion ground applies, must be removed; one to which a discretionary ground applies may be."</p>
        <ErrorSummary errors />
        <ActionForm action attr:novalidate="true" attr:aria-labelledby="remove">
            <Hidden name="system_id" value=page.id.to_string() />
            <Select name="remove_provider" label="Provider to remove" errors options=providers(&page) />
            <Radios name="removal_ground" legend="Ground for removal" errors options=grounds />
            <TextArea name="removal_reason" label="Reason (told to the provider)" errors rows=3 />
            <button type="submit" class="button button--warning">"Remove"</button>
        </ActionForm>
    }
}
