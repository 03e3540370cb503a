//! The email worker: delivers queued messages from the outbox table by SMTP, or as
//! `.eml` files when no SMTP server is configured. Failed sends are retried with
//! backoff; a claim expires if the worker dies mid-send, so no message is lost. Safe to
//! run on every server: claims are atomic.

use app::db::{now, Db};
use app::mail::outbox::{self, Claimed};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

impl Transport {
    pub fn from_config(smtp_url: Option<&str>, outbox_dir: PathBuf) -> Result<Self, String> {
        match smtp_url {
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map(|b| Transport::Smtp(b.timeout(Some(Duration::from_secs(20))).build()))
                .map_err(|e| format!("SMTP_URL is not usable: {e}")),
            None => {
                std::fs::create_dir_all(&outbox_dir).map_err(|e| {
                    format!(
                        "cannot create the email outbox folder {}: {e}",
                        outbox_dir.display()
                    )
                })?;
                Ok(Transport::Files(AsyncFileTransport::new(outbox_dir)))
            }
        }
    }

    async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Files(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

fn build(from: &Mailbox, claimed: &Claimed) -> Result<Message, String> {
    let to: Mailbox = claimed
        .email
        .to
        .parse()
        .map_err(|e| format!("bad recipient: {e}"))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(claimed.email.subject.clone())
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(claimed.email.text.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(claimed.email.html.clone()),
                ),
        )
        .map_err(|e| e.to_string())
}

pub struct Worker {
    pub db: Db,
    pub transport: Transport,
    pub from: Mailbox,
    pub wakeup: Arc<Notify>,
    /// How often to look for due retries when nothing wakes the worker.
    pub poll: Duration,
}

impl Worker {
    /// Sends every message that is due now; returns how many were sent.
    pub async fn drain(&self) -> Result<usize, sqlx::Error> {
        let mut sent = 0;
        loop {
            let mut conn = self.db.write_connection().await?;
            let Some(claimed) = outbox::claim_next(&mut conn, now()).await? else {
                return Ok(sent);
            };
            drop(conn);
            let result = match build(&self.from, &claimed) {
                Ok(message) => self.transport.send(message).await,
                Err(e) => Err(e),
            };
            let mut conn = self.db.write_connection().await?;
            match result {
                Ok(()) => {
                    outbox::mark_sent(&mut conn, claimed.id, now()).await?;
                    sent += 1;
                }
                Err(error) => {
                    tracing::warn!(id = claimed.id, attempts = claimed.attempts + 1, %error, "email delivery failed; will retry");
                    outbox::mark_failed(&mut conn, claimed.id, claimed.attempts, &error, now())
                        .await?;
                    // Leave the rest for the next round rather than hammer a down server.
                    return Ok(sent);
                }
            }
        }
    }

    pub async fn run(self) {
        loop {
            if let Err(error) = self.drain().await {
                tracing::error!(%error, "email worker could not reach the database");
            }
            tokio::select! {
                _ = self.wakeup.notified() => {}
                _ = tokio::time::sleep(self.poll) => {}
            }
        }
    }
}
