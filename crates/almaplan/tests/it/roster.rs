//! Weekend roster: exact answers on hand-made instances, one test per rule (each fails if the rule
//! is dropped), re-planning, and the roster linter.

use std::collections::HashMap;

use almaplan_core::domain::physician::{Contract, Physician, PhysicianOrigin};
use almaplan_core::domain::unit::{CareLevel, OperationStatus, Stratum, Unit, UnitKind};
use almaplan_core::domain::{LatLon, Network};
use almaplan_core::lp::SolveOptions;
use almaplan_core::planners::roster::RosterParams;
use almaplan_core::planners::roster::{self, check, GapReason, RosterPlan, RosterRequest};
use almaplan_core::territory::TravelTimes;
use almaplan_formats::input::roster::{Absence, RosterRow};
use chrono::NaiveDate;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn unit(clues: &str, lon: f64, kind: UnitKind, stratum: Stratum) -> Unit {
    Unit {
        clues: clues.into(),
        clues_ssa: None,
        name: format!("UNIDAD {clues}"),
        state: 13,
        municipality: 1,
        municipality_name: "M".into(),
        locality: 1,
        locality_name: "L".into(),
        typology: String::new(),
        kind,
        stratum: Some(stratum),
        region: None,
        location: LatLon::new(20.0, lon),
        status: OperationStatus::EnOperacion,
        level: Some(CareLevel::Primer),
        marginalisation: None,
        synthetic: true,
    }
}

fn centre(clues: &str, lon: f64) -> Unit {
    unit(clues, lon, UnitKind::HealthCentre { nucleos: 1 }, Stratum::Urbano)
}

fn doctor(id: &str, base: &str, contract: Contract) -> Physician {
    Physician {
        id: id.into(),
        base: base.into(),
        contract,
        unavailable: Vec::new(),
        max_extra_shifts_per_month: None,
        daily_salary: None,
        origin: PhysicianOrigin::PerPerson,
        role: Default::default(),
    }
}

/// Neighbour coverage off, so each unit-day is worth exactly its own weight (100 for an urban
/// single-núcleo centre without marginalisation data).
fn params() -> RosterParams {
    RosterParams { own_opening_share: 1.0, ..Default::default() }
}

fn solve(net: &Network, p: &RosterParams, from: NaiveDate, to: NaiveDate) -> RosterPlan {
    solve_with(net, p, from, to, None, &[])
}

fn solve_with(
    net: &Network,
    p: &RosterParams,
    from: NaiveDate,
    to: NaiveDate,
    previous: Option<&[RosterRow]>,
    absences: &[Absence],
) -> RosterPlan {
    let travel = TravelTimes::default();
    let req = RosterRequest {
        network: net,
        travel: &travel,
        params: p,
        from,
        to,
        options: SolveOptions::default(),
        targets: None,
        previous,
        absences,
        context: Default::default(),
    };
    roster::plan(&req, &almaplan_core::progress::Silent).unwrap()
}

/// (physician id, clues, date) of every shift.
fn shifts(net: &Network, plan: &RosterPlan) -> Vec<(String, String, NaiveDate)> {
    let mut out = Vec::new();
    for (st, sp) in plan.instance.states.iter().zip(&plan.states) {
        for s in &sp.roster.shifts {
            out.push((
                net.physicians[st.staff[s.staff].physician].id.clone(),
                net.units[st.targets[s.target].unit].clues.clone(),
                plan.instance.days[s.day].date,
            ));
        }
    }
    out.sort();
    out
}

fn gap_reasons(net: &Network, plan: &RosterPlan) -> HashMap<(String, NaiveDate), GapReason> {
    let mut out = HashMap::new();
    for (st, sp) in plan.instance.states.iter().zip(&plan.states) {
        for g in &sp.gaps {
            out.insert((net.units[st.targets[g.target].unit].clues.clone(), plan.instance.days[g.day].date), g.reason);
        }
    }
    out
}

// One weekend: Saturday 2 and Sunday 3 January 2027.
const SAT: (i32, u32, u32) = (2027, 1, 2);
const SUN: (i32, u32, u32) = (2027, 1, 3);

#[test]
fn hand_computed_optimum_and_reasons() {
    // A has two weekday physicians; B (≈30 min away) has none; C (≈300 min away) has none.
    // Each physician works one day of the weekend, so two of six unit-days can be covered, all
    // worth 100: the optimum is 200 with no travel (both stay at A).
    let net = Network {
        units: vec![centre("A", -99.0), centre("B", -98.9), centre("C", -98.0)],
        physicians: vec![doctor("p1", "A", Contract::EntreSemana), doctor("p2", "A", Contract::EntreSemana)],
        ..Default::default()
    };
    let plan = solve(&net, &params(), ymd(SAT.0, SAT.1, SAT.2), ymd(SUN.0, SUN.1, SUN.2));
    let f = plan.figures(None);
    assert_eq!(f.unit_days_required, 6);
    assert_eq!(f.unit_days_covered, 2);
    let r = &plan.states[0].roster.report;
    assert!((r.objective - 200.0).abs() < 1e-6, "{r:?}");
    assert!((r.bound - 200.0).abs() < 1e-6, "{r:?}");
    assert!(shifts(&net, &plan).iter().all(|s| s.1 == "A"));
    let reasons = gap_reasons(&net, &plan);
    assert_eq!(reasons[&("C".to_string(), ymd(SAT.0, SAT.1, SAT.2))], GapReason::NoPhysicianWithinReach);
    assert_eq!(reasons[&("B".to_string(), ymd(SUN.0, SUN.1, SUN.2))], GapReason::LimitsExhausted);
    // One weekend-contract hire at B covers B both days; C needs its own.
    let hires: u32 = plan.states[0].hiring.hires.iter().map(|h| h.count).sum();
    assert_eq!(hires, 2);
    assert_eq!(plan.states[0].hiring.report.as_ref().unwrap().gap, 0.0);
}

#[test]
fn weekly_rest_allows_one_weekend_day() {
    let net = Network { units: vec![centre("A", -99.0)], physicians: vec![doctor("p1", "A", Contract::EntreSemana)], ..Default::default() };
    let plan = solve(&net, &params(), ymd(SAT.0, SAT.1, SAT.2), ymd(SUN.0, SUN.1, SUN.2));
    assert_eq!(shifts(&net, &plan).len(), 1);
}

#[test]
fn monthly_limit_caps_extra_shifts() {
    let net = Network { units: vec![centre("A", -99.0)], physicians: vec![doctor("p1", "A", Contract::EntreSemana)], ..Default::default() };
    let p = RosterParams { max_extra_shifts_per_month: 3, ..params() };
    // January 2027 has five weekends.
    let plan = solve(&net, &p, ymd(2027, 1, 1), ymd(2027, 1, 31));
    assert_eq!(shifts(&net, &plan).len(), 3);
}

#[test]
fn weekend_contract_works_both_days_but_not_weekday_holidays() {
    // 1 February 2027 is a Monday and a mandatory rest day (first Monday of February).
    let net = Network { units: vec![centre("A", -99.0)], physicians: vec![doctor("p1", "A", Contract::FinDeSemana)], ..Default::default() };
    let p = RosterParams { open_on_mandatory_rest_days: true, ..params() };
    let plan = solve(&net, &p, ymd(2027, 1, 30), ymd(2027, 2, 1));
    let s = shifts(&net, &plan);
    assert_eq!(s.iter().map(|x| x.2).collect::<Vec<_>>(), vec![ymd(2027, 1, 30), ymd(2027, 1, 31)]);
    assert_eq!(plan.instance.days.len(), 3);
}

#[test]
fn interns_stay_at_their_own_unit() {
    // B is rural and very marginalised (worth more); without the rule both physicians would go there.
    let mut b = unit("B", -98.9, UnitKind::HealthCentre { nucleos: 1 }, Stratum::Rural);
    b.marginalisation = Some(almaplan_core::domain::Marginalisation { index: 40.0, grade: almaplan_core::domain::MarginGrade::MuyAlto });
    let net = Network {
        units: vec![centre("A", -99.0), b],
        physicians: vec![doctor("p1", "A", Contract::EntreSemana), doctor("mpss", "A", Contract::Pasante)],
        ..Default::default()
    };
    let plan = solve(&net, &params(), ymd(SAT.0, SAT.1, SAT.2), ymd(SUN.0, SUN.1, SUN.2));
    let s = shifts(&net, &plan);
    assert!(s.iter().filter(|x| x.0 == "mpss").all(|x| x.1 == "A"), "{s:?}");
    assert!(s.iter().any(|x| x.0 == "p1" && x.1 == "B"), "{s:?}");
}

#[test]
fn reach_limits_where_a_physician_can_go() {
    // C is worth more than A (rural) but ~5 hours away.
    let c = unit("C", -98.0, UnitKind::HealthCentre { nucleos: 1 }, Stratum::Rural);
    let net =
        Network { units: vec![centre("A", -99.0), c], physicians: vec![doctor("p1", "A", Contract::FinDeSemana)], ..Default::default() };
    let plan = solve(&net, &params(), ymd(SAT.0, SAT.1, SAT.2), ymd(SUN.0, SUN.1, SUN.2));
    assert!(shifts(&net, &plan).iter().all(|x| x.1 == "A"));
    let wide = RosterParams { max_travel_minutes: 400.0, ..params() };
    let plan = solve(&net, &wide, ymd(SAT.0, SAT.1, SAT.2), ymd(SUN.0, SUN.1, SUN.2));
    assert!(shifts(&net, &plan).iter().all(|x| x.1 == "C"), "with a wider reach the more important unit wins");
}

#[test]
fn unavailable_dates_are_respected_and_explained() {
    let mut p1 = doctor("p1", "A", Contract::FinDeSemana);
    p1.unavailable.push((ymd(SAT.0, SAT.1, SAT.2), ymd(SAT.0, SAT.1, SAT.2)));
    let net = Network { units: vec![centre("A", -99.0)], physicians: vec![p1], ..Default::default() };
    let plan = solve(&net, &params(), ymd(SAT.0, SAT.1, SAT.2), ymd(SUN.0, SUN.1, SUN.2));
    assert_eq!(shifts(&net, &plan).iter().map(|x| x.2).collect::<Vec<_>>(), vec![ymd(SUN.0, SUN.1, SUN.2)]);
    assert_eq!(gap_reasons(&net, &plan)[&("A".to_string(), ymd(SAT.0, SAT.1, SAT.2))], GapReason::Unavailable);
}

#[test]
fn one_shift_a_day_per_physician() {
    let net = Network {
        units: vec![centre("A", -99.0), centre("B", -98.9)],
        physicians: vec![doctor("p1", "A", Contract::FinDeSemana)],
        ..Default::default()
    };
    let plan = solve(&net, &params(), ymd(SAT.0, SAT.1, SAT.2), ymd(SUN.0, SUN.1, SUN.2));
    let s = shifts(&net, &plan);
    assert_eq!(s.len(), 2);
    assert_ne!(s[0].2, s[1].2);
}

#[test]
fn larger_units_need_more_physicians() {
    let big = unit("G", -99.0, UnitKind::HealthCentre { nucleos: 12 }, Stratum::Urbano);
    let net = Network {
        units: vec![big],
        physicians: (0..6).map(|i| doctor(&format!("p{i}"), "G", Contract::FinDeSemana)).collect(),
        ..Default::default()
    };
    let plan = solve(&net, &params(), ymd(SAT.0, SAT.1, SAT.2), ymd(SUN.0, SUN.1, SUN.2));
    // Default policy: 12+ núcleos need 3 physicians a morning; extra staff are not rostered.
    assert_eq!(shifts(&net, &plan).len(), 6);
    assert_eq!(plan.instance.states[0].targets[0].required, 3);
}

#[test]
fn replanning_changes_only_what_the_absence_forces() {
    let net = Network {
        units: vec![centre("A", -99.0), centre("B", -98.9)],
        physicians: vec![
            doctor("p1", "A", Contract::FinDeSemana),
            doctor("p2", "B", Contract::FinDeSemana),
            doctor("p3", "A", Contract::EntreSemana),
        ],
        ..Default::default()
    };
    let (from, to) = (ymd(SAT.0, SAT.1, SAT.2), ymd(SUN.0, SUN.1, SUN.2));
    let row = |line, date, clues: &str, who: &str| RosterRow {
        source: "rol.csv".into(),
        line,
        date,
        clues: clues.into(),
        physician: who.into(),
        locked: false,
        role: None,
    };
    let previous = vec![row(2, from, "A", "p1"), row(3, to, "A", "p1"), row(4, from, "B", "p2"), row(5, to, "B", "p2")];
    // Nothing changed: the previous roster is kept whole.
    let same = solve_with(&net, &params(), from, to, Some(&previous), &[]);
    assert_eq!(same.changes.clone().unwrap().kept, 4);
    // p2 is absent on Saturday: only that assignment changes, and p3 fills the hole.
    let absence = Absence { physician: "p2".into(), from, to: from };
    let second = solve_with(&net, &params(), from, to, Some(&previous), &[absence]);
    let c = second.changes.clone().unwrap();
    assert_eq!((c.previous_assignments, c.kept, c.removed, c.added), (4, 3, 1, 1), "{c:?}");
    assert!(shifts(&net, &second).contains(&("p3".to_string(), "B".to_string(), from)));
    assert_eq!(second.figures(None).unit_days_covered, 4);
}

#[test]
fn locked_assignments_are_kept_as_they_are_and_impossible_locks_are_errors() {
    let net = Network {
        units: vec![centre("A", -99.0), centre("B", -98.9)],
        physicians: vec![
            doctor("p1", "A", Contract::FinDeSemana),
            doctor("p2", "B", Contract::FinDeSemana),
            doctor("p3", "A", Contract::EntreSemana),
        ],
        ..Default::default()
    };
    let (sat, sun) = (ymd(SAT.0, SAT.1, SAT.2), ymd(SUN.0, SUN.1, SUN.2));
    let row = |line, date, clues: &str, who: &str, locked| RosterRow {
        source: "rol.csv".into(),
        line,
        date,
        clues: clues.into(),
        physician: who.into(),
        locked,
        role: None,
    };
    // The previous roster as the planner would keep it, plus p3 locked at B on Saturday: the lock
    // wins over the preferred p2 (B needs one physician), and is marked as locked in the plan.
    let previous = vec![
        row(2, sat, "A", "p1", false),
        row(3, sun, "A", "p1", false),
        row(4, sat, "B", "p2", false),
        row(5, sun, "B", "p2", false),
        row(6, sat, "B", "p3", true),
    ];
    let plan = solve_with(&net, &params(), sat, sun, Some(&previous), &[]);
    let all = shifts(&net, &plan);
    assert!(all.contains(&("p3".to_string(), "B".to_string(), sat)), "{all:?}");
    assert!(!all.contains(&("p2".to_string(), "B".to_string(), sat)), "{all:?}");
    assert_eq!(plan.changes.as_ref().unwrap().locked, 1);
    assert_eq!(plan.states[0].locked.len(), 1);
    // Without the lock the previous roster stays whole and p3 does not work.
    let unlocked: Vec<RosterRow> = previous.iter().cloned().map(|r| RosterRow { locked: false, ..r }).collect();
    let plan = solve_with(&net, &params(), sat, sun, Some(&unlocked), &[]);
    assert!(!shifts(&net, &plan).iter().any(|s| s.0 == "p3"));

    // Locks that cannot hold together, or at all, stop the re-plan and name their rows.
    let impossible = vec![
        row(2, sat, "A", "p1", true),
        row(3, sat, "B", "p1", true), // p1 twice on Saturday
        row(4, sun, "A", "p3", true), // p3 is absent on Sunday
        row(5, sat, "X", "p2", true), // no such unit
    ];
    let absence = Absence { physician: "p3".into(), from: sun, to: sun };
    let travel = TravelTimes::default();
    let p = params();
    let req = RosterRequest {
        network: &net,
        travel: &travel,
        params: &p,
        from: sat,
        to: sun,
        options: SolveOptions::default(),
        targets: None,
        previous: Some(&impossible),
        absences: &[absence],
        context: Default::default(),
    };
    let e = roster::plan(&req, &almaplan_core::progress::Silent).unwrap_err().to_string();
    for line in ["rol.csv:3: asignación fija imposible", "rol.csv:4: asignación fija imposible", "rol.csv:5: asignación fija imposible"]
    {
        assert!(e.contains(line), "{line} in {e}");
    }
    assert!(!e.contains("rol.csv:2:"), "{e}");
}

#[test]
fn the_linter_finds_planted_violations_and_accepts_the_planners_roster() {
    let mut uneme = unit("U", -99.01, UnitKind::Uneme, Stratum::Urbano);
    uneme.name = "UNEME".into();
    let net = Network {
        units: vec![centre("A", -99.0), centre("B", -98.9), centre("C", -98.0), uneme],
        physicians: vec![
            doctor("p1", "A", Contract::EntreSemana),
            doctor("p2", "A", Contract::EntreSemana),
            doctor("mpss", "A", Contract::Pasante),
            doctor("w1", "A", Contract::FinDeSemana),
        ],
        ..Default::default()
    };
    let p = params();
    let travel = TravelTimes::default();
    let plan = solve(&net, &p, ymd(2027, 1, 1), ymd(2027, 1, 31));
    let clean: Vec<RosterRow> = shifts(&net, &plan)
        .into_iter()
        .enumerate()
        .map(|(i, (physician, clues, date))| RosterRow {
            source: "rol.csv".into(),
            line: i + 2,
            date,
            clues,
            physician,
            locked: false,
            role: None,
        })
        .collect();
    assert!(!clean.is_empty());
    assert_eq!(check::check(&net, &travel, &p, None, &clean), vec![]);

    let row = |line, d: u32, clues: &str, who: &str| RosterRow {
        source: "rol.csv".into(),
        line,
        date: ymd(2027, 1, d),
        clues: clues.into(),
        physician: who.into(),
        locked: false,
        role: None,
    };
    let planted = vec![
        row(2, 2, "C", "p1"), // reach
        row(3, 2, "A", "p2"), // weekly rest (with line 4)
        row(4, 3, "A", "p2"),
        row(5, 9, "A", "p1"), // monthly limit: p1 has 2,9,16 → 3 > 2
        row(6, 16, "A", "p1"),
        row(7, 9, "B", "p1"),    // double booking on the 9th
        row(8, 10, "U", "w1"),   // not a target
        row(9, 10, "B", "mpss"), // intern away from home
        row(10, 4, "A", "w1"),   // a Monday: not an opening day
    ];
    let rules: Vec<&str> = check::check(&net, &travel, &p, None, &planted).iter().map(|v| v.rule).collect();
    for rule in [
        "alcance",
        "descanso semanal",
        "límite mensual",
        "doble asignación",
        "unidad fuera del conjunto objetivo",
        "pasante fuera de su unidad",
        "día no de apertura",
    ] {
        assert!(rules.contains(&rule), "{rule} not found in {rules:?}");
    }
}

#[test]
fn shift_pay_has_the_sunday_premium_and_double_pay_on_rest_days() {
    // 1 February 2027: Monday, mandatory rest day. Saturday 30 and Sunday 31 January.
    let mut p1 = doctor("p1", "A", Contract::FinDeSemana);
    p1.daily_salary = Some(1000.0);
    let mut p2 = doctor("p2", "A", Contract::EntreSemana);
    p2.daily_salary = Some(1000.0);
    let net = Network { units: vec![centre("A", -99.0)], physicians: vec![p1, p2], ..Default::default() };
    let p = RosterParams { open_on_mandatory_rest_days: true, ..params() };
    let plan = solve(&net, &p, ymd(2027, 1, 30), ymd(2027, 2, 1));
    let mut costs: Vec<(NaiveDate, f64)> =
        plan.states[0].roster.shifts.iter().map(|s| (plan.instance.days[s.day].date, s.cost.unwrap())).collect();
    costs.sort_by_key(|c| c.0);
    assert_eq!(costs, vec![(ymd(2027, 1, 30), 1000.0), (ymd(2027, 1, 31), 1250.0), (ymd(2027, 2, 1), 2000.0)]);
    assert_eq!(plan.figures(None).cost_pesos, Some(4250.0));
}

#[test]
fn a_state_without_physicians_gets_a_plan_that_says_so() {
    // Issue 16: a state without staffing used to crash inside the HiGHS bindings (a model with
    // no columns). It is a plan: 0% coverage, every unit-day a gap with its reason, hires to close it.
    let net = Network { units: vec![centre("A", -99.0), centre("B", -99.01)], ..Default::default() };
    let plan = solve(&net, &params(), ymd(2027, 1, 2), ymd(2027, 1, 10));
    let f = plan.figures(None);
    assert_eq!((f.units_targeted, f.unit_days_covered, f.shifts), (2, 0, 0));
    assert_eq!(f.unit_days_required, 2 * plan.instance.days.len());
    assert!(plan.states.iter().flat_map(|s| &s.gaps).all(|g| g.reason == GapReason::NoPhysicianWithinReach));
    assert_eq!(plan.states.iter().map(|s| s.gaps.len()).sum::<usize>(), f.unit_days_required);
    assert!(f.hires_needed >= 2, "{f:?}");
    assert_eq!(plan.states[0].roster.report.variables, 0);
}

#[test]
fn a_time_limit_too_short_for_the_model_still_gives_a_plan() {
    // Issue 16: a limit returns the best plan found so far (the greedy one at worst), with its
    // status and gap, never a failure.
    let net = almaplan_core::synthetic::generate(&almaplan_core::synthetic::SyntheticSpec { units: 400, states: 1 }, 5);
    let travel = TravelTimes::default();
    let p = RosterParams::default();
    let options = SolveOptions { time_limit_s: 1e-9, watchdog_s: Some(0.0), ..SolveOptions::default() };
    let req = RosterRequest {
        network: &net,
        travel: &travel,
        params: &p,
        from: ymd(2027, 1, 1),
        to: ymd(2027, 1, 31),
        options,
        targets: None,
        previous: None,
        absences: &[],
        context: Default::default(),
    };
    let plan = roster::plan(&req, &almaplan_core::progress::Silent).expect("a plan, not a failure");
    let r = &plan.states[0].roster.report;
    assert_eq!(r.status, almaplan_core::lp::SolveStatus::TimeLimit, "{r:?}");
    assert!(!plan.states[0].roster.shifts.is_empty());
    assert!(r.bound >= r.objective && r.gap > 0.0, "{r:?}");
    // The greedy roster obeys the rules the checker enforces.
    let rows: Vec<RosterRow> = shifts(&net, &plan)
        .into_iter()
        .enumerate()
        .map(|(i, (physician, clues, date))| RosterRow {
            source: "rol".into(),
            line: i + 2,
            date,
            clues,
            physician,
            locked: false,
            role: None,
        })
        .collect();
    let violations = check::check(&net, &travel, &p, None, &rows);
    assert!(violations.is_empty(), "{:?}", violations.first());
}
