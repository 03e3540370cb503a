//! Who hears about a compliance step, and in what words: the provider's admins and the
//! commissioners of the council that leads the system.

use crate::accounts::repo::members_with_role;
use crate::auth::roles::Role;
use crate::error::AppResult;
use crate::ids::OrganisationId;
use crate::jobs::Job;
use crate::mail::message::Mail;
use crate::service::Ctx;

/// One notice's words, for everyone holding `role` in `organisation`.
pub struct Notice<'a> {
    pub organisation: OrganisationId,
    pub role: Role,
    pub subject: String,
    pub paragraphs: Vec<String>,
    /// (button label, portal path)
    pub link: Option<(&'a str, String)>,
}

/// Queues the notice, in the operation's transaction, to each active holder of the role.
pub async fn send(ctx: &mut Ctx, notice: Notice<'_>) -> AppResult<()> {
    let users = members_with_role(ctx.work.tx().await?, notice.organisation, notice.role).await?;
    for user_id in users {
        ctx.enqueue(&Job::email(
            Mail::Notice {
                user_id,
                subject: notice.subject.clone(),
                paragraphs: notice.paragraphs.clone(),
                link: notice
                    .link
                    .as_ref()
                    .map(|(label, path)| (label.to_string(), path.clone())),
            },
            Some(notice.organisation),
        ))
        .await?;
    }
    Ok(())
}
