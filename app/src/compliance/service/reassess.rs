//! Brings a system's automatic suspensions into line with its members' accepted
//! evidence on a day: starts, restates and lifts them, each with an audit row and a
//! notice to the provider and to the lead council's commissioners.

use super::notices::{send, Notice};
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::roles::Role;
use crate::compliance::repo::{self, AcceptedItem};
use crate::compliance::suspension::{changes, suspended_lots, Change, Held, Reason, Requirement};
use crate::error::{AppError, AppResult};
use crate::evidence::values::{CqcRating, OfstedRating};
use crate::ids::{EvidenceTypeId, LotId, OrganisationId};
use crate::service::Ctx;
use crate::systems::cache::Conditions;
use crate::systems::details::{iso_date, long_date};
use crate::systems::repo::SystemRow;
use serde_json::json;
use sqlx::AnyConnection;
use std::collections::{BTreeMap, HashMap};
use time::Date;

/// Works out what must change. `conn` must see the caller's own writes (a replacement
/// accepted in this transaction).
pub async fn due_changes(
    conn: &mut AnyConnection,
    system: &SystemRow,
    conditions: &Conditions,
    only: Option<OrganisationId>,
    today: Date,
) -> AppResult<Vec<Change>> {
    let members = repo::member_lots(conn, system.id, only).await?;
    let accepted = repo::accepted_items(conn, system.id, only).await?;
    let live = repo::live_automatic(conn, system.id, only).await?;
    let requirements: Vec<Requirement> = conditions
        .evidence_types
        .iter()
        .map(|t| Requirement {
            id: t.id,
            name: t.name.clone(),
            mandatory: t.mandatory,
            lots: t.lots.clone(),
        })
        .collect();
    let mut lots: BTreeMap<OrganisationId, Vec<LotId>> = BTreeMap::new();
    for (organisation, lot) in &members {
        lots.entry(*organisation).or_default().push(*lot);
    }
    let mut held: HashMap<OrganisationId, HashMap<EvidenceTypeId, Held>> = HashMap::new();
    for item in &accepted {
        held.entry(item.organisation)
            .or_default()
            .insert(item.evidence_type, held_of(item));
    }
    let empty = HashMap::new();
    let mut due = BTreeMap::new();
    for (organisation, admitted) in &lots {
        let of = held.get(organisation).unwrap_or(&empty);
        for (lot, reasons) in suspended_lots(admitted, &requirements, of, today) {
            due.insert((*organisation, lot), reasons);
        }
    }
    // A member no longer holding any lot (removed) keeps nothing automatic either.
    let assessed = |o: OrganisationId| only.is_none_or(|only| only == o);
    Ok(changes(&due, &live, assessed))
}

fn held_of(item: &AcceptedItem) -> Held {
    let inadequate = match item.kind.as_str() {
        "ofsted" => OfstedRating::parse(&item.rating).is_ok_and(|r| r.is_inadequate()),
        "cqc" => CqcRating::parse(&item.rating).is_ok_and(|r| r.is_inadequate()),
        _ => false,
    };
    Held {
        expires_on: item.expires_on.as_deref().and_then(|d| iso_date(d).ok()),
        inadequate,
    }
}

/// Applies the changes in the operation's transaction. Another server applying the same
/// change at once finds it done, and neither audits nor tells anyone twice.
pub async fn apply(
    ctx: &mut Ctx,
    system: &SystemRow,
    conditions: &Conditions,
    changes: Vec<Change>,
) -> AppResult<usize> {
    let now = ctx.now;
    let mut started: BTreeMap<OrganisationId, Vec<(LotId, Vec<Reason>)>> = BTreeMap::new();
    let mut lifted: BTreeMap<OrganisationId, Vec<LotId>> = BTreeMap::new();
    let mut applied = 0;
    for change in changes {
        let tx = ctx.work.tx().await?;
        let (event, organisation) = match &change {
            Change::Start {
                organisation,
                lot,
                reasons,
            } => {
                let Some(id) =
                    repo::start_automatic(tx, system.id, *lot, *organisation, reasons, now).await?
                else {
                    continue;
                };
                started
                    .entry(*organisation)
                    .or_default()
                    .push((*lot, reasons.clone()));
                let after =
                    json!({ "suspension": id, "lot": lot, "automatic": true, "reasons": reasons });
                (
                    AuditEvent::by(
                        Actor::system(),
                        Action::ProviderSuspended,
                        Subject::Organisation(*organisation),
                    )
                    .after(after),
                    *organisation,
                )
            }
            Change::Reasons {
                id,
                organisation,
                lot,
                reasons,
            } => {
                if !repo::restate(tx, *id, reasons).await? {
                    continue;
                }
                let after = json!({ "suspension": id, "lot": lot, "reasons": reasons });
                (
                    AuditEvent::by(
                        Actor::system(),
                        Action::SuspensionChanged,
                        Subject::Organisation(*organisation),
                    )
                    .after(after),
                    *organisation,
                )
            }
            Change::Lift {
                id,
                organisation,
                lot,
            } => {
                let why = "Current evidence accepted";
                if !repo::lift(tx, *id, None, why, now).await? {
                    continue;
                }
                lifted.entry(*organisation).or_default().push(*lot);
                let after =
                    json!({ "suspension": id, "lot": lot, "automatic": true, "reason": why });
                (
                    AuditEvent::by(
                        Actor::system(),
                        Action::SuspensionLifted,
                        Subject::Organisation(*organisation),
                    )
                    .after(after),
                    *organisation,
                )
            }
        };
        ctx.audit(event.in_organisation(organisation)).await?;
        applied += 1;
    }
    let label = |lot: &LotId| {
        conditions
            .lots
            .iter()
            .find(|l| l.id == *lot)
            .map(|l| l.label())
            .unwrap_or_else(|| format!("lot {lot}"))
    };
    for (organisation, lots) in started {
        let name = repo::organisation_name(ctx.work.tx().await?, organisation).await?;
        let mut why: Vec<String> = lots
            .iter()
            .flat_map(|(_, reasons)| reasons.iter().map(Reason::explain))
            .collect();
        why.sort();
        why.dedup();
        let lot_names = lots
            .iter()
            .map(|(l, _)| label(l))
            .collect::<Vec<_>>()
            .join("; ");
        tell(
            ctx,
            system,
            organisation,
            format!("Suspended from {}", system.title),
            vec![
                format!("{name} is suspended from {lot_names} of {} ({}). While suspended it receives no new placement requests in these lots; placements already made continue.", system.title, system.lead_council),
                format!("Why: {}.", why.join("; ")),
                "The suspension lifts as soon as the council accepts current evidence.".into(),
            ],
        )
        .await?;
    }
    for (organisation, lots) in lifted {
        let name = repo::organisation_name(ctx.work.tx().await?, organisation).await?;
        let lot_names = lots.iter().map(label).collect::<Vec<_>>().join("; ");
        tell(
            ctx,
            system,
            organisation,
            format!("Suspension lifted: {}", system.title),
            vec![format!(
                "{name}'s suspension from {lot_names} of {} is lifted: its evidence is current again. It receives placement requests in these lots from now on.",
                system.title
            )],
        )
        .await?;
    }
    Ok(applied)
}

/// The same words to the provider's admins and to the lead council's commissioners, each
/// with a link to their own page.
async fn tell(
    ctx: &mut Ctx,
    system: &SystemRow,
    organisation: OrganisationId,
    subject: String,
    paragraphs: Vec<String>,
) -> AppResult<()> {
    send(
        ctx,
        Notice {
            organisation,
            role: Role::ProviderAdmin,
            subject: subject.clone(),
            paragraphs: paragraphs.clone(),
            link: Some(("See your compliance", "/provider/compliance".into())),
        },
    )
    .await?;
    send(
        ctx,
        Notice {
            organisation: system.lead_council_id,
            role: Role::Commissioner,
            subject,
            paragraphs,
            link: Some((
                "See the system's compliance",
                format!("/council/systems/{}/compliance", system.id),
            )),
        },
    )
    .await
}

/// The date an expiry reminder names, as pages and emails read it.
pub fn read_date(iso: &str) -> AppResult<String> {
    iso_date(iso).map(long_date).map_err(|_| AppError::Internal)
}
