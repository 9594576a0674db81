//! Hand-made cases of the supervision planner.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};

use super::*;
use crate::domain::unit::{CareLevel, OperationStatus, Stratum, UnitKind};
use crate::domain::LatLon;
use crate::progress::Silent;

fn unit(serial: usize, lat: f64, lon: f64) -> Unit {
    Unit {
        clues: format!("HGIMB{serial:06}"),
        clues_ssa: None,
        name: format!("CENTRO {serial}"),
        state: 13,
        municipality: 1,
        municipality_name: "M".into(),
        locality: 1,
        locality_name: "L".into(),
        typology: "RURAL DE 01 NÚCLEO BÁSICO".into(),
        kind: UnitKind::HealthCentre { nucleos: 1 },
        stratum: Some(Stratum::Rural),
        region: None,
        location: LatLon::new(lat, lon),
        status: OperationStatus::EnOperacion,
        level: Some(CareLevel::Primer),
        marginalisation: None,
        synthetic: true,
    }
}

/// The base (unit 0) at Pachuca and `n` units on a ring of ~`km` km around it.
fn ring(n: usize, km: f64) -> Vec<Unit> {
    let mut v = vec![unit(0, 20.1, -98.7)];
    for i in 1..=n {
        let a = i as f64 / n as f64 * std::f64::consts::TAU;
        let r = km / 111.0 * (0.5 + 0.5 * (i % 5) as f64 / 4.0);
        v.push(unit(i, 20.1 + r * a.sin(), -98.7 + r * a.cos()));
    }
    v
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

struct Case {
    units: Vec<Unit>,
    territories: Vec<Territory>,
    params: SupervisionParams,
    teams: BTreeMap<u8, u32>,
    previous: BTreeMap<String, NaiveDate>,
}

impl Case {
    fn new(units: Vec<Unit>, teams: u32) -> Case {
        let all: Vec<usize> = (0..units.len()).collect();
        Case {
            territories: vec![Territory { state: 13, name: "ZSM 13-01".into(), base: 0, units: all }],
            units,
            params: SupervisionParams::default(),
            teams: [(13, teams)].into(),
            previous: BTreeMap::new(),
        }
    }

    fn plan(&self) -> SupervisionPlan {
        let calendar = WorkCalendar::new();
        let travel = TravelTimes::default();
        let published = BTreeMap::new();
        let req = SupervisionRequest {
            units: &self.units,
            territories: &self.territories,
            travel: &travel,
            calendar: &calendar,
            params: &self.params,
            teams: &self.teams,
            published: &published,
            month: ymd(2026, 11, 10),
            previous_visits: &self.previous,
            solver: &SolveOptions::default(),
        };
        plan(&req, &Silent).unwrap()
    }
}

#[test]
fn every_assigned_unit_is_visited_exactly_once_a_month_on_a_working_day() {
    let mut case = Case::new(ring(44, 25.0), 2);
    case.params.months = 2;
    let plan = case.plan();
    let calendar = WorkCalendar::new();
    assert_eq!(plan.months, vec![ymd(2026, 11, 1), ymd(2026, 12, 1)]);
    assert!(plan.gaps.is_empty(), "{:?}", plan.gaps);
    assert_eq!(plan.teams.len(), 2);
    for team in &plan.teams {
        assert!((15..=25).contains(&team.units.len()), "{} units", team.units.len());
        for m in &team.months {
            let mut seen: Vec<usize> = Vec::new();
            for day in &m.days {
                assert!(calendar.is_working_day(day.date), "{}", day.date);
                assert_eq!((day.date.year(), day.date.month()), (m.month.year(), m.month.month()));
                assert!(day.total_minutes <= case.params.day_minutes + 1e-9, "{} min", day.total_minutes);
                seen.extend(day.stops.iter().map(|s| s.unit));
            }
            seen.sort_unstable();
            assert_eq!(seen, team.units, "each unit exactly once in {}", m.month);
        }
    }
    // 16 November 2026 is a mandatory rest day (third Monday of November).
    assert!(plan.teams.iter().flat_map(|t| &t.months).flat_map(|m| &m.days).all(|d| d.date != ymd(2026, 11, 16)));
    let e = plan.evidence();
    assert!(e.bound.unwrap() <= e.objective + 1e-6);
}

#[test]
fn no_team_exceeds_its_maximum_and_the_rest_is_over_capacity() {
    let case = Case::new(ring(29, 15.0), 1); // 30 units, one team of at most 25
    let plan = case.plan();
    assert_eq!(plan.teams[0].units.len(), 25);
    let over: Vec<&SupervisionGap> = plan.gaps.iter().filter(|g| g.reason == GapReason::OverCapacity).collect();
    assert_eq!(over.len(), 5);
    assert_eq!(plan.states[0].teams_needed, 2);
}

#[test]
fn out_of_reach_and_overnight_units_are_told_apart() {
    let mut units = ring(16, 10.0);
    units.push(unit(90, 21.3, -98.7)); // ~133 km north: ~320 min one way — overnight
    units.push(unit(91, 23.5, -98.7)); // ~380 km: beyond a day even with an overnight stay
    let case = Case::new(units, 1);
    let plan = case.plan();
    let far = plan.gaps.iter().find(|g| case.units[g.unit].clues == "HGIMB000091").expect("reported");
    assert_eq!(far.reason, GapReason::OutOfReach);
    assert!(far.detail.contains("min de ida"), "{}", far.detail);
    assert_eq!(plan.gaps.len(), 1);
    let days = &plan.teams[0].months[0].days;
    let out = days.iter().position(|d| d.stops.iter().any(|s| case.units[s.unit].clues == "HGIMB000090")).expect("visited");
    assert_eq!(days[out].kind, TripDay::OvernightOut);
    assert_eq!(days[out + 1].kind, TripDay::OvernightReturn);
    assert_eq!(days[out + 1].date, days[out].date.succ_opt().unwrap());

    // Without overnight stays the remote unit is out of reach too.
    let mut case = case;
    case.params.allow_overnight = false;
    let plan = case.plan();
    assert_eq!(plan.gaps.iter().filter(|g| g.reason == GapReason::OutOfReach).count(), 2);
}

#[test]
fn a_zone_without_team_is_reported() {
    let mut case = Case::new(ring(20, 10.0), 1);
    let mut far: Vec<Unit> = ring(15, 10.0)
        .into_iter()
        .map(|mut u| {
            u.clues = format!("X{}", u.clues);
            u.location.lon += 0.5;
            u
        })
        .collect();
    let first = case.units.len();
    case.units.append(&mut far);
    case.territories[0].units.truncate(first);
    case.territories.push(Territory { state: 13, name: "ZSM 13-02".into(), base: first, units: (first..case.units.len()).collect() });
    let plan = case.plan();
    assert_eq!(plan.teams.len(), 1);
    let no_team: BTreeSet<&str> = plan.gaps.iter().filter(|g| g.reason == GapReason::NoTeam).map(|g| g.territory.as_str()).collect();
    assert_eq!(no_team.len(), 1);
    assert_eq!(plan.gaps.iter().filter(|g| g.reason == GapReason::NoTeam).count(), if no_team.contains("ZSM 13-02") { 16 } else { 21 });
    assert_eq!(plan.states[0].teams_needed, 2);
}

#[test]
fn replan_puts_an_overdue_unit_in_the_first_week() {
    let mut case = Case::new(ring(24, 25.0), 1);
    let plan = case.plan();
    // The unit visited last in the plan without history is the one made overdue.
    let days = &plan.teams[0].months[0].days;
    let last = days.last().unwrap().stops.last().unwrap().unit;
    for u in &case.units {
        if u.clues != case.units[last].clues {
            case.previous.insert(u.clues.clone(), ymd(2026, 10, 15));
        }
    }
    let plan = case.plan();
    let days = &plan.teams[0].months[0].days;
    let first_day = days[0].date;
    assert!(first_day <= ymd(2026, 11, 6));
    let day = days.iter().find(|d| d.stops.iter().any(|s| s.unit == last)).unwrap();
    assert!(day.date <= ymd(2026, 11, 6), "overdue unit on {}", day.date);
    assert!(day.stops.iter().find(|s| s.unit == last).unwrap().overdue);
    assert_eq!(days.iter().flat_map(|d| &d.stops).filter(|s| s.overdue).count(), 1);
}

#[test]
fn teams_spread_by_workload() {
    // Up to the whole need first (1.2 needs 2), then the surplus by need per team.
    assert_eq!(spread_teams(&[1.2, 0.8], 3), vec![2, 1]);
    assert_eq!(spread_teams(&[1.2, 0.8], 4), vec![2, 2]);
    assert_eq!(spread_teams(&[1.0, 3.0, 0.0], 1), vec![0, 1, 0]);
    assert_eq!(spread_teams(&[1.0, 3.0, 0.5], 6), vec![1, 4, 1]);
}
