//! The person's identifying details, apart from the profile and sealed
//! (`person_seal`), and the log of every time someone was shown them.

use crate::audit::anchor::AuditKey;
use crate::ids::{OrganisationId, RequestId, UserId};
use crate::placements::model::Person;
use crate::placements::person_seal::PersonSeal;
use crate::placements::request_form::PersonDraft;
use sqlx::{AnyConnection, Row};

pub async fn insert(
    conn: &mut AnyConnection,
    key: &AuditKey,
    request: RequestId,
    person: &PersonDraft,
) -> sqlx::Result<()> {
    let seal = PersonSeal::new(key);
    sqlx::query(
        "INSERT INTO placement_people (request_id, full_name, date_of_birth, address, local_reference)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(request)
    .bind(seal.seal(request, "full_name", &person.full_name))
    .bind(seal.seal(
        request,
        "date_of_birth",
        &person.date_of_birth.to_string(),
    ))
    .bind(seal.seal(request, "address", &person.address))
    .bind(seal.seal(request, "local_reference", &person.local_reference))
    .execute(conn)
    .await?;
    Ok(())
}

/// Reads them and logs the view in the same transaction: no read without its row.
pub async fn read_and_log(
    conn: &mut AnyConnection,
    key: &AuditKey,
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
    let seal = PersonSeal::new(key);
    let open = |field: &'static str| -> sqlx::Result<String> {
        let stored: String = row.try_get(field)?;
        seal.open(request, field, &stored)
            .map_err(|broken| sqlx::Error::Decode(Box::new(broken)))
    };
    let person = Person {
        full_name: open("full_name")?,
        date_of_birth: open("date_of_birth")?,
        address: open("address")?,
        local_reference: open("local_reference")?,
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
    Ok(Some(person))
}

pub async fn views(conn: &mut AnyConnection, request: RequestId) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM placement_people_views WHERE request_id = $1")
        .bind(request)
        .fetch_one(conn)
        .await?
        .try_get("n")
}
