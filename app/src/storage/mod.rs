//! Where uploaded files are kept: one interface, `FileStore`, over two backends, a folder
//! on the server's disk (the default) or an S3-compatible object store, both through the
//! `object_store` crate. Files are stored under a generated name that says nothing about
//! the file and never lies under the web root; what a file is, and who may read it, is
//! the database's to say.

use object_store::{path::Path, ObjectStore, PutPayload};
use std::sync::Arc;

/// Where the files go, from configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageConfig {
    /// A folder on this server's disk.
    Local { root: std::path::PathBuf },
    /// A bucket of an S3-compatible store (AWS S3, MinIO, Ceph...). Credentials come from
    /// the usual `AWS_*` environment variables.
    S3 {
        bucket: String,
        region: String,
        /// For a store other than AWS itself.
        endpoint: Option<String>,
        /// An access key id and secret, when not taken from the `AWS_*` variables.
        credentials: Option<(String, String)>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("no stored file of that name")]
    NotFound,
    #[error("file storage: {0}")]
    Backend(#[from] object_store::Error),
    #[error("file storage is misconfigured: {0}")]
    Config(String),
}

/// A stored file's name: 256 random bits, hex-encoded. Parsing refuses anything else, so
/// no name from a request can reach outside the store's root.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StoredName(String);

impl StoredName {
    pub fn generate() -> Self {
        StoredName(crate::secret::new_token())
    }

    pub fn parse(value: &str) -> Option<Self> {
        (value.len() == 64
            && value
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .then(|| StoredName(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Spread over 256 folders, so no folder of a local store grows huge.
    fn path(&self) -> Path {
        Path::from(format!("{}/{}", &self.0[..2], self.0))
    }
}

#[derive(Clone)]
pub struct FileStore {
    inner: Arc<dyn ObjectStore>,
    kind: &'static str,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileStore({})", self.kind)
    }
}

impl FileStore {
    pub fn open(config: &StorageConfig) -> Result<Self, StorageError> {
        match config {
            StorageConfig::Local { root } => {
                std::fs::create_dir_all(root).map_err(|e| {
                    StorageError::Config(format!("cannot create {}: {e}", root.display()))
                })?;
                let store = object_store::local::LocalFileSystem::new_with_prefix(root)?;
                Ok(FileStore {
                    inner: Arc::new(store),
                    kind: "local disk",
                })
            }
            StorageConfig::S3 {
                bucket,
                region,
                endpoint,
                credentials,
            } => {
                let mut builder = object_store::aws::AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .with_region(region);
                if let Some((key_id, secret)) = credentials {
                    builder = builder
                        .with_access_key_id(key_id)
                        .with_secret_access_key(secret);
                }
                if let Some(endpoint) = endpoint {
                    builder = builder
                        .with_endpoint(endpoint)
                        .with_allow_http(endpoint.starts_with("http://"))
                        // A self-hosted store serves buckets under the path, not as
                        // subdomains.
                        .with_virtual_hosted_style_request(false);
                }
                Ok(FileStore {
                    inner: Arc::new(builder.build()?),
                    kind: "S3",
                })
            }
        }
    }

    /// Which backend this is, for the start-up log.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    pub async fn put(&self, name: &StoredName, bytes: Vec<u8>) -> Result<(), StorageError> {
        self.inner
            .put(&name.path(), PutPayload::from(bytes))
            .await?;
        Ok(())
    }

    pub async fn get(&self, name: &StoredName) -> Result<Vec<u8>, StorageError> {
        match self.inner.get(&name.path()).await {
            Ok(result) => Ok(result.bytes().await?.to_vec()),
            Err(object_store::Error::NotFound { .. }) => Err(StorageError::NotFound),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn delete(&self, name: &StoredName) -> Result<(), StorageError> {
        match self.inner.delete(&name.path()).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_local_store_keeps_returns_and_deletes_a_file() {
        let root =
            std::env::temp_dir().join(format!("opendps-store-{}", StoredName::generate().as_str()));
        let store = FileStore::open(&StorageConfig::Local { root: root.clone() }).unwrap();
        let name = StoredName::generate();
        assert!(matches!(
            store.get(&name).await,
            Err(StorageError::NotFound)
        ));
        store
            .put(&name, b"%PDF-1.4 evidence".to_vec())
            .await
            .unwrap();
        assert_eq!(store.get(&name).await.unwrap(), b"%PDF-1.4 evidence");
        // Under the generated name, in a folder of its first two characters.
        assert!(root.join(&name.as_str()[..2]).join(name.as_str()).is_file());
        store.delete(&name).await.unwrap();
        assert!(matches!(
            store.get(&name).await,
            Err(StorageError::NotFound)
        ));
        std::fs::remove_dir_all(root).unwrap();
    }

    #[test]
    fn a_stored_name_is_random_and_nothing_else_parses() {
        let a = StoredName::generate();
        assert_ne!(a, StoredName::generate());
        assert_eq!(StoredName::parse(a.as_str()), Some(a));
        for bad in [
            "",
            "../etc/passwd",
            &"A".repeat(64),
            &"a".repeat(63),
            &format!("{}/x", "a".repeat(62)),
        ] {
            assert_eq!(StoredName::parse(bad), None, "{bad}");
        }
    }
}
