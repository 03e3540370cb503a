//! Data access for purchasing systems: the systems, their consortium, lots, evidence
//! types, questionnaire and windows. Every query binds its parameters; callers pass a
//! connection or a transaction (`&mut *tx`).

use super::details::SystemDetails;
use super::model::{Council, EvidenceType, Lot, QuestionDef, Section, SystemSummary};
use super::types::{Regime, ServiceType, Status, SystemType};
use crate::applications::questions::{Marking, QuestionKind};
use crate::db::get_bool;
use crate::evidence::EvidenceKind;
use crate::ids::{EvidenceTypeId, LotId, OrganisationId, QuestionId, SectionId, SystemId};
use crate::money::Money;
use sqlx::{any::AnyRow, AnyConnection, Row};

/// A stored name the code does not know: the database was written by something else.
fn unknown(column: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unknown {column} {value:?}").into())
}

fn lot_ids(json: &str) -> sqlx::Result<Vec<LotId>> {
    serde_json::from_str::<Vec<i64>>(json)
        .map(|ids| ids.into_iter().map(LotId).collect())
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

fn lot_json(lots: &[LotId]) -> String {
    serde_json::Value::from(lots.iter().map(|l| l.0).collect::<Vec<_>>()).to_string()
}

/// A system's own row.
#[derive(Debug, Clone)]
pub struct SystemRow {
    pub id: SystemId,
    pub lead_council_id: OrganisationId,
    pub lead_council: String,
    pub reference: String,
    pub title: String,
    pub description: String,
    pub regime: Regime,
    pub system_type: SystemType,
    pub start_date: String,
    pub term: String,
    pub end_date: String,
    pub estimated_value: Option<Money>,
    pub quality_weight: i64,
    pub price_weight: i64,
    pub status: Status,
    pub window_open: bool,
    pub awarded: bool,
    pub version: i64,
}

const SYSTEM_COLUMNS: &str =
    "s.id, s.lead_council_id, o.name AS lead_council, s.reference, s.title, \
     s.description, s.regime, s.system_type, s.start_date, s.term, s.end_date, \
     s.estimated_value_pence, s.quality_weight, s.price_weight, s.status, s.window_open, \
     s.awarded, s.version";

fn system_row(row: &AnyRow) -> sqlx::Result<SystemRow> {
    let regime: String = row.try_get("regime")?;
    let system_type: String = row.try_get("system_type")?;
    let status: String = row.try_get("status")?;
    Ok(SystemRow {
        id: row.try_get("id")?,
        lead_council_id: row.try_get("lead_council_id")?,
        lead_council: row.try_get("lead_council")?,
        reference: row.try_get("reference")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        regime: Regime::parse(&regime).ok_or_else(|| unknown("regime", &regime))?,
        system_type: SystemType::parse(&system_type)
            .ok_or_else(|| unknown("system type", &system_type))?,
        start_date: row.try_get("start_date")?,
        term: row.try_get("term")?,
        end_date: row.try_get("end_date")?,
        estimated_value: row
            .try_get::<Option<i64>, _>("estimated_value_pence")?
            .map(Money),
        quality_weight: row.try_get("quality_weight")?,
        price_weight: row.try_get("price_weight")?,
        status: Status::parse(&status).ok_or_else(|| unknown("status", &status))?,
        window_open: get_bool(row, "window_open")?,
        awarded: get_bool(row, "awarded")?,
        version: row.try_get("version")?,
    })
}

pub async fn insert_system(
    conn: &mut AnyConnection,
    lead: OrganisationId,
    details: &SystemDetails,
    now: i64,
) -> sqlx::Result<SystemId> {
    sqlx::query(
        "INSERT INTO systems (lead_council_id, reference, title, description, regime, system_type,
             start_date, term, end_date, estimated_value_pence, quality_weight, price_weight,
             status, window_open, awarded, version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16, $16)
         RETURNING id",
    )
    .bind(lead)
    .bind(&details.reference)
    .bind(&details.title)
    .bind(&details.description)
    .bind(details.plan.regime.as_str())
    .bind(details.plan.system_type.as_str())
    .bind(details.plan.start.to_string())
    .bind(details.plan.term.to_string())
    .bind(details.plan.end_date().to_string())
    .bind(details.estimated_value.map(Money::pence))
    .bind(i64::from(details.weights.quality))
    .bind(i64::from(details.weights.price))
    .bind(Status::Draft.as_str())
    .bind(false)
    .bind(false)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

pub async fn update_details(
    conn: &mut AnyConnection,
    id: SystemId,
    details: &SystemDetails,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE systems SET reference = $2, title = $3, description = $4, regime = $5,
             system_type = $6, start_date = $7, term = $8, end_date = $9,
             estimated_value_pence = $10, quality_weight = $11, price_weight = $12, updated_at = $13
         WHERE id = $1",
    )
    .bind(id)
    .bind(&details.reference)
    .bind(&details.title)
    .bind(&details.description)
    .bind(details.plan.regime.as_str())
    .bind(details.plan.system_type.as_str())
    .bind(details.plan.start.to_string())
    .bind(details.plan.term.to_string())
    .bind(details.plan.end_date().to_string())
    .bind(details.estimated_value.map(Money::pence))
    .bind(i64::from(details.weights.quality))
    .bind(i64::from(details.weights.price))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A system whose reference the council already uses, other than `except`.
pub async fn reference_taken(
    conn: &mut AnyConnection,
    lead: OrganisationId,
    reference: &str,
    except: Option<SystemId>,
) -> sqlx::Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM systems WHERE lead_council_id = $1 AND LOWER(reference) = LOWER($2) AND id <> $3",
    )
    .bind(lead)
    .bind(reference)
    .bind(except.unwrap_or(SystemId(0)))
    .fetch_one(conn)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

pub async fn find(conn: &mut AnyConnection, id: SystemId) -> sqlx::Result<Option<SystemRow>> {
    sqlx::query(&format!(
        "SELECT {SYSTEM_COLUMNS} FROM systems s JOIN organisations o ON o.id = s.lead_council_id WHERE s.id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(system_row)
    .transpose()
}

/// Takes the system's row lock for the rest of the transaction and counts the change:
/// changes to one system (its conditions, its status) then happen one at a time, so
/// none is decided on a state another has just changed. The row as locked.
pub async fn lock(
    conn: &mut AnyConnection,
    id: SystemId,
    now: i64,
) -> sqlx::Result<Option<SystemRow>> {
    let updated =
        sqlx::query("UPDATE systems SET version = version + 1, updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now)
            .execute(&mut *conn)
            .await?;
    if updated.rows_affected() == 0 {
        return Ok(None);
    }
    find(conn, id).await
}

pub async fn set_status(
    conn: &mut AnyConnection,
    id: SystemId,
    status: Status,
    now: i64,
) -> sqlx::Result<()> {
    let stamp = match status {
        Status::Open => "opened_at",
        Status::Closed => "closed_at",
        Status::Draft => "updated_at",
    };
    sqlx::query(&format!(
        "UPDATE systems SET status = $2, window_open = $3, {stamp} = $4 WHERE id = $1"
    ))
    .bind(id)
    .bind(status.as_str())
    .bind(false)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a closed framework's award: it admits no one from now on.
pub async fn set_awarded(conn: &mut AnyConnection, id: SystemId) -> sqlx::Result<()> {
    sqlx::query("UPDATE systems SET awarded = $2 WHERE id = $1")
        .bind(id)
        .bind(true)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn open_window(conn: &mut AnyConnection, id: SystemId, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE systems SET window_open = $2 WHERE id = $1")
        .bind(id)
        .bind(true)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO system_windows (system_id, opened_at) VALUES ($1, $2)")
        .bind(id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn close_window(conn: &mut AnyConnection, id: SystemId, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE systems SET window_open = $2 WHERE id = $1")
        .bind(id)
        .bind(false)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE system_windows SET closed_at = $2 WHERE system_id = $1 AND closed_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// How many windows a framework has opened: its first reopening is a legal duty.
pub async fn windows_opened(conn: &mut AnyConnection, id: SystemId) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) AS n FROM system_windows WHERE system_id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?
        .try_get("n")
}

pub async fn participants(conn: &mut AnyConnection, id: SystemId) -> sqlx::Result<Vec<Council>> {
    sqlx::query(
        "SELECT o.id, o.name FROM system_councils c JOIN organisations o ON o.id = c.council_id
         WHERE c.system_id = $1 ORDER BY o.name",
    )
    .bind(id)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(Council {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
        })
    })
    .collect()
}

pub async fn add_participant(
    conn: &mut AnyConnection,
    id: SystemId,
    council: OrganisationId,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO system_councils (system_id, council_id) VALUES ($1, $2)")
        .bind(id)
        .bind(council)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn remove_participant(
    conn: &mut AnyConnection,
    id: SystemId,
    council: OrganisationId,
) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("DELETE FROM system_councils WHERE system_id = $1 AND council_id = $2")
            .bind(id)
            .bind(council)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

/// Every council on the portal, by name.
pub async fn councils(conn: &mut AnyConnection) -> sqlx::Result<Vec<Council>> {
    sqlx::query("SELECT id, name FROM organisations WHERE kind = $1 ORDER BY name")
        .bind("council")
        .fetch_all(conn)
        .await?
        .iter()
        .map(|r| {
            Ok(Council {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
            })
        })
        .collect()
}

pub async fn is_council(conn: &mut AnyConnection, id: OrganisationId) -> sqlx::Result<bool> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM organisations WHERE id = $1 AND kind = $2")
        .bind(id)
        .bind("council")
        .fetch_one(conn)
        .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

fn lot(row: &AnyRow) -> sqlx::Result<Lot> {
    let service_type: String = row.try_get("service_type")?;
    Ok(Lot {
        id: row.try_get("id")?,
        number: row.try_get("number")?,
        service_type: ServiceType::parse(&service_type)
            .ok_or_else(|| unknown("service type", &service_type))?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
    })
}

pub async fn lots(conn: &mut AnyConnection, id: SystemId) -> sqlx::Result<Vec<Lot>> {
    sqlx::query(
        "SELECT id, number, service_type, title, description FROM lots WHERE system_id = $1 ORDER BY number",
    )
    .bind(id)
    .fetch_all(conn)
    .await?
    .iter()
    .map(lot)
    .collect()
}

pub async fn insert_lot(
    conn: &mut AnyConnection,
    id: SystemId,
    service_type: ServiceType,
    title: &str,
    description: &str,
) -> sqlx::Result<LotId> {
    sqlx::query(
        "INSERT INTO lots (system_id, number, service_type, title, description)
         VALUES ($1, (SELECT COALESCE(MAX(number), 0) + 1 FROM lots WHERE system_id = $1), $2, $3, $4)
         RETURNING id",
    )
    .bind(id)
    .bind(service_type.as_str())
    .bind(title)
    .bind(description)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

pub async fn delete_lot(conn: &mut AnyConnection, id: SystemId, lot: LotId) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("DELETE FROM lots WHERE system_id = $1 AND id = $2")
            .bind(id)
            .bind(lot)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

fn evidence_type(row: &AnyRow) -> sqlx::Result<EvidenceType> {
    let kind: String = row.try_get("value_kind")?;
    Ok(EvidenceType {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        kind: EvidenceKind::parse(&kind).ok_or_else(|| unknown("evidence kind", &kind))?,
        mandatory: get_bool(row, "mandatory")?,
        expires: get_bool(row, "expires")?,
        lots: lot_ids(&row.try_get::<String, _>("lots")?)?,
    })
}

pub async fn evidence_types(
    conn: &mut AnyConnection,
    id: SystemId,
) -> sqlx::Result<Vec<EvidenceType>> {
    sqlx::query(
        "SELECT id, name, value_kind, mandatory, expires, lots FROM evidence_types
         WHERE system_id = $1 ORDER BY position, id",
    )
    .bind(id)
    .fetch_all(conn)
    .await?
    .iter()
    .map(evidence_type)
    .collect()
}

pub struct NewEvidenceRow<'a> {
    pub name: &'a str,
    pub kind: EvidenceKind,
    pub mandatory: bool,
    pub expires: bool,
    pub lots: &'a [LotId],
}

pub async fn insert_evidence_type(
    conn: &mut AnyConnection,
    id: SystemId,
    evidence: NewEvidenceRow<'_>,
) -> sqlx::Result<EvidenceTypeId> {
    sqlx::query(
        "INSERT INTO evidence_types (system_id, position, name, value_kind, mandatory, expires, lots)
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM evidence_types WHERE system_id = $1),
                 $2, $3, $4, $5, $6)
         RETURNING id",
    )
    .bind(id)
    .bind(evidence.name)
    .bind(evidence.kind.as_str())
    .bind(evidence.mandatory)
    .bind(evidence.expires)
    .bind(lot_json(evidence.lots))
    .fetch_one(conn)
    .await?
    .try_get("id")
}

pub async fn delete_evidence_type(
    conn: &mut AnyConnection,
    id: SystemId,
    evidence_type: EvidenceTypeId,
) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("DELETE FROM evidence_types WHERE system_id = $1 AND id = $2")
            .bind(id)
            .bind(evidence_type)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

pub async fn set_evidence_type_lots(
    conn: &mut AnyConnection,
    evidence_type: EvidenceTypeId,
    lots: &[LotId],
) -> sqlx::Result<()> {
    sqlx::query("UPDATE evidence_types SET lots = $2 WHERE id = $1")
        .bind(evidence_type)
        .bind(lot_json(lots))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn insert_section(
    conn: &mut AnyConnection,
    id: SystemId,
    title: &str,
) -> sqlx::Result<SectionId> {
    sqlx::query(
        "INSERT INTO question_sections (system_id, position, title)
         VALUES ($1, (SELECT COALESCE(MAX(position), 0) + 1 FROM question_sections WHERE system_id = $1), $2)
         RETURNING id",
    )
    .bind(id)
    .bind(title)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

pub async fn delete_section(
    conn: &mut AnyConnection,
    id: SystemId,
    section: SectionId,
) -> sqlx::Result<u64> {
    sqlx::query("DELETE FROM questions WHERE system_id = $1 AND section_id = $2")
        .bind(id)
        .bind(section)
        .execute(&mut *conn)
        .await?;
    Ok(
        sqlx::query("DELETE FROM question_sections WHERE system_id = $1 AND id = $2")
            .bind(id)
            .bind(section)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

pub struct NewQuestionRow<'a> {
    pub section: SectionId,
    pub text: &'a str,
    pub kind: &'a QuestionKind,
    pub marking: &'a Marking,
    pub mandatory: bool,
    pub lots: &'a [LotId],
}

pub async fn insert_question(
    conn: &mut AnyConnection,
    id: SystemId,
    question: NewQuestionRow<'_>,
) -> sqlx::Result<QuestionId> {
    let json =
        |value: serde_json::Result<String>| value.map_err(|e| sqlx::Error::Encode(Box::new(e)));
    sqlx::query(
        "INSERT INTO questions (system_id, section_id, position, text, kind, marking, mandatory, lots)
         VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM questions WHERE section_id = $2),
                 $3, $4, $5, $6, $7)
         RETURNING id",
    )
    .bind(id)
    .bind(question.section)
    .bind(question.text)
    .bind(json(serde_json::to_string(question.kind))?)
    .bind(json(serde_json::to_string(question.marking))?)
    .bind(question.mandatory)
    .bind(lot_json(question.lots))
    .fetch_one(conn)
    .await?
    .try_get("id")
}

pub async fn delete_question(
    conn: &mut AnyConnection,
    id: SystemId,
    question: QuestionId,
) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("DELETE FROM questions WHERE system_id = $1 AND id = $2")
            .bind(id)
            .bind(question)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

pub async fn set_question_lots(
    conn: &mut AnyConnection,
    question: QuestionId,
    lots: &[LotId],
) -> sqlx::Result<()> {
    sqlx::query("UPDATE questions SET lots = $2 WHERE id = $1")
        .bind(question)
        .bind(lot_json(lots))
        .execute(conn)
        .await?;
    Ok(())
}

/// The questionnaire, section by section, questions in order.
pub async fn sections(conn: &mut AnyConnection, id: SystemId) -> sqlx::Result<Vec<Section>> {
    let mut sections: Vec<Section> = sqlx::query(
        "SELECT id, title FROM question_sections WHERE system_id = $1 ORDER BY position, id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(Section {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            questions: Vec::new(),
        })
    })
    .collect::<sqlx::Result<_>>()?;
    let rows = sqlx::query(
        "SELECT id, section_id, text, kind, marking, mandatory, lots FROM questions
         WHERE system_id = $1 ORDER BY position, id",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    let decode = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
    for row in rows {
        let section: SectionId = row.try_get("section_id")?;
        let question = QuestionDef {
            id: row.try_get("id")?,
            text: row.try_get("text")?,
            kind: serde_json::from_str(&row.try_get::<String, _>("kind")?).map_err(decode)?,
            marking: serde_json::from_str(&row.try_get::<String, _>("marking")?).map_err(decode)?,
            mandatory: get_bool(&row, "mandatory")?,
            lots: lot_ids(&row.try_get::<String, _>("lots")?)?,
        };
        if let Some(s) = sections.iter_mut().find(|s| s.id == section) {
            s.questions.push(question);
        }
    }
    Ok(sections)
}

/// Systems as lists show them, with their lots: those `council` leads or takes part in,
/// or (with `None`) those open to applicants, for the public list.
pub async fn summaries(
    conn: &mut AnyConnection,
    council: Option<OrganisationId>,
) -> sqlx::Result<Vec<(SystemRow, Vec<String>)>> {
    let filter = match council {
        Some(_) => {
            "s.lead_council_id = $1 OR s.id IN (SELECT system_id FROM system_councils WHERE council_id = $1)"
        }
        None => "s.status = $1",
    };
    let query = format!(
        "SELECT {SYSTEM_COLUMNS}, l.number AS lot_number, l.title AS lot_title
         FROM systems s JOIN organisations o ON o.id = s.lead_council_id
         LEFT JOIN lots l ON l.system_id = s.id
         WHERE {filter}
         ORDER BY s.title, s.id, l.number"
    );
    let rows = match council {
        Some(council) => sqlx::query(&query).bind(council).fetch_all(conn).await?,
        None => {
            sqlx::query(&query)
                .bind(Status::Open.as_str())
                .fetch_all(conn)
                .await?
        }
    };
    let mut out: Vec<(SystemRow, Vec<String>)> = Vec::new();
    for row in rows {
        let id: SystemId = row.try_get("id")?;
        if out.last().is_none_or(|(s, _)| s.id != id) {
            out.push((system_row(&row)?, Vec::new()));
        }
        if let (Some(number), Some(title), Some((_, lots))) = (
            row.try_get::<Option<i64>, _>("lot_number")?,
            row.try_get::<Option<String>, _>("lot_title")?,
            out.last_mut(),
        ) {
            lots.push(format!("Lot {number}: {title}"));
        }
    }
    Ok(out)
}

impl SystemRow {
    pub fn summary(&self, lots: Vec<String>, accepting: bool) -> SystemSummary {
        SystemSummary {
            id: self.id,
            reference: self.reference.clone(),
            title: self.title.clone(),
            lead_council: self.lead_council.clone(),
            system_type: self.system_type,
            status: self.status,
            accepting,
            lots,
        }
    }
}

impl SystemRow {
    /// The row's details in the shape the system form takes, as a commissioner would
    /// type them: what a successor is drafted from.
    pub fn form(&self) -> super::details::SystemForm {
        super::details::SystemForm {
            reference: self.reference.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            regime: self.regime.as_str().into(),
            system_type: self.system_type.as_str().into(),
            start_date: self.start_date.clone(),
            term: self.term.clone(),
            estimated_value: self
                .estimated_value
                .map(|m| m.for_input())
                .unwrap_or_default(),
            quality_weight: self.quality_weight.to_string(),
            price_weight: self.price_weight.to_string(),
        }
    }
}

/// A system linked to another as DPS and successor: its id and reference.
pub type Linked = (SystemId, String);

/// The successor drafted for a DPS.
pub async fn successor_of(conn: &mut AnyConnection, id: SystemId) -> sqlx::Result<Option<Linked>> {
    linked(
        conn,
        "SELECT s.id, s.reference FROM system_successors l JOIN systems s ON s.id = l.successor_id
         WHERE l.system_id = $1",
        id,
    )
    .await
}

/// The DPS a system was drafted to succeed.
pub async fn predecessor_of(
    conn: &mut AnyConnection,
    id: SystemId,
) -> sqlx::Result<Option<Linked>> {
    linked(
        conn,
        "SELECT s.id, s.reference FROM system_successors l JOIN systems s ON s.id = l.system_id
         WHERE l.successor_id = $1",
        id,
    )
    .await
}

async fn linked(
    conn: &mut AnyConnection,
    query: &str,
    id: SystemId,
) -> sqlx::Result<Option<Linked>> {
    sqlx::query(query)
        .bind(id)
        .fetch_optional(conn)
        .await?
        .map(|r| Ok((r.try_get("id")?, r.try_get("reference")?)))
        .transpose()
}

/// Links a DPS to its successor; false if it already has one (another commissioner's
/// request got there first), and then the caller rolls back its copy.
pub async fn insert_successor(
    conn: &mut AnyConnection,
    id: SystemId,
    successor: SystemId,
    by: crate::ids::UserId,
    now: i64,
) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "INSERT INTO system_successors (system_id, successor_id, created_by, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (system_id) DO NOTHING",
    )
    .bind(id)
    .bind(successor)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

/// The successors of the systems a council leads: (DPS, successor).
pub async fn successors_led_by(
    conn: &mut AnyConnection,
    council: OrganisationId,
) -> sqlx::Result<Vec<(SystemId, SystemId)>> {
    sqlx::query(
        "SELECT l.system_id, l.successor_id FROM system_successors l
         JOIN systems s ON s.id = l.system_id WHERE s.lead_council_id = $1",
    )
    .bind(council)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("system_id")?, r.try_get("successor_id")?)))
    .collect()
}
