//! Appending to and reading the audit log. `append` runs inside the caller's
//! transaction, so an action and its audit row commit or vanish together.

use super::chain::{row_hash, verify, AuditContent, ChainBreak, StoredRow, GENESIS};
use super::types::{AuditEntry, AuditFilter, AuditPage};
use sqlx::{AnyConnection, Row};

/// One thing that happened, as the code that did it describes it.
pub struct AuditEvent<'a> {
    pub actor_user_id: Option<i64>,
    /// Who did it, as shown to auditors: an email address, or "system".
    pub actor: &'a str,
    /// The organisation whose log the row belongs to.
    pub organisation_id: Option<i64>,
    pub action: &'a str,
    /// What it was done to, e.g. "user:42".
    pub subject: String,
    pub before: serde_json::Value,
    pub after: serde_json::Value,
}

pub async fn append(conn: &mut AnyConnection, event: AuditEvent<'_>, now: i64) -> sqlx::Result<()> {
    // Taking the head row first serialises appenders (a row lock on PostgreSQL, the
    // write lock on SQLite), so two transactions can never both extend the same hash.
    let head =
        sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, last_hash")
            .fetch_one(&mut *conn)
            .await?;
    let id: i64 = head.try_get("seq")?;
    let prev_hash: String = head.try_get("last_hash")?;
    let content = AuditContent {
        id,
        at: now,
        actor_user_id: event.actor_user_id,
        actor: event.actor.to_string(),
        organisation_id: event.organisation_id,
        action: event.action.to_string(),
        subject: event.subject,
        before_json: event.before.to_string(),
        after_json: event.after.to_string(),
    };
    let hash = row_hash(&prev_hash, &content);
    sqlx::query(
        "INSERT INTO audit_log (id, at, actor_user_id, actor, organisation_id, action, subject, before_json, after_json, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(content.id)
    .bind(content.at)
    .bind(content.actor_user_id)
    .bind(&content.actor)
    .bind(content.organisation_id)
    .bind(&content.action)
    .bind(&content.subject)
    .bind(&content.before_json)
    .bind(&content.after_json)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_head SET last_hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// The result of walking the whole chain.
#[derive(Debug, PartialEq, Eq)]
pub enum Verification {
    Intact { rows: i64 },
    Broken { first_bad_id: i64, reason: String },
}

const VERIFY_BATCH: i64 = 1_000;

/// Walks every row in order, in batches, then checks that the head still names the
/// last row (so deleting the newest rows is caught too).
pub async fn verify_chain(conn: &mut AnyConnection) -> sqlx::Result<Verification> {
    let mut prev = GENESIS.to_string();
    let mut after_id = 0i64;
    let mut count = 0i64;
    loop {
        let rows = sqlx::query(
            "SELECT id, at, actor_user_id, actor, organisation_id, action, subject, before_json, after_json, prev_hash, hash
             FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after_id)
        .bind(VERIFY_BATCH)
        .fetch_all(&mut *conn)
        .await?;
        if rows.is_empty() {
            break;
        }
        let mut batch = Vec::with_capacity(rows.len());
        for row in &rows {
            batch.push(StoredRow {
                content: AuditContent {
                    id: row.try_get("id")?,
                    at: row.try_get("at")?,
                    actor_user_id: row.try_get("actor_user_id")?,
                    actor: row.try_get("actor")?,
                    organisation_id: row.try_get("organisation_id")?,
                    action: row.try_get("action")?,
                    subject: row.try_get("subject")?,
                    before_json: row.try_get("before_json")?,
                    after_json: row.try_get("after_json")?,
                },
                prev_hash: row.try_get("prev_hash")?,
                hash: row.try_get("hash")?,
            });
        }
        match verify(prev, &batch) {
            Ok(last) => prev = last,
            Err(ChainBreak::Edited { id }) => {
                return Ok(Verification::Broken {
                    first_bad_id: id,
                    reason: "its content does not match its hash (edited)".into(),
                })
            }
            Err(ChainBreak::Broken { id }) => return Ok(Verification::Broken {
                first_bad_id: id,
                reason:
                    "it does not follow the row before it (a row was deleted, inserted or edited)"
                        .into(),
            }),
        }
        count += batch.len() as i64;
        after_id = batch.last().map(|r| r.content.id).unwrap_or(after_id);
    }
    let head = sqlx::query("SELECT seq, last_hash FROM audit_head WHERE id = 1")
        .fetch_one(&mut *conn)
        .await?;
    let seq: i64 = head.try_get("seq")?;
    let last_hash: String = head.try_get("last_hash")?;
    if last_hash != prev || seq != after_id {
        return Ok(Verification::Broken {
            first_bad_id: after_id + 1,
            reason: format!("the log ends at row {after_id} but row {seq} was written (rows deleted from the end)"),
        });
    }
    Ok(Verification::Intact { rows: count })
}

pub const PAGE_SIZE: i64 = 50;

/// One page of an organisation's log, newest first, with the filters applied.
pub async fn page(
    conn: &mut AnyConnection,
    organisation_id: i64,
    filter: &AuditFilter,
) -> sqlx::Result<AuditPage> {
    let action = filter.action.trim().to_string();
    let actor = format!("%{}%", filter.actor.trim().to_lowercase());
    let page = filter.page.max(1);
    // Empty filters match everything; the same text serves both databases.
    let where_clause = "organisation_id = $1 AND ($2 = '' OR action = $2) AND LOWER(actor) LIKE $3";
    let total: i64 = sqlx::query(&format!(
        "SELECT COUNT(*) AS n FROM audit_log WHERE {where_clause}"
    ))
    .bind(organisation_id)
    .bind(&action)
    .bind(&actor)
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    let rows = sqlx::query(&format!(
        "SELECT id, at, actor, action, subject, before_json, after_json FROM audit_log
         WHERE {where_clause} ORDER BY id DESC LIMIT $4 OFFSET $5"
    ))
    .bind(organisation_id)
    .bind(&action)
    .bind(&actor)
    .bind(PAGE_SIZE)
    .bind((page - 1) * PAGE_SIZE)
    .fetch_all(&mut *conn)
    .await?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        entries.push(AuditEntry {
            id: row.try_get("id")?,
            at: row.try_get("at")?,
            actor: row.try_get("actor")?,
            action: row.try_get("action")?,
            subject: row.try_get("subject")?,
            before_json: row.try_get("before_json")?,
            after_json: row.try_get("after_json")?,
        });
    }
    let actions = sqlx::query(
        "SELECT DISTINCT action FROM audit_log WHERE organisation_id = $1 ORDER BY action",
    )
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| r.try_get("action"))
    .collect::<sqlx::Result<Vec<String>>>()?;
    Ok(AuditPage {
        entries,
        total,
        page,
        page_size: PAGE_SIZE,
        actions,
    })
}
