//! Reading applications: the provider's list, and one application with its task list.

use super::read;
use crate::applications::model::{ApplicationPage, ApplicationSummary, Snapshot};
use crate::applications::repo;
use crate::auth::user::CurrentUser;
use crate::error::AppResult;
use crate::ids::ApplicationId;
use crate::service::Ctx;
use crate::systems::details::{iso_date, long_date};

fn label(iso: Option<String>) -> Option<String> {
    iso.map(|d| iso_date(&d).map(long_date).unwrap_or(d))
}

pub async fn list(ctx: &mut Ctx, me: &CurrentUser) -> AppResult<Vec<ApplicationSummary>> {
    let mut conn = ctx.work.read().await?;
    Ok(repo::for_organisation(&mut conn, me.organisation_id)
        .await?
        .into_iter()
        .map(|(summary, submitted, due)| ApplicationSummary {
            submitted_label: label(submitted),
            decision_due_label: label(due),
            ..summary
        })
        .collect())
}

pub async fn page(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ApplicationId,
) -> AppResult<ApplicationPage> {
    let loaded = read(ctx, me, id).await?;
    let draft = loaded.draft();
    // A submitted application shows what was declared, whatever has changed since.
    let snapshot = match (&loaded.row.snapshot, loaded.row.status.editable()) {
        (Some(json), false) => serde_json::from_str::<Snapshot>(json).unwrap_or_default(),
        _ => draft.snapshot(),
    };
    let (tasks, blockers) = if loaded.row.status.editable() {
        (draft.tasks(), draft.blockers())
    } else {
        (Vec::new(), Vec::new())
    };
    // A draft has not reached the council: no questions, no decision to read.
    let (clarifications, outcome) = if loaded.row.status.editable() {
        (Vec::new(), None)
    } else {
        let mut conn = ctx.work.read().await?;
        let clarifications =
            crate::reviews::service::queries::clarification_views(&mut conn, id).await?;
        let (outcome, decided_at) = crate::reviews::repo::outcome(&mut conn, id).await?;
        let outcome = outcome.and_then(|json| {
            crate::reviews::service::queries::outcome_view(&json, decided_at, &loaded.system.lots)
        });
        (clarifications, outcome)
    };
    let answers = loaded
        .answers
        .iter()
        .map(|(q, a)| (crate::ids::QuestionId(*q), a.form_value()))
        .collect();
    Ok(ApplicationPage {
        id,
        status: loaded.row.status,
        accepting: loaded.accepting,
        lots: loaded.row.lots.clone(),
        organisation: loaded.row.organisation.clone(),
        answers,
        attachments: loaded.attachments.iter().map(|(t, i)| (*t, *i)).collect(),
        tasks,
        blockers,
        snapshot,
        today: loaded.today.clone(),
        submitted_label: label(loaded.row.submitted_on.clone()),
        decision_due_label: label(loaded.row.decision_due.clone()),
        clarifications,
        outcome,
        library: loaded.library,
        system: loaded.system,
    })
}
