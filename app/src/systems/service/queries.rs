//! Reading systems: a council's own list, one system's page, and the public list of
//! systems open to applicants.

use crate::auth::user::CurrentUser;
use crate::calendar::uk_date;
use crate::compliance::closure::{ending, Ending};
use crate::error::{AppError, AppResult};
use crate::ids::SystemId;
use crate::service::Ctx;
use crate::systems::access;
use crate::systems::cache::{Conditions, SystemCache};
use crate::systems::details::{iso_date, long_date};
use crate::systems::lifecycle::admits_new_members;
use crate::systems::model::{EndingNotice, LedSystem, SystemForCouncil, SystemSummary, SystemView};
use crate::systems::repo::{self, SystemRow};
use crate::systems::types::{Status, SystemType};
use sqlx::AnyConnection;
use std::sync::Arc;

pub(crate) fn accepting(row: &SystemRow) -> bool {
    admits_new_members(row.system_type, row.awarded, row.status, row.window_open)
}

fn label(iso: &str) -> String {
    iso_date(iso)
        .map(long_date)
        .unwrap_or_else(|_| iso.to_string())
}

/// The system's conditions at the row's version: from the cache, or read and kept.
pub(crate) async fn conditions(
    conn: &mut AnyConnection,
    cache: &SystemCache,
    row: &SystemRow,
) -> AppResult<Arc<Conditions>> {
    if let Some(kept) = cache.get(row.id, row.version) {
        return Ok(kept);
    }
    let read = Arc::new(Conditions {
        participants: repo::participants(conn, row.id).await?,
        lots: repo::lots(conn, row.id).await?,
        evidence_types: repo::evidence_types(conn, row.id).await?,
        sections: repo::sections(conn, row.id).await?,
    });
    cache.put(row.id, row.version, read.clone());
    Ok(read)
}

/// The system as its pages show it. `conn` must not be in a transaction that has
/// locked (and so may yet roll back a change to) this system: see `cache`.
pub async fn view(
    conn: &mut AnyConnection,
    cache: &SystemCache,
    row: SystemRow,
) -> AppResult<SystemView> {
    let conditions = conditions(conn, cache, &row).await?;
    let Conditions {
        participants,
        lots,
        evidence_types,
        sections,
    } = Arc::unwrap_or_clone(conditions);
    Ok(SystemView {
        id: row.id,
        version: row.version,
        lead_council: crate::systems::model::Council {
            id: row.lead_council_id,
            name: row.lead_council.clone(),
        },
        participants,
        accepting: accepting(&row),
        reference: row.reference,
        title: row.title,
        description: row.description,
        regime: row.regime,
        system_type: row.system_type,
        start_label: label(&row.start_date),
        start_date: row.start_date,
        term: row.term,
        end_label: label(&row.end_date),
        estimated_value: row.estimated_value,
        quality_weight: u8::try_from(row.quality_weight).unwrap_or(0),
        price_weight: u8::try_from(row.price_weight).unwrap_or(0),
        status: row.status,
        window_open: row.window_open,
        awarded: row.awarded,
        lots,
        evidence_types,
        sections,
    })
}

/// The systems the user's council leads or takes part in.
pub async fn list(ctx: &mut Ctx, me: &CurrentUser) -> AppResult<Vec<SystemSummary>> {
    let mut conn = ctx.work.read().await?;
    Ok(repo::summaries(&mut conn, Some(me.organisation_id))
        .await?
        .into_iter()
        .map(|(row, lots)| {
            let open = accepting(&row);
            row.summary(lots, open)
        })
        .collect())
}

/// The systems the user's council leads, each with its end under the 2015 Regulations
/// where that is near.
pub async fn led(ctx: &mut Ctx, me: &CurrentUser) -> AppResult<Vec<LedSystem>> {
    let mut conn = ctx.work.read().await?;
    let rows: Vec<SystemRow> = repo::summaries(&mut conn, Some(me.organisation_id))
        .await?
        .into_iter()
        .map(|(row, _)| row)
        .filter(|row| row.lead_council_id == me.organisation_id)
        .collect();
    let links = repo::successors_led_by(&mut conn, me.organisation_id).await?;
    let today = uk_date(ctx.now);
    let manage = access::can_manage(me, me.organisation_id);
    Ok(rows
        .iter()
        .map(|row| {
            let successor = links
                .iter()
                .find(|(dps, _)| *dps == row.id)
                .and_then(|(_, next)| rows.iter().find(|r| r.id == *next))
                .map(|next| (next.id, next.reference.clone()));
            LedSystem {
                id: row.id,
                reference: row.reference.clone(),
                title: row.title.clone(),
                status: row.status,
                accepting: accepting(row),
                ending: ending_notice(row.system_type, row.status, today, successor, manage),
            }
        })
        .collect())
}

fn ending_notice(
    system_type: SystemType,
    status: Status,
    today: time::Date,
    successor: Option<(SystemId, String)>,
    manage: bool,
) -> Option<EndingNotice> {
    match ending(system_type, today) {
        Ending::NotYet => None,
        Ending::Approaching { last_day } | Ending::Closed { last_day } => Some(EndingNotice {
            last_day: long_date(last_day),
            closed: status == Status::Closed,
            can_draft: manage && successor.is_none(),
            successor,
        }),
    }
}

/// One system, for a council user of the lead or a participating council.
pub async fn page(ctx: &mut Ctx, me: &CurrentUser, id: SystemId) -> AppResult<SystemForCouncil> {
    let mut conn = ctx.work.read().await?;
    let row = repo::find(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let system = view(&mut conn, &ctx.state.systems, row).await?;
    let participant_ids: Vec<_> = system.participants.iter().map(|c| c.id).collect();
    if !access::can_view(me.organisation_id, system.lead_council.id, &participant_ids) {
        return Err(AppError::Forbidden);
    }
    let rights = access::rights(
        me,
        system.lead_council.id,
        system.system_type,
        system.status,
        system.window_open,
        system.awarded,
    );
    let other_councils = if rights.edit_terms {
        repo::councils(&mut conn)
            .await?
            .into_iter()
            .filter(|c| c.id != system.lead_council.id && !participant_ids.contains(&c.id))
            .collect()
    } else {
        Vec::new()
    };
    let members = crate::reviews::repo::members(&mut conn, system.id).await?;
    let successor = repo::successor_of(&mut conn, id).await?;
    let ending = ending_notice(
        system.system_type,
        system.status,
        uk_date(ctx.now),
        successor,
        rights.manage,
    );
    let predecessor = repo::predecessor_of(&mut conn, id).await?;
    Ok(SystemForCouncil {
        system,
        rights,
        other_councils,
        members,
        ending,
        predecessor,
    })
}

/// Systems open to applicants, for anyone.
pub async fn open_systems(ctx: &mut Ctx) -> AppResult<Vec<SystemSummary>> {
    let mut conn = ctx.work.read().await?;
    Ok(repo::summaries(&mut conn, None)
        .await?
        .into_iter()
        .map(|(row, lots)| {
            let open = accepting(&row);
            row.summary(lots, open)
        })
        .collect())
}

/// An open system's public page: what it buys and what it asks of applicants. Drafts
/// do not exist for the public.
pub async fn public_view(ctx: &mut Ctx, id: SystemId) -> AppResult<SystemView> {
    let mut conn = ctx.work.read().await?;
    let row = repo::find(&mut conn, id)
        .await?
        .filter(|r| r.status == Status::Open)
        .ok_or(AppError::NotFound)?;
    view(&mut conn, &ctx.state.systems, row).await
}
