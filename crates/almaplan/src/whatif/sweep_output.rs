//! `almaplan sweep` outputs: `barrido.csv` (one row per combination: the swept parameters, then
//! each headline figure, with solver status and gap for solver-backed figures) and
//! `barrido.json` (the same, with each combination's full indicator records).

use std::path::Path;

use serde_json::json;

use crate::whatif::compare_output::number;
use crate::whatif::sweep::{Axis, Outcome};
use almaplan_core::error::Error;
use almaplan_formats::run_schema::IndicatorRecord;

/// One row per combination ([`SweepTable::header`], [`SweepTable::rows`]).
pub const CSV: &str = "barrido.csv";
/// The scenario, the swept keys and, per combination, its parameters, full indicator records and
/// error ([`SweepTable::write_json`]).
pub const JSON: &str = "barrido.json";

/// A sweep's results and what produced them.
pub struct SweepTable<'a> {
    /// The scenario's `name` (`escenario` in `barrido.json`).
    pub scenario_name: &'a str,
    /// The scenario file as given, or the embedded demo's name (`archivo_escenario`).
    pub scenario_file: &'a str,
    /// The swept parameters, in `--set` order: the parameter columns.
    pub axes: &'a [Axis],
    /// Every combination's result, in grid order: the rows.
    pub outcomes: &'a [Outcome],
}

/// An indicator column: its key and whether any combination reports a solver status for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorColumn {
    /// The indicator key (`roster.coverage_pct`), used as the column name.
    pub key: String,
    /// True when some combination recorded a solver status or gap for it: the column is then
    /// followed by `<key>.estado_solver` and `<key>.brecha_pct`.
    pub solver_backed: bool,
}

impl SweepTable<'_> {
    /// Indicator keys in order of first appearance over the combinations in grid order.
    pub fn indicator_columns(&self) -> Vec<IndicatorColumn> {
        let mut cols: Vec<IndicatorColumn> = Vec::new();
        for o in self.outcomes {
            for r in o.result.iter().flatten() {
                let backed = r.estado_solver.is_some() || r.brecha_pct.is_some();
                match cols.iter_mut().find(|c| c.key == r.clave) {
                    Some(c) => c.solver_backed |= backed,
                    None => cols.push(IndicatorColumn { key: r.clave.clone(), solver_backed: backed }),
                }
            }
        }
        cols
    }

    /// Columns of `barrido.csv`: `corrida` (the 1-based combination number), one per swept key,
    /// one per indicator (with its solver columns when [`IndicatorColumn::solver_backed`]), then
    /// `error`.
    pub fn header(&self) -> Vec<String> {
        let mut h = vec!["corrida".to_string()];
        h.extend(self.axes.iter().map(|a| a.key.clone()));
        for c in self.indicator_columns() {
            if c.solver_backed {
                h.extend([c.key.clone(), format!("{}.estado_solver", c.key), format!("{}.brecha_pct", c.key)]);
            } else {
                h.push(c.key);
            }
        }
        h.push("error".to_string());
        h
    }

    /// One row per combination under [`header`](Self::header): each swept value as written in
    /// a cell, numbers through [`number`], blank cells for figures a combination lacks, and the
    /// error message (lines joined by ` | `) when it failed.
    pub fn rows(&self) -> Vec<Vec<String>> {
        let cols = self.indicator_columns();
        self.outcomes
            .iter()
            .map(|o| {
                let mut row = vec![o.index.to_string()];
                row.extend(o.overrides.iter().map(|v| v.value_text()));
                let records: &[IndicatorRecord] = o.result.as_deref().unwrap_or(&[]);
                for c in &cols {
                    let r = records.iter().find(|r| r.clave == c.key);
                    row.push(r.and_then(|r| r.valor).map(number).unwrap_or_default());
                    if c.solver_backed {
                        row.push(r.and_then(|r| r.estado_solver.clone()).unwrap_or_default());
                        row.push(r.and_then(|r| r.brecha_pct).map(number).unwrap_or_default());
                    }
                }
                row.push(o.result.as_ref().err().map(|e| e.to_string().replace('\n', " | ")).unwrap_or_default());
                row
            })
            .collect()
    }

    /// Writes `barrido.csv` ([`header`](Self::header) and [`rows`](Self::rows)) to `path`.
    pub fn write_csv(&self, path: &Path) -> Result<(), Error> {
        let header = self.header();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        almaplan_formats::output::write_csv(path, &header, self.rows())
    }

    /// Writes `barrido.json` to `path`: `almaplan` (version), `escenario`, `archivo_escenario`,
    /// `parametros` (the swept keys) and `corridas`, each with its `corrida` number, `parametros`
    /// (key → value), `indicadores` (full records, empty on failure) and `error` (`null` or the
    /// message).
    pub fn write_json(&self, path: &Path) -> Result<(), Error> {
        let runs: Vec<serde_json::Value> = self
            .outcomes
            .iter()
            .map(|o| {
                let params: serde_json::Map<String, serde_json::Value> =
                    o.overrides.iter().map(|v| (v.key(), serde_json::to_value(&v.value).unwrap_or(serde_json::Value::Null))).collect();
                let (indicators, error) = match &o.result {
                    Ok(r) => (serde_json::to_value(r).unwrap_or_default(), serde_json::Value::Null),
                    Err(e) => (serde_json::Value::Array(Vec::new()), serde_json::Value::String(e.to_string())),
                };
                json!({ "corrida": o.index, "parametros": params, "indicadores": indicators, "error": error })
            })
            .collect();
        let value = json!({
            "almaplan": env!("CARGO_PKG_VERSION"),
            "escenario": self.scenario_name,
            "archivo_escenario": self.scenario_file,
            "parametros": self.axes.iter().map(|a| a.key.clone()).collect::<Vec<_>>(),
            "corridas": runs,
        });
        almaplan_formats::output::write_json(path, &value)
    }

    /// The table for the console, transposed (one line per figure, one column per combination)
    /// so that a few combinations of many figures stay readable; combinations are listed first.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for o in self.outcomes {
            let status = match &o.result {
                Ok(_) => String::new(),
                Err(e) => format!("  ERROR: {}", e.to_string().replace('\n', " | ")),
            };
            out.push_str(&format!("corrida {}: {}{status}\n", o.index, o.parameters()));
        }
        let mut header = vec!["indicador".to_string()];
        header.extend(self.outcomes.iter().map(|o| o.index.to_string()));
        let rows: Vec<Vec<String>> = self
            .indicator_columns()
            .iter()
            .map(|c| {
                let mut row = vec![c.key.clone()];
                row.extend(self.outcomes.iter().map(|o| {
                    let r = o.result.as_deref().unwrap_or(&[]).iter().find(|r| r.clave == c.key);
                    match r {
                        Some(IndicatorRecord { valor: Some(v), estado_solver: Some(s), .. }) if s == "TimeLimit" => {
                            format!("{}*", number(*v))
                        }
                        Some(IndicatorRecord { valor: Some(v), .. }) => number(*v),
                        _ => "-".to_string(),
                    }
                }));
                row
            })
            .collect();
        out.push_str(&aligned(&header, &rows));
        if rows.iter().any(|r| r.iter().any(|c| c.ends_with('*'))) {
            out.push_str("* el solver llegó a su límite de tiempo (ver brecha en barrido.csv)\n");
        }
        out
    }
}

/// Columns padded to their widest cell, first column left-aligned, the rest right-aligned.
fn aligned(header: &[String], rows: &[Vec<String>]) -> String {
    let width: Vec<usize> = (0..header.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([header[i].chars().count()]).max().unwrap_or(0))
        .collect();
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(&width)
            .enumerate()
            .map(|(i, (c, w))| if i == 0 { format!("{c:<w$}") } else { format!("{c:>w$}") })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = line(header);
    for r in rows {
        out.push('\n');
        out.push_str(&line(r));
    }
    out.push('\n');
    out
}
