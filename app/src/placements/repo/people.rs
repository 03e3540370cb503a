//! The person's identifying details, apart from the profile, and the log of every
//! time someone was shown them.

use crate::ids::{OrganisationId, RequestId, UserId};
use crate::placements::model::Person;
use crate::placements::request_form::PersonDraft;
use sqlx::{AnyConnection, Row};

pub async fn insert(
    conn: &mut AnyConnection,
    request: RequestId,
    person: &PersonDraft,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO placement_people (request_id, full_name, date_of_birth, address, local_reference)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(request)
    .bind(&person.full_name)
    .bind(person.date_of_birth.to_string())
    .bind(&person.address)
    .bind(&person.local_reference)
    .execute(conn)
    .await?;
    Ok(())
}

/// Reads them and logs the view in the same transaction: no read without its row.
pub async fn read_and_log(
    conn: &mut AnyConnection,
    request: RequestId,
    viewer: UserId,
    organisation: OrganisationId,
    now: i64,
) -> sqlx::Result<Option<Person>> {
    let Some(row) = sqlx::query(
        "SELECT full_name, date_of_birth, address, local_reference FROM placement_people
         WHERE request_id = $1",
    )
    .bind(request)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    sqlx::query(
        "INSERT INTO placement_people_views (request_id, user_id, organisation_id, viewed_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(request)
    .bind(viewer)
    .bind(organisation)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(Some(Person {
        full_name: row.try_get("full_name")?,
        date_of_birth: row.try_get("date_of_birth")?,
        address: row.try_get("address")?,
        local_reference: row.try_get("local_reference")?,
    }))
}

pub async fn views(conn: &mut AnyConnection, request: RequestId) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM placement_people_views WHERE request_id = $1")
        .bind(request)
        .fetch_one(conn)
        .await?
        .try_get("n")
}
