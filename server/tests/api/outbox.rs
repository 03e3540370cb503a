use crate::both;
use crate::helpers::{spawn_with, Backend, TestApp, PASSWORD};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Just enough of an SMTP server to accept messages and keep them.
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

async fn wait_for(what: &str, mut check: impl AsyncFnMut() -> bool) {
    for _ in 0..200 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

async fn down_mail_server_loses_nothing(backend: Backend) {
    // Reserve a port, then close it: nothing listens there until we say so.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = spawn_with(backend, Some(format!("smtp://127.0.0.1:{port}"))).await;
    let email = "manager@oaktree.example.co.uk";
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
    .expect("sign-up succeeds while the mail server is down");
    wait_for("a failed delivery attempt", async || {
        app.sql_i64("SELECT COALESCE(MAX(attempts), 0) FROM outbox")
            .await
            >= 1
    })
    .await;
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL")
            .await,
        1,
        "still queued"
    );

    let received = Arc::new(Mutex::new(Vec::new()));
    let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    tokio::spawn(smtp_server(listener, received.clone()));
    // Skip the backoff wait rather than sleep through it.
    app.exec("UPDATE outbox SET next_attempt_at = 0").await;
    wait_for("delivery", async || {
        app.sql_i64("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL")
            .await
            == 1
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let messages = received.lock().unwrap().clone();
    assert_eq!(messages.len(), 1, "delivered exactly once");
    assert!(messages[0].contains("Confirm your email address"));
    assert!(messages[0].contains(&format!("To: {email}")));
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
    .unwrap();
    let folder = app.data_dir.path().join("outbox");
    let mut found = None;
    for _ in 0..100 {
        found = std::fs::read_dir(&folder)
            .ok()
            .and_then(|mut d| d.next())
            .and_then(|e| e.ok())
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default());
        if found.as_deref().is_some_and(|m| !m.is_empty()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let message = found.expect("an .eml file");
    assert!(
        message.contains(&format!("{}/verify-email?token=", app.address)),
        "{message}"
    );
    assert!(message.contains("text/html") && message.contains("text/plain"));
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL")
            .await,
        1
    );
}
