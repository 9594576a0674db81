//! The run-output schema, defined once: what `almaplan run` writes and `almaplan compare` and
//! `almaplan sweep` read back. The file names of a run folder, the headline figures
//! (`indicadores.json`: [`RunIndicators`], written by [`write_indicators`] and read by
//! [`read_indicators`]) and the status of every unit, locality and state
//! (`estado_elementos.csv`: [`ELEMENT_COLUMNS`] and [`ElementKind`], read by
//! [`read_element_status`]).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::input::table::{Col, Table};
use almaplan_core::error::{Diagnostics, Error, Location, Severity};

/// The headline figures of a run ([`RunIndicators`]).
pub const INDICATORS_FILE: &str = "indicadores.json";
/// The status of every unit, locality and state of a run ([`ELEMENT_COLUMNS`]).
pub const ELEMENTS_FILE: &str = "estado_elementos.csv";
/// The run's description; its `parametros` is the scenario as planned (after `extends` and `--fijar`).
pub const RUN_FILE: &str = "ejecucion.json";
/// Every gap any planner left, one table (`tipo, entidad, zona, clues_o_cvegeo, …`).
pub const GAPS_FILE: &str = "brechas.csv";
/// The self-contained HTML report.
pub const REPORT_FILE: &str = "reporte.html";

/// Columns of `estado_elementos.csv`, in order.
pub const ELEMENT_COLUMNS: [&str; 5] = ["tipo", "clave", "entidad", "estado", "valor"];

/// The kinds of element `estado_elementos.csv` follows (its `tipo` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ElementKind {
    /// A weekend target unit: `cubierta`, `parcial`, `sin_cobertura`; valor = % of days covered.
    WeekendUnit,
    /// A unit's medical service zone: estado = the zone; valor = minutes to its sede.
    ZoneUnit,
    /// A state of the Comando Alma-Ata calendar: `a_tiempo` or `tarde`; valor = field days.
    WavesState,
    /// A unit visited by the brigades: `a_tiempo` or `tarde` (against the deadline).
    WavesUnit,
    /// A locality mobile units should visit: `cubierta`, `sin_cobertura_dias_llenos`,
    /// `sin_cobertura_fuera_de_alcance`; valor = population.
    UmmLocality,
    /// A unit zonal supervision teams visit every month: estado = its team (`SUP-13-001`), or
    /// the reason it has no monthly visit (`fuera_de_alcance_del_dia`, `equipo_sin_capacidad`,
    /// `zona_sin_equipo`); valor = one-way minutes from the team's base.
    SupervisionUnit,
}

impl ElementKind {
    /// The `tipo` code written in the file.
    pub fn code(self) -> &'static str {
        match self {
            ElementKind::WeekendUnit => "unidad_fin_de_semana",
            ElementKind::ZoneUnit => "unidad_zona",
            ElementKind::WavesState => "entidad_oleadas",
            ElementKind::WavesUnit => "unidad_oleadas",
            ElementKind::UmmLocality => "localidad_umm",
            ElementKind::SupervisionUnit => "unidad_supervision",
        }
    }
}

/// `indicadores.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunIndicators {
    /// Version of almaplan that wrote the file.
    pub almaplan: String,
    /// The scenario's `name`.
    pub escenario: String,
    /// The scenario file as given, or the embedded demo's name.
    pub archivo_escenario: String,
    /// The scenario's `seed`.
    pub semilla: u64,
    /// The figures, each key once.
    pub indicadores: Vec<IndicatorRecord>,
}

/// One headline figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRecord {
    /// Stable key, `planner.figure` (`roster.coverage_pct`): what `compare` matches runs on.
    pub clave: String,
    /// Spanish label for tables and the report.
    pub etiqueta: String,
    /// English label, when there is one.
    #[serde(default)]
    pub etiqueta_en: Option<String>,
    /// The value in `unidad`; `null` when the planner did not run or the figure is undefined.
    pub valor: Option<f64>,
    /// Shown instead of the number when set (a date, "no alcanzable…").
    #[serde(default)]
    pub texto: Option<String>,
    /// Unit of `valor` as printed: `%`, `min`, `zonas`, `brigadas`, …
    pub unidad: String,
    /// `mayor` when higher is better, `menor` when lower is, `null` when neither.
    pub mejor: Option<Direction>,
    /// Solver status of the model behind the figure (`Optimal`, `GapLimit` or `TimeLimit`), when
    /// one was solved.
    pub estado_solver: Option<String>,
    /// Relative optimality gap of that model, in percent, when the solver reported a bound.
    pub brecha_pct: Option<f64>,
}

/// Which way an indicator improves; `compare` uses it to call a change better or worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// Higher is better (`"mayor"`), e.g. coverage.
    #[serde(rename = "mayor")]
    Higher,
    /// Lower is better (`"menor"`), e.g. travel minutes or days to finish.
    #[serde(rename = "menor")]
    Lower,
}

/// One row of `estado_elementos.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct ElementStatus {
    /// `unidad_fin_de_semana`, `localidad_umm`, `entidad_oleadas`, …
    pub tipo: String,
    /// CLUES, CVEGEO or state code.
    pub clave: String,
    /// INEGI state code of the element, as text.
    pub entidad: String,
    /// The decision, by `tipo` (see [`ElementKind`]): `cubierta`/`sin_cobertura…`,
    /// `a_tiempo`/`tarde`, a zone name, …
    pub estado: String,
    /// The number behind it (coverage %, minutes to the host, field days, population); a blank
    /// cell is `None`.
    pub valor: Option<f64>,
}

/// Writes `indicadores.json` (keys in alphabetical order, as every JSON file almaplan writes).
pub fn write_indicators(path: &Path, indicators: &RunIndicators) -> Result<(), Error> {
    let value = serde_json::to_value(indicators).map_err(|e| Error::Output { path: path.to_path_buf(), message: e.to_string() })?;
    crate::output::write_json(path, &value)
}

/// Reads `indicadores.json`; a malformed file is an error at its line and column.
pub fn read_indicators(path: &Path) -> Result<RunIndicators, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let file = path.display().to_string();
    let parsed: RunIndicators = serde_json::from_str(&text).map_err(|e| {
        let column = e.column().to_string();
        Error::input(Location { file: &file, row: Some(e.line()), column: Some(&column) }.problem(
            Severity::Error,
            "JSON inválido",
            None,
            format!("el indicadores.json que escribe almaplan run ({})", crate::scenario::toml_message(&e)),
        ))
    })?;
    let mut seen = std::collections::BTreeSet::new();
    if let Some(dup) = parsed.indicadores.iter().find(|i| !seen.insert(i.clave.as_str())) {
        return Err(Error::input(Location { file: &file, row: None, column: Some("clave") }.problem(
            Severity::Error,
            "indicador repetido",
            Some(&dup.clave),
            "cada clave de indicador una sola vez",
        )));
    }
    Ok(parsed)
}

/// Reads `estado_elementos.csv` (header `tipo,clave,entidad,estado,valor`); every bad row is
/// reported at once. A (tipo, clave) pair may appear once.
pub fn read_element_status(path: &Path) -> Result<Vec<ElementStatus>, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(ELEMENT_COLUMNS)?;
    let [tipo, clave, entidad, estado, valor]: [Col; 5] = std::array::from_fn(|i| cols.get(i));
    let mut d = Diagnostics::default();
    let mut out = Vec::with_capacity(table.rows.len());
    let mut seen = std::collections::BTreeSet::new();
    for row in table.rows(&mut d) {
        let (Some(t), Some(k)) = (row.required(tipo, &mut d), row.required(clave, &mut d)) else { continue };
        let Some(e) = row.required(estado, &mut d) else { continue };
        let v = match row.opt_text(valor) {
            None => None,
            Some(_) => match row.f64(valor, &mut d) {
                Some(v) => Some(v),
                None => continue,
            },
        };
        if !seen.insert((t, k)) {
            d.push(row.problem(clave, "elemento repetido", format!("cada par (tipo, clave) una sola vez; {t} {k} aparece de nuevo")));
            continue;
        }
        out.push(ElementStatus { tipo: t.into(), clave: k.into(), entidad: row.text(entidad).into(), estado: e.into(), valor: v });
    }
    d.into_result()?;
    Ok(out)
}

/// The scenario parameters a run recorded in `ejecucion.json`, flattened to dotted keys
/// (`roster.max_travel_minutes`) with their JSON text; arrays are single values. `None` when the
/// run has no such file (it is optional for `compare`); a malformed file is an error.
pub fn read_parameters(path: &Path) -> Result<Option<std::collections::BTreeMap<String, String>>, Error> {
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let file = path.display().to_string();
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        let column = e.column().to_string();
        Error::input(Location { file: &file, row: Some(e.line()), column: Some(&column) }.problem(
            Severity::Error,
            "JSON inválido",
            None,
            format!("el ejecucion.json que escribe almaplan run ({})", crate::scenario::toml_message(&e)),
        ))
    })?;
    let mut out = std::collections::BTreeMap::new();
    if let Some(p) = value.get("parametros") {
        flatten("", p, &mut out);
    }
    Ok(Some(out))
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut std::collections::BTreeMap<String, String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, x, out);
            }
        }
        leaf => {
            out.insert(prefix.to_string(), leaf.to_string());
        }
    }
}

/// Both files of a run directory.
pub fn read_run_dir(dir: &Path) -> Result<(RunIndicators, Vec<ElementStatus>), Error> {
    if !dir.is_dir() {
        return Err(Error::input(Location { file: &dir.display().to_string(), row: None, column: None }.problem(
            Severity::Error,
            "carpeta faltante",
            None,
            "una carpeta escrita por almaplan run (con indicadores.json y estado_elementos.csv)",
        )));
    }
    let indicators = read_indicators(&dir.join(INDICATORS_FILE))?;
    let elements = read_element_status(&dir.join(ELEMENTS_FILE))?;
    Ok((indicators, elements))
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = r#"{"almaplan": "0.1.0", "escenario": "Demo", "archivo_escenario": "x.toml", "semilla": 1,
      "indicadores": [
        {"clave": "roster.coverage_pct", "etiqueta": "Cobertura", "valor": 35.7, "unidad": "%", "mejor": "mayor", "estado_solver": "Optimal", "brecha_pct": 0.01},
        {"clave": "waves.makespan_days", "etiqueta": "Duración", "valor": null, "unidad": "días", "mejor": null, "estado_solver": null, "brecha_pct": null}
      ]}"#;

    #[test]
    fn reads_indicators_and_reports_json_errors_with_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("indicadores.json");
        std::fs::write(&p, JSON).unwrap();
        let r = read_indicators(&p).unwrap();
        assert_eq!(r.indicadores.len(), 2);
        assert_eq!(r.indicadores[0].mejor, Some(Direction::Higher));
        assert_eq!(r.indicadores[1].valor, None);
        std::fs::write(&p, JSON.replace("\"mayor\"", "\"alto\"")).unwrap();
        let e = read_indicators(&p).unwrap_err().to_string();
        assert!(e.contains("indicadores.json:3:") && e.contains("valor desconocido `alto`"), "{e}");
        std::fs::write(&p, "{\"almaplan\": \n").unwrap();
        let e = read_indicators(&p).unwrap_err().to_string();
        assert!(e.contains("indicadores.json:2:0"), "{e}");
    }

    #[test]
    fn reads_element_status_and_locates_bad_rows() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("estado_elementos.csv");
        std::fs::write(
            &p,
            "tipo,clave,entidad,estado,valor\nunidad_fin_de_semana,HGIMB000001,13,cubierta,100\nentidad_oleadas,13,13,a_tiempo,\n",
        )
        .unwrap();
        let rows = read_element_status(&p).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].valor, Some(100.0));
        assert_eq!(rows[1].valor, None);
        std::fs::write(
            &p,
            "tipo,clave,entidad,estado,valor\nunidad_fin_de_semana,A,13,cubierta,x\nunidad_fin_de_semana,A,13,cubierta,1\nu,B,13,,1\n",
        )
        .unwrap();
        let e = read_element_status(&p).unwrap_err().to_string();
        assert!(e.contains("estado_elementos.csv:2:valor: \"x\""), "{e}");
        assert!(e.contains("estado_elementos.csv:4:estado"), "{e}");
        std::fs::write(&p, "tipo,clave,estado\n").unwrap();
        let e = read_element_status(&p).unwrap_err().to_string();
        assert!(e.contains("estado_elementos.csv:1:entidad"), "{e}");
    }

    #[test]
    fn parameters_flatten_to_dotted_keys() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("ejecucion.json");
        assert_eq!(read_parameters(&p).unwrap(), None);
        std::fs::write(&p, r#"{"parametros": {"name": "x", "states": [13], "roster": {"max_travel_minutes": 60.0, "targets": null}}}"#)
            .unwrap();
        let m = read_parameters(&p).unwrap().unwrap();
        assert_eq!(m["roster.max_travel_minutes"], "60.0");
        assert_eq!(m["states"], "[13]");
        assert_eq!(m["name"], "\"x\"");
        assert_eq!(m["roster.targets"], "null");
        std::fs::write(&p, "{").unwrap();
        assert!(read_parameters(&p).unwrap_err().to_string().contains("ejecucion.json:1:1"));
    }
}
