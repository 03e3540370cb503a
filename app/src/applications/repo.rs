//! Data access for applications: the application row, its answers and attached
//! evidence, and what it submitted. Answers are stored as the JSON of `Answer`.

use super::model::{ApplicationSummary, OrganisationAnswers};
use super::ApplicationStatus;
use crate::ids::{
    ApplicationId, EvidenceItemId, EvidenceTypeId, LotId, OrganisationId, SystemId, UserId,
};
use sqlx::{any::AnyRow, AnyConnection, Row};

#[derive(Debug, Clone)]
pub struct ApplicationRow {
    pub id: ApplicationId,
    pub system_id: SystemId,
    pub organisation_id: OrganisationId,
    pub status: ApplicationStatus,
    pub lots: Vec<LotId>,
    pub organisation: OrganisationAnswers,
    pub submitted_at: Option<i64>,
    pub submitted_on: Option<String>,
    pub decision_due: Option<String>,
    pub snapshot: Option<String>,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, system_id, organisation_id, status, lots, company_number, ppon, \
     registered_address, submitted_at, submitted_on, decision_due, snapshot, updated_at";

fn decode(message: String) -> sqlx::Error {
    sqlx::Error::Decode(message.into())
}

fn lots_from(json: &str) -> sqlx::Result<Vec<LotId>> {
    serde_json::from_str::<Vec<i64>>(json)
        .map(|ids| ids.into_iter().map(LotId).collect())
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn lots_json(lots: &[LotId]) -> String {
    serde_json::Value::from(lots.iter().map(|l| l.0).collect::<Vec<_>>()).to_string()
}

fn application_row(row: &AnyRow) -> sqlx::Result<ApplicationRow> {
    let status: String = row.try_get("status")?;
    let lots: String = row.try_get("lots")?;
    Ok(ApplicationRow {
        id: row.try_get("id")?,
        system_id: row.try_get("system_id")?,
        organisation_id: row.try_get("organisation_id")?,
        status: ApplicationStatus::parse(&status)
            .ok_or_else(|| decode(format!("unknown application status {status:?}")))?,
        lots: lots_from(&lots)?,
        organisation: OrganisationAnswers {
            company_number: row.try_get("company_number")?,
            ppon: row.try_get("ppon")?,
            registered_address: row.try_get("registered_address")?,
        },
        submitted_at: row.try_get("submitted_at")?,
        submitted_on: row.try_get("submitted_on")?,
        decision_due: row.try_get("decision_due")?,
        snapshot: row.try_get("snapshot")?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub async fn insert(
    conn: &mut AnyConnection,
    system: SystemId,
    organisation: OrganisationId,
    answers: &OrganisationAnswers,
    created_by: UserId,
    now: i64,
) -> sqlx::Result<ApplicationId> {
    sqlx::query(
        "INSERT INTO applications (system_id, organisation_id, status, lots, company_number, ppon,
             registered_address, version, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, '[]', $4, $5, $6, 1, $7, $8, $8)
         RETURNING id",
    )
    .bind(system)
    .bind(organisation)
    .bind(ApplicationStatus::Draft.as_str())
    .bind(&answers.company_number)
    .bind(&answers.ppon)
    .bind(&answers.registered_address)
    .bind(created_by)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

pub async fn find(
    conn: &mut AnyConnection,
    id: ApplicationId,
) -> sqlx::Result<Option<ApplicationRow>> {
    sqlx::query(&format!("SELECT {COLUMNS} FROM applications WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(application_row)
        .transpose()
}

/// Takes the application's row lock for the rest of the transaction, so that two
/// colleagues saving (or one saving while another submits) happen one after the other.
pub async fn lock(
    conn: &mut AnyConnection,
    id: ApplicationId,
    now: i64,
) -> sqlx::Result<Option<ApplicationRow>> {
    let updated =
        sqlx::query("UPDATE applications SET version = version + 1, updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    if updated.rows_affected() == 0 {
        return Ok(None);
    }
    find(conn, id).await
}

/// The organisation's application to the system that still stands in the way of a new
/// one: a draft, a submitted one, or an admission.
pub async fn standing(
    conn: &mut AnyConnection,
    system: SystemId,
    organisation: OrganisationId,
) -> sqlx::Result<Option<ApplicationId>> {
    sqlx::query(
        "SELECT id FROM applications WHERE system_id = $1 AND organisation_id = $2
           AND status IN ('draft', 'submitted', 'admitted')
         ORDER BY id DESC LIMIT 1",
    )
    .bind(system)
    .bind(organisation)
    .fetch_optional(conn)
    .await?
    .map(|row| row.try_get("id"))
    .transpose()
}

/// The organisation's most recent application to any other system, to pre-fill from.
pub async fn latest_other(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
    except: ApplicationId,
) -> sqlx::Result<Option<ApplicationId>> {
    sqlx::query(
        "SELECT id FROM applications WHERE organisation_id = $1 AND id <> $2
         ORDER BY updated_at DESC, id DESC LIMIT 1",
    )
    .bind(organisation)
    .bind(except)
    .fetch_optional(conn)
    .await?
    .map(|row| row.try_get("id"))
    .transpose()
}

pub async fn set_lots(
    conn: &mut AnyConnection,
    id: ApplicationId,
    lots: &[LotId],
) -> sqlx::Result<()> {
    sqlx::query("UPDATE applications SET lots = $2 WHERE id = $1")
        .bind(id)
        .bind(lots_json(lots))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_organisation(
    conn: &mut AnyConnection,
    id: ApplicationId,
    answers: &OrganisationAnswers,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE applications SET company_number = $2, ppon = $3, registered_address = $4 WHERE id = $1")
        .bind(id)
        .bind(&answers.company_number)
        .bind(&answers.ppon)
        .bind(&answers.registered_address)
        .execute(conn)
        .await?;
    Ok(())
}

/// Saved answers: question id and the answer's JSON.
pub async fn answers(
    conn: &mut AnyConnection,
    id: ApplicationId,
) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query("SELECT question_id, answer FROM application_answers WHERE application_id = $1")
        .bind(id)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("question_id")?, row.try_get("answer")?)))
        .collect()
}

pub async fn save_answer(
    conn: &mut AnyConnection,
    id: ApplicationId,
    question: i64,
    json: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO application_answers (application_id, question_id, answer) VALUES ($1, $2, $3)
         ON CONFLICT (application_id, question_id) DO UPDATE SET answer = $3",
    )
    .bind(id)
    .bind(question)
    .bind(json)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn clear_answer(
    conn: &mut AnyConnection,
    id: ApplicationId,
    question: i64,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM application_answers WHERE application_id = $1 AND question_id = $2")
        .bind(id)
        .bind(question)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn attachments(
    conn: &mut AnyConnection,
    id: ApplicationId,
) -> sqlx::Result<Vec<(EvidenceTypeId, EvidenceItemId)>> {
    sqlx::query("SELECT evidence_type_id, evidence_item_id FROM application_evidence WHERE application_id = $1")
        .bind(id)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("evidence_type_id")?, row.try_get("evidence_item_id")?)))
        .collect()
}

pub async fn attach(
    conn: &mut AnyConnection,
    id: ApplicationId,
    evidence_type: EvidenceTypeId,
    item: EvidenceItemId,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO application_evidence (application_id, evidence_type_id, evidence_item_id) VALUES ($1, $2, $3)
         ON CONFLICT (application_id, evidence_type_id) DO UPDATE SET evidence_item_id = $3",
    )
    .bind(id)
    .bind(evidence_type)
    .bind(item)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn detach(
    conn: &mut AnyConnection,
    id: ApplicationId,
    evidence_type: EvidenceTypeId,
) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM application_evidence WHERE application_id = $1 AND evidence_type_id = $2",
    )
    .bind(id)
    .bind(evidence_type)
    .execute(conn)
    .await?;
    Ok(())
}

pub struct Submission<'a> {
    pub declared_by: UserId,
    pub submitted_on: String,
    pub decision_due: String,
    pub snapshot: &'a str,
    pub items: &'a [EvidenceItemId],
}

pub async fn submit(
    conn: &mut AnyConnection,
    id: ApplicationId,
    submission: &Submission<'_>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE applications SET status = $2, declared_by = $3, submitted_at = $4, submitted_on = $5,
             decision_due = $6, snapshot = $7
         WHERE id = $1",
    )
    .bind(id)
    .bind(ApplicationStatus::Submitted.as_str())
    .bind(submission.declared_by)
    .bind(now)
    .bind(&submission.submitted_on)
    .bind(&submission.decision_due)
    .bind(submission.snapshot)
    .execute(&mut *conn)
    .await?;
    for item in submission.items {
        sqlx::query(
            "INSERT INTO submitted_evidence (application_id, evidence_item_id) VALUES ($1, $2)
             ON CONFLICT (application_id, evidence_item_id) DO NOTHING",
        )
        .bind(id)
        .bind(*item)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The organisation's applications, most recently changed first.
pub async fn for_organisation(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
) -> sqlx::Result<Vec<(ApplicationSummary, Option<String>, Option<String>)>> {
    sqlx::query(
        "SELECT a.id, a.system_id, a.status, a.submitted_on, a.decision_due, s.reference, s.title,
                o.name AS lead_council
         FROM applications a
         JOIN systems s ON s.id = a.system_id
         JOIN organisations o ON o.id = s.lead_council_id
         WHERE a.organisation_id = $1
         ORDER BY a.updated_at DESC, a.id DESC",
    )
    .bind(organisation)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|row| {
        let status: String = row.try_get("status")?;
        Ok((
            ApplicationSummary {
                id: row.try_get("id")?,
                system_id: row.try_get("system_id")?,
                system_reference: row.try_get("reference")?,
                system_title: row.try_get("title")?,
                lead_council: row.try_get("lead_council")?,
                status: ApplicationStatus::parse(&status)
                    .ok_or_else(|| decode(format!("unknown application status {status:?}")))?,
                submitted_label: None,
                decision_due_label: None,
            },
            row.try_get("submitted_on")?,
            row.try_get("decision_due")?,
        ))
    })
    .collect()
}
