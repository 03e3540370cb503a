//! Ongoing compliance, with the test clock: expiry reminders go once each (a second run
//! or a second server sends nothing more), expired mandatory evidence suspends only the
//! lots that need it and accepting a replacement lifts it at once, a suspended member
//! is absent from the eligible-provider query, and only the lead council's
//! commissioners suspend, lift and remove.

use crate::applications::{pdf, questionnaire, start, submit, upload};
use crate::both;
use crate::helpers::{field_messages, TestApp};
use crate::systems::{add_lot, commissioner, create, haringey_dps, step};
use app::auth::roles::Role;
use app::calendar::uk_date;
use app::compliance::model::{ProviderCompliance, Standing, SystemCompliance};
use app::error::AppError;
use app::evidence::model::EvidenceItem;
use app::ids::{ApplicationId, LotId, OrganisationId, SystemId};
use reqwest::{Client, StatusCode};

both!(
    each_expiry_reminder_goes_once_however_many_runs_or_servers,
    expired_mandatory_evidence_suspends_only_its_lots_until_a_replacement_is_accepted,
    only_the_lead_councils_commissioners_suspend_lift_and_remove,
    the_demo_provider_whose_insurance_lapsed_is_suspended_from_both_its_lots,
);

pub(crate) const HARINGEY: &str = "commissioning@haringey.example.gov.uk";
pub(crate) const EVALUATOR: &str = "evaluation@haringey.example.gov.uk";
pub(crate) const PROVIDER: &str = "bids@rosewood-care.example.com";
pub(crate) const DAY: i64 = 24 * 60 * 60;
const PLAN: &str = "Home care business continuity plan";

pub(crate) struct Member {
    pub council: Client,
    pub evaluator: Client,
    pub provider: Client,
    pub system: SystemId,
    pub organisation: OrganisationId,
    pub lot1: LotId,
    pub lot2: LotId,
}

fn in_days(app: &TestApp, days: i64) -> String {
    uk_date(app.clock.now() + days * DAY).to_string()
}

async fn library(app: &TestApp, browser: &Client) -> Vec<EvidenceItem> {
    app.call(browser, "evidence-library", &[])
        .await
        .expect("library")
}

/// A Haringey DPS with two lots: insurance for every lot, and a business continuity
/// plan for lot 1 only, both mandatory and expiring. Rosewood is admitted to both lots
/// with insurance valid for a year and a plan that expires in 40 days.
pub(crate) async fn member(app: &TestApp) -> Member {
    let council = commissioner(app, "Haringey Council", HARINGEY).await;
    let system = create(app, &council, &haringey_dps("HAR-DPS-2024-01")).await;
    add_lot(app, &council, system, "home_care", "Home care")
        .await
        .expect("lot 1");
    add_lot(app, &council, system, "family_support", "Family support")
        .await
        .expect("lot 2");
    questionnaire(app, &council, system).await;
    let lot = |n: i64| async move {
        LotId(
            app.sql_i64(&format!(
                "SELECT id FROM lots WHERE system_id = {system} AND number = {n}"
            ))
            .await,
        )
    };
    let (lot1, lot2) = (lot(1).await, lot(2).await);
    app.call::<()>(
        &council,
        "add-evidence-type",
        &[
            ("id", &system.to_string()),
            ("name", PLAN),
            ("kind", "document"),
            ("mandatory", "yes"),
            ("expires", "yes"),
            ("lots[]", &lot1.to_string()),
        ],
    )
    .await
    .expect("plan type");
    step(app, &council, system, "open").await.expect("opened");

    let provider = app.provider_admin("Rosewood Care Ltd", PROVIDER).await;
    upload(app, &provider, PLAN, &in_days(app, 40), "plan.pdf", pdf())
        .await
        .expect("plan");
    upload(
        app,
        &provider,
        "Public liability insurance",
        &in_days(app, 365),
        "insurance.pdf",
        pdf(),
    )
    .await
    .expect("insurance");
    let id = start(app, &provider, system).await.expect("started");
    crate::applications::complete(app, &provider, id).await;
    let plan = library(app, &provider)
        .await
        .into_iter()
        .find(|i| i.title == PLAN)
        .expect("plan item");
    let plan_type = app
        .sql_i64(&format!(
            "SELECT id FROM evidence_types WHERE system_id = {system} AND name = '{PLAN}'"
        ))
        .await;
    app.call::<()>(
        &provider,
        "attach-evidence",
        &[
            ("id", &id.to_string()),
            (&format!("evidence[{plan_type}]"), &plan.id.to_string()),
        ],
    )
    .await
    .expect("plan attached");
    submit(app, &provider, id).await.expect("submitted");
    let evaluator = app
        .council_user("Haringey Council", EVALUATOR, &[Role::Evaluator])
        .await;
    admit(app, &evaluator, id, &[lot1, lot2]).await;
    let organisation = OrganisationId(
        app.sql_i64("SELECT id FROM organisations WHERE name = 'Rosewood Care Ltd'")
            .await,
    );
    Member {
        council,
        evaluator,
        provider,
        system,
        organisation,
        lot1,
        lot2,
    }
}

impl Member {
    /// Signs everyone in again: sessions end after 30 idle minutes, and the clock has
    /// moved on by days.
    pub(crate) async fn sign_in_again(&mut self, app: &TestApp) {
        self.council = app.sign_in_as(HARINGEY).await;
        self.evaluator = app.sign_in_as(EVALUATOR).await;
        self.provider = app.sign_in_as(PROVIDER).await;
    }
}

async fn admit(app: &TestApp, evaluator: &Client, id: ApplicationId, lots: &[LotId]) {
    let page: app::reviews::model::ReviewPage = app
        .call(evaluator, "load-review", &[("id", &id.to_string())])
        .await
        .expect("review");
    for c in page
        .criteria
        .iter()
        .filter(|c| c.mark == app::applications::marking::Mark::NeedsEvaluator)
    {
        app.call::<()>(
            evaluator,
            "evaluate-criterion",
            &[
                ("id", &id.to_string()),
                ("criterion", &c.key),
                ("verdict", "accept"),
                ("reason", ""),
            ],
        )
        .await
        .expect("accepted");
    }
    let id = id.to_string();
    let lots: Vec<String> = lots.iter().map(|l| l.to_string()).collect();
    let mut form = vec![("id", id.as_str()), ("decision", "admit")];
    form.extend(lots.iter().map(|l| ("lots[]", l.as_str())));
    app.call::<()>(evaluator, "record-decision", &form)
        .await
        .expect("admitted");
}

/// The day's sweep, as the job runner does it: queued once per day, run when due.
pub(crate) async fn sweep(app: &TestApp) {
    app::compliance::service::sweep::schedule_today(&app.state)
        .await
        .expect("scheduled");
    app.run_jobs().await;
}

pub(crate) async fn eligible(app: &TestApp, m: &Member, lot: LotId) -> bool {
    let mut conn = app.db.pool.acquire().await.expect("connection");
    app::compliance::repo::eligible_providers(&mut conn, m.system, lot)
        .await
        .expect("eligible")
        .contains(&m.organisation)
}

pub(crate) async fn about(app: &TestApp, to: &str, subject: &str) -> usize {
    app.emails_to(to)
        .await
        .iter()
        .filter(|(s, _)| s.contains(subject))
        .count()
}

pub(crate) async fn provider_page(app: &TestApp, m: &Member) -> ProviderCompliance {
    app.call(&m.provider, "load-provider-compliance", &[])
        .await
        .expect("provider page")
}

pub(crate) async fn council_page(
    app: &TestApp,
    browser: &Client,
    m: &Member,
) -> Result<SystemCompliance, AppError> {
    app.call(
        browser,
        "load-system-compliance",
        &[("id", &m.system.to_string())],
    )
    .await
}

async fn each_expiry_reminder_goes_once_however_many_runs_or_servers(app: TestApp) {
    let mut m = member(&app).await;
    sweep(&app).await;
    assert_eq!(
        about(&app, PROVIDER, "Expires in").await,
        0,
        "40 days before: nothing yet"
    );

    app.clock.advance(10 * DAY);
    m.sign_in_again(&app).await;
    sweep(&app).await;
    sweep(&app).await;
    app.run_jobs().await;
    assert_eq!(
        about(&app, PROVIDER, &format!("Expires in 30 days: {PLAN}")).await,
        1
    );
    let page = provider_page(&app, &m).await;
    assert!(
        page.reminders.iter().any(|r| r.contains("30 days before")),
        "{:?}",
        page.reminders
    );

    // Seven days before, two servers on one database sweep at the same moment.
    app.clock.advance(23 * DAY);
    let beside = app.spawn_beside().await;
    beside.clock.advance(app.clock.now() - beside.clock.now());
    let (a, b) = tokio::join!(
        app::compliance::service::sweep::sweep(&app.state),
        app::compliance::service::sweep::sweep(&beside.state)
    );
    assert_eq!(
        a.expect("sweep a").reminders + b.expect("sweep b").reminders,
        1
    );
    assert_eq!(
        about(&app, PROVIDER, &format!("Expires in 7 days: {PLAN}")).await,
        1
    );

    // The server is down over expiry day and back two days later: the notice that is
    // true then goes, once, and the suspension with it.
    app.clock.advance(9 * DAY);
    sweep(&app).await;
    sweep(&app).await;
    assert_eq!(about(&app, PROVIDER, &format!("Expired: {PLAN}")).await, 1);
    assert_eq!(
        about(&app, PROVIDER, "Expires in").await,
        2,
        "no late 30- or 7-day reminder"
    );
    assert!(!eligible(&app, &m, m.lot1).await);
}

async fn expired_mandatory_evidence_suspends_only_its_lots_until_a_replacement_is_accepted(
    app: TestApp,
) {
    let mut m = member(&app).await;
    assert!(eligible(&app, &m, m.lot1).await && eligible(&app, &m, m.lot2).await);

    // The plan is current through its expiry day and lapses the next.
    app.clock.advance(40 * DAY);
    sweep(&app).await;
    assert!(
        eligible(&app, &m, m.lot1).await,
        "current on its expiry day"
    );
    app.clock.advance(DAY);
    m.sign_in_again(&app).await;
    sweep(&app).await;
    assert!(!eligible(&app, &m, m.lot1).await, "suspended from lot 1");
    assert!(
        eligible(&app, &m, m.lot2).await,
        "lot 2 does not need the plan"
    );
    assert_eq!(about(&app, PROVIDER, "Suspended from").await, 1);
    assert_eq!(about(&app, HARINGEY, "Suspended from").await, 1);
    let page = provider_page(&app, &m).await;
    let lots = &page.systems[0].lots;
    match &lots[0].standing {
        Standing::Suspended { reasons } => assert!(
            reasons[0].contains(&format!("{PLAN} expired on")),
            "{reasons:?}"
        ),
        other => panic!("lot 1 should be suspended: {other:?}"),
    }
    assert_eq!(lots[1].standing, Standing::Admitted);
    let council = council_page(&app, &m.council, &m)
        .await
        .expect("council page");
    assert_eq!(council.suspended.len(), 1);
    assert_eq!(council.expired.len(), 1);

    // A second sweep changes nothing and tells no one again.
    sweep(&app).await;
    assert_eq!(about(&app, PROVIDER, "Suspended from").await, 1);

    // An expired item cannot be sent as the replacement; a current one can.
    let old = library(&app, &m.provider)
        .await
        .into_iter()
        .find(|i| i.title == PLAN)
        .expect("old plan");
    let plan_type = app
        .sql_i64(&format!(
            "SELECT id FROM evidence_types WHERE system_id = {} AND name = '{PLAN}'",
            m.system
        ))
        .await
        .to_string();
    let send = |item: String| {
        let (app, m, plan_type) = (&app, &m, plan_type.clone());
        async move {
            app.call::<()>(
                &m.provider,
                "send-replacement",
                &[
                    ("system_id", &m.system.to_string()),
                    ("evidence_type", &plan_type),
                    ("item", &item),
                ],
            )
            .await
        }
    };
    let error = send(old.id.to_string())
        .await
        .expect_err("expired item refused");
    assert!(
        field_messages(&error)
            .iter()
            .any(|(_, msg)| msg.contains("expired")),
        "{error:?}"
    );
    upload(
        &app,
        &m.provider,
        "Business continuity plan 2027",
        &in_days(&app, 365),
        "plan-2027.pdf",
        pdf(),
    )
    .await
    .expect("new plan");
    let new = library(&app, &m.provider)
        .await
        .into_iter()
        .find(|i| i.title.ends_with("2027"))
        .expect("new plan");
    send(new.id.to_string()).await.expect("sent");
    assert!(
        !eligible(&app, &m, m.lot1).await,
        "still suspended until a person accepts it"
    );
    let council = council_page(&app, &m.evaluator, &m)
        .await
        .expect("council page");
    let pending = council.pending.first().expect("waiting to be checked");

    // Refusing needs a reason and changes nothing; accepting lifts at once.
    let decide = |decision: &'static str, reason: &'static str| {
        let (app, m, id) = (&app, &m, pending.id.to_string());
        async move {
            app.call::<()>(
                &m.evaluator,
                "decide-replacement",
                &[
                    ("system_id", &m.system.to_string()),
                    ("id", &id),
                    ("decision", decision),
                    ("reason", reason),
                ],
            )
            .await
        }
    };
    let error = decide("refuse", "")
        .await
        .expect_err("a refusal needs a reason");
    assert!(!field_messages(&error).is_empty(), "{error:?}");
    let error = app
        .call::<()>(
            &m.council,
            "decide-replacement",
            &[
                ("system_id", &m.system.to_string()),
                ("id", &pending.id.to_string()),
                ("decision", "accept"),
            ],
        )
        .await
        .expect_err("a commissioner is not an evaluator");
    assert_eq!(error, AppError::Forbidden);
    decide("accept", "").await.expect("accepted");
    assert!(
        eligible(&app, &m, m.lot1).await,
        "lifted without waiting for the sweep"
    );
    assert_eq!(about(&app, PROVIDER, "Suspension lifted").await, 1);
    let page = provider_page(&app, &m).await;
    assert_eq!(page.systems[0].lots[0].standing, Standing::Admitted);
    let actions = app.audit_actions().await;
    for action in [
        "provider_suspended",
        "evidence_replacement_submitted",
        "evidence_replacement_decided",
        "suspension_lifted",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
    sweep(&app).await;
    assert!(
        eligible(&app, &m, m.lot1).await,
        "the next sweep keeps it lifted"
    );
    assert!(decide("accept", "").await.is_err(), "decided once only");
}

async fn only_the_lead_councils_commissioners_suspend_lift_and_remove(app: TestApp) {
    let m = member(&app).await;
    let other = commissioner(
        &app,
        "Knowsley Council",
        "commissioning@knowsley.example.gov.uk",
    )
    .await;
    let system = m.system.to_string();
    let organisation = m.organisation.to_string();
    let lot2 = m.lot2.to_string();
    let suspend = |browser: &Client, lots: Vec<String>, reason: &'static str| {
        let (app, system, organisation) = (&app, system.clone(), organisation.clone());
        let browser = browser.clone();
        async move {
            let mut form = vec![
                ("system_id".to_string(), system),
                ("suspend_provider".to_string(), organisation),
                ("suspend_reason".to_string(), reason.to_string()),
            ];
            form.extend(lots.into_iter().map(|l| ("lots[]".to_string(), l)));
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.call::<()>(&browser, "suspend-provider", &form).await
        }
    };
    let reason = "Safeguarding concern under investigation";
    assert_eq!(
        suspend(&m.evaluator, vec![lot2.clone()], reason).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        suspend(&m.provider, vec![lot2.clone()], reason).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        suspend(&other, vec![lot2.clone()], reason).await,
        Err(AppError::NotFound)
    );
    assert_eq!(
        council_page(&app, &other, &m).await,
        Err(AppError::NotFound)
    );
    let error = suspend(&m.council, vec![], reason)
        .await
        .expect_err("no lot");
    assert!(
        field_messages(&error)
            .iter()
            .any(|(f, _)| f == "suspend-lots"),
        "{error:?}"
    );
    let error = suspend(&m.council, vec![lot2.clone()], "")
        .await
        .expect_err("no reason");
    assert!(
        field_messages(&error)
            .iter()
            .any(|(f, _)| f == "suspend_reason"),
        "{error:?}"
    );
    assert!(
        eligible(&app, &m, m.lot2).await,
        "refused attempts change nothing"
    );

    suspend(&m.council, vec![lot2.clone()], reason)
        .await
        .expect("suspended");
    assert!(!eligible(&app, &m, m.lot2).await && eligible(&app, &m, m.lot1).await);
    let page = council_page(&app, &m.council, &m).await.expect("page");
    let suspension = page.suspended.first().expect("listed");
    assert!(!suspension.automatic && suspension.reasons[0].contains(reason));
    let lift = |browser: &Client, reason: &'static str| {
        let (app, system, id) = (&app, system.clone(), suspension.id.to_string());
        let browser = browser.clone();
        async move {
            app.call::<()>(
                &browser,
                "lift-suspension",
                &[("system_id", &system), ("id", &id), ("reason", reason)],
            )
            .await
        }
    };
    assert_eq!(lift(&other, "Resolved").await, Err(AppError::NotFound));
    assert_eq!(
        lift(&m.evaluator, "Resolved").await,
        Err(AppError::Forbidden)
    );
    lift(&m.council, "Investigation closed with no finding")
        .await
        .expect("lifted");
    assert!(eligible(&app, &m, m.lot2).await);

    // The pages render without JavaScript, with the actions their readers may take.
    let html = |browser: &Client, path: String| {
        let (app, browser) = (&app, browser.clone());
        async move {
            let response = browser
                .get(format!("{}{path}", app.address))
                .header("accept", "text/html")
                .send()
                .await
                .expect("page");
            (response.status(), response.text().await.expect("body"))
        }
    };
    let (status, body) = html(&m.council, format!("/council/systems/{system}/compliance")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("Suspend a provider") && body.contains("Rosewood Care Ltd"),
        "{body}"
    );
    let (status, body) = html(
        &m.evaluator,
        format!("/council/systems/{system}/compliance"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !body.contains("Suspend a provider"),
        "an evaluator does not suspend"
    );
    let (status, body) = html(&m.provider, "/provider/compliance".into()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Admitted") && body.contains(PLAN), "{body}");

    // The CSV holds the same lists, for the lead council's users only.
    let csv = app
        .get(
            &m.council,
            &format!("/council/systems/{system}/compliance.csv"),
        )
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .starts_with("text/csv"));
    assert!(csv
        .text()
        .await
        .expect("csv")
        .starts_with("list,provider,lot,evidence,item,detail"));
    let refused = app
        .get(&other, &format!("/council/systems/{system}/compliance.csv"))
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);

    let remove = |browser: &Client, ground: &'static str| {
        let (app, system, organisation) = (&app, system.clone(), organisation.clone());
        let browser = browser.clone();
        async move {
            app.call::<()>(
                &browser,
                "remove-provider",
                &[
                    ("system_id", system.as_str()),
                    ("remove_provider", organisation.as_str()),
                    ("removal_ground", ground),
                    ("removal_reason", "Added to the debarment list on 1 March"),
                ],
            )
            .await
        }
    };
    assert_eq!(remove(&other, "mandatory").await, Err(AppError::NotFound));
    let error = remove(&m.council, "")
        .await
        .expect_err("a ground is needed");
    assert!(
        field_messages(&error)
            .iter()
            .any(|(f, _)| f == "removal_ground"),
        "{error:?}"
    );
    remove(&m.council, "mandatory").await.expect("removed");
    assert!(!eligible(&app, &m, m.lot1).await && !eligible(&app, &m, m.lot2).await);
    let page = provider_page(&app, &m).await;
    assert!(page.systems[0]
        .lots
        .iter()
        .all(|l| matches!(l.standing, Standing::Removed { .. })));
    assert_eq!(about(&app, PROVIDER, "Removed from").await, 1);
    assert!(app
        .audit_actions()
        .await
        .iter()
        .any(|a| a == "provider_removed"));
}

/// The demo data shows a suspension from its first run: Northgate was admitted to two
/// lots of Haringey's DPS 380 days ago with insurance that ran for a year.
async fn the_demo_provider_whose_insurance_lapsed_is_suspended_from_both_its_lots(app: TestApp) {
    server::admin::seed_demo(&app.state)
        .await
        .expect("demo data");
    let northgate = app.browser();
    app.sign_in(
        &northgate,
        "manager@northgate.example.co.uk",
        server::admin::DEMO_PASSWORD,
    )
    .await
    .expect("demo sign-in");
    let page: ProviderCompliance = app
        .call(&northgate, "load-provider-compliance", &[])
        .await
        .expect("provider page");
    let [dps] = &page.systems[..] else {
        panic!("one system: {:?}", page.systems);
    };
    assert!(
        dps.title.starts_with("Home care, family support"),
        "{}",
        dps.title
    );
    assert_eq!(dps.lots.len(), 2, "{:?}", dps.lots);
    for lot in &dps.lots {
        match &lot.standing {
            Standing::Suspended { reasons } => assert!(
                reasons.iter().any(|r| r.contains("insurance")),
                "{reasons:?}"
            ),
            other => panic!("{} is {other:?}", lot.label),
        }
    }
    assert_eq!(
        about(&app, "manager@northgate.example.co.uk", "Suspended from").await,
        1
    );
    let dashboard: app::accounts::colleagues::ProviderOverview = app
        .call(&northgate, "provider-dashboard", &[])
        .await
        .expect("dashboard");
    assert!(
        dashboard.attention[0]
            .starts_with("Suspended from Lot 1: Home care and Lot 2: Family support of Home care"),
        "{:?}",
        dashboard.attention
    );
    assert!(
        dashboard.attention[1].starts_with("Employers' and public liability insurance"),
        "{:?}",
        dashboard.attention
    );

    let organisation = OrganisationId(
        app.sql_i64("SELECT id FROM organisations WHERE name = 'Northgate Home Care Ltd'")
            .await,
    );
    let mut conn = app.db.pool.acquire().await.expect("connection");
    for number in [1, 2] {
        let lot = LotId(
            app.sql_i64(&format!(
                "SELECT id FROM lots WHERE system_id = {} AND number = {number}",
                dps.id
            ))
            .await,
        );
        let eligible = app::compliance::repo::eligible_providers(&mut conn, dps.id, lot)
            .await
            .expect("eligible");
        assert!(!eligible.contains(&organisation), "lot {number}");
    }
    drop(conn);

    let haringey = app.browser();
    app.sign_in(
        &haringey,
        "commissioner@haringey.example.gov.uk",
        server::admin::DEMO_PASSWORD,
    )
    .await
    .expect("demo sign-in");
    let council: SystemCompliance = app
        .call(
            &haringey,
            "load-system-compliance",
            &[("id", &dps.id.to_string())],
        )
        .await
        .expect("council page");
    let suspended: Vec<&str> = council
        .suspended
        .iter()
        .filter(|s| s.automatic)
        .map(|s| s.provider.as_str())
        .collect();
    assert_eq!(suspended, ["Northgate Home Care Ltd"; 2]);
    assert_eq!(council.expired.len(), 1, "{:?}", council.expired);

    // Seeding again sends nothing more.
    server::admin::seed_demo(&app.state).await.expect("again");
    assert_eq!(
        about(&app, "manager@northgate.example.co.uk", "Suspended from").await,
        1
    );
}
