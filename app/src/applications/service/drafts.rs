//! Starting an application and saving its parts as a draft. A draft may be left
//! incomplete; what is saved must still be well formed, so a bad answer is refused
//! beside its question and nothing of that page is saved.

use super::{audit, load, locked_draft, profile};
use crate::applications::attachments::{attachable, suggested};
use crate::applications::model::OrganisationAnswers;
use crate::applications::questions::{Answer, QuestionKind};
use crate::applications::repo;
use crate::applications::submission::check_organisation;
use crate::audit::Action;
use crate::auth::user::CurrentUser;
use crate::error::{AppError, AppResult, FormErrors};
use crate::evidence::repo as evidence_repo;
use crate::ids::{ApplicationId, EvidenceItemId, EvidenceTypeId, LotId, SectionId, SystemId};
use crate::service::Ctx;
use crate::systems::conditions::chosen_lots;
use crate::systems::repo as systems_repo;
use crate::systems::service::queries as system_queries;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};

/// Starts `me`'s organisation's application to an open system, or returns the one it
/// already has there. Pre-filled from the organisation's standing answers, its last
/// application's answers to the same questions, and its still-valid evidence.
pub async fn start(ctx: &mut Ctx, me: &CurrentUser, system: SystemId) -> AppResult<ApplicationId> {
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    let system_row = systems_repo::find(tx, system)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(existing) = repo::standing(tx, system, me.organisation_id).await? {
        return Ok(existing);
    }
    if !system_queries::accepting(&system_row) {
        return Err(AppError::invalid(
            "",
            "This system is not taking applications at the moment",
        ));
    }
    let organisation = profile(tx, me).await?;
    let id = match repo::insert(
        tx,
        system,
        me.organisation_id,
        &organisation,
        me.user_id,
        now,
    )
    .await
    {
        Ok(id) => id,
        // A colleague started one at the same moment: theirs is ours.
        Err(error)
            if error
                .as_database_error()
                .is_some_and(|e| e.is_unique_violation()) =>
        {
            return Err(AppError::invalid(
                "",
                "A colleague has just started this application: open it from your applications",
            ));
        }
        Err(error) => return Err(error.into()),
    };
    let row = repo::find(tx, id).await?.ok_or(AppError::Internal)?;
    let loaded = load(tx, &ctx.state.systems, row, now).await?;
    let mut copied = 0;
    if let Some(previous) = repo::latest_other(tx, me.organisation_id, id).await? {
        let previous_row = repo::find(tx, previous).await?.ok_or(AppError::Internal)?;
        let earlier = load(tx, &ctx.state.systems, previous_row, now).await?;
        let earlier_questions: HashMap<(String, String), i64> = earlier
            .system
            .sections
            .iter()
            .flat_map(|s| s.questions.iter())
            .map(|q| ((same_question(&q.text), kind_key(&q.kind)), q.id.0))
            .collect();
        for question in loaded
            .system
            .sections
            .iter()
            .flat_map(|s| s.questions.iter())
        {
            // Evidence answers name library items, which are reused by choosing, below.
            if matches!(question.kind, QuestionKind::Evidence { .. }) {
                continue;
            }
            let key = (same_question(&question.text), kind_key(&question.kind));
            let answer = earlier_questions
                .get(&key)
                .and_then(|q| earlier.answers.get(q));
            if let Some(answer) = answer {
                if question.rule().validate(Some(answer)).is_ok() {
                    let json = serde_json::to_string(answer).map_err(|_| AppError::Internal)?;
                    repo::save_answer(tx, id, question.id.0, &json).await?;
                    copied += 1;
                }
            }
        }
    }
    let mut attached = 0;
    for wanted in &loaded.system.evidence_types {
        if let Some(item) = suggested(wanted, &loaded.library, &loaded.today) {
            repo::attach(tx, id, wanted.id, item.id).await?;
            attached += 1;
        }
    }
    audit(
        ctx,
        me,
        Action::ApplicationStarted,
        id,
        json!({ "system": system.get(), "answers_copied": copied, "evidence_attached": attached }),
    )
    .await?;
    Ok(id)
}

/// Questions are the same across systems when their words are, give or take case,
/// spacing and a closing question mark.
fn same_question(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches('?')
        .to_lowercase()
}

fn kind_key(kind: &QuestionKind) -> String {
    serde_json::to_string(kind).unwrap_or_default()
}

pub async fn choose_lots(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ApplicationId,
    lots: &[LotId],
) -> AppResult<()> {
    let loaded = locked_draft(ctx, me, id).await?;
    if lots.is_empty() {
        return Err(AppError::invalid(
            "lots",
            "Select at least one lot to apply for",
        ));
    }
    let all: Vec<LotId> = loaded.system.lots.iter().map(|l| l.id).collect();
    let mut chosen = chosen_lots(lots, &all).map_err(|m| AppError::invalid("lots", m))?;
    // Here "every lot" is a real choice, kept as the list, not as "all".
    if chosen.is_empty() {
        chosen = all;
    }
    repo::set_lots(ctx.work.tx().await?, id, &chosen).await?;
    let lots: Vec<i64> = chosen.iter().map(|l| l.get()).collect();
    audit(
        ctx,
        me,
        Action::ApplicationLotsChosen,
        id,
        json!({ "lots": lots }),
    )
    .await
}

/// Saves the standing answers into the application and into the organisation's
/// passport, for its next application to any council.
pub async fn save_organisation(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ApplicationId,
    answers: &OrganisationAnswers,
) -> AppResult<()> {
    locked_draft(ctx, me, id).await?;
    let answers = check_organisation(answers).map_err(AppError::Invalid)?;
    let now = ctx.now;
    let tx = ctx.work.tx().await?;
    repo::set_organisation(tx, id, &answers).await?;
    evidence_repo::save_profile(tx, me.organisation_id, &answers, now).await?;
    audit(
        ctx,
        me,
        Action::ApplicationAnswersSaved,
        id,
        json!({ "part": "organisation", "company_number": answers.company_number, "ppon": answers.ppon }),
    )
    .await?;
    ctx.audit(
        crate::audit::AuditEvent::by(
            crate::audit::Actor::user(me),
            Action::ProfileUpdated,
            crate::audit::Subject::Organisation(me.organisation_id),
        )
        .after(json!({ "company_number": answers.company_number, "ppon": answers.ppon })),
    )
    .await
}

/// The form field of a question: `q<id>`, for its message and kept value.
pub fn field(question: i64) -> String {
    format!("q{question}")
}

/// Saves one section's answers (keyed by question id, as posted). Blank answers are
/// saved as blank: a draft may be unfinished.
pub async fn save_section(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ApplicationId,
    section: SectionId,
    posted: &BTreeMap<String, String>,
) -> AppResult<()> {
    let loaded = locked_draft(ctx, me, id).await?;
    let index = loaded
        .system
        .sections
        .iter()
        .position(|s| s.id == section)
        .ok_or(AppError::NotFound)?;
    let questions = loaded.draft().questions(index);
    let mut errors = FormErrors::new();
    let mut parsed = Vec::new();
    for question in &questions {
        let raw = posted
            .get(&question.id.to_string())
            .map(String::as_str)
            .unwrap_or("");
        let name = field(question.id);
        errors = errors.keep(&name, raw);
        let answer = match Answer::from_form(&question.kind, raw) {
            Ok(answer) => answer,
            Err(message) => {
                errors.add(&name, message);
                continue;
            }
        };
        if let Some(answer) = &answer {
            if let Err(message) = question.validate(Some(answer)) {
                errors.add(&name, message);
                continue;
            }
            if let (QuestionKind::Evidence { evidence_type_id }, Answer::Evidence(item)) =
                (&question.kind, answer)
            {
                let wanted = loaded
                    .system
                    .evidence_types
                    .iter()
                    .find(|t| t.id.0 == *evidence_type_id);
                let item = loaded.library.iter().find(|i| i.id.0 == *item);
                let problem = match (wanted, item) {
                    (Some(wanted), Some(item)) => attachable(wanted, item, &loaded.today).err(),
                    _ => Some("Select evidence from your library".to_string()),
                };
                if let Some(message) = problem {
                    errors.add(&name, message);
                    continue;
                }
            }
        }
        parsed.push((question.id, answer));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let tx = ctx.work.tx().await?;
    let mut answered = 0;
    for (question, answer) in &parsed {
        match answer {
            Some(answer) => {
                let json = serde_json::to_string(answer).map_err(|_| AppError::Internal)?;
                repo::save_answer(tx, id, *question, &json).await?;
                answered += 1;
            }
            None => repo::clear_answer(tx, id, *question).await?,
        }
    }
    audit(
        ctx,
        me,
        Action::ApplicationAnswersSaved,
        id,
        json!({ "section": section.get(), "answered": answered, "questions": parsed.len() }),
    )
    .await
}

/// The form field of an evidence type's choice.
pub fn evidence_field(evidence_type: EvidenceTypeId) -> String {
    format!("evidence-{evidence_type}")
}

/// Attaches library items to the system's evidence types (keyed by type id, as posted;
/// a blank choice detaches).
pub async fn attach_evidence(
    ctx: &mut Ctx,
    me: &CurrentUser,
    id: ApplicationId,
    posted: &BTreeMap<String, String>,
) -> AppResult<()> {
    let loaded = locked_draft(ctx, me, id).await?;
    let mut errors = FormErrors::new();
    let mut chosen = Vec::new();
    for wanted in &loaded.system.evidence_types {
        let Some(raw) = posted.get(&wanted.id.to_string()) else {
            continue;
        };
        let name = evidence_field(wanted.id);
        errors = errors.keep(&name, raw);
        if raw.trim().is_empty() {
            chosen.push((wanted.id, None));
            continue;
        }
        let item = raw
            .trim()
            .parse::<EvidenceItemId>()
            .ok()
            .and_then(|item| loaded.library.iter().find(|i| i.id == item));
        match item {
            None => errors.add(&name, "Select evidence from your library"),
            Some(item) => match attachable(wanted, item, &loaded.today) {
                Ok(()) => chosen.push((wanted.id, Some(item.id))),
                Err(message) => errors.add(&name, message),
            },
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let tx = ctx.work.tx().await?;
    for (evidence_type, item) in &chosen {
        match item {
            Some(item) => repo::attach(tx, id, *evidence_type, *item).await?,
            None => repo::detach(tx, id, *evidence_type).await?,
        }
    }
    let attached: Vec<_> = chosen
        .iter()
        .map(|(t, i)| json!({ "type": t.get(), "item": i.map(|i| i.get()) }))
        .collect();
    audit(
        ctx,
        me,
        Action::ApplicationEvidenceAttached,
        id,
        json!({ "evidence": attached }),
    )
    .await
}
