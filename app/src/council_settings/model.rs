//! The council's clock settings as its page shows them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilCalendar {
    /// Each day off: its date in words and its title.
    pub days: Vec<(String, String)>,
    /// The calendar as the `date,title` CSV the admin edits.
    pub csv: String,
    pub decision_days: u32,
    /// Still the shipped England and Wales calendar.
    pub is_default: bool,
    pub can_edit: bool,
}
