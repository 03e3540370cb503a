//! Scoring offers after the deadline. Each quality answer is marked 0–5; quality
//! points are the share of the maximum marks times the quality weight; price points
//! are lowest price ÷ this price × price weight, so the cheapest compliant offer gets
//! the whole price weight. Totals are out of 100. Points are held in hundredths of a
//! mark so that ranking never depends on floating-point rounding.

use crate::money::Money;
use crate::systems::weights::AwardWeights;

pub const MAX_MARK: u8 = 5;

/// An evaluator's mark for one quality answer, parsed once from the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mark(u8);

impl Mark {
    pub fn parse(input: &str) -> Result<Mark, String> {
        match input.trim().parse::<u8>() {
            Ok(value) if value <= MAX_MARK => Ok(Mark(value)),
            _ => Err(format!("Enter a mark from 0 to {MAX_MARK}")),
        }
    }

    pub fn new(value: u8) -> Option<Mark> {
        (value <= MAX_MARK).then_some(Mark(value))
    }

    pub fn value(self) -> u8 {
        self.0
    }
}

/// Points in hundredths: 10000 is a full 100 marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Points(pub i64);

impl std::fmt::Display for Points {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// Integer division rounding halves up (all operands are positive).
fn div_round(numerator: i64, denominator: i64) -> i64 {
    (2 * numerator + denominator) / (2 * denominator)
}

/// Quality points for the marks of one offer, out of the quality weight.
pub fn quality_points(marks: &[Mark], weights: AwardWeights) -> Points {
    if marks.is_empty() {
        // No questions were asked: every offer has the whole quality weight.
        return Points(i64::from(weights.quality) * 100);
    }
    let sum: i64 = marks.iter().map(|m| i64::from(m.0)).sum();
    let most = i64::from(MAX_MARK) * marks.len() as i64;
    Points(div_round(sum * i64::from(weights.quality) * 100, most))
}

/// Price points for `price` against the lowest compliant price.
pub fn price_points(lowest: Money, price: Money, weights: AwardWeights) -> Result<Points, String> {
    if price.pence() <= 0 || lowest.pence() <= 0 {
        return Err("An offer without a price above zero cannot be scored".into());
    }
    Ok(Points(div_round(
        lowest.pence() * i64::from(weights.price) * 100,
        price.pence(),
    )))
}

/// One offer as the evaluation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scorable<K> {
    pub key: K,
    /// The price compared across offers: the offer's whole-life value.
    pub price: Option<Money>,
    /// One mark per quality question, or `None` while any is still unmarked.
    pub marks: Option<Vec<Mark>>,
    /// Set when the offer was excluded as non-compliant: it is not ranked and does
    /// not set the lowest price.
    pub excluded: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked<K> {
    pub key: K,
    pub rank: usize,
    pub quality: Points,
    pub price: Points,
    pub total: Points,
    /// Another offer has exactly the same total: a tie-break reason must be recorded.
    pub tied: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScoringError<K> {
    /// An offer that is not excluded has no price above zero.
    MissingPrice(K),
    /// An offer that is not excluded still has unmarked answers.
    Unmarked(K),
}

/// Ranks the compliant offers, best first. Offers with the same total share a rank
/// and are flagged as tied; their order among themselves is by key, so the table is
/// stable until someone records how the tie was broken.
pub fn rank<K: Clone + Ord>(
    offers: &[Scorable<K>],
    weights: AwardWeights,
) -> Result<Vec<Ranked<K>>, ScoringError<K>> {
    let compliant: Vec<&Scorable<K>> = offers.iter().filter(|o| !o.excluded).collect();
    for offer in &compliant {
        if offer.price.is_none_or(|p| p.pence() <= 0) {
            return Err(ScoringError::MissingPrice(offer.key.clone()));
        }
        if offer.marks.is_none() {
            return Err(ScoringError::Unmarked(offer.key.clone()));
        }
    }
    let Some(lowest) = compliant.iter().filter_map(|o| o.price).min() else {
        return Ok(Vec::new());
    };
    let mut ranked: Vec<Ranked<K>> = Vec::with_capacity(compliant.len());
    for offer in compliant {
        let (Some(price), Some(marks)) = (offer.price, offer.marks.as_deref()) else {
            continue;
        };
        let quality = quality_points(marks, weights);
        let price = price_points(lowest, price, weights)
            .map_err(|_| ScoringError::MissingPrice(offer.key.clone()))?;
        ranked.push(Ranked {
            key: offer.key.clone(),
            rank: 0,
            quality,
            price,
            total: Points(quality.0 + price.0),
            tied: false,
        });
    }
    ranked.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.key.cmp(&b.key)));
    let totals: Vec<Points> = ranked.iter().map(|r| r.total).collect();
    for (i, row) in ranked.iter_mut().enumerate() {
        row.rank = 1 + totals.iter().filter(|t| **t > row.total).count();
        row.tied = totals
            .iter()
            .enumerate()
            .any(|(j, t)| j != i && *t == row.total);
    }
    Ok(ranked)
}

#[cfg(test)]
// Amounts in pence are written pounds_pence: 17_100_00 is £17,100.00.
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;

    fn weights() -> AwardWeights {
        AwardWeights {
            quality: 60,
            price: 40,
        }
    }

    fn marks(values: &[u8]) -> Option<Vec<Mark>> {
        Some(values.iter().map(|v| Mark::new(*v).unwrap()).collect())
    }

    fn offer(key: u32, pounds: i64, values: &[u8]) -> Scorable<u32> {
        Scorable {
            key,
            price: Some(Money(pounds * 100)),
            marks: marks(values),
            excluded: false,
        }
    }

    #[test]
    fn marks_run_from_zero_to_five() {
        assert_eq!(Mark::parse(" 5 ").unwrap().value(), 5);
        assert!(Mark::parse("0").is_ok());
        assert_eq!(Mark::parse("6").unwrap_err(), "Enter a mark from 0 to 5");
        assert!(Mark::parse("-1").is_err());
        assert!(Mark::parse("4.5").is_err());
        assert!(Mark::parse("").is_err());
    }

    #[test]
    fn the_lowest_price_takes_the_whole_price_weight() {
        let low = Money(3_000_00);
        assert_eq!(price_points(low, low, weights()).unwrap(), Points(40_00));
        // 3000 / 4000 × 40 = 30
        assert_eq!(
            price_points(low, Money(4_000_00), weights()).unwrap(),
            Points(30_00)
        );
        // 3000 / 7000 × 40 = 17.142857 → 17.14
        assert_eq!(
            price_points(low, Money(7_000_00), weights()).unwrap(),
            Points(17_14)
        );
    }

    #[test]
    fn a_zero_price_is_refused() {
        assert!(price_points(Money(100), Money(0), weights()).is_err());
        let offers = [
            offer(1, 100, &[5]),
            Scorable {
                price: Some(Money(0)),
                ..offer(2, 0, &[5])
            },
        ];
        assert_eq!(rank(&offers, weights()), Err(ScoringError::MissingPrice(2)));
    }

    #[test]
    fn a_missing_price_is_refused() {
        let offers = [
            offer(1, 100, &[5]),
            Scorable {
                price: None,
                ..offer(2, 0, &[5])
            },
        ];
        assert_eq!(rank(&offers, weights()), Err(ScoringError::MissingPrice(2)));
    }

    #[test]
    fn quality_is_the_share_of_the_top_marks() {
        // 4 + 3 of 10 → 0.7 × 60 = 42
        assert_eq!(
            quality_points(&marks(&[4, 3]).unwrap(), weights()),
            Points(42_00)
        );
        assert_eq!(
            quality_points(&marks(&[5, 5, 5]).unwrap(), weights()),
            Points(60_00)
        );
        assert_eq!(quality_points(&marks(&[0]).unwrap(), weights()), Points(0));
    }

    #[test]
    fn totals_are_out_of_a_hundred_and_ranked_best_first() {
        let offers = [
            offer(1, 4_000, &[5, 5]),
            offer(2, 3_000, &[3, 3]),
            offer(3, 6_000, &[5, 4]),
        ];
        let ranked = rank(&offers, weights()).unwrap();
        // 1: 60 + 30 = 90; 2: 36 + 40 = 76; 3: 54 + 20 = 74
        let order: Vec<(u32, i64, usize)> =
            ranked.iter().map(|r| (r.key, r.total.0, r.rank)).collect();
        assert_eq!(order, vec![(1, 90_00, 1), (2, 76_00, 2), (3, 74_00, 3)]);
        assert!(ranked.iter().all(|r| !r.tied));
        assert_eq!(ranked[0].total.to_string(), "90.00");
    }

    #[test]
    fn equal_totals_share_a_rank_and_are_flagged() {
        // Same price, same marks: a tie on 100.
        let offers = [
            offer(7, 1_000, &[5]),
            offer(3, 1_000, &[5]),
            offer(9, 2_000, &[5]),
        ];
        let ranked = rank(&offers, weights()).unwrap();
        assert_eq!(
            (ranked[0].key, ranked[0].rank, ranked[0].tied),
            (3, 1, true)
        );
        assert_eq!(
            (ranked[1].key, ranked[1].rank, ranked[1].tied),
            (7, 1, true)
        );
        assert_eq!(
            (ranked[2].key, ranked[2].rank, ranked[2].tied),
            (9, 3, false)
        );
    }

    #[test]
    fn an_excluded_offer_is_not_ranked_and_does_not_set_the_lowest_price() {
        let cheap_but_excluded = Scorable {
            excluded: true,
            marks: None,
            ..offer(1, 500, &[])
        };
        let offers = [
            cheap_but_excluded,
            offer(2, 1_000, &[5]),
            offer(3, 2_000, &[5]),
        ];
        let ranked = rank(&offers, weights()).unwrap();
        assert_eq!(ranked.len(), 2);
        assert_eq!((ranked[0].key, ranked[0].price), (2, Points(40_00)));
    }

    #[test]
    fn an_unmarked_offer_stops_the_ranking() {
        let offers = [
            offer(1, 100, &[5]),
            Scorable {
                marks: None,
                ..offer(2, 100, &[])
            },
        ];
        assert_eq!(rank(&offers, weights()), Err(ScoringError::Unmarked(2)));
    }
}
