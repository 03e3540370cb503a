//! Placement operations: issuing, answering, evaluating and awarding, each with the
//! request's scope checked first (a council reaches only its own requests, a
//! provider only those it was sent).

pub mod access;
pub mod answer;
pub mod award;
pub mod block_hours;
pub mod direct;
pub mod evaluate;
pub mod issue;
pub mod lifecycle;
pub mod limits;
pub mod notify;
pub mod offer_view;
pub mod provider_placements;
pub mod queries;
pub mod report;
pub mod retention;
pub mod variation;
