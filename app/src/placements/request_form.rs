//! Reading the commissioner's request form once into a [`RequestDraft`]. Every
//! problem is reported next to its field, with what was typed kept, and nothing is
//! stored until the whole form is right.

use super::transition::{age_on, is_transition};
use super::types::{Gender, RiskFlag, Urgency};
use super::value::parse_hours;
use crate::calendar::uk_instant;
use crate::error::FormErrors;
use crate::ids::LotId;
use crate::systems::details::iso_date;
use serde::{Deserialize, Serialize};
use time::{Date, Time};

pub const MAX_QUESTIONS: usize = 10;
const MAX_TEXT: usize = 4_000;

/// The form as submitted: every field as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    pub lot_id: String,
    pub kind: String,
    pub urgency: String,
    pub gender: String,
    pub needs_summary: String,
    pub send_ehcp: String,
    pub risk_flags: Vec<String>,
    pub siblings: String,
    pub pets: String,
    pub preferred_area: String,
    pub max_distance: String,
    pub placement_type: String,
    pub start_date: String,
    pub end_date: String,
    pub bespoke: String,
    pub hours_per_week: String,
    pub guaranteed_hours: String,
    /// One quality question per line.
    pub questions: String,
    pub deadline_date: String,
    pub deadline_time: String,
    pub all_agreed_shorter: String,
    pub full_name: String,
    pub date_of_birth: String,
    pub address: String,
    pub local_reference: String,
}

/// The identifying details, kept apart from the profile from here on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonDraft {
    pub full_name: String,
    pub date_of_birth: Date,
    pub address: String,
    pub local_reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockHours {
    pub minutes_per_week: u32,
    pub guaranteed_minutes: u32,
}

/// A request ready to issue (the deadline still to be checked against the system).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestDraft {
    pub lot_id: LotId,
    pub block: Option<BlockHours>,
    pub urgency: Urgency,
    pub age_years: i64,
    pub gender: Option<Gender>,
    pub needs_summary: String,
    pub send_ehcp: bool,
    pub risk_flags: Vec<RiskFlag>,
    pub siblings: i64,
    pub pets: String,
    pub preferred_area: String,
    pub max_distance_miles: Option<i64>,
    pub placement_type: String,
    pub start_date: Date,
    pub end_date: Date,
    pub bespoke: String,
    pub questions: Vec<String>,
    pub deadline: i64,
    pub all_agreed_shorter: bool,
    pub transition: bool,
    pub person: PersonDraft,
}

fn required(errors: &mut FormErrors, field: &str, value: &str, message: &str) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, message);
    } else if value.chars().count() > MAX_TEXT {
        errors.add(
            field,
            format!("Keep this to {MAX_TEXT} characters or fewer"),
        );
    }
    value.to_string()
}

fn optional(errors: &mut FormErrors, field: &str, value: &str) -> String {
    let value = value.trim();
    if value.chars().count() > MAX_TEXT {
        errors.add(
            field,
            format!("Keep this to {MAX_TEXT} characters or fewer"),
        );
    }
    value.to_string()
}

fn date(errors: &mut FormErrors, field: &str, value: &str, missing: &str) -> Option<Date> {
    if value.trim().is_empty() {
        errors.add(field, missing);
        return None;
    }
    iso_date(value).map_err(|m| errors.add(field, m)).ok()
}

/// "17:00" or "5:00" as a time input sends it.
pub fn parse_time(input: &str) -> Result<Time, String> {
    let message = || "Enter a time like 17:00".to_string();
    let (h, m) = input.trim().split_once(':').ok_or_else(message)?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || m.len() != 2 || !digits(m) {
        return Err(message());
    }
    let (h, m) = (
        h.parse::<u8>().map_err(|_| message())?,
        m.parse::<u8>().map_err(|_| message())?,
    );
    Time::from_hms(h, m, 0).map_err(|_| message())
}

impl RequestForm {
    pub fn kept(&self) -> FormErrors {
        let mut kept = FormErrors::new();
        for (field, value) in [
            ("lot_id", &self.lot_id),
            ("kind", &self.kind),
            ("urgency", &self.urgency),
            ("gender", &self.gender),
            ("needs_summary", &self.needs_summary),
            ("send_ehcp", &self.send_ehcp),
            ("siblings", &self.siblings),
            ("pets", &self.pets),
            ("preferred_area", &self.preferred_area),
            ("max_distance", &self.max_distance),
            ("placement_type", &self.placement_type),
            ("start_date", &self.start_date),
            ("end_date", &self.end_date),
            ("bespoke", &self.bespoke),
            ("hours_per_week", &self.hours_per_week),
            ("guaranteed_hours", &self.guaranteed_hours),
            ("questions", &self.questions),
            ("deadline_date", &self.deadline_date),
            ("deadline_time", &self.deadline_time),
            ("all_agreed_shorter", &self.all_agreed_shorter),
            ("full_name", &self.full_name),
            ("date_of_birth", &self.date_of_birth),
            ("address", &self.address),
            ("local_reference", &self.local_reference),
        ] {
            kept = kept.keep(field, value);
        }
        kept.keep_ticked("risk_flags", &self.risk_flags)
    }

    pub fn parse(&self) -> Result<RequestDraft, FormErrors> {
        let mut e = self.kept();
        let lot_id = self.lot_id.trim().parse::<LotId>().ok();
        if lot_id.is_none() {
            e.add("lot_id", "Choose the lot");
        }
        let block = match self.kind.as_str() {
            "spot" => Some(false),
            "block" => Some(true),
            _ => {
                e.add(
                    "kind",
                    "Choose whether this is a placement or a block of hours",
                );
                None
            }
        };
        let urgency = Urgency::parse(&self.urgency);
        if urgency.is_none() {
            e.add("urgency", "Choose how soon the placement is needed");
        }
        let gender = match self.gender.as_str() {
            "" | "not_relevant" => Some(None),
            other => Gender::parse(other).map(Some),
        };
        if gender.is_none() {
            e.add("gender", "Choose a gender from the list, or not relevant");
        }
        let needs_summary = required(
            &mut e,
            "needs_summary",
            &self.needs_summary,
            "Describe the needs, without anything that identifies the person",
        );
        let mut risk_flags = Vec::new();
        for flag in &self.risk_flags {
            match RiskFlag::parse(flag) {
                Some(f) if !risk_flags.contains(&f) => risk_flags.push(f),
                Some(_) => {}
                None => e.add("risk_flags", "Choose risks from the list"),
            }
        }
        risk_flags.sort();
        let siblings = match self.siblings.trim() {
            "" => Some(0),
            s => s.parse::<i64>().ok().filter(|n| (0..=10).contains(n)),
        };
        if siblings.is_none() {
            e.add(
                "siblings",
                "Enter how many siblings are to be placed together, from 0 to 10",
            );
        }
        let pets = optional(&mut e, "pets", &self.pets);
        let preferred_area = required(
            &mut e,
            "preferred_area",
            &self.preferred_area,
            "Enter the preferred area, such as a borough or a postcode district",
        );
        let max_distance_miles = match self.max_distance.trim() {
            "" => Some(None),
            s => s
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=500).contains(n))
                .map(Some),
        };
        if max_distance_miles.is_none() {
            e.add(
                "max_distance",
                "Enter the greatest distance in whole miles, from 1 to 500",
            );
        }
        let placement_type = required(
            &mut e,
            "placement_type",
            &self.placement_type,
            "Enter the type of placement, such as residential children's home",
        );
        let start = date(
            &mut e,
            "start_date",
            &self.start_date,
            "Enter the start date",
        );
        let end = date(&mut e, "end_date", &self.end_date, "Enter the end date");
        if let (Some(s), Some(f)) = (start, end) {
            if f < s {
                e.add(
                    "end_date",
                    "The end date must be on or after the start date",
                );
            }
        }
        let bespoke = optional(&mut e, "bespoke", &self.bespoke);
        let hours = match block {
            Some(true) => {
                let week = parse_hours(&self.hours_per_week)
                    .map_err(|m| e.add("hours_per_week", m))
                    .ok()
                    .filter(|m| *m > 0);
                let guaranteed = match self.guaranteed_hours.trim() {
                    "" => Ok(0),
                    g => parse_hours(g),
                }
                .map_err(|m| e.add("guaranteed_hours", m))
                .ok();
                match (week, guaranteed) {
                    (Some(w), Some(g)) if g <= w => Some(Some(BlockHours {
                        minutes_per_week: w,
                        guaranteed_minutes: g,
                    })),
                    (Some(_), Some(_)) => {
                        e.add(
                            "guaranteed_hours",
                            "The guaranteed hours cannot be more than the hours each week",
                        );
                        None
                    }
                    (None, _) if e.message_for("hours_per_week").is_none() => {
                        e.add("hours_per_week", "Enter the hours each week");
                        None
                    }
                    _ => None,
                }
            }
            _ => Some(None),
        };
        let questions: Vec<String> = self
            .questions
            .lines()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_string)
            .collect();
        if questions.len() > MAX_QUESTIONS {
            e.add(
                "questions",
                format!("Ask at most {MAX_QUESTIONS} quality questions, one on each line"),
            );
        }
        let deadline_day = date(
            &mut e,
            "deadline_date",
            &self.deadline_date,
            "Enter the date offers must arrive by",
        );
        let deadline_time = parse_time(&self.deadline_time)
            .map_err(|m| e.add("deadline_time", m))
            .ok();
        let full_name = required(
            &mut e,
            "full_name",
            &self.full_name,
            "Enter the person's full name",
        );
        let born = date(
            &mut e,
            "date_of_birth",
            &self.date_of_birth,
            "Enter the person's date of birth",
        );
        let address = required(
            &mut e,
            "address",
            &self.address,
            "Enter the person's current address",
        );
        let local_reference = required(
            &mut e,
            "local_reference",
            &self.local_reference,
            "Enter the council's reference for the person, such as their case number",
        );
        let age = match (born, start) {
            (Some(b), Some(s)) if b > s => {
                e.add(
                    "date_of_birth",
                    "The date of birth must be before the start date",
                );
                None
            }
            (Some(b), Some(s)) => Some(i64::from(age_on(b, s))),
            _ => None,
        };
        match (
            lot_id,
            urgency,
            gender,
            siblings,
            max_distance_miles,
            start,
            end,
            hours,
            deadline_day,
            deadline_time,
            born,
            age,
        ) {
            (
                Some(lot_id),
                Some(urgency),
                Some(gender),
                Some(siblings),
                Some(max_distance_miles),
                Some(start_date),
                Some(end_date),
                Some(block),
                Some(day),
                Some(time),
                Some(date_of_birth),
                Some(age_years),
            ) if e.is_empty() => Ok(RequestDraft {
                lot_id,
                block,
                urgency,
                age_years,
                gender,
                needs_summary,
                send_ehcp: self.send_ehcp == "yes",
                risk_flags,
                siblings,
                pets,
                preferred_area,
                max_distance_miles,
                placement_type,
                start_date,
                end_date,
                bespoke,
                questions,
                deadline: uk_instant(day, time),
                all_agreed_shorter: self.all_agreed_shorter == "yes",
                transition: is_transition(date_of_birth, start_date, end_date),
                person: PersonDraft {
                    full_name,
                    date_of_birth,
                    address,
                    local_reference,
                },
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn form() -> RequestForm {
        RequestForm {
            lot_id: "3".into(),
            kind: "spot".into(),
            urgency: "today".into(),
            gender: "female".into(),
            needs_summary: "Needs a calm home with waking night staff.".into(),
            send_ehcp: "yes".into(),
            risk_flags: vec!["missing".into(), "cse".into()],
            siblings: "0".into(),
            preferred_area: "North London".into(),
            placement_type: "Residential children's home".into(),
            start_date: "2027-01-04".into(),
            end_date: "2027-12-31".into(),
            questions: "How will you keep her safe at night?\n\nHow will you support school?"
                .into(),
            deadline_date: "2027-01-04".into(),
            deadline_time: "17:00".into(),
            full_name: "Amelia Example".into(),
            date_of_birth: "2012-05-01".into(),
            address: "1 Example Road, London N17".into(),
            local_reference: "HC-2026-0042".into(),
            ..RequestForm::default()
        }
    }

    #[test]
    fn a_complete_form_reads_into_a_draft() {
        let draft = form().parse().expect("parses");
        assert_eq!(draft.age_years, 14);
        assert_eq!(draft.questions.len(), 2);
        assert_eq!(
            draft.risk_flags,
            vec![RiskFlag::SexualExploitation, RiskFlag::GoingMissing]
        );
        assert!(!draft.transition);
        assert!(draft.send_ehcp);
        // 17:00 in January is 17:00 UTC.
        assert_eq!(draft.deadline % 86_400, 17 * 3_600);
    }

    #[test]
    fn turning_eighteen_before_the_end_makes_a_transition() {
        let draft = RequestForm {
            date_of_birth: "2009-06-01".into(),
            ..form()
        }
        .parse()
        .unwrap();
        assert!(draft.transition);
        assert_eq!(draft.age_years, 17);
    }

    #[test]
    fn every_problem_is_reported_next_to_its_field_and_the_typing_kept() {
        let bad = RequestForm {
            urgency: "soon".into(),
            needs_summary: " ".into(),
            end_date: "2026-12-01".into(),
            deadline_time: "5pm".into(),
            risk_flags: vec!["dragons".into()],
            ..form()
        };
        let errors = bad.parse().unwrap_err();
        for field in [
            "urgency",
            "needs_summary",
            "end_date",
            "deadline_time",
            "risk_flags",
        ] {
            assert!(errors.message_for(field).is_some(), "{field}");
        }
        assert_eq!(errors.value_for("deadline_time"), Some("5pm"));
        assert_eq!(errors.ticked_for("risk_flags"), Some(vec!["dragons"]));
    }

    #[test]
    fn a_block_request_needs_its_hours_and_guarantees_no_more_than_them() {
        let block = RequestForm {
            kind: "block".into(),
            hours_per_week: "40".into(),
            guaranteed_hours: "30.5".into(),
            ..form()
        };
        assert_eq!(
            block.parse().unwrap().block,
            Some(BlockHours {
                minutes_per_week: 2_400,
                guaranteed_minutes: 1_830
            })
        );
        let too_many = RequestForm {
            guaranteed_hours: "41".into(),
            ..block.clone()
        };
        assert!(too_many
            .parse()
            .unwrap_err()
            .message_for("guaranteed_hours")
            .is_some());
        let none = RequestForm {
            hours_per_week: "".into(),
            ..block
        };
        assert!(none
            .parse()
            .unwrap_err()
            .message_for("hours_per_week")
            .is_some());
    }

    #[test]
    fn times_are_read_as_a_time_input_sends_them() {
        assert_eq!(parse_time("17:00"), Ok(Time::from_hms(17, 0, 0).unwrap()));
        assert_eq!(parse_time("9:05"), Ok(Time::from_hms(9, 5, 0).unwrap()));
        assert!(parse_time("25:00").is_err());
        assert!(parse_time("17").is_err());
    }
}
