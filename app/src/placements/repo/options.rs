//! The choices placement forms offer: systems a council may send requests in, and
//! the filters of its placements list.

use crate::ids::{LotId, OrganisationId, SystemId};
use sqlx::{AnyConnection, Row};

/// Open systems the council leads or takes part in: (id, title, type, lead council).
pub async fn requestable_systems(
    conn: &mut AnyConnection,
    council: OrganisationId,
) -> sqlx::Result<Vec<(SystemId, String, String, String)>> {
    sqlx::query(
        "SELECT s.id, s.title, s.system_type, o.name AS lead FROM systems s
         JOIN organisations o ON o.id = s.lead_council_id
         WHERE s.status = 'open'
           AND (s.lead_council_id = $1
                OR EXISTS (SELECT 1 FROM system_councils c WHERE c.system_id = s.id AND c.council_id = $1))
         ORDER BY s.title, s.id",
    )
    .bind(council)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("title")?, r.try_get("system_type")?, r.try_get("lead")?)))
    .collect()
}

/// How many providers a request in each lot would go to now.
pub async fn eligible_counts(
    conn: &mut AnyConnection,
    system: SystemId,
) -> sqlx::Result<Vec<(LotId, i64)>> {
    sqlx::query(
        "SELECT m.lot_id, COUNT(*) AS n FROM memberships m
         WHERE m.system_id = $1 AND m.removed_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM suspensions s
                           WHERE s.system_id = m.system_id AND s.lot_id = m.lot_id
                             AND s.organisation_id = m.organisation_id AND s.lifted_at IS NULL)
         GROUP BY m.lot_id",
    )
    .bind(system)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("lot_id")?, r.try_get("n")?)))
    .collect()
}

/// The systems, lots and providers that appear in the council's placements.
#[allow(clippy::type_complexity)]
pub async fn placement_filters(
    conn: &mut AnyConnection,
    council: OrganisationId,
) -> sqlx::Result<(
    Vec<(SystemId, String)>,
    Vec<(LotId, String)>,
    Vec<(OrganisationId, String)>,
)> {
    let systems = sqlx::query(
        "SELECT DISTINCT s.id, s.title FROM placements p JOIN systems s ON s.id = p.system_id
         WHERE p.council_id = $1 ORDER BY s.title",
    )
    .bind(council)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("title")?)))
    .collect::<sqlx::Result<Vec<_>>>()?;
    let lots = sqlx::query(
        "SELECT DISTINCT l.id, s.title, l.number, l.title AS lot FROM placements p
         JOIN lots l ON l.id = p.lot_id JOIN systems s ON s.id = l.system_id
         WHERE p.council_id = $1 ORDER BY s.title, l.number",
    )
    .bind(council)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let (system, number, lot): (String, i64, String) =
            (r.try_get("title")?, r.try_get("number")?, r.try_get("lot")?);
        Ok((r.try_get("id")?, format!("{system} – Lot {number}: {lot}")))
    })
    .collect::<sqlx::Result<Vec<_>>>()?;
    let providers = sqlx::query(
        "SELECT DISTINCT o.id, o.name FROM placements p JOIN organisations o ON o.id = p.organisation_id
         WHERE p.council_id = $1 ORDER BY o.name",
    )
    .bind(council)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
    .collect::<sqlx::Result<Vec<_>>>()?;
    Ok((systems, lots, providers))
}
