use crate::both;
use crate::helpers::{field_messages, TestApp, PASSWORD};

const EMAIL: &str = "manager@oaktree.example.co.uk";
const NEW_PASSWORD: &str = "a-brand-new-passphrase";

both!(
    reset_request_answers_the_same_for_unknown_emails,
    reset_link_sets_a_new_password_once_and_ends_sessions,
    reset_link_expires_after_an_hour,
    weak_new_password_is_refused_with_the_reason,
    change_password_needs_the_current_one,
    change_password_ends_other_sessions_and_keeps_this_one,
    a_reset_revokes_every_other_reset_link,
    a_password_change_revokes_outstanding_reset_links,
    at_most_three_reset_emails_an_hour_reach_one_address,
);

async fn request_reset(app: &TestApp) {
    app.call::<()>(
        &app.browser(),
        "request-password-reset",
        &[("email", EMAIL)],
    )
    .await
    .unwrap();
}

async fn reset_with(
    app: &TestApp,
    token: &str,
    password: &str,
) -> Result<(), app::error::AppError> {
    app.call::<()>(
        &app.browser(),
        "reset-password",
        &[
            ("token", token),
            ("password", password),
            ("confirm_password", password),
        ],
    )
    .await
}

async fn a_reset_revokes_every_other_reset_link(app: TestApp) {
    app.provider_admin("Oak Tree Homes", EMAIL).await;
    request_reset(&app).await;
    let first = app.token_from_email(EMAIL).await;
    request_reset(&app).await;
    let second = app.token_from_email(EMAIL).await;
    assert_ne!(first, second);
    reset_with(&app, &second, NEW_PASSWORD).await.unwrap();
    let error = reset_with(&app, &first, "someone-elses-choice")
        .await
        .unwrap_err();
    assert!(field_messages(&error)[0].1.contains("already been used"));
    app.sign_in(&app.browser(), EMAIL, NEW_PASSWORD)
        .await
        .expect("the reset password stands");
    crate::mail::assert_no_raw_token(&app, &first).await;
    crate::mail::assert_no_raw_token(&app, &second).await;
}

async fn a_password_change_revokes_outstanding_reset_links(app: TestApp) {
    let signed_in = app.provider_admin("Oak Tree Homes", EMAIL).await;
    request_reset(&app).await;
    let token = app.token_from_email(EMAIL).await;
    app.call::<()>(
        &signed_in,
        "change-password",
        &[
            ("current_password", PASSWORD),
            ("new_password", NEW_PASSWORD),
            ("confirm_password", NEW_PASSWORD),
        ],
    )
    .await
    .unwrap();
    let error = reset_with(&app, &token, "someone-elses-choice")
        .await
        .unwrap_err();
    assert!(field_messages(&error)[0].1.contains("already been used"));
}

async fn at_most_three_reset_emails_an_hour_reach_one_address(app: TestApp) {
    app.provider_admin("Oak Tree Homes", EMAIL).await;
    async fn resets(app: &TestApp) -> usize {
        app.emails_to(EMAIL)
            .await
            .into_iter()
            .filter(|(s, _)| s.starts_with("Reset your password"))
            .count()
    }
    let mut answers = Vec::new();
    for _ in 0..5 {
        let response = app
            .post(
                &app.browser(),
                "request-password-reset",
                &[("email", EMAIL)],
            )
            .await;
        answers.push((response.status(), response.text().await.unwrap()));
    }
    assert!(
        answers.windows(2).all(|w| w[0] == w[1]),
        "the same answer every time"
    );
    assert_eq!(resets(&app).await, 3);
    app.clock.advance(3_600);
    request_reset(&app).await;
    assert_eq!(resets(&app).await, 4, "an hour later, one more");
}

async fn reset_request_answers_the_same_for_unknown_emails(app: TestApp) {
    app.provider_admin("Oak Tree Homes", EMAIL).await;
    let browser = app.browser();
    let before = app.emails_to(EMAIL).await.len();
    let jobs = "SELECT COUNT(*) FROM jobs WHERE kind = 'password_reset'";
    let known = app
        .post(&browser, "request-password-reset", &[("email", EMAIL)])
        .await;
    let unknown = app
        .post(
            &browser,
            "request-password-reset",
            &[("email", "nobody@nowhere.example.com")],
        )
        .await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(
        known.headers().get("location"),
        unknown.headers().get("location")
    );
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    // Both requests did the same work, so they take the same time: each queued one job
    // and looked nothing up. The job decides who gets an email.
    assert_eq!(
        app.sql_i64(jobs).await,
        2,
        "one job per request, known or not"
    );
    let emails = app.emails_to(EMAIL).await;
    assert_eq!(emails.len(), before + 1, "the real account gets its email");
    assert!(emails[before].0.starts_with("Reset your password"));
    assert!(app.emails_to("nobody@nowhere.example.com").await.is_empty());
}

async fn reset_link_sets_a_new_password_once_and_ends_sessions(app: TestApp) {
    let signed_in = app.provider_admin("Oak Tree Homes", EMAIL).await;
    let browser = app.browser();
    app.call::<()>(&browser, "request-password-reset", &[("email", EMAIL)])
        .await
        .unwrap();
    let token = app.token_from_email(EMAIL).await;
    app.call::<()>(
        &browser,
        "reset-password",
        &[
            ("token", &token),
            ("password", NEW_PASSWORD),
            ("confirm_password", NEW_PASSWORD),
        ],
    )
    .await
    .unwrap();
    let reused = app
        .call::<()>(
            &browser,
            "reset-password",
            &[
                ("token", &token),
                ("password", "another-passphrase-1"),
                ("confirm_password", "another-passphrase-1"),
            ],
        )
        .await
        .unwrap_err();
    assert!(field_messages(&reused)[0].1.contains("already been used"));
    assert!(
        app.sign_in(&browser, EMAIL, PASSWORD).await.is_err(),
        "the old password no longer works"
    );
    app.sign_in(&browser, EMAIL, NEW_PASSWORD)
        .await
        .expect("the new one does");
    let old_session = app
        .call::<Option<app::auth::user::CurrentUser>>(&signed_in, "who-am-i", &[])
        .await
        .unwrap();
    assert_eq!(
        old_session, None,
        "sessions from before the reset have ended"
    );
    assert!(app
        .audit_actions()
        .await
        .contains(&"password_reset".to_string()));
}

async fn reset_link_expires_after_an_hour(app: TestApp) {
    app.provider_admin("Oak Tree Homes", EMAIL).await;
    let browser = app.browser();
    app.call::<()>(&browser, "request-password-reset", &[("email", EMAIL)])
        .await
        .unwrap();
    let token = app.token_from_email(EMAIL).await;
    app.clock.advance(3_600);
    let error = app
        .call::<()>(
            &browser,
            "reset-password",
            &[
                ("token", &token),
                ("password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await
        .unwrap_err();
    assert!(field_messages(&error)[0].1.contains("expired"));
    app.sign_in(&browser, EMAIL, PASSWORD)
        .await
        .expect("password unchanged");
}

async fn weak_new_password_is_refused_with_the_reason(app: TestApp) {
    app.provider_admin("Oak Tree Homes", EMAIL).await;
    let browser = app.browser();
    app.call::<()>(&browser, "request-password-reset", &[("email", EMAIL)])
        .await
        .unwrap();
    let token = app.token_from_email(EMAIL).await;
    let short = app
        .call::<()>(
            &browser,
            "reset-password",
            &[
                ("token", &token),
                ("password", "short"),
                ("confirm_password", "short"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(field_messages(&short)[0].0, "password");
    let mismatch = app
        .call::<()>(
            &browser,
            "reset-password",
            &[
                ("token", &token),
                ("password", NEW_PASSWORD),
                ("confirm_password", "something-else-1"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(
        field_messages(&mismatch)[0],
        (
            "confirm_password".to_string(),
            "The passwords do not match".to_string()
        )
    );
    app.sign_in(&browser, EMAIL, PASSWORD)
        .await
        .expect("password unchanged");
}

async fn change_password_needs_the_current_one(app: TestApp) {
    let browser = app.provider_admin("Oak Tree Homes", EMAIL).await;
    let error = app
        .call::<()>(
            &browser,
            "change-password",
            &[
                ("current_password", "wrong-one-entirely"),
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(field_messages(&error)[0].0, "current_password");
    let anonymous = app
        .call::<()>(
            &app.browser(),
            "change-password",
            &[
                ("current_password", PASSWORD),
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(anonymous, app::error::AppError::Unauthenticated);
    app.sign_in(&app.browser(), EMAIL, PASSWORD)
        .await
        .expect("password unchanged");
}

async fn change_password_ends_other_sessions_and_keeps_this_one(app: TestApp) {
    let browser = app.provider_admin("Oak Tree Homes", EMAIL).await;
    let other = app.browser();
    app.sign_in(&other, EMAIL, PASSWORD).await.unwrap();
    app.call::<()>(
        &browser,
        "change-password",
        &[
            ("current_password", PASSWORD),
            ("new_password", NEW_PASSWORD),
            ("confirm_password", NEW_PASSWORD),
        ],
    )
    .await
    .unwrap();
    assert!(app_who(&app, &browser).await, "this session continues");
    assert!(!app_who(&app, &other).await, "the other session has ended");
    let (subject, _) = app.last_email_to(EMAIL).await.unwrap();
    assert!(subject.starts_with("Your password has been changed"));
}

async fn app_who(app: &TestApp, browser: &reqwest::Client) -> bool {
    app.call::<Option<app::auth::user::CurrentUser>>(browser, "who-am-i", &[])
        .await
        .unwrap()
        .is_some()
}
