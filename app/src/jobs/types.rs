//! Job data that crosses to the page council admins read.

use serde::{Deserialize, Serialize};

/// A job that failed for good, as a council admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedJob {
    pub id: i64,
    pub summary: String,
    pub attempts: i64,
    pub last_error: String,
    pub failed_at: i64,
}
