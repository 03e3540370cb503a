//! Delivery by SMTP, or as `.eml` files in a folder when no SMTP server is configured
//! (a first run needs no mail server). Every message names a configurable sender and
//! carries a `Message-ID` in the sender's domain, as receiving servers expect.

use super::templates::Email;
use crate::jobs::retry::JobError;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncFileTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    reply_to: Option<Mailbox>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from).finish()
    }
}

/// Where mail comes from, as configured.
pub struct MailSettings<'a> {
    pub smtp_url: Option<&'a str>,
    pub outbox_dir: PathBuf,
    pub from: &'a str,
    pub reply_to: Option<&'a str>,
}

impl Mailer {
    pub fn new(settings: MailSettings) -> Result<Self, String> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| format!("OPENDPS_MAIL_FROM is not an email address ({e})"))?;
        let reply_to = settings
            .reply_to
            .map(|r| r.parse::<Mailbox>())
            .transpose()
            .map_err(|e| format!("OPENDPS_MAIL_REPLY_TO is not an email address ({e})"))?;
        let transport = match settings.smtp_url {
            Some(url) => AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map(|b| Transport::Smtp(b.timeout(Some(Duration::from_secs(20))).build()))
                .map_err(|e| format!("SMTP_URL is not usable: {e}"))?,
            None => {
                std::fs::create_dir_all(&settings.outbox_dir).map_err(|e| {
                    format!(
                        "cannot create the email outbox folder {}: {e}",
                        settings.outbox_dir.display()
                    )
                })?;
                Transport::Files(AsyncFileTransport::new(settings.outbox_dir))
            }
        };
        Ok(Mailer {
            transport,
            from,
            reply_to,
        })
    }

    fn build(&self, email: &Email) -> Result<Message, JobError> {
        let to: Mailbox = email
            .to
            .parse()
            .map_err(|e| JobError::Permanent(format!("bad recipient {}: {e}", email.to)))?;
        let reply_to = match &email.reply_to {
            Some(address) => address.parse().ok(),
            None => self.reply_to.clone(),
        };
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject.clone())
            .message_id(Some(message_id(self.from.email.domain())));
        if let Some(reply_to) = reply_to {
            builder = builder.reply_to(reply_to);
        }
        builder
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(email.text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(email.html.clone()),
                    ),
            )
            .map_err(|e| JobError::Permanent(e.to_string()))
    }

    pub async fn send(&self, email: &Email) -> Result<(), JobError> {
        let message = self.build(email)?;
        match &self.transport {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| {
                if e.is_permanent() {
                    JobError::Permanent(e.to_string())
                } else {
                    JobError::Transient(e.to_string())
                }
            }),
            Transport::Files(t) => t
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| JobError::Transient(e.to_string())),
        }
    }
}

/// `<random@domain>`: unique per message, in the sender's domain.
fn message_id(domain: &str) -> String {
    let random = crate::secret::new_token();
    format!("<{}@{domain}>", &random[..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_are_unique_and_in_the_senders_domain() {
        let a = message_id("dps.sefton.gov.uk");
        assert!(a.starts_with('<') && a.ends_with("@dps.sefton.gov.uk>"));
        assert_ne!(a, message_id("dps.sefton.gov.uk"));
    }
}
