//! The council's review pages: the queue with each application's clock, and one
//! application's review with its evaluations, clarifications, extension and decision.

// A plain HTML form posts one field per argument, and the `#[server]` macro copies the
// arguments into code of its own, where an allow on the function does not reach.
#![allow(clippy::too_many_arguments)]

pub mod queue;
pub mod review;
