//! Placement requests: the anonymised profile and what people did with it. Nothing
//! here reads the person's details or any offer's content.

use crate::db::get_bool;
use crate::ids::{LotId, OrganisationId, RequestId, SystemId, UserId};
use crate::placements::request_form::RequestDraft;
use crate::systems::types::{Regime, SystemType};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    pub id: RequestId,
    pub council_id: OrganisationId,
    pub council: String,
    pub system_id: SystemId,
    pub system: String,
    pub system_type: SystemType,
    pub regime: Regime,
    pub quality_weight: i64,
    pub price_weight: i64,
    pub lot_id: LotId,
    pub lot: String,
    pub reference: String,
    pub block: bool,
    pub urgency: String,
    pub age_years: i64,
    pub gender: String,
    pub needs_summary: String,
    pub send_ehcp: bool,
    pub risk_flags: Vec<String>,
    pub siblings: i64,
    pub pets: String,
    pub preferred_area: String,
    pub max_distance_miles: Option<i64>,
    pub placement_type: String,
    pub start_date: String,
    pub end_date: String,
    pub bespoke: String,
    pub minutes_per_week: Option<i64>,
    pub guaranteed_minutes: Option<i64>,
    pub questions: Vec<String>,
    pub transition: bool,
    pub transition_signed_off: bool,
    pub issued_at: i64,
    pub deadline: i64,
    pub status: String,
    pub cancel_reason: Option<String>,
    pub tie_break: Option<String>,
    pub version: i64,
    /// When the person's identifying details were erased, and why.
    pub person_erased_at: Option<i64>,
    pub person_erased_reason: Option<String>,
}

const COLUMNS: &str = "r.id, r.council_id, c.name AS council, r.system_id, s.title AS system,
    s.system_type, s.regime, s.quality_weight, s.price_weight, r.lot_id, l.number AS lot_number,
    l.title AS lot_title, r.reference, r.kind, r.urgency, r.age_years, r.gender, r.needs_summary,
    r.send_ehcp, r.risk_flags, r.siblings, r.pets, r.preferred_area, r.max_distance_miles,
    r.placement_type, r.start_date, r.end_date, r.bespoke, r.minutes_per_week,
    r.guaranteed_minutes, r.questions, r.transition, r.transition_signed_off_at, r.issued_at,
    r.deadline, r.status, r.cancel_reason, r.tie_break, r.version, r.person_erased_at,
    r.person_erased_reason";

const FROM: &str = "FROM placement_requests r
    JOIN organisations c ON c.id = r.council_id
    JOIN systems s ON s.id = r.system_id
    JOIN lots l ON l.id = r.lot_id";

fn row(r: &AnyRow) -> sqlx::Result<RequestRow> {
    let decode = |e: String| sqlx::Error::Decode(e.into());
    let system_type: String = r.try_get("system_type")?;
    let regime: String = r.try_get("regime")?;
    let flags: String = r.try_get("risk_flags")?;
    let questions: String = r.try_get("questions")?;
    let number: i64 = r.try_get("lot_number")?;
    let title: String = r.try_get("lot_title")?;
    Ok(RequestRow {
        id: r.try_get("id")?,
        council_id: r.try_get("council_id")?,
        council: r.try_get("council")?,
        system_id: r.try_get("system_id")?,
        system: r.try_get("system")?,
        system_type: SystemType::parse(&system_type)
            .ok_or_else(|| decode(format!("system type {system_type}")))?,
        regime: Regime::parse(&regime).ok_or_else(|| decode(format!("regime {regime}")))?,
        quality_weight: r.try_get("quality_weight")?,
        price_weight: r.try_get("price_weight")?,
        lot_id: r.try_get("lot_id")?,
        lot: format!("Lot {number}: {title}"),
        reference: r.try_get("reference")?,
        block: r.try_get::<String, _>("kind")? == "block",
        urgency: r.try_get("urgency")?,
        age_years: r.try_get("age_years")?,
        gender: r.try_get("gender")?,
        needs_summary: r.try_get("needs_summary")?,
        send_ehcp: get_bool(r, "send_ehcp")?,
        risk_flags: flags
            .split(',')
            .filter(|f| !f.is_empty())
            .map(str::to_string)
            .collect(),
        siblings: r.try_get("siblings")?,
        pets: r.try_get("pets")?,
        preferred_area: r.try_get("preferred_area")?,
        max_distance_miles: r.try_get("max_distance_miles")?,
        placement_type: r.try_get("placement_type")?,
        start_date: r.try_get("start_date")?,
        end_date: r.try_get("end_date")?,
        bespoke: r.try_get("bespoke")?,
        minutes_per_week: r.try_get("minutes_per_week")?,
        guaranteed_minutes: r.try_get("guaranteed_minutes")?,
        questions: serde_json::from_str(&questions).map_err(|e| decode(e.to_string()))?,
        transition: get_bool(r, "transition")?,
        transition_signed_off: r
            .try_get::<Option<i64>, _>("transition_signed_off_at")?
            .is_some(),
        issued_at: r.try_get("issued_at")?,
        deadline: r.try_get("deadline")?,
        status: r.try_get("status")?,
        cancel_reason: r.try_get("cancel_reason")?,
        tie_break: r.try_get("tie_break")?,
        version: r.try_get("version")?,
        person_erased_at: r.try_get("person_erased_at")?,
        person_erased_reason: r.try_get("person_erased_reason")?,
    })
}

pub struct NewRequest<'a> {
    pub council: OrganisationId,
    pub system: SystemId,
    pub draft: &'a RequestDraft,
    pub issued_by: UserId,
    pub issued_at: i64,
}

/// Stores the request, open, and gives it its reference (`PR-000042`).
pub async fn insert(conn: &mut AnyConnection, new: NewRequest<'_>) -> sqlx::Result<RequestId> {
    let d = new.draft;
    let flags: Vec<&str> = d.risk_flags.iter().map(|f| f.as_str()).collect();
    let questions =
        serde_json::to_string(&d.questions).map_err(|e| sqlx::Error::Encode(e.into()))?;
    let id: RequestId = sqlx::query(
        "INSERT INTO placement_requests (council_id, system_id, lot_id, reference, kind, urgency,
             age_years, gender, needs_summary, send_ehcp, risk_flags, siblings, pets,
             preferred_area, max_distance_miles, placement_type, start_date, end_date, bespoke,
             minutes_per_week, guaranteed_minutes, questions, transition, issued_by, issued_at,
             deadline, all_agreed_shorter, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 $19, $20, $21, $22, $23, $24, $25, $26, $27, 'open')
         RETURNING id",
    )
    .bind(new.council)
    .bind(new.system)
    .bind(d.lot_id)
    .bind(format!(
        "pending-{}-{}",
        new.issued_by,
        crate::secret::new_token()
    ))
    .bind(if d.block.is_some() { "block" } else { "spot" })
    .bind(d.urgency.as_str())
    .bind(d.age_years)
    .bind(d.gender.map_or("", |g| g.as_str()))
    .bind(&d.needs_summary)
    .bind(d.send_ehcp)
    .bind(flags.join(","))
    .bind(d.siblings)
    .bind(&d.pets)
    .bind(&d.preferred_area)
    .bind(d.max_distance_miles)
    .bind(&d.placement_type)
    .bind(d.start_date.to_string())
    .bind(d.end_date.to_string())
    .bind(&d.bespoke)
    .bind(d.block.as_ref().map(|b| i64::from(b.minutes_per_week)))
    .bind(d.block.as_ref().map(|b| i64::from(b.guaranteed_minutes)))
    .bind(questions)
    .bind(d.transition)
    .bind(new.issued_by)
    .bind(new.issued_at)
    .bind(d.deadline)
    .bind(d.all_agreed_shorter)
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?;
    sqlx::query("UPDATE placement_requests SET reference = $1 WHERE id = $2")
        .bind(format!("PR-{:06}", id.get()))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(id)
}

pub async fn find(conn: &mut AnyConnection, id: RequestId) -> sqlx::Result<Option<RequestRow>> {
    sqlx::query(&format!("SELECT {COLUMNS} {FROM} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(row)
        .transpose()
}

/// The request, with its row locked until the transaction ends (an update that
/// changes nothing takes the lock on PostgreSQL; SQLite's write lock is already held).
pub async fn lock(conn: &mut AnyConnection, id: RequestId) -> sqlx::Result<Option<RequestRow>> {
    let locked = sqlx::query("UPDATE placement_requests SET version = version WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if locked.rows_affected() == 0 {
        return Ok(None);
    }
    find(conn, id).await
}

pub async fn cancel(conn: &mut AnyConnection, id: RequestId, reason: &str) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE placement_requests SET status = 'cancelled', cancel_reason = $1, version = version + 1
         WHERE id = $2",
    )
    .bind(reason)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn extend(conn: &mut AnyConnection, id: RequestId, deadline: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE placement_requests SET deadline = $1, version = version + 1 WHERE id = $2")
        .bind(deadline)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_tie_break(
    conn: &mut AnyConnection,
    id: RequestId,
    reason: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE placement_requests SET tie_break = $1, version = version + 1 WHERE id = $2",
    )
    .bind(reason)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn sign_off_transition(
    conn: &mut AnyConnection,
    id: RequestId,
    by: UserId,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE placement_requests SET transition_signed_off_by = $1, transition_signed_off_at = $2,
             version = version + 1
         WHERE id = $3",
    )
    .bind(by)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn mark_awarded(conn: &mut AnyConnection, id: RequestId) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE placement_requests SET status = 'awarded', version = version + 1 WHERE id = $1",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// What a list shows of a request: no profile text, so a long list stays cheap to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRequest {
    pub id: RequestId,
    pub council: String,
    pub system: String,
    pub lot: String,
    pub reference: String,
    pub urgency: String,
    pub deadline: i64,
    pub status: String,
}

const LIST_COLUMNS: &str = "r.id, c.name AS council, s.title AS system, l.number AS lot_number,
    l.title AS lot_title, r.reference, r.urgency, r.deadline, r.status";

fn list_row(r: &AnyRow) -> sqlx::Result<ListRequest> {
    let number: i64 = r.try_get("lot_number")?;
    let title: String = r.try_get("lot_title")?;
    Ok(ListRequest {
        id: r.try_get("id")?,
        council: r.try_get("council")?,
        system: r.try_get("system")?,
        lot: format!("Lot {number}: {title}"),
        reference: r.try_get("reference")?,
        urgency: r.try_get("urgency")?,
        deadline: r.try_get("deadline")?,
        status: r.try_get("status")?,
    })
}

/// A line of the council's list: the request and how many answered, newest first.
#[derive(Debug, Clone)]
pub struct ListRow {
    pub request: ListRequest,
    pub invited: i64,
    pub answered: i64,
}

pub async fn for_council(
    conn: &mut AnyConnection,
    council: OrganisationId,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<ListRow>> {
    sqlx::query(&format!(
        "SELECT {LIST_COLUMNS},
            (SELECT COUNT(*) FROM request_recipients x WHERE x.request_id = r.id) AS invited,
            (SELECT COUNT(*) FROM responses x WHERE x.request_id = r.id AND x.state IN ('offered', 'declined')) AS answered
         {FROM} WHERE r.council_id = $1 ORDER BY r.issued_at DESC, r.id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(council)
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(ListRow {
            request: list_row(r)?,
            invited: r.try_get("invited")?,
            answered: r.try_get("answered")?,
        })
    })
    .collect()
}

/// The requests a provider was sent, with its own answer's state: those still open
/// first, soonest deadline first, then the rest, latest deadline first.
pub async fn for_provider(
    conn: &mut AnyConnection,
    provider: OrganisationId,
    now: i64,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<(ListRequest, Option<String>)>> {
    // The page's rows are chosen first on the two narrow tables alone, then joined to
    // names and the provider's answer: a provider may have been sent hundreds.
    sqlx::query(&format!(
        "SELECT {LIST_COLUMNS}, p.state AS my_state
         FROM (SELECT r.id, r.council_id, r.system_id, r.lot_id, r.reference, r.urgency,
                   r.deadline, r.status,
                   CASE WHEN r.status = 'open' AND r.deadline > $2 THEN 0 ELSE 1 END AS closed,
                   CASE WHEN r.status = 'open' AND r.deadline > $2 THEN r.deadline ELSE -r.deadline END AS due
               FROM request_recipients t
               JOIN placement_requests r ON r.id = t.request_id
               WHERE t.organisation_id = $1
               ORDER BY closed, due, r.id DESC
               LIMIT $3 OFFSET $4) r
         JOIN organisations c ON c.id = r.council_id
         JOIN systems s ON s.id = r.system_id
         JOIN lots l ON l.id = r.lot_id
         LEFT JOIN responses p ON p.request_id = r.id AND p.organisation_id = $1
         ORDER BY r.closed, r.due, r.id DESC"
    ))
    .bind(provider)
    .bind(now)
    .bind(limit)
    .bind(offset)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| Ok((list_row(r)?, r.try_get("my_state")?)))
    .collect()
}
