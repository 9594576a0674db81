//! Weekend roster benchmark: the national scenario (23 states, real catalogue, staffing
//! synthesised from núcleos, January 2027) and a size series on synthetic networks.
//!
//! `cargo bench --bench roster` runs every case in its own process (so peak memory is per case) and
//! prints one line per case:
//! `bench=roster case=<name> units=<targets> vars=<variables> seconds=<wall> peak_mb=<VmHWM> coverage_pct=… gap_pct=… hires=…`.
//! Targets for the national case on 2 cores: ≤ 60 s, ≤ 4 GB, gap ≤ 0.5%.
//! `cargo bench --bench roster -- <case>` runs one case (nacional, nacional-tabla2 = the `tabla2`
//! staffing preset, nacional-base = `scenarios/nacional-linea-base.toml`: `tabla2` and the block
//! progress baseline, nacional-equipos = `scenarios/nacional-equipos.toml`: physicians and nursing
//! staff by role, with a second line by role; syn1k, syn8k, syn80k). Each line also gives the hires' proven bound and the
//! hiring gap to it (`hires_bound`, `hiring_gap_pct`).
//! `ROSTER_K` (candidate units per physician) and `ROSTER_HIRING_S` (hiring MIP time limit per state)
//! override the defaults, to measure their trade-off.

use std::process::Command;

use almaplan_core::lp::SolveOptions;
use almaplan_core::planners::roster::RosterParams;
use almaplan_core::planners::roster::{plan, RosterRequest};
use almaplan_core::synthetic::SyntheticSpec;
use almaplan_formats::scenario::LoadedScenario;
use chrono::NaiveDate;

const CASES: [&str; 7] = ["syn1k", "syn8k", "nacional", "nacional-tabla2", "nacional-base", "syn80k", "nacional-equipos"];

fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse::<f64>().unwrap_or(0.0))
        })
        .unwrap_or(0.0)
        / 1024.0
}

fn run_case(case: &str) {
    let start = std::time::Instant::now();
    let mut params = RosterParams::default();
    if let Ok(k) = std::env::var("ROSTER_K") {
        params.candidate_units_per_physician = k.parse().unwrap();
    }
    if let Ok(h) = std::env::var("ROSTER_HIRING_S") {
        params.hiring_time_limit_s = h.parse().unwrap();
    }
    let mut loaded = None;
    let (network, travel, options, from, to) = if case.starts_with("nacional") {
        if std::env::var_os("ALMAPLAN_DATA").is_none() {
            println!("# ALMAPLAN_DATA not set: case {case} skipped");
            return;
        }
        let file = match case {
            "nacional-base" => "nacional-linea-base.toml",
            "nacional-equipos" => "nacional-equipos.toml",
            _ => "nacional.toml",
        };
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios").join(file);
        let s = LoadedScenario::from_file(&path).unwrap();
        let l = almaplan_formats::load::load(&s).unwrap();
        if let Some(r) = s.scenario.roster.clone() {
            params = RosterParams {
                candidate_units_per_physician: params.candidate_units_per_physician,
                hiring_time_limit_s: params.hiring_time_limit_s,
                ..r
            };
        }
        if case == "nacional-tabla2" {
            params.staffing_preset = almaplan_core::planners::roster::StaffingPreset::Tabla2;
        }
        let tabla2 = if params.staffing_preset == almaplan_core::planners::roster::StaffingPreset::Tabla2 {
            let file = std::path::Path::new(&std::env::var("ALMAPLAN_DATA").unwrap()).join("seeds/tabla2_necesidad_medicos_2024.csv");
            Some(almaplan_formats::input::roster::read_tabla2(&file, &mut Default::default()).unwrap())
        } else {
            None
        };
        let out = (l.network.clone(), l.travel.clone(), s.scenario.solver.clone(), s.scenario.calendar.start, s.scenario.calendar.end);
        loaded = Some((l, tabla2));
        out
    } else {
        let units = match case {
            "syn1k" => 1_000,
            "syn8k" => 8_000,
            _ => 80_000,
        };
        let states = (units / 1_000).clamp(1, 10);
        let network = almaplan_core::synthetic::generate(&SyntheticSpec { units, states }, 7);
        let options = SolveOptions { time_limit_s: 300.0, rel_gap: 0.005, ..Default::default() };
        (network, Default::default(), options, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2027, 1, 31).unwrap())
    };
    let req = RosterRequest {
        network: &network,
        travel: &travel,
        params: &params,
        from,
        to,
        options,
        targets: None,
        previous: None,
        absences: &[],
        context: loaded.as_ref().map_or_else(Default::default, |(l, tabla2)| almaplan_core::planners::roster::RosterContext {
            baseline: l.roster_baseline.as_ref(),
            figures: Some(&l.figures),
            national: Some(&l.national),
            tabla2: tabla2.as_deref(),
        }),
    };
    let load_s = start.elapsed().as_secs_f64();
    let p = plan(&req, &almaplan_core::progress::Silent).unwrap();
    let f = p.figures(None);
    let vars: usize = p.states.iter().map(|s| s.roster.report.variables).sum();
    let roster_cpu: f64 = p.states.iter().map(|s| s.roster.report.seconds).sum();
    let hiring_cpu: f64 = p.states.iter().filter_map(|s| s.hiring.report.as_ref()).map(|r| r.seconds).sum();
    let greedy: u32 = p.states.iter().map(|s| s.hiring.greedy_hires).sum();
    let lower: u32 = p.states.iter().map(|s| s.hiring.lower_bound).sum();
    let bound: u32 = p.states.iter().map(|s| s.hiring.hires_bound).sum();
    let t = p.timing();
    // The roster's files, as the CLI writes them (the outputs' share of the time).
    let out_dir = std::env::temp_dir().join(format!("almaplan-bench-roster-{case}-{}", std::process::id()));
    let clock = std::time::Instant::now();
    let empty = std::collections::BTreeMap::new();
    let figures = loaded.as_ref().map_or(&empty, |(l, _)| &l.figures);
    almaplan_formats::output::roster::RosterOutput { network: &network, plan: &p, figures, anonymise: false, scenario_name: case }
        .write_all(&out_dir)
        .unwrap();
    let outputs_s = clock.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&out_dir);
    let hiring_gap =
        if f.hires_needed == 0 { 0.0 } else { 100.0 * f64::from(f.hires_needed - bound.min(f.hires_needed)) / f64::from(f.hires_needed) };
    println!(
        "bench=roster case={case} units={} vars={vars} seconds={:.1} solve_seconds={:.1} roster_cpu_s={roster_cpu:.1} hiring_cpu_s={hiring_cpu:.1} peak_mb={:.0} coverage_pct={:.2} gap_pct={:.4} hires={} hires_greedy={greedy} hires_lower_bound={lower} hires_bound={bound} hiring_gap_pct={hiring_gap:.2} already_open={} physicians={} \
         split: load_s={load_s:.1} instance_s={:.1} build_cpu_s={:.1} lp_cpu_s={:.1} round_repair_cpu_s={:.1} mip_cpu_s={:.1} continuity_cpu_s={:.1} gaps_cpu_s={:.1} hiring_cpu_s={:.1} outputs_s={outputs_s:.1}",
        f.units_targeted,
        start.elapsed().as_secs_f64(),
        p.wall_seconds,
        peak_mb(),
        f.coverage_pct,
        f.gap_pct,
        f.hires_needed,
        f.units_already_open,
        network.physicians.len(),
        p.instance_seconds,
        t.build_s,
        t.lp_s,
        t.round_repair_s,
        t.mip_s,
        t.continuity_s,
        t.gaps_s,
        t.hiring_s,
    );
    // Teams (`nacional-equipos`): one more line, by role.
    if let Some(team) = &f.team {
        let roles: Vec<String> = team
            .roles
            .iter()
            .map(|r| {
                format!("{}:staff={},slots_missing={},hires={},hires_bound={}", r.role, r.staff, r.slots_missing, r.hires, r.hires_bound)
            })
            .collect();
        println!(
            "bench=roster case={case} teams open_with_team={} physicians_without_team={} roles={}",
            team.unit_days_open_with_team,
            team.unit_days_physicians_without_team,
            roles.join(";")
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if let Some(case) = args.first() {
        run_case(case);
        return;
    }
    let exe = std::env::current_exe().unwrap();
    for case in CASES {
        let status = Command::new(&exe).arg(case).status().unwrap();
        assert!(status.success(), "case {case} failed");
    }
}
