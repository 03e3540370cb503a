//! The sweep's part in the end of Regulation 34 DPSs: six months before the last day
//! the lead council's commissioners are told to plan the successor, three months
//! before the admitted providers are told, and the day after it the system is closed
//! and both are told. Each notice is recorded in the transaction that queues its
//! emails, under a key, so a second sweep or a second server sends nothing.

use super::notices::{send, Notice};
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::roles::Role;
use crate::compliance::closure::{notices_due, providers_told_on, ClosureNotice};
use crate::compliance::repo::closure as repo;
use crate::error::AppResult;
use crate::ids::SystemId;
use crate::service::Ctx;
use crate::state::AppState;
use crate::systems::details::long_date;
use crate::systems::regime::PCR_DPS_LAST_DAY;
use crate::systems::repo::{self as systems, SystemRow};
use crate::systems::types::{Status, SystemType};
use serde_json::json;
use time::Date;

/// Sends today's notices and closes the DPSs whose last day has passed; how many
/// notices went (a closure counts as one). Before the first notice date (August 2028)
/// this reads nothing.
pub async fn run(state: &AppState, today: Date) -> AppResult<usize> {
    // Every system `ending_systems` returns is a Regulation 34 DPS.
    let due = notices_due(SystemType::Reg34Dps, today);
    if due.is_empty() {
        return Ok(0);
    }
    let ids = repo::ending_systems(&mut *state.db.pool.acquire().await?).await?;
    let mut given = 0;
    for id in ids {
        for notice in due {
            if give(state, id, *notice).await? {
                given += 1;
            }
        }
    }
    Ok(given)
}

/// One notice about one system, in one transaction; false if it had gone already or
/// the system has been closed meanwhile.
async fn give(state: &AppState, id: SystemId, notice: ClosureNotice) -> AppResult<bool> {
    let mut ctx = Ctx::new(state.clone(), Default::default());
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    // The row lock orders this against a commissioner closing the system by hand.
    let Some(row) = systems::lock(tx, id, now).await? else {
        return Ok(false);
    };
    if row.status == Status::Closed || !repo::record_notice(tx, id, notice, now).await? {
        return Ok(false);
    }
    if notice == ClosureNotice::Closed {
        systems::set_status(tx, id, Status::Closed, now).await?;
        ctx.audit(
            AuditEvent::by(Actor::system(), Action::SystemClosed, Subject::System(id))
                .in_organisation(row.lead_council_id)
                .before(json!({ "status": row.status.as_str() }))
                .after(json!({
                    "status": "closed",
                    "reason": "The 2015 Regulations end every Regulation 34 DPS after 23 February 2029",
                })),
        )
        .await?;
    }
    let members = repo::member_organisations(ctx.work.tx().await?, id).await?;
    let words = Words::of(&row);
    if notice != ClosureNotice::ProvidersTold {
        send(&mut ctx, words.to_commissioners(notice, &row)).await?;
    }
    if notice != ClosureNotice::Approaching {
        for organisation in &members {
            let mut to_provider = words.to_providers(notice);
            to_provider.organisation = *organisation;
            send(&mut ctx, to_provider).await?;
        }
    }
    ctx.audit(
        AuditEvent::by(
            Actor::system(),
            Action::ClosureNoticeSent,
            Subject::System(id),
        )
        .in_organisation(row.lead_council_id)
        .after(json!({ "notice": notice.as_str(), "providers": members.len() })),
    )
    .await?;
    ctx.commit().await?;
    Ok(true)
}

/// The words every closure notice about one system shares.
struct Words {
    name: String,
    last_day: String,
    lead: crate::ids::OrganisationId,
    lead_name: String,
}

impl Words {
    fn of(row: &SystemRow) -> Self {
        Words {
            name: format!("{} ({})", row.title, row.reference),
            last_day: long_date(PCR_DPS_LAST_DAY),
            lead: row.lead_council_id,
            lead_name: row.lead_council.clone(),
        }
    }

    fn to_commissioners(&self, notice: ClosureNotice, row: &SystemRow) -> Notice<'static> {
        let (subject, paragraphs) = if notice == ClosureNotice::Closed {
            (
                format!("Closed by law: {}", row.reference),
                vec![
                    format!(
                        "{} closed at the end of {}, when the Public Contracts Regulations 2015 ended every Regulation 34 DPS.",
                        self.name, self.last_day
                    ),
                    "It takes no more applications and no placement request can be sent through it. Placements already awarded under it run on their own terms.".into(),
                ],
            )
        } else {
            (
                format!("{} closes after {}: plan its successor", row.reference, self.last_day),
                vec![
                    format!(
                        "The Public Contracts Regulations 2015 end every Regulation 34 DPS at the end of {}. {} will close then, and no placement request can be sent through it after that day.",
                        self.last_day, self.name
                    ),
                    "From the system's page you can draft its successor, a dynamic market under the Procurement Act 2023. Its lots, questionnaire and evidence types are copied for you to check before you open it.".into(),
                    format!(
                        "Its admitted providers will be told on {}.",
                        long_date(providers_told_on())
                    ),
                ],
            )
        };
        Notice {
            organisation: self.lead,
            role: Role::Commissioner,
            subject,
            paragraphs,
            link: Some(("Go to the system", format!("/council/systems/{}", row.id))),
        }
    }

    /// For the admitted providers: `organisation` is set for each.
    fn to_providers(&self, notice: ClosureNotice) -> Notice<'static> {
        let (subject, first) = if notice == ClosureNotice::Closed {
            (
                format!("Closed: {}", self.name),
                format!(
                    "{} run by {} closed at the end of {}, when the Public Contracts Regulations 2015 ended every Regulation 34 DPS. You will receive no more placement requests through it.",
                    self.name, self.lead_name, self.last_day
                ),
            )
        } else {
            (
                format!("{} closes after {}", self.name, self.last_day),
                format!(
                    "{} run by {} closes at the end of {}, when the Public Contracts Regulations 2015 end every Regulation 34 DPS. You will receive no placement requests through it after that day.",
                    self.name, self.lead_name, self.last_day
                ),
            )
        };
        Notice {
            organisation: self.lead,
            role: Role::ProviderAdmin,
            subject,
            paragraphs: vec![
                first,
                "Placements already awarded under it run on their own terms. The council will say how to join the system that follows it.".into(),
            ],
            link: Some(("See your compliance", "/provider/compliance".into())),
        }
    }
}
