//! Purchasing systems: a commissioner creates one, sets its consortium, lots, evidence and
//! questionnaire, and opens it; the law's rules are decided on the server; no council
//! reaches a system it does not lead or take part in.

use crate::both;
use crate::helpers::{field_messages, TestApp};
use app::auth::roles::Role;
use app::error::AppError;
use app::ids::SystemId;
use app::systems::model::{SystemForCouncil, SystemSummary, SystemView};
use app::systems::pages::list::CouncilSystemList;
use reqwest::Client;

both!(
    commissioner_creates_a_draft_system_and_sees_it_listed,
    a_dps_started_after_the_act_is_refused_beside_its_field_and_nothing_is_saved,
    only_a_commissioner_creates_a_system,
    a_reference_is_unique_within_the_council_even_when_two_create_at_once,
    a_system_opens_only_with_a_lot_and_a_question_and_then_is_public,
    a_dynamic_markets_conditions_are_fixed_once_it_is_open_but_a_dps_may_add_lots,
    a_framework_opens_and_closes_application_windows,
    evidence_and_questions_can_be_limited_to_some_lots,
    a_failed_plain_post_shows_its_boxes_ticked_as_sent,
    an_edit_from_a_stale_page_is_refused,
    a_participating_council_reads_the_system_but_cannot_change_it,
    a_council_outside_the_consortium_cannot_see_or_change_the_system,
    every_change_is_in_the_lead_councils_audit_log,
    the_demo_systems_load_once_and_are_public,
);

const COMMISSIONER: &str = "commissioning@haringey.example.gov.uk";

pub fn haringey_dps(reference: &str) -> Vec<(&'static str, String)> {
    vec![
        ("reference", reference.to_string()),
        ("title", "Home care and family support DPS".into()),
        (
            "description",
            "Home care, family support and family therapeutic support for Haringey residents."
                .into(),
        ),
        ("regime", "pcr_2015".into()),
        ("system_type", "reg34_dps".into()),
        ("start_date", "2024-04-01".into()),
        ("term", "2+1+1".into()),
        ("estimated_value", "7,200,000".into()),
        ("quality_weight", "60".into()),
        ("price_weight", "40".into()),
    ]
}

pub fn dynamic_market(reference: &str) -> Vec<(&'static str, String)> {
    let mut form = haringey_dps(reference);
    for (k, v) in form.iter_mut() {
        match *k {
            "regime" => *v = "procurement_act_2023".into(),
            "system_type" => *v = "dynamic_market".into(),
            "start_date" => *v = "2026-04-01".into(),
            "term" => *v = "4".into(),
            _ => {}
        }
    }
    form
}

fn with(form: &[(&'static str, String)], field: &str, value: &str) -> Vec<(&'static str, String)> {
    form.iter()
        .map(|(k, v)| {
            (
                *k,
                if *k == field {
                    value.to_string()
                } else {
                    v.clone()
                },
            )
        })
        .collect()
}

fn pairs<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

pub async fn commissioner(app: &TestApp, council: &str, email: &str) -> Client {
    app.council_user(council, email, &[Role::Commissioner])
        .await
}

/// Creates a system from `form` and returns its id.
pub async fn create(app: &TestApp, browser: &Client, form: &[(&'static str, String)]) -> SystemId {
    app.call::<()>(browser, "create-system", &pairs(form))
        .await
        .expect("system created");
    let reference = &form
        .iter()
        .find(|(k, _)| *k == "reference")
        .expect("reference")
        .1;
    SystemId(
        app.sql_i64(&format!(
            "SELECT id FROM systems WHERE reference = '{reference}'"
        ))
        .await,
    )
}

pub async fn page(
    app: &TestApp,
    browser: &Client,
    id: SystemId,
) -> Result<SystemForCouncil, AppError> {
    app.call(browser, "system-page", &[("id", &id.to_string())])
        .await
}

pub async fn add_lot(
    app: &TestApp,
    browser: &Client,
    id: SystemId,
    service: &str,
    title: &str,
) -> Result<(), AppError> {
    app.call(
        browser,
        "add-lot",
        &[
            ("id", &id.to_string()),
            ("service_type", service),
            ("lot_title", title),
            ("lot_description", ""),
        ],
    )
    .await
}

/// Adds a section with one yes/no pass/fail question.
pub async fn add_question(app: &TestApp, browser: &Client, id: SystemId) -> Result<(), AppError> {
    app.call::<()>(
        browser,
        "add-section",
        &[("id", &id.to_string()), ("section_title", "Safeguarding")],
    )
    .await?;
    let section = app
        .sql_i64(&format!(
            "SELECT MAX(id) FROM question_sections WHERE system_id = {id}"
        ))
        .await
        .to_string();
    app.call(
        browser,
        "add-question",
        &[
            ("id", &id.to_string()),
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
}

pub async fn step(
    app: &TestApp,
    browser: &Client,
    id: SystemId,
    step: &str,
) -> Result<(), AppError> {
    app.call(
        browser,
        "change-system-status",
        &[("id", &id.to_string()), ("step", step)],
    )
    .await
}

/// A system ready to open: one lot, one question.
pub async fn ready(app: &TestApp, browser: &Client, form: &[(&'static str, String)]) -> SystemId {
    let id = create(app, browser, form).await;
    add_lot(app, browser, id, "home_care", "Home care")
        .await
        .expect("lot");
    add_question(app, browser, id).await.expect("question");
    id
}

async fn commissioner_creates_a_draft_system_and_sees_it_listed(app: TestApp) {
    let browser = commissioner(&app, "Haringey Council", COMMISSIONER).await;
    let id = create(&app, &browser, &haringey_dps("HAR-DPS-2024-01")).await;
    let system = page(&app, &browser, id).await.expect("page").system;
    assert_eq!(system.title, "Home care and family support DPS");
    assert_eq!(system.status, app::systems::Status::Draft);
    assert_eq!(system.end_label, "31 March 2028");
    assert_eq!(
        system.estimated_value.map(|m| m.to_string()).as_deref(),
        Some("£7,200,000")
    );
    assert!(!system.accepting);
    let list: CouncilSystemList = app
        .call(&browser, "council-systems", &[])
        .await
        .expect("list");
    assert!(list.can_create);
    assert_eq!(
        list.systems
            .iter()
            .map(|s| s.reference.as_str())
            .collect::<Vec<_>>(),
        ["HAR-DPS-2024-01"]
    );
    // A draft is not public.
    let public: Vec<SystemSummary> = app
        .call(&app.browser(), "open-systems", &[])
        .await
        .expect("public");
    assert!(public.is_empty());
}

async fn a_dps_started_after_the_act_is_refused_beside_its_field_and_nothing_is_saved(
    app: TestApp,
) {
    let browser = commissioner(&app, "Haringey Council", COMMISSIONER).await;
    let form = with(&haringey_dps("HAR-DPS-2025"), "start_date", "2025-06-01");
    let error = app
        .call::<()>(&browser, "create-system", &pairs(&form))
        .await
        .expect_err("refused");
    let messages = field_messages(&error);
    assert!(
        messages
            .iter()
            .any(|(f, m)| f == "start_date" && m.contains("before 24 February 2025")),
        "{messages:?}"
    );
    let AppError::Invalid(errors) = &error else {
        unreachable!()
    };
    assert_eq!(errors.value_for("reference"), Some("HAR-DPS-2025"));
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM systems").await, 0);

    let too_long = with(&haringey_dps("HAR-DPS-2024-02"), "term", "2+1+1+1");
    let messages = field_messages(
        &app.call::<()>(&browser, "create-system", &pairs(&too_long))
            .await
            .expect_err("past 2029"),
    );
    assert!(
        messages
            .iter()
            .any(|(f, m)| f == "term" && m.contains("23 February 2029")),
        "{messages:?}"
    );
    let bad_weights = with(&haringey_dps("HAR-DPS-2024-03"), "price_weight", "30");
    let messages = field_messages(
        &app.call::<()>(&browser, "create-system", &pairs(&bad_weights))
            .await
            .expect_err("90"),
    );
    assert!(
        messages
            .iter()
            .any(|(f, m)| f == "quality_weight" && m.contains("add up to 90")),
        "{messages:?}"
    );
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM systems").await, 0);
}

async fn only_a_commissioner_creates_a_system(app: TestApp) {
    let form = haringey_dps("HAR-DPS-2024-01");
    for roles in [
        &[Role::CouncilAdmin][..],
        &[Role::Evaluator, Role::Approver, Role::Auditor],
    ] {
        let email = format!("{}@haringey.example.gov.uk", roles[0].as_str());
        let browser = app.council_user("Haringey Council", &email, roles).await;
        let error = app
            .call::<()>(&browser, "create-system", &pairs(&form))
            .await
            .expect_err("refused");
        assert_eq!(error, AppError::Forbidden, "{roles:?}");
    }
    let provider = app
        .provider_admin("Oak Tree Care", "manager@oaktree.example.co.uk")
        .await;
    assert_eq!(
        app.call::<()>(&provider, "create-system", &pairs(&form))
            .await
            .expect_err("provider"),
        AppError::Forbidden
    );
    assert_eq!(
        app.call::<()>(&app.browser(), "create-system", &pairs(&form))
            .await
            .expect_err("anonymous"),
        AppError::Unauthenticated
    );
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM systems").await, 0);
}

async fn a_reference_is_unique_within_the_council_even_when_two_create_at_once(app: TestApp) {
    let first = commissioner(&app, "Haringey Council", COMMISSIONER).await;
    let second = commissioner(&app, "Haringey Council", "second@haringey.example.gov.uk").await;
    let form = haringey_dps("HAR-DPS-2024-01");
    let fields = pairs(&form);
    let (a, b) = tokio::join!(
        app.call::<()>(&first, "create-system", &fields),
        app.call::<()>(&second, "create-system", &fields),
    );
    let refused = match (a, b) {
        (Ok(()), Err(e)) | (Err(e), Ok(())) => e,
        other => panic!("exactly one should succeed: {other:?}"),
    };
    assert!(!field_messages(&refused).is_empty());
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM systems").await, 1);
    // Case does not make a new reference; another council may use the same one.
    let messages = field_messages(
        &app.call::<()>(
            &first,
            "create-system",
            &pairs(&with(&form, "reference", "har-dps-2024-01")),
        )
        .await
        .expect_err("taken"),
    );
    assert_eq!(
        messages,
        [(
            "reference".to_string(),
            "Your council already has a system with this reference".to_string()
        )]
    );
    let elsewhere = commissioner(
        &app,
        "Sefton Council",
        "commissioning@sefton.example.gov.uk",
    )
    .await;
    create(&app, &elsewhere, &with(&form, "title", "Sefton's own")).await;
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM systems").await, 2);
}

async fn a_system_opens_only_with_a_lot_and_a_question_and_then_is_public(app: TestApp) {
    let browser = commissioner(&app, "Haringey Council", COMMISSIONER).await;
    let id = create(&app, &browser, &haringey_dps("HAR-DPS-2024-01")).await;
    let messages = field_messages(&step(&app, &browser, id, "open").await.expect_err("empty"));
    assert_eq!(messages.len(), 2, "{messages:?}");
    add_lot(&app, &browser, id, "home_care", "Home care")
        .await
        .expect("lot");
    add_question(&app, &browser, id).await.expect("question");
    step(&app, &browser, id, "open").await.expect("opens");
    let system = page(&app, &browser, id).await.expect("page");
    assert!(system.system.accepting);
    assert!(!system.rights.open && system.rights.close);
    assert!(field_messages(&step(&app, &browser, id, "open").await.expect_err("twice")).len() == 1);

    let anyone = app.browser();
    let public: Vec<SystemSummary> = app
        .call(&anyone, "open-systems", &[])
        .await
        .expect("public");
    assert_eq!(public.len(), 1);
    assert_eq!(public[0].lots, ["Lot 1: Home care"]);
    let shown: SystemView = app
        .call(&anyone, "public-system", &[("id", &id.to_string())])
        .await
        .expect("public page");
    assert_eq!(shown.sections[0].questions.len(), 1);
    let html = app
        .get(&anyone, "/systems")
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains("Home care and family support DPS"), "{html}");

    step(&app, &browser, id, "close").await.expect("closes");
    let public: Vec<SystemSummary> = app
        .call(&anyone, "open-systems", &[])
        .await
        .expect("public");
    assert!(public.is_empty());
    assert_eq!(
        app.call::<SystemView>(&anyone, "public-system", &[("id", &id.to_string())])
            .await
            .expect_err("gone"),
        AppError::NotFound
    );
}

async fn a_dynamic_markets_conditions_are_fixed_once_it_is_open_but_a_dps_may_add_lots(
    app: TestApp,
) {
    let browser = commissioner(
        &app,
        "Sefton Council",
        "commissioning@sefton.example.gov.uk",
    )
    .await;
    let market = ready(&app, &browser, &dynamic_market("SEF-DM-2026")).await;
    step(&app, &browser, market, "open").await.expect("opens");
    let lots_before = app.sql_i64("SELECT COUNT(*) FROM lots").await;
    let error = add_lot(&app, &browser, market, "supported_living_autism", "Autism")
        .await
        .expect_err("fixed");
    assert!(
        field_messages(&error)[0].1.contains("dynamic market"),
        "{error:?}"
    );
    assert!(add_question(&app, &browser, market).await.is_err());
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM lots").await, lots_before);
    assert!(
        !page(&app, &browser, market)
            .await
            .expect("page")
            .rights
            .edit_conditions
    );

    let dps = ready(&app, &browser, &haringey_dps("SEF-DPS-2024")).await;
    step(&app, &browser, dps, "open").await.expect("opens");
    add_lot(&app, &browser, dps, "family_support", "Family support")
        .await
        .expect("a DPS may add a lot");
}

async fn a_framework_opens_and_closes_application_windows(app: TestApp) {
    let browser = commissioner(
        &app,
        "Staffordshire County Council",
        "commissioning@staffordshire.example.gov.uk",
    )
    .await;
    let form = with(
        &with(
            &haringey_dps("STAFFS-FF-2022"),
            "system_type",
            "light_touch_framework",
        ),
        "start_date",
        "2022-04-01",
    );
    let id = ready(&app, &browser, &form).await;
    step(&app, &browser, id, "open").await.expect("opens");
    assert!(
        page(&app, &browser, id)
            .await
            .expect("page")
            .system
            .accepting,
        "opening opens the first window"
    );
    step(&app, &browser, id, "close_window")
        .await
        .expect("window closes");
    let shut = page(&app, &browser, id).await.expect("page");
    assert!(!shut.system.accepting && shut.rights.open_window);
    assert!(step(&app, &browser, id, "close_window").await.is_err());
    step(&app, &browser, id, "open_window")
        .await
        .expect("reopened");
    assert!(
        page(&app, &browser, id)
            .await
            .expect("page")
            .system
            .accepting
    );
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM system_windows WHERE system_id = {id}"
        ))
        .await,
        2
    );
    // A DPS is open continuously: it has no windows.
    let dps = ready(&app, &browser, &haringey_dps("STAFFS-DPS")).await;
    step(&app, &browser, dps, "open").await.expect("opens");
    assert!(step(&app, &browser, dps, "open_window").await.is_err());
}

async fn evidence_and_questions_can_be_limited_to_some_lots(app: TestApp) {
    let browser = commissioner(
        &app,
        "Sefton Council",
        "commissioning@sefton.example.gov.uk",
    )
    .await;
    let id = create(&app, &browser, &haringey_dps("SEF-CHILD")).await;
    add_lot(
        &app,
        &browser,
        id,
        "residential_childrens_home",
        "Residential homes",
    )
    .await
    .expect("lot 1");
    add_lot(&app, &browser, id, "independent_fostering", "Fostering")
        .await
        .expect("lot 2");
    let system = page(&app, &browser, id).await.expect("page").system;
    let homes = system.lots[0].id.to_string();
    // A plain HTML form sends ticked boxes as `lots[]`, once per box.
    app.call::<()>(
        &browser,
        "add-evidence-type",
        &[
            ("id", &id.to_string()),
            ("name", "Ofsted registration"),
            ("kind", "ofsted"),
            ("mandatory", "yes"),
            ("lots[]", &homes),
        ],
    )
    .await
    .expect("evidence added");
    app.call::<()>(
        &browser,
        "add-evidence-type",
        &[
            ("id", &id.to_string()),
            ("name", "Employers' liability insurance"),
            ("kind", "document"),
            ("mandatory", "yes"),
            ("expires", "yes"),
        ],
    )
    .await
    .expect("evidence for every lot");
    let error = app
        .call::<()>(
            &browser,
            "add-evidence-type",
            &[
                ("id", &id.to_string()),
                ("name", "Odd"),
                ("kind", "document"),
                ("lots[]", "999999"),
            ],
        )
        .await
        .expect_err("not a lot of this system");
    assert_eq!(
        field_messages(&error),
        [("lots".to_string(), "Select lots of this system".to_string())]
    );

    let system = page(&app, &browser, id).await.expect("page").system;
    assert_eq!(system.evidence_types.len(), 2);
    assert_eq!(system.evidence_types[0].lots, [system.lots[0].id]);
    assert!(system.evidence_types[0].mandatory && !system.evidence_types[0].expires);
    assert!(system.evidence_types[1].lots.is_empty() && system.evidence_types[1].expires);
    assert_eq!(system.lot_names(&system.evidence_types[0].lots), "Lot 1");

    // A lot something is limited to cannot be removed from under it.
    let error = app
        .call::<()>(
            &browser,
            "remove-lot",
            &[("id", &id.to_string()), ("lot_id", &homes)],
        )
        .await
        .expect_err("in use");
    assert!(field_messages(&error)[0].1.contains("Remove them first"));
    let fostering = system.lots[1].id.to_string();
    app.call::<()>(
        &browser,
        "remove-lot",
        &[("id", &id.to_string()), ("lot_id", &fostering)],
    )
    .await
    .expect("unused lot removed");
}

/// The `<input>` tag with this id in a page.
fn input_tag<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id} in the page"));
    let start = html[..at].rfind("<input").expect("an input");
    let end = at + html[at..].find('>').expect("the tag ends");
    &html[start..=end]
}

async fn a_failed_plain_post_shows_its_boxes_ticked_as_sent(app: TestApp) {
    let browser = commissioner(
        &app,
        "Sefton Council",
        "commissioning@sefton.example.gov.uk",
    )
    .await;
    let id = create(&app, &browser, &haringey_dps("SEF-TICKS")).await;
    add_lot(&app, &browser, id, "residential_childrens_home", "Homes")
        .await
        .expect("lot 1");
    add_lot(&app, &browser, id, "independent_fostering", "Fostering")
        .await
        .expect("lot 2");
    let system = page(&app, &browser, id).await.expect("page").system;
    let fostering = system.lots[1].id.to_string();
    let path = format!("/council/systems/{id}");
    // Without JavaScript: no name, "Mandatory" unticked (it starts ticked), "Expires"
    // and the second lot ticked.
    let response = browser
        .post(format!("{}/api/add-evidence-type", app.address))
        .header("referer", format!("{}{path}", app.address))
        .header("accept", "text/html")
        .form(&[
            ("id", id.to_string().as_str()),
            ("name", ""),
            ("kind", "document"),
            ("expires", "yes"),
            ("lots[]", &fostering),
        ])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection());
    let html_of = |path: String| {
        browser
            .get(format!("{}{path}", app.address))
            .header("accept", "text/html")
            .send()
    };
    let html = html_of(path.clone()).await.unwrap().text().await.unwrap();
    assert!(html.contains("Enter the evidence"), "the error is shown");
    assert!(!input_tag(&html, "mandatory").contains("checked"));
    assert!(input_tag(&html, "expires").contains("checked"));
    assert!(!input_tag(&html, "lots").contains("checked"), "first lot");
    assert!(input_tag(&html, &format!("lots-{fostering}")).contains("checked"));
    // Nothing was saved, and a fresh form starts from its defaults again.
    assert!(page(&app, &browser, id)
        .await
        .expect("page")
        .system
        .evidence_types
        .is_empty());
    let fresh = html_of(path).await.unwrap().text().await.unwrap();
    assert!(input_tag(&fresh, "mandatory").contains("checked"));
    assert!(!input_tag(&fresh, "expires").contains("checked"));
}

async fn an_edit_from_a_stale_page_is_refused(app: TestApp) {
    let browser = commissioner(&app, "Haringey Council", COMMISSIONER).await;
    let id = create(&app, &browser, &haringey_dps("HAR-DPS-2024-01")).await;
    let version = page(&app, &browser, id)
        .await
        .expect("page")
        .system
        .version
        .to_string();
    let mut edit = vec![("id", id.to_string()), ("version", version)];
    edit.extend(with(&haringey_dps("HAR-DPS-2024-01"), "title", "Renamed"));
    app.call::<()>(&browser, "update-system", &pairs(&edit))
        .await
        .expect("saved");
    assert_eq!(
        page(&app, &browser, id).await.expect("page").system.title,
        "Renamed"
    );
    let stale = with(&edit, "title", "Overwritten");
    let error = app
        .call::<()>(&browser, "update-system", &pairs(&stale))
        .await
        .expect_err("stale");
    assert!(field_messages(&error)[0]
        .1
        .contains("Someone else changed this system"));
    assert_eq!(
        page(&app, &browser, id).await.expect("page").system.title,
        "Renamed"
    );
}

async fn a_participating_council_reads_the_system_but_cannot_change_it(app: TestApp) {
    let lead = commissioner(
        &app,
        "Liverpool City Council",
        "commissioning@liverpool.example.gov.uk",
    )
    .await;
    let partner = commissioner(
        &app,
        "Knowsley Council",
        "commissioning@knowsley.example.gov.uk",
    )
    .await;
    let form = with(
        &with(
            &dynamic_market("NW-16PLUS"),
            "system_type",
            "open_framework",
        ),
        "title",
        "North West leaving care 16+",
    );
    let id = create(&app, &lead, &form).await;
    let knowsley = app
        .sql_i64("SELECT id FROM organisations WHERE name = 'Knowsley Council'")
        .await
        .to_string();
    let offered = page(&app, &lead, id).await.expect("page").other_councils;
    assert!(offered.iter().any(|c| c.id.to_string() == knowsley));
    app.call::<()>(
        &lead,
        "add-system-council",
        &[("id", &id.to_string()), ("council_id", &knowsley)],
    )
    .await
    .expect("joined");
    assert!(app
        .call::<()>(
            &lead,
            "add-system-council",
            &[("id", &id.to_string()), ("council_id", &knowsley)]
        )
        .await
        .is_err());

    let seen = page(&app, &partner, id).await.expect("partner reads it");
    assert_eq!(seen.system.participants.len(), 1);
    assert!(!seen.rights.manage);
    let list: CouncilSystemList = app
        .call(&partner, "council-systems", &[])
        .await
        .expect("list");
    assert_eq!(list.systems.len(), 1);
    assert_eq!(
        add_lot(&app, &partner, id, "leaving_care_16_plus", "16+")
            .await
            .expect_err("not theirs"),
        AppError::Forbidden
    );
    assert_eq!(
        step(&app, &partner, id, "open")
            .await
            .expect_err("not theirs"),
        AppError::Forbidden
    );
}

async fn a_council_outside_the_consortium_cannot_see_or_change_the_system(app: TestApp) {
    let lead = commissioner(&app, "Haringey Council", COMMISSIONER).await;
    let id = ready(&app, &lead, &haringey_dps("HAR-DPS-2024-01")).await;
    let outsider = commissioner(
        &app,
        "Sefton Council",
        "commissioning@sefton.example.gov.uk",
    )
    .await;
    let id_text = id.to_string();
    assert_eq!(
        page(&app, &outsider, id).await.expect_err("hidden"),
        AppError::Forbidden
    );
    let lot = page(&app, &lead, id).await.expect("page").system.lots[0]
        .id
        .to_string();
    let attempts: [(&str, Vec<(&str, &str)>); 7] = [
        (
            "add-lot",
            vec![
                ("id", &id_text),
                ("service_type", "home_care"),
                ("lot_title", "Mine"),
                ("lot_description", ""),
            ],
        ),
        ("remove-lot", vec![("id", &id_text), ("lot_id", &lot)]),
        (
            "change-system-status",
            vec![("id", &id_text), ("step", "open")],
        ),
        (
            "add-section",
            vec![("id", &id_text), ("section_title", "Mine")],
        ),
        (
            "add-evidence-type",
            vec![("id", &id_text), ("name", "Mine"), ("kind", "document")],
        ),
        (
            "add-system-council",
            vec![("id", &id_text), ("council_id", "1")],
        ),
        ("update-system", vec![("id", &id_text), ("version", "1")]),
    ];
    for (endpoint, form) in attempts {
        let mut form = form;
        let details = haringey_dps("HAR-DPS-2024-01");
        if endpoint == "update-system" {
            form.extend(pairs(&details));
        }
        let error = app
            .call::<()>(&outsider, endpoint, &form)
            .await
            .expect_err(endpoint);
        assert_eq!(error, AppError::Forbidden, "{endpoint}");
    }
    let html = app.get(&outsider, &format!("/council/systems/{id}")).await;
    assert_eq!(html.status(), 403);
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM lots").await, 1);
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM question_sections").await,
        1
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM systems WHERE status = 'draft'")
            .await,
        1
    );
    // A provider neither.
    let provider = app
        .provider_admin("Oak Tree Care", "manager@oaktree.example.co.uk")
        .await;
    assert_eq!(
        page(&app, &provider, id).await.expect_err("provider"),
        AppError::Forbidden
    );
}

async fn every_change_is_in_the_lead_councils_audit_log(app: TestApp) {
    let browser = commissioner(&app, "Haringey Council", COMMISSIONER).await;
    let id = ready(&app, &browser, &haringey_dps("HAR-DPS-2024-01")).await;
    step(&app, &browser, id, "open").await.expect("opens");
    let actions = app.audit_actions().await;
    for action in [
        "system_created",
        "lot_added",
        "section_added",
        "question_added",
        "system_opened",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
    let haringey = app
        .sql_i64("SELECT id FROM organisations WHERE name = 'Haringey Council'")
        .await;
    assert_eq!(
        app.sql_i64(&format!("SELECT COUNT(*) FROM audit_log WHERE subject = 'system:{id}' AND organisation_id = {haringey}")).await,
        5
    );
}

async fn the_demo_systems_load_once_and_are_public(app: TestApp) {
    server::admin::seed_demo(&app.state)
        .await
        .expect("demo data");
    server::admin::seed_demo(&app.state).await.expect("again");
    let public: Vec<SystemSummary> = app
        .call(&app.browser(), "open-systems", &[])
        .await
        .expect("public");
    assert_eq!(public.len(), 5, "{public:?}");
    let accepting: Vec<&str> = public
        .iter()
        .filter(|s| s.accepting)
        .map(|s| s.reference.as_str())
        .collect();
    // Staffordshire's framework is between windows; the rest take applications.
    assert_eq!(accepting.len(), 4, "{accepting:?}");
    assert!(!accepting.contains(&"STAFFS-CWD-FF"));
    let north_west = public
        .iter()
        .find(|s| s.reference == "NW-LC16-2025")
        .expect("framework");
    let shown: SystemView = app
        .call(
            &app.browser(),
            "public-system",
            &[("id", &north_west.id.to_string())],
        )
        .await
        .expect("page");
    assert_eq!(shown.participants.len(), 5);
    let sefton = app.browser();
    app.sign_in(
        &sefton,
        "commissioner@sefton.example.gov.uk",
        server::admin::DEMO_PASSWORD,
    )
    .await
    .expect("demo sign-in");
    let list: CouncilSystemList = app
        .call(&sefton, "council-systems", &[])
        .await
        .expect("list");
    // Sefton leads two and takes part in the North West framework.
    assert_eq!(list.systems.len(), 3, "{:?}", list.systems);
}
