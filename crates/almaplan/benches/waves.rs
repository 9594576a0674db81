//! Comando Alma-Ata wave calendar on the stage scenarios (real catalogue): time, makespan per
//! stage, lower bound and gap, with brigades per state and with a shared pool (stage 1 with
//! `brigade_pool = 20`, two brigades at home in Sonora and one in Nayarit), and stages 1 and 2 with
//! brigades from the published zonal supervision teams (`team_share = 1.0`: one brigade per team),
//! with people-days by role and the teams the deadline needs, the zoning's own wall time and every
//! state's zoning evidence (`bench=zones` lines; `zones_at_limit` names the states stopped by a
//! limit, with their gap). Run with
//! `ALMAPLAN_DATA=… cargo bench --bench waves`.

use std::path::Path;
use std::time::Instant;

use almaplan_formats::scenario::LoadedScenario;

fn main() {
    if std::env::var_os("ALMAPLAN_DATA").is_none() {
        println!("# ALMAPLAN_DATA not set: waves benchmark skipped");
        return;
    }
    let pool_variant = |mut s: LoadedScenario| {
        let w = s.scenario.waves.get_or_insert_with(Default::default);
        w.brigade_pool = Some(20);
        w.brigade_homes = [("26".to_string(), 2), ("18".to_string(), 1)].into();
        s
    };
    let runs: [(&str, bool); 3] = [
        (concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/comando-etapa1.toml"), false),
        (concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/comando-etapa1.toml"), true),
        (concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/comando-etapa2.toml"), false),
    ];
    for (file, pool) in runs {
        let mut s = LoadedScenario::from_file(Path::new(file)).expect("scenario");
        if pool {
            s = pool_variant(s);
        }
        let start = Instant::now();
        let run = almaplan::pipeline::waves(&s, &Default::default(), &almaplan_core::progress::Silent).expect("plan");
        let seconds = start.elapsed().as_secs_f64();
        let brigades = match &run.waves.pool {
            Some(p) => format!("brigade_pool={} transfers={} transfer_minutes={:.0}", p.size, p.transfers, p.transfer_minutes),
            None => format!("brigades_per_state={}", run.waves.brigades_per_state),
        };
        for st in &run.waves.stages {
            println!(
                "bench=waves scenario={file} stage={} states={} units={} makespan_days={} lower_bound_days={} gap_pct={:.2} units_after_deadline={} {brigades} brigades_needed_for_deadline={} seconds={seconds:.2}",
                st.stage,
                st.states.len(),
                run.waves.units_scheduled(),
                st.makespan_days,
                st.lower_bound_days,
                st.gap_pct,
                run.waves.units_after_deadline(),
                run.waves.brigades_needed.map(|b| b.to_string()).unwrap_or_else(|| "none".into()),
            );
        }
    }
    // Brigades from the published zonal supervision teams.
    for file in [
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/comando-etapa1.toml"),
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/comando-etapa2.toml"),
    ] {
        let mut s = LoadedScenario::from_file(Path::new(file)).expect("scenario");
        s.scenario.waves.get_or_insert_with(Default::default).team_share = Some(1.0);
        let composition = s.scenario.waves.as_ref().expect("waves").composition.clone();
        let start = Instant::now();
        let run = almaplan::pipeline::waves(&s, &Default::default(), &almaplan_core::progress::Silent).expect("plan");
        let seconds = start.elapsed().as_secs_f64();
        // The waves planner alone (calendar, Pacto meetings and the team search) on the same zones:
        // `seconds` also counts loading the data and zoning.
        let waves_seconds = {
            use almaplan_core::planners::waves;
            let l = &run.loaded;
            let params = s.scenario.waves.clone().unwrap_or_default();
            let context = waves::WavesContext {
                stage_of: almaplan::pipeline::stage_by_state(&l.figures),
                weekend_gap: waves::priority::weekend_gaps(&l.figures, &params),
                teams: l.figures.iter().filter_map(|(&s, f)| f.zonal_supervision_teams.map(|t| (s, t))).collect(),
                ..Default::default()
            };
            let states: Vec<u8> = run.zones.states.iter().map(|z| z.state).collect();
            let advance = waves::Advance::default();
            let request = waves::WavesRequest {
                units: &l.network.units,
                zones: &run.zones,
                travel: &l.travel,
                calendar: &l.calendar,
                params: &params,
                context: &context,
                brigades: waves::supply::brigades(&params, &l.figures, &states),
                advance: &advance,
                solver: &s.scenario.solver,
            };
            let t = Instant::now();
            let again = waves::plan(&request, &almaplan_core::progress::Silent).expect("plan");
            assert_eq!(
                again.stages.iter().map(|s| s.makespan_days).sum::<usize>(),
                run.waves.stages.iter().map(|s| s.makespan_days).sum::<usize>()
            );
            t.elapsed().as_secs_f64()
        };
        // Zoning alone, again on the loaded data: its own wall time, and the same zones.
        let (zones_seconds, zones_limited) = {
            let input = almaplan::pipeline::zones_input(&s, &run.loaded).expect("zones input");
            let t = Instant::now();
            let again = almaplan::pipeline::plan_zones(&s, &run.loaded, &input, &almaplan_core::progress::Silent).expect("zones");
            let zs = t.elapsed().as_secs_f64();
            assert_eq!(again.assignments, run.zones.assignments, "zoning is deterministic");
            for z in &run.zones.states {
                if let Some(r) = &z.report {
                    println!(
                        "bench=zones scenario={file} state={:02} units={} p={} status={:?} objective={:.1} bound={:.1} gap_pct={:.3} seconds={:.2}",
                        z.state,
                        z.units,
                        z.zones,
                        r.status,
                        r.objective,
                        r.bound,
                        100.0 * r.gap,
                        r.seconds
                    );
                }
            }
            let limited: Vec<String> = run
                .zones
                .states
                .iter()
                .filter_map(|z| {
                    z.report
                        .as_ref()
                        .filter(|r| r.status == almaplan_core::lp::SolveStatus::TimeLimit)
                        .map(|r| format!("{:02}:{:.3}%", z.state, 100.0 * r.gap))
                })
                .collect();
            (zs, if limited.is_empty() { "none".to_string() } else { limited.join(",") })
        };
        let plan = &run.waves;
        let supply = plan.supply.as_ref().expect("a supply");
        let people_days: String = almaplan_core::planners::waves::supply::people_days(plan, &composition)
            .iter()
            .map(|(r, d)| format!("people_days_{r}={d:.0}"))
            .collect::<Vec<_>>()
            .join(" ");
        let teams: u32 = supply.states.iter().filter_map(|s| s.teams).sum();
        let fielded: u32 = supply.states.iter().map(|s| s.fielded).sum();
        let borrowed: u32 = supply.loans.iter().map(|l| l.brigades).sum();
        for st in &plan.stages {
            println!(
                "bench=waves_teams scenario={file} stage={} states={} units={} makespan_days={} lower_bound_days={} gap_pct={:.2} units_after_deadline={} published_teams={teams} brigades_fielded={fielded} {people_days} teams_needed_for_deadline={} borrowed={borrowed} on_time_with_needed={} plans_tried={} zones_at_limit={zones_limited} zones_seconds={zones_seconds:.2} waves_seconds={waves_seconds:.2} seconds={seconds:.2}",
                st.stage,
                st.states.len(),
                plan.units_scheduled(),
                st.makespan_days,
                st.lower_bound_days,
                st.gap_pct,
                plan.units_after_deadline(),
                supply.needed_total(),
                supply.on_time_with_needed,
                supply.plans_tried,
            );
        }
    }
}
