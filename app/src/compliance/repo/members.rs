//! Who is a member of a system, in which lots, and who may receive placement requests.

use crate::ids::{LotId, OrganisationId, SystemId, UserId};
use sqlx::{AnyConnection, Row};

/// Systems with at least one member not removed.
pub async fn systems_with_members(conn: &mut AnyConnection) -> sqlx::Result<Vec<SystemId>> {
    sqlx::query(
        "SELECT DISTINCT system_id FROM memberships WHERE removed_at IS NULL ORDER BY system_id",
    )
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| r.try_get("system_id"))
    .collect()
}

/// The lots each member (or the one given) holds in a system, not removed.
pub async fn member_lots(
    conn: &mut AnyConnection,
    system: SystemId,
    only: Option<OrganisationId>,
) -> sqlx::Result<Vec<(OrganisationId, LotId)>> {
    sqlx::query(
        "SELECT organisation_id, lot_id FROM memberships
         WHERE system_id = $1 AND removed_at IS NULL AND ($2 = 0 OR organisation_id = $2)
         ORDER BY organisation_id, lot_id",
    )
    .bind(system)
    .bind(only.map_or(0, |o| o.get()))
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("organisation_id")?, r.try_get("lot_id")?)))
    .collect()
}

/// The organisations that may be sent a placement request in a lot: admitted to it,
/// not removed, not suspended from it for any reason, in a system not closed.
pub async fn eligible_providers(
    conn: &mut AnyConnection,
    system: SystemId,
    lot: LotId,
) -> sqlx::Result<Vec<OrganisationId>> {
    sqlx::query(
        "SELECT m.organisation_id FROM memberships m
         JOIN systems y ON y.id = m.system_id
         WHERE m.system_id = $1 AND m.lot_id = $2 AND m.removed_at IS NULL
           AND y.status <> 'closed'
           AND NOT EXISTS (SELECT 1 FROM suspensions s
                           WHERE s.system_id = m.system_id AND s.lot_id = m.lot_id
                             AND s.organisation_id = m.organisation_id AND s.lifted_at IS NULL)
         ORDER BY m.organisation_id",
    )
    .bind(system)
    .bind(lot)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| r.try_get("organisation_id"))
    .collect()
}

pub async fn organisation_name(
    conn: &mut AnyConnection,
    id: OrganisationId,
) -> sqlx::Result<String> {
    sqlx::query("SELECT name FROM organisations WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?
        .try_get("name")
}

/// Whether the organisation holds any lot of the system, not removed.
pub async fn is_member(
    conn: &mut AnyConnection,
    system: SystemId,
    organisation: OrganisationId,
) -> sqlx::Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM memberships
         WHERE system_id = $1 AND organisation_id = $2 AND removed_at IS NULL",
    )
    .bind(system)
    .bind(organisation)
    .fetch_one(conn)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// Removes a member from every lot of a system; returns how many lots it held.
pub async fn remove_member(
    conn: &mut AnyConnection,
    system: SystemId,
    organisation: OrganisationId,
    ground: &str,
    reason: &str,
    by: UserId,
    now: i64,
) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE memberships SET removed_at = $1, removed_by = $2, removal_ground = $3, removal_reason = $4
         WHERE system_id = $5 AND organisation_id = $6 AND removed_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(ground)
    .bind(reason)
    .bind(system)
    .bind(organisation)
    .execute(&mut *conn)
    .await?;
    // Its suspensions end with the membership: there is nothing left to suspend.
    sqlx::query(
        "UPDATE suspensions SET lifted_at = $1, lifted_by = $2, lift_reason = 'Removed from the system'
         WHERE system_id = $3 AND organisation_id = $4 AND lifted_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(system)
    .bind(organisation)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Every membership row of an organisation, removed ones too:
/// (system, lot, removal reason when removed).
pub async fn memberships_of(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
) -> sqlx::Result<Vec<(SystemId, LotId, Option<String>)>> {
    sqlx::query(
        "SELECT system_id, lot_id, removed_at, removal_reason FROM memberships
         WHERE organisation_id = $1 ORDER BY system_id, lot_id",
    )
    .bind(organisation)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        let removed: Option<i64> = r.try_get("removed_at")?;
        let reason: Option<String> = r.try_get("removal_reason")?;
        Ok((
            r.try_get("system_id")?,
            r.try_get("lot_id")?,
            removed.map(|_| reason.unwrap_or_default()),
        ))
    })
    .collect()
}

/// The system's members not removed, with their names: (organisation, name, lot).
pub async fn members_named(
    conn: &mut AnyConnection,
    system: SystemId,
) -> sqlx::Result<Vec<(OrganisationId, String, LotId)>> {
    sqlx::query(
        "SELECT m.organisation_id, o.name, m.lot_id FROM memberships m
         JOIN organisations o ON o.id = m.organisation_id
         WHERE m.system_id = $1 AND m.removed_at IS NULL ORDER BY o.name, m.lot_id",
    )
    .bind(system)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("organisation_id")?,
            r.try_get("name")?,
            r.try_get("lot_id")?,
        ))
    })
    .collect()
}
