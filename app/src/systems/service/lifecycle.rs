//! Opening and closing a system, and a framework's application windows. A system opens
//! only when an applicant could complete an application: it has lots and questions.

use super::{audit, locked};
use crate::audit::Action;
use crate::auth::user::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::ids::SystemId;
use crate::service::Ctx;
use crate::systems::lifecycle::Intake;
use crate::systems::repo;
use crate::systems::types::Status;
use serde_json::json;

pub async fn open(ctx: &mut Ctx, me: &CurrentUser, id: SystemId) -> AppResult<()> {
    let row = locked(ctx, me, id, |r| r.open, "Only a draft system can be opened").await?;
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    let lots = repo::lots(tx, id).await?;
    let questions: usize = repo::sections(tx, id)
        .await?
        .iter()
        .map(|s| s.questions.len())
        .sum();
    let mut problems = crate::error::FormErrors::new();
    if lots.is_empty() {
        problems.add("", "Add at least one lot before opening the system");
    }
    if questions == 0 {
        problems.add(
            "",
            "Add at least one selection question before opening the system",
        );
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    repo::set_status(tx, id, Status::Open, now).await?;
    // A framework's first window is its opening competition.
    if row.system_type.intake() != Intake::Continuous {
        repo::open_window(tx, id, now).await?;
    }
    audit(
        ctx,
        me,
        Action::SystemOpened,
        id,
        json!({ "status": "open" }),
    )
    .await
}

pub async fn close(ctx: &mut Ctx, me: &CurrentUser, id: SystemId) -> AppResult<()> {
    let row = locked(
        ctx,
        me,
        id,
        |r| r.close,
        "Only an open system can be closed",
    )
    .await?;
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    if row.window_open {
        repo::close_window(tx, id, now).await?;
    }
    repo::set_status(tx, id, Status::Closed, now).await?;
    audit(
        ctx,
        me,
        Action::SystemClosed,
        id,
        json!({ "status": "closed" }),
    )
    .await
}

pub async fn open_window(ctx: &mut Ctx, me: &CurrentUser, id: SystemId) -> AppResult<()> {
    locked(
        ctx,
        me,
        id,
        |r| r.open_window,
        "Only an open framework with no window open can open one",
    )
    .await?;
    let now = ctx.now;
    repo::open_window(ctx.work.tx().await?, id, now).await?;
    audit(
        ctx,
        me,
        Action::WindowOpened,
        id,
        json!({ "window": "open" }),
    )
    .await
}

pub async fn close_window(ctx: &mut Ctx, me: &CurrentUser, id: SystemId) -> AppResult<()> {
    locked(ctx, me, id, |r| r.close_window, "No window is open").await?;
    let now = ctx.now;
    repo::close_window(ctx.work.tx().await?, id, now).await?;
    audit(
        ctx,
        me,
        Action::WindowClosed,
        id,
        json!({ "window": "closed" }),
    )
    .await
}

/// Records a closed framework's award: its window closes and no one new is admitted.
pub async fn award(ctx: &mut Ctx, me: &CurrentUser, id: SystemId) -> AppResult<()> {
    let row = locked(
        ctx,
        me,
        id,
        |r| r.award,
        "Only an open closed framework whose award is not yet recorded can record it",
    )
    .await?;
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    if row.window_open {
        repo::close_window(tx, id, now).await?;
    }
    repo::set_awarded(tx, id).await?;
    audit(
        ctx,
        me,
        Action::FrameworkAwarded,
        id,
        json!({ "awarded": true }),
    )
    .await
}
