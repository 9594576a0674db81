//! Two runs side by side: the headline figures with their differences, and the elements (units,
//! localities, states) whose status changed.

use std::collections::BTreeMap;

use almaplan_formats::run_schema::{Direction, ElementStatus, IndicatorRecord, RunIndicators};

/// Whether B is better than A on one figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// B moved the figure in its better direction (`mejor`, green in the HTML).
    Better,
    /// B moved the figure against its better direction (`peor`, red in the HTML).
    Worse,
    /// A and B are equal: |B − A| ≤ 1e-9 × max(|A|, |B|, 1) (`igual`).
    Same,
    /// No direction is better, or a value is missing.
    NotRanked,
}

impl Verdict {
    /// Spanish label used in files and as the HTML class.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Better => "mejor",
            Verdict::Worse => "peor",
            Verdict::Same => "igual",
            Verdict::NotRanked => "",
        }
    }
}

/// One headline figure in both runs.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorDiff {
    /// Stable key the runs are matched on (`roster.coverage_pct`); column `clave` of
    /// `comparacion.csv`.
    pub clave: String,
    /// Spanish label, from A when A has the figure, else from B; column `indicador`.
    pub etiqueta: String,
    /// Unit of both values and of `difference` (`%`, `min`, …); column `unidad`.
    pub unidad: String,
    /// Which way the figure improves, from A or else B; `None` leaves it unranked.
    pub mejor: Option<Direction>,
    /// The figure as run A recorded it; `None` when A does not have this key.
    pub a: Option<IndicatorRecord>,
    /// The figure as run B recorded it; `None` when B does not have this key.
    pub b: Option<IndicatorRecord>,
    /// B − A when both have a value.
    pub difference: Option<f64>,
    /// (B − A) / |A| × 100 when A is non-zero.
    pub percent: Option<f64>,
    /// Whether B is better; its [`Verdict::label`] is column `resultado` and the cell's HTML class.
    pub verdict: Verdict,
}

/// One element whose status differs (or that exists in only one run).
#[derive(Debug, Clone, PartialEq)]
pub struct StatusChange {
    /// Element kind code from `estado_elementos.csv` (`unidad_fin_de_semana`, `localidad_umm`, …).
    pub tipo: String,
    /// CLUES, CVEGEO or state code; with `tipo`, the key the runs are matched on.
    pub clave: String,
    /// INEGI state code, from B when B has the element, else from A.
    pub entidad: String,
    /// Status in A (`cubierta`, `tarde`, a zone name, …). `None`: the element is not in that run.
    pub estado_a: Option<String>,
    /// Status in B; `None`: the element is not in run B.
    pub estado_b: Option<String>,
    /// The number behind the status in A (coverage %, minutes, field days, population), if any.
    pub valor_a: Option<f64>,
    /// The number behind the status in B, if any.
    pub valor_b: Option<f64>,
}

/// Counts per element type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeCounts {
    /// Elements of this `tipo` in run A.
    pub in_a: usize,
    /// Elements of this `tipo` in run B.
    pub in_b: usize,
    /// Elements whose status differs or that exist in only one run (rows of `cambios.csv`).
    pub changed: usize,
}

/// Everything `almaplan compare` reports about run A against run B, built by [`compare`] and
/// written by [`crate::whatif::compare_output::write_all`].
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Run A's `indicadores.json` (its scenario, file, seed and version head the HTML).
    pub a: RunIndicators,
    /// Run B's `indicadores.json`.
    pub b: RunIndicators,
    /// One row per indicator key: A's order, then the keys only B has (rows of `comparacion.csv`).
    pub indicators: Vec<IndicatorDiff>,
    /// Sorted by (tipo, clave).
    pub changes: Vec<StatusChange>,
    /// Element counts per `tipo`, for the summary table of the HTML.
    pub by_type: BTreeMap<String, TypeCounts>,
    /// (tipo, estado A, estado B) → elements; a missing side is `ausente`.
    pub transitions: BTreeMap<(String, String, String), usize>,
    /// Scenario parameters that differ (key, A, B; `None` when absent), when both runs recorded
    /// them.
    pub parameters: Option<Vec<ParameterDifference>>,
}

/// A scenario parameter that differs: its key and its values in A and B (`None` when absent).
pub type ParameterDifference = (String, Option<String>, Option<String>);

/// The parameters whose values differ between two runs (a missing side is `None`).
pub fn parameter_differences(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> Vec<(String, Option<String>, Option<String>)> {
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter().filter(|k| a.get(*k) != b.get(*k)).map(|k| (k.clone(), a.get(k).cloned(), b.get(k).cloned())).collect()
}

/// Label of a missing side in transitions.
pub const ABSENT: &str = "ausente";

/// Differences smaller than this share of the larger magnitude (or absolute, below 1) are equal.
const EQUAL_TOLERANCE: f64 = 1e-9;

/// Compares run A with run B (B − A): indicators in A's order, then those only B has.
pub fn compare(a: RunIndicators, elements_a: &[ElementStatus], b: RunIndicators, elements_b: &[ElementStatus]) -> Comparison {
    let b_by_key: BTreeMap<&str, &IndicatorRecord> = b.indicadores.iter().map(|i| (i.clave.as_str(), i)).collect();
    let a_keys: std::collections::BTreeSet<&str> = a.indicadores.iter().map(|i| i.clave.as_str()).collect();
    let mut indicators: Vec<IndicatorDiff> =
        a.indicadores.iter().map(|ia| diff(Some(ia), b_by_key.get(ia.clave.as_str()).copied())).collect();
    indicators.extend(b.indicadores.iter().filter(|ib| !a_keys.contains(ib.clave.as_str())).map(|ib| diff(None, Some(ib))));

    let key = |e: &ElementStatus| (e.tipo.clone(), e.clave.clone());
    let map_a: BTreeMap<(String, String), &ElementStatus> = elements_a.iter().map(|e| (key(e), e)).collect();
    let map_b: BTreeMap<(String, String), &ElementStatus> = elements_b.iter().map(|e| (key(e), e)).collect();
    let mut by_type: BTreeMap<String, TypeCounts> = BTreeMap::new();
    for e in elements_a {
        by_type.entry(e.tipo.clone()).or_default().in_a += 1;
    }
    for e in elements_b {
        by_type.entry(e.tipo.clone()).or_default().in_b += 1;
    }
    let mut all_keys: Vec<&(String, String)> = map_a.keys().chain(map_b.keys()).collect();
    all_keys.sort();
    all_keys.dedup();
    let mut changes = Vec::new();
    let mut transitions: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    for k in all_keys {
        let (ea, eb) = (map_a.get(k).copied(), map_b.get(k).copied());
        if let (Some(x), Some(y)) = (ea, eb) {
            if x.estado == y.estado {
                continue;
            }
        }
        let entidad = eb.or(ea).map(|e| e.entidad.clone()).unwrap_or_default();
        let change = StatusChange {
            tipo: k.0.clone(),
            clave: k.1.clone(),
            entidad,
            estado_a: ea.map(|e| e.estado.clone()),
            estado_b: eb.map(|e| e.estado.clone()),
            valor_a: ea.and_then(|e| e.valor),
            valor_b: eb.and_then(|e| e.valor),
        };
        by_type.entry(k.0.clone()).or_default().changed += 1;
        let side = |s: &Option<String>| s.clone().unwrap_or_else(|| ABSENT.to_string());
        *transitions.entry((k.0.clone(), side(&change.estado_a), side(&change.estado_b))).or_default() += 1;
        changes.push(change);
    }
    Comparison { a, b, indicators, changes, by_type, transitions, parameters: None }
}

fn diff(a: Option<&IndicatorRecord>, b: Option<&IndicatorRecord>) -> IndicatorDiff {
    let any = a.or(b).expect("one side exists");
    let (va, vb) = (a.and_then(|i| i.valor), b.and_then(|i| i.valor));
    let difference = va.zip(vb).map(|(x, y)| y - x);
    let percent = va.zip(difference).filter(|(x, _)| *x != 0.0).map(|(x, d)| d / x.abs() * 100.0);
    let mejor = a.and_then(|i| i.mejor).or(b.and_then(|i| i.mejor));
    let verdict = match (difference, mejor) {
        (Some(d), _) if d.abs() <= EQUAL_TOLERANCE * va.unwrap_or(0.0).abs().max(vb.unwrap_or(0.0).abs()).max(1.0) => Verdict::Same,
        (Some(d), Some(Direction::Higher)) => {
            if d > 0.0 {
                Verdict::Better
            } else {
                Verdict::Worse
            }
        }
        (Some(d), Some(Direction::Lower)) => {
            if d < 0.0 {
                Verdict::Better
            } else {
                Verdict::Worse
            }
        }
        _ => Verdict::NotRanked,
    };
    IndicatorDiff {
        clave: any.clave.clone(),
        etiqueta: any.etiqueta.clone(),
        unidad: any.unidad.clone(),
        mejor,
        a: a.cloned(),
        b: b.cloned(),
        difference,
        percent,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(values: &[(&str, Option<f64>, Option<Direction>)]) -> RunIndicators {
        RunIndicators {
            almaplan: "0".into(),
            escenario: "x".into(),
            archivo_escenario: "x.toml".into(),
            semilla: 1,
            indicadores: values
                .iter()
                .map(|(k, v, m)| IndicatorRecord {
                    clave: k.to_string(),
                    etiqueta: k.to_string(),
                    etiqueta_en: None,
                    valor: *v,
                    texto: None,
                    unidad: "%".into(),
                    mejor: *m,
                    estado_solver: None,
                    brecha_pct: None,
                })
                .collect(),
        }
    }

    fn el(tipo: &str, clave: &str, estado: &str) -> ElementStatus {
        ElementStatus { tipo: tipo.into(), clave: clave.into(), entidad: "13".into(), estado: estado.into(), valor: None }
    }

    #[test]
    fn differences_follow_the_better_direction() {
        use Direction::*;
        let a = run(&[
            ("cov", Some(50.0), Some(Higher)),
            ("hires", Some(10.0), Some(Lower)),
            ("late", Some(3.0), Some(Lower)),
            ("n", Some(0.0), None),
            ("gone", Some(1.0), None),
        ]);
        let b = run(&[
            ("new", Some(2.0), None),
            ("cov", Some(60.0), Some(Higher)),
            ("hires", Some(12.0), Some(Lower)),
            ("late", Some(3.0), Some(Lower)),
            ("n", Some(5.0), None),
        ]);
        let c = compare(a, &[], b, &[]);
        let keys: Vec<&str> = c.indicators.iter().map(|d| d.clave.as_str()).collect();
        assert_eq!(keys, ["cov", "hires", "late", "n", "gone", "new"]);
        let v: Vec<Verdict> = c.indicators.iter().map(|d| d.verdict).collect();
        assert_eq!(v, [Verdict::Better, Verdict::Worse, Verdict::Same, Verdict::NotRanked, Verdict::NotRanked, Verdict::NotRanked]);
        assert_eq!(c.indicators[0].difference, Some(10.0));
        assert_eq!(c.indicators[0].percent, Some(20.0));
        assert_eq!(c.indicators[3].percent, None, "no percentage of a zero base");
        assert_eq!(c.indicators[4].difference, None);
    }

    #[test]
    fn status_changes_and_transitions() {
        let a = [
            el("u", "A", "cubierta"),
            el("u", "B", "parcial"),
            el("u", "C", "sin_cobertura"),
            el("e", "13", "a_tiempo"),
            el("u", "D", "cubierta"),
        ];
        let b =
            [el("u", "A", "cubierta"), el("u", "B", "cubierta"), el("u", "C", "cubierta"), el("e", "13", "tarde"), el("u", "E", "parcial")];
        let c = compare(run(&[]), &a, run(&[]), &b);
        let keys: Vec<(&str, &str)> = c.changes.iter().map(|x| (x.tipo.as_str(), x.clave.as_str())).collect();
        assert_eq!(keys, [("e", "13"), ("u", "B"), ("u", "C"), ("u", "D"), ("u", "E")]);
        assert_eq!(c.by_type["u"], TypeCounts { in_a: 4, in_b: 4, changed: 4 });
        assert_eq!(c.transitions[&("u".into(), "parcial".into(), "cubierta".into())], 1);
        assert_eq!(c.transitions[&("u".into(), "cubierta".into(), ABSENT.into())], 1);
        assert_eq!(c.transitions[&("u".into(), ABSENT.into(), "parcial".into())], 1);
        assert_eq!(c.changes[3].estado_b, None);
    }

    #[test]
    fn parameter_differences_list_changed_added_and_removed_keys() {
        let a: BTreeMap<String, String> =
            [("r.m", "60.0"), ("r.x", "1"), ("only_a", "2")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let b: BTreeMap<String, String> =
            [("r.m", "90.0"), ("r.x", "1"), ("only_b", "3")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let d = parameter_differences(&a, &b);
        let keys: Vec<&str> = d.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(keys, ["only_a", "only_b", "r.m"]);
        assert_eq!(d[2], ("r.m".to_string(), Some("60.0".to_string()), Some("90.0".to_string())));
    }
}
