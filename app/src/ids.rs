//! Typed ids, so a user's id can never be passed where an organisation's is expected.
//! Each is the table's integer key; on the wire and in forms it is that number.

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl $name {
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    };
}

typed_id!(
    /// A person's account.
    UserId
);
typed_id!(
    /// A council or a care provider.
    OrganisationId
);
typed_id!(
    /// A queued background job.
    JobId
);
typed_id!(
    /// A purchasing system: a DPS, dynamic market or framework.
    SystemId
);
typed_id!(
    /// A lot of a purchasing system.
    LotId
);
typed_id!(
    /// A kind of evidence a system asks for.
    EvidenceTypeId
);
typed_id!(
    /// A section of a system's selection questionnaire.
    SectionId
);
typed_id!(
    /// A question of a system's selection questionnaire.
    QuestionId
);
typed_id!(
    /// A provider's application to join a purchasing system.
    ApplicationId
);
typed_id!(
    /// An item of a provider organisation's evidence library.
    EvidenceItemId
);

typed_id!(
    /// A provider's suspension from one lot of a system.
    SuspensionId
);

typed_id!(
    /// A replacement evidence item a member sent for a council to accept.
    ReplacementId
);

typed_id!(
    /// A council's request that every member of a system renew its self-declaration.
    RenewalRequestId
);

typed_id!(
    /// A council's placement request to the providers of a lot.
    RequestId
);

typed_id!(
    /// A placement: the call-off contract an award creates.
    PlacementId
);
