//! The fixed lists of a placement request's anonymised profile and of a provider's
//! answer. They follow the children's Placements Data Standard v2 where it has a list,
//! so that reports group by the same words across councils; a council cannot add its
//! own entries, the request's free text says what is particular.

use serde::{Deserialize, Serialize};

/// A fixed list: each entry has a stored name, a label people read, and parses back
/// from the stored name only.
macro_rules! fixed_list {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $stored:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $stored,)+
                }
            }

            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            pub fn parse(value: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == value)
            }
        }
    };
}

fixed_list! {
    /// How soon the placement is needed (PDS v2 "urgency").
    Urgency {
        Today => "today", "Today (emergency)";
        WithinFiveDays => "within_5_days", "Within 5 days";
        Later => "later", "Later (planned)";
    }
}

fixed_list! {
    /// Risks a provider must know of to say whether it can keep the person safe.
    RiskFlag {
        SexualExploitation => "cse", "Child sexual exploitation";
        CriminalExploitation => "cce", "Child criminal exploitation or county lines";
        GoingMissing => "missing", "Going missing";
        SelfHarm => "self_harm", "Self-harm or suicidal thoughts";
        SubstanceMisuse => "substance_misuse", "Substance misuse";
        Aggression => "aggression", "Violence or aggression";
        HarmfulSexualBehaviour => "harmful_sexual_behaviour", "Harmful sexual behaviour";
        FireSetting => "fire_setting", "Fire-setting";
        Radicalisation => "radicalisation", "Risk of radicalisation";
        Offending => "offending", "Offending or youth justice involvement";
    }
}

fixed_list! {
    /// Why an invited provider does not offer; councils report on these to see
    /// where the market is short.
    DeclineReason {
        NoCapacity => "no_capacity", "No capacity";
        CannotMeetNeeds => "cannot_meet_needs", "Cannot meet the needs described";
        Location => "location", "Location";
        Other => "other", "Other reason";
    }
}

fixed_list! {
    /// The sex or gender of the person, only where it matters to the placement
    /// (a single-sex home, a carer's household).
    Gender {
        Female => "female", "Female";
        Male => "male", "Male";
        Other => "other", "Other or prefers not to say";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_reads_back_from_its_stored_name() {
        for u in Urgency::ALL {
            assert_eq!(Urgency::parse(u.as_str()), Some(*u));
        }
        for r in RiskFlag::ALL {
            assert_eq!(RiskFlag::parse(r.as_str()), Some(*r));
        }
        for d in DeclineReason::ALL {
            assert_eq!(DeclineReason::parse(d.as_str()), Some(*d));
        }
        for g in Gender::ALL {
            assert_eq!(Gender::parse(g.as_str()), Some(*g));
        }
    }

    #[test]
    fn a_label_is_not_a_stored_name() {
        assert_eq!(Urgency::parse("Today (emergency)"), None);
        assert_eq!(RiskFlag::parse(""), None);
    }
}
