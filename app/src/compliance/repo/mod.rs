//! Compliance data access: accepted evidence, expiry reminders, suspensions, removals
//! and the members who may receive placement requests.

pub mod closure;
pub mod declarations;

use super::reminders::Reminder;
use super::suspension::{Live, Reason};
use crate::db::get_bool;
use crate::ids::{
    ApplicationId, EvidenceItemId, EvidenceTypeId, LotId, OrganisationId, ReplacementId,
    SuspensionId, SystemId, UserId,
};
use sqlx::{AnyConnection, Row};

/// At admission: the items the application gave become the accepted ones.
pub async fn accept_from_application(
    conn: &mut AnyConnection,
    system: SystemId,
    organisation: OrganisationId,
    application: ApplicationId,
    by: UserId,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO accepted_evidence
             (system_id, organisation_id, evidence_type_id, evidence_item_id, accepted_by, accepted_at)
         SELECT $1, $2, evidence_type_id, evidence_item_id, $3, $4
         FROM application_evidence WHERE application_id = $5
         ON CONFLICT (system_id, organisation_id, evidence_type_id)
         DO UPDATE SET evidence_item_id = excluded.evidence_item_id,
                       accepted_by = excluded.accepted_by, accepted_at = excluded.accepted_at",
    )
    .bind(system)
    .bind(organisation)
    .bind(by)
    .bind(now)
    .bind(application)
    .execute(conn)
    .await?;
    Ok(())
}

/// Systems with at least one member not removed.
pub async fn systems_with_members(conn: &mut AnyConnection) -> sqlx::Result<Vec<SystemId>> {
    sqlx::query(
        "SELECT DISTINCT system_id FROM memberships WHERE removed_at IS NULL ORDER BY system_id",
    )
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| r.try_get("system_id"))
    .collect()
}

/// The lots each member (or the one given) holds in a system, not removed.
pub async fn member_lots(
    conn: &mut AnyConnection,
    system: SystemId,
    only: Option<OrganisationId>,
) -> sqlx::Result<Vec<(OrganisationId, LotId)>> {
    sqlx::query(
        "SELECT organisation_id, lot_id FROM memberships
         WHERE system_id = $1 AND removed_at IS NULL AND ($2 = 0 OR organisation_id = $2)
         ORDER BY organisation_id, lot_id",
    )
    .bind(system)
    .bind(only.map_or(0, |o| o.get()))
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("organisation_id")?, r.try_get("lot_id")?)))
    .collect()
}

/// An accepted item as the suspension rule and the pages need it.
#[derive(Debug, Clone)]
pub struct AcceptedItem {
    pub organisation: OrganisationId,
    pub evidence_type: EvidenceTypeId,
    pub item: EvidenceItemId,
    pub title: String,
    /// `ofsted`, `cqc` or `document`.
    pub kind: String,
    /// The regulator's rating code (`inadequate`, ...), empty for documents.
    pub rating: String,
    pub expires_on: Option<String>,
}

pub async fn accepted_items(
    conn: &mut AnyConnection,
    system: SystemId,
    only: Option<OrganisationId>,
) -> sqlx::Result<Vec<AcceptedItem>> {
    sqlx::query(
        "SELECT ae.organisation_id, ae.evidence_type_id, ei.id, ei.title, ei.kind, ei.rating, ei.expires_on
         FROM accepted_evidence ae JOIN evidence_items ei ON ei.id = ae.evidence_item_id
         WHERE ae.system_id = $1 AND ($2 = 0 OR ae.organisation_id = $2)",
    )
    .bind(system)
    .bind(only.map_or(0, |o| o.get()))
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(AcceptedItem {
            organisation: r.try_get("organisation_id")?,
            evidence_type: r.try_get("evidence_type_id")?,
            item: r.try_get("id")?,
            title: r.try_get("title")?,
            kind: r.try_get("kind")?,
            rating: r.try_get("rating")?,
            expires_on: r.try_get("expires_on")?,
        })
    })
    .collect()
}

/// Automatic suspensions in force in a system (of one member, if given).
pub async fn live_automatic(
    conn: &mut AnyConnection,
    system: SystemId,
    only: Option<OrganisationId>,
) -> sqlx::Result<Vec<Live>> {
    sqlx::query(
        "SELECT id, organisation_id, lot_id, reasons FROM suspensions
         WHERE system_id = $1 AND kind = 'automatic' AND lifted_at IS NULL
           AND ($2 = 0 OR organisation_id = $2)",
    )
    .bind(system)
    .bind(only.map_or(0, |o| o.get()))
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        let reasons: String = r.try_get("reasons")?;
        Ok(Live {
            id: r.try_get("id")?,
            organisation: r.try_get("organisation_id")?,
            lot: r.try_get("lot_id")?,
            reasons: serde_json::from_str(&reasons).unwrap_or_default(),
        })
    })
    .collect()
}

fn reasons_json(reasons: &[Reason]) -> sqlx::Result<String> {
    serde_json::to_string(reasons).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// Starts a suspension; `None` if one of this kind is already in force (another server
/// got there first).
#[allow(clippy::too_many_arguments)]
pub async fn start_suspension(
    conn: &mut AnyConnection,
    system: SystemId,
    lot: LotId,
    organisation: OrganisationId,
    kind: &str,
    reasons: &str,
    by: Option<UserId>,
    now: i64,
) -> sqlx::Result<Option<SuspensionId>> {
    sqlx::query(
        "INSERT INTO suspensions (system_id, lot_id, organisation_id, kind, reasons, started_at, started_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(system)
    .bind(lot)
    .bind(organisation)
    .bind(kind)
    .bind(reasons)
    .bind(now)
    .bind(by)
    .fetch_optional(conn)
    .await?
    .map(|r| r.try_get("id"))
    .transpose()
}

pub async fn start_automatic(
    conn: &mut AnyConnection,
    system: SystemId,
    lot: LotId,
    organisation: OrganisationId,
    reasons: &[Reason],
    now: i64,
) -> sqlx::Result<Option<SuspensionId>> {
    let json = reasons_json(reasons)?;
    start_suspension(
        conn,
        system,
        lot,
        organisation,
        "automatic",
        &json,
        None,
        now,
    )
    .await
}

/// Restates a live automatic suspension's reasons; false if it was lifted meanwhile.
pub async fn restate(
    conn: &mut AnyConnection,
    id: SuspensionId,
    reasons: &[Reason],
) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE suspensions SET reasons = $1 WHERE id = $2 AND lifted_at IS NULL")
            .bind(reasons_json(reasons)?)
            .bind(id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Lifts a suspension in force; false if it was already lifted.
pub async fn lift(
    conn: &mut AnyConnection,
    id: SuspensionId,
    by: Option<UserId>,
    reason: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE suspensions SET lifted_at = $1, lifted_by = $2, lift_reason = $3
         WHERE id = $4 AND lifted_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(reason)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The organisations that may be sent a placement request in a lot: admitted to it,
/// not removed, not suspended from it for any reason, in a system not closed.
pub async fn eligible_providers(
    conn: &mut AnyConnection,
    system: SystemId,
    lot: LotId,
) -> sqlx::Result<Vec<OrganisationId>> {
    sqlx::query(
        "SELECT m.organisation_id FROM memberships m
         JOIN systems y ON y.id = m.system_id
         WHERE m.system_id = $1 AND m.lot_id = $2 AND m.removed_at IS NULL
           AND y.status <> 'closed'
           AND NOT EXISTS (SELECT 1 FROM suspensions s
                           WHERE s.system_id = m.system_id AND s.lot_id = m.lot_id
                             AND s.organisation_id = m.organisation_id AND s.lifted_at IS NULL)
         ORDER BY m.organisation_id",
    )
    .bind(system)
    .bind(lot)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| r.try_get("organisation_id"))
    .collect()
}

/// An accepted item that expires by `until` (ISO date) and whose on-expiry reminder has
/// not gone, with whether a replacement for it waits or has been accepted everywhere.
#[derive(Debug, Clone)]
pub struct ExpiringItem {
    pub item: EvidenceItemId,
    pub organisation: OrganisationId,
    pub title: String,
    pub expires_on: String,
    /// Every system that accepted it has a replacement pending.
    pub replaced: bool,
    pub sent: Vec<Reminder>,
}

pub async fn expiring_items(
    conn: &mut AnyConnection,
    until: &str,
) -> sqlx::Result<Vec<ExpiringItem>> {
    let rows = sqlx::query(
        "SELECT ei.id, ei.organisation_id, ei.title, ei.expires_on,
                COUNT(*) AS systems,
                SUM(CASE WHEN EXISTS (SELECT 1 FROM evidence_replacements r
                                      WHERE r.system_id = ae.system_id AND r.organisation_id = ae.organisation_id
                                        AND r.evidence_type_id = ae.evidence_type_id AND r.status = 'pending')
                         THEN 1 ELSE 0 END) AS replaced,
                (SELECT STRING_AGG(er.reminder, ',') FROM evidence_reminders er WHERE er.evidence_item_id = ei.id) AS sent
         FROM accepted_evidence ae
         JOIN evidence_items ei ON ei.id = ae.evidence_item_id
         WHERE ei.expires_on IS NOT NULL AND ei.expires_on <= $1
           AND EXISTS (SELECT 1 FROM memberships m WHERE m.system_id = ae.system_id
                         AND m.organisation_id = ae.organisation_id AND m.removed_at IS NULL)
           AND NOT EXISTS (SELECT 1 FROM evidence_reminders er
                           WHERE er.evidence_item_id = ei.id AND er.reminder = 'on_expiry')
         GROUP BY ei.id, ei.organisation_id, ei.title, ei.expires_on
         ORDER BY ei.expires_on, ei.id",
    )
    .bind(until)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|r| {
            let systems: i64 = r.try_get("systems")?;
            let replaced: i64 = r.try_get("replaced")?;
            let sent: Option<String> = r.try_get("sent")?;
            Ok(ExpiringItem {
                item: r.try_get("id")?,
                organisation: r.try_get("organisation_id")?,
                title: r.try_get("title")?,
                expires_on: r.try_get("expires_on")?,
                replaced: replaced >= systems,
                sent: sent
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(Reminder::parse)
                    .collect(),
            })
        })
        .collect()
}

/// Records a reminder of an item; false if it was already recorded (sent by another
/// run or server), in which case nothing must be sent.
pub async fn record_reminder(
    conn: &mut AnyConnection,
    item: EvidenceItemId,
    organisation: OrganisationId,
    reminder: Reminder,
    today: &str,
    overtaken: bool,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO evidence_reminders (evidence_item_id, reminder, sent_on, overtaken, organisation_id)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(item)
    .bind(reminder.code())
    .bind(today)
    .bind(overtaken)
    .bind(organisation)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A reminder as the provider's dashboard lists it.
#[derive(Debug, Clone)]
pub struct SentReminder {
    pub item: EvidenceItemId,
    pub title: String,
    pub expires_on: String,
    pub reminder: Reminder,
    pub sent_on: String,
}

/// The organisation's reminders that went out, newest first.
pub async fn reminders_sent(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
) -> sqlx::Result<Vec<SentReminder>> {
    let rows = sqlx::query(
        "SELECT er.evidence_item_id, ei.title, ei.expires_on, er.reminder, er.sent_on, er.overtaken
         FROM evidence_reminders er JOIN evidence_items ei ON ei.id = er.evidence_item_id
         WHERE er.organisation_id = $1
         ORDER BY er.sent_on DESC, er.evidence_item_id DESC LIMIT 50",
    )
    .bind(organisation)
    .fetch_all(conn)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        if get_bool(r, "overtaken")? {
            continue;
        }
        let code: String = r.try_get("reminder")?;
        let Some(reminder) = Reminder::parse(&code) else {
            continue;
        };
        out.push(SentReminder {
            item: r.try_get("evidence_item_id")?,
            title: r.try_get("title")?,
            expires_on: r
                .try_get::<Option<String>, _>("expires_on")?
                .unwrap_or_default(),
            reminder,
            sent_on: r.try_get("sent_on")?,
        });
    }
    Ok(out)
}

pub async fn organisation_name(
    conn: &mut AnyConnection,
    id: OrganisationId,
) -> sqlx::Result<String> {
    sqlx::query("SELECT name FROM organisations WHERE id = $1")
        .bind(id)
        .fetch_one(conn)
        .await?
        .try_get("name")
}

/// Sends a replacement for a council to check; a replacement already waiting for the
/// same evidence type is withdrawn in its favour. Returns the new one's id.
#[allow(clippy::too_many_arguments)]
pub async fn submit_replacement(
    conn: &mut AnyConnection,
    system: SystemId,
    organisation: OrganisationId,
    evidence_type: EvidenceTypeId,
    item: EvidenceItemId,
    by: UserId,
    now: i64,
) -> sqlx::Result<ReplacementId> {
    sqlx::query(
        "UPDATE evidence_replacements SET status = 'refused', decided_at = $4, reason = 'Withdrawn: replaced by a newer one'
         WHERE system_id = $1 AND organisation_id = $2 AND evidence_type_id = $3 AND status = 'pending'",
    )
    .bind(system)
    .bind(organisation)
    .bind(evidence_type)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO evidence_replacements
             (system_id, organisation_id, evidence_type_id, evidence_item_id, submitted_by, submitted_at, status)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending') RETURNING id",
    )
    .bind(system)
    .bind(organisation)
    .bind(evidence_type)
    .bind(item)
    .bind(by)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

#[derive(Debug, Clone)]
pub struct ReplacementRow {
    pub id: ReplacementId,
    pub system: SystemId,
    pub organisation: OrganisationId,
    pub evidence_type: EvidenceTypeId,
    pub item: EvidenceItemId,
    pub status: String,
}

/// The replacement, locked for a decision (PostgreSQL: `FOR UPDATE`; SQLite's write
/// transaction already holds the only lock).
pub async fn lock_replacement(
    conn: &mut AnyConnection,
    id: ReplacementId,
    postgres: bool,
) -> sqlx::Result<Option<ReplacementRow>> {
    let lock = if postgres { " FOR UPDATE" } else { "" };
    sqlx::query(&format!(
        "SELECT id, system_id, organisation_id, evidence_type_id, evidence_item_id, status
         FROM evidence_replacements WHERE id = $1{lock}"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .map(|r| {
        Ok(ReplacementRow {
            id: r.try_get("id")?,
            system: r.try_get("system_id")?,
            organisation: r.try_get("organisation_id")?,
            evidence_type: r.try_get("evidence_type_id")?,
            item: r.try_get("evidence_item_id")?,
            status: r.try_get("status")?,
        })
    })
    .transpose()
}

pub async fn decide_replacement(
    conn: &mut AnyConnection,
    id: ReplacementId,
    accepted: bool,
    reason: &str,
    by: UserId,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE evidence_replacements SET status = $1, reason = $2, decided_by = $3, decided_at = $4
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(if accepted { "accepted" } else { "refused" })
    .bind(reason)
    .bind(by)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Makes `item` the accepted one for its type.
pub async fn accept_item(
    conn: &mut AnyConnection,
    replacement: &ReplacementRow,
    by: UserId,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO accepted_evidence
             (system_id, organisation_id, evidence_type_id, evidence_item_id, accepted_by, accepted_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (system_id, organisation_id, evidence_type_id)
         DO UPDATE SET evidence_item_id = excluded.evidence_item_id,
                       accepted_by = excluded.accepted_by, accepted_at = excluded.accepted_at",
    )
    .bind(replacement.system)
    .bind(replacement.organisation)
    .bind(replacement.evidence_type)
    .bind(replacement.item)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether the organisation holds any lot of the system, not removed.
pub async fn is_member(
    conn: &mut AnyConnection,
    system: SystemId,
    organisation: OrganisationId,
) -> sqlx::Result<bool> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM memberships
         WHERE system_id = $1 AND organisation_id = $2 AND removed_at IS NULL",
    )
    .bind(system)
    .bind(organisation)
    .fetch_one(conn)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// Removes a member from every lot of a system; returns how many lots it held.
pub async fn remove_member(
    conn: &mut AnyConnection,
    system: SystemId,
    organisation: OrganisationId,
    ground: &str,
    reason: &str,
    by: UserId,
    now: i64,
) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE memberships SET removed_at = $1, removed_by = $2, removal_ground = $3, removal_reason = $4
         WHERE system_id = $5 AND organisation_id = $6 AND removed_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(ground)
    .bind(reason)
    .bind(system)
    .bind(organisation)
    .execute(&mut *conn)
    .await?;
    // Its suspensions end with the membership: there is nothing left to suspend.
    sqlx::query(
        "UPDATE suspensions SET lifted_at = $1, lifted_by = $2, lift_reason = 'Removed from the system'
         WHERE system_id = $3 AND organisation_id = $4 AND lifted_at IS NULL",
    )
    .bind(now)
    .bind(by)
    .bind(system)
    .bind(organisation)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// A live council suspension, for lifting: (system, lot, organisation).
pub async fn live_council_suspension(
    conn: &mut AnyConnection,
    id: SuspensionId,
) -> sqlx::Result<Option<(SystemId, LotId, OrganisationId)>> {
    sqlx::query(
        "SELECT system_id, lot_id, organisation_id FROM suspensions
         WHERE id = $1 AND kind = 'council' AND lifted_at IS NULL",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?
    .map(|r| {
        Ok((
            r.try_get("system_id")?,
            r.try_get("lot_id")?,
            r.try_get("organisation_id")?,
        ))
    })
    .transpose()
}

/// A suspension in force, of either kind, for the pages.
#[derive(Debug, Clone)]
pub struct SuspensionRow {
    pub id: SuspensionId,
    pub organisation: OrganisationId,
    pub lot: LotId,
    pub automatic: bool,
    pub reasons: String,
    pub started_at: i64,
}

pub async fn live_suspensions(
    conn: &mut AnyConnection,
    system: SystemId,
    only: Option<OrganisationId>,
) -> sqlx::Result<Vec<SuspensionRow>> {
    sqlx::query(
        "SELECT id, organisation_id, lot_id, kind, reasons, started_at FROM suspensions
         WHERE system_id = $1 AND lifted_at IS NULL AND ($2 = 0 OR organisation_id = $2)
         ORDER BY started_at, id",
    )
    .bind(system)
    .bind(only.map_or(0, |o| o.get()))
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(SuspensionRow {
            id: r.try_get("id")?,
            organisation: r.try_get("organisation_id")?,
            lot: r.try_get("lot_id")?,
            automatic: r.try_get::<String, _>("kind")? == "automatic",
            reasons: r.try_get("reasons")?,
            started_at: r.try_get("started_at")?,
        })
    })
    .collect()
}

/// Every membership row of an organisation, removed ones too:
/// (system, lot, removal reason when removed).
pub async fn memberships_of(
    conn: &mut AnyConnection,
    organisation: OrganisationId,
) -> sqlx::Result<Vec<(SystemId, LotId, Option<String>)>> {
    sqlx::query(
        "SELECT system_id, lot_id, removed_at, removal_reason FROM memberships
         WHERE organisation_id = $1 ORDER BY system_id, lot_id",
    )
    .bind(organisation)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        let removed: Option<i64> = r.try_get("removed_at")?;
        let reason: Option<String> = r.try_get("removal_reason")?;
        Ok((
            r.try_get("system_id")?,
            r.try_get("lot_id")?,
            removed.map(|_| reason.unwrap_or_default()),
        ))
    })
    .collect()
}

/// The latest replacement per evidence type of a member: (type, item title, status,
/// reason).
pub async fn latest_replacements(
    conn: &mut AnyConnection,
    system: SystemId,
    organisation: OrganisationId,
) -> sqlx::Result<Vec<(EvidenceTypeId, String, String, Option<String>)>> {
    sqlx::query(
        "SELECT r.evidence_type_id, ei.title, r.status, r.reason FROM evidence_replacements r
         JOIN evidence_items ei ON ei.id = r.evidence_item_id
         WHERE r.system_id = $1 AND r.organisation_id = $2
           AND r.id = (SELECT MAX(r2.id) FROM evidence_replacements r2
                       WHERE r2.system_id = r.system_id AND r2.organisation_id = r.organisation_id
                         AND r2.evidence_type_id = r.evidence_type_id)",
    )
    .bind(system)
    .bind(organisation)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("evidence_type_id")?,
            r.try_get("title")?,
            r.try_get("status")?,
            r.try_get("reason")?,
        ))
    })
    .collect()
}

/// Replacements waiting for the council: (id, organisation, type, item, title, expiry).
pub async fn pending_replacements(
    conn: &mut AnyConnection,
    system: SystemId,
) -> sqlx::Result<
    Vec<(
        ReplacementId,
        OrganisationId,
        EvidenceTypeId,
        EvidenceItemId,
        String,
        Option<String>,
    )>,
> {
    sqlx::query(
        "SELECT r.id, r.organisation_id, r.evidence_type_id, r.evidence_item_id, ei.title, ei.expires_on
         FROM evidence_replacements r JOIN evidence_items ei ON ei.id = r.evidence_item_id
         WHERE r.system_id = $1 AND r.status = 'pending' ORDER BY r.submitted_at, r.id",
    )
    .bind(system)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("id")?,
            r.try_get("organisation_id")?,
            r.try_get("evidence_type_id")?,
            r.try_get("evidence_item_id")?,
            r.try_get("title")?,
            r.try_get("expires_on")?,
        ))
    })
    .collect()
}

/// The system's members not removed, with their names: (organisation, name, lot).
pub async fn members_named(
    conn: &mut AnyConnection,
    system: SystemId,
) -> sqlx::Result<Vec<(OrganisationId, String, LotId)>> {
    sqlx::query(
        "SELECT m.organisation_id, o.name, m.lot_id FROM memberships m
         JOIN organisations o ON o.id = m.organisation_id
         WHERE m.system_id = $1 AND m.removed_at IS NULL ORDER BY o.name, m.lot_id",
    )
    .bind(system)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get("organisation_id")?,
            r.try_get("name")?,
            r.try_get("lot_id")?,
        ))
    })
    .collect()
}
