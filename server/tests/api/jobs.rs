//! The job runner: two runners on one database never run a job twice; the nightly
//! prune removes what has expired and is scheduled once however many servers ask.

use crate::helpers::{spawn, test_config_for, Backend, TestApp};
use app::jobs::{queue, runner::Runner, Job};
use app::mail::message::Mail;
use std::sync::Arc;
use std::time::Duration;

fn second_runner(app: &TestApp) -> Runner {
    let mailer = server::startup::mailer(&test_config_for(app)).unwrap();
    Runner::new(
        app.state.clone(),
        Arc::new(mailer),
        Duration::from_secs(3600),
    )
}

async fn two_runners_run_each_job_once(backend: Backend) {
    let app = spawn(backend).await;
    let now = app.clock.now();
    let mut tx = app.db.begin().await.unwrap();
    for i in 0..40 {
        let mail = Mail::AccountExists {
            to: format!("person{i}@example.co.uk"),
        };
        queue::enqueue(&mut tx, &Job::email(mail, None), now, now)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let other = second_runner(&app);
    let (a, b) = tokio::join!(app.runner.run_due(), other.run_due());
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.done + b.done, 40, "every job ran: {a:?} {b:?}");
    for i in 0..40 {
        let to = format!("person{i}@example.co.uk");
        assert_eq!(
            app.emails_to(&to).await.len(),
            1,
            "{to} got exactly one email"
        );
    }
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM jobs WHERE done_at IS NULL")
            .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_runners_run_each_job_once_on_postgres() {
    two_runners_run_each_job_once(Backend::Postgres).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_runners_run_each_job_once_on_sqlite() {
    two_runners_run_each_job_once(Backend::Sqlite).await
}

async fn a_claimed_job_is_not_run_by_another_until_its_lease_ends(backend: Backend) {
    let app = spawn(backend).await;
    let now = app.clock.now();
    let mut conn = app.db.write_connection().await.unwrap();
    let mail = Mail::AccountExists {
        to: "a@example.co.uk".into(),
    };
    queue::enqueue(&mut conn, &Job::email(mail, None), now, now)
        .await
        .unwrap();
    // A runner claims it and dies before finishing.
    let claimed = queue::claim(&mut conn, "dead-runner", now, now + 300)
        .await
        .unwrap();
    assert!(claimed.is_some());
    drop(conn);
    assert_eq!(app.run_jobs().await.done, 0, "held by its lease");
    app.clock.advance(301);
    assert_eq!(
        app.run_jobs().await.done,
        1,
        "picked up once the lease ran out"
    );
    assert_eq!(app.emails_to("a@example.co.uk").await.len(), 1);
}

async fn the_nightly_prune_removes_what_has_expired_and_is_queued_once(backend: Backend) {
    let app = spawn(backend).await;
    let browser = app
        .provider_admin("Oak Tree Homes", "manager@oaktree.example.co.uk")
        .await;
    let _ = app
        .sign_in(
            &app.browser(),
            "manager@oaktree.example.co.uk",
            "wrong-password-1",
        )
        .await;
    // Every server schedules the next prune at start; there is still one.
    app::jobs::prune::schedule_next(&app.state).await.unwrap();
    second_runner(&app);
    app::jobs::prune::schedule_next(&app.state).await.unwrap();
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM jobs WHERE kind = 'prune' AND done_at IS NULL")
            .await,
        1
    );
    for table in ["sessions", "account_tokens", "sign_in_attempts"] {
        assert!(
            app.sql_i64(&format!("SELECT COUNT(*) FROM {table}")).await > 0,
            "{table}"
        );
    }
    // Two days on, the prune has run and everything above has expired.
    app.clock.advance(2 * 86_400);
    app.run_jobs().await;
    for table in ["sessions", "account_tokens", "sign_in_attempts"] {
        assert_eq!(
            app.sql_i64(&format!("SELECT COUNT(*) FROM {table}")).await,
            0,
            "{table}"
        );
    }
    let me: Option<app::auth::user::CurrentUser> =
        app.call(&browser, "who-am-i", &[]).await.unwrap();
    assert_eq!(me, None);
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM jobs WHERE kind = 'prune' AND done_at IS NULL")
            .await,
        1,
        "the next night's prune is queued"
    );
}

crate::both_backends!(
    a_claimed_job_is_not_run_by_another_until_its_lease_ends,
    the_nightly_prune_removes_what_has_expired_and_is_queued_once,
);
