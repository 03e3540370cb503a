use crate::both;
use crate::helpers::{spawn_configured, Backend, TestApp, PASSWORD};
use app::auth::roles::Role;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Just enough of an SMTP server to accept messages and keep them. A recipient
/// containing `nobody` is refused for good (550), as a real server refuses an unknown
/// mailbox.
async fn smtp_server(listener: TcpListener, received: Arc<Mutex<Vec<String>>>) {
    loop {
        let Ok((socket, _)) = listener.accept().await else {
            return;
        };
        let received = received.clone();
        tokio::spawn(async move {
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            let _ = write.write_all(b"220 test ESMTP\r\n").await;
            let mut in_data = false;
            let mut message = String::new();
            while let Ok(Some(line)) = lines.next_line().await {
                if in_data {
                    if line == "." {
                        in_data = false;
                        received.lock().unwrap().push(std::mem::take(&mut message));
                        let _ = write.write_all(b"250 OK queued\r\n").await;
                    } else {
                        message.push_str(&line);
                        message.push('\n');
                    }
                    continue;
                }
                let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                let reply: &[u8] = match verb.as_str() {
                    "EHLO" | "HELO" => b"250 test\r\n",
                    "RCPT" if line.contains("nobody") => b"550 5.1.1 no such mailbox\r\n",
                    "DATA" => {
                        in_data = true;
                        b"354 go ahead\r\n"
                    }
                    "QUIT" => {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    }
                    _ => b"250 OK\r\n",
                };
                let _ = write.write_all(reply).await;
            }
        });
    }
}

fn smtp_app(backend: Backend, port: u16) -> impl std::future::Future<Output = TestApp> {
    spawn_configured(backend, move |config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
}

async fn unreachable_port() -> u16 {
    // Reserve a port, then close it: nothing listens there until we say so.
    TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn sign_up(app: &TestApp, email: &str) {
    app.call::<()>(
        &app.browser(),
        "sign-up",
        &[
            ("organisation", "Oak Tree Homes"),
            ("full_name", "Pat"),
            ("email", email),
            ("password", PASSWORD),
        ],
    )
    .await
    .expect("sign-up succeeds whatever the mail server does");
}

const UNSENT_EMAILS: &str =
    "SELECT COUNT(*) FROM jobs WHERE kind = 'email' AND done_at IS NULL AND failed_at IS NULL";

async fn down_mail_server_loses_nothing(backend: Backend) {
    let port = unreachable_port().await;
    let app = smtp_app(backend, port).await;
    let email = "manager@oaktree.example.co.uk";
    sign_up(&app, email).await;
    let round = app.run_jobs().await;
    assert_eq!(
        round.retrying, 1,
        "the email failed and waits to be retried"
    );
    assert_eq!(app.sql_i64(UNSENT_EMAILS).await, 1, "still queued");

    let received = Arc::new(Mutex::new(Vec::new()));
    let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    tokio::spawn(smtp_server(listener, received.clone()));
    // Nothing is due until the backoff has passed.
    assert_eq!(app.run_jobs().await.done, 0);
    app.clock.advance(30);
    app.run_jobs().await;
    assert_eq!(app.sql_i64(UNSENT_EMAILS).await, 0);
    let messages = received.lock().unwrap().clone();
    assert_eq!(messages.len(), 1, "delivered exactly once");
    let message = &messages[0];
    assert!(message.contains("Confirm your email address"));
    assert!(message.contains(&format!("To: {email}")));
    // What a council's mail server expects: a real sender and a Message-ID in its domain.
    assert!(
        message.contains("From: OpenDPS <no-reply@dps.test.example.gov.uk>"),
        "{message}"
    );
    assert!(
        message
            .lines()
            .any(|l| l.starts_with("Message-ID: <") && l.ends_with("@dps.test.example.gov.uk>")),
        "{message}"
    );
    // The link's token is in the email only: the database holds its hash.
    let token =
        crate::helpers::token_in(&message.replace("=\n", "").replace("=3D", "=")).expect("a link");
    assert_no_raw_token(&app, &token).await;
}

/// No column of any table holds `token` (only its SHA-256 may be stored).
pub async fn assert_no_raw_token(app: &TestApp, token: &str) {
    for (table, columns) in [
        ("jobs", "payload || summary || COALESCE(last_error, '')"),
        ("account_tokens", "token_hash"),
        ("sessions", "token_hash"),
        ("audit_log", "before_json || after_json || subject"),
    ] {
        let found = app
            .sql_i64(&format!(
                "SELECT COUNT(*) FROM {table} WHERE {columns} LIKE '%{token}%'"
            ))
            .await;
        assert_eq!(found, 0, "the raw token is in {table}");
    }
}

async fn a_mailbox_that_does_not_exist_fails_once_and_a_council_admin_sees_it(backend: Backend) {
    let received = Arc::new(Mutex::new(Vec::new()));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(smtp_server(listener, received.clone()));
    let app = smtp_app(backend, port).await;
    let admin = app
        .council_user(
            "Sefton Council",
            "admin@sefton.example.gov.uk",
            &[Role::CouncilAdmin],
        )
        .await;
    app.call::<()>(
        &admin,
        "invite-council-user",
        &[
            ("email", "nobody@sefton.example.gov.uk"),
            ("roles[evaluator]", "yes"),
        ],
    )
    .await
    .unwrap();
    let round = app.run_jobs().await;
    assert_eq!(
        (round.failed, round.retrying),
        (1, 0),
        "refused for good, not retried"
    );
    // However long we wait, it is not tried again.
    app.clock.advance(86_400);
    assert_eq!(app.run_jobs().await, Default::default());
    assert!(received.lock().unwrap().is_empty());
    let admin = app.browser();
    app.sign_in(&admin, "admin@sefton.example.gov.uk", PASSWORD)
        .await
        .unwrap();
    let failures: Vec<app::jobs::types::FailedJob> =
        app.call(&admin, "failed-jobs", &[]).await.unwrap();
    assert_eq!(failures.len(), 1);
    assert!(
        failures[0].summary.contains("invitation to Sefton Council"),
        "{:?}",
        failures[0]
    );
    assert!(failures[0].last_error.contains("550"), "{:?}", failures[0]);
    assert!(app
        .audit_actions()
        .await
        .contains(&"job_failed".to_string()));
    // Another council's admin does not see it.
    let other = app
        .council_user(
            "Knowsley Council",
            "admin@knowsley.example.gov.uk",
            &[Role::CouncilAdmin],
        )
        .await;
    let theirs: Vec<app::jobs::types::FailedJob> =
        app.call(&other, "failed-jobs", &[]).await.unwrap();
    assert!(theirs.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mailbox_that_does_not_exist_fails_once_sqlite() {
    a_mailbox_that_does_not_exist_fails_once_and_a_council_admin_sees_it(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mailbox_that_does_not_exist_fails_once_postgres() {
    a_mailbox_that_does_not_exist_fails_once_and_a_council_admin_sees_it(Backend::Postgres).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn down_mail_server_loses_nothing_sqlite() {
    down_mail_server_loses_nothing(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn down_mail_server_loses_nothing_postgres() {
    down_mail_server_loses_nothing(Backend::Postgres).await
}

both!(without_smtp_emails_are_written_to_the_outbox_folder);

async fn without_smtp_emails_are_written_to_the_outbox_folder(app: TestApp) {
    let email = "manager@oaktree.example.co.uk";
    sign_up(&app, email).await;
    let (subject, message) = app.last_email_to(email).await.expect("an .eml file");
    assert!(
        subject.starts_with("Confirm your email address"),
        "{subject}"
    );
    assert!(
        message.contains(&format!("{}/verify-email?token=", app.address)),
        "{message}"
    );
    assert!(message.contains("text/html") && message.contains("text/plain"));
    assert_eq!(app.sql_i64(UNSENT_EMAILS).await, 0);
    let token = crate::helpers::token_in(&message).unwrap();
    assert_no_raw_token(&app, &token).await;
}
