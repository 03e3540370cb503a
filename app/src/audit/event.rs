//! What an audit row records, as typed values: who did it, what they did, and to what.

use crate::auth::user::CurrentUser;
use crate::ids::{OrganisationId, UserId};
use serde_json::Value;

/// Who did it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<UserId>,
    /// As shown to auditors: an email address, or "system".
    pub label: String,
    pub organisation_id: Option<OrganisationId>,
}

impl Actor {
    pub fn user(user: &CurrentUser) -> Self {
        Actor {
            user_id: Some(user.user_id),
            label: user.email.clone(),
            organisation_id: Some(user.organisation_id),
        }
    }

    pub fn account(user_id: UserId, email: &str, organisation_id: OrganisationId) -> Self {
        Actor {
            user_id: Some(user_id),
            label: email.to_string(),
            organisation_id: Some(organisation_id),
        }
    }

    /// Someone not signed in, known only by the email address they typed.
    pub fn claiming(email: &str) -> Self {
        Actor {
            user_id: None,
            label: email.to_string(),
            organisation_id: None,
        }
    }

    /// The portal itself: a command-line tool or a background job.
    pub fn system() -> Self {
        Actor {
            user_id: None,
            label: "system".into(),
            organisation_id: None,
        }
    }
}

/// What was done. The stored names are stable: the audit page filters by them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    OrganisationCreated,
    UserCreated,
    SignUp,
    EmailVerified,
    SignIn,
    SignInFailed,
    SignOut,
    PasswordResetRequested,
    PasswordReset,
    PasswordChanged,
    UserInvited,
    InvitationAccepted,
    RolesChanged,
    UserRemoved,
    JobFailed,
    SystemCreated,
    SystemUpdated,
    SystemOpened,
    SystemClosed,
    WindowOpened,
    WindowClosed,
    CouncilJoinedSystem,
    CouncilLeftSystem,
    LotAdded,
    LotRemoved,
    EvidenceTypeAdded,
    EvidenceTypeRemoved,
    SectionAdded,
    SectionRemoved,
    QuestionAdded,
    QuestionRemoved,
    ProfileUpdated,
    EvidenceAdded,
    EvidenceDownloaded,
    ApplicationStarted,
    ApplicationLotsChosen,
    ApplicationAnswersSaved,
    ApplicationEvidenceAttached,
    ApplicationSubmitted,
    ApplicationEvaluated,
    DecisionPeriodExtended,
    ClarificationAsked,
    ClarificationAnswered,
    ApplicationDecided,
    CouncilSettingsChanged,
    FrameworkAwarded,
    EvidenceReplacementSubmitted,
    EvidenceReplacementDecided,
    ProviderSuspended,
    SuspensionChanged,
    SuspensionLifted,
    ProviderRemoved,
    DeclarationRequested,
    DeclarationRenewed,
    SuccessorDrafted,
    ClosureNoticeSent,
    RequestIssued,
    RequestCancelled,
    RequestDeadlineExtended,
    OfferSubmitted,
    OfferRevised,
    OfferWithdrawn,
    OfferDeclined,
    OfferMarked,
    OfferExcluded,
    TieBreakRecorded,
    TransitionSignedOff,
    PlacementAwarded,
    PlacementRecorded,
    PlacementVaried,
    PersonViewed,
    ApprovalLimitsChanged,
    PlacementStatusChanged,
    HoursDelivered,
    PersonErased,
    RetentionChanged,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::OrganisationCreated => "organisation_created",
            Action::UserCreated => "user_created",
            Action::SignUp => "sign_up",
            Action::EmailVerified => "email_verified",
            Action::SignIn => "sign_in",
            Action::SignInFailed => "sign_in_failed",
            Action::SignOut => "sign_out",
            Action::PasswordResetRequested => "password_reset_requested",
            Action::PasswordReset => "password_reset",
            Action::PasswordChanged => "password_changed",
            Action::UserInvited => "user_invited",
            Action::InvitationAccepted => "invitation_accepted",
            Action::RolesChanged => "roles_changed",
            Action::UserRemoved => "user_removed",
            Action::JobFailed => "job_failed",
            Action::SystemCreated => "system_created",
            Action::SystemUpdated => "system_updated",
            Action::SystemOpened => "system_opened",
            Action::SystemClosed => "system_closed",
            Action::WindowOpened => "window_opened",
            Action::WindowClosed => "window_closed",
            Action::CouncilJoinedSystem => "council_joined_system",
            Action::CouncilLeftSystem => "council_left_system",
            Action::LotAdded => "lot_added",
            Action::LotRemoved => "lot_removed",
            Action::EvidenceTypeAdded => "evidence_type_added",
            Action::EvidenceTypeRemoved => "evidence_type_removed",
            Action::SectionAdded => "section_added",
            Action::SectionRemoved => "section_removed",
            Action::QuestionAdded => "question_added",
            Action::QuestionRemoved => "question_removed",
            Action::ProfileUpdated => "profile_updated",
            Action::EvidenceAdded => "evidence_added",
            Action::EvidenceDownloaded => "evidence_downloaded",
            Action::ApplicationStarted => "application_started",
            Action::ApplicationLotsChosen => "application_lots_chosen",
            Action::ApplicationAnswersSaved => "application_answers_saved",
            Action::ApplicationEvidenceAttached => "application_evidence_attached",
            Action::ApplicationSubmitted => "application_submitted",
            Action::ApplicationEvaluated => "application_evaluated",
            Action::DecisionPeriodExtended => "decision_period_extended",
            Action::ClarificationAsked => "clarification_asked",
            Action::ClarificationAnswered => "clarification_answered",
            Action::ApplicationDecided => "application_decided",
            Action::CouncilSettingsChanged => "council_settings_changed",
            Action::FrameworkAwarded => "framework_awarded",
            Action::EvidenceReplacementSubmitted => "evidence_replacement_submitted",
            Action::EvidenceReplacementDecided => "evidence_replacement_decided",
            Action::ProviderSuspended => "provider_suspended",
            Action::SuspensionChanged => "suspension_changed",
            Action::SuspensionLifted => "suspension_lifted",
            Action::ProviderRemoved => "provider_removed",
            Action::DeclarationRequested => "declaration_requested",
            Action::DeclarationRenewed => "declaration_renewed",
            Action::SuccessorDrafted => "successor_drafted",
            Action::ClosureNoticeSent => "closure_notice_sent",
            Action::RequestIssued => "request_issued",
            Action::RequestCancelled => "request_cancelled",
            Action::RequestDeadlineExtended => "request_deadline_extended",
            Action::OfferSubmitted => "offer_submitted",
            Action::OfferRevised => "offer_revised",
            Action::OfferWithdrawn => "offer_withdrawn",
            Action::OfferDeclined => "offer_declined",
            Action::OfferMarked => "offer_marked",
            Action::OfferExcluded => "offer_excluded",
            Action::TieBreakRecorded => "tie_break_recorded",
            Action::TransitionSignedOff => "transition_signed_off",
            Action::PlacementAwarded => "placement_awarded",
            Action::PlacementRecorded => "placement_recorded",
            Action::PlacementVaried => "placement_varied",
            Action::PersonViewed => "person_viewed",
            Action::ApprovalLimitsChanged => "approval_limits_changed",
            Action::PlacementStatusChanged => "placement_status_changed",
            Action::HoursDelivered => "hours_delivered",
            Action::PersonErased => "person_erased",
            Action::RetentionChanged => "retention_changed",
        }
    }
}

/// What it was done to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    User(UserId),
    Organisation(OrganisationId),
    Job(crate::ids::JobId),
    System(crate::ids::SystemId),
    Application(crate::ids::ApplicationId),
    Evidence(crate::ids::EvidenceItemId),
    Request(crate::ids::RequestId),
    Placement(crate::ids::PlacementId),
    /// A sign-in attempt for an address with no account.
    UnknownAccount,
}

impl Subject {
    /// As stored, e.g. "user:42".
    pub fn to_stored(self) -> String {
        match self {
            Subject::User(id) => format!("user:{id}"),
            Subject::Organisation(id) => format!("organisation:{id}"),
            Subject::Job(id) => format!("job:{id}"),
            Subject::System(id) => format!("system:{id}"),
            Subject::Application(id) => format!("application:{id}"),
            Subject::Evidence(id) => format!("evidence:{id}"),
            Subject::Request(id) => format!("request:{id}"),
            Subject::Placement(id) => format!("placement:{id}"),
            Subject::UnknownAccount => "unknown account".into(),
        }
    }
}

/// One thing that happened. The row goes into the log of the actor's organisation
/// unless `in_organisation` says otherwise.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub actor: Actor,
    pub action: Action,
    pub subject: Subject,
    pub organisation_id: Option<OrganisationId>,
    pub before: Value,
    pub after: Value,
}

impl AuditEvent {
    pub fn by(actor: Actor, action: Action, subject: Subject) -> Self {
        AuditEvent {
            organisation_id: actor.organisation_id,
            actor,
            action,
            subject,
            before: Value::Null,
            after: Value::Null,
        }
    }

    pub fn in_organisation(mut self, organisation_id: OrganisationId) -> Self {
        self.organisation_id = Some(organisation_id);
        self
    }

    pub fn before(mut self, before: Value) -> Self {
        self.before = before;
        self
    }

    pub fn after(mut self, after: Value) -> Self {
        self.after = after;
        self
    }
}
