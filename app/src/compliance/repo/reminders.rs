//! Items coming up to expiry, and the reminders recorded as sent.

use crate::compliance::reminders::Reminder;
use crate::db::get_bool;
use crate::ids::{EvidenceItemId, OrganisationId};
use sqlx::{AnyConnection, Row};

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
