//! Data access for reviews: the lead council's queue, evaluations, clarifications, the
//! decision and the admitted providers of each lot.

use crate::ids::{ApplicationId, LotId, OrganisationId, SystemId, UserId};
use sqlx::{AnyConnection, Row};

/// A submitted application as the queue and the review page need it.
#[derive(Debug, Clone)]
pub struct QueueRow {
    pub id: ApplicationId,
    pub provider: String,
    pub system_id: SystemId,
    pub system_reference: String,
    pub system_title: String,
    pub system_type: String,
    pub submitted_on: String,
    pub extended_to: Option<i64>,
    /// ISO date: the last day on time, counted at submission (and again at an extension).
    pub decision_due: String,
}

const QUEUE_SELECT: &str =
    "SELECT a.id, o.name AS provider, s.id AS system_id, s.reference, s.title, \
     s.system_type, a.submitted_on, a.extended_to, a.decision_due
     FROM applications a
     JOIN organisations o ON o.id = a.organisation_id
     JOIN systems s ON s.id = a.system_id";

fn queue_row(row: &sqlx::any::AnyRow) -> sqlx::Result<QueueRow> {
    Ok(QueueRow {
        id: row.try_get("id")?,
        provider: row.try_get("provider")?,
        system_id: row.try_get("system_id")?,
        system_reference: row.try_get("reference")?,
        system_title: row.try_get("title")?,
        system_type: row.try_get("system_type")?,
        submitted_on: row.try_get("submitted_on")?,
        extended_to: row.try_get("extended_to")?,
        decision_due: row.try_get("decision_due")?,
    })
}

/// One page of the submitted applications awaiting a decision, to systems the council
/// leads, the soonest due first.
pub async fn queue(
    conn: &mut AnyConnection,
    council: OrganisationId,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<QueueRow>> {
    // The page's rows are chosen from the index alone; only those 50 then look up
    // their provider's name.
    sqlx::query(
        "SELECT a.id, o.name AS provider, a.system_id, a.reference, a.title, a.system_type,
                a.submitted_on, a.extended_to, a.decision_due
         FROM (SELECT a.id, a.organisation_id, s.id AS system_id, s.reference, s.title,
                      s.system_type, a.submitted_on, a.extended_to, a.decision_due,
                      a.submitted_at
               FROM applications a JOIN systems s ON s.id = a.system_id
               WHERE s.lead_council_id = $1 AND a.status = 'submitted'
               ORDER BY a.decision_due, a.submitted_at, a.id LIMIT $2 OFFSET $3) a
         JOIN organisations o ON o.id = a.organisation_id
         ORDER BY a.decision_due, a.submitted_at, a.id",
    )
    .bind(council)
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?
    .iter()
    .map(queue_row)
    .collect()
}

/// How many await a decision: in all, past `today` (ISO), and due by `soon` (ISO).
pub async fn queue_counts(
    conn: &mut AnyConnection,
    council: OrganisationId,
    today: &str,
    soon: &str,
) -> sqlx::Result<(i64, i64, i64)> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS total,
                COALESCE(SUM(CASE WHEN a.decision_due < $2 THEN 1 ELSE 0 END), 0) AS overdue,
                COALESCE(SUM(CASE WHEN a.decision_due >= $2 AND a.decision_due <= $3 THEN 1 ELSE 0 END), 0) AS soon
         FROM applications a JOIN systems s ON s.id = a.system_id
         WHERE s.lead_council_id = $1 AND a.status = 'submitted'",
    )
    .bind(council)
    .bind(today)
    .bind(soon)
    .fetch_one(conn)
    .await?;
    Ok((
        row.try_get("total")?,
        row.try_get("overdue")?,
        row.try_get("soon")?,
    ))
}

/// The lead council of the application's system, when the application was submitted
/// (a draft is the provider's alone).
pub async fn lead_council(
    conn: &mut AnyConnection,
    id: ApplicationId,
) -> sqlx::Result<Option<OrganisationId>> {
    sqlx::query(
        "SELECT s.lead_council_id FROM applications a JOIN systems s ON s.id = a.system_id
         WHERE a.id = $1 AND a.status <> 'draft'",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?
    .map(|row| row.try_get("lead_council_id"))
    .transpose()
}

pub async fn head(conn: &mut AnyConnection, id: ApplicationId) -> sqlx::Result<Option<QueueRow>> {
    sqlx::query(&format!("{QUEUE_SELECT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(queue_row)
        .transpose()
}

pub async fn extension_reason(
    conn: &mut AnyConnection,
    id: ApplicationId,
) -> sqlx::Result<Option<String>> {
    sqlx::query("SELECT extension_reason FROM applications WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?
        .try_get("extension_reason")
}

pub async fn extend(
    conn: &mut AnyConnection,
    id: ApplicationId,
    days: u32,
    reason: &str,
    due: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE applications SET extended_to = $2, extension_reason = $3, decision_due = $4 WHERE id = $1",
    )
        .bind(id)
        .bind(i64::from(days))
        .bind(reason)
        .bind(due)
        .execute(conn)
        .await?;
    Ok(())
}

/// Evaluations: criterion key and the evaluation's JSON.
pub async fn evaluations(
    conn: &mut AnyConnection,
    id: ApplicationId,
) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query("SELECT criterion, evaluation FROM evaluations WHERE application_id = $1")
        .bind(id)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("criterion")?, row.try_get("evaluation")?)))
        .collect()
}

pub async fn save_evaluation(
    conn: &mut AnyConnection,
    id: ApplicationId,
    criterion: &str,
    json: &str,
    evaluator: UserId,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO evaluations (application_id, criterion, evaluation, evaluator_id, evaluated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (application_id, criterion) DO UPDATE SET evaluation = $3, evaluator_id = $4, evaluated_at = $5",
    )
    .bind(id)
    .bind(criterion)
    .bind(json)
    .bind(evaluator)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone)]
pub struct ClarificationRow {
    pub id: i64,
    pub question: String,
    pub asked_at: i64,
    pub answer: Option<String>,
    pub answered_at: Option<i64>,
}

pub async fn clarifications(
    conn: &mut AnyConnection,
    id: ApplicationId,
) -> sqlx::Result<Vec<ClarificationRow>> {
    sqlx::query(
        "SELECT id, question, asked_at, answer, answered_at FROM clarifications
         WHERE application_id = $1 ORDER BY asked_at, id",
    )
    .bind(id)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|row| {
        Ok(ClarificationRow {
            id: row.try_get("id")?,
            question: row.try_get("question")?,
            asked_at: row.try_get("asked_at")?,
            answer: row.try_get("answer")?,
            answered_at: row.try_get("answered_at")?,
        })
    })
    .collect()
}

pub async fn ask(
    conn: &mut AnyConnection,
    id: ApplicationId,
    question: &str,
    by: UserId,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO clarifications (application_id, question, asked_by, asked_at) VALUES ($1, $2, $3, $4)
         RETURNING id",
    )
    .bind(id)
    .bind(question)
    .bind(by)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

/// Answers an open clarification of the application; false if there was none to answer
/// (already answered, or not this application's).
pub async fn answer(
    conn: &mut AnyConnection,
    id: ApplicationId,
    clarification: i64,
    answer: &str,
    by: UserId,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE clarifications SET answer = $3, answered_by = $4, answered_at = $5
         WHERE id = $2 AND application_id = $1 AND answer IS NULL",
    )
    .bind(id)
    .bind(clarification)
    .bind(answer)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn decide(
    conn: &mut AnyConnection,
    id: ApplicationId,
    admitted: bool,
    outcome_json: &str,
    by: UserId,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE applications SET status = $2, outcome = $3, decided_by = $4, decided_at = $5 WHERE id = $1")
        .bind(id)
        .bind(if admitted { "admitted" } else { "rejected" })
        .bind(outcome_json)
        .bind(by)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn admit(
    conn: &mut AnyConnection,
    system: SystemId,
    lot: LotId,
    organisation: OrganisationId,
    application: ApplicationId,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO memberships (system_id, lot_id, organisation_id, application_id, admitted_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (system_id, lot_id, organisation_id) DO UPDATE SET application_id = $4, admitted_at = $5",
    )
    .bind(system)
    .bind(lot)
    .bind(organisation)
    .bind(application)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn outcome(
    conn: &mut AnyConnection,
    id: ApplicationId,
) -> sqlx::Result<(Option<String>, Option<i64>)> {
    let row = sqlx::query("SELECT outcome, decided_at FROM applications WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok((row.try_get("outcome")?, row.try_get("decided_at")?))
}

/// The admitted providers of a system, lot by lot: (lot id, provider name).
pub async fn members(
    conn: &mut AnyConnection,
    system: SystemId,
) -> sqlx::Result<Vec<(LotId, String)>> {
    sqlx::query(
        "SELECT m.lot_id, o.name FROM memberships m JOIN organisations o ON o.id = m.organisation_id
         WHERE m.system_id = $1 ORDER BY m.lot_id, o.name",
    )
    .bind(system)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|row| Ok((row.try_get("lot_id")?, row.try_get("name")?)))
    .collect()
}

/// The users of the provider organisation who should hear about its application: the
/// one who submitted it.
pub async fn submitter(
    conn: &mut AnyConnection,
    id: ApplicationId,
) -> sqlx::Result<Option<(UserId, OrganisationId)>> {
    sqlx::query("SELECT declared_by, organisation_id FROM applications WHERE id = $1 AND declared_by IS NOT NULL")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .map(|row| Ok((row.try_get("declared_by")?, row.try_get("organisation_id")?)))
        .transpose()
}
