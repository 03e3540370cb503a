//! How offers are scored: the share of the 100 marks given to quality and to price.
//! Evaluation scores price as lowest price / this price × price weight, so the two
//! weights must split exactly 100 marks or totals stop being out of 100.

use super::fields;
use crate::error::FormErrors;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AwardWeights {
    pub quality: u8,
    pub price: u8,
}

impl AwardWeights {
    /// Reads the two weights as typed, e.g. "60" and "40".
    pub fn parse(quality: &str, price: &str) -> Result<Self, FormErrors> {
        let mut errors = FormErrors::new()
            .keep(fields::QUALITY_WEIGHT, quality)
            .keep(fields::PRICE_WEIGHT, price);
        let q = weight(quality, "quality").map_err(|m| errors.add(fields::QUALITY_WEIGHT, m));
        let p = weight(price, "price").map_err(|m| errors.add(fields::PRICE_WEIGHT, m));
        match (q, p) {
            (Ok(quality), Ok(price)) => match Self::new(quality, price) {
                Ok(weights) => Ok(weights),
                Err(message) => {
                    errors.add(fields::QUALITY_WEIGHT, message);
                    Err(errors)
                }
            },
            _ => Err(errors),
        }
    }

    pub fn new(quality: u8, price: u8) -> Result<Self, String> {
        let total = u32::from(quality) + u32::from(price);
        if quality > 100 || price > 100 || total != 100 {
            return Err(format!(
                "The quality and price weights must add up to 100. They add up to {total}"
            ));
        }
        Ok(AwardWeights { quality, price })
    }
}

fn weight(input: &str, name: &str) -> Result<u8, String> {
    let text = input.trim().trim_end_matches('%').trim_end();
    if text.is_empty() {
        return Err(format!("Enter the {name} weight"));
    }
    match text.parse::<u8>() {
        Ok(value) if value <= 100 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(value),
        _ => Err(format!(
            "The {name} weight must be a whole number from 0 to 100, like 60"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_must_add_up_to_100() {
        assert_eq!(
            AwardWeights::parse("60", "40"),
            Ok(AwardWeights {
                quality: 60,
                price: 40
            })
        );
        let errors = AwardWeights::parse("60", "30").expect_err("90 in all");
        assert_eq!(
            errors.message_for(fields::QUALITY_WEIGHT),
            Some("The quality and price weights must add up to 100. They add up to 90")
        );
        assert!(AwardWeights::parse("60", "41").is_err());
    }

    #[test]
    fn all_marks_may_go_to_one_side() {
        assert!(AwardWeights::parse("100", "0").is_ok());
        assert!(AwardWeights::parse("0", "100").is_ok());
    }

    #[test]
    fn a_weight_is_a_whole_number_from_0_to_100() {
        for bad in ["60.5", "-10", "sixty", "101", "1e2", "+60"] {
            let errors = AwardWeights::parse(bad, "40").expect_err(bad);
            assert_eq!(
                errors.message_for(fields::QUALITY_WEIGHT),
                Some("The quality weight must be a whole number from 0 to 100, like 60"),
                "{bad}"
            );
        }
        assert!(AwardWeights::new(150, 0).is_err());
        assert_eq!(
            AwardWeights::parse(" 60% ", "40").map(|w| w.quality),
            Ok(60)
        );
    }

    #[test]
    fn each_missing_weight_is_named_and_what_was_typed_is_kept() {
        let errors = AwardWeights::parse("", " ").expect_err("both empty");
        assert_eq!(
            errors.message_for(fields::QUALITY_WEIGHT),
            Some("Enter the quality weight")
        );
        assert_eq!(
            errors.message_for(fields::PRICE_WEIGHT),
            Some("Enter the price weight")
        );
        let errors = AwardWeights::parse("70", "40").expect_err("110");
        assert_eq!(errors.value_for(fields::PRICE_WEIGHT), Some("40"));
    }
}
