//! Who hears about a request: every active user of each provider organisation it
//! concerns, once each, through the outbox in the operation's transaction, so that
//! nothing is sent unless the change commits and nothing is lost if mail is down.

use crate::accounts::repo::members_with_role;
use crate::auth::roles::Role;
use crate::error::AppResult;
use crate::ids::OrganisationId;
use crate::jobs::Job;
use crate::mail::message::Mail;
use crate::service::Ctx;

pub struct Message {
    pub subject: String,
    pub paragraphs: Vec<String>,
    pub link: Option<(String, String)>,
}

pub async fn provider(
    ctx: &mut Ctx,
    organisation: OrganisationId,
    message: &Message,
) -> AppResult<()> {
    let mut users = Vec::new();
    for role in [Role::ProviderAdmin, Role::ProviderUser] {
        users.extend(members_with_role(ctx.work.tx().await?, organisation, role).await?);
    }
    users.sort();
    users.dedup();
    for user_id in users {
        ctx.enqueue(&Job::email(
            Mail::Notice {
                user_id,
                subject: message.subject.clone(),
                paragraphs: message.paragraphs.clone(),
                link: message.link.clone(),
            },
            Some(organisation),
        ))
        .await?;
    }
    Ok(())
}
