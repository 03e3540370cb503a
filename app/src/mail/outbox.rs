use sqlx::{AnyConnection, Row};

/// A message ready to queue: plain-text and HTML bodies of the same content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub async fn enqueue(conn: &mut AnyConnection, email: &Email, now: i64) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO outbox (to_address, subject, text_body, html_body, created_at, attempts, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, 0, $5) RETURNING id",
    )
    .bind(&email.to)
    .bind(&email.subject)
    .bind(&email.text)
    .bind(&email.html)
    .bind(now)
    .fetch_one(conn)
    .await?
    .try_get("id")
}

/// A queued message claimed by one worker for delivery.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: i64,
    pub attempts: i64,
    pub email: Email,
}

/// How long a claim lasts: a worker that crashes mid-send frees the message after this.
pub const CLAIM_SECONDS: i64 = 120;

/// Claims the oldest due message, if any. The second test of `locked_until` in the outer
/// WHERE makes the claim atomic when several servers poll one PostgreSQL.
pub async fn claim_next(conn: &mut AnyConnection, now: i64) -> sqlx::Result<Option<Claimed>> {
    let row = sqlx::query(
        "UPDATE outbox SET locked_until = $1
         WHERE id = (SELECT id FROM outbox
                     WHERE sent_at IS NULL AND next_attempt_at <= $2 AND (locked_until IS NULL OR locked_until <= $2)
                     ORDER BY id LIMIT 1)
           AND sent_at IS NULL AND (locked_until IS NULL OR locked_until <= $2)
         RETURNING id, attempts, to_address, subject, text_body, html_body",
    )
    .bind(now + CLAIM_SECONDS)
    .bind(now)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(Claimed {
            id: r.try_get("id")?,
            attempts: r.try_get("attempts")?,
            email: Email {
                to: r.try_get("to_address")?,
                subject: r.try_get("subject")?,
                text: r.try_get("text_body")?,
                html: r.try_get("html_body")?,
            },
        })
    })
    .transpose()
}

/// Marks a message sent; only the first call counts.
pub async fn mark_sent(conn: &mut AnyConnection, id: i64, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE outbox SET sent_at = $1, locked_until = NULL WHERE id = $2 AND sent_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Exponential backoff: 30 s, 1 min, 2 min … capped at one hour. Pure.
pub fn retry_delay_seconds(attempts_so_far: i64) -> i64 {
    let exponent = attempts_so_far.clamp(0, 7) as u32;
    (30 * 2i64.pow(exponent)).min(3_600)
}

pub async fn mark_failed(
    conn: &mut AnyConnection,
    id: i64,
    attempts: i64,
    error: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE outbox SET attempts = $1, next_attempt_at = $2, locked_until = NULL, last_error = $3 WHERE id = $4")
        .bind(attempts + 1)
        .bind(now + retry_delay_seconds(attempts))
        .bind(error)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutboxCounts {
    pub queued: i64,
    pub sent: i64,
}

pub async fn counts(conn: &mut AnyConnection) -> sqlx::Result<OutboxCounts> {
    let row = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN sent_at IS NULL THEN 1 ELSE 0 END), 0) AS queued,
                COALESCE(SUM(CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END), 0) AS sent
         FROM outbox",
    )
    .fetch_one(conn)
    .await?;
    Ok(OutboxCounts {
        queued: row.try_get("queued")?,
        sent: row.try_get("sent")?,
    })
}

#[cfg(test)]
mod tests {
    use super::retry_delay_seconds;

    #[test]
    fn retries_back_off_exponentially_to_an_hour() {
        assert_eq!(retry_delay_seconds(0), 30);
        assert_eq!(retry_delay_seconds(1), 60);
        assert_eq!(retry_delay_seconds(3), 240);
        assert_eq!(retry_delay_seconds(50), 3_600);
    }
}
