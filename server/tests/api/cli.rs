use crate::helpers::{fresh_database_url, Backend};
use std::process::Command;

/// Runs the real `opendps` binary against a fresh database.
fn opendps(database_url: &str, data_dir: &std::path::Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_opendps"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("OPENDPS_DATA_DIR", data_dir)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

async fn commands_work(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(backend, dir.path()).await;
    let (ok, out) = opendps(&url, dir.path(), &["migrate"]);
    assert!(ok, "{out}");
    let (ok, out) = opendps(
        &url,
        dir.path(),
        &[
            "create-admin",
            "--council",
            "Wirral Council",
            "--email",
            "lead@wirral.example.gov.uk",
            "--password",
            "short",
        ],
    );
    assert!(
        !ok && out.contains("--password"),
        "a weak password is refused: {out}"
    );
    let (ok, out) = opendps(
        &url,
        dir.path(),
        &[
            "create-admin",
            "--council",
            "Wirral Council",
            "--email",
            "lead@wirral.example.gov.uk",
            "--password",
            "wirral-admin-2026",
        ],
    );
    assert!(ok && out.contains("Council admin"), "{out}");
    let (ok, first) = opendps(&url, dir.path(), &["seed-demo"]);
    assert!(
        ok && first.contains("admin@sefton.example.gov.uk"),
        "{first}"
    );
    let (ok, out) = opendps(&url, dir.path(), &["audit", "verify"]);
    assert!(ok, "{out}");
    let rows_after_first: i64 = out
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .next()
        .expect("a row count");
    let (ok, _) = opendps(&url, dir.path(), &["seed-demo"]);
    assert!(ok);
    let (_, out) = opendps(&url, dir.path(), &["audit", "verify"]);
    let rows_after_second: i64 = out
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .next()
        .unwrap();
    assert_eq!(
        rows_after_first, rows_after_second,
        "seeding twice changes nothing"
    );

    // Tamper with the log behind the guard's back: verify fails and names the row.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    match backend {
        Backend::Sqlite => sqlx::query("DROP TRIGGER audit_log_no_update")
            .execute(&pool)
            .await
            .unwrap(),
        Backend::Postgres => sqlx::query("DROP TRIGGER audit_log_no_change ON audit_log")
            .execute(&pool)
            .await
            .unwrap(),
    };
    sqlx::query("UPDATE audit_log SET actor = 'mallory' WHERE id = 5")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let (ok, out) = opendps(&url, dir.path(), &["audit", "verify"]);
    assert!(!ok && out.contains("row 5"), "{out}");
}

#[tokio::test]
async fn commands_work_on_sqlite() {
    commands_work(Backend::Sqlite).await
}

#[tokio::test]
async fn commands_work_on_postgres() {
    commands_work(Backend::Postgres).await
}

#[test]
fn invalid_configuration_names_the_variable() {
    let output = Command::new(env!("CARGO_BIN_EXE_opendps"))
        .arg("migrate")
        .env("DATABASE_URL", "mysql://nope")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("DATABASE_URL"), "{stderr}");
}
