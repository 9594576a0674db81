//! Comando Alma-Ata as it runs (issue 13): brigades from each state's zonal supervision teams
//! (never more than the teams allow unless borrowed, and then reported), and each zone's Pacto
//! por la Salud meeting between its last visit and the state's diagnostics.

use std::collections::{BTreeMap, BTreeSet};

use almaplan_core::domain::figures::StateFigures;
use almaplan_core::domain::WorkCalendar;
use almaplan_core::lp::SolveOptions;
use almaplan_core::planners::waves::{self, supply, Advance, Brigades, WavesContext, WavesParams, WavesPlan, WavesRequest};
use almaplan_core::planners::zones::{self, ZoneCountSource, ZonesInput, ZonesParams, ZonesPlan, ZonesRequest};
use almaplan_core::progress::Silent;
use almaplan_core::synthetic::{generate, SyntheticSpec};
use almaplan_core::territory::TravelTimes;
use chrono::NaiveDate;

const HIDALGO: u8 = 13;
const TLAXCALA: u8 = 29;
const MORELOS: u8 = 17;

struct World {
    units: Vec<almaplan_core::domain::Unit>,
    zones: ZonesPlan,
    travel: TravelTimes,
    calendar: WorkCalendar,
    solver: SolveOptions,
}

/// Three synthetic states (Hidalgo, Tlaxcala, Morelos), four zones each.
fn world() -> World {
    let net = generate(&SyntheticSpec { units: 180, states: 3 }, 7);
    let travel = TravelTimes::default();
    let solver = SolveOptions::default();
    let counts: BTreeMap<u8, (u32, ZoneCountSource)> = net.units.iter().map(|u| (u.state, (4, ZoneCountSource::Scenario))).collect();
    let input = ZonesInput { zone_counts: counts, ..Default::default() };
    let zparams = ZonesParams::default();
    let zones =
        zones::plan(&ZonesRequest { units: &net.units, travel: &travel, params: &zparams, input: &input, solver: &solver }, &Silent)
            .expect("a zoning");
    World { units: net.units, zones, travel, calendar: WorkCalendar::new(), solver }
}

fn figures(teams: &[(u8, u32)]) -> BTreeMap<u8, StateFigures> {
    teams.iter().map(|&(s, t)| (s, StateFigures { state: s, zonal_supervision_teams: Some(t), ..Default::default() })).collect()
}

fn plan(w: &World, params: &WavesParams, figures: &BTreeMap<u8, StateFigures>) -> WavesPlan {
    let states: Vec<u8> = w.zones.states.iter().map(|z| z.state).collect();
    let context = WavesContext {
        teams: figures.iter().filter_map(|(&s, f)| f.zonal_supervision_teams.map(|t| (s, t))).collect(),
        ..Default::default()
    };
    let advance = Advance::default();
    let req = WavesRequest {
        units: &w.units,
        zones: &w.zones,
        travel: &w.travel,
        calendar: &w.calendar,
        params,
        context: &context,
        brigades: supply::brigades(params, figures, &states),
        advance: &advance,
        solver: &w.solver,
    };
    waves::plan(&req, &Silent).expect("a waves plan")
}

/// Brigade names working in each state.
fn brigades_by_state(p: &WavesPlan) -> BTreeMap<u8, BTreeSet<String>> {
    p.states.iter().map(|s| (s.state, s.zones.iter().map(|z| z.brigade.clone()).collect())).collect()
}

#[test]
fn a_state_fields_no_more_brigades_than_its_teams_unless_it_borrows_and_says_so() {
    let w = world();
    // Every zone its own brigade: the earliest the stage can finish.
    let mut params = WavesParams { team_share: Some(1.0), max_states_at_once: 3, ..Default::default() };
    let all = plan(&w, &params, &figures(&[(HIDALGO, 50), (TLAXCALA, 50), (MORELOS, 50)]));
    let earliest = all.states.iter().map(|s| s.diagnostics).max().unwrap();
    // Hidalgo has no team at all, Tlaxcala one, Morelos plenty; the deadline is the earliest finish.
    params.deadline = earliest;
    let figs = figures(&[(HIDALGO, 0), (TLAXCALA, 1), (MORELOS, 20)]);
    let p = plan(&w, &params, &figs);
    let sup = p.supply.as_ref().expect("a supply report");
    let own: BTreeMap<u8, u32> = [(HIDALGO, 0), (TLAXCALA, 1), (MORELOS, 20)].into();
    let named = brigades_by_state(&p);
    for st in &p.states {
        let s = sup.states.iter().find(|x| x.state == st.state).unwrap();
        assert_eq!(s.own, own[&st.state]);
        assert_eq!(named[&st.state].len() as u32, st.brigades, "brigades named in the calendar");
        if st.brigades > s.own {
            // More than its teams: only as a reported loan.
            assert_eq!(s.borrowed_in_plan, st.brigades - s.own, "{s:?}");
        } else {
            assert_eq!(s.borrowed_in_plan, 0);
        }
        assert!(st.brigades <= st.zones.len() as u32);
        // Every brigade borrowed (in the plan or for the deadline) has an origin.
        let lent: u32 = sup.loans.iter().filter(|l| l.to == st.state).map(|l| l.brigades).sum();
        assert_eq!(lent, s.borrow.max(s.borrowed_in_plan), "{s:?} {:?}", sup.loans);
        assert_eq!(s.needed_people["lider"], s.needed, "one leader per brigade");
    }
    let hidalgo = sup.states.iter().find(|x| x.state == HIDALGO).unwrap();
    assert_eq!(p.states.iter().find(|s| s.state == HIDALGO).unwrap().brigades, 1, "a state without teams still fields one, borrowed");
    assert!(hidalgo.borrow > 0, "with no team Hidalgo must borrow to meet the earliest deadline: {hidalgo:?}");
    // Morelos has brigades to spare and is the nearest lender: Hidalgo borrows from it first.
    assert!(sup.loans.iter().any(|l| l.to == HIDALGO && l.from == Some(MORELOS)), "{:?}", sup.loans);
    assert!(sup.on_time_with_needed, "one brigade per zone meets the earliest finish");
    assert!(!sup.on_time_with_own);
    // The deadline's answer is feasible with what it names: re-plan with the needed brigades.
    let needed: BTreeMap<u8, u32> = sup.states.iter().map(|s| (s.state, s.needed)).collect();
    let again = plan(&w, &params, &figures(&needed.iter().map(|(&s, &n)| (s, n)).collect::<Vec<_>>()));
    assert!(again.late_states().is_empty(), "the needed teams meet the deadline: {needed:?}");
}

#[test]
fn people_days_by_role_follow_the_composition() {
    let w = world();
    let mut params = WavesParams { team_share: Some(0.5), ..Default::default() };
    params.composition = [("lider".to_string(), 1), ("cupn".to_string(), 2), ("accion_comunitaria".to_string(), 1)].into();
    let p = plan(&w, &params, &figures(&[(HIDALGO, 4), (TLAXCALA, 3), (MORELOS, 2)]));
    let sup = p.supply.as_ref().unwrap();
    for s in &sup.states {
        let st = p.states.iter().find(|x| x.state == s.state).unwrap();
        let days: usize = st.zones.iter().map(|z| z.dates.len() + z.pacto.as_ref().map_or(0, |m| m.dates.len())).sum();
        assert_eq!(s.brigade_days, days);
        assert_eq!(s.people_days["cupn"], 2.0 * days as f64);
        assert_eq!(s.people_days["lider"], days as f64);
        assert_eq!(s.own, [(HIDALGO, 2), (TLAXCALA, 1), (MORELOS, 1)].into_iter().collect::<BTreeMap<u8, u32>>()[&s.state]);
    }
    // People by role instead of teams: the scarcest role decides.
    params.team_share = None;
    params.people =
        [("Hidalgo".to_string(), [("lider".to_string(), 3), ("cupn".to_string(), 4), ("accion_comunitaria".to_string(), 9)].into())].into();
    let own = supply::own_brigades(&params, &BTreeMap::new(), &[HIDALGO, TLAXCALA]).unwrap();
    assert_eq!(own[&HIDALGO], 2, "4 CUPN at 2 per brigade");
    assert_eq!(own[&TLAXCALA], 0, "no people listed and no team share");
    assert!(matches!(supply::brigades(&WavesParams::default(), &BTreeMap::new(), &[HIDALGO]), Brigades::PerState(1)));
}

#[test]
fn each_zone_holds_its_pacto_after_its_last_visit_and_before_the_diagnostics() {
    let w = world();
    let params =
        WavesParams { brigades_per_state: 2, pacto_days: 1, pacto_zsm_committee: 4, pacto_cosabi_per_unit: 1, ..Default::default() };
    let p = plan(&w, &params, &BTreeMap::new());
    let zone_units: BTreeMap<&str, u32> = w.zones.zones.iter().map(|z| (z.zone.as_str(), z.units.len() as u32)).collect();
    let mut meetings = 0;
    for st in &p.states {
        let mut busy: BTreeMap<(String, NaiveDate), usize> = BTreeMap::new();
        for z in &st.zones {
            let m = z.pacto.as_ref().expect("every zone holds its Pacto");
            let last_visit = *z.dates.last().unwrap();
            for d in &m.dates {
                assert!(*d > last_visit, "{}: Pacto {d} not after the last visit {last_visit}", z.zone);
                assert!(*d < st.diagnostics, "{}: Pacto {d} not before the diagnostics {}", z.zone, st.diagnostics);
                assert!(*d <= st.field_end && w.calendar.is_working_day(*d));
                *busy.entry((z.brigade.clone(), *d)).or_default() += 1;
            }
            z.dates.iter().for_each(|d| *busy.entry((z.brigade.clone(), *d)).or_default() += 1);
            assert_eq!(m.unit_heads, zone_units[z.zone.as_str()]);
            assert_eq!(m.zsm_committee, 4);
            assert_eq!(m.cosabi, zone_units[z.zone.as_str()]);
            meetings += 1;
        }
        assert!(busy.values().all(|&n| n == 1), "a brigade in a meeting and a visit on the same day");
    }
    assert_eq!(meetings, w.zones.zones.len());
    // Without the meeting each zone's brigade days shrink by exactly its Pacto day.
    let without = plan(&w, &WavesParams { pacto_days: 0, ..params.clone() }, &BTreeMap::new());
    assert!(without.states.iter().flat_map(|s| &s.zones).all(|z| z.pacto.is_none()));
    let days = |p: &WavesPlan| supply::brigade_days(p).values().sum::<usize>();
    assert_eq!(days(&p), days(&without) + w.zones.zones.len());
}

#[test]
fn a_state_in_progress_keeps_its_visited_units_and_dates_and_continues_from_the_given_day() {
    let w = world();
    let params = WavesParams { brigades_per_state: 2, ..Default::default() };
    let states: Vec<u8> = w.zones.states.iter().map(|z| z.state).collect();
    let context = WavesContext::default();
    let run = |advance: &Advance, params: &WavesParams| {
        let req = WavesRequest {
            units: &w.units,
            zones: &w.zones,
            travel: &w.travel,
            calendar: &w.calendar,
            params,
            context: &context,
            brigades: supply::brigades(params, &BTreeMap::new(), &states),
            advance,
            solver: &w.solver,
        };
        waves::plan(&req, &Silent).unwrap()
    };
    let first = run(&Advance::default(), &params);
    // Hidalgo's first ten visits were made on their planned dates.
    let hidalgo = first.states.iter().find(|s| s.state == HIDALGO).unwrap();
    let mut made: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for z in &hidalgo.zones {
        for (day, date) in z.itinerary.days.iter().zip(&z.dates) {
            for stop in day.iter().filter(|s| !s.continued) {
                if made.len() < 10 {
                    made.insert(w.units[stop.unit].clues.clone(), *date);
                }
            }
        }
    }
    let from = made.values().max().unwrap().succ_opt().unwrap();
    let advance = Advance { visited: made.keys().cloned().collect(), from: Some(from), dates: made.clone() };
    let second = run(&advance, &params);
    let kept: BTreeMap<String, NaiveDate> = second.done.iter().map(|v| (w.units[v.unit].clues.clone(), v.date.unwrap())).collect();
    assert_eq!(kept, made, "the visits made stay in the plan with their dates");
    assert!(second.done.iter().all(|v| v.state == HIDALGO));
    for st in &second.states {
        for z in &st.zones {
            assert!(z.dates.iter().all(|d| *d >= from), "{}: planned before the re-plan date", z.zone);
            for stop in z.itinerary.days.iter().flatten() {
                assert!(!made.contains_key(&w.units[stop.unit].clues), "a visited unit planned again");
            }
        }
    }
    let h2 = second.states.iter().find(|s| s.state == HIDALGO).unwrap();
    assert_eq!(h2.installation, h2.field_start, "a state in progress is already installed");
    assert_eq!(h2.units + made.len(), hidalgo.units);
    // A state given as installed (`started`) skips preparation without any visit.
    let params = WavesParams { started: [("Tlaxcala".to_string(), NaiveDate::from_ymd_opt(2025, 12, 1).unwrap())].into(), ..params };
    let third = run(&Advance::default(), &params);
    let t = third.states.iter().find(|s| s.state == TLAXCALA).unwrap();
    assert_eq!(t.installation, t.field_start);
    let m = third.states.iter().find(|s| s.state == MORELOS).unwrap();
    assert!(m.installation < m.field_start);
}

#[test]
fn tabla_7_and_8_add_up_by_hand_from_a_planted_progress_file() {
    use almaplan_core::planners::waves::tracking::{evaluate, FieldProgress, TeamDay, UnitProgress};
    let w = world();
    let p = plan(&w, &WavesParams { brigades_per_state: 2, ..Default::default() }, &BTreeMap::new());
    let zone = w.zones.zones.iter().find(|z| z.state == HIDALGO).unwrap();
    let n = zone.units.len();
    assert!(n >= 8, "a zone of at least 8 units: {n}");
    let cut = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let day = |k: u64| cut - chrono::Days::new(k);
    let clues = |i: usize| w.units[zone.units[i]].clues.clone();
    let mut field = FieldProgress { as_of: Some(cut), ..Default::default() };
    // Units 0–4 visited by the cut, unit 5 after it; diagnoses complete in 0–3; Pacto in 0–2;
    // agenda in 0, 1 and in unit 7 (not visited).
    for i in 0..6 {
        let visited = Some(if i < 5 { day(i as u64) } else { cut + chrono::Days::new(3) });
        field.units.insert(clues(i), UnitProgress { visited, diagnosis_complete: i < 4, pacto: i < 3, agenda: i < 2 });
    }
    field.units.insert(clues(7), UnitProgress { agenda: true, ..Default::default() });
    field.teams = vec![
        TeamDay { date: day(2), state: HIDALGO, complete: 3, total: 4 },
        TeamDay { date: day(1), state: HIDALGO, complete: 4, total: 4 },
        TeamDay { date: cut + chrono::Days::new(1), state: HIDALGO, complete: 0, total: 4 }, // after the cut
        TeamDay { date: day(1), state: TLAXCALA, complete: 1, total: 2 },
    ];
    let t = evaluate(&p, &w.zones, &w.units, &field);
    let z = t.rows.iter().find(|r| r.zone.as_deref() == Some(zone.zone.as_str())).unwrap();
    assert_eq!((z.scheduled, z.visited, z.diagnoses_complete, z.pacto, z.agenda), (n, 5, 4, 3, 3));
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(close(z.t7_visited_pct, 500.0 / n as f64));
    assert!(close(z.t7_diagnoses_pct, 400.0 / n as f64));
    assert!(close(z.t8_diagnosis_pct, 400.0 / n as f64));
    assert!(close(z.t8_pacto_pct, 75.0), "3 Pactos of 4 complete diagnoses");
    assert!(close(z.t8_agenda_pct, 300.0 / n as f64));
    let hidalgo_units: usize = w.zones.zones.iter().filter(|z| z.state == HIDALGO).map(|z| z.units.len()).sum();
    let h = t.rows.iter().find(|r| r.state == HIDALGO && r.zone.is_none()).unwrap();
    assert_eq!((h.scheduled, h.visited), (hidalgo_units, 5));
    assert!(close(h.t7_visited_pct, 500.0 / hidalgo_units as f64));
    assert!(close(h.t7_teams_pct.unwrap(), 100.0 * 7.0 / 8.0), "7 complete team-days of 8 by the cut");
    let tl = t.rows.iter().find(|r| r.state == TLAXCALA && r.zone.is_none()).unwrap();
    assert!(close(tl.t7_teams_pct.unwrap(), 50.0));
    assert!(close(t.national.t7_teams_pct.unwrap(), 100.0 * 8.0 / 10.0));
    assert_eq!(
        t.national.scheduled,
        w.units.iter().filter(|u| w.zones.zones.iter().any(|z| z.units.iter().any(|&k| w.units[k].clues == u.clues))).count()
    );
    // The plan's units visited by the cut, counted from the calendar by hand.
    let planned: usize = p
        .states
        .iter()
        .filter(|s| s.state == HIDALGO)
        .flat_map(|s| &s.zones)
        .flat_map(|z| z.itinerary.days.iter().zip(&z.dates))
        .filter(|(_, d)| **d <= cut)
        .map(|(day, _)| day.iter().filter(|s| !s.continued).count())
        .sum();
    assert_eq!(h.planned_visited, planned);
    assert_eq!(h.behind, h.t7_visited_pct + 10.0 < h.planned_visited_pct);
    assert_eq!(t.behind.contains(&HIDALGO), h.behind);
}

#[test]
fn a_state_planted_behind_is_replanned_after_the_cut_with_brigades_that_recover_the_deadline() {
    use almaplan_core::planners::waves::tracking::{FieldProgress, UnitProgress};
    let w = world();
    let states: Vec<u8> = w.zones.states.iter().map(|z| z.state).collect();
    let run = |params: &WavesParams, field: Option<FieldProgress>| {
        let context = WavesContext { tracking: field, ..Default::default() };
        let advance = Advance::default();
        let req = WavesRequest {
            units: &w.units,
            zones: &w.zones,
            travel: &w.travel,
            calendar: &w.calendar,
            params,
            context: &context,
            brigades: supply::brigades(params, &BTreeMap::new(), &states),
            advance: &advance,
            solver: &w.solver,
        };
        waves::plan(&req, &Silent).unwrap()
    };
    let mut params = WavesParams { brigades_per_state: 1, max_states_at_once: 3, ..Default::default() };
    let base = run(&params, None);
    // The deadline is the plan's own finish: on time as planned.
    params.deadline = base.states.iter().map(|s| s.diagnostics).max().unwrap();
    let hidalgo = base.states.iter().find(|s| s.state == HIDALGO).unwrap();
    let visits: Vec<(usize, NaiveDate)> = hidalgo
        .zones
        .iter()
        .flat_map(|z| z.itinerary.days.iter().zip(&z.dates))
        .flat_map(|(day, date)| day.iter().filter(|s| !s.continued).map(move |s| (s.unit, *date)))
        .collect();
    // The cut falls when the plan has made a third of Hidalgo's visits; the field made only two.
    let mut dates: Vec<NaiveDate> = visits.iter().map(|v| v.1).collect();
    dates.sort();
    let cut = dates[dates.len() / 3];
    // Tlaxcala and Morelos made every visit the plan has by the cut.
    let mut field = FieldProgress { as_of: Some(cut), ..Default::default() };
    for st in base.states.iter().filter(|s| s.state != HIDALGO) {
        for z in &st.zones {
            for (day, date) in z.itinerary.days.iter().zip(&z.dates).filter(|(_, d)| **d <= cut) {
                for stop in day.iter().filter(|s| !s.continued) {
                    field.units.insert(w.units[stop.unit].clues.clone(), UnitProgress { visited: Some(*date), ..Default::default() });
                }
            }
        }
    }
    let others = field.units.clone();
    let made: BTreeMap<String, NaiveDate> = visits.iter().take(2).map(|&(k, d)| (w.units[k].clues.clone(), d.min(cut))).collect();
    for (c, d) in &made {
        field.units.insert(c.clone(), UnitProgress { visited: Some(*d), ..Default::default() });
    }
    let p = run(&params, Some(field));
    let t = p.tracking.as_ref().unwrap();
    assert_eq!(t.behind, vec![HIDALGO], "only Hidalgo is behind: {:?}", t.rows.iter().filter(|r| r.zone.is_none()).collect::<Vec<_>>());
    let rec = p.recovery.as_ref().expect("a recovery for the state behind");
    assert_eq!(rec.as_of, cut);
    assert_eq!(rec.from, cut.succ_opt().unwrap());
    assert_eq!(rec.states.len(), 1);
    let r = &rec.states[0];
    assert_eq!((r.state, r.visited, r.own), (HIDALGO, 2, 1));
    assert_eq!(r.remaining + 2, hidalgo.units);
    assert!(!r.on_time_with_own, "one brigade from the cut is late: {r:?}");
    assert!(r.needed > r.own && r.borrow == r.needed - r.own, "{r:?}");
    assert!(r.on_time_needed && r.diagnostics_needed <= params.deadline, "{r:?}");
    assert_eq!(r.needed_people["lider"], r.needed);
    // Brigades borrowed come from somewhere (the pool here: the plan has no supply report).
    assert_eq!(rec.loans.iter().filter(|l| l.to == HIDALGO).map(|l| l.brigades).sum::<u32>(), r.borrow);
    // The re-plan: only Hidalgo, every date after the cut, the visits made kept with their dates,
    // with the recovery brigades and on time.
    let re = &rec.plan;
    assert_eq!(re.states.iter().map(|s| s.state).collect::<Vec<_>>(), vec![HIDALGO]);
    assert_eq!(re.states[0].brigades, r.needed);
    assert!(re.late_states().is_empty());
    for z in &re.states[0].zones {
        assert!(z.dates.iter().all(|d| *d > cut), "{}: a visit on or before the cut", z.zone);
        for stop in z.itinerary.days.iter().flatten() {
            assert!(!made.contains_key(&w.units[stop.unit].clues), "a visited unit planned again");
        }
    }
    assert!(r.first_visit.is_some_and(|d| d > cut));
    let kept: BTreeMap<String, NaiveDate> = re.done.iter().map(|v| (w.units[v.unit].clues.clone(), v.date.unwrap())).collect();
    assert_eq!(kept, made);
    // No state behind, no recovery.
    let mut on_track = FieldProgress { as_of: Some(cut), units: others, ..Default::default() };
    for &(k, d) in visits.iter().filter(|v| v.1 <= cut) {
        on_track.units.insert(w.units[k].clues.clone(), UnitProgress { visited: Some(d), ..Default::default() });
    }
    let q = run(&params, Some(on_track));
    assert!(q.tracking.as_ref().unwrap().behind.is_empty());
    assert!(q.recovery.is_none());
}

#[test]
fn the_deadline_search_is_proven_fewest_per_state_and_loans_fit_the_lenders_free_days() {
    let w = world();
    let mut params = WavesParams { team_share: Some(1.0), max_states_at_once: 3, ..Default::default() };
    let all = plan(&w, &params, &figures(&[(HIDALGO, 50), (TLAXCALA, 50), (MORELOS, 50)]));
    params.deadline = all.states.iter().map(|s| s.diagnostics).max().unwrap();
    let own: BTreeMap<u8, u32> = [(HIDALGO, 0), (TLAXCALA, 1), (MORELOS, 20)].into();
    let p = plan(&w, &params, &figures(&own.iter().map(|(&s, &n)| (s, n)).collect::<Vec<_>>()));
    let sup = p.supply.as_ref().unwrap();
    assert!(sup.on_time_with_needed);
    let needed: BTreeMap<u8, u32> = sup.states.iter().map(|s| (s.state, s.needed)).collect();
    // The plan with the needed counts, brigades as each state's own (a loan is a brigade in the
    // borrower's calendar).
    let with_needed = plan(&w, &params, &figures(&needed.iter().map(|(&s, &n)| (s, n)).collect::<Vec<_>>()));
    assert!(with_needed.late_states().is_empty());
    for s in &sup.states {
        assert!(s.fewest_proven, "{s:?}");
        if s.needed > 1 {
            // One fewer in this state, the others as found: late.
            let mut fewer = needed.clone();
            fewer.insert(s.state, s.needed - 1);
            let q = plan(&w, &params, &figures(&fewer.iter().map(|(&s, &n)| (s, n)).collect::<Vec<_>>()));
            assert!(!q.late_states().is_empty(), "{} brigades in {} are on time too", s.needed - 1, s.state);
        }
    }
    // Every loan from a state fits the days it lends for: the lender's brigades at work those days
    // plus everything it lends for them never exceed its own.
    let mut lent: BTreeMap<(u8, NaiveDate), u32> = BTreeMap::new();
    for l in sup.loans.iter().filter(|l| l.from.is_some()) {
        let (a, b) = (l.from_date.unwrap(), l.until_date.unwrap());
        let borrower = with_needed.states.iter().find(|s| s.state == l.to).unwrap();
        assert_eq!((a, b), (borrower.field_start, borrower.field_end), "the loan covers the borrower's field work");
        assert!(l.brigades <= l.lender_free.unwrap());
        for d in a.iter_days().take_while(|d| *d <= b) {
            *lent.entry((l.from.unwrap(), d)).or_insert(0) += l.brigades;
        }
    }
    assert!(!lent.is_empty(), "the test lends: {:?}", sup.loans);
    for (&(t, d), &n) in &lent {
        let busy = supply::busy_by_day(&with_needed, t).get(&d).copied().unwrap_or(0);
        assert!(busy + n <= own[&t], "{t} on {d}: {busy} at work + {n} lent > {} own", own[&t]);
    }
}

#[test]
fn the_long_help_of_waves_lists_every_waves_key_in_spanish() {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::common::almaplan(dir.path(), &["waves", "--ayuda"]);
    assert!(out.status.success());
    let help = crate::common::stdout(&out);
    let keys = serde_json::to_value(WavesParams::default()).unwrap();
    let keys: Vec<&String> = keys.as_object().unwrap().keys().collect();
    assert!(keys.len() >= 25, "{keys:?}");
    for k in keys {
        assert!(help.contains(&format!(" {k} ")) || help.contains(&format!(" {k},")), "«{k}» missing from `waves --ayuda`");
    }
    for words in ["Claves de la sección [waves]", "Pacto por la Salud", "recuperacion.csv", "equipos de supervisión zonal"] {
        assert!(help.contains(words), "{words}");
    }
}

#[test]
fn a_file_of_named_people_by_role_gives_the_brigades_and_no_name_reaches_an_output() {
    use almaplan_formats::input::people::read_people;
    let dir = tempfile::tempdir().unwrap();
    let roles: BTreeSet<String> = WavesParams::default().composition.keys().cloned().collect();
    let mut csv = String::from("nombre,entidad,rol\n");
    for (i, role) in ["Líder", "CUPN", "Preventivos", "Acción Comunitaria"].iter().enumerate() {
        // Three of each role in Hidalgo, but only two of Acción Comunitaria: two brigades.
        for k in 0..(if i == 3 { 2 } else { 3 }) {
            csv.push_str(&format!("Persona Secreta {i}{k},Hidalgo,{role}\n"));
        }
    }
    csv.push_str("Persona Secreta 99,29,lider\n");
    let path = dir.path().join("personas.csv");
    std::fs::write(&path, &csv).unwrap();
    let people = read_people(&path, &roles).unwrap();
    assert_eq!(
        people[&HIDALGO],
        [("accion_comunitaria", 2), ("cupn", 3), ("lider", 3), ("preventivos", 3)].map(|(r, n)| (r.to_string(), n)).into()
    );
    assert_eq!(people[&TLAXCALA], [("lider".to_string(), 1)].into());
    assert_eq!(supply::brigades_from_people(&WavesParams::default().composition, &people[&HIDALGO]), 2);
    // A role outside the composition is an error with its file, row and column.
    let bad = dir.path().join("malo.csv");
    std::fs::write(&bad, "entidad,rol\n13,lider\n13,chofer\n").unwrap();
    let e = read_people(&bad, &roles).unwrap_err().to_string();
    assert!(e.contains("malo.csv:3") && e.contains("chofer") && e.contains("accion_comunitaria"), "{e}");

    if crate::common::data_dir().is_none() {
        return;
    }
    let scenario = dir.path().join("hidalgo-personas.toml");
    std::fs::write(
        &scenario,
        format!("extends = \"{}\"\n\n[waves]\npeople_file = \"{}\"\n", crate::common::scenario("hidalgo.toml"), path.display()),
    )
    .unwrap();
    let out = crate::common::almaplan(dir.path(), &["waves", scenario.to_str().unwrap(), "--salida", "w", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", crate::common::stderr(&out));
    let teams = crate::common::read_output(&dir.path().join("w/equipos_entidades.csv"));
    let header: Vec<&str> = teams.lines().next().unwrap().trim_start_matches('\u{feff}').split(',').collect();
    let row: Vec<&str> = teams.lines().nth(1).unwrap().split(',').collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!((col("clave_entidad"), col("brigadas_propias")), ("13", "2"), "{teams}");
    for entry in walk(&dir.path().join("w")) {
        let text = String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).to_string();
        assert!(!text.contains("Secreta"), "a name in {}", entry.display());
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
