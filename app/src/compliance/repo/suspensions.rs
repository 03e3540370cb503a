//! Suspensions, automatic and by the council: starting, restating and lifting them.

use crate::compliance::suspension::{Live, Reason};
use crate::ids::{LotId, OrganisationId, SuspensionId, SystemId, UserId};
use sqlx::{AnyConnection, Row};

/// Automatic suspensions in force in a system (of one member, if given).
pub async fn live_automatic(
    conn: &mut AnyConnection,
    system: SystemId,
    only: Option<OrganisationId>,
) -> sqlx::Result<Vec<Live>> {
    sqlx::query(
        "SELECT id, organisation_id, lot_id, reasons FROM suspensions
         WHERE system_id = $1 AND kind = 'automatic' AND lifted_at IS NULL
           AND ($2 = 0 OR organisation_id = $2)",
    )
    .bind(system)
    .bind(only.map_or(0, |o| o.get()))
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        let reasons: String = r.try_get("reasons")?;
        Ok(Live {
            id: r.try_get("id")?,
            organisation: r.try_get("organisation_id")?,
            lot: r.try_get("lot_id")?,
            reasons: serde_json::from_str(&reasons).unwrap_or_default(),
        })
    })
    .collect()
}

fn reasons_json(reasons: &[Reason]) -> sqlx::Result<String> {
    serde_json::to_string(reasons).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Starts a suspension; `None` if one of this kind is already in force (another server
/// got there first).
#[allow(clippy::too_many_arguments)]
pub async fn start_suspension(
    conn: &mut AnyConnection,
    system: SystemId,
    lot: LotId,
    organisation: OrganisationId,
    kind: &str,
    reasons: &str,
    by: Option<UserId>,
    now: i64,
) -> sqlx::Result<Option<SuspensionId>> {
    sqlx::query(
        "INSERT INTO suspensions (system_id, lot_id, organisation_id, kind, reasons, started_at, started_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(system)
    .bind(lot)
    .bind(organisation)
    .bind(kind)
    .bind(reasons)
    .bind(now)
    .bind(by)
    .fetch_optional(conn)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()
}

pub async fn start_automatic(
    conn: &mut AnyConnection,
    system: SystemId,
    lot: LotId,
    organisation: OrganisationId,
    reasons: &[Reason],
    now: i64,
) -> sqlx::Result<Option<SuspensionId>> {
    let json = reasons_json(reasons)?;
    start_suspension(
        conn,
        system,
        lot,
        organisation,
        "automatic",
        &json,
        None,
        now,
    )
    .await
}

/// Restates a live automatic suspension's reasons; false if it was lifted meanwhile.
pub async fn restate(
    conn: &mut AnyConnection,
    id: SuspensionId,
    reasons: &[Reason],
) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE suspensions SET reasons = $1 WHERE id = $2 AND lifted_at IS NULL")
            .bind(reasons_json(reasons)?)
            .bind(id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Lifts a suspension in force; false if it was already lifted.
pub async fn lift(
    conn: &mut AnyConnection,
    id: SuspensionId,
    by: Option<UserId>,
    reason: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE suspensions SET lifted_at = $1, lifted_by = $2, lift_reason = $3
         WHERE id = $4 AND lifted_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(reason)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A live council suspension, for lifting: (system, lot, organisation).
pub async fn live_council_suspension(
    conn: &mut AnyConnection,
    id: SuspensionId,
) -> sqlx::Result<Option<(SystemId, LotId, OrganisationId)>> {
    sqlx::query(
        "SELECT system_id, lot_id, organisation_id FROM suspensions
         WHERE id = $1 AND kind = 'council' AND lifted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?
    .map(|r| {
        Ok((
            r.try_get("system_id")?,
            r.try_get("lot_id")?,
            r.try_get("organisation_id")?,
        ))
    })
    .transpose()
}

/// A suspension in force, of either kind, for the pages.
#[derive(Debug, Clone)]
pub struct SuspensionRow {
    pub id: SuspensionId,
    pub organisation: OrganisationId,
    pub lot: LotId,
    pub automatic: bool,
    pub reasons: String,
    pub started_at: i64,
}

pub async fn live_suspensions(
    conn: &mut AnyConnection,
    system: SystemId,
    only: Option<OrganisationId>,
) -> sqlx::Result<Vec<SuspensionRow>> {
    sqlx::query(
        "SELECT id, organisation_id, lot_id, kind, reasons, started_at FROM suspensions
         WHERE system_id = $1 AND lifted_at IS NULL AND ($2 = 0 OR organisation_id = $2)
         ORDER BY started_at, id",
    )
    .bind(system)
    .bind(only.map_or(0, |o| o.get()))
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(SuspensionRow {
            id: r.try_get("id")?,
            organisation: r.try_get("organisation_id")?,
            lot: r.try_get("lot_id")?,
            automatic: r.try_get::<String, _>("kind")? == "automatic",
            reasons: r.try_get("reasons")?,
            started_at: r.try_get("started_at")?,
        })
    })
    .collect()
}
