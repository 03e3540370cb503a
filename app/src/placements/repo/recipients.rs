//! Who a request was sent to: fixed when it was issued.

use crate::ids::{OrganisationId, RequestId};
use sqlx::{AnyConnection, Row};

pub async fn insert_all(
    conn: &mut AnyConnection,
    request: RequestId,
    providers: &[OrganisationId],
) -> sqlx::Result<()> {
    for provider in providers {
        sqlx::query("INSERT INTO request_recipients (request_id, organisation_id) VALUES ($1, $2)")
            .bind(request)
            .bind(*provider)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn is_recipient(
    conn: &mut AnyConnection,
    request: RequestId,
    provider: OrganisationId,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "SELECT 1 AS one FROM request_recipients WHERE request_id = $1 AND organisation_id = $2",
    )
    .bind(request)
    .bind(provider)
    .fetch_optional(conn)
    .await?
    .is_some())
}

/// With their names, in name order.
pub async fn all(
    conn: &mut AnyConnection,
    request: RequestId,
) -> sqlx::Result<Vec<(OrganisationId, String)>> {
    sqlx::query(
        "SELECT o.id, o.name FROM request_recipients r JOIN organisations o ON o.id = r.organisation_id
         WHERE r.request_id = $1 ORDER BY o.name, o.id",
    )
    .bind(request)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("name")?)))
    .collect()
}
