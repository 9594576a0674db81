//! Comando Alma-Ata wave calendar on the stage scenarios (real catalogue): time, makespan per
//! stage, lower bound and gap. Run with `ALMAPLAN_DATA=… cargo bench --bench waves`.

use std::path::Path;
use std::time::Instant;

use almaplan::scenario::LoadedScenario;

fn main() {
    if std::env::var_os("ALMAPLAN_DATA").is_none() {
        println!("# ALMAPLAN_DATA not set: waves benchmark skipped");
        return;
    }
    for file in ["scenarios/comando-etapa1.toml", "scenarios/comando-etapa2.toml"] {
        let s = LoadedScenario::from_file(Path::new(file)).expect("scenario");
        let start = Instant::now();
        let run = almaplan::pipeline::waves(&s, &Default::default()).expect("plan");
        let seconds = start.elapsed().as_secs_f64();
        for st in &run.waves.stages {
            println!(
                "bench=waves scenario={file} stage={} states={} units={} makespan_days={} lower_bound_days={} gap_pct={:.2} units_after_deadline={} brigades_per_state={} brigades_needed={} seconds={seconds:.2}",
                st.stage,
                st.states.len(),
                run.waves.units_scheduled(),
                st.makespan_days,
                st.lower_bound_days,
                st.gap_pct,
                run.waves.units_after_deadline(),
                run.waves.brigades_per_state,
                run.brigades_needed.map(|b| b.to_string()).unwrap_or_else(|| "none".into()),
            );
        }
    }
}
