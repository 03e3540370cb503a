//! Placement requests and the offers that answer them: a commissioner sends an
//! anonymised request to every eligible provider of a lot, providers answer with
//! sealed offers or decline, and after the deadline the council scores, approves by
//! value and awards. So far this holds the profile's fixed lists, which the forms in
//! the browser need as well as the server.

pub mod types;
