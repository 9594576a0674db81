//! The working calendar: weekdays, weekends, Mexico's mandatory rest days and the scenario's own
//! non-working days and blackout periods.
//!
//! Mandatory rest days follow the Ley Federal del Trabajo, art. 74: 1 January; the first Monday of
//! February (Constitution Day); the third Monday of March (Benito Juárez); 1 May; 16 September;
//! the third Monday of November (Revolution); 25 December; and, every six years, the day the federal
//! executive changes hands: 1 October from 2024 on (1 December in the six-year cycle before 2024).
//! Election days set by electoral law vary and are given by the scenario as non-working days.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// A named period in which no field work is planned (Holy Week, December break…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blackout {
    /// Name shown in calendars and reports ("Semana Santa").
    pub name: String,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period (included).
    pub to: NaiveDate,
}

/// Kind of a calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DayKind {
    /// A weekday on which work is planned.
    Working,
    /// Saturday or Sunday: the days the roster opens units.
    Weekend,
    /// A mandatory rest day (LFT art. 74) that is observed: no field work; a physician who works
    /// it earns double pay (art. 75), and the roster may open units on it by policy.
    MandatoryRest,
    /// One of the scenario's `non_working` dates (an election day, a local holiday).
    NonWorking,
    /// Inside a named [`Blackout`] period; wins over every other kind.
    Blackout,
}

impl DayKind {
    /// Spanish label for calendars and reports ("laborable", "descanso obligatorio (LFT art. 74)", …).
    pub fn label(self) -> &'static str {
        match self {
            DayKind::Working => "laborable",
            DayKind::Weekend => "fin de semana",
            DayKind::MandatoryRest => "descanso obligatorio (LFT art. 74)",
            DayKind::NonWorking => "inhábil",
            DayKind::Blackout => "periodo sin actividad",
        }
    }
}

/// Mexico's mandatory rest days (LFT art. 74) in a year, in date order.
pub fn mandatory_rest_days(year: i32) -> Vec<NaiveDate> {
    let d = |m, day| NaiveDate::from_ymd_opt(year, m, day).expect("valid fixed date");
    let mut days = vec![
        d(1, 1),
        nth_weekday(year, 2, Weekday::Mon, 1),
        nth_weekday(year, 3, Weekday::Mon, 3),
        d(5, 1),
        d(9, 16),
        nth_weekday(year, 11, Weekday::Mon, 3),
        d(12, 25),
    ];
    if year >= 2024 && (year - 2024) % 6 == 0 {
        days.push(d(10, 1));
    } else if year < 2024 && (2024 - year) % 6 == 0 {
        days.push(d(12, 1));
    }
    days.sort();
    days
}

/// The `n`-th (1-based) given weekday of a month.
pub fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n as u8).expect("every month has 3+ of each weekday")
}

/// Which days are worked. Weekdays are working days unless they are a mandatory rest day (when the
/// calendar observes them), a scenario non-working day, or inside a blackout period.
/// Scenarios spell it out in `[calendar]` (`almaplan_formats::scenario::CalendarSection::work_calendar`);
/// `models/territory.md` («Working calendar») describes it. The waves planner places field work on
/// its working days; the roster planner opens units on weekends and, by policy, on mandatory rest
/// days.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkCalendar {
    /// Observe LFT art. 74 mandatory rest days as non-working days.
    pub mandatory_rest: bool,
    /// Further single non-working dates: election days, local holidays.
    pub non_working: Vec<NaiveDate>,
    /// Named periods without field work (Holy Week, December break).
    pub blackouts: Vec<Blackout>,
}

impl Default for WorkCalendar {
    fn default() -> Self {
        WorkCalendar::new()
    }
}

impl WorkCalendar {
    /// Monday to Friday minus mandatory rest days, with no extra non-working days or blackouts.
    pub fn new() -> Self {
        WorkCalendar { mandatory_rest: true, non_working: Vec::new(), blackouts: Vec::new() }
    }

    /// Saturday or Sunday, whatever the calendar says about other days.
    pub fn is_weekend(day: NaiveDate) -> bool {
        matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// One of [`mandatory_rest_days`] of its year, whether or not a calendar observes them.
    pub fn is_mandatory_rest(day: NaiveDate) -> bool {
        mandatory_rest_days(day.year()).contains(&day)
    }

    /// What kind of day `day` is. Precedence: blackout, then non-working date, then mandatory rest
    /// day (when observed), then weekend; anything else is a working day.
    ///
    /// ```
    /// use almaplan_core::domain::calendar::{DayKind, WorkCalendar};
    /// use chrono::NaiveDate;
    ///
    /// let cal = WorkCalendar::new();
    /// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    /// assert_eq!(cal.kind(day(3, 16)), DayKind::MandatoryRest); // third Monday of March
    /// assert_eq!(cal.kind(day(3, 14)), DayKind::Weekend);
    /// assert_eq!(cal.kind(day(3, 17)), DayKind::Working);
    /// ```
    pub fn kind(&self, day: NaiveDate) -> DayKind {
        if self.blackouts.iter().any(|b| b.from <= day && day <= b.to) {
            DayKind::Blackout
        } else if self.non_working.contains(&day) {
            DayKind::NonWorking
        } else if self.mandatory_rest && Self::is_mandatory_rest(day) {
            DayKind::MandatoryRest
        } else if Self::is_weekend(day) {
            DayKind::Weekend
        } else {
            DayKind::Working
        }
    }

    /// [`kind`](Self::kind) is [`DayKind::Working`]: field work can be planned that day.
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        self.kind(day) == DayKind::Working
    }

    /// Working days in `[from, to]`.
    pub fn working_days(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        days(from, to).filter(|d| self.is_working_day(*d)).collect()
    }

    /// Saturdays and Sundays in `[from, to]`.
    pub fn weekend_days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        days(from, to).filter(|d| Self::is_weekend(*d)).collect()
    }

    /// The `n`-th working day on or after `from` (n = 0 is the first working day). The waves
    /// planner counts every duration (preparation, field days, diagnostics) this way, so no work
    /// lands on a weekend, a rest day or a blackout.
    pub fn add_working_days(&self, from: NaiveDate, n: usize) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        loop {
            if self.is_working_day(day) {
                if left == 0 {
                    return day;
                }
                left -= 1;
            }
            day += Duration::days(1);
        }
    }
}

/// Every date in `[from, to]`.
pub fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= to)
}

/// Spanish weekday name, as schedules print it.
pub fn weekday_es(day: NaiveDate) -> &'static str {
    match day.weekday() {
        Weekday::Mon => "lunes",
        Weekday::Tue => "martes",
        Weekday::Wed => "miércoles",
        Weekday::Thu => "jueves",
        Weekday::Fri => "viernes",
        Weekday::Sat => "sábado",
        Weekday::Sun => "domingo",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn rest_days_2024_include_the_transfer_of_power() {
        assert_eq!(
            mandatory_rest_days(2024),
            vec![
                ymd(2024, 1, 1),
                ymd(2024, 2, 5),
                ymd(2024, 3, 18),
                ymd(2024, 5, 1),
                ymd(2024, 9, 16),
                ymd(2024, 10, 1),
                ymd(2024, 11, 18),
                ymd(2024, 12, 25)
            ]
        );
    }

    #[test]
    fn rest_days_2026_and_2030() {
        let r = mandatory_rest_days(2026);
        assert_eq!(r.len(), 7);
        assert!(r.contains(&ymd(2026, 2, 2)));
        assert!(r.contains(&ymd(2026, 3, 16)));
        assert!(r.contains(&ymd(2026, 11, 16)));
        assert!(!r.contains(&ymd(2026, 10, 1)));
        assert!(mandatory_rest_days(2030).contains(&ymd(2030, 10, 1)));
        assert!(mandatory_rest_days(2018).contains(&ymd(2018, 12, 1)));
    }

    #[test]
    fn blackouts_and_rest_days_are_not_working_days() {
        let mut cal = WorkCalendar::new();
        cal.blackouts.push(Blackout { name: "Semana Santa".into(), from: ymd(2026, 3, 30), to: ymd(2026, 4, 3) });
        cal.non_working.push(ymd(2026, 12, 12));
        assert_eq!(cal.kind(ymd(2026, 3, 16)), DayKind::MandatoryRest);
        assert_eq!(cal.kind(ymd(2026, 4, 1)), DayKind::Blackout);
        assert_eq!(cal.kind(ymd(2026, 12, 12)), DayKind::NonWorking);
        assert_eq!(cal.kind(ymd(2026, 3, 14)), DayKind::Weekend);
        // March 2026: 22 weekdays, minus the 16th, minus 30 and 31 (blackout).
        assert_eq!(cal.working_days(ymd(2026, 3, 1), ymd(2026, 3, 31)).len(), 19);
        assert_eq!(cal.add_working_days(ymd(2026, 3, 13), 1), ymd(2026, 3, 17));
        assert_eq!(WorkCalendar::weekend_days(ymd(2026, 11, 1), ymd(2026, 11, 30)).len(), 9);
    }
}
