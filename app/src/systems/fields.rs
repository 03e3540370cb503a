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
pub const REFERENCE: &str = "reference";
pub const TITLE: &str = "title";
pub const DESCRIPTION: &str = "description";
pub const ESTIMATED_VALUE: &str = "estimated_value";
pub const COUNCIL: &str = "council_id";
pub const SERVICE_TYPE: &str = "service_type";
pub const LOT_TITLE: &str = "lot_title";
pub const LOT_DESCRIPTION: &str = "lot_description";
pub const NAME: &str = "name";
pub const EVIDENCE_KIND: &str = "kind";
pub const LOTS: &str = "lots";
pub const MANDATORY: &str = "mandatory";
pub const EXPIRES: &str = "expires";
pub const SECTION_TITLE: &str = "section_title";
pub const QUESTION_TEXT: &str = "text";
pub const QUESTION_KIND: &str = "question_kind";
pub const MAX_CHARS: &str = "max_chars";
pub const OPTIONS: &str = "options";
pub const MARKING: &str = "marking";
pub const PASSING: &str = "passing";
pub const EVIDENCE_TYPE: &str = "evidence_type_id";
