//! The compliance pages' reads: a provider's standing in each system it belongs to, and
//! a system's compliance for the council leading it.

use crate::auth::roles::Permission;
use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::compliance::closure::{ending, Ending};
use crate::compliance::model::{
    AcceptedView, EvidenceRow, LibraryChoice, LotStanding, MemberEnding, MemberRow, MemberSystem,
    PendingRow, ProviderCompliance, RenewalDue, Standing, SuspendedRow, SystemCompliance,
};
use crate::compliance::reminders::{days_left, Reminder};
use crate::compliance::repo::{self, SuspensionRow};
use crate::compliance::service::declarations::{due_view, round};
use crate::compliance::suspension::Reason;
use crate::error::{AppError, AppResult};
use crate::evidence::repo as evidence_repo;
use crate::ids::{LotId, OrganisationId, SystemId};
use crate::service::Ctx;
use crate::systems::cache::Conditions;
use crate::systems::details::{iso_date, long_date, long_date_of};
use crate::systems::repo::SystemRow;
use crate::systems::service::queries::conditions;
use crate::systems::types::Status;
use sqlx::AnyConnection;
use std::collections::{BTreeMap, HashMap};
use time::Date;

pub(super) fn lot_label(conditions: &Conditions, lot: LotId) -> String {
    conditions
        .lots
        .iter()
        .find(|l| l.id == lot)
        .map(|l| l.label())
        .unwrap_or_else(|| format!("Lot {lot}"))
}

/// What a stored suspension says, in words its reader can act on.
fn reasons_of(row: &SuspensionRow) -> Vec<String> {
    if row.automatic {
        serde_json::from_str::<Vec<Reason>>(&row.reasons)
            .unwrap_or_default()
            .iter()
            .map(Reason::explain)
            .collect()
    } else {
        vec![format!("Suspended by the council: {}", row.reasons)]
    }
}

fn days_to(expires_on: Option<&str>, today: Date) -> Option<i64> {
    expires_on
        .and_then(|d| iso_date(d).ok())
        .map(|d| days_left(d, today))
}

/// What a DPS's members are told of its end, with its successor once that admits them.
async fn member_ending(
    conn: &mut AnyConnection,
    system: &SystemRow,
    today: Date,
) -> AppResult<Option<MemberEnding>> {
    let last_day = match ending(system.system_type, today) {
        Ending::NotYet => return Ok(None),
        Ending::Approaching { last_day } | Ending::Closed { last_day } => last_day,
    };
    let successor = match crate::systems::repo::successor_of(conn, system.id).await? {
        Some((next, _)) => crate::systems::repo::find(conn, next)
            .await?
            .filter(|row| row.status == Status::Open)
            .map(|row| (row.id, row.reference, row.title)),
        None => None,
    };
    Ok(Some(MemberEnding {
        last_day: long_date(last_day),
        closed: system.status == Status::Closed,
        successor,
    }))
}

/// The provider's systems, lot by lot, with each accepted item's expiry, soonest first.
pub async fn provider(ctx: &mut Ctx, me: &CurrentUser) -> AppResult<ProviderCompliance> {
    let today = uk_date(ctx.now);
    let state = ctx.state.clone();
    let mut conn = ctx.work.read().await?;
    let memberships = repo::memberships_of(&mut conn, me.organisation_id).await?;
    let mut by_system: BTreeMap<SystemId, Vec<(LotId, Option<String>)>> = BTreeMap::new();
    for (system, lot, removed) in memberships {
        by_system.entry(system).or_default().push((lot, removed));
    }
    let mut renewals: HashMap<SystemId, RenewalDue> = HashMap::new();
    for (request, renewed_at) in repo::declarations::asked_of(&mut conn, me.organisation_id).await?
    {
        renewals.insert(request.system, due_view(&request, renewed_at, today));
    }
    let mut systems = Vec::new();
    for (id, lots) in by_system {
        let Some(system) = crate::systems::repo::find(&mut conn, id).await? else {
            continue;
        };
        let conditions = conditions(&mut conn, &state.systems, &system).await?;
        let suspensions = repo::live_suspensions(&mut conn, id, Some(me.organisation_id)).await?;
        let accepted = repo::accepted_items(&mut conn, id, Some(me.organisation_id)).await?;
        let replacements = repo::latest_replacements(&mut conn, id, me.organisation_id).await?;
        let lots = lots
            .into_iter()
            .map(|(lot, removed)| {
                let reasons: Vec<String> = suspensions
                    .iter()
                    .filter(|s| s.lot == lot)
                    .flat_map(reasons_of)
                    .collect();
                let standing = match removed {
                    Some(reason) => Standing::Removed { reason },
                    None if !reasons.is_empty() => Standing::Suspended { reasons },
                    None => Standing::Admitted,
                };
                LotStanding {
                    label: lot_label(&conditions, lot),
                    standing,
                }
            })
            .collect();
        let mut evidence: Vec<AcceptedView> = conditions
            .evidence_types
            .iter()
            .filter_map(|t| {
                let item = accepted.iter().find(|a| a.evidence_type == t.id)?;
                let latest = replacements.iter().find(|r| r.0 == t.id);
                Some(AcceptedView {
                    evidence_type: t.id,
                    type_name: t.name.clone(),
                    kind: t.kind,
                    item_title: item.title.clone(),
                    expires_label: item.expires_on.as_deref().map(long_date_of),
                    days_left: days_to(item.expires_on.as_deref(), today),
                    pending: latest.filter(|r| r.2 == "pending").map(|r| r.1.clone()),
                    refused: latest
                        .filter(|r| r.2 == "refused")
                        .and_then(|r| r.3.clone()),
                })
            })
            .collect();
        evidence.sort_by_key(|e| e.days_left.unwrap_or(i64::MAX));
        let ending = member_ending(&mut conn, &system, today).await?;
        systems.push(MemberSystem {
            ending,
            id,
            title: system.title.clone(),
            council: system.lead_council.clone(),
            lots,
            evidence,
            renewal: renewals.remove(&id),
        });
    }
    let reminders = repo::reminders_sent(&mut conn, me.organisation_id)
        .await?
        .into_iter()
        .map(|r| {
            let when = match r.reminder {
                Reminder::OnExpiry => "on the day it expired".to_string(),
                other => format!("{} days before it expires", other.days_before()),
            };
            format!(
                "{}: reminder sent {when} ({}), on {}",
                r.title,
                long_date_of(&r.expires_on),
                long_date_of(&r.sent_on)
            )
        })
        .collect();
    let today_iso = today.to_string();
    let library = evidence_repo::items(&mut conn, me.organisation_id)
        .await?
        .into_iter()
        .filter(|i| {
            i.expires_on
                .as_deref()
                .is_none_or(|d| d >= today_iso.as_str())
        })
        .map(|i| LibraryChoice {
            id: i.id,
            kind: i.kind,
            label: match &i.expires_on {
                Some(d) => format!("{} (expires {})", i.title, long_date_of(d)),
                None => i.title.clone(),
            },
        })
        .collect();
    Ok(ProviderCompliance {
        systems,
        reminders,
        library,
        can_send: me.can(Permission::ApplyToSystems),
    })
}

/// The system's compliance as CSV, for users of the council leading it.
pub async fn system_csv(ctx: &mut Ctx, me: &CurrentUser, id: SystemId) -> AppResult<String> {
    csv(&system(ctx, me, id).await?)
}

/// The system's compliance, for users of the council leading it.
pub async fn system(ctx: &mut Ctx, me: &CurrentUser, id: SystemId) -> AppResult<SystemCompliance> {
    if me.org_kind != crate::auth::roles::OrgKind::Council || !me.can(Permission::ViewSystems) {
        return Err(AppError::NotFound);
    }
    let today = uk_date(ctx.now);
    let state = ctx.state.clone();
    let mut conn = ctx.work.read().await?;
    let system = crate::systems::repo::find(&mut conn, id)
        .await?
        .filter(|s| s.lead_council_id == me.organisation_id)
        .ok_or(AppError::NotFound)?;
    let conditions = conditions(&mut conn, &state.systems, &system).await?;
    let named = repo::members_named(&mut conn, id).await?;
    let mut names: HashMap<OrganisationId, String> = HashMap::new();
    let mut members: Vec<MemberRow> = Vec::new();
    for (organisation, name, lot) in named {
        names.insert(organisation, name.clone());
        match members.iter_mut().find(|m| m.id == organisation) {
            Some(m) => m.lots.push((lot, lot_label(&conditions, lot))),
            None => members.push(MemberRow {
                id: organisation,
                name,
                lots: vec![(lot, lot_label(&conditions, lot))],
            }),
        }
    }
    let name = |o: OrganisationId| names.get(&o).cloned().unwrap_or_default();
    let type_name = |t| {
        conditions
            .evidence_types
            .iter()
            .find(|e| e.id == t)
            .map(|e| e.name.clone())
            .unwrap_or_default()
    };
    let mut expiring = Vec::new();
    let mut expired = Vec::new();
    for item in repo::accepted_items(&mut conn, id, None).await? {
        if !names.contains_key(&item.organisation) {
            continue;
        }
        let Some(left) = days_to(item.expires_on.as_deref(), today) else {
            continue;
        };
        let expires_on = item.expires_on.clone().unwrap_or_default();
        let row = EvidenceRow {
            provider: name(item.organisation),
            evidence: type_name(item.evidence_type),
            item_title: item.title.clone(),
            expires_label: long_date_of(&expires_on),
            expires_on,
        };
        if left < 0 {
            expired.push(row);
        } else if left <= Reminder::ThirtyDays.days_before() {
            expiring.push(row);
        }
    }
    expiring.sort_by(|a, b| (&a.expires_on, &a.provider).cmp(&(&b.expires_on, &b.provider)));
    expired.sort_by(|a, b| (&a.expires_on, &a.provider).cmp(&(&b.expires_on, &b.provider)));
    let suspended = repo::live_suspensions(&mut conn, id, None)
        .await?
        .iter()
        .map(|s| SuspendedRow {
            id: s.id,
            provider: name(s.organisation),
            lot: lot_label(&conditions, s.lot),
            automatic: s.automatic,
            reasons: reasons_of(s),
            since_label: long_date(uk_date(s.started_at)),
        })
        .collect();
    let pending = repo::pending_replacements(&mut conn, id)
        .await?
        .into_iter()
        .map(
            |(rid, organisation, evidence_type, item, title, expires_on)| PendingRow {
                id: rid,
                provider: name(organisation),
                evidence: type_name(evidence_type),
                item,
                item_title: title,
                expires_label: expires_on
                    .as_deref()
                    .map(|d| format!("expires {}", long_date_of(d)))
                    .unwrap_or_else(|| "does not expire".into()),
            },
        )
        .collect();
    let (renewal, can_ask_renewal) = round(&mut conn, id, today).await?;
    Ok(SystemCompliance {
        id,
        reference: system.reference.clone(),
        title: system.title.clone(),
        can_evaluate: me.can(Permission::EvaluateApplications),
        can_manage: me.can(Permission::ManageMembers),
        expiring,
        expired,
        suspended,
        pending,
        members,
        renewal,
        can_ask_renewal,
    })
}

/// A cell a spreadsheet will not run: text a provider chose (its name, an item's
/// title) that starts like a formula is prefixed with an apostrophe.
pub fn cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

/// The same lists as CSV, one row per entry, for a spreadsheet.
pub fn csv(page: &SystemCompliance) -> AppResult<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let write = |out: &mut csv::Writer<Vec<u8>>, row: [&str; 6]| {
        out.write_record(row.map(cell))
            .map_err(|_| AppError::Internal)
    };
    write(
        &mut out,
        ["list", "provider", "lot", "evidence", "item", "detail"],
    )?;
    for r in &page.expiring {
        write(
            &mut out,
            [
                "expiring within 30 days",
                &r.provider,
                "",
                &r.evidence,
                &r.item_title,
                &r.expires_on,
            ],
        )?;
    }
    for r in &page.expired {
        write(
            &mut out,
            [
                "expired",
                &r.provider,
                "",
                &r.evidence,
                &r.item_title,
                &r.expires_on,
            ],
        )?;
    }
    for r in &page.suspended {
        let kind = if r.automatic {
            "suspended (automatic)"
        } else {
            "suspended (by the council)"
        };
        write(
            &mut out,
            [kind, &r.provider, &r.lot, "", "", &r.reasons.join("; ")],
        )?;
    }
    for r in &page.pending {
        write(
            &mut out,
            [
                "evidence to check",
                &r.provider,
                "",
                &r.evidence,
                &r.item_title,
                &r.expires_label,
            ],
        )?;
    }
    if let Some(round) = &page.renewal {
        let list = if round.due_passed {
            "renewal overdue"
        } else {
            "renewal outstanding"
        };
        for o in &round.outstanding {
            let detail = format!(
                "due {}{}",
                round.due_on,
                if o.suspended { "; suspended" } else { "" }
            );
            write(&mut out, [list, &o.name, "", "declaration", "", &detail])?;
        }
        for f in &round.flagged {
            write(
                &mut out,
                [
                    "exclusion ground declared",
                    &f.name,
                    "",
                    "declaration",
                    "",
                    &f.details,
                ],
            )?;
        }
    }
    String::from_utf8(out.into_inner().map_err(|_| AppError::Internal)?)
        .map_err(|_| AppError::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_that_starts_like_a_formula_is_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Oak Tree Ltd"), "Oak Tree Ltd");
    }
}
