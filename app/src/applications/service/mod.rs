//! Application operations, each taking the request's context. A provider's change first
//! locks its application and re-reads it, so two colleagues editing one draft, or one
//! editing while another submits, never act on a state the other has just changed; and
//! nothing changes once it is submitted.

pub mod drafts;
pub mod queries;
pub mod submit;

use super::model::OrganisationAnswers;
use super::questions::Answer;
use super::repo::{self, ApplicationRow};
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::auth::user::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::evidence::model::EvidenceItem;
use crate::evidence::service as evidence;
use crate::ids::{ApplicationId, EvidenceItemId, EvidenceTypeId};
use crate::service::Ctx;
use crate::systems::cache::SystemCache;
use crate::systems::model::SystemView;
use crate::systems::repo as systems_repo;
use crate::systems::service::queries as system_queries;
use serde_json::Value;
use sqlx::AnyConnection;
use std::collections::HashMap;

/// An application with everything its rules need, read in one place.
pub(crate) struct Loaded {
    pub row: ApplicationRow,
    pub system: SystemView,
    pub accepting: bool,
    pub answers: HashMap<i64, Answer>,
    pub attachments: HashMap<EvidenceTypeId, EvidenceItemId>,
    pub library: Vec<EvidenceItem>,
    pub today: String,
}

impl Loaded {
    pub fn draft(&self) -> super::submission::Draft<'_> {
        super::submission::Draft {
            id: self.row.id,
            system: &self.system,
            lots: &self.row.lots,
            organisation: &self.row.organisation,
            answers: &self.answers,
            attachments: &self.attachments,
            library: &self.library,
            today: &self.today,
        }
    }
}

/// Another organisation's application does not exist, as far as `me` can tell.
fn owned_by(row: ApplicationRow, me: &CurrentUser) -> AppResult<ApplicationRow> {
    if row.organisation_id == me.organisation_id {
        Ok(row)
    } else {
        Err(AppError::NotFound)
    }
}

/// `conn` must not have locked the system (see `systems::cache`): no application
/// operation does.
pub(crate) async fn load(
    conn: &mut AnyConnection,
    systems: &SystemCache,
    row: ApplicationRow,
    now: i64,
) -> AppResult<Loaded> {
    let system_row = systems_repo::find(conn, row.system_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let accepting = system_queries::accepting(&system_row);
    let system = system_queries::view(conn, systems, system_row).await?;
    let mut answers = HashMap::new();
    for (question, json) in repo::answers(conn, row.id).await? {
        match serde_json::from_str::<Answer>(&json) {
            Ok(answer) => {
                answers.insert(question, answer);
            }
            Err(error) => tracing::warn!(%error, question, "unreadable saved answer ignored"),
        }
    }
    let attachments = repo::attachments(conn, row.id).await?.into_iter().collect();
    let today = evidence::today(now).iso();
    let library = crate::evidence::repo::items(conn, row.organisation_id)
        .await?
        .into_iter()
        .map(|item| evidence::view(item, &today))
        .collect();
    Ok(Loaded {
        row,
        system,
        accepting,
        answers,
        attachments,
        library,
        today,
    })
}

/// Reads `me`'s own application.
pub(crate) async fn read(ctx: &mut Ctx, me: &CurrentUser, id: ApplicationId) -> AppResult<Loaded> {
    let now = ctx.now;
    let mut conn = ctx.work.read().await?;
    let row = repo::find(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let row = owned_by(row, me)?;
    load(&mut conn, &ctx.state.systems, row, now).await
}

/// Locks `me`'s own draft for a change, and reads it as locked.
pub(crate) async fn locked_draft(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ApplicationId,
) -> AppResult<Loaded> {
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    let row = repo::lock(tx, id, now).await?.ok_or(AppError::NotFound)?;
    let row = owned_by(row, me)?;
    if !row.status.editable() {
        return Err(AppError::invalid(
            "",
            "This application has been submitted: its answers can no longer change",
        ));
    }
    load(tx, &ctx.state.systems, row, now).await
}

/// Records a change to an application in the provider's audit log.
pub(crate) async fn audit(
    ctx: &mut Ctx,
    me: &CurrentUser,
    action: Action,
    id: ApplicationId,
    after: Value,
) -> AppResult<()> {
    ctx.audit(AuditEvent::by(Actor::user(me), action, Subject::Application(id)).after(after))
        .await
}

/// The organisation's standing answers, blank until first given.
pub(crate) async fn profile(
    conn: &mut AnyConnection,
    me: &CurrentUser,
) -> AppResult<OrganisationAnswers> {
    Ok(crate::evidence::repo::profile(conn, me.organisation_id)
        .await?
        .unwrap_or_default())
}
