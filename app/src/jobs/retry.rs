//! What happens after a job fails. Pure.

/// Why a job did not finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobError {
    /// Worth another try later: a mail server or database that is down.
    Transient(String),
    /// Will never work: a mailbox that does not exist, a payload that cannot be read.
    Permanent(String),
}

impl JobError {
    pub fn message(&self) -> &str {
        match self {
            JobError::Transient(m) | JobError::Permanent(m) => m,
        }
    }
}

impl From<sqlx::Error> for JobError {
    fn from(error: sqlx::Error) -> Self {
        JobError::Transient(format!("database: {error}"))
    }
}

impl From<crate::error::AppError> for JobError {
    fn from(error: crate::error::AppError) -> Self {
        JobError::Transient(error.to_string())
    }
}

/// A transient failure is retried for about three days (as mail servers do) before it
/// counts as permanent: with the hourly cap, that is 80 attempts.
pub const MAX_ATTEMPTS: i64 = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    RetryIn(i64),
    GiveUp,
}

/// After the `attempts`-th attempt failed with `error`.
pub fn after_failure(error: &JobError, attempts: i64) -> NextStep {
    match error {
        JobError::Permanent(_) => NextStep::GiveUp,
        JobError::Transient(_) if attempts >= MAX_ATTEMPTS => NextStep::GiveUp,
        JobError::Transient(_) => NextStep::RetryIn(backoff_seconds(attempts)),
    }
}

/// Exponential backoff: 30 s after the first failure, then 1, 2, 4 … minutes, capped at
/// one hour.
pub fn backoff_seconds(attempts: i64) -> i64 {
    let exponent = (attempts - 1).clamp(0, 7) as u32;
    (30 * 2i64.pow(exponent)).min(3_600)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transient() -> JobError {
        JobError::Transient("connection refused".into())
    }

    #[test]
    fn backoff_doubles_from_thirty_seconds_to_an_hour() {
        assert_eq!(backoff_seconds(1), 30);
        assert_eq!(backoff_seconds(2), 60);
        assert_eq!(backoff_seconds(3), 120);
        assert_eq!(backoff_seconds(8), 3_600);
        assert_eq!(backoff_seconds(50), 3_600);
    }

    #[test]
    fn a_permanent_failure_is_never_retried() {
        assert_eq!(
            after_failure(&JobError::Permanent("550 no such user".into()), 1),
            NextStep::GiveUp
        );
    }

    #[test]
    fn a_transient_failure_is_retried_until_the_last_attempt() {
        assert_eq!(after_failure(&transient(), 1), NextStep::RetryIn(30));
        assert_eq!(
            after_failure(&transient(), MAX_ATTEMPTS - 1),
            NextStep::RetryIn(3_600)
        );
        assert_eq!(after_failure(&transient(), MAX_ATTEMPTS), NextStep::GiveUp);
    }
}
