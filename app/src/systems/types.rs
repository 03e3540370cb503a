//! The names a purchasing system is described by. They cross to the browser and into
//! the database, so each has a stored name that never changes (`as_str`/`parse`) and a
//! label for people (`label`); the stored name is what a migration or export relies on.

use serde::{Deserialize, Serialize};

/// The law a system was procured under. Councils run systems under both at once: the
/// Act only governs procurements begun on or after its commencement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Regime {
    /// The Public Contracts Regulations 2015.
    Pcr2015,
    ProcurementAct2023,
}

impl Regime {
    pub const ALL: [Regime; 2] = [Regime::Pcr2015, Regime::ProcurementAct2023];

    pub fn as_str(self) -> &'static str {
        match self {
            Regime::Pcr2015 => "pcr_2015",
            Regime::ProcurementAct2023 => "procurement_act_2023",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Regime::Pcr2015 => "Public Contracts Regulations 2015",
            Regime::ProcurementAct2023 => "Procurement Act 2023",
        }
    }

    /// The kinds of system this law provides for; a form offers only these.
    pub fn system_types(self) -> &'static [SystemType] {
        match self {
            Regime::Pcr2015 => &[
                SystemType::Reg34Dps,
                SystemType::LightTouchFramework,
                SystemType::ClosedFramework,
            ],
            Regime::ProcurementAct2023 => &[
                SystemType::DynamicMarket,
                SystemType::OpenFramework,
                SystemType::ClosedFramework,
            ],
        }
    }

    pub fn allows(self, system_type: SystemType) -> bool {
        self.system_types().contains(&system_type)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum SystemType {
    /// A dynamic purchasing system under regulation 34 of the 2015 Regulations.
    Reg34Dps,
    /// A pseudo-DPS or flexible framework under the light-touch regime (regs 74–76),
    /// re-opened to new providers from time to time.
    LightTouchFramework,
    /// The Act's successor to the DPS (sections 34–40).
    DynamicMarket,
    /// A scheme of successive frameworks under section 49 of the Act.
    OpenFramework,
    /// A framework whose membership is fixed when it is awarded.
    ClosedFramework,
}

impl SystemType {
    pub const ALL: [SystemType; 5] = [
        SystemType::Reg34Dps,
        SystemType::LightTouchFramework,
        SystemType::DynamicMarket,
        SystemType::OpenFramework,
        SystemType::ClosedFramework,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SystemType::Reg34Dps => "reg34_dps",
            SystemType::LightTouchFramework => "light_touch_framework",
            SystemType::DynamicMarket => "dynamic_market",
            SystemType::OpenFramework => "open_framework",
            SystemType::ClosedFramework => "closed_framework",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            SystemType::Reg34Dps => "Dynamic purchasing system (Regulation 34)",
            SystemType::LightTouchFramework => "Flexible framework or pseudo-DPS (light-touch)",
            SystemType::DynamicMarket => "Dynamic market",
            SystemType::OpenFramework => "Open framework",
            SystemType::ClosedFramework => "Closed framework",
        }
    }

    /// The laws under which this kind of system can exist.
    pub fn regimes(self) -> &'static [Regime] {
        match self {
            SystemType::Reg34Dps | SystemType::LightTouchFramework => &[Regime::Pcr2015],
            SystemType::DynamicMarket | SystemType::OpenFramework => &[Regime::ProcurementAct2023],
            SystemType::ClosedFramework => &Regime::ALL,
        }
    }
}

/// A lot's service type, from the brief's glossary. Call-offs, evidence rules and
/// reports group by these, so a council cannot invent new ones per system; the lot's
/// own description says what is particular to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ServiceType {
    ResidentialChildrensHome,
    IndependentFostering,
    LeavingCare16Plus,
    HomeCare,
    FamilySupport,
    FamilyTherapeuticSupport,
    ShortBreaks,
    OneToOneIntensiveSupport,
    SupportedLivingLearningDisability,
    SupportedLivingAutism,
    SupportedLivingMentalHealth,
    SupportedLivingPhysicalDisability,
}

impl ServiceType {
    pub const ALL: [ServiceType; 12] = [
        ServiceType::ResidentialChildrensHome,
        ServiceType::IndependentFostering,
        ServiceType::LeavingCare16Plus,
        ServiceType::HomeCare,
        ServiceType::FamilySupport,
        ServiceType::FamilyTherapeuticSupport,
        ServiceType::ShortBreaks,
        ServiceType::OneToOneIntensiveSupport,
        ServiceType::SupportedLivingLearningDisability,
        ServiceType::SupportedLivingAutism,
        ServiceType::SupportedLivingMentalHealth,
        ServiceType::SupportedLivingPhysicalDisability,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::ResidentialChildrensHome => "residential_childrens_home",
            ServiceType::IndependentFostering => "independent_fostering",
            ServiceType::LeavingCare16Plus => "leaving_care_16_plus",
            ServiceType::HomeCare => "home_care",
            ServiceType::FamilySupport => "family_support",
            ServiceType::FamilyTherapeuticSupport => "family_therapeutic_support",
            ServiceType::ShortBreaks => "short_breaks",
            ServiceType::OneToOneIntensiveSupport => "one_to_one_intensive_support",
            ServiceType::SupportedLivingLearningDisability => {
                "supported_living_learning_disability"
            }
            ServiceType::SupportedLivingAutism => "supported_living_autism",
            ServiceType::SupportedLivingMentalHealth => "supported_living_mental_health",
            ServiceType::SupportedLivingPhysicalDisability => {
                "supported_living_physical_disability"
            }
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            ServiceType::ResidentialChildrensHome => "Residential children's home",
            ServiceType::IndependentFostering => "Independent fostering",
            ServiceType::LeavingCare16Plus => "Leaving care 16+ supported accommodation",
            ServiceType::HomeCare => "Home care",
            ServiceType::FamilySupport => "Family support",
            ServiceType::FamilyTherapeuticSupport => "Family therapeutic support",
            ServiceType::ShortBreaks => "Short breaks",
            ServiceType::OneToOneIntensiveSupport => "1-1 intensive support",
            ServiceType::SupportedLivingLearningDisability => {
                "Supported living (learning disability)"
            }
            ServiceType::SupportedLivingAutism => "Supported living (autism)",
            ServiceType::SupportedLivingMentalHealth => "Supported living (mental health)",
            ServiceType::SupportedLivingPhysicalDisability => {
                "Supported living (physical disability)"
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Status {
    Draft,
    Open,
    Closed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Draft, Status::Open, Status::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Open => "open",
            Status::Closed => "closed",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Open => "Open",
            Status::Closed => "Closed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_name_round_trips_through_its_stored_form() {
        for r in Regime::ALL {
            assert_eq!(Regime::parse(r.as_str()), Some(r));
        }
        for t in SystemType::ALL {
            assert_eq!(SystemType::parse(t.as_str()), Some(t));
        }
        for s in ServiceType::ALL {
            assert_eq!(ServiceType::parse(s.as_str()), Some(s));
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(SystemType::parse("Reg34Dps"), None);
        assert_eq!(ServiceType::parse("home care"), None);
        assert_eq!(Status::parse(""), None);
    }

    #[test]
    fn stored_names_and_labels_are_distinct() {
        let names: HashSet<_> = ServiceType::ALL.iter().map(|s| s.as_str()).collect();
        let labels: HashSet<_> = ServiceType::ALL.iter().map(|s| s.label()).collect();
        assert_eq!(names.len(), ServiceType::ALL.len());
        assert_eq!(labels.len(), ServiceType::ALL.len());
        let types: HashSet<_> = SystemType::ALL.iter().map(|t| t.as_str()).collect();
        assert_eq!(types.len(), SystemType::ALL.len());
    }

    #[test]
    fn a_dps_and_a_light_touch_framework_exist_only_under_the_2015_regulations() {
        for t in [SystemType::Reg34Dps, SystemType::LightTouchFramework] {
            assert!(Regime::Pcr2015.allows(t), "{t:?}");
            assert!(!Regime::ProcurementAct2023.allows(t), "{t:?}");
        }
    }

    #[test]
    fn a_dynamic_market_and_an_open_framework_exist_only_under_the_act() {
        for t in [SystemType::DynamicMarket, SystemType::OpenFramework] {
            assert!(Regime::ProcurementAct2023.allows(t), "{t:?}");
            assert!(!Regime::Pcr2015.allows(t), "{t:?}");
        }
    }

    #[test]
    fn a_closed_framework_exists_under_either_law() {
        for r in Regime::ALL {
            assert!(r.allows(SystemType::ClosedFramework), "{r:?}");
        }
    }

    #[test]
    fn the_two_views_of_which_type_belongs_to_which_law_agree() {
        for r in Regime::ALL {
            for t in SystemType::ALL {
                assert_eq!(r.allows(t), t.regimes().contains(&r), "{r:?} {t:?}");
            }
        }
    }
}
