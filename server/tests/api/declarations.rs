//! Renewed self-declarations, with the test clock: the lead council's commissioner asks
//! every member to renew within 5 working days; a member renews once, pre-filled the
//! next time; overdue members are listed and suspended in one step; requests and
//! renewals made at once are recorded once; no one else reaches them.

use crate::both;
use crate::compliance::{
    about, council_page, eligible, member, provider_page, Member, DAY, HARINGEY, PROVIDER,
};
use crate::helpers::{field_messages, TestApp};
use crate::systems::commissioner;
use app::calendar::{uk_date, Holidays};
use app::compliance::model::RenewalPage;
use app::compliance::renewal::renewal_due;
use app::error::AppError;
use app::ids::RenewalRequestId;
use reqwest::Client;

both!(
    members_renew_within_five_working_days_and_the_overdue_are_suspended_in_one_step,
    requests_and_renewals_made_at_once_are_recorded_once,
    no_one_else_asks_renews_or_reads_a_renewal,
);

async fn ask(app: &TestApp, browser: &Client, m: &Member) -> Result<(), AppError> {
    app.call(
        browser,
        "ask-renewal",
        &[("system_id", &m.system.to_string())],
    )
    .await
}

async fn suspend_overdue(app: &TestApp, browser: &Client, m: &Member) -> Result<(), AppError> {
    app.call(
        browser,
        "suspend-overdue",
        &[("system_id", &m.system.to_string())],
    )
    .await
}

async fn renewal(
    app: &TestApp,
    browser: &Client,
    id: RenewalRequestId,
) -> Result<RenewalPage, AppError> {
    app.call(browser, "load-renewal", &[("id", &id.to_string())])
        .await
}

async fn renew(
    app: &TestApp,
    browser: &Client,
    id: RenewalRequestId,
    grounds: &str,
    details: &str,
    confirm: bool,
) -> Result<(), AppError> {
    let id = id.to_string();
    let mut form = vec![
        ("id", id.as_str()),
        ("grounds", grounds),
        ("grounds_details", details),
        ("changes", "New registered manager since March"),
        ("signatory_name", "Pat Provider"),
        ("signatory_role", "Director of operations"),
    ];
    if confirm {
        form.push(("confirm", "yes"));
    }
    app.call(browser, "renew-declaration", &form).await
}

async fn latest_request(app: &TestApp, m: &Member) -> RenewalRequestId {
    RenewalRequestId(
        app.sql_i64(&format!(
            "SELECT MAX(id) FROM declaration_requests WHERE system_id = {}",
            m.system
        ))
        .await,
    )
}

async fn members_renew_within_five_working_days_and_the_overdue_are_suspended_in_one_step(
    app: TestApp,
) {
    let mut m = member(&app).await;
    let asked_on = uk_date(app.clock.now());
    ask(&app, &m.council, &m).await.expect("asked");
    assert_eq!(about(&app, PROVIDER, "Renew your declaration").await, 1);
    let id = latest_request(&app, &m).await;
    let due = renewal_due(asked_on, &Holidays::england_and_wales());
    let page = provider_page(&app, &m).await;
    let shown = page.systems[0].renewal.clone().expect("renewal shown");
    assert_eq!(shown.request, id);
    assert!(!shown.overdue && shown.renewed_label.is_none());
    assert_eq!(
        shown.due_label,
        app::systems::details::long_date(due),
        "5 working days on the council's calendar"
    );

    let error = ask(&app, &m.council, &m).await.expect_err("one at a time");
    assert!(field_messages(&error)
        .iter()
        .any(|(f, _)| f == "ask-renewal"));
    let error = suspend_overdue(&app, &m.council, &m)
        .await
        .expect_err("no one is overdue before the day");
    assert!(field_messages(&error)
        .iter()
        .any(|(f, _)| f == "suspend-overdue"));

    // First time: nothing to pre-fill but the signatory's name.
    let form = renewal(&app, &m.provider, id).await.expect("form");
    assert!(form.can_renew && !form.prefilled);
    assert_eq!(form.answers.signatory_name, "Pat Provider");
    assert!(form
        .grounds_law
        .contains("Public Contracts Regulations 2015"));

    // Both pages render without JavaScript.
    let body = app
        .get(&m.provider, &format!("/provider/declarations/{id}"))
        .await
        .text()
        .await
        .expect("page");
    assert!(
        body.contains("Renew your self-declaration") && body.contains("Pat Provider"),
        "{body}"
    );
    let body = app
        .get(
            &m.council,
            &format!("/council/systems/{}/compliance", m.system),
        )
        .await
        .text()
        .await
        .expect("page");
    assert!(body.contains("0 of 1 members have renewed"), "{body}");

    // Bad input: every problem beside its field, nothing recorded.
    let error = renew(&app, &m.provider, id, "", "", false)
        .await
        .expect_err("incomplete");
    let fields: Vec<String> = field_messages(&error).into_iter().map(|(f, _)| f).collect();
    assert!(fields.contains(&"grounds".to_string()) && fields.contains(&"confirm".to_string()));
    let error = renew(&app, &m.provider, id, "apply", "", true)
        .await
        .expect_err("a ground needs details");
    assert!(field_messages(&error)
        .iter()
        .any(|(f, _)| f == "grounds_details"));
    let round = council_page(&app, &m.council, &m)
        .await
        .expect("page")
        .renewal
        .expect("round");
    assert_eq!((round.asked_of, round.renewed), (1, 0));

    // The day passes: overdue, listed, and suspended from every lot in one step.
    let days = (due - asked_on).whole_days() + 1;
    app.clock.advance(days * DAY);
    m.sign_in_again(&app).await;
    let page = council_page(&app, &m.council, &m).await.expect("page");
    let round = page.renewal.clone().expect("round");
    assert!(round.due_passed && round.outstanding.len() == 1 && round.to_suspend() == 1);
    assert!(
        page.can_ask_renewal,
        "a new request may be made once the day has passed"
    );
    assert!(provider_page(&app, &m).await.systems[0]
        .renewal
        .as_ref()
        .is_some_and(|r| r.overdue));
    assert_eq!(
        suspend_overdue(&app, &m.evaluator, &m).await,
        Err(AppError::Forbidden)
    );
    assert!(
        eligible(&app, &m, m.lot1).await,
        "a refused attempt changes nothing"
    );
    suspend_overdue(&app, &m.council, &m)
        .await
        .expect("suspended");
    assert!(!eligible(&app, &m, m.lot1).await && !eligible(&app, &m, m.lot2).await);
    assert_eq!(about(&app, PROVIDER, "Suspended from").await, 1);
    let round = council_page(&app, &m.council, &m)
        .await
        .expect("page")
        .renewal
        .expect("round");
    assert!(round.outstanding[0].suspended && round.to_suspend() == 0);
    assert!(
        suspend_overdue(&app, &m.council, &m).await.is_err(),
        "everyone overdue is suspended already"
    );
    let csv = app
        .get(
            &m.council,
            &format!("/council/systems/{}/compliance.csv", m.system),
        )
        .await
        .text()
        .await
        .expect("csv");
    assert!(csv.contains("renewal overdue,Rosewood Care Ltd"), "{csv}");

    // Renewed late, declaring a ground: recorded once, and the commissioners hear of it.
    renew(
        &app,
        &m.provider,
        id,
        "apply",
        "A director was convicted in May; they have left the board",
        true,
    )
    .await
    .expect("renewed");
    assert!(
        renew(&app, &m.provider, id, "none", "", true)
            .await
            .is_err(),
        "renewed once only"
    );
    app.run_jobs().await;
    assert_eq!(about(&app, HARINGEY, "Declaration renewed").await, 1);
    let page = council_page(&app, &m.council, &m).await.expect("page");
    let round = page.renewal.expect("round");
    assert_eq!((round.renewed, round.outstanding.len()), (1, 0));
    assert!(round.flagged[0].details.contains("director was convicted"));
    assert!(
        !eligible(&app, &m, m.lot1).await,
        "a council's suspension stays until the council lifts it"
    );
    assert!(app
        .audit_actions()
        .await
        .iter()
        .any(|a| a == "declaration_renewed"));

    // The next request is pre-filled from this declaration, but asks about grounds afresh.
    ask(&app, &m.council, &m).await.expect("asked again");
    let next = latest_request(&app, &m).await;
    assert_ne!(next, id);
    let form = renewal(&app, &m.provider, next).await.expect("form");
    assert!(form.prefilled && form.can_renew);
    assert_eq!(form.answers.signatory_role, "Director of operations");
    assert_eq!(form.answers.grounds, "");
    assert!(
        renew(&app, &m.provider, id, "none", "", true)
            .await
            .is_err(),
        "an old request cannot be renewed once replaced"
    );
}

async fn requests_and_renewals_made_at_once_are_recorded_once(app: TestApp) {
    let m = member(&app).await;
    let (a, b) = tokio::join!(ask(&app, &m.council, &m), ask(&app, &m.council, &m));
    assert_eq!(
        [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "{a:?} {b:?}"
    );
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM declaration_requests WHERE system_id = {}",
            m.system
        ))
        .await,
        1
    );
    let id = latest_request(&app, &m).await;
    let (a, b) = tokio::join!(
        renew(&app, &m.provider, id, "none", "", true),
        renew(&app, &m.provider, id, "none", "", true)
    );
    assert_eq!(
        [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "{a:?} {b:?}"
    );
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM declaration_renewals WHERE request_id = {id}"
        ))
        .await,
        1
    );
}

async fn no_one_else_asks_renews_or_reads_a_renewal(app: TestApp) {
    let m = member(&app).await;
    let other = commissioner(
        &app,
        "Knowsley Council",
        "commissioning@knowsley.example.gov.uk",
    )
    .await;
    assert_eq!(ask(&app, &other, &m).await, Err(AppError::NotFound));
    assert_eq!(ask(&app, &m.evaluator, &m).await, Err(AppError::Forbidden));
    ask(&app, &m.council, &m).await.expect("asked");
    let id = latest_request(&app, &m).await;
    let stranger = app
        .provider_admin("Elsewhere Care Ltd", "admin@elsewhere-care.example.com")
        .await;
    assert_eq!(renewal(&app, &stranger, id).await, Err(AppError::NotFound));
    assert_eq!(
        renew(&app, &stranger, id, "none", "", true).await,
        Err(AppError::NotFound)
    );
    assert!(
        renewal(&app, &m.council, id).await.is_err(),
        "a council user does not renew a provider's declaration"
    );
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM declaration_renewals WHERE request_id = {id}"
        ))
        .await,
        0
    );
}
