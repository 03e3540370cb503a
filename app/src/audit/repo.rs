//! Appending to, verifying and reading the audit log. `append` runs inside the caller's
//! transaction, so an action and its audit row commit or vanish together.

use super::anchor::{AuditKey, Checkpoint};
use super::chain::{row_hash, verify, AuditContent, ChainBreak, StoredRow, GENESIS};
use super::event::AuditEvent;
use super::types::{AuditEntry, AuditFilter, AuditPage};
use crate::ids::OrganisationId;
use sqlx::{AnyConnection, Row};

pub async fn append(
    conn: &mut AnyConnection,
    event: AuditEvent,
    key: &AuditKey,
    now: i64,
) -> sqlx::Result<()> {
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
        actor_user_id: event.actor.user_id.map(|u| u.get()),
        actor: event.actor.label,
        organisation_id: event.organisation_id.map(|o| o.get()),
        action: event.action.as_str().to_string(),
        subject: event.subject.to_stored(),
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
    sqlx::query("UPDATE audit_head SET last_hash = $1, head_mac = $2 WHERE id = 1")
        .bind(&hash)
        .bind(key.head_mac(id, &hash))
        .execute(conn)
        .await?;
    Ok(())
}

/// The head: how many rows have been written and the hash of the last.
pub async fn head(conn: &mut AnyConnection) -> sqlx::Result<(Checkpoint, Option<String>)> {
    let row = sqlx::query("SELECT seq, last_hash, head_mac FROM audit_head WHERE id = 1")
        .fetch_one(conn)
        .await?;
    Ok((
        Checkpoint {
            seq: row.try_get("seq")?,
            hash: row.try_get("last_hash")?,
        },
        row.try_get("head_mac")?,
    ))
}

/// Gives a new, empty log's head its MAC. Only an empty log is anchored this way: a
/// head without a MAC over written rows is reported by `verify_chain`, never blessed.
pub async fn anchor_empty_log(conn: &mut AnyConnection, key: &AuditKey) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE audit_head SET head_mac = $1 WHERE id = 1 AND seq = 0 AND head_mac IS NULL",
    )
    .bind(key.head_mac(0, GENESIS))
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

fn broken(first_bad_id: i64, reason: impl Into<String>) -> Verification {
    Verification::Broken {
        first_bad_id,
        reason: reason.into(),
    }
}

/// Walks every row in order, in batches; then checks that the head names the last row
/// and carries a valid MAC under `key`, and that every checkpoint this server wrote
/// still matches a row (so deleting or rewriting the newest rows is caught too).
pub async fn verify_chain(
    conn: &mut AnyConnection,
    key: &AuditKey,
    checkpoints: &[Checkpoint],
) -> sqlx::Result<Verification> {
    let mut expected: std::collections::HashMap<i64, &str> = checkpoints
        .iter()
        .map(|c| (c.seq, c.hash.as_str()))
        .collect();
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
                return Ok(broken(id, "its content does not match its hash (edited)"))
            }
            Err(ChainBreak::Broken { id }) => {
                return Ok(broken(
                    id,
                    "it does not follow the row before it (a row was deleted, inserted or edited)",
                ))
            }
        }
        for row in &batch {
            if let Some(hash) = expected.remove(&row.content.id) {
                if hash != row.hash {
                    return Ok(broken(
                        row.content.id,
                        "it differs from the checkpoint this server recorded (history rewritten)",
                    ));
                }
            }
        }
        count += batch.len() as i64;
        after_id = batch.last().map(|r| r.content.id).unwrap_or(after_id);
    }
    if let Some(missing) = expected.keys().copied().filter(|seq| *seq > 0).min() {
        return Ok(broken(
            after_id + 1,
            format!("the log ends at row {after_id} but this server recorded row {missing} (rows deleted from the end)"),
        ));
    }
    let (head, mac) = head(conn).await?;
    if head.hash != prev || head.seq != after_id {
        return Ok(broken(
            after_id + 1,
            format!(
                "the log ends at row {after_id} but row {} was written (rows deleted from the end)",
                head.seq
            ),
        ));
    }
    if !mac.is_some_and(|mac| key.verifies(head.seq, &head.hash, &mac)) {
        return Ok(broken(
            after_id + 1,
            "the head of the log does not carry this portal's seal (OPENDPS_AUDIT_KEY): it was rewound or forged",
        ));
    }
    Ok(Verification::Intact { rows: count })
}

pub const PAGE_SIZE: i64 = 50;

/// One page of an organisation's log, newest first, with the filters applied.
pub async fn page(
    conn: &mut AnyConnection,
    organisation_id: OrganisationId,
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
