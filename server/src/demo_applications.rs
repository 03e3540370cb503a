//! Demo applications in every state, made through the same services the pages call, as
//! the demo providers and evaluators: an admitted provider, one awaiting a decision with
//! a clarification question open, a rejection, a draft, and a provider admitted a year
//! ago whose insurance has since lapsed. Running it again changes nothing: a provider
//! that has applied anywhere is left alone.

use crate::admin::AdminError;
use app::applications::questions::{Marking, QuestionKind, NO, YES};
use app::applications::service::{drafts, submit};
use app::auth::request::RequestSession;
use app::auth::user::CurrentUser;
use app::error::AppError;
use app::evidence::forms::{ItemDetails, Registration};
use app::evidence::EvidenceKind;
use app::ids::{ApplicationId, LotId, SystemId};
use app::reviews::service::act;
use app::service::Ctx;
use app::state::AppState;
use app::systems::model::SystemView;
use sqlx::Row;
use std::collections::BTreeMap;

pub(crate) fn failed(error: AppError) -> AdminError {
    AdminError::Invalid(format!("demo application: {error:?}"))
}

pub(crate) async fn user(state: &AppState, email: &str) -> Result<CurrentUser, AdminError> {
    let mut conn = state.db.pool.acquire().await?;
    let row = sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&mut *conn)
        .await?;
    app::auth::repo::active_user(&mut conn, row.try_get("id")?)
        .await?
        .ok_or_else(|| AdminError::Invalid(format!("no active demo user {email}")))
}

pub(crate) async fn system(state: &AppState, reference: &str) -> Result<SystemView, AdminError> {
    let mut conn = state.db.pool.acquire().await?;
    let id: SystemId = sqlx::query("SELECT id FROM systems WHERE reference = $1")
        .bind(reference)
        .fetch_one(&mut *conn)
        .await?
        .try_get("id")?;
    let row = app::systems::repo::find(&mut conn, id)
        .await?
        .ok_or_else(|| AdminError::Invalid(format!("no demo system {reference}")))?;
    app::systems::service::queries::view(&mut conn, &state.systems, row)
        .await
        .map_err(failed)
}

/// Runs one service call in its own unit of work, committed.
pub(crate) async fn run<T>(
    state: &AppState,
    service: impl AsyncFnOnce(&mut Ctx) -> Result<T, AppError>,
) -> Result<T, AdminError> {
    let mut ctx = Ctx::new(state.clone(), RequestSession::default());
    let value = service(&mut ctx).await.map_err(failed)?;
    ctx.commit().await.map_err(failed)?;
    Ok(value)
}

/// A small, genuine PDF for the demo documents.
fn pdf(title: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% OpenDPS demo document: {title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n").into_bytes()
}

/// The library every demo provider keeps: one document per document type the demo
/// systems ask for (named as they ask), and its regulator's registration.
pub(crate) async fn library(
    state: &AppState,
    me: &CurrentUser,
    regulator: EvidenceKind,
    reference: &str,
) -> Result<(), AdminError> {
    let next_year = app::evidence::service::today(state.clock.now());
    let next_year = app::applications::questions::AnswerDate {
        year: next_year.year + 1,
        ..next_year
    };
    for (title, expires) in [
        (
            "Employers' and public liability insurance (at least £5 million each)",
            true,
        ),
        ("Safeguarding policy", false),
        ("DBS policy", false),
        ("Business continuity plan", false),
        ("Latest accounts", false),
    ] {
        let details = ItemDetails {
            title: title.to_string(),
            expires_on: expires.then_some(next_year),
        };
        let file = format!(
            "{}.pdf",
            title
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
        run(state, async |ctx| {
            app::evidence::service::add_document(ctx, me, &details, &file, pdf(title)).await
        })
        .await?;
    }
    let name = match regulator {
        EvidenceKind::Ofsted => "Ofsted registration and rating",
        _ => "CQC registration and rating",
    };
    let registration = Registration {
        kind: regulator,
        details: ItemDetails {
            title: name.to_string(),
            expires_on: None,
        },
        reference: reference.to_string(),
        rating: "Good".to_string(),
    };
    run(state, async |ctx| {
        app::evidence::service::add_registration(ctx, me, &registration).await
    })
    .await?;
    Ok(())
}

/// Answers every question of a system: passing answers, or, with `fail`, a failing one
/// to the first pass/fail question.
fn answers(system: &SystemView, section: usize, fail: bool) -> BTreeMap<String, String> {
    let mut posted = BTreeMap::new();
    let mut failed_one = !fail;
    for question in &system.sections[section].questions {
        let value = match (&question.kind, &question.marking) {
            (QuestionKind::YesNo, Marking::PassFail { passing }) if !failed_one => {
                failed_one = true;
                if passing.iter().any(|p| p == YES) { NO.to_string() } else { YES.to_string() }
            }
            (_, Marking::PassFail { passing }) => passing.first().cloned().unwrap_or_default(),
            (QuestionKind::YesNo, _) => YES.to_string(),
            (QuestionKind::Text { .. }, _) => "We have run this service for eleven years, with a registered manager, a team of 40 and a quality record shared with the council every quarter.".to_string(),
            (QuestionKind::Number { min, .. }, _) => min.unwrap_or(1).to_string(),
            (QuestionKind::Date, _) => "2026-01-05".to_string(),
            (QuestionKind::ChooseOne { options }, _) => options.first().cloned().unwrap_or_default(),
            (QuestionKind::Evidence { .. }, _) => continue,
        };
        posted.insert(question.id.to_string(), value);
    }
    posted
}

/// An application to `lots` (by number), completed and, unless `draft`, submitted.
pub(crate) async fn apply(
    state: &AppState,
    me: &CurrentUser,
    system: &SystemView,
    lots: &[i64],
    fail: bool,
    draft: bool,
) -> Result<ApplicationId, AdminError> {
    let id = run(state, async |ctx| drafts::start(ctx, me, system.id).await).await?;
    let chosen: Vec<LotId> = system
        .lots
        .iter()
        .filter(|l| lots.contains(&l.number))
        .map(|l| l.id)
        .collect();
    run(state, async |ctx| {
        drafts::choose_lots(ctx, me, id, &chosen).await
    })
    .await?;
    let organisation = app::applications::model::OrganisationAnswers {
        company_number: format!("{:08}", 4_000_000 + me.organisation_id.get()),
        ppon: String::new(),
        registered_address: format!("{}, 1 Dock Road, Liverpool L3 4AA", me.organisation_name),
    };
    run(state, async |ctx| {
        drafts::save_organisation(ctx, me, id, &organisation).await
    })
    .await?;
    let sections = if draft { 1 } else { system.sections.len() };
    for index in 0..sections {
        let posted = answers(system, index, fail && index == 0);
        let section = system.sections[index].id;
        run(state, async |ctx| {
            drafts::save_section(ctx, me, id, section, &posted).await
        })
        .await?;
    }
    if !draft {
        run(state, async |ctx| submit::submit(ctx, me, id, true).await).await?;
    }
    Ok(id)
}

pub(crate) async fn has_applied(state: &AppState, me: &CurrentUser) -> Result<bool, AdminError> {
    let mut conn = state.db.pool.acquire().await?;
    let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM applications WHERE organisation_id = $1")
        .bind(me.organisation_id)
        .fetch_one(&mut *conn)
        .await?
        .try_get("n")?;
    Ok(n > 0)
}

pub async fn seed(state: &AppState) -> Result<(), AdminError> {
    every_state(state).await?;
    lapsed_insurance(state).await?;
    // The day's sweep may already have run on this database before the demo data came;
    // run it now so the lapsed insurance suspends at once, as it would have at midnight.
    app::compliance::service::sweep::sweep(state)
        .await
        .map_err(failed)?;
    Ok(())
}

/// Northgate applied and was admitted to two lots of Haringey's DPS 380 days ago, with
/// insurance that ran for a year: it has now lapsed, so the sweep suspends both lots.
async fn lapsed_insurance(state: &AppState) -> Result<(), AdminError> {
    let then = AppState {
        clock: app::clock::Clock::manual(state.clock.now() - 380 * 86_400),
        ..state.clone()
    };
    let northgate = user(&then, "manager@northgate.example.co.uk").await?;
    if has_applied(&then, &northgate).await? {
        return Ok(());
    }
    library(&then, &northgate, EvidenceKind::Cqc, "1-2087765432").await?;
    let haringey = system(&then, "HAR-DPS-2024").await?;
    let commissioner = user(&then, "commissioner@haringey.example.gov.uk").await?;
    let admitted = apply(&then, &northgate, &haringey, &[1, 2], false, false).await?;
    accept_all_and_admit(&then, &commissioner, admitted).await
}

async fn every_state(state: &AppState) -> Result<(), AdminError> {
    let oak = user(state, "manager@oaktree.example.co.uk").await?;
    let riverside = user(state, "director@riverside.example.co.uk").await?;
    let mersey = user(state, "owner@mersey.example.org.uk").await?;
    if has_applied(state, &oak).await? {
        return Ok(());
    }
    library(state, &oak, EvidenceKind::Ofsted, "SC482913").await?;
    library(state, &riverside, EvidenceKind::Ofsted, "SC067451").await?;
    library(state, &mersey, EvidenceKind::Cqc, "1-1024577389").await?;
    let sefton_children = system(state, "SEF-CYP-PDPS").await?;
    let leaving_care = system(state, "NW-LC16-2025").await?;
    let supported_living = system(state, "SEF-SL-DM-2025").await?;
    let haringey = system(state, "HAR-DPS-2024").await?;
    let sefton_evaluator = user(state, "evaluator@sefton.example.gov.uk").await?;

    // Admitted: Oak Tree's children's homes, every item accepted.
    let admitted = apply(state, &oak, &sefton_children, &[1], false, false).await?;
    accept_all_and_admit(state, &sefton_evaluator, admitted).await?;
    // A draft: Oak Tree's leaving-care application, half done.
    apply(state, &oak, &leaving_care, &[1], false, true).await?;
    // Awaiting a decision, with a question open: Riverside's fostering application.
    let waiting = apply(state, &riverside, &sefton_children, &[2], false, false).await?;
    run(state, async |ctx| act::ask(ctx, &sefton_evaluator, waiting, "Please confirm how many of your foster carers are approved for parent and child placements.").await).await?;
    // Rejected: Mersey answered an exclusion question the failing way.
    let rejected = apply(state, &mersey, &supported_living, &[1, 2], true, false).await?;
    reject(state, &sefton_evaluator, rejected).await?;
    // Awaiting a decision on Haringey's Regulation 34 clock.
    apply(state, &mersey, &haringey, &[1], false, false).await?;
    Ok(())
}

/// Accepts everything that waits for an evaluator; the review page as it then stands.
async fn accept_all(
    state: &AppState,
    evaluator: &CurrentUser,
    id: ApplicationId,
) -> Result<app::reviews::model::ReviewPage, AdminError> {
    let page = run(state, async |ctx| {
        app::reviews::service::queries::page(ctx, evaluator, id).await
    })
    .await?;
    for criterion in page
        .criteria
        .iter()
        .filter(|c| c.mark == app::applications::marking::Mark::NeedsEvaluator)
    {
        run(state, async |ctx| {
            act::evaluate(ctx, evaluator, id, &criterion.key, "accept", "").await
        })
        .await?;
    }
    run(state, async |ctx| {
        app::reviews::service::queries::page(ctx, evaluator, id).await
    })
    .await
}

pub(crate) async fn accept_all_and_admit(
    state: &AppState,
    evaluator: &CurrentUser,
    id: ApplicationId,
) -> Result<(), AdminError> {
    let page = accept_all(state, evaluator, id).await?;
    let lots: Vec<LotId> = page.lots.iter().map(|l| l.id).collect();
    run(state, async |ctx| {
        act::decide(ctx, evaluator, id, "admit", &lots, &BTreeMap::new()).await
    })
    .await
}

/// Rejects, giving the same reason for each criterion that failed.
async fn reject(
    state: &AppState,
    evaluator: &CurrentUser,
    id: ApplicationId,
) -> Result<(), AdminError> {
    let page = accept_all(state, evaluator, id).await?;
    let reasons: BTreeMap<String, String> = page
        .criteria
        .iter()
        .filter(|c| c.failed)
        .map(|c| (c.key.clone(), "The declaration given here is a mandatory exclusion ground under the selection criteria.".to_string()))
        .collect();
    run(state, async |ctx| {
        act::decide(ctx, evaluator, id, "reject", &[], &reasons).await
    })
    .await
}
