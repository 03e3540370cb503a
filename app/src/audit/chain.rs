//! The audit log's hash chain: each row stores the hash of the row before it and its
//! own hash over its content, so editing or deleting any row breaks every hash after it.

use sha2::{Digest, Sha256};

/// The `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The content of one audit row that its hash covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditContent {
    pub id: i64,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub actor: String,
    pub organisation_id: Option<i64>,
    pub action: String,
    pub subject: String,
    pub before_json: String,
    pub after_json: String,
}

/// SHA-256 over the previous hash and every field, each length-prefixed so that no two
/// different rows can serialise to the same bytes.
pub fn row_hash(prev_hash: &str, row: &AuditContent) -> String {
    let mut hasher = Sha256::new();
    let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    for field in [
        prev_hash.to_string(),
        row.id.to_string(),
        row.at.to_string(),
        opt(row.actor_user_id),
        row.actor.clone(),
        opt(row.organisation_id),
        row.action.clone(),
        row.subject.clone(),
        row.before_json.clone(),
        row.after_json.clone(),
    ] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// A stored row: its content and the two hashes kept with it.
#[derive(Debug, Clone)]
pub struct StoredRow {
    pub content: AuditContent,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainBreak {
    /// The row's content no longer matches its own hash (edited).
    Edited { id: i64 },
    /// The row does not follow the one before it (a row was deleted or inserted).
    Broken { id: i64 },
}

impl ChainBreak {
    pub fn id(&self) -> i64 {
        match self {
            ChainBreak::Edited { id } | ChainBreak::Broken { id } => *id,
        }
    }
}

/// Checks rows in id order, carrying the hash of the previous row (`GENESIS` for the
/// first row of the table). Returns the hash of the last row checked.
pub fn verify<'a>(
    mut prev_hash: String,
    rows: impl IntoIterator<Item = &'a StoredRow>,
) -> Result<String, ChainBreak> {
    for row in rows {
        if row.prev_hash != prev_hash {
            return Err(ChainBreak::Broken { id: row.content.id });
        }
        if row_hash(&row.prev_hash, &row.content) != row.hash {
            return Err(ChainBreak::Edited { id: row.content.id });
        }
        prev_hash = row.hash.clone();
    }
    Ok(prev_hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<StoredRow> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|id| {
                let content = AuditContent {
                    id,
                    at: 1_700_000_000 + id,
                    actor_user_id: Some(7),
                    actor: "a@b.uk".into(),
                    organisation_id: Some(1),
                    action: "sign_in".into(),
                    subject: format!("user:{id}"),
                    before_json: "{}".into(),
                    after_json: "{}".into(),
                };
                let hash = row_hash(&prev, &content);
                let row = StoredRow {
                    content,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                row
            })
            .collect()
    }

    #[test]
    fn intact_chain_verifies() {
        let rows = chain(5);
        assert_eq!(verify(GENESIS.into(), &rows), Ok(rows[4].hash.clone()));
    }

    #[test]
    fn edited_row_is_found() {
        let mut rows = chain(5);
        rows[2].content.after_json = r#"{"role":"approver"}"#.into();
        assert_eq!(
            verify(GENESIS.into(), &rows),
            Err(ChainBreak::Edited { id: 3 })
        );
    }

    #[test]
    fn deleted_row_is_found() {
        let mut rows = chain(5);
        rows.remove(1);
        assert_eq!(
            verify(GENESIS.into(), &rows),
            Err(ChainBreak::Broken { id: 3 })
        );
    }

    #[test]
    fn fields_cannot_be_shifted_between_columns() {
        let rows = chain(1);
        let mut shifted = rows[0].content.clone();
        shifted.action = "sign_inu".into();
        shifted.subject = "ser:1".into();
        assert_ne!(row_hash(GENESIS, &shifted), rows[0].hash);
    }
}
