//! The days off of a council's nation, read from the same `date,title` CSV that a
//! council admin edits, so the shipped default and an edited calendar go through one
//! parser and one set of error messages.

use std::collections::BTreeSet;
use std::ops::Bound::{Excluded, Included};

use time::macros::format_description;
use time::Date;

use super::CalendarError;

/// GOV.UK's bank holidays for England and Wales, 2025 to 2029: the default calendar.
pub const ENGLAND_AND_WALES_CSV: &str =
    include_str!("../../data/bank-holidays-england-and-wales.csv");

/// A set of days off. Ordered, so that counting the holidays in a period is a range
/// lookup rather than a scan of every day in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays {
    days: BTreeSet<Date>,
}

impl Holidays {
    /// A calendar from dates already checked elsewhere (e.g. loaded from the database).
    /// A date given twice is the same day off, so duplicates are harmless.
    pub fn from_dates(dates: impl IntoIterator<Item = Date>) -> Self {
        Holidays {
            days: dates.into_iter().collect(),
        }
    }

    /// Reads a `date,title` CSV (dates `YYYY-MM-DD`, titles quoted if they hold a comma).
    ///
    /// Spreadsheet exports are tolerated (a byte-order mark, spaces around values,
    /// blank lines), but a row that is not a real date is refused with its line number:
    /// a calendar silently missing a bank holiday would put deadlines a day early.
    pub fn parse_csv(text: &str) -> Result<Self, CalendarError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            // Checked below instead, to say what is wrong with a short or long row.
            .flexible(true)
            .from_reader(text.as_bytes());

        let heading = reader
            .headers()
            .map_err(|_| CalendarError::MissingHeading)?;
        let is_date_title = heading.len() == 2
            && heading[0].eq_ignore_ascii_case("date")
            && heading[1].eq_ignore_ascii_case("title");
        if !is_date_title {
            return Err(CalendarError::MissingHeading);
        }

        let mut days = BTreeSet::new();
        for row in reader.records() {
            let row = row.map_err(|err| bad_row(csv_error_line(&err), err.to_string()))?;
            let line = row.position().map_or(0, csv::Position::line);
            match row.len() {
                2 => {}
                1 => return Err(bad_row(line, "give a title after the date".into())),
                n => {
                    return Err(bad_row(
                        line,
                        format!(
                            "expected a date and a title but found {n} values; \
                             put a title that contains a comma in double quotes"
                        ),
                    ))
                }
            }
            days.insert(parse_date(&row[0]).map_err(|problem| bad_row(line, problem))?);
        }
        Ok(Holidays { days })
    }

    /// The bank holidays of England and Wales from 2025 to 2029.
    ///
    /// # Panics
    /// Never: the CSV is compiled into the binary, not read at run time, and the test
    /// `the_england_and_wales_calendar_parses_with_forty_days` parses this exact text,
    /// so a build whose tests pass cannot hold a calendar that fails to parse.
    pub fn england_and_wales() -> Self {
        Self::parse_csv(ENGLAND_AND_WALES_CSV)
            .expect("the embedded England and Wales calendar is checked by a unit test")
    }

    pub fn contains(&self, date: Date) -> bool {
        self.days.contains(&date)
    }

    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// The days off, earliest first.
    pub fn iter(&self) -> impl Iterator<Item = Date> + '_ {
        self.days.iter().copied()
    }

    /// The last day off the calendar knows of. A deadline after it may miss a bank
    /// holiday nobody has entered yet, which a caller can warn about.
    pub fn last(&self) -> Option<Date> {
        self.days.last().copied()
    }

    /// The days off after `after`, up to and including `up_to`.
    pub(super) fn after_up_to(&self, after: Date, up_to: Date) -> impl Iterator<Item = Date> + '_ {
        // An empty or reversed range would make `BTreeSet::range` panic.
        let range = (after < up_to).then(|| self.days.range((Excluded(after), Included(up_to))));
        range.into_iter().flatten().copied()
    }
}

fn parse_date(value: &str) -> Result<Date, String> {
    Date::parse(value, format_description!("[year]-[month]-[day]")).map_err(|_| {
        format!("\"{value}\" is not a date; write dates as YYYY-MM-DD, for example 2026-04-03")
    })
}

fn bad_row(line: u64, problem: String) -> CalendarError {
    CalendarError::BadHolidayRow { line, problem }
}

fn csv_error_line(err: &csv::Error) -> u64 {
    err.position().map_or(0, csv::Position::line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_england_and_wales_calendar_parses_with_forty_days() {
        let holidays = Holidays::parse_csv(ENGLAND_AND_WALES_CSV).unwrap();
        assert_eq!(holidays.len(), 40);
        assert_eq!(holidays.iter().next(), Some(date!(2025 - 01 - 01)));
        assert_eq!(holidays.last(), Some(date!(2029 - 12 - 26)));
        assert_eq!(Holidays::england_and_wales(), holidays);
    }

    #[test]
    fn easter_2026_is_in_the_england_and_wales_calendar() {
        let holidays = Holidays::england_and_wales();
        assert!(holidays.contains(date!(2026 - 04 - 03)), "Good Friday");
        assert!(holidays.contains(date!(2026 - 04 - 06)), "Easter Monday");
        assert!(
            !holidays.contains(date!(2026 - 04 - 05)),
            "Easter Sunday is a weekend"
        );
    }

    #[test]
    fn substitute_days_are_the_days_off_not_the_weekend_dates() {
        let holidays = Holidays::england_and_wales();
        assert!(
            holidays.contains(date!(2026 - 12 - 28)),
            "Boxing Day 2026 moves to Monday"
        );
        assert!(!holidays.contains(date!(2026 - 12 - 26)));
    }

    #[test]
    fn quoted_titles_with_commas_are_read() {
        let holidays =
            Holidays::parse_csv("date,title\n2026-05-08,\"VE Day, 81st anniversary\"\n").unwrap();
        assert!(holidays.contains(date!(2026 - 05 - 08)));
        assert_eq!(holidays.len(), 1);
    }

    #[test]
    fn spreadsheet_exports_are_tolerated() {
        let text =
            "\u{feff}Date,Title\r\n 2026-04-03 , Good Friday\r\n\r\n2026-04-06,Easter Monday\r\n";
        let holidays = Holidays::parse_csv(text).unwrap();
        assert_eq!(
            holidays.iter().collect::<Vec<_>>(),
            vec![date!(2026 - 04 - 03), date!(2026 - 04 - 06)]
        );
    }

    #[test]
    fn a_heading_only_calendar_has_no_days_off() {
        assert!(Holidays::parse_csv("date,title\n").unwrap().is_empty());
    }

    #[test]
    fn a_missing_heading_is_refused() {
        assert_eq!(
            Holidays::parse_csv("2026-04-03,Good Friday\n"),
            Err(CalendarError::MissingHeading)
        );
        assert_eq!(Holidays::parse_csv(""), Err(CalendarError::MissingHeading));
    }

    #[test]
    fn a_bad_date_names_its_line() {
        let err = Holidays::parse_csv("date,title\n2026-04-03,Good Friday\n03/04/2026,Easter\n")
            .unwrap_err();
        assert!(
            matches!(err, CalendarError::BadHolidayRow { line: 3, .. }),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "Line 3 of the holiday calendar: \"03/04/2026\" is not a date; \
             write dates as YYYY-MM-DD, for example 2026-04-03"
        );
    }

    #[test]
    fn a_day_that_does_not_exist_is_refused() {
        let err = Holidays::parse_csv("date,title\n2026-02-30,Not a day\n").unwrap_err();
        assert!(
            matches!(err, CalendarError::BadHolidayRow { line: 2, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn an_unquoted_comma_in_a_title_is_explained() {
        let err = Holidays::parse_csv("date,title\n2026-05-08,VE Day, 81st\n").unwrap_err();
        let CalendarError::BadHolidayRow { line, problem } = err else {
            panic!("expected a bad row");
        };
        assert_eq!(line, 2);
        assert!(problem.contains("found 3 values"), "{problem}");
    }

    #[test]
    fn a_row_without_a_title_is_refused() {
        let err = Holidays::parse_csv("date,title\n2026-05-08\n").unwrap_err();
        assert!(
            matches!(err, CalendarError::BadHolidayRow { line: 2, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn days_off_in_a_period_exclude_its_first_day() {
        let holidays = Holidays::england_and_wales();
        let easter: Vec<_> = holidays
            .after_up_to(date!(2026 - 04 - 03), date!(2026 - 04 - 06))
            .collect();
        assert_eq!(easter, vec![date!(2026 - 04 - 06)]);
        let reversed = holidays.after_up_to(date!(2026 - 04 - 06), date!(2026 - 04 - 01));
        assert_eq!(reversed.count(), 0);
    }
}
