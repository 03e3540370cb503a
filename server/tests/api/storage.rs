//! Both storage backends behind the one interface: an uploaded document goes to the S3
//! emulator the test script starts (moto's server), not to the local disk, and comes
//! back byte for byte through the authorised download. The local disk backend is the
//! default every other test uses.

use crate::applications::{library, pdf, upload};
use crate::helpers::{spawn_configured, Backend};
use app::storage::StorageConfig;
use reqwest::StatusCode;

fn emulator() -> String {
    std::env::var("OPENDPS_TEST_S3_URL").expect(
        "OPENDPS_TEST_S3_URL: scripts/test.sh starts the S3 emulator (scripts/s3-emulator.sh) and sets it",
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evidence_files_round_trip_through_an_s3_object_store() {
    let endpoint = emulator();
    let bucket = format!(
        "opendps-test-{}",
        app::secret::new_token()[..12].to_lowercase()
    );
    // moto makes a bucket on an unsigned PUT, as S3 does on a signed one.
    let made = reqwest::Client::new()
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .expect("emulator answers");
    assert!(made.status().is_success(), "{}", made.status());
    let app = spawn_configured(Backend::Sqlite, |config| {
        config.storage = StorageConfig::S3 {
            bucket: bucket.clone(),
            region: "eu-west-2".into(),
            endpoint: Some(endpoint.clone()),
            credentials: Some(("testing".into(), "testing".into())),
        };
    })
    .await;
    let provider = app
        .provider_admin("Rosewood Care Ltd", "bids@rosewood-care.example.com")
        .await;
    let mut document = pdf();
    document.extend_from_slice(&[b'x'; 300_000]);
    upload(
        &app,
        &provider,
        "Safeguarding policy",
        "",
        "policy.pdf",
        document.clone(),
    )
    .await
    .expect("uploaded");
    let item = library(&app, &provider).await[0].id;

    // In the bucket, under a generated name; nothing on the local disk.
    let listing = reqwest::Client::new()
        .get(format!("{endpoint}/{bucket}?list-type=2"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let key = listing
        .split("<Key>")
        .nth(1)
        .and_then(|rest| rest.split("</Key>").next())
        .unwrap_or_else(|| panic!("no object in the bucket: {listing}"));
    let (folder, name) = key.split_once('/').expect("folder/name");
    assert_eq!(name.len(), 64);
    assert!(name.starts_with(folder));
    assert!(!key.contains("policy"));
    assert!(!app.data_dir.path().join("files").join(folder).exists());

    let download = app.get(&provider, &format!("/files/evidence/{item}")).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.unwrap().to_vec(), document);
}
