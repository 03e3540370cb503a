//! The council's review of submitted applications: the queue with each application's
//! legal clock, evaluating answers and evidence, asking the provider to clarify, and
//! the decision, which the admission rule in `applications::admission` checks. Only
//! the lead council's users see its applications; only its evaluators change them.

pub mod clock_view;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
