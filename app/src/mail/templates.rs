//! The text of each email, in plain text and HTML, with absolute links. The HTML is
//! rendered by Leptos on the server, so every value is escaped by construction.

use leptos::prelude::*;

/// A message ready to deliver: plain-text and HTML bodies of the same content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Where replies should go, when not to the portal's no-reply address.
    pub reply_to: Option<String>,
}

/// What every email needs to know about the portal sending it.
pub struct Sender<'a> {
    pub service_name: &'a str,
    pub base_url: &'a str,
}

/// One email's content: a greeting, paragraphs and an optional button link.
struct Content {
    greeting: String,
    paragraphs: Vec<String>,
    link: Option<(String, String)>,
}

fn compose(sender: &Sender, to: &str, subject: &str, content: Content) -> Email {
    let subject = format!("{subject} - {}", sender.service_name);
    let mut text = format!("{}\n\n", content.greeting);
    for paragraph in &content.paragraphs {
        text.push_str(paragraph);
        text.push_str("\n\n");
    }
    if let Some((label, url)) = &content.link {
        text.push_str(&format!("{label}:\n{url}\n\n"));
    }
    text.push_str(&format!("{}\n{}\n", sender.service_name, sender.base_url));
    let html = html(sender, &subject, content);
    Email {
        to: to.to_string(),
        subject,
        text,
        html,
        reply_to: None,
    }
}

fn html(sender: &Sender, subject: &str, content: Content) -> String {
    let service = sender.service_name.to_string();
    let base_url = sender.base_url.to_string();
    let subject = subject.to_string();
    Owner::new().with(move || {
        view! {
            <!DOCTYPE html>
            <html lang="en">
                <head>
                    <meta charset="utf-8" />
                    <title>{subject}</title>
                </head>
                <body style="font-family: Arial, sans-serif; font-size: 19px; line-height: 1.4; color: #0b0c0c">
                    <p style="font-size: 24px; font-weight: bold">{service.clone()}</p>
                    <p>{content.greeting}</p>
                    {content.paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                    {content.link.map(|(label, url)| view! {
                        <p><a href=url.clone()>{label}</a></p>
                        <p>"Or copy this link into your browser: " {url}</p>
                    })}
                    <p>{service}<br />{base_url}</p>
                </body>
            </html>
        }
        .to_html()
    })
}

pub fn verify_email(sender: &Sender, to: &str, name: &str, token: &str) -> Email {
    compose(sender, to, "Confirm your email address", Content {
        greeting: format!("Dear {name},"),
        paragraphs: vec![
            "You created an account. Confirm your email address to finish setting it up.".into(),
            "The link works once and expires in 24 hours. If you did not create an account, you can ignore this email.".into(),
        ],
        link: Some(("Confirm your email address".into(), format!("{}/verify-email?token={token}", sender.base_url))),
    })
}

pub fn clarification_asked(
    sender: &Sender,
    to: &str,
    name: &str,
    application: i64,
    council: &str,
    system: &str,
    question: &str,
) -> Email {
    compose(sender, to, &format!("{council} has a question about your application"), Content {
        greeting: format!("Dear {name},"),
        paragraphs: vec![
            format!("{council} is reviewing your application to {system} and asks:"),
            question.to_string(),
            "Answer it in the portal, on your application's page. The council's decision period keeps running, so answer as soon as you can.".into(),
        ],
        link: Some(("Answer the question".into(), format!("{}/provider/applications/{application}", sender.base_url))),
    })
}

/// What a notice about one application says: to whom, and about what.
pub struct AboutApplication<'a> {
    pub to: &'a str,
    pub name: &'a str,
    pub application: i64,
    pub system: &'a str,
    pub decide_by: &'a str,
}

pub fn application_received(sender: &Sender, about: &AboutApplication, council: &str) -> Email {
    compose(sender, about.to, &format!("Application submitted: {}", about.system), Content {
        greeting: format!("Dear {},", about.name),
        paragraphs: vec![
            format!("Your application to {} has been submitted to {council}. Your answers are now fixed as you declared them.", about.system),
            format!("{council} should decide by {}. If it asks you a question, we will email you; you answer in the portal.", about.decide_by),
        ],
        link: Some(("See your application".into(), format!("{}/provider/applications/{}", sender.base_url, about.application))),
    })
}

pub fn application_to_review(sender: &Sender, about: &AboutApplication, provider: &str) -> Email {
    compose(
        sender,
        about.to,
        &format!("New application to review: {}", about.system),
        Content {
            greeting: format!("Dear {},", about.name),
            paragraphs: vec![
                format!("{provider} has applied to join {}.", about.system),
                format!("The decision is due by {}.", about.decide_by),
            ],
            link: Some((
                "Review the application".into(),
                format!("{}/council/reviews/{}", sender.base_url, about.application),
            )),
        },
    )
}

#[allow(clippy::too_many_arguments)]
pub fn application_decided(
    sender: &Sender,
    to: &str,
    name: &str,
    application: i64,
    council: &str,
    system: &str,
    admitted: &[String],
    refused: &[String],
) -> Email {
    let mut paragraphs = vec![format!(
        "{council} has decided your application to {system}."
    )];
    if !admitted.is_empty() {
        paragraphs.push(format!(
            "You have been admitted to: {}.",
            admitted.join("; ")
        ));
    }
    if !refused.is_empty() {
        paragraphs.push(format!(
            "You have not been admitted to: {}. The reasons are on your application's page. You may apply again.",
            refused.join("; ")
        ));
    }
    let subject = if admitted.is_empty() {
        "Your application was not successful"
    } else {
        "You have been admitted"
    };
    compose(
        sender,
        to,
        &format!("{subject}: {system}"),
        Content {
            greeting: format!("Dear {name},"),
            paragraphs,
            link: Some((
                "See the decision".into(),
                format!("{}/provider/applications/{application}", sender.base_url),
            )),
        },
    )
}

/// A notice written by the service that queued it; `link` is (label, portal path).
pub fn notice(
    sender: &Sender,
    to: &str,
    name: &str,
    subject: &str,
    paragraphs: &[String],
    link: Option<&(String, String)>,
) -> Email {
    compose(
        sender,
        to,
        subject,
        Content {
            greeting: format!("Dear {name},"),
            paragraphs: paragraphs.to_vec(),
            link: link.map(|(label, path)| (label.clone(), format!("{}{path}", sender.base_url))),
        },
    )
}

pub fn account_exists(sender: &Sender, to: &str) -> Email {
    compose(sender, to, "You already have an account", Content {
        greeting: "Hello,".into(),
        paragraphs: vec![
            "Someone tried to create an account with this email address, but you already have one.".into(),
            "If it was you, sign in, or reset your password if you have forgotten it. If it was not you, you can ignore this email.".into(),
        ],
        link: Some(("Sign in".into(), format!("{}/sign-in", sender.base_url))),
    })
}

pub fn organisation_taken(sender: &Sender, to: &str, organisation: &str) -> Email {
    compose(sender, to, "Your account was not created", Content {
        greeting: "Hello,".into(),
        paragraphs: vec![
            format!("You asked for an account for {organisation}, but while we were setting it up someone else registered an organisation with that name."),
            "If they are your colleagues, ask their administrator to invite you. If not, create your account again with your organisation's full registered name.".into(),
        ],
        link: Some(("Create an account".into(), format!("{}/sign-up", sender.base_url))),
    })
}

pub fn reset_password(sender: &Sender, to: &str, name: &str, token: &str) -> Email {
    compose(sender, to, "Reset your password", Content {
        greeting: format!("Dear {name},"),
        paragraphs: vec![
            "We received a request to reset the password for your account.".into(),
            "The link works once and expires in 1 hour. If you did not ask for this, you can ignore this email: your password has not changed.".into(),
        ],
        link: Some(("Reset your password".into(), format!("{}/reset-password?token={token}", sender.base_url))),
    })
}

pub fn invitation(
    sender: &Sender,
    to: &str,
    inviter: &str,
    organisation: &str,
    token: &str,
) -> Email {
    compose(sender, to, &format!("You have been invited to join {organisation}"), Content {
        greeting: "Hello,".into(),
        paragraphs: vec![
            format!("{inviter} has invited you to join {organisation} on {}.", sender.service_name),
            "Accept the invitation to set your name and password. The link works once and expires in 7 days.".into(),
        ],
        link: Some(("Accept the invitation".into(), format!("{}/accept-invitation?token={token}", sender.base_url))),
    })
}

pub fn invitation_to_existing_account(sender: &Sender, to: &str, organisation: &str) -> Email {
    compose(sender, to, &format!("You have been invited to join {organisation}"), Content {
        greeting: "Hello,".into(),
        paragraphs: vec![
            format!("Someone at {organisation} invited this email address to join them on {}, but it already has an account with another organisation.", sender.service_name),
            "An email address can belong to one organisation only. If you have moved, ask them to invite your new work address, or ask your current organisation's administrator to remove you first.".into(),
        ],
        link: Some(("Sign in".into(), format!("{}/sign-in", sender.base_url))),
    })
}

pub fn password_changed(sender: &Sender, to: &str, name: &str) -> Email {
    compose(sender, to, "Your password has been changed", Content {
        greeting: format!("Dear {name},"),
        paragraphs: vec![
            "The password for your account has just been changed, and you have been signed out everywhere else.".into(),
            "If you did not do this, reset your password now and tell your organisation's administrator.".into(),
        ],
        link: Some(("Reset your password".into(), format!("{}/forgotten-password", sender.base_url))),
    })
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
        assert!(email
            .html
            .contains(r#"href="https://dps.example.gov.uk/verify-email?token=abc""#));
        assert!(email.subject.ends_with("OpenDPS"));
    }
}
