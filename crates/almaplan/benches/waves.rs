//! Comando Alma-Ata wave calendar on the stage scenarios (real catalogue): time, makespan per
//! stage, lower bound and gap, with brigades per state and with a shared pool (stage 1 with
//! `brigade_pool = 20`, two brigades at home in Sonora and one in Nayarit). Run with
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
}
