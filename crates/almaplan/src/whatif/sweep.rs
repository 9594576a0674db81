//! Parameter sweeps: the Cartesian grid of `--set key=v1,v2,…` lists, run in parallel, one row of
//! headline figures per combination.

use std::time::Instant;

use rayon::prelude::*;

use crate::report::Lang;
use almaplan_core::error::Error;
use almaplan_formats::run_schema::IndicatorRecord;
use almaplan_formats::scenario::{LoadedScenario, Override};

/// One swept parameter and its values, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The dotted scenario key (`roster.max_travel_minutes`); a column of `barrido.csv`.
    pub key: String,
    /// One override of `key` per listed value, in the order given on the command line.
    pub values: Vec<Override>,
}

/// Parses `--set key=v1,v2,…` arguments; a key given twice is an error.
pub fn axes(sets: &[String]) -> Result<Vec<Axis>, String> {
    let mut out: Vec<Axis> = Vec::new();
    for text in sets {
        let values = Override::parse_list(text)?;
        let key = values[0].key();
        if out.iter().any(|a| a.key == key) {
            return Err(format!("--fijar {key} aparece dos veces; liste todos los valores en un solo --fijar {key}=v1,v2"));
        }
        out.push(Axis { key, values });
    }
    Ok(out)
}

/// Every combination, the first axis varying slowest (as nested loops written in that order).
pub fn combinations(axes: &[Axis]) -> Vec<Vec<Override>> {
    let mut out: Vec<Vec<Override>> = vec![Vec::new()];
    for axis in axes {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                axis.values.iter().map(move |v| {
                    let mut c = prefix.clone();
                    c.push(v.clone());
                    c
                })
            })
            .collect();
    }
    out
}

/// Name of the folder of combination `index` (1-based) among `count`: `corrida_01`.
pub fn run_dir_name(index: usize, count: usize) -> String {
    let width = count.to_string().len().max(2);
    format!("corrida_{index:0width$}")
}

/// What one combination produced.
#[derive(Debug)]
pub struct Outcome {
    /// 1-based, in grid order.
    pub index: usize,
    /// The combination: one override per axis, in axis order (the parameter columns of its row).
    pub overrides: Vec<Override>,
    /// The headline figures the combination produced, or why it failed (the `error` column).
    pub result: Result<Vec<IndicatorRecord>, Error>,
    /// Wall-clock seconds (printed, never written to files, so outputs stay byte-identical).
    pub seconds: f64,
}

impl Outcome {
    /// `roster.max_travel_minutes=45, waves.brigades_per_state=2`.
    pub fn parameters(&self) -> String {
        self.overrides.iter().map(|o| o.text.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// Runs `run(index, overrides)` for every combination on at most `parallel` threads. Every
/// combination runs even when others fail; results come back in grid order.
pub fn run<F>(combos: Vec<Vec<Override>>, parallel: usize, run: F) -> Result<Vec<Outcome>, Error>
where
    F: Fn(usize, &[Override]) -> Result<Vec<IndicatorRecord>, Error> + Sync,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(parallel.max(1))
        .build()
        .map_err(|e| Error::Solver { model: "sweep".into(), message: format!("no se pueden iniciar {parallel} hilos: {e}") })?;
    Ok(pool.install(|| {
        combos
            .into_par_iter()
            .enumerate()
            .map(|(i, overrides)| {
                let started = Instant::now();
                let result = run(i + 1, &overrides);
                Outcome { index: i + 1, overrides, result, seconds: started.elapsed().as_secs_f64() }
            })
            .collect()
    }))
}

/// Plans one combination: the scenario (the embedded demo when `path` is `None`) with its
/// overrides, every planner it enables, and, when `save` names a folder, all of `run`'s outputs
/// there. Returns the headline figures.
pub fn plan_combination(
    path: Option<&std::path::Path>,
    overrides: &[Override],
    save: Option<&std::path::Path>,
    lang: Lang,
    progress: &dyn almaplan_core::progress::Progress,
) -> Result<Vec<IndicatorRecord>, Error> {
    let s = LoadedScenario::open(path, overrides)?;
    let results = crate::pipeline::run_all(&s, &Default::default(), progress)?;
    if let Some(dir) = save {
        crate::run_output::write_run(&s, &results, dir, lang)?;
    }
    Ok(crate::headline::headline(&results).iter().map(crate::headline::Indicator::record).collect())
}

/// One error for the failed combinations (`None` when all succeeded), naming each one's
/// parameters. A solver failure anywhere makes it a solver error (exit 2); otherwise it is a
/// scenario error (exit 1).
pub fn failures(outcomes: &[Outcome], scenario: &str) -> Option<Error> {
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| o.result.is_err()).collect();
    if failed.is_empty() {
        return None;
    }
    let lines: Vec<String> =
        failed.iter().map(|o| format!("corrida {} ({}): {}", o.index, o.parameters(), o.result.as_ref().expect_err("failed"))).collect();
    let message = format!("{} de {} combinaciones fallaron:\n{}", failed.len(), outcomes.len(), lines.join("\n"));
    let solver = failed.iter().any(|o| matches!(o.result, Err(Error::Solver { .. } | Error::SolverTimeLimit { .. })));
    Some(if solver { Error::Solver { model: "sweep".into(), message } } else { Error::Scenario { path: scenario.to_string(), message } })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_is_cartesian_with_the_first_axis_slowest() {
        let a = axes(&["roster.max_travel_minutes=45,60,90".into(), "waves.brigades_per_state=1,2".into()]).unwrap();
        let c = combinations(&a);
        let texts: Vec<String> = c.iter().map(|o| o.iter().map(|x| x.value_text()).collect::<Vec<_>>().join("/")).collect();
        assert_eq!(texts, ["45/1", "45/2", "60/1", "60/2", "90/1", "90/2"]);
        assert_eq!(combinations(&[]), vec![Vec::<Override>::new()], "no --set: the scenario itself");
        assert!(axes(&["a.b=1".into(), "a.b=2".into()]).unwrap_err().contains("dos veces"));
        assert_eq!(run_dir_name(3, 6), "corrida_03");
        assert_eq!(run_dir_name(7, 120), "corrida_007");
    }

    #[test]
    fn every_combination_runs_in_order_and_failures_name_their_parameters() {
        let a = axes(&["roster.max_travel_minutes=45,60,90,120".into()]).unwrap();
        let out = run(combinations(&a), 3, |i, o| {
            if o[0].value_text() == "60" {
                return Err(Error::Scenario { path: "x".into(), message: "boom".into() });
            }
            Ok(vec![IndicatorRecord {
                clave: "k".into(),
                etiqueta: "k".into(),
                etiqueta_en: None,
                valor: Some(i as f64),
                texto: None,
                unidad: "".into(),
                mejor: None,
                estado_solver: None,
                brecha_pct: None,
            }])
        })
        .unwrap();
        let idx: Vec<usize> = out.iter().map(|o| o.index).collect();
        assert_eq!(idx, [1, 2, 3, 4]);
        assert_eq!(out[3].result.as_ref().unwrap()[0].valor, Some(4.0));
        let e = failures(&out, "s.toml").unwrap();
        assert_eq!(e.exit_code(), 1);
        let msg = e.to_string();
        assert!(
            msg.contains("1 de 4 combinaciones fallaron") && msg.contains("corrida 2 (roster.max_travel_minutes=60): escenario x: boom"),
            "{msg}"
        );
    }
}
