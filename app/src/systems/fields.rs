//! The form field names the rules report problems against. Views use the same
//! constants for their inputs' `id`/`name`, so an error summary link always lands on
//! the field it talks about.

pub const REGIME: &str = "regime";
pub const SYSTEM_TYPE: &str = "system_type";
pub const START_DATE: &str = "start_date";
pub const TERM: &str = "term";
pub const QUALITY_WEIGHT: &str = "quality_weight";
pub const PRICE_WEIGHT: &str = "price_weight";
pub const STATUS: &str = "status";
