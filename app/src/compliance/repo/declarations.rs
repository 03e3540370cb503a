//! Requests to renew self-declarations and the renewals given. A request is asked of
//! the members admitted by the time it was made and not removed since.

use crate::ids::{OrganisationId, RenewalRequestId, SystemId, UserId};
use sqlx::{any::AnyRow, AnyConnection, Row};

#[derive(Debug, Clone)]
pub struct RequestRow {
    pub id: RenewalRequestId,
    pub system: SystemId,
    pub asked_on: String,
    pub due_on: String,
    pub asked_at: i64,
}

fn request_row(r: &AnyRow) -> sqlx::Result<RequestRow> {
    Ok(RequestRow {
        id: r.try_get("id")?,
        system: r.try_get("system_id")?,
        asked_on: r.try_get("asked_on")?,
        due_on: r.try_get("due_on")?,
        asked_at: r.try_get("asked_at")?,
    })
}

const REQUEST_COLUMNS: &str = "r.id, r.system_id, r.asked_on, r.due_on, r.asked_at";

/// Holds the system's row until the transaction ends, so two requests made at once are
/// decided one after the other (SQLite's write transaction already holds the only lock).
pub async fn hold_system(
    conn: &mut AnyConnection,
    system: SystemId,
    postgres: bool,
) -> sqlx::Result<()> {
    if postgres {
        sqlx::query("SELECT id FROM systems WHERE id = $1 FOR UPDATE")
            .bind(system)
            .fetch_optional(conn)
            .await?;
    }
    Ok(())
}

pub async fn latest_request(
    conn: &mut AnyConnection,
    system: SystemId,
) -> sqlx::Result<Option<RequestRow>> {
    sqlx::query(&format!(
        "SELECT {REQUEST_COLUMNS} FROM declaration_requests r
         WHERE r.system_id = $1 ORDER BY r.id DESC LIMIT 1"
    ))
    .bind(system)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(request_row)
    .transpose()
}

pub async fn find_request(
    conn: &mut AnyConnection,
    id: RenewalRequestId,
) -> sqlx::Result<Option<RequestRow>> {
    sqlx::query(&format!(
        "SELECT {REQUEST_COLUMNS} FROM declaration_requests r WHERE r.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(request_row)
    .transpose()
}

pub async fn insert_request(
    conn: &mut AnyConnection,
    system: SystemId,
    by: UserId,
    asked_on: &str,
    due_on: &str,
    now: i64,
) -> sqlx::Result<RenewalRequestId> {
    sqlx::query(
        "INSERT INTO declaration_requests (system_id, asked_by, asked_on, due_on, asked_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(system)
    .bind(by)
    .bind(asked_on)
    .bind(due_on)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

/// Members the request was asked of: admitted by then, not removed since.
const ASKED: &str = "SELECT DISTINCT m.organisation_id FROM memberships m
     WHERE m.system_id = $1 AND m.removed_at IS NULL AND m.admitted_at <= $2";

/// A member asked and where it stands: renewed at, and its declaration as stored.
#[derive(Debug, Clone)]
pub struct AskedRow {
    pub organisation: OrganisationId,
    pub name: String,
    pub renewed_at: Option<i64>,
    pub declaration: Option<String>,
}

pub async fn asked(conn: &mut AnyConnection, request: &RequestRow) -> sqlx::Result<Vec<AskedRow>> {
    sqlx::query(&format!(
        "SELECT o.id, o.name, dr.renewed_at, dr.declaration
         FROM organisations o
         JOIN ({ASKED}) a ON a.organisation_id = o.id
         LEFT JOIN declaration_renewals dr ON dr.request_id = $3 AND dr.organisation_id = o.id
         ORDER BY o.name, o.id"
    ))
    .bind(request.system)
    .bind(request.asked_at)
    .bind(request.id)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(AskedRow {
            organisation: r.try_get("id")?,
            name: r.try_get("name")?,
            renewed_at: r.try_get("renewed_at")?,
            declaration: r.try_get("declaration")?,
        })
    })
    .collect()
}

/// Whether the organisation was asked by this request (and is still a member).
pub async fn was_asked(
    conn: &mut AnyConnection,
    request: &RequestRow,
    organisation: OrganisationId,
) -> sqlx::Result<bool> {
    let row = sqlx::query(&format!(
        "SELECT COUNT(*) AS n FROM ({ASKED}) a WHERE a.organisation_id = $3"
    ))
    .bind(request.system)
    .bind(request.asked_at)
    .bind(organisation)
    .fetch_one(conn)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// When the organisation renewed under this request, if it has.
pub async fn renewed_at(
    conn: &mut AnyConnection,
    request: RenewalRequestId,
    organisation: OrganisationId,
) -> sqlx::Result<Option<i64>> {
    sqlx::query(
        "SELECT renewed_at FROM declaration_renewals WHERE request_id = $1 AND organisation_id = $2",
    )
    .bind(request)
    .bind(organisation)
    .fetch_optional(conn)
    .await?
    .map(|r| r.try_get("renewed_at"))
    .transpose()
}

/// Records a renewal; false when one was recorded first (a second tab, a double click).
pub async fn insert_renewal(
    conn: &mut AnyConnection,
    request: RenewalRequestId,
    organisation: OrganisationId,
    declaration: &str,
    by: UserId,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO declaration_renewals (request_id, organisation_id, declaration, renewed_by, renewed_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (request_id, organisation_id) DO NOTHING",
    )
    .bind(request)
    .bind(organisation)
    .bind(declaration)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The organisation's latest declaration to any council, for pre-filling the next.
pub async fn last_declaration(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
) -> sqlx::Result<Option<String>> {
    sqlx::query(
        "SELECT declaration FROM declaration_renewals WHERE organisation_id = $1
         ORDER BY renewed_at DESC, request_id DESC LIMIT 1",
    )
    .bind(organisation)
    .fetch_optional(conn)
    .await?
    .map(|r| r.try_get("declaration"))
    .transpose()
}

/// Each system's latest request that asked the organisation: (request, renewed at).
pub async fn asked_of(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
) -> sqlx::Result<Vec<(RequestRow, Option<i64>)>> {
    sqlx::query(&format!(
        "SELECT {REQUEST_COLUMNS}, dr.renewed_at FROM declaration_requests r
         LEFT JOIN declaration_renewals dr ON dr.request_id = r.id AND dr.organisation_id = $1
         WHERE r.id = (SELECT MAX(r2.id) FROM declaration_requests r2 WHERE r2.system_id = r.system_id)
           AND EXISTS (SELECT 1 FROM memberships m
                       WHERE m.system_id = r.system_id AND m.organisation_id = $1
                         AND m.removed_at IS NULL AND m.admitted_at <= r.asked_at)"
    ))
    .bind(organisation)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| Ok((request_row(r)?, r.try_get("renewed_at")?)))
    .collect()
}
