//! Reading a provider's offer once into an [`OfferDraft`], with its whole-life value
//! worked out against the request's dates. The area of the home or service is asked
//! for, never its address: a full postcode is refused until award.

use super::value::{days_between, parse_percent, whole_life_value, BlockTerms, Extra};
use crate::error::FormErrors;
use crate::money::Money;
use crate::systems::details::iso_date;
use serde::{Deserialize, Serialize};
use time::Date;

const MAX_TEXT: usize = 4_000;
pub const MAX_EXTRAS: usize = 5;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfferForm {
    pub weekly_price: String,
    pub hourly_rate: String,
    pub discount: String,
    pub includes: String,
    pub extra_kind: Vec<String>,
    pub extra_amount: Vec<String>,
    pub extra_reason: Vec<String>,
    pub start_date: String,
    pub area: String,
    pub answers: Vec<String>,
    pub staffing_ratio: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraDraft {
    pub weekly: bool,
    pub amount: Money,
    pub reason: String,
}

/// An offer ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferDraft {
    pub weekly_price: Option<Money>,
    pub hourly_rate: Option<Money>,
    pub discount_bp: u32,
    pub includes: String,
    pub extras: Vec<ExtraDraft>,
    pub start_date: Date,
    pub area: String,
    pub answers: Vec<String>,
    pub staffing_ratio: String,
    pub weekly_cost: Money,
    pub value: Money,
}

/// What the offer is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    pub start: Date,
    pub end: Date,
    pub questions: usize,
    /// Block requests: (minutes per week, guaranteed minutes).
    pub block: Option<(u32, u32)>,
}

/// A full UK postcode (outward and inward code, e.g. "N17 6AB"), which would place
/// the home exactly; the outward code alone ("N17") is an area.
pub fn names_a_full_postcode(text: &str) -> bool {
    let upper = text.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let outward = |w: &str| {
        let b = w.as_bytes();
        (2..=4).contains(&b.len())
            && b[0].is_ascii_alphabetic()
            && b.iter().any(u8::is_ascii_digit)
            && b.iter().all(u8::is_ascii_alphanumeric)
    };
    let inward = |w: &str| {
        let b = w.as_bytes();
        b.len() == 3
            && b[0].is_ascii_digit()
            && b[1].is_ascii_alphabetic()
            && b[2].is_ascii_alphabetic()
    };
    let joined = |w: &str| {
        w.len() >= 5 && w.len() <= 7 && outward(&w[..w.len() - 3]) && inward(&w[w.len() - 3..])
    };
    words.windows(2).any(|p| outward(p[0]) && inward(p[1])) || words.iter().any(|w| joined(w))
}

fn text(errors: &mut FormErrors, field: &str, value: &str, missing: Option<&str>) -> String {
    let value = value.trim();
    match missing {
        Some(message) if value.is_empty() => errors.add(field, message),
        _ if value.chars().count() > MAX_TEXT => errors.add(
            field,
            format!("Keep this to {MAX_TEXT} characters or fewer"),
        ),
        _ => {}
    }
    value.to_string()
}

fn price(errors: &mut FormErrors, field: &str, value: &str, missing: &str) -> Option<Money> {
    if value.trim().is_empty() {
        errors.add(field, missing);
        return None;
    }
    match Money::parse(value) {
        Ok(m) if m.pence() > 0 => Some(m),
        Ok(_) => {
            errors.add(field, "The price must be more than zero");
            None
        }
        Err(message) => {
            errors.add(field, message.replace("7,200,000", "4,250.00"));
            None
        }
    }
}

impl OfferForm {
    pub fn kept(&self) -> FormErrors {
        let mut kept = FormErrors::new();
        for (field, value) in [
            ("weekly_price", &self.weekly_price),
            ("hourly_rate", &self.hourly_rate),
            ("discount", &self.discount),
            ("includes", &self.includes),
            ("start_date", &self.start_date),
            ("area", &self.area),
            ("staffing_ratio", &self.staffing_ratio),
        ] {
            kept = kept.keep(field, value);
        }
        for (i, answer) in self.answers.iter().enumerate() {
            kept = kept.keep(&format!("answers[{i}]"), answer);
        }
        for i in 0..self.extra_amount.len() {
            let at = |v: &Vec<String>| v.get(i).cloned().unwrap_or_default();
            kept = kept
                .keep(&format!("extra_kind[{i}]"), &at(&self.extra_kind))
                .keep(&format!("extra_amount[{i}]"), &at(&self.extra_amount))
                .keep(&format!("extra_reason[{i}]"), &at(&self.extra_reason));
        }
        kept
    }

    pub fn parse(&self, terms: Terms) -> Result<OfferDraft, FormErrors> {
        let mut e = self.kept();
        let (weekly_price, hourly_rate, discount_bp) = match terms.block {
            None => (
                price(
                    &mut e,
                    "weekly_price",
                    &self.weekly_price,
                    "Enter the weekly price",
                ),
                None,
                Some(0),
            ),
            Some(_) => {
                let rate = price(
                    &mut e,
                    "hourly_rate",
                    &self.hourly_rate,
                    "Enter the hourly rate",
                );
                let discount = parse_percent(&self.discount)
                    .map_err(|m| e.add("discount", m))
                    .ok();
                (None, rate, discount)
            }
        };
        let includes = text(
            &mut e,
            "includes",
            &self.includes,
            Some("Say what the price includes"),
        );
        let mut extras = Vec::new();
        let rows = self.extra_amount.len().max(self.extra_reason.len());
        for i in 0..rows {
            let amount = self
                .extra_amount
                .get(i)
                .map(String::as_str)
                .unwrap_or("")
                .trim();
            let reason = self
                .extra_reason
                .get(i)
                .map(String::as_str)
                .unwrap_or("")
                .trim();
            if amount.is_empty() && reason.is_empty() {
                continue;
            }
            let field = format!("extra_amount[{i}]");
            let amount = price(&mut e, &field, amount, "Enter the extra's amount");
            if reason.is_empty() {
                e.add(
                    &format!("extra_reason[{i}]"),
                    "Give the reason for the extra",
                );
            }
            let weekly = self.extra_kind.get(i).is_some_and(|k| k == "weekly");
            if let Some(amount) = amount {
                extras.push(ExtraDraft {
                    weekly,
                    amount,
                    reason: reason.to_string(),
                });
            }
        }
        if extras.len() > MAX_EXTRAS {
            e.add(
                "extra_amount[0]",
                format!("Add at most {MAX_EXTRAS} extras"),
            );
        }
        let start_date = if self.start_date.trim().is_empty() {
            e.add("start_date", "Enter the date you could start");
            None
        } else {
            iso_date(&self.start_date)
                .map_err(|m| e.add("start_date", m))
                .ok()
        };
        if start_date.is_some_and(|d| d > terms.end) {
            e.add(
                "start_date",
                "The start date must be before the request's end date",
            );
        }
        let area = text(
            &mut e,
            "area",
            &self.area,
            Some("Enter the area of the home or service, such as a town or postcode district"),
        );
        if names_a_full_postcode(&area) {
            e.add(
                "area",
                "Give the area only, such as the postcode district (N17): the address is shared after award",
            );
        }
        let mut answers = Vec::with_capacity(terms.questions);
        for i in 0..terms.questions {
            let field = format!("answers[{i}]");
            let answer = self.answers.get(i).map(String::as_str).unwrap_or("");
            answers.push(text(&mut e, &field, answer, Some("Answer the question")));
        }
        let staffing_ratio = text(
            &mut e,
            "staffing_ratio",
            &self.staffing_ratio,
            Some("Enter the staffing ratio, such as 1:1 or 2:1 at night"),
        );
        let days = days_between(terms.start, terms.end).unwrap_or(0);
        match (weekly_price, hourly_rate, discount_bp, start_date) {
            (w, h, Some(discount_bp), Some(start_date)) if e.is_empty() => {
                let weekly = match (w, h, terms.block) {
                    (Some(w), _, None) => w,
                    (_, Some(rate), Some((minutes, guaranteed))) => {
                        let block = BlockTerms {
                            hourly_rate: rate,
                            minutes_per_week: minutes,
                            guaranteed_minutes: guaranteed,
                            discount_bp,
                        };
                        if let Err(problems) = block.check() {
                            for (field, message) in problems {
                                e.add(field, message);
                            }
                            return Err(e);
                        }
                        block.weekly_cost()
                    }
                    _ => return Err(e),
                };
                let lines: Vec<Extra> = extras
                    .iter()
                    .map(|x| {
                        if x.weekly {
                            Extra::Weekly(x.amount)
                        } else {
                            Extra::OneOff(x.amount)
                        }
                    })
                    .collect();
                Ok(OfferDraft {
                    weekly_price: w,
                    hourly_rate: h,
                    discount_bp,
                    includes,
                    extras,
                    start_date,
                    area,
                    answers,
                    staffing_ratio,
                    weekly_cost: weekly,
                    value: whole_life_value(weekly, &lines, days),
                })
            }
            _ => Err(e),
        }
    }
}

#[cfg(test)]
// Amounts in pence are written pounds_pence: 17_100_00 is £17,100.00.
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;
    use time::macros::date;

    const SPOT: Terms = Terms {
        start: date!(2027 - 01 - 04),
        end: date!(2027 - 01 - 31),
        questions: 1,
        block: None,
    };

    fn form() -> OfferForm {
        OfferForm {
            weekly_price: "4,200".into(),
            includes: "Education on site, therapy weekly".into(),
            extra_kind: vec!["one_off".into()],
            extra_amount: vec!["300".into()],
            extra_reason: vec!["Furnishing the bedroom".into()],
            start_date: "2027-01-04".into(),
            area: "Enfield, EN3".into(),
            answers: vec!["Waking night staff and a safety plan.".into()],
            staffing_ratio: "2:1".into(),
            ..OfferForm::default()
        }
    }

    #[test]
    fn a_spot_offer_is_valued_over_the_request_with_its_extras() {
        let offer = form().parse(SPOT).unwrap();
        // 28 days = 4 weeks × £4,200 + £300
        assert_eq!(offer.value, Money(17_100_00));
        assert_eq!(offer.extras.len(), 1);
    }

    #[test]
    fn a_block_offer_is_priced_by_the_hour_with_the_guarantee_discount() {
        let block = Terms {
            block: Some((600, 600)),
            ..SPOT
        };
        let offer = OfferForm {
            weekly_price: String::new(),
            hourly_rate: "20".into(),
            discount: "5".into(),
            extra_kind: vec![],
            extra_amount: vec![],
            extra_reason: vec![],
            ..form()
        }
        .parse(block)
        .unwrap();
        // 10 h × £19 × 4 weeks
        assert_eq!(offer.value, Money(760_00));
        let too_much = OfferForm {
            hourly_rate: "20".into(),
            discount: "6".into(),
            ..form()
        };
        assert!(too_much
            .parse(block)
            .unwrap_err()
            .message_for("discount")
            .is_some());
    }

    #[test]
    fn a_zero_or_missing_price_is_refused() {
        let zero = OfferForm {
            weekly_price: "0".into(),
            ..form()
        };
        assert_eq!(
            zero.parse(SPOT).unwrap_err().message_for("weekly_price"),
            Some("The price must be more than zero")
        );
        let none = OfferForm {
            weekly_price: " ".into(),
            ..form()
        };
        assert!(none
            .parse(SPOT)
            .unwrap_err()
            .message_for("weekly_price")
            .is_some());
    }

    #[test]
    fn the_address_of_the_home_is_not_given_before_award() {
        assert!(names_a_full_postcode("12 High Road, N17 6AB"));
        assert!(names_a_full_postcode("EN36AB"));
        assert!(!names_a_full_postcode("Tottenham, N17"));
        assert!(!names_a_full_postcode("Enfield"));
        let exact = OfferForm {
            area: "1 Mill Lane, EN3 4XY".into(),
            ..form()
        };
        assert!(exact.parse(SPOT).unwrap_err().message_for("area").is_some());
    }

    #[test]
    fn every_question_needs_an_answer_and_extras_their_reasons() {
        let bad = OfferForm {
            answers: vec![],
            extra_reason: vec![String::new()],
            ..form()
        };
        let errors = bad.parse(SPOT).unwrap_err();
        assert!(errors.message_for("answers[0]").is_some());
        assert!(errors.message_for("extra_reason[0]").is_some());
        assert_eq!(errors.value_for("weekly_price"), Some("4,200"));
    }
}
