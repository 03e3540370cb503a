//! Works the queue: safe on every server instance, since a claim is a lease only one
//! runner can hold; a runner that dies mid-job frees it when the lease runs out.

use super::job::Job;
use super::queue;
use super::retry::{after_failure, JobError, NextStep};
use crate::audit::{Action, Actor, AuditEvent, Subject};
use crate::mail::transport::Mailer;
use crate::state::AppState;
use std::sync::Arc;
use std::time::Duration;

/// How long a claim lasts: longer than any job takes (an SMTP send times out in 20 s).
pub const LEASE_SECONDS: i64 = 300;

pub struct Runner {
    pub state: AppState,
    pub mailer: Arc<Mailer>,
    /// Names this runner in claims: host and process, so a stuck job says whose it was.
    pub id: String,
    /// How often to look for due jobs when nothing wakes the runner.
    pub poll: Duration,
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub done: usize,
    pub retrying: usize,
    pub failed: usize,
}

impl Runner {
    pub fn new(state: AppState, mailer: Arc<Mailer>, poll: Duration) -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "server".into());
        let random = crate::secret::new_token();
        Runner {
            state,
            mailer,
            id: format!("{host}/{}/{}", std::process::id(), &random[..8]),
            poll,
        }
    }

    /// Runs every job that is due now. After a transient failure the round ends, so a
    /// down mail server is not hammered with every queued message.
    pub async fn run_due(&self) -> Result<Round, sqlx::Error> {
        let mut round = Round::default();
        loop {
            let now = self.state.clock.now();
            let claimed = {
                let mut conn = self.state.db.write_connection().await?;
                queue::claim(&mut conn, &self.id, now, now + LEASE_SECONDS).await?
            };
            let Some(claimed) = claimed else {
                return Ok(round);
            };
            let outcome = match &claimed.job {
                Ok(job) => self.handle(job).await,
                Err(unreadable) => Err(JobError::Permanent(unreadable.clone())),
            };
            let now = self.state.clock.now();
            let mut conn = self.state.db.write_connection().await?;
            match outcome {
                Ok(()) => {
                    queue::succeed(&mut conn, claimed.id, &self.id, now).await?;
                    round.done += 1;
                }
                Err(error) => match after_failure(&error, claimed.attempt) {
                    NextStep::RetryIn(seconds) => {
                        tracing::warn!(job = %claimed.id, attempt = claimed.attempt, error = error.message(), "job failed; will retry");
                        queue::retry_at(
                            &mut conn,
                            claimed.id,
                            &self.id,
                            now + seconds,
                            error.message(),
                        )
                        .await?;
                        round.retrying += 1;
                        return Ok(round);
                    }
                    NextStep::GiveUp => {
                        tracing::error!(job = %claimed.id, attempt = claimed.attempt, error = error.message(), "job failed for good");
                        drop(conn);
                        self.record_failure(&claimed, error.message(), now).await?;
                        round.failed += 1;
                    }
                },
            }
        }
    }

    async fn record_failure(
        &self,
        claimed: &queue::Claimed,
        error: &str,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.state.db.begin().await?;
        queue::fail(&mut tx, claimed.id, &self.id, error, now).await?;
        let mut event =
            AuditEvent::by(Actor::system(), Action::JobFailed, Subject::Job(claimed.id))
                .after(serde_json::json!({ "error": error, "attempts": claimed.attempt }));
        if let Some(organisation) = claimed.job.as_ref().ok().and_then(Job::organisation_id) {
            event = event.in_organisation(organisation);
        }
        crate::audit::append(&mut tx, event, &self.state.audit_key, now).await?;
        tx.commit().await
    }

    async fn handle(&self, job: &Job) -> Result<(), JobError> {
        let state = &self.state;
        match job {
            Job::Email { mail, .. } => {
                crate::mail::deliver::deliver(state, &self.mailer, mail).await
            }
            Job::CreateProviderAccount {
                organisation,
                full_name,
                email,
                password_hash,
            } => {
                crate::accounts::service::sign_up::create_account(
                    state,
                    organisation,
                    full_name,
                    email,
                    password_hash,
                )
                .await
            }
            Job::PasswordReset { email } => {
                crate::accounts::service::passwords::send_reset_link(state, email).await
            }
            Job::Prune => super::prune::prune(state).await,
            Job::ComplianceSweep => crate::compliance::service::sweep::sweep(state)
                .await
                .map(|_| ())
                .map_err(JobError::from),
        }
    }

    /// Runs due jobs until the process ends: at once when woken (a request queued a
    /// job), otherwise every `poll`.
    pub async fn run(self) {
        if let Err(error) = super::prune::schedule_next(&self.state).await {
            tracing::error!(%error, "could not schedule the nightly prune");
        }
        if let Err(error) = crate::compliance::service::sweep::schedule_today(&self.state).await {
            tracing::error!(%error, "could not schedule the compliance sweep");
        }
        loop {
            if let Err(error) = self.run_due().await {
                tracing::error!(%error, "job runner could not reach the database");
            }
            tokio::select! {
                _ = self.state.jobs_wakeup.notified() => {}
                _ = tokio::time::sleep(self.poll) => {}
            }
        }
    }
}
