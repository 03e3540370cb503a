//! One system's page for council users: its details, where it is in its lifecycle, the
//! councils taking part, its lots and the evidence it asks for. A commissioner of the
//! lead council changes them here, as plain form posts; everyone else reads.

use crate::components::fields::{Checkbox, Checkboxes, Select, TextArea};
use crate::components::form::{form_errors, ErrorSummary, Hidden, TextField};
use crate::components::notice::QueryNotice;
use crate::components::problem::Problem;
use crate::error::AppError;
use crate::evidence::EvidenceKind;
use crate::ids::{EvidenceTypeId, LotId, OrganisationId, SystemId};
use crate::systems::model::{EndingNotice, SystemForCouncil, SystemView};
use crate::systems::types::ServiceType;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[cfg(feature = "ssr")]
use {
    crate::auth::{
        request::Allowed,
        roles::{OrgKind, Permission},
    },
    crate::service::{as_user, redirect},
    crate::systems::conditions::{EvidenceTypeForm, LotForm},
    crate::systems::service::{conditions, lifecycle, queries, successor},
};

#[cfg(feature = "ssr")]
const MANAGE: Allowed = Allowed::Member(OrgKind::Council, Permission::ManageSystems);

#[server(prefix = "/api", endpoint = "system-page")]
pub async fn system_page(id: SystemId) -> Result<SystemForCouncil, AppError> {
    let allowed = Allowed::Member(OrgKind::Council, Permission::ViewSystems);
    as_user(allowed, async |ctx, me| queries::page(ctx, me, id).await).await
}

/// Opens or closes the system, or one of a framework's application windows.
#[server(prefix = "/api", endpoint = "change-system-status")]
pub async fn change_system_status(id: SystemId, step: String) -> Result<(), AppError> {
    as_user(MANAGE, async |ctx, me| match step.as_str() {
        "open" => lifecycle::open(ctx, me, id).await,
        "close" => lifecycle::close(ctx, me, id).await,
        "open_window" => lifecycle::open_window(ctx, me, id).await,
        "close_window" => lifecycle::close_window(ctx, me, id).await,
        "award" => lifecycle::award(ctx, me, id).await,
        _ => Err(AppError::NotFound),
    })
    .await?;
    redirect(&format!("/council/systems/{id}?{step}=1"))
}

/// Drafts the dynamic market that takes over from a Regulation 34 DPS and opens it.
#[server(prefix = "/api", endpoint = "draft-successor")]
pub async fn draft_successor(id: SystemId) -> Result<(), AppError> {
    let successor = as_user(MANAGE, async |ctx, me| successor::create(ctx, me, id).await).await?;
    redirect(&format!("/council/systems/{successor}?successor=1"))
}

#[server(prefix = "/api", endpoint = "add-system-council")]
pub async fn add_system_council(
    id: SystemId,
    #[server(default)] council_id: String,
) -> Result<(), AppError> {
    let council = council_id
        .parse::<OrganisationId>()
        .map_err(|_| AppError::invalid("council_id", "Select a council to add"));
    as_user(MANAGE, async |ctx, me| {
        conditions::add_participant(ctx, me, id, council?).await
    })
    .await?;
    redirect(&format!(
        "/council/systems/{id}?council_added=1#councils-section"
    ))
}

#[server(prefix = "/api", endpoint = "remove-system-council")]
pub async fn remove_system_council(
    id: SystemId,
    council_id: OrganisationId,
) -> Result<(), AppError> {
    as_user(MANAGE, async |ctx, me| {
        conditions::remove_participant(ctx, me, id, council_id).await
    })
    .await?;
    redirect(&format!(
        "/council/systems/{id}?council_removed=1#councils-section"
    ))
}

#[server(prefix = "/api", endpoint = "add-lot")]
pub async fn add_lot(
    id: SystemId,
    #[server(default)] service_type: String,
    lot_title: String,
    lot_description: String,
) -> Result<(), AppError> {
    let form = LotForm {
        service_type,
        lot_title,
        lot_description,
    };
    as_user(MANAGE, async |ctx, me| {
        conditions::add_lot(ctx, me, id, &form).await
    })
    .await?;
    redirect(&format!("/council/systems/{id}?lot_added=1#lots-section"))
}

#[server(prefix = "/api", endpoint = "remove-lot")]
pub async fn remove_lot(id: SystemId, lot_id: LotId) -> Result<(), AppError> {
    as_user(MANAGE, async |ctx, me| {
        conditions::remove_lot(ctx, me, id, lot_id).await
    })
    .await?;
    redirect(&format!("/council/systems/{id}?lot_removed=1#lots-section"))
}

#[server(prefix = "/api", endpoint = "add-evidence-type")]
pub async fn add_evidence_type(
    id: SystemId,
    name: String,
    #[server(default)] kind: String,
    #[server(default)] mandatory: Option<String>,
    #[server(default)] expires: Option<String>,
    #[server(default)] lots: Vec<LotId>,
) -> Result<(), AppError> {
    let form = EvidenceTypeForm {
        name,
        kind,
        mandatory,
        expires,
    };
    as_user(MANAGE, async |ctx, me| {
        conditions::add_evidence_type(ctx, me, id, &form, &lots).await
    })
    .await?;
    redirect(&format!(
        "/council/systems/{id}?evidence_added=1#evidence-section"
    ))
}

#[server(prefix = "/api", endpoint = "remove-evidence-type")]
pub async fn remove_evidence_type(
    id: SystemId,
    evidence_type_id: EvidenceTypeId,
) -> Result<(), AppError> {
    as_user(MANAGE, async |ctx, me| {
        conditions::remove_evidence_type(ctx, me, id, evidence_type_id).await
    })
    .await?;
    redirect(&format!(
        "/council/systems/{id}?evidence_removed=1#evidence-section"
    ))
}

const NOTICES: &[(&str, &str)] = &[
    (
        "created",
        "Draft system created. Add its lots, evidence and questionnaire, then open it.",
    ),
    ("updated", "Details saved."),
    (
        "successor",
        "Successor drafted under the Procurement Act 2023, with the DPS's consortium, lots, evidence and questionnaire. Check its details, then open it.",
    ),
    ("open", "The system is open to applications."),
    (
        "close",
        "The system is closed. It accepts no more applications.",
    ),
    ("open_window", "The application window is open."),
    (
        "award",
        "The framework's award is recorded. It admits no new providers.",
    ),
    ("close_window", "The application window is closed."),
    ("council_added", "Council added."),
    ("council_removed", "Council removed."),
    ("lot_added", "Lot added."),
    ("lot_removed", "Lot removed."),
    ("evidence_added", "Evidence type added."),
    ("evidence_removed", "Evidence type removed."),
];

pub fn system_id_param() -> impl Fn() -> SystemId + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params.with(|p| {
            p.get("id")
                .and_then(|id| id.parse::<SystemId>().ok())
                .unwrap_or(SystemId(0))
        })
    }
}

#[component]
pub fn SystemPageView() -> impl IntoView {
    let id = system_id_param();
    let data = Resource::new(id, system_page);
    let status = ServerAction::<ChangeSystemStatus>::new();
    let status_errors = form_errors(status);
    view! {
        <Suspense fallback=|| view! { <p class="body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <Problem error /> }.into_any(),
                    Ok(page) => view! { <SystemDetail page status status_errors /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SystemDetail(
    page: SystemForCouncil,
    status: ServerAction<ChangeSystemStatus>,
    status_errors: Signal<Option<crate::error::FormErrors>>,
) -> impl IntoView {
    let SystemForCouncil {
        system,
        rights,
        other_councils,
        members,
        ending,
        predecessor,
    } = page;
    let id = system.id;
    let title = format!("{} - OpenDPS", system.title);
    let edit_href = format!("/council/systems/{id}/edit");
    let questionnaire_href = format!("/council/systems/{id}/questionnaire");
    let question_count: usize = system.sections.iter().map(|s| s.questions.len()).sum();
    let status_tag = if system.accepting {
        "Open to applications".to_string()
    } else {
        system.status.label().to_string()
    };
    let steps: Vec<(&'static str, &'static str, bool)> = vec![
        ("open", "Open to applications", rights.open),
        (
            "open_window",
            "Open an application window",
            rights.open_window,
        ),
        (
            "close_window",
            "Close the application window",
            rights.close_window,
        ),
        ("award", "Record the framework's award", rights.award),
        ("close", "Close the system", rights.close),
    ];
    view! {
        <Title text=title />
        <a href="/council/systems" class="back-link">"Back to purchasing systems"</a>
        <QueryNotice messages=NOTICES />
        <ErrorSummary errors=status_errors />
        <span class="caption-l">{format!("{} · {}", system.reference, system.lead_council.name)}</span>
        <h1 class="heading-l">{system.title.clone()}</h1>
        <p class="body"><strong class="tag">{status_tag}</strong></p>
        {predecessor.map(|(dps, reference)| view! {
            <p class="body">"Drafted to take over from "<a href=format!("/council/systems/{dps}")>{reference}</a>", a DPS under the Public Contracts Regulations 2015."</p>
        })}
        {ending.map(|ending| view! { <Ending id ending /> })}
        <p class="body">{system.description.clone()}</p>
        <SystemFacts system=system.clone() />
        {rights.edit_terms.then(|| view! { <p class="body"><a href=edit_href.clone()>"Change details"</a></p> })}
        {rights.manage.then(|| view! {
            <div class="button-group">
                {steps.into_iter().filter(|(_, _, allowed)| *allowed).map(|(step, label, _)| {
                    let warning = step.starts_with("close");
                    view! {
                        <ActionForm action=status>
                            <Hidden name="id" value=id.to_string() />
                            <Hidden name="step" value=step />
                            <button type="submit" class="button" class:button--warning=warning class:button--secondary=!warning>{label}</button>
                        </ActionForm>
                    }
                }).collect_view()}
            </div>
        })}
        <Councils system=system.clone() editable=rights.edit_terms others=other_councils />
        <Lots system=system.clone() editable=rights.edit_conditions />
        <Providers system=system.clone() members=members />
        <EvidenceTypes system=system.clone() editable=rights.edit_conditions />
        <h2 class="heading-m" id="questionnaire-section">"Selection questionnaire"</h2>
        <p class="body">{format!("{} sections, {} questions.", system.sections.len(), question_count)}</p>
        <p class="body"><a href=questionnaire_href>{if rights.edit_conditions { "Build the questionnaire" } else { "Read the questionnaire" }}</a></p>
        {rights.lead.then(|| view! { <p class="body"><a href=format!("/council/systems/{id}/compliance")>"Compliance: expiring evidence, suspensions, removals"</a></p> })}
    }
}

/// The 2015 Regulations' end for a DPS: its last day, and the successor to draft or
/// follow.
#[component]
fn Ending(id: SystemId, ending: EndingNotice) -> impl IntoView {
    let draft = ServerAction::<DraftSuccessor>::new();
    let draft_errors = form_errors(draft);
    let EndingNotice {
        last_day,
        closed,
        successor,
        can_draft,
    } = ending;
    let heading = if closed {
        "This DPS has closed"
    } else {
        "This DPS must close"
    };
    let said = if closed {
        format!("Dynamic purchasing systems under the Public Contracts Regulations 2015 could run until {last_day}. This one is closed: it admits no one and takes no new placements.")
    } else {
        format!("Dynamic purchasing systems under the Public Contracts Regulations 2015 can run until {last_day} and close at the end of that day. Plan a dynamic market under the Procurement Act 2023 to take over from it.")
    };
    view! {
        <div class="notification" role="region" aria-labelledby="ending-heading">
            <h2 class="heading-m" id="ending-heading">{heading}</h2>
            <p class="body">{said}</p>
            {successor.map(|(next, reference)| view! {
                <p class="body">"Its successor: "<a href=format!("/council/systems/{next}")>{reference}</a>"."</p>
            })}
            {can_draft.then(|| view! {
                <ErrorSummary errors=draft_errors />
                <p class="body">"Drafting copies the consortium, lots, evidence types and questionnaire into a new draft starting after the DPS closes. Admitted providers are not moved: they apply to the dynamic market."</p>
                <ActionForm action=draft>
                    <Hidden name="id" value=id.to_string() />
                    <button type="submit" class="button">"Draft the successor dynamic market"</button>
                </ActionForm>
            })}
        </div>
    }
}

/// The admitted providers of each lot.
#[component]
fn Providers(system: SystemView, members: Vec<(LotId, String)>) -> impl IntoView {
    view! {
        <h2 class="heading-m" id="providers-section">"Admitted providers"</h2>
        {if members.is_empty() {
            view! { <p class="body">"No provider has been admitted yet."</p> }.into_any()
        } else {
            view! {
                <dl class="summary-list">
                    {system.lots.iter().map(|lot| {
                        let names: Vec<String> = members.iter().filter(|(l, _)| *l == lot.id).map(|(_, n)| n.clone()).collect();
                        view! {
                            <div class="summary-list__row">
                                <dt class="summary-list__key">{lot.label()}</dt>
                                <dd class="summary-list__value">{if names.is_empty() { "None yet".to_string() } else { names.join(", ") }}</dd>
                            </div>
                        }
                    }).collect_view()}
                </dl>
            }.into_any()
        }}
    }
}

/// The system's details as a summary list, for council users and the public alike.
#[component]
pub fn SystemFacts(system: SystemView) -> impl IntoView {
    let value = system
        .estimated_value
        .map(|m| m.to_string())
        .unwrap_or_else(|| "Not given".into());
    let rows: Vec<(&'static str, String)> = vec![
        ("Law", system.regime.label().to_string()),
        ("Type", system.system_type.label().to_string()),
        ("Start date", system.start_label.clone()),
        ("Term", format!("{} years", system.term)),
        ("Ends", system.end_label.clone()),
        ("Estimated value", value),
        (
            "Award criteria",
            format!(
                "Quality {} / price {}",
                system.quality_weight, system.price_weight
            ),
        ),
    ];
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

#[component]
fn Councils(
    system: SystemView,
    editable: bool,
    others: Vec<crate::systems::model::Council>,
) -> impl IntoView {
    let add = ServerAction::<AddSystemCouncil>::new();
    let add_errors = form_errors(add);
    let remove = ServerAction::<RemoveSystemCouncil>::new();
    let remove_errors = form_errors(remove);
    let id = system.id;
    let options: Vec<(String, String)> =
        std::iter::once((String::new(), "Choose a council".to_string()))
            .chain(others.iter().map(|c| (c.id.to_string(), c.name.clone())))
            .collect();
    let can_add = editable && !others.is_empty();
    view! {
        <h2 class="heading-m" id="councils-section">"Councils taking part"</h2>
        <ErrorSummary errors=remove_errors />
        <ul class="list">
            <li>{format!("{} (lead council)", system.lead_council.name)}</li>
            {system.participants.into_iter().map(|c| {
                let label = format!("Remove {}", c.name);
                view! {
                    <li>
                        {c.name.clone()}
                        {editable.then(|| view! {
                            <ActionForm action=remove attr:class="inline-form">
                                <Hidden name="id" value=id.to_string() />
                                <Hidden name="council_id" value=c.id.to_string() />
                                <button type="submit" class="button button--secondary button--small" aria-label=label>"Remove"</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {can_add.then(|| view! {
            <ErrorSummary errors=add_errors />
            <ActionForm action=add attr:novalidate="true">
                <Hidden name="id" value=id.to_string() />
                <Select name="council_id" label="Add a council to the consortium" errors=add_errors options=options.clone() />
                <button type="submit" class="button button--secondary">"Add council"</button>
            </ActionForm>
        })}
    }
}

#[component]
fn Lots(system: SystemView, editable: bool) -> impl IntoView {
    let add = ServerAction::<AddLot>::new();
    let add_errors = form_errors(add);
    let remove = ServerAction::<RemoveLot>::new();
    let remove_errors = form_errors(remove);
    let id = system.id;
    let services: Vec<(String, String)> =
        std::iter::once((String::new(), "Choose a service".to_string()))
            .chain(
                ServiceType::ALL
                    .into_iter()
                    .map(|s| (s.as_str().to_string(), s.label().to_string())),
            )
            .collect();
    let empty = system.lots.is_empty();
    view! {
        <h2 class="heading-m" id="lots-section">"Lots"</h2>
        <ErrorSummary errors=remove_errors />
        {if empty {
            view! { <p class="body">"No lots yet."</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <caption class="visually-hidden">"Lots of this system"</caption>
                    <thead><tr>
                        <th scope="col">"Lot"</th>
                        <th scope="col">"Service"</th>
                        <th scope="col">"Description"</th>
                        {editable.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                    </tr></thead>
                    <tbody>
                        {system.lots.into_iter().map(|lot| {
                            let label = format!("Remove lot {}", lot.number);
                            view! {
                                <tr>
                                    <td>{lot.label()}</td>
                                    <td>{lot.service_type.label()}</td>
                                    <td>{lot.description.clone()}</td>
                                    {editable.then(|| view! {
                                        <td>
                                            <ActionForm action=remove>
                                                <Hidden name="id" value=id.to_string() />
                                                <Hidden name="lot_id" value=lot.id.to_string() />
                                                <button type="submit" class="button button--secondary button--small" aria-label=label>"Remove"</button>
                                            </ActionForm>
                                        </td>
                                    })}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {editable.then(|| view! {
            <h3 class="heading-s">"Add a lot"</h3>
            <ErrorSummary errors=add_errors />
            <ActionForm action=add attr:novalidate="true">
                <Hidden name="id" value=id.to_string() />
                <Select name="service_type" label="Service" errors=add_errors options=services.clone() />
                <TextField name="lot_title" label="Lot title" errors=add_errors />
                <TextArea name="lot_description" label="Lot description (optional)" errors=add_errors rows=3 />
                <button type="submit" class="button button--secondary">"Add lot"</button>
            </ActionForm>
        })}
    }
}

#[component]
fn EvidenceTypes(system: SystemView, editable: bool) -> impl IntoView {
    let add = ServerAction::<AddEvidenceType>::new();
    let add_errors = form_errors(add);
    let remove = ServerAction::<RemoveEvidenceType>::new();
    let remove_errors = form_errors(remove);
    let id = system.id;
    let kinds: Vec<(String, String)> = EvidenceKind::ALL
        .into_iter()
        .map(|k| (k.as_str().to_string(), k.label().to_string()))
        .collect();
    let lot_options: Vec<(String, String)> = system
        .lots
        .iter()
        .map(|l| (l.id.to_string(), l.label()))
        .collect();
    let has_lots = !lot_options.is_empty();
    let empty = system.evidence_types.is_empty();
    let rows: Vec<_> = system
        .evidence_types
        .iter()
        .map(|e| (e.clone(), system.lot_names(&e.lots)))
        .collect();
    view! {
        <h2 class="heading-m" id="evidence-section">"Evidence providers must give"</h2>
        <ErrorSummary errors=remove_errors />
        {if empty {
            view! { <p class="body">"No evidence types yet."</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <caption class="visually-hidden">"Evidence types of this system"</caption>
                    <thead><tr>
                        <th scope="col">"Evidence"</th>
                        <th scope="col">"Given as"</th>
                        <th scope="col">"Mandatory"</th>
                        <th scope="col">"Expires"</th>
                        <th scope="col">"Lots"</th>
                        {editable.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(e, lots)| {
                            let label = format!("Remove {}", e.name);
                            view! {
                                <tr>
                                    <td>{e.name.clone()}</td>
                                    <td>{e.kind.label()}</td>
                                    <td>{if e.mandatory { "Yes" } else { "No" }}</td>
                                    <td>{if e.expires { "Yes" } else { "No" }}</td>
                                    <td>{lots}</td>
                                    {editable.then(|| view! {
                                        <td>
                                            <ActionForm action=remove>
                                                <Hidden name="id" value=id.to_string() />
                                                <Hidden name="evidence_type_id" value=e.id.to_string() />
                                                <button type="submit" class="button button--secondary button--small" aria-label=label>"Remove"</button>
                                            </ActionForm>
                                        </td>
                                    })}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
        {editable.then(|| view! {
            <h3 class="heading-s">"Add an evidence type"</h3>
            <ErrorSummary errors=add_errors />
            <ActionForm action=add attr:novalidate="true">
                <Hidden name="id" value=id.to_string() />
                <TextField name="name" label="Name" hint="Like Employers' liability insurance, or Safeguarding policy" errors=add_errors />
                <crate::components::fields::Radios name="kind" legend="What the provider gives" errors=add_errors options=kinds.clone() selected="document" />
                <Checkbox name="mandatory" label="Mandatory" checked=true errors=add_errors />
                <Checkbox name="expires" label="Expires, with a date the provider gives" errors=add_errors />
                {has_lots.then(|| view! {
                    <Checkboxes name="lots" id="lots" legend="Lots that need it" hint="Leave all unticked if every lot needs it" errors=add_errors options=lot_options.clone() />
                })}
                <button type="submit" class="button button--secondary">"Add evidence type"</button>
            </ActionForm>
        })}
    }
}
