pub mod fields;
pub mod form;
pub mod layout;
pub mod notice;
pub mod pager;
pub mod problem;
