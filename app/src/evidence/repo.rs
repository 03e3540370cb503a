//! Data access for the provider's passport: its standing answers and its evidence
//! library, and the question of which items a council user may open.

use super::EvidenceKind;
use crate::applications::model::OrganisationAnswers;
use crate::ids::{EvidenceItemId, OrganisationId, UserId};
use sqlx::{any::AnyRow, AnyConnection, Row};

pub async fn profile(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
) -> sqlx::Result<Option<OrganisationAnswers>> {
    sqlx::query(
        "SELECT company_number, ppon, registered_address FROM provider_profiles
         WHERE organisation_id = $1",
    )
    .bind(organisation)
    .fetch_optional(conn)
    .await?
    .map(|row| {
        Ok(OrganisationAnswers {
            company_number: row.try_get("company_number")?,
            ppon: row.try_get("ppon")?,
            registered_address: row.try_get("registered_address")?,
        })
    })
    .transpose()
}

pub async fn save_profile(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    answers: &OrganisationAnswers,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO provider_profiles (organisation_id, company_number, ppon, registered_address, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (organisation_id) DO UPDATE SET company_number = $2, ppon = $3,
             registered_address = $4, updated_at = $5",
    )
    .bind(organisation)
    .bind(&answers.company_number)
    .bind(&answers.ppon)
    .bind(&answers.registered_address)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A library item as stored.
#[derive(Debug, Clone)]
pub struct ItemRow {
    pub id: EvidenceItemId,
    pub organisation_id: OrganisationId,
    pub kind: EvidenceKind,
    pub title: String,
    pub reference: String,
    pub rating: String,
    pub file_name: Option<String>,
    pub stored_name: Option<String>,
    pub file_kind: Option<String>,
    pub file_size: Option<i64>,
    pub expires_on: Option<String>,
    pub created_at: i64,
}

/// A new item: a document's file facts, or a registration's reference and rating.
pub struct NewItem<'a> {
    pub organisation: OrganisationId,
    pub kind: EvidenceKind,
    pub title: &'a str,
    pub reference: &'a str,
    pub rating: &'a str,
    pub file: Option<NewFile<'a>>,
    pub expires_on: Option<String>,
    pub added_by: UserId,
}

pub struct NewFile<'a> {
    pub name: &'a str,
    pub stored_name: &'a str,
    pub kind: &'a str,
    pub size: i64,
}

const ITEM_COLUMNS: &str = "id, organisation_id, kind, title, reference, rating, file_name, \
     stored_name, file_kind, file_size, expires_on, created_at";

fn item_row(row: &AnyRow) -> sqlx::Result<ItemRow> {
    let kind: String = row.try_get("kind")?;
    Ok(ItemRow {
        id: row.try_get("id")?,
        organisation_id: row.try_get("organisation_id")?,
        kind: EvidenceKind::parse(&kind)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown evidence kind {kind:?}").into()))?,
        title: row.try_get("title")?,
        reference: row.try_get("reference")?,
        rating: row.try_get("rating")?,
        file_name: row.try_get("file_name")?,
        stored_name: row.try_get("stored_name")?,
        file_kind: row.try_get("file_kind")?,
        file_size: row.try_get("file_size")?,
        expires_on: row.try_get("expires_on")?,
        created_at: row.try_get("created_at")?,
    })
}

pub async fn insert_item(
    conn: &mut AnyConnection,
    item: &NewItem<'_>,
    now: i64,
) -> sqlx::Result<EvidenceItemId> {
    sqlx::query(
        "INSERT INTO evidence_items (organisation_id, kind, title, reference, rating, file_name,
             stored_name, file_kind, file_size, expires_on, added_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         RETURNING id",
    )
    .bind(item.organisation)
    .bind(item.kind.as_str())
    .bind(item.title)
    .bind(item.reference)
    .bind(item.rating)
    .bind(item.file.as_ref().map(|f| f.name))
    .bind(item.file.as_ref().map(|f| f.stored_name))
    .bind(item.file.as_ref().map(|f| f.kind))
    .bind(item.file.as_ref().map(|f| f.size))
    .bind(item.expires_on.as_deref())
    .bind(item.added_by)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

/// The organisation's library, newest first.
pub async fn items(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
) -> sqlx::Result<Vec<ItemRow>> {
    sqlx::query(&format!(
        "SELECT {ITEM_COLUMNS} FROM evidence_items WHERE organisation_id = $1
         ORDER BY created_at DESC, id DESC"
    ))
    .bind(organisation)
    .fetch_all(conn)
    .await?
    .iter()
    .map(item_row)
    .collect()
}

pub async fn find_item(
    conn: &mut AnyConnection,
    id: EvidenceItemId,
) -> sqlx::Result<Option<ItemRow>> {
    sqlx::query(&format!(
        "SELECT {ITEM_COLUMNS} FROM evidence_items WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(item_row)
    .transpose()
}

/// Whether a user of `council` may open the item: it was submitted with an application,
/// or sent as a replacement to a system that council leads or takes part in.
pub async fn submitted_to_council(
    conn: &mut AnyConnection,
    item: EvidenceItemId,
    council: OrganisationId,
) -> sqlx::Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM
             (SELECT a.system_id FROM submitted_evidence se
              JOIN applications a ON a.id = se.application_id WHERE se.evidence_item_id = $1
              UNION ALL
              SELECT er.system_id FROM evidence_replacements er WHERE er.evidence_item_id = $1) x
         JOIN systems s ON s.id = x.system_id
         WHERE (s.lead_council_id = $2
                OR EXISTS (SELECT 1 FROM system_councils sc
                           WHERE sc.system_id = s.id AND sc.council_id = $2))",
    )
    .bind(item)
    .bind(council)
    .fetch_one(conn)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}
