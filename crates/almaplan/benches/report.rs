//! Size and generation time of `reporte.html`, from the demo up to a synthetic network of 80,000
//! units (the scale where a per-unit DOM element would make the page slow; the maps draw one SVG
//! path per colour class instead). The planners' time is printed apart from the report's.
//! `cargo bench --bench report [-- CASE…]`; cases: demo, syn20k, syn80k, and with `ALMAPLAN_DATA`
//! hidalgo and nacional.

use std::path::Path;
use std::time::Instant;

use almaplan::gaps::gap_rows;
use almaplan::headline::headline;
use almaplan::pipeline::run_all;
use almaplan::report::{self, Lang};
use almaplan_formats::scenario::{self, LoadedScenario};

/// The demo's policy over `units` synthetic units in 23 states, on one weekend, with the roster,
/// zones and mobile-unit planners (the Comando calendar is benchmarked in `benches/waves.rs`).
fn synthetic(units: u32) -> LoadedScenario {
    let overrides: Vec<scenario::Override> = [
        format!("data.synthetic.units={units}"),
        "data.synthetic.states=23".into(),
        "calendar.end=2027-01-03".into(),
        "waves.enabled=false".into(),
        // State models of ~3,500 targets need more than the demo's 20 s on a shared machine.
        "solver.time_limit_s=900".into(),
    ]
    .iter()
    .map(|o| scenario::Override::parse(o).expect("override"))
    .collect();
    LoadedScenario::demo_with(&overrides).expect("the synthetic scenario is valid")
}

fn main() {
    let wanted: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let data = std::env::var_os("ALMAPLAN_DATA").is_some();
    type Case = (&'static str, Box<dyn Fn() -> LoadedScenario>);
    let mut cases: Vec<Case> = vec![
        ("demo", Box::new(LoadedScenario::demo)),
        ("syn20k", Box::new(|| synthetic(20_000))),
        ("syn80k", Box::new(|| synthetic(80_000))),
    ];
    if data {
        cases.push((
            "hidalgo",
            Box::new(|| {
                LoadedScenario::from_file(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/hidalgo.toml")))
                    .expect("scenario")
            }),
        ));
        cases.push((
            "nacional",
            Box::new(|| {
                LoadedScenario::from_file(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/nacional.toml")))
                    .expect("scenario")
            }),
        ));
    }
    let default_cases = ["demo", "syn20k", "syn80k", "hidalgo"];
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, make) in cases {
        let chosen = if wanted.is_empty() { default_cases.contains(&name) } else { wanted.iter().any(|w| w == name) };
        if !chosen {
            continue;
        }
        let s = make();
        let clock = Instant::now();
        let r = run_all(&s, &Default::default(), &almaplan_core::progress::Silent).expect("run");
        let planners_s = clock.elapsed().as_secs_f64();
        let clock = Instant::now();
        let indicators = headline(&r);
        let gaps = gap_rows(&r);
        let path = dir.path().join(format!("{name}.html"));
        report::write_report(&path, &s, &r, &indicators, &gaps, Lang::Es).expect("report");
        let report_s = clock.elapsed().as_secs_f64();
        let bytes = std::fs::metadata(&path).expect("written").len();
        let html = std::fs::read_to_string(&path).expect("utf-8");
        let elements = html.matches('<').count() - html.matches("</").count();
        println!(
            "bench=report case={name} units={} gaps={} report_bytes={bytes} report_mb={:.2} elements={elements} report_seconds={report_s:.3} planners_seconds={planners_s:.1}",
            r.loaded.network.units.len(),
            gaps.len(),
            bytes as f64 / 1e6,
        );
    }
}
