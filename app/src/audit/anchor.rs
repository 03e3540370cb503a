//! What ties the audit log to something outside its own tables, so that deleting the
//! newest rows and rewinding the head (or emptying the table) is found.
//!
//! - The head row carries an HMAC of `(seq, last_hash)` under a key from configuration
//!   (`OPENDPS_AUDIT_KEY`, or a key generated into the data folder). Someone holding
//!   the database but not the key cannot write a valid head for an earlier row.
//! - Each server appends the head it has seen to a checkpoint file in its data folder.
//!   A head replayed from an old backup (with its valid MAC) is still caught: the
//!   checkpoints name rows that no longer exist, or that now hash differently.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Clone)]
pub struct AuditKey(Vec<u8>);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

impl AuditKey {
    pub const MIN_BYTES: usize = 32;

    /// A key of at least 32 bytes.
    pub fn new(bytes: Vec<u8>) -> Result<Self, String> {
        if bytes.len() < Self::MIN_BYTES {
            return Err(format!(
                "must be at least {} characters of random text",
                Self::MIN_BYTES
            ));
        }
        Ok(AuditKey(bytes))
    }

    pub fn generate() -> Self {
        AuditKey(crate::secret::new_token().into_bytes())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The MAC the head row must carry for `seq` rows ending in `last_hash`. Pure.
    pub fn head_mac(&self, seq: i64, last_hash: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(b"opendps audit head\0");
        mac.update(&seq.to_be_bytes());
        mac.update(last_hash.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    pub fn verifies(&self, seq: i64, last_hash: &str, stored: &str) -> bool {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(b"opendps audit head\0");
        mac.update(&seq.to_be_bytes());
        mac.update(last_hash.as_bytes());
        hex::decode(stored).is_ok_and(|bytes| mac.verify_slice(&bytes).is_ok())
    }
}

/// A head this server saw: the log had `seq` rows and row `seq` hashed to `hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
}

/// The append-only checkpoint file in a server's data folder.
#[derive(Debug, Clone)]
pub struct CheckpointFile(PathBuf);

impl CheckpointFile {
    pub fn in_dir(data_dir: &Path) -> Self {
        CheckpointFile(data_dir.join("audit-checkpoints.log"))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn append(&self, checkpoint: &Checkpoint) -> std::io::Result<()> {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.0)?;
        writeln!(file, "{} {}", checkpoint.seq, checkpoint.hash)?;
        file.sync_data()
    }

    /// Every checkpoint written, oldest first; a missing file has none.
    pub fn read(&self) -> std::io::Result<Vec<Checkpoint>> {
        let text = match std::fs::read_to_string(&self.0) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        Ok(parse_checkpoints(&text))
    }
}

/// Lines of "seq hash"; a torn last line (a crash mid-write) is skipped. Pure.
pub fn parse_checkpoints(text: &str) -> Vec<Checkpoint> {
    text.lines()
        .filter_map(|line| {
            let (seq, hash) = line.trim().split_once(' ')?;
            let seq = seq.parse().ok()?;
            (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Checkpoint {
                seq,
                hash: hash.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> AuditKey {
        AuditKey::new(vec![7; 32]).unwrap()
    }

    #[test]
    fn a_head_verifies_only_with_its_own_seq_hash_and_key() {
        let mac = key().head_mac(5, "ab");
        assert!(key().verifies(5, "ab", &mac));
        assert!(!key().verifies(4, "ab", &mac));
        assert!(!key().verifies(5, "ac", &mac));
        let other = AuditKey::new(vec![8; 32]).unwrap();
        assert!(!other.verifies(5, "ab", &mac));
        assert!(!key().verifies(5, "ab", "not hex"));
    }

    #[test]
    fn short_keys_are_refused() {
        assert!(AuditKey::new(b"too short".to_vec()).is_err());
    }

    #[test]
    fn checkpoints_parse_and_a_torn_line_is_skipped() {
        let hash = "a".repeat(64);
        let text = format!("3 {hash}\n4 {hash}\n5 aaa");
        assert_eq!(
            parse_checkpoints(&text),
            vec![
                Checkpoint {
                    seq: 3,
                    hash: hash.clone()
                },
                Checkpoint { seq: 4, hash }
            ]
        );
    }
}
