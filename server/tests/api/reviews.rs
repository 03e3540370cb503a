//! Review and admission: the lead council's evaluators see each submitted application
//! with its legal clock, evaluate what needs a person, ask the provider to clarify, and
//! decide under the admission rule; the provider is told at once.

use crate::applications::{complete, load, open_dps, provider_with_insurance, start, submit};
use crate::both;
use crate::helpers::{field_messages, TestApp};
use crate::systems::commissioner;
use app::applications::ApplicationStatus;
use app::auth::roles::Role;
use app::error::AppError;
use app::ids::ApplicationId;
use app::reviews::clock_view::ClockState;
use app::reviews::model::{ReviewPage, ReviewQueue};
use app::systems::model::SystemForCouncil;
use reqwest::{Client, StatusCode};

both!(
    an_evaluator_asks_then_admits_to_one_lot_and_rejects_the_other,
    reject_is_refused_when_nothing_failed_and_every_met_lot_must_be_admitted,
    the_clock_warns_counts_breaches_and_extends_once_to_fifteen_days,
    only_the_lead_councils_evaluators_act_on_an_application,
    a_rejected_provider_may_apply_again,
    two_evaluators_deciding_at_once_record_one_decision,
    a_councils_own_calendar_and_period_set_its_deadlines,
    an_evidence_question_is_answered_from_the_library_and_opened_by_the_council,
    submitting_sends_a_receipt_and_tells_only_the_lead_councils_evaluators,
);

const HARINGEY: &str = "commissioning@haringey.example.gov.uk";
const EVALUATOR: &str = "evaluation@haringey.example.gov.uk";
const PROVIDER: &str = "bids@rosewood-care.example.com";
const DAY: i64 = 24 * 60 * 60;

struct Submitted {
    evaluator: Client,
    provider: Client,
    id: ApplicationId,
}

/// A provider's application to both lots of a Haringey DPS, submitted; an evaluator.
async fn submitted(app: &TestApp) -> Submitted {
    let council = commissioner(app, "Haringey Council", HARINGEY).await;
    let system = open_dps(app, &council, "HAR-DPS-2024-01").await;
    let provider = provider_with_insurance(app, "Rosewood Care Ltd", PROVIDER).await;
    let id = start(app, &provider, system).await.unwrap();
    complete(app, &provider, id).await;
    submit(app, &provider, id).await.expect("submitted");
    let evaluator = app
        .council_user("Haringey Council", EVALUATOR, &[Role::Evaluator])
        .await;
    Submitted {
        evaluator,
        provider,
        id,
    }
}

async fn review(
    app: &TestApp,
    browser: &Client,
    id: ApplicationId,
) -> Result<ReviewPage, AppError> {
    app.call(browser, "load-review", &[("id", &id.to_string())])
        .await
}

fn key(page: &ReviewPage, starts: &str) -> String {
    page.criteria
        .iter()
        .find(|c| c.title.starts_with(starts))
        .expect("criterion")
        .key
        .clone()
}

async fn evaluate(
    app: &TestApp,
    browser: &Client,
    id: ApplicationId,
    criterion: &str,
    verdict: &str,
    reason: &str,
) -> Result<(), AppError> {
    app.call(
        browser,
        "evaluate-criterion",
        &[
            ("id", &id.to_string()),
            ("criterion", criterion),
            ("verdict", verdict),
            ("reason", reason),
        ],
    )
    .await
}

async fn decide(
    app: &TestApp,
    browser: &Client,
    id: ApplicationId,
    form: &[(&str, &str)],
) -> Result<(), AppError> {
    let id = id.to_string();
    let mut all = vec![("id", id.as_str())];
    all.extend_from_slice(form);
    app.call(browser, "record-decision", &all).await
}

async fn accept_all(app: &TestApp, s: &Submitted) {
    let page = review(app, &s.evaluator, s.id).await.unwrap();
    for c in page
        .criteria
        .iter()
        .filter(|c| c.mark == app::applications::marking::Mark::NeedsEvaluator)
    {
        evaluate(app, &s.evaluator, s.id, &c.key, "accept", "")
            .await
            .expect("accepted");
    }
}

async fn an_evaluator_asks_then_admits_to_one_lot_and_rejects_the_other(app: TestApp) {
    let s = submitted(&app).await;
    let queue: ReviewQueue = app
        .call(&s.evaluator, "reviews-awaiting", &[])
        .await
        .unwrap();
    assert_eq!(queue.reviews.len(), 1);
    assert_eq!(queue.reviews[0].provider, "Rosewood Care Ltd");
    assert_eq!(queue.reviews[0].clock.label, "10 working days left");

    let page = review(&app, &s.evaluator, s.id).await.unwrap();
    assert!(page.can_act && page.can_extend);
    let marks: Vec<_> = page
        .criteria
        .iter()
        .map(|c| (c.title.as_str(), c.mark))
        .collect();
    use app::applications::marking::Mark::*;
    assert_eq!(
        marks,
        [
            (
                "Do you have a safeguarding policy reviewed in the last 12 months?",
                Pass
            ),
            (
                "Describe how you support families in crisis",
                NeedsEvaluator
            ),
            ("Public liability insurance", NeedsEvaluator),
        ]
    );
    // Nothing can be decided while criteria wait.
    let error = decide(
        &app,
        &s.evaluator,
        s.id,
        &[
            ("decision", "admit"),
            ("lots[]", &page.lots[0].id.to_string()),
        ],
    )
    .await
    .expect_err("awaiting");
    assert!(
        field_messages(&error)
            .iter()
            .any(|(_, m)| m.contains("Evaluate every answer")),
        "{error:?}"
    );

    // A clarification: emailed, answered in the portal; the clock runs on.
    app.call::<()>(
        &s.evaluator,
        "ask-clarification",
        &[
            ("id", &s.id.to_string()),
            (
                "question",
                "Which areas of the borough do your key workers cover?",
            ),
        ],
    )
    .await
    .expect("asked");
    let (subject, body) = app
        .email_to_about(PROVIDER, "has a question")
        .await
        .expect("emailed");
    assert!(
        subject.contains("Haringey Council has a question"),
        "{subject}"
    );
    assert!(body.contains("Which areas of the borough"));
    assert!(body.contains(&format!("/provider/applications/{}", s.id)));
    let mine = load(&app, &s.provider, s.id).await.unwrap();
    let clarification = mine.clarifications[0].id.to_string();
    let error = app
        .call::<()>(
            &s.provider,
            "answer-clarification",
            &[
                ("id", &s.id.to_string()),
                ("clarification", &clarification),
                ("answer", " "),
            ],
        )
        .await
        .expect_err("blank");
    assert_eq!(
        field_messages(&error)[0].0,
        format!("answer-{clarification}")
    );
    app.call::<()>(
        &s.provider,
        "answer-clarification",
        &[
            ("id", &s.id.to_string()),
            ("clarification", &clarification),
            ("answer", "All of Haringey, from two bases."),
        ],
    )
    .await
    .expect("answered");
    let page = review(&app, &s.evaluator, s.id).await.unwrap();
    assert_eq!(
        page.clarifications[0].answer.as_deref(),
        Some("All of Haringey, from two bases.")
    );

    // Evidence accepted; the lot-2 answer rejected, which fails lot 2 only.
    let insurance = key(&page, "Public liability");
    let crisis = key(&page, "Describe");
    let error = evaluate(&app, &s.evaluator, s.id, &crisis, "reject", "")
        .await
        .expect_err("no reason");
    assert_eq!(field_messages(&error)[0].0, format!("reason-{crisis}"));
    evaluate(&app, &s.evaluator, s.id, &insurance, "accept", "")
        .await
        .unwrap();
    evaluate(
        &app,
        &s.evaluator,
        s.id,
        &crisis,
        "reject",
        "No out-of-hours cover described",
    )
    .await
    .unwrap();
    let page = review(&app, &s.evaluator, s.id).await.unwrap();
    let lot1 = page
        .lots
        .iter()
        .find(|l| l.label.starts_with("Lot 1"))
        .unwrap();
    let lot2 = page
        .lots
        .iter()
        .find(|l| l.label.starts_with("Lot 2"))
        .unwrap();
    assert!(lot1.meets && lot2.fails);
    // Leaving out the lot it meets is refused; so is admitting to the failed one.
    let error = decide(
        &app,
        &s.evaluator,
        s.id,
        &[("decision", "admit"), ("lots[]", &lot2.id.to_string())],
    )
    .await
    .expect_err("wrong lot");
    assert!(field_messages(&error).iter().any(|(f, _)| f == "lots"));
    let reason_field = format!("reasons[{crisis}]");
    decide(
        &app,
        &s.evaluator,
        s.id,
        &[
            ("decision", "admit"),
            ("lots[]", &lot1.id.to_string()),
            (&reason_field, "No out-of-hours cover described"),
        ],
    )
    .await
    .expect("decided");

    // The provider is told at once, by email and in the portal.
    let (subject, body) = app
        .email_to_about(PROVIDER, "You have been admitted")
        .await
        .expect("outcome email");
    assert!(subject.starts_with("You have been admitted"), "{subject}");
    assert!(
        body.contains("Lot 1: Home care") && body.contains("Lot 2: Family support"),
        "{body}"
    );
    let mine = load(&app, &s.provider, s.id).await.unwrap();
    assert_eq!(mine.status, ApplicationStatus::Admitted);
    let outcome = mine.outcome.expect("outcome");
    assert_eq!(outcome.admitted, ["Lot 1: Home care"]);
    assert_eq!(outcome.refused, ["Lot 2: Family support"]);
    assert_eq!(
        outcome.reasons,
        [(
            "Describe how you support families in crisis".to_string(),
            "No out-of-hours cover described".to_string()
        )]
    );
    // The lot's provider list shows it, to the lead council.
    let system = app
        .sql_i64(&format!(
            "SELECT system_id FROM applications WHERE id = {}",
            s.id
        ))
        .await;
    let page: SystemForCouncil = app
        .call(&s.evaluator, "system-page", &[("id", &system.to_string())])
        .await
        .unwrap();
    assert_eq!(page.members.len(), 1);
    assert_eq!(page.members[0].0, lot1.id);
    assert_eq!(page.members[0].1, "Rosewood Care Ltd");
    let queue: ReviewQueue = app
        .call(&s.evaluator, "reviews-awaiting", &[])
        .await
        .unwrap();
    assert!(queue.reviews.is_empty());
    let actions = app.audit_actions().await;
    for action in [
        "clarification_asked",
        "clarification_answered",
        "application_evaluated",
        "application_decided",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}");
    }
}

async fn reject_is_refused_when_nothing_failed_and_every_met_lot_must_be_admitted(app: TestApp) {
    let s = submitted(&app).await;
    accept_all(&app, &s).await;
    let page = review(&app, &s.evaluator, s.id).await.unwrap();
    assert!(page.lots.iter().all(|l| l.meets));
    let error = decide(&app, &s.evaluator, s.id, &[("decision", "reject")])
        .await
        .expect_err("nothing failed");
    assert!(
        field_messages(&error)
            .iter()
            .any(|(_, m)| m == "Every applicant that meets the criteria must be admitted"),
        "{error:?}"
    );
    let error = decide(
        &app,
        &s.evaluator,
        s.id,
        &[
            ("decision", "admit"),
            ("lots[]", &page.lots[0].id.to_string()),
        ],
    )
    .await
    .expect_err("a met lot left out");
    assert!(field_messages(&error).iter().any(|(f, _)| f == "lots"));
    assert_eq!(
        load(&app, &s.provider, s.id).await.unwrap().status,
        ApplicationStatus::Submitted
    );
    let both: Vec<String> = page.lots.iter().map(|l| l.id.to_string()).collect();
    decide(
        &app,
        &s.evaluator,
        s.id,
        &[
            ("decision", "admit"),
            ("lots[]", &both[0]),
            ("lots[]", &both[1]),
        ],
    )
    .await
    .expect("admitted");
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM memberships").await, 2);
    // Decided is decided.
    let error = evaluate(
        &app,
        &s.evaluator,
        s.id,
        &page.criteria[1].key,
        "reject",
        "Changed my mind",
    )
    .await
    .expect_err("decided");
    assert!(format!("{error:?}").contains("already been decided"));
}

async fn the_clock_warns_counts_breaches_and_extends_once_to_fifteen_days(app: TestApp) {
    let s = submitted(&app).await;
    let holidays = app::calendar::Holidays::england_and_wales();
    let submitted_on = app::calendar::uk_date(app.clock.now());
    // Move to the working day that leaves 2 working days.
    let mut moved = 0;
    while app::calendar::working_days_between(
        app::calendar::uk_date(app.clock.now()),
        app::calendar::add_working_days(submitted_on, 10, &holidays),
        &holidays,
    ) > 2
    {
        app.clock.advance(DAY);
        moved += 1;
        assert!(moved < 30);
    }
    // Sessions end after 30 idle minutes: a new day is a new sign-in.
    let evaluator = app.sign_in_as(EVALUATOR).await;
    let queue: ReviewQueue = app.call(&evaluator, "reviews-awaiting", &[]).await.unwrap();
    assert_eq!(queue.reviews[0].clock.state, ClockState::DueSoon);
    assert_eq!(queue.due_soon, 1);
    // Past the due date: a breach, counted on the dashboard.
    while app::calendar::uk_date(app.clock.now())
        <= app::calendar::add_working_days(submitted_on, 10, &holidays)
    {
        app.clock.advance(DAY);
    }
    let evaluator = app.sign_in_as(EVALUATOR).await;
    let queue: ReviewQueue = app.call(&evaluator, "reviews-awaiting", &[]).await.unwrap();
    assert_eq!(queue.reviews[0].clock.state, ClockState::Overdue);
    assert_eq!(queue.overdue, 1);
    let dashboard: app::accounts::council_users::CouncilOverview = app
        .call(&evaluator, "council-dashboard", &[])
        .await
        .unwrap();
    assert_eq!(dashboard.reviews_overdue, 1);

    let id = s.id.to_string();
    let extend = |days: &'static str, reason: &'static str| {
        let id = id.clone();
        let evaluator = evaluator.clone();
        let app = &app;
        async move {
            app.call::<()>(
                &evaluator,
                "extend-decision",
                &[
                    ("id", &id),
                    ("extend_to", days),
                    ("extension_reason", reason),
                ],
            )
            .await
        }
    };
    let error = extend("16", "Complex evidence")
        .await
        .expect_err("too long");
    assert_eq!(field_messages(&error)[0].0, "extend_to");
    let error = extend("15", "").await.expect_err("no reason");
    assert_eq!(field_messages(&error)[0].0, "extension_reason");
    extend("15", "Insurance certificate needs checking with the broker")
        .await
        .expect("extended");
    let page = review(&app, &evaluator, s.id).await.unwrap();
    assert_eq!(page.clock.limit, 15);
    assert!(!page.can_extend);
    assert_eq!(page.extension.as_ref().map(|(d, _)| *d), Some(15));
    assert_ne!(
        page.clock.state,
        ClockState::Overdue,
        "15 working days have not passed"
    );
    let error = extend("15", "Again").await.expect_err("once only");
    assert!(format!("{error:?}").contains("already"), "{error:?}");
}

async fn only_the_lead_councils_evaluators_act_on_an_application(app: TestApp) {
    let s = submitted(&app).await;
    let id = s.id.to_string();
    let commissioner_browser = app.sign_in_as(HARINGEY).await;
    let page = review(&app, &commissioner_browser, s.id)
        .await
        .expect("a commissioner reads it");
    assert!(!page.can_act);
    let response = app
        .post(
            &commissioner_browser,
            "ask-clarification",
            &[("id", &id), ("question", "Why?")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let auditor = app
        .council_user(
            "Haringey Council",
            "audit@haringey.example.gov.uk",
            &[Role::Auditor],
        )
        .await;
    assert!(!review(&app, &auditor, s.id).await.unwrap().can_act);
    let response = app
        .post(
            &auditor,
            "record-decision",
            &[("id", &id), ("decision", "admit")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // An evaluator of another council does not see it at all.
    let other = app
        .council_user(
            "Knowsley Council",
            "evaluation@knowsley.example.gov.uk",
            &[Role::Evaluator],
        )
        .await;
    assert_eq!(
        review(&app, &other, s.id).await.expect_err("not theirs"),
        AppError::NotFound
    );
    let error = app
        .call::<()>(
            &other,
            "evaluate-criterion",
            &[("id", &id), ("criterion", "e1"), ("verdict", "accept")],
        )
        .await
        .expect_err("not theirs");
    assert_eq!(error, AppError::NotFound);
    let queue: ReviewQueue = app.call(&other, "reviews-awaiting", &[]).await.unwrap();
    assert!(queue.reviews.is_empty());
    // Providers reach no council page; another provider cannot answer its questions.
    assert_eq!(
        app.post(&s.provider, "load-review", &[("id", &id)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    app.call::<()>(
        &s.evaluator,
        "ask-clarification",
        &[("id", &id), ("question", "Which areas?")],
    )
    .await
    .unwrap();
    let clarification = load(&app, &s.provider, s.id).await.unwrap().clarifications[0]
        .id
        .to_string();
    let stranger = app
        .provider_admin("Other Care Ltd", "bids@other-care.example.com")
        .await;
    let error = app
        .call::<()>(
            &stranger,
            "answer-clarification",
            &[
                ("id", &id),
                ("clarification", &clarification),
                ("answer", "Mine"),
            ],
        )
        .await
        .expect_err("not theirs");
    assert_eq!(error, AppError::NotFound);
    // A draft is nobody's business but the provider's.
    let draft_system = app
        .sql_i64(&format!(
            "SELECT system_id FROM applications WHERE id = {id}"
        ))
        .await;
    let draft = start(&app, &stranger, app::ids::SystemId(draft_system))
        .await
        .unwrap();
    assert_eq!(
        review(&app, &s.evaluator, draft).await.expect_err("draft"),
        AppError::NotFound
    );
}

async fn a_rejected_provider_may_apply_again(app: TestApp) {
    let council = commissioner(&app, "Haringey Council", HARINGEY).await;
    let system = open_dps(&app, &council, "HAR-DPS-2024-01").await;
    let provider = provider_with_insurance(&app, "Rosewood Care Ltd", PROVIDER).await;
    let id = start(&app, &provider, system).await.unwrap();
    complete(&app, &provider, id).await;
    // No safeguarding policy: fails automatically, for every lot.
    let page = load(&app, &provider, id).await.unwrap();
    let question = page.system.sections[0].questions[0].id.to_string();
    app.call::<()>(
        &provider,
        "save-section",
        &[
            ("id", &id.to_string()),
            ("section_id", &page.system.sections[0].id.to_string()),
            (&format!("answers[{question}]"), "no"),
            (
                &format!("answers[{}]", page.system.sections[0].questions[1].id),
                "Every day.",
            ),
        ],
    )
    .await
    .unwrap();
    submit(&app, &provider, id).await.unwrap();
    let evaluator = app
        .council_user("Haringey Council", EVALUATOR, &[Role::Evaluator])
        .await;
    let review_page = review(&app, &evaluator, id).await.unwrap();
    let failed = review_page
        .criteria
        .iter()
        .find(|c| c.failed)
        .expect("failed automatically")
        .key
        .clone();
    let error = decide(&app, &evaluator, id, &[("decision", "reject")])
        .await
        .expect_err("no reason");
    assert_eq!(
        field_messages(&error)[0].0,
        format!("decision-reason-{failed}")
    );
    decide(
        &app,
        &evaluator,
        id,
        &[
            ("decision", "reject"),
            (
                &format!("reasons[{failed}]"),
                "A current safeguarding policy is required",
            ),
        ],
    )
    .await
    .expect("rejected");
    let (subject, _) = app
        .email_to_about(PROVIDER, "not successful")
        .await
        .expect("outcome email");
    assert!(
        subject.starts_with("Your application was not successful"),
        "{subject}"
    );
    assert_eq!(
        load(&app, &provider, id).await.unwrap().status,
        ApplicationStatus::Rejected
    );
    let again = start(&app, &provider, system)
        .await
        .expect("may apply again");
    assert_ne!(again, id);
    assert_eq!(
        load(&app, &provider, again).await.unwrap().status,
        ApplicationStatus::Draft
    );
}

async fn two_evaluators_deciding_at_once_record_one_decision(app: TestApp) {
    let s = submitted(&app).await;
    accept_all(&app, &s).await;
    let second = app
        .council_user(
            "Haringey Council",
            "evaluation2@haringey.example.gov.uk",
            &[Role::Evaluator],
        )
        .await;
    let page = review(&app, &s.evaluator, s.id).await.unwrap();
    let lots: Vec<String> = page.lots.iter().map(|l| l.id.to_string()).collect();
    let form = [
        ("decision", "admit"),
        ("lots[]", lots[0].as_str()),
        ("lots[]", lots[1].as_str()),
    ];
    let (a, b) = tokio::join!(
        decide(&app, &s.evaluator, s.id, &form),
        decide(&app, &second, s.id, &form)
    );
    assert!(a.is_ok() != b.is_ok(), "exactly one decides: {a:?} {b:?}");
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'application_decided'")
            .await,
        1
    );
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM memberships").await, 2);
}

async fn a_councils_own_calendar_and_period_set_its_deadlines(app: TestApp) {
    use app::council_settings::model::CouncilCalendar;
    let knowsley = commissioner(
        &app,
        "Knowsley Council",
        "commissioning@knowsley.example.gov.uk",
    )
    .await;
    let calendar: CouncilCalendar = app.call(&knowsley, "council-calendar", &[]).await.unwrap();
    assert!(calendar.is_default && !calendar.can_edit);
    assert_eq!(calendar.decision_days, 10);
    assert_eq!(calendar.days.len(), 40);
    // Only the council admin changes it.
    let response = app
        .post(
            &knowsley,
            "save-council-calendar",
            &[("holidays", "date,title\n"), ("decision_days", "15")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let admin = app
        .council_user(
            "Knowsley Council",
            "admin@knowsley.example.gov.uk",
            &[Role::CouncilAdmin],
        )
        .await;
    let error = app
        .call::<()>(
            &admin,
            "save-council-calendar",
            &[
                ("holidays", "date,title\n2027-02-30,Not a day\n"),
                ("decision_days", "0"),
            ],
        )
        .await
        .expect_err("bad");
    let fields: Vec<_> = field_messages(&error).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["holidays", "decision_days"]);
    assert!(format!("{error:?}").contains("Line 2"), "{error:?}");
    // Tomorrow off, and a 15-day period for its dynamic market.
    let tomorrow = app::calendar::uk_date(app.clock.now()).next_day().unwrap();
    let csv = format!("date,title\n{tomorrow},Borough day\n");
    app.call::<()>(
        &admin,
        "save-council-calendar",
        &[("holidays", &csv), ("decision_days", "15")],
    )
    .await
    .expect("saved");
    let calendar: CouncilCalendar = app.call(&knowsley, "council-calendar", &[]).await.unwrap();
    assert_eq!(
        (
            calendar.days.len(),
            calendar.decision_days,
            calendar.is_default
        ),
        (1, 15, false)
    );

    let system = crate::systems::create(
        &app,
        &knowsley,
        &crate::systems::dynamic_market("KNW-DM-2026"),
    )
    .await;
    crate::systems::add_lot(&app, &knowsley, system, "home_care", "Home care")
        .await
        .unwrap();
    crate::systems::add_lot(&app, &knowsley, system, "family_support", "Family support")
        .await
        .unwrap();
    crate::applications::questionnaire(&app, &knowsley, system).await;
    crate::systems::step(&app, &knowsley, system, "open")
        .await
        .unwrap();
    let provider = provider_with_insurance(&app, "Rosewood Care Ltd", PROVIDER).await;
    let id = start(&app, &provider, system).await.unwrap();
    complete(&app, &provider, id).await;
    submit(&app, &provider, id).await.unwrap();
    let holidays = app::calendar::Holidays::from_dates([tomorrow]);
    let due =
        app::calendar::add_working_days(app::calendar::uk_date(app.clock.now()), 15, &holidays);
    let page = load(&app, &provider, id).await.unwrap();
    assert_eq!(
        page.decision_due_label,
        Some(app::systems::details::long_date(due))
    );
}

async fn an_evidence_question_is_answered_from_the_library_and_opened_by_the_council(app: TestApp) {
    let council = commissioner(&app, "Haringey Council", HARINGEY).await;
    let system = crate::systems::create(
        &app,
        &council,
        &crate::systems::haringey_dps("HAR-DPS-2024-01"),
    )
    .await;
    crate::systems::add_lot(&app, &council, system, "home_care", "Home care")
        .await
        .unwrap();
    crate::systems::add_lot(&app, &council, system, "family_support", "Family support")
        .await
        .unwrap();
    crate::applications::questionnaire(&app, &council, system).await;
    let sid = system.to_string();
    let section = app
        .sql_i64(&format!(
            "SELECT MAX(id) FROM question_sections WHERE system_id = {system}"
        ))
        .await
        .to_string();
    let insurance = app
        .sql_i64(&format!(
            "SELECT MAX(id) FROM evidence_types WHERE system_id = {system}"
        ))
        .await
        .to_string();
    app.call::<()>(
        &council,
        "add-question",
        &[
            ("id", &sid),
            ("section_id", &section),
            (
                "text",
                "Attach the insurance certificate that covers lone working",
            ),
            ("question_kind", "evidence"),
            ("evidence_type_id", &insurance),
            ("marking", "discretionary"),
            ("mandatory", "yes"),
        ],
    )
    .await
    .expect("evidence question");
    crate::systems::step(&app, &council, system, "open")
        .await
        .unwrap();
    let provider = provider_with_insurance(&app, "Rosewood Care Ltd", PROVIDER).await;
    let id = start(&app, &provider, system).await.unwrap();
    complete(&app, &provider, id).await;
    let page = load(&app, &provider, id).await.unwrap();
    let question = page.system.sections[0].questions[2].id;
    let item = crate::applications::library(&app, &provider).await[0].id;
    // A number that is no item of the library is refused beside the question.
    let field = format!("answers[{question}]");
    let error = app
        .call::<()>(
            &provider,
            "save-section",
            &[
                ("id", &id.to_string()),
                ("section_id", &section),
                (&field, "999999"),
            ],
        )
        .await
        .expect_err("not in the library");
    assert!(field_messages(&error)
        .iter()
        .any(|(f, _)| *f == format!("q{question}")));
    app.call::<()>(
        &provider,
        "save-section",
        &[
            ("id", &id.to_string()),
            ("section_id", &section),
            (
                &format!("answers[{}]", page.system.sections[0].questions[0].id),
                "yes",
            ),
            (
                &format!("answers[{}]", page.system.sections[0].questions[1].id),
                "Every day of the year.",
            ),
            (&field, &item.to_string()),
        ],
    )
    .await
    .expect("answered from the library");
    submit(&app, &provider, id).await.expect("submitted");
    let evaluator = app
        .council_user("Haringey Council", EVALUATOR, &[Role::Evaluator])
        .await;
    let review_page = review(&app, &evaluator, id).await.unwrap();
    let criterion = review_page
        .criteria
        .iter()
        .find(|c| c.title.starts_with("Attach the insurance"))
        .expect("criterion");
    assert_eq!(
        criterion.mark,
        app::applications::marking::Mark::NeedsEvaluator
    );
    assert_eq!(criterion.item_id, Some(item.get()));
    let download = app
        .get(&evaluator, &format!("/files/evidence/{item}"))
        .await;
    assert_eq!(download.status(), StatusCode::OK);
}

async fn submitting_sends_a_receipt_and_tells_only_the_lead_councils_evaluators(app: TestApp) {
    let council = commissioner(&app, "Haringey Council", HARINGEY).await;
    let system = open_dps(&app, &council, "HAR-DPS-2024-09").await;
    app.council_user("Haringey Council", EVALUATOR, &[Role::Evaluator])
        .await;
    let elsewhere = "evaluation@knowsley.example.gov.uk";
    app.council_user("Knowsley Council", elsewhere, &[Role::Evaluator])
        .await;
    let provider = provider_with_insurance(&app, "Rosewood Care Ltd", PROVIDER).await;
    let id = start(&app, &provider, system).await.unwrap();
    complete(&app, &provider, id).await;
    // Nothing before the submission.
    assert!(app.emails_to(EVALUATOR).await.is_empty());
    submit(&app, &provider, id).await.expect("submitted");

    let (subject, body) = app
        .email_to_about(PROVIDER, "Application submitted")
        .await
        .expect("a receipt");
    assert!(subject.contains("Application submitted"), "{subject}");
    assert!(body.contains(&format!("/provider/applications/{}", id.get())));
    assert!(body.contains("Haringey Council should decide by"), "{body}");
    let to_review = app.emails_to(EVALUATOR).await;
    assert_eq!(
        to_review.len(),
        1,
        "one notice to the lead council's evaluator"
    );
    assert!(to_review[0].0.contains("New application to review"));
    assert!(to_review[0].1.contains("Rosewood Care Ltd"));
    assert!(to_review[0]
        .1
        .contains(&format!("/council/reviews/{}", id.get())));
    // The commissioner holds no evaluator role, and Knowsley does not lead the system.
    assert!(app
        .emails_to(HARINGEY)
        .await
        .iter()
        .all(|(subject, _)| !subject.contains("to review")));
    assert!(app.emails_to(elsewhere).await.is_empty());
}
