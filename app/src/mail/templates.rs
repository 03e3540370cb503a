//! The text of each email, in plain text and HTML, with absolute links.

use super::outbox::Email;

/// What every email needs to know about the portal sending it.
pub struct Sender<'a> {
    pub service_name: &'a str,
    pub base_url: &'a str,
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One email with a greeting, paragraphs, an optional button link and a sign-off.
fn compose(
    sender: &Sender,
    to: &str,
    subject: &str,
    greeting: &str,
    paragraphs: &[String],
    link: Option<(&str, String)>,
) -> Email {
    let mut text = format!("{greeting}\n\n");
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"en\"><body style=\"font-family: Arial, sans-serif; font-size: 19px; line-height: 1.4; color: #0b0c0c\">\
         <p style=\"font-size: 24px; font-weight: bold\">{}</p><p>{}</p>",
        escape(sender.service_name),
        escape(greeting)
    );
    for paragraph in paragraphs {
        text.push_str(paragraph);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>", escape(paragraph)));
    }
    if let Some((label, url)) = link {
        text.push_str(&format!("{label}:\n{url}\n\n"));
        html.push_str(&format!(
            "<p><a href=\"{0}\">{1}</a></p><p>Or copy this link into your browser: {0}</p>",
            escape(&url),
            escape(label)
        ));
    }
    text.push_str(&format!("{}\n{}\n", sender.service_name, sender.base_url));
    html.push_str(&format!(
        "<p>{}<br>{}</p></body></html>",
        escape(sender.service_name),
        escape(sender.base_url)
    ));
    Email {
        to: to.to_string(),
        subject: format!("{subject} - {}", sender.service_name),
        text,
        html,
    }
}

pub fn verify_email(sender: &Sender, to: &str, name: &str, token: &str) -> Email {
    compose(
        sender,
        to,
        "Confirm your email address",
        &format!("Dear {name},"),
        &["You created an account. Confirm your email address to finish setting it up.".into(),
          "The link works once and expires in 24 hours. If you did not create an account, you can ignore this email.".into()],
        Some(("Confirm your email address", format!("{}/verify-email?token={token}", sender.base_url))),
    )
}

pub fn account_exists(sender: &Sender, to: &str) -> Email {
    compose(
        sender,
        to,
        "You already have an account",
        "Hello,",
        &["Someone tried to create an account with this email address, but you already have one.".into(),
          "If it was you, sign in, or reset your password if you have forgotten it. If it was not you, you can ignore this email.".into()],
        Some(("Sign in", format!("{}/sign-in", sender.base_url))),
    )
}

pub fn reset_password(sender: &Sender, to: &str, name: &str, token: &str) -> Email {
    compose(
        sender,
        to,
        "Reset your password",
        &format!("Dear {name},"),
        &["We received a request to reset the password for your account.".into(),
          "The link works once and expires in 1 hour. If you did not ask for this, you can ignore this email: your password has not changed.".into()],
        Some(("Reset your password", format!("{}/reset-password?token={token}", sender.base_url))),
    )
}

pub fn invitation(
    sender: &Sender,
    to: &str,
    inviter: &str,
    organisation: &str,
    token: &str,
) -> Email {
    compose(
        sender,
        to,
        &format!("You have been invited to join {organisation}"),
        "Hello,",
        &[format!("{inviter} has invited you to join {organisation} on {}.", sender.service_name),
          "Accept the invitation to set your name and password. The link works once and expires in 7 days.".into()],
        Some(("Accept the invitation", format!("{}/accept-invitation?token={token}", sender.base_url))),
    )
}

pub fn password_changed(sender: &Sender, to: &str, name: &str) -> Email {
    compose(
        sender,
        to,
        "Your password has been changed",
        &format!("Dear {name},"),
        &["The password for your account has just been changed, and you have been signed out everywhere else.".into(),
          "If you did not do this, reset your password now and tell your organisation's administrator.".into()],
        Some(("Reset your password", format!("{}/forgotten-password", sender.base_url))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_absolute_and_html_is_escaped() {
        let sender = Sender {
            service_name: "OpenDPS",
            base_url: "https://dps.example.gov.uk",
        };
        let email = verify_email(&sender, "a@b.uk", "<Jo>", "abc");
        assert!(email
            .text
            .contains("https://dps.example.gov.uk/verify-email?token=abc"));
        assert!(email.html.contains("&lt;Jo&gt;"));
        assert!(!email.html.contains("<Jo>"));
        assert!(email.subject.ends_with("OpenDPS"));
    }
}
