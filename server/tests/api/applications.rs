//! Applications: a provider applies to an open system section by section, with evidence
//! chosen from its library, declares and submits; answers are then frozen; its passport
//! is reused by the next application to any council; no one else reaches its
//! application or its files.

use crate::both;
use crate::helpers::{field_messages, TestApp};
use crate::systems::{add_lot, commissioner, create, dynamic_market, haringey_dps, step};
use app::applications::model::{ApplicationPage, ApplicationSummary};
use app::applications::progress::TaskStatus;
use app::applications::ApplicationStatus;
use app::auth::roles::Role;
use app::error::AppError;
use app::evidence::model::EvidenceItem;
use app::ids::{ApplicationId, SystemId};
use reqwest::{multipart, Client, StatusCode};

both!(
    a_provider_applies_section_by_section_and_submits,
    a_draft_keeps_its_answers_and_a_bad_answer_changes_nothing,
    answers_are_frozen_once_submitted,
    another_organisation_cannot_reach_the_application_or_its_files,
    council_users_open_submitted_files_of_their_systems_only_and_each_opening_is_audited,
    one_passport_serves_every_council,
    uploads_are_judged_by_their_content_and_size_and_a_refusal_stores_nothing,
    only_an_open_system_takes_applications,
    council_users_cannot_apply,
    two_colleagues_starting_at_once_share_one_application,
    a_closed_framework_admits_no_one_after_its_award,
    a_system_changed_on_one_server_shows_changed_on_another_at_once,
);

const HARINGEY: &str = "commissioning@haringey.example.gov.uk";
const KNOWSLEY: &str = "commissioning@knowsley.example.gov.uk";
const PROVIDER: &str = "bids@rosewood-care.example.com";

/// The smallest file that starts as a PDF does.
pub fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

pub async fn upload(
    app: &TestApp,
    browser: &Client,
    title: &str,
    expires_on: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> Result<(), AppError> {
    let form = multipart::Form::new()
        .text("title", title.to_string())
        .text("expires_on", expires_on.to_string())
        .part(
            "file",
            multipart::Part::bytes(bytes)
                .file_name(file_name.to_string())
                .mime_str("application/pdf")
                .unwrap(),
        );
    let response = browser
        .post(format!("{}/api/upload-evidence", app.address))
        .multipart(form)
        .send()
        .await
        .expect("upload sent");
    let ok = response.status().is_success();
    let body = response.text().await.expect("body");
    if ok {
        Ok(())
    } else {
        Err(serde_json::from_str(&body).unwrap_or_else(|e| panic!("unexpected body {body}: {e}")))
    }
}

pub async fn library(app: &TestApp, browser: &Client) -> Vec<EvidenceItem> {
    app.call(browser, "evidence-library", &[])
        .await
        .expect("library")
}

/// A Regulation 34 DPS with two lots, one safeguarding question (pass/fail), one text
/// question for lot 2 only, and insurance evidence that expires; open.
pub async fn open_dps(app: &TestApp, browser: &Client, reference: &str) -> SystemId {
    let id = create(app, browser, &haringey_dps(reference)).await;
    add_lot(app, browser, id, "home_care", "Home care")
        .await
        .expect("lot 1");
    add_lot(app, browser, id, "family_support", "Family support")
        .await
        .expect("lot 2");
    questionnaire(app, browser, id).await;
    step(app, browser, id, "open").await.expect("opened");
    id
}

pub async fn questionnaire(app: &TestApp, browser: &Client, id: SystemId) {
    let sid = id.to_string();
    app.call::<()>(
        browser,
        "add-section",
        &[("id", &sid), ("section_title", "Safeguarding")],
    )
    .await
    .expect("section");
    let section = app
        .sql_i64(&format!(
            "SELECT MAX(id) FROM question_sections WHERE system_id = {id}"
        ))
        .await
        .to_string();
    let lot2 = app
        .sql_i64(&format!(
            "SELECT id FROM lots WHERE system_id = {id} AND number = 2"
        ))
        .await
        .to_string();
    app.call::<()>(
        browser,
        "add-question",
        &[
            ("id", &sid),
            ("section_id", &section),
            (
                "text",
                "Do you have a safeguarding policy reviewed in the last 12 months?",
            ),
            ("question_kind", "yes_no"),
            ("marking", "pass_fail"),
            ("passing", "yes"),
            ("mandatory", "yes"),
        ],
    )
    .await
    .expect("question 1");
    app.call::<()>(
        browser,
        "add-question",
        &[
            ("id", &sid),
            ("section_id", &section),
            ("text", "Describe how you support families in crisis"),
            ("question_kind", "text"),
            ("max_chars", "200"),
            ("marking", "discretionary"),
            ("mandatory", "yes"),
            ("lots[]", &lot2),
        ],
    )
    .await
    .expect("question 2");
    app.call::<()>(
        browser,
        "add-evidence-type",
        &[
            ("id", &sid),
            ("name", "Public liability insurance"),
            ("kind", "document"),
            ("mandatory", "yes"),
            ("expires", "yes"),
        ],
    )
    .await
    .expect("evidence type");
}

pub async fn start(
    app: &TestApp,
    browser: &Client,
    system: SystemId,
) -> Result<ApplicationId, AppError> {
    app.call::<()>(
        browser,
        "start-application",
        &[("system_id", &system.to_string())],
    )
    .await?;
    Ok(ApplicationId(
        app.sql_i64(&format!(
            "SELECT MAX(id) FROM applications WHERE system_id = {system}"
        ))
        .await,
    ))
}

pub async fn load(
    app: &TestApp,
    browser: &Client,
    id: ApplicationId,
) -> Result<ApplicationPage, AppError> {
    app.call(browser, "load-application", &[("id", &id.to_string())])
        .await
}

fn question_id(page: &ApplicationPage, starts: &str) -> String {
    page.system
        .sections
        .iter()
        .flat_map(|s| s.questions.iter())
        .find(|q| q.text.starts_with(starts))
        .map(|q| q.id.to_string())
        .expect("question")
}

fn section_id(page: &ApplicationPage) -> String {
    page.system.sections[0].id.to_string()
}

fn lot(page: &ApplicationPage, number: i64) -> String {
    page.system
        .lots
        .iter()
        .find(|l| l.number == number)
        .expect("lot")
        .id
        .to_string()
}

fn evidence_type(page: &ApplicationPage) -> String {
    page.system.evidence_types[0].id.to_string()
}

/// Completes every part of the application for both lots, attaching the first item of
/// the library that fits.
pub async fn complete(app: &TestApp, browser: &Client, id: ApplicationId) {
    let page = load(app, browser, id).await.expect("page");
    let aid = id.to_string();
    app.call::<()>(
        browser,
        "choose-lots",
        &[
            ("id", &aid),
            ("lots[]", &lot(&page, 1)),
            ("lots[]", &lot(&page, 2)),
        ],
    )
    .await
    .expect("lots");
    organisation(app, browser, id).await.expect("organisation");
    let safeguarding = format!("answers[{}]", question_id(&page, "Do you have"));
    let crisis = format!("answers[{}]", question_id(&page, "Describe"));
    app.call::<()>(
        browser,
        "save-section",
        &[
            ("id", &aid),
            ("section_id", &section_id(&page)),
            (&safeguarding, "yes"),
            (
                &crisis,
                "A named key worker within 2 hours, every day of the year.",
            ),
        ],
    )
    .await
    .expect("section");
    let item = library(app, browser).await[0].id.to_string();
    app.call::<()>(
        browser,
        "attach-evidence",
        &[
            ("id", &aid),
            (&format!("evidence[{}]", evidence_type(&page)), &item),
        ],
    )
    .await
    .expect("evidence");
}

pub async fn organisation(
    app: &TestApp,
    browser: &Client,
    id: ApplicationId,
) -> Result<(), AppError> {
    app.call(
        browser,
        "save-organisation",
        &[
            ("id", &id.to_string()),
            ("company_number", "1234567"),
            ("ppon", "gb-ppon-ab12-cd34-ef56"),
            ("registered_address", "1 High Street, Bootle L20 1AA"),
        ],
    )
    .await
}

pub async fn submit(app: &TestApp, browser: &Client, id: ApplicationId) -> Result<(), AppError> {
    app.call(
        browser,
        "submit-application",
        &[("id", &id.to_string()), ("declaration", "yes")],
    )
    .await
}

/// A provider with a PDF of its insurance, valid for a year, in its library.
pub async fn provider_with_insurance(app: &TestApp, organisation: &str, email: &str) -> Client {
    let provider = app.provider_admin(organisation, email).await;
    let next_year = (time::OffsetDateTime::now_utc() + time::Duration::days(365))
        .date()
        .to_string();
    upload(
        app,
        &provider,
        "Public liability insurance",
        &next_year,
        "insurance.pdf",
        pdf(),
    )
    .await
    .expect("uploaded");
    provider
}

async fn a_provider_applies_section_by_section_and_submits(app: TestApp) {
    let council = commissioner(&app, "Haringey Council", HARINGEY).await;
    let system = open_dps(&app, &council, "HAR-DPS-2024-01").await;
    let provider = provider_with_insurance(&app, "Rosewood Care Ltd", PROVIDER).await;
    let id = start(&app, &provider, system).await.expect("started");
    let page = load(&app, &provider, id).await.expect("page");
    assert_eq!(page.status, ApplicationStatus::Draft);
    let statuses: Vec<_> = page
        .tasks
        .iter()
        .map(|t| (t.title.as_str(), t.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("Lots applied for", TaskStatus::NotStarted),
            ("Organisation details", TaskStatus::NotStarted),
            ("Safeguarding", TaskStatus::NotStarted),
            // The insurance in the library has the name the council asks for: attached.
            ("Evidence", TaskStatus::Completed),
        ]
    );
    assert!(!page.blockers.is_empty());

    complete(&app, &provider, id).await;
    let page = load(&app, &provider, id).await.expect("page");
    assert!(page.blockers.is_empty(), "{:?}", page.blockers);
    assert!(
        page.tasks.iter().all(|t| t.status == TaskStatus::Completed),
        "{:?}",
        page.tasks
    );
    assert_eq!(page.snapshot.organisation.company_number, "01234567");
    assert_eq!(page.snapshot.organisation.ppon, "GB-PPON-AB12-CD34-EF56");

    // The declaration is required.
    let error = app
        .call::<()>(&provider, "submit-application", &[("id", &id.to_string())])
        .await
        .expect_err("no declaration");
    assert!(field_messages(&error)
        .iter()
        .any(|(f, _)| f == "declaration"));
    assert_eq!(
        load(&app, &provider, id).await.unwrap().status,
        ApplicationStatus::Draft
    );

    submit(&app, &provider, id).await.expect("submitted");
    let page = load(&app, &provider, id).await.expect("page");
    assert_eq!(page.status, ApplicationStatus::Submitted);
    let today = app::calendar::uk_date(app.clock.now());
    let due =
        app::calendar::add_working_days(today, 10, &app::calendar::Holidays::england_and_wales());
    assert_eq!(
        page.decision_due_label,
        Some(app::systems::details::long_date(due))
    );
    let list: Vec<ApplicationSummary> = app
        .call(&provider, "my-applications", &[])
        .await
        .expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].status, ApplicationStatus::Submitted);
    assert_eq!(list[0].decision_due_label, page.decision_due_label);
    let actions = app.audit_actions().await;
    for action in [
        "evidence_added",
        "application_started",
        "application_lots_chosen",
        "application_answers_saved",
        "application_evidence_attached",
        "application_submitted",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} missing from {actions:?}"
        );
    }
}

async fn a_draft_keeps_its_answers_and_a_bad_answer_changes_nothing(app: TestApp) {
    let council = commissioner(&app, "Haringey Council", HARINGEY).await;
    let system = open_dps(&app, &council, "HAR-DPS-2024-01").await;
    let provider = app.provider_admin("Rosewood Care Ltd", PROVIDER).await;
    let id = start(&app, &provider, system).await.expect("started");
    let page = load(&app, &provider, id).await.unwrap();
    let aid = id.to_string();
    app.call::<()>(
        &provider,
        "choose-lots",
        &[("id", &aid), ("lots[]", &lot(&page, 2))],
    )
    .await
    .expect("lots");
    let safeguarding = format!("answers[{}]", question_id(&page, "Do you have"));
    let crisis_id = question_id(&page, "Describe");
    let crisis = format!("answers[{crisis_id}]");
    // Half an answer is a fine draft.
    app.call::<()>(
        &provider,
        "save-section",
        &[
            ("id", &aid),
            ("section_id", &section_id(&page)),
            (&safeguarding, "yes"),
        ],
    )
    .await
    .expect("saved");
    // Come back later, in a new browser: the answer is there, the section in progress.
    let later = app.browser();
    app.sign_in(&later, PROVIDER, crate::helpers::PASSWORD)
        .await
        .unwrap();
    let page = load(&app, &later, id).await.unwrap();
    assert_eq!(page.answer(page.system.sections[0].questions[0].id), "yes");
    assert_eq!(page.tasks[2].status, TaskStatus::InProgress);
    // Too long an answer is refused beside it, kept, and nothing on the page is saved.
    let long = "x".repeat(201);
    let error = app
        .call::<()>(
            &later,
            "save-section",
            &[
                ("id", &aid),
                ("section_id", &section_id(&page)),
                (&safeguarding, "no"),
                (&crisis, &long),
            ],
        )
        .await
        .expect_err("too long");
    let AppError::Invalid(errors) = &error else {
        panic!("{error:?}")
    };
    let field = format!("q{crisis_id}");
    assert_eq!(
        errors.message_for(&field),
        Some("Answer must be 200 characters or fewer")
    );
    assert_eq!(errors.value_for(&field), Some(long.as_str()));
    let page = load(&app, &later, id).await.unwrap();
    assert_eq!(
        page.answer(page.system.sections[0].questions[0].id),
        "yes",
        "the other answer did not change"
    );
    // A bad company number is refused beside its field.
    let error = app
        .call::<()>(
            &later,
            "save-organisation",
            &[
                ("id", &aid),
                ("company_number", "ABC"),
                ("registered_address", ""),
            ],
        )
        .await
        .expect_err("bad");
    let fields: Vec<_> = field_messages(&error).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["company_number", "registered_address"]);
    // Choosing no lot is refused.
    let error = app
        .call::<()>(&later, "choose-lots", &[("id", &aid)])
        .await
        .expect_err("no lot");
    assert_eq!(field_messages(&error)[0].0, "lots");
    assert_eq!(load(&app, &later, id).await.unwrap().lots.len(), 1);
}

async fn answers_are_frozen_once_submitted(app: TestApp) {
    let council = commissioner(&app, "Haringey Council", HARINGEY).await;
    let system = open_dps(&app, &council, "HAR-DPS-2024-01").await;
    let provider = provider_with_insurance(&app, "Rosewood Care Ltd", PROVIDER).await;
    let id = start(&app, &provider, system).await.unwrap();
    complete(&app, &provider, id).await;
    submit(&app, &provider, id).await.expect("submitted");
    let before = load(&app, &provider, id).await.unwrap();
    let aid = id.to_string();
    let safeguarding = format!("answers[{}]", question_id(&before, "Do you have"));
    for (endpoint, form) in [
        (
            "save-section",
            vec![
                ("id", aid.as_str()),
                ("section_id", &section_id(&before)),
                (&safeguarding, "no"),
            ],
        ),
        (
            "choose-lots",
            vec![("id", aid.as_str()), ("lots[]", &lot(&before, 1))],
        ),
        (
            "save-organisation",
            vec![
                ("id", aid.as_str()),
                ("company_number", "SC123456"),
                ("registered_address", "Elsewhere"),
            ],
        ),
        ("attach-evidence", vec![("id", aid.as_str())]),
        (
            "submit-application",
            vec![("id", aid.as_str()), ("declaration", "yes")],
        ),
    ] {
        let error = app
            .call::<()>(&provider, endpoint, &form)
            .await
            .expect_err(endpoint);
        assert!(
            format!("{error:?}").contains("submitted"),
            "{endpoint}: {error:?}"
        );
    }
    // A question the council adds afterwards is not in what was submitted.
    let sid = system.to_string();
    app.call::<()>(
        &council,
        "add-section",
        &[("id", &sid), ("section_title", "Later")],
    )
    .await
    .unwrap();
    let after = load(&app, &provider, id).await.unwrap();
    assert_eq!(after.snapshot, before.snapshot);
    assert_eq!(after.snapshot.answers[0].answer, "Yes");
}

async fn another_organisation_cannot_reach_the_application_or_its_files(app: TestApp) {
    let council = commissioner(&app, "Haringey Council", HARINGEY).await;
    let system = open_dps(&app, &council, "HAR-DPS-2024-01").await;
    let owner = provider_with_insurance(&app, "Rosewood Care Ltd", PROVIDER).await;
    let id = start(&app, &owner, system).await.unwrap();
    let item = library(&app, &owner).await[0].id;
    let other = app
        .provider_admin("Other Care Ltd", "bids@other-care.example.com")
        .await;
    let aid = id.to_string();
    let error = load(&app, &other, id).await.expect_err("not theirs");
    assert_eq!(error, AppError::NotFound);
    for (endpoint, form) in [
        ("choose-lots", vec![("id", aid.as_str())]),
        ("save-organisation", vec![("id", aid.as_str())]),
        (
            "submit-application",
            vec![("id", aid.as_str()), ("declaration", "yes")],
        ),
    ] {
        let error = app
            .call::<()>(&other, endpoint, &form)
            .await
            .expect_err(endpoint);
        assert_eq!(error, AppError::NotFound, "{endpoint}");
    }
    // Its own application cannot take the other's evidence.
    let theirs = start(&app, &other, system).await.unwrap();
    let page = load(&app, &other, theirs).await.unwrap();
    let error = app
        .call::<()>(
            &other,
            "attach-evidence",
            &[
                ("id", &theirs.to_string()),
                (
                    &format!("evidence[{}]", evidence_type(&page)),
                    &item.to_string(),
                ),
            ],
        )
        .await
        .expect_err("not their evidence");
    assert!(matches!(error, AppError::Invalid(_)));
    assert!(library(&app, &other).await.is_empty());
    let path = format!("/files/evidence/{item}");
    assert_eq!(app.get(&other, &path).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&app.browser(), &path).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let mine = app.get(&owner, &path).await;
    assert_eq!(mine.status(), StatusCode::OK);
    assert_eq!(mine.headers()["content-type"], "application/pdf");
    assert!(mine.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("insurance.pdf"));
    assert_eq!(mine.bytes().await.unwrap().to_vec(), pdf());
}

async fn council_users_open_submitted_files_of_their_systems_only_and_each_opening_is_audited(
    app: TestApp,
) {
    let council = commissioner(&app, "Haringey Council", HARINGEY).await;
    let system = open_dps(&app, &council, "HAR-DPS-2024-01").await;
    let provider = provider_with_insurance(&app, "Rosewood Care Ltd", PROVIDER).await;
    let id = start(&app, &provider, system).await.unwrap();
    let item = library(&app, &provider).await[0].id;
    let path = format!("/files/evidence/{item}");
    let evaluator = app
        .council_user(
            "Haringey Council",
            "evaluation@haringey.example.gov.uk",
            &[Role::Evaluator],
        )
        .await;
    // Not before it is submitted.
    assert_eq!(
        app.get(&evaluator, &path).await.status(),
        StatusCode::NOT_FOUND
    );
    complete(&app, &provider, id).await;
    submit(&app, &provider, id).await.unwrap();
    let before = app
        .sql_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'evidence_downloaded'")
        .await;
    assert_eq!(app.get(&evaluator, &path).await.status(), StatusCode::OK);
    let after = app
        .sql_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'evidence_downloaded'")
        .await;
    assert_eq!(after, before + 1);
    // A council outside the consortium cannot.
    let outsider = commissioner(&app, "Knowsley Council", KNOWSLEY).await;
    assert_eq!(
        app.get(&outsider, &path).await.status(),
        StatusCode::NOT_FOUND
    );
    // A council taking part in a system the provider submitted it to can. (Only a
    // draft's consortium changes, so this is a second system with Knowsley in it.)
    let second = create(&app, &council, &haringey_dps("HAR-DPS-2024-02")).await;
    let knowsley = app
        .sql_i64("SELECT id FROM organisations WHERE name = 'Knowsley Council'")
        .await;
    app.call::<()>(
        &council,
        "add-system-council",
        &[
            ("id", &second.to_string()),
            ("council_id", &knowsley.to_string()),
        ],
    )
    .await
    .expect("joined");
    add_lot(&app, &council, second, "home_care", "Home care")
        .await
        .unwrap();
    add_lot(&app, &council, second, "family_support", "Family support")
        .await
        .unwrap();
    questionnaire(&app, &council, second).await;
    step(&app, &council, second, "open").await.unwrap();
    let again = start(&app, &provider, second).await.unwrap();
    complete(&app, &provider, again).await;
    submit(&app, &provider, again).await.unwrap();
    assert_eq!(app.get(&outsider, &path).await.status(), StatusCode::OK);
}

async fn one_passport_serves_every_council(app: TestApp) {
    let haringey = commissioner(&app, "Haringey Council", HARINGEY).await;
    let first = open_dps(&app, &haringey, "HAR-DPS-2024-01").await;
    let knowsley = commissioner(&app, "Knowsley Council", KNOWSLEY).await;
    let second = create(&app, &knowsley, &dynamic_market("KNW-DM-2026")).await;
    add_lot(&app, &knowsley, second, "home_care", "Home care")
        .await
        .unwrap();
    add_lot(&app, &knowsley, second, "family_support", "Family support")
        .await
        .unwrap();
    questionnaire(&app, &knowsley, second).await;
    step(&app, &knowsley, second, "open").await.unwrap();

    let provider = provider_with_insurance(&app, "Rosewood Care Ltd", PROVIDER).await;
    let id = start(&app, &provider, first).await.unwrap();
    complete(&app, &provider, id).await;
    submit(&app, &provider, id).await.unwrap();
    let uploads = app.sql_i64("SELECT COUNT(*) FROM evidence_items").await;

    // The second council's application starts from the first: details, the same
    // questions' answers, and the same insurance, with nothing uploaded again.
    let next = start(&app, &provider, second).await.unwrap();
    let page = load(&app, &provider, next).await.unwrap();
    assert_eq!(page.organisation.company_number, "01234567");
    assert_eq!(
        page.organisation.registered_address,
        "1 High Street, Bootle L20 1AA"
    );
    let safeguarding = page.system.sections[0].questions[0].id;
    assert_eq!(page.answer(safeguarding), "yes");
    let first_page = load(&app, &provider, id).await.unwrap();
    assert_eq!(page.attachments.len(), 1);
    assert_eq!(
        page.attachments[0].1, first_page.attachments[0].1,
        "the same library item"
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM evidence_items").await,
        uploads
    );
    let aid = next.to_string();
    app.call::<()>(
        &provider,
        "choose-lots",
        &[("id", &aid), ("lots[]", &lot(&page, 1))],
    )
    .await
    .unwrap();
    submit(&app, &provider, next)
        .await
        .expect("submitted with the reused passport");
}

async fn uploads_are_judged_by_their_content_and_size_and_a_refusal_stores_nothing(app: TestApp) {
    let provider = app.provider_admin("Rosewood Care Ltd", PROVIDER).await;
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec();
    exe.resize(4096, 0);
    let error = upload(
        &app,
        &provider,
        "Safeguarding policy",
        "",
        "policy.pdf",
        exe,
    )
    .await
    .expect_err("exe");
    let AppError::Invalid(errors) = &error else {
        panic!("{error:?}")
    };
    assert!(
        errors
            .message_for("file")
            .unwrap()
            .contains("must be a PDF"),
        "{errors:?}"
    );
    assert_eq!(errors.value_for("title"), Some("Safeguarding policy"));

    let mut big = pdf();
    big.resize(20 * 1024 * 1024 + 1, b' ');
    let error = upload(&app, &provider, "Accounts", "", "accounts.pdf", big)
        .await
        .expect_err("too big");
    let AppError::Invalid(errors) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        errors.message_for("file"),
        Some("The selected file must be smaller than 20 MB")
    );

    let error = upload(&app, &provider, "", "", "blank.pdf", pdf())
        .await
        .expect_err("no title");
    assert_eq!(field_messages(&error)[0].0, "title");

    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM evidence_items").await, 0);
    let files = app.data_dir.path().join("files");
    let stored = walk(&files);
    assert!(stored.is_empty(), "{stored:?}");

    // The server is unharmed and takes the next good file, stored under a generated name.
    let mut exactly_20mb = pdf();
    exactly_20mb.resize(20 * 1024 * 1024, b' ');
    upload(
        &app,
        &provider,
        "Accounts",
        "",
        "accounts.pdf",
        exactly_20mb,
    )
    .await
    .expect("accepted");
    let stored = walk(&files);
    assert_eq!(stored.len(), 1);
    let name = stored[0].file_name().unwrap().to_string_lossy().to_string();
    assert_eq!(name.len(), 64, "{name}");
    assert!(!name.contains("accounts"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                found.extend(walk(&path));
            } else {
                found.push(path);
            }
        }
    }
    found
}

async fn only_an_open_system_takes_applications(app: TestApp) {
    let council = commissioner(&app, "Haringey Council", HARINGEY).await;
    let draft = create(&app, &council, &haringey_dps("HAR-DPS-2024-01")).await;
    let provider = app.provider_admin("Rosewood Care Ltd", PROVIDER).await;
    let error = start(&app, &provider, draft).await.expect_err("draft");
    assert!(format!("{error:?}").contains("not taking applications"));
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM applications").await, 0);
    // Closed after the draft was started: the draft stays, submission is refused.
    let open = open_dps(&app, &council, "HAR-DPS-2024-02").await;
    let id = start(&app, &provider, open).await.unwrap();
    step(&app, &council, open, "close").await.unwrap();
    let error = submit(&app, &provider, id).await.expect_err("closed");
    assert!(format!("{error:?}").contains("not taking applications"));
    assert_eq!(
        load(&app, &provider, id).await.unwrap().status,
        ApplicationStatus::Draft
    );
}

async fn council_users_cannot_apply(app: TestApp) {
    let council = commissioner(&app, "Haringey Council", HARINGEY).await;
    let system = open_dps(&app, &council, "HAR-DPS-2024-01").await;
    let response = app
        .post(
            &council,
            "start-application",
            &[("system_id", &system.to_string())],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = app
        .post(
            &app.browser(),
            "start-application",
            &[("system_id", &system.to_string())],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get(&council, "/files/evidence/1").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM applications").await, 0);
}

async fn two_colleagues_starting_at_once_share_one_application(app: TestApp) {
    let council = commissioner(&app, "Haringey Council", HARINGEY).await;
    let system = open_dps(&app, &council, "HAR-DPS-2024-01").await;
    let provider = app.provider_admin("Rosewood Care Ltd", PROVIDER).await;
    let form = [("system_id", system.to_string())];
    let calls = (0..6).map(|_| {
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let provider = provider.clone();
        let app = &app;
        async move { app.call::<()>(&provider, "start-application", &form).await }
    });
    let results = futures::future::join_all(calls).await;
    assert!(results.iter().any(Result::is_ok), "{results:?}");
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM applications").await, 1);
}

async fn a_closed_framework_admits_no_one_after_its_award(app: TestApp) {
    let council = commissioner(&app, "Haringey Council", HARINGEY).await;
    let mut form = dynamic_market("HAR-CF-2026");
    for (k, v) in form.iter_mut() {
        if *k == "system_type" {
            *v = "closed_framework".into();
        }
    }
    let system = create(&app, &council, &form).await;
    add_lot(&app, &council, system, "home_care", "Home care")
        .await
        .unwrap();
    add_lot(&app, &council, system, "family_support", "Family support")
        .await
        .unwrap();
    questionnaire(&app, &council, system).await;
    step(&app, &council, system, "open")
        .await
        .expect("opened, with its tender window");
    let early = provider_with_insurance(&app, "Rosewood Care Ltd", PROVIDER).await;
    let id = start(&app, &early, system)
        .await
        .expect("the tender window is open");
    step(&app, &council, system, "award")
        .await
        .expect("award recorded");
    let error = step(&app, &council, system, "award")
        .await
        .expect_err("once");
    assert!(matches!(error, AppError::Invalid(_)));
    assert!(step(&app, &council, system, "open_window").await.is_err());
    let late = app
        .provider_admin("Late Care Ltd", "bids@late-care.example.com")
        .await;
    let error = start(&app, &late, system)
        .await
        .expect_err("after the award");
    assert!(format!("{error:?}").contains("not taking applications"));
    complete(&app, &early, id).await;
    let error = submit(&app, &early, id).await.expect_err("after the award");
    assert!(format!("{error:?}").contains("not taking applications"));
    assert!(app
        .audit_actions()
        .await
        .iter()
        .any(|a| a == "framework_awarded"));
}

async fn a_system_changed_on_one_server_shows_changed_on_another_at_once(app: TestApp) {
    let council = commissioner(&app, "Haringey Council", HARINGEY).await;
    let system = open_dps(&app, &council, "HAR-DPS-2024-07").await;
    let provider = provider_with_insurance(&app, "Rosewood Care Ltd", PROVIDER).await;
    let id = start(&app, &provider, system).await.unwrap();
    // Read twice here, so this server holds the system's conditions in memory.
    for _ in 0..2 {
        let page = load(&app, &provider, id).await.unwrap();
        assert_eq!(page.system.lots.len(), 2);
    }
    // The commissioner works on another server of the same portal: a DPS may add a lot
    // while open.
    let other = app.spawn_beside().await;
    let there = other.sign_in_as(HARINGEY).await;
    add_lot(
        &other,
        &there,
        system,
        "family_therapeutic_support",
        "Therapy",
    )
    .await
    .expect("lot 3 added on the other server");
    let page = load(&app, &provider, id).await.unwrap();
    let titles: Vec<&str> = page.system.lots.iter().map(|l| l.title.as_str()).collect();
    assert_eq!(titles, ["Home care", "Family support", "Therapy"]);
}
