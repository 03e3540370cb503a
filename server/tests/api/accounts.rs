use crate::both;
use crate::helpers::{field_messages, spawn_configured, Backend, TestApp, PASSWORD};
use app::auth::user::CurrentUser;
use app::error::AppError;

async fn who(app: &TestApp, browser: &reqwest::Client) -> Option<CurrentUser> {
    app.call::<Option<CurrentUser>>(browser, "who-am-i", &[])
        .await
        .unwrap()
}

both!(
    sign_up_confirm_and_sign_in_reaches_the_provider_dashboard,
    sign_up_with_bad_input_explains_each_field_and_creates_nothing,
    sign_up_with_a_registered_email_reveals_nothing_and_emails_the_owner,
    organisation_names_are_unique_whatever_their_case,
    unconfirmed_account_cannot_sign_in,
    confirmation_link_works_once,
    expired_confirmation_link_is_refused,
    wrong_password_is_refused_and_audited,
    unknown_email_gets_the_same_answer_as_a_wrong_password,
    ten_failures_lock_the_account_even_for_the_right_password,
    ten_failures_from_one_address_lock_that_address,
    a_forged_forwarded_for_does_not_escape_the_address_lock,
    session_id_changes_at_sign_in,
    sign_out_ends_the_session,
    idle_session_expires_after_thirty_minutes,
    a_hundred_simultaneous_guesses_check_at_most_ten_passwords,
    two_sign_ups_with_one_email_at_once_make_one_account,
    sign_ups_cannot_flood_one_mailbox,
);

async fn sign_up_confirm_and_sign_in_reaches_the_provider_dashboard(app: TestApp) {
    let browser = app
        .provider_admin("Oak Tree Homes", "manager@oaktree.example.co.uk")
        .await;
    let me = who(&app, &browser).await.expect("signed in");
    assert_eq!(me.organisation_name, "Oak Tree Homes");
    assert_eq!(me.roles, vec![app::auth::roles::Role::ProviderAdmin]);
    let page = app.get(&browser, "/provider").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Your organisation") && html.contains("manager@oaktree.example.co.uk"),
        "{html}"
    );
    let actions = app.audit_actions().await;
    for expected in ["sign_up", "email_verified", "sign_in"] {
        assert!(actions.contains(&expected.to_string()), "{actions:?}");
    }
}

async fn sign_up_with_bad_input_explains_each_field_and_creates_nothing(app: TestApp) {
    let browser = app.browser();
    let error = app
        .call::<()>(
            &browser,
            "sign-up",
            &[
                ("organisation", " "),
                ("full_name", ""),
                ("email", "not-an-email"),
                ("password", "short"),
            ],
        )
        .await
        .unwrap_err();
    let fields: Vec<String> = field_messages(&error).into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["organisation", "full_name", "email", "password"]);
    if let AppError::Invalid(e) = &error {
        assert_eq!(
            e.value_for("email"),
            Some("not-an-email"),
            "typed values come back"
        );
        assert_eq!(e.value_for("password"), None, "passwords never come back");
    }
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM users").await, 0);
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM organisations").await, 0);
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM jobs").await, 0);
}

async fn sign_up_with_a_registered_email_reveals_nothing_and_emails_the_owner(app: TestApp) {
    let email = "manager@oaktree.example.co.uk";
    app.provider_admin("Oak Tree Homes", email).await;
    let other = app.browser();
    let second = app
        .call::<()>(
            &other,
            "sign-up",
            &[
                ("organisation", "Elm Homes"),
                ("full_name", "Eve"),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(second, Ok(()), "the same answer as a new sign-up");
    // The same work as a new sign-up, so the same time: one job, decided later.
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM jobs WHERE kind = 'create_provider_account'")
            .await,
        2
    );
    let (subject, _) = app.last_email_to(email).await.unwrap();
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM organisations").await, 1);
    assert!(
        subject.starts_with("You already have an account"),
        "{subject}"
    );
}

async fn organisation_names_are_unique_whatever_their_case(app: TestApp) {
    app.provider_admin("Oak Tree Homes", "a@oaktree.example.co.uk")
        .await;
    let error = app
        .call::<()>(
            &app.browser(),
            "sign-up",
            &[
                ("organisation", "oak  tree HOMES"),
                ("full_name", "B"),
                ("email", "b@elm.example.co.uk"),
                ("password", PASSWORD),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(field_messages(&error)[0].0, "organisation");
}

async fn unconfirmed_account_cannot_sign_in(app: TestApp) {
    let browser = app.browser();
    let email = "new@provider.example.co.uk";
    app.call::<()>(
        &browser,
        "sign-up",
        &[
            ("organisation", "New Care"),
            ("full_name", "N"),
            ("email", email),
            ("password", PASSWORD),
        ],
    )
    .await
    .unwrap();
    // The account is made by a job, at once in a running portal.
    app.run_jobs().await;
    let error = app.sign_in(&browser, email, PASSWORD).await.unwrap_err();
    assert!(field_messages(&error)[0]
        .1
        .contains("Confirm your email address"));
    assert_eq!(who(&app, &browser).await, None);
}

async fn confirmation_link_works_once(app: TestApp) {
    let browser = app.browser();
    let email = "new@provider.example.co.uk";
    app.call::<()>(
        &browser,
        "sign-up",
        &[
            ("organisation", "New Care"),
            ("full_name", "N"),
            ("email", email),
            ("password", PASSWORD),
        ],
    )
    .await
    .unwrap();
    let token = app.token_from_email(email).await;
    app.call::<()>(&browser, "verify-email", &[("token", &token)])
        .await
        .unwrap();
    let again = app
        .call::<()>(&browser, "verify-email", &[("token", &token)])
        .await
        .unwrap_err();
    assert!(field_messages(&again)[0].1.contains("already been used"));
    let forged = app
        .call::<()>(&browser, "verify-email", &[("token", &"0".repeat(64))])
        .await
        .unwrap_err();
    assert!(field_messages(&forged)[0].1.contains("not valid"));
}

async fn expired_confirmation_link_is_refused(app: TestApp) {
    let browser = app.browser();
    let email = "late@provider.example.co.uk";
    app.call::<()>(
        &browser,
        "sign-up",
        &[
            ("organisation", "Late Care"),
            ("full_name", "L"),
            ("email", email),
            ("password", PASSWORD),
        ],
    )
    .await
    .unwrap();
    let token = app.token_from_email(email).await;
    // 24 hours and a second later.
    app.clock.advance(86_401);
    let error = app
        .call::<()>(&browser, "verify-email", &[("token", &token)])
        .await
        .unwrap_err();
    assert!(field_messages(&error)[0].1.contains("expired"));
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM users WHERE email_verified = TRUE")
            .await,
        0
    );
}

async fn wrong_password_is_refused_and_audited(app: TestApp) {
    let email = "manager@oaktree.example.co.uk";
    app.provider_admin("Oak Tree Homes", email).await;
    let browser = app.browser();
    let error = app
        .sign_in(&browser, email, "not-the-password")
        .await
        .unwrap_err();
    assert_eq!(
        field_messages(&error),
        [(
            "email".to_string(),
            "Enter a correct email address and password".to_string()
        )]
    );
    assert_eq!(who(&app, &browser).await, None);
    assert_eq!(
        app.audit_actions().await.last().map(String::as_str),
        Some("sign_in_failed")
    );
}

async fn unknown_email_gets_the_same_answer_as_a_wrong_password(app: TestApp) {
    app.provider_admin("Oak Tree Homes", "manager@oaktree.example.co.uk")
        .await;
    let browser = app.browser();
    let unknown = app
        .sign_in(&browser, "nobody@nowhere.example.com", PASSWORD)
        .await
        .unwrap_err();
    let wrong = app
        .sign_in(
            &browser,
            "manager@oaktree.example.co.uk",
            "wrong-password-here",
        )
        .await
        .unwrap_err();
    assert_eq!(field_messages(&unknown), field_messages(&wrong));
}

async fn ten_failures_lock_the_account_even_for_the_right_password(app: TestApp) {
    let email = "manager@oaktree.example.co.uk";
    app.provider_admin("Oak Tree Homes", email).await;
    let browser = app.browser();
    // Failures recorded from different addresses, so only the per-account rule applies.
    let now = app.clock.now();
    for i in 0..10 {
        app.exec(&format!(
            "INSERT INTO sign_in_attempts (email, ip, at, succeeded) VALUES ('{email}', '10.0.0.{i}', {}, FALSE)",
            now - 60 + i
        ))
        .await;
    }
    let error = app.sign_in(&browser, email, PASSWORD).await.unwrap_err();
    let message = &field_messages(&error)[0].1;
    assert!(
        message.contains("too many failed attempts") && message.contains("15 minutes"),
        "{message}"
    );
    assert_eq!(who(&app, &browser).await, None);
    // Fifteen minutes after the tenth failure the account opens again.
    app.clock.advance(900);
    app.sign_in(&browser, email, PASSWORD)
        .await
        .expect("lock has ended");
}

async fn ten_failures_from_one_address_lock_that_address(app: TestApp) {
    let email = "manager@oaktree.example.co.uk";
    app.provider_admin("Oak Tree Homes", email).await;
    let browser = app.browser();
    for i in 0..10 {
        let error = app
            .sign_in(
                &browser,
                &format!("guess{i}@nowhere.example.com"),
                "wrong-password-x",
            )
            .await
            .unwrap_err();
        assert!(
            field_messages(&error)[0]
                .1
                .contains("correct email address"),
            "attempt {i}"
        );
    }
    let error = app.sign_in(&browser, email, PASSWORD).await.unwrap_err();
    assert!(field_messages(&error)[0]
        .1
        .contains("too many failed attempts"));
}

/// Ten failed sign-ins from `browser`, each for a different unknown account, so only
/// the per-address rule can lock.
async fn fail_ten_times(app: &TestApp, browser: &reqwest::Client) {
    for i in 0..10 {
        app.sign_in(
            browser,
            &format!("guess{i}@nowhere.example.com"),
            "wrong-password-x",
        )
        .await
        .unwrap_err();
    }
}

fn is_locked(error: &AppError) -> bool {
    field_messages(error)[0]
        .1
        .contains("too many failed attempts")
}

async fn a_forged_forwarded_for_does_not_escape_the_address_lock(app: TestApp) {
    let email = "manager@oaktree.example.co.uk";
    app.provider_admin("Oak Tree Homes", email).await;
    // No proxy is trusted, so the header is the client's own claim and is ignored.
    fail_ten_times(&app, &app.browser_via_proxy(Some("198.51.100.1"))).await;
    let other_claim = app.browser_via_proxy(Some("198.51.100.2"));
    let error = app
        .sign_in(&other_claim, email, PASSWORD)
        .await
        .unwrap_err();
    assert!(is_locked(&error));
}

/// Behind a trusted reverse proxy (here the loopback address every test connects
/// from), each client is throttled by the address the proxy reports, not the proxy's.
mod behind_a_trusted_proxy {
    use super::*;

    async fn each_client_is_locked_alone(app: TestApp) {
        let email = "manager@oaktree.example.co.uk";
        app.provider_admin("Oak Tree Homes", email).await;
        let attacker = app.browser_via_proxy(Some("198.51.100.1"));
        fail_ten_times(&app, &attacker).await;
        let error = app.sign_in(&attacker, email, PASSWORD).await.unwrap_err();
        assert!(is_locked(&error));
        let colleague = app.browser_via_proxy(Some("198.51.100.2"));
        app.sign_in(&colleague, email, PASSWORD)
            .await
            .expect("another client behind the same proxy is not locked");
    }

    async fn trusting_loopback(backend: Backend) -> TestApp {
        spawn_configured(backend, |config| {
            config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        })
        .await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn each_client_is_locked_alone_sqlite() {
        each_client_is_locked_alone(trusting_loopback(Backend::Sqlite).await).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn each_client_is_locked_alone_postgres() {
        each_client_is_locked_alone(trusting_loopback(Backend::Postgres).await).await
    }
}

async fn session_id_changes_at_sign_in(app: TestApp) {
    let email = "manager@oaktree.example.co.uk";
    app.provider_admin("Oak Tree Homes", email).await;
    let browser = app.browser();
    app.sign_in(&browser, email, PASSWORD).await.unwrap();
    let first: Vec<String> = sqlx::query_scalar::<_, String>("SELECT token_hash FROM sessions")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    app.sign_in(&browser, email, PASSWORD).await.unwrap();
    let second: Vec<String> = sqlx::query_scalar::<_, String>("SELECT token_hash FROM sessions")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    // The provider_admin helper's own session plus this browser's one.
    assert_eq!(first.len(), 2);
    assert_eq!(second.len(), 2);
    let replaced: Vec<&String> = first.iter().filter(|h| !second.contains(h)).collect();
    assert_eq!(replaced.len(), 1, "the old session of this browser is gone");
}

async fn sign_out_ends_the_session(app: TestApp) {
    let browser = app
        .provider_admin("Oak Tree Homes", "manager@oaktree.example.co.uk")
        .await;
    let cookie_before = app.sql_i64("SELECT COUNT(*) FROM sessions").await;
    assert_eq!(cookie_before, 1);
    app.call::<()>(&browser, "sign-out", &[]).await.unwrap();
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM sessions").await, 0);
    assert_eq!(who(&app, &browser).await, None);
    let page = app.get(&browser, "/provider").await;
    assert_eq!(page.status(), 303);
    assert_eq!(page.headers()["location"], "/sign-in");
}

async fn idle_session_expires_after_thirty_minutes(app: TestApp) {
    let browser = app
        .provider_admin("Oak Tree Homes", "manager@oaktree.example.co.uk")
        .await;
    app.clock.advance(1_700);
    assert!(
        who(&app, &browser).await.is_some(),
        "28 minutes idle: still signed in"
    );
    app.clock.advance(1_801);
    assert_eq!(
        who(&app, &browser).await,
        None,
        "30 minutes idle: signed out"
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM sessions").await,
        0,
        "the expired session is deleted"
    );
}

async fn a_hundred_simultaneous_guesses_check_at_most_ten_passwords(app: TestApp) {
    let email = "manager@oaktree.example.co.uk";
    app.provider_admin("Oak Tree Homes", email).await;
    let attacker = app.browser();
    let guesses = (0..100).map(|i| {
        let password = format!("wrong-password-{i}");
        let attacker = attacker.clone();
        let app = &app;
        async move { app.sign_in(&attacker, email, &password).await.unwrap_err() }
    });
    let answers = futures::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|e| field_messages(e)[0].1.contains("correct email address"))
        .count();
    let locked = answers.iter().filter(|e| is_locked(e)).count();
    assert!(checked <= 10, "{checked} passwords were checked");
    assert_eq!(checked + locked, 100);
    assert!(
        app.sql_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'sign_in_failed'")
            .await
            <= 10
    );
    // And the right password is locked out too, for now.
    assert!(is_locked(
        &app.sign_in(&app.browser(), email, PASSWORD)
            .await
            .unwrap_err()
    ));
}

async fn two_sign_ups_with_one_email_at_once_make_one_account(app: TestApp) {
    let email = "twice@oaktree.example.co.uk";
    let sign_up = |organisation: &'static str| {
        let app = &app;
        async move {
            app.call::<()>(
                &app.browser(),
                "sign-up",
                &[
                    ("organisation", organisation),
                    ("full_name", "Pat"),
                    ("email", email),
                    ("password", PASSWORD),
                ],
            )
            .await
        }
    };
    let (first, second) = tokio::join!(sign_up("Oak Tree Homes"), sign_up("Elm Homes"));
    assert_eq!(
        (first, second),
        (Ok(()), Ok(())),
        "both get the usual answer"
    );
    // Two runners take the two jobs at the same moment: they meet the unique index.
    let other = app::jobs::runner::Runner::new(
        app.state.clone(),
        std::sync::Arc::new(
            server::startup::mailer(&crate::helpers::test_config_for(&app)).unwrap(),
        ),
        std::time::Duration::from_secs(3600),
    );
    let (a, b) = tokio::join!(app.runner.run_due(), other.run_due());
    a.unwrap();
    b.unwrap();
    // A loser is retried after its backoff and then sees the account.
    app.clock.advance(60);
    app.run_jobs().await;
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM users WHERE email = '{email}'"
        ))
        .await,
        1
    );
    let subjects: Vec<String> = app
        .emails_to(email)
        .await
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(subjects
        .iter()
        .any(|s| s.starts_with("Confirm your email address")));
    assert!(subjects
        .iter()
        .any(|s| s.starts_with("You already have an account")));
}

async fn sign_ups_cannot_flood_one_mailbox(app: TestApp) {
    let victim = "victim@elm.example.co.uk";
    for i in 0..5 {
        let organisation = format!("Flood Care {i}");
        let answer = app
            .call::<()>(
                &app.browser(),
                "sign-up",
                &[
                    ("organisation", organisation.as_str()),
                    ("full_name", "Mallory"),
                    ("email", victim),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(answer, Ok(()), "the usual answer, over the limit too");
    }
    let emails = app.emails_to(victim).await;
    assert_eq!(emails.len(), 3, "three emails an hour reach one address");
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM organisations").await, 1);
}
