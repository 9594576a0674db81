//! The network as read: units (CSV and GeoJSON), per-state summary, calendar and input problems.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::output::{fixed, write_csv};
use almaplan_core::domain::calendar::{days, weekday_es};
use almaplan_core::domain::{Network, StateSummary, Unit, WorkCalendar};
use almaplan_core::error::{Diagnostics, Error, Severity};

/// Columns of `unidades.csv`, one row per unit of the network (and the properties of each point
/// of `unidades.geojson`, without `latitud`/`longitud`). Yes/no columns hold `si`/`no`; blank
/// cells are unknown values.
pub const UNITS_HEADER: [&str; 19] = [
    "clues",
    "clues_ssa",
    "clave_entidad",
    "entidad",
    "municipio",
    "localidad",
    "unidad",
    "tipologia",
    "tipo",
    "nucleos",
    "estrato",
    "region",
    "estatus",
    "primer_nivel_en_operacion",
    "latitud",
    "longitud",
    "indice_marginacion",
    "grado_marginacion",
    "sintetico",
];

fn unit_row(u: &Unit) -> Vec<String> {
    vec![
        u.clues.clone(),
        u.clues_ssa.clone().unwrap_or_default(),
        u.state.to_string(),
        almaplan_core::domain::state::name(u.state).unwrap_or("").to_string(),
        u.municipality_name.clone(),
        u.locality_name.clone(),
        u.name.clone(),
        u.typology.clone(),
        u.kind.label().to_string(),
        u.nucleos().to_string(),
        u.stratum.map(|s| s.label()).unwrap_or("").to_string(),
        u.region.as_ref().map(|r| r.name.clone()).unwrap_or_default(),
        u.status.label().to_string(),
        if u.is_first_level_in_operation() { "si" } else { "no" }.to_string(),
        fixed(u.location.lat, 6),
        fixed(u.location.lon, 6),
        u.marginalisation.map(|m| fixed(m.index, 3)).unwrap_or_default(),
        u.marginalisation.map(|m| m.grade.label()).unwrap_or("").to_string(),
        if u.synthetic { "si" } else { "no" }.to_string(),
    ]
}

/// Writes `unidades.csv` ([`UNITS_HEADER`]): coordinates with 6 decimals, marginalisation index with 3.
pub fn write_units_csv(path: &Path, network: &Network) -> Result<(), Error> {
    write_csv(path, &UNITS_HEADER, network.units.iter().map(unit_row))
}

/// A unit's weekend coverage, for [`write_units_geojson`] (from the roster, when it ran).
#[derive(Debug, Clone, PartialEq)]
pub struct WeekendCoverage {
    /// Index into the network's units.
    pub unit: usize,
    /// Weekend days the unit must open in the horizon.
    pub days_required: usize,
    /// Weekend days the roster covers.
    pub days_covered: usize,
}

impl WeekendCoverage {
    /// `cubierta`, `parcial` or `sin cobertura`.
    pub fn label(&self) -> &'static str {
        if self.days_covered >= self.days_required {
            "cubierta"
        } else if self.days_covered == 0 {
            "sin cobertura"
        } else {
            "parcial"
        }
    }
}

/// Properties of each point of `unidades.geojson` (written in alphabetical order). Numbers are JSON numbers
/// (`nucleos`, `indice_marginacion`, the weekend days and percent), yes/no are JSON booleans,
/// codes are words (`estatus`: `en operación`, `fuera de operación`, `pendiente`), unknown values
/// are `null`. `cvegeo_municipio` (5 characters: state and municipality, INEGI's Marco
/// Geoestadístico) joins the units to the municipal layers. The `fin_de_semana_*` properties are
/// present when the roster ran and `null` for units that are not among its targets.
pub const UNITS_GEOJSON_PROPERTIES: [&str; 22] = [
    "clues",
    "clues_ssa",
    "clave_entidad",
    "entidad",
    "cvegeo_municipio",
    "municipio",
    "localidad",
    "unidad",
    "tipologia",
    "tipo",
    "nucleos",
    "estrato",
    "region",
    "estatus",
    "primer_nivel_en_operacion",
    "indice_marginacion",
    "grado_marginacion",
    "sintetico",
    "fin_de_semana_cobertura",
    "fin_de_semana_dias_requeridos",
    "fin_de_semana_dias_cubiertos",
    "fin_de_semana_pct",
];

fn text_or_null(s: &str) -> Value {
    if s.is_empty() {
        Value::Null
    } else {
        Value::String(s.to_string())
    }
}

/// Units as GeoJSON points ([`UNITS_GEOJSON_PROPERTIES`]), with their weekend coverage when
/// `coverage` is given (the roster ran).
pub fn write_units_geojson(path: &Path, network: &Network, coverage: Option<&[WeekendCoverage]>) -> Result<(), Error> {
    let weekend: std::collections::HashMap<usize, &WeekendCoverage> = coverage.unwrap_or_default().iter().map(|c| (c.unit, c)).collect();
    let features: Vec<Value> = network
        .units
        .iter()
        .enumerate()
        .map(|(k, u)| {
            let mut props = serde_json::Map::new();
            props.insert("clues".into(), json!(u.clues));
            props.insert("clues_ssa".into(), u.clues_ssa.as_deref().map_or(Value::Null, text_or_null));
            props.insert("clave_entidad".into(), json!(format!("{:02}", u.state)));
            props.insert("entidad".into(), json!(almaplan_core::domain::state::name(u.state).unwrap_or("")));
            props.insert("cvegeo_municipio".into(), json!(format!("{:02}{:03}", u.state, u.municipality)));
            props.insert("municipio".into(), text_or_null(&u.municipality_name));
            props.insert("localidad".into(), text_or_null(&u.locality_name));
            props.insert("unidad".into(), json!(u.name));
            props.insert("tipologia".into(), text_or_null(&u.typology));
            props.insert("tipo".into(), json!(u.kind.label()));
            props.insert("nucleos".into(), json!(u.nucleos()));
            props.insert("estrato".into(), u.stratum.map_or(Value::Null, |s| json!(s.label())));
            props.insert("region".into(), u.region.as_ref().map_or(Value::Null, |r| json!(r.name)));
            props.insert("estatus".into(), json!(u.status.label()));
            props.insert("primer_nivel_en_operacion".into(), json!(u.is_first_level_in_operation()));
            props.insert("indice_marginacion".into(), u.marginalisation.map_or(Value::Null, |m| json!(round_to(m.index, 1e3))));
            props.insert("grado_marginacion".into(), u.marginalisation.map_or(Value::Null, |m| json!(m.grade.label())));
            props.insert("sintetico".into(), json!(u.synthetic));
            if coverage.is_some() {
                let c = weekend.get(&k);
                props.insert("fin_de_semana_cobertura".into(), c.map_or(Value::Null, |c| json!(c.label())));
                props.insert("fin_de_semana_dias_requeridos".into(), c.map_or(Value::Null, |c| json!(c.days_required)));
                props.insert("fin_de_semana_dias_cubiertos".into(), c.map_or(Value::Null, |c| json!(c.days_covered)));
                let pct = |c: &&WeekendCoverage| {
                    if c.days_required == 0 {
                        100.0
                    } else {
                        round_to(100.0 * c.days_covered as f64 / c.days_required as f64, 10.0)
                    }
                };
                props.insert("fin_de_semana_pct".into(), c.map_or(Value::Null, |c| json!(pct(c))));
            }
            json!({
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": [round6(u.location.lon), round6(u.location.lat)] },
                "properties": props,
            })
        })
        .collect();
    super::write_geojson(path, features)
}

fn round_to(v: f64, scale: f64) -> f64 {
    (v * scale).round() / scale
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Columns of `red_por_entidad.csv`: unit, núcleo, locality, population and physician counts per
/// state, and whether any of it is synthetic.
pub const SUMMARY_HEADER: [&str; 13] = [
    "clave_entidad",
    "entidad",
    "unidades",
    "fijas_primer_nivel",
    "centros_y_cessa_caaps",
    "moviles",
    "hospitales",
    "nucleos",
    "localidades",
    "poblacion",
    "medicos",
    "uneme",
    "sintetico",
];

/// Writes `red_por_entidad.csv` ([`SUMMARY_HEADER`]); `synthetic` marks every row when the network
/// or its staffing was generated.
pub fn write_summary_csv(path: &Path, summary: &[StateSummary], synthetic: bool) -> Result<(), Error> {
    write_csv(
        path,
        &SUMMARY_HEADER,
        summary.iter().map(|s| {
            vec![
                s.clave.to_string(),
                s.entidad.clone(),
                s.units.to_string(),
                s.fixed.to_string(),
                s.fixed_primary_care.to_string(),
                s.mobile.to_string(),
                s.hospitals.to_string(),
                s.nucleos.to_string(),
                s.localities.to_string(),
                s.population.to_string(),
                s.physicians.to_string(),
                s.uneme.to_string(),
                if synthetic { "si" } else { "no" }.to_string(),
            ]
        }),
    )
}

/// Every day of the horizon with its kind, so planners' users see which days count.
pub fn write_calendar_csv(path: &Path, calendar: &WorkCalendar, from: NaiveDate, to: NaiveDate) -> Result<(), Error> {
    write_csv(
        path,
        &["fecha", "dia", "tipo"],
        days(from, to).map(|d| vec![d.to_string(), weekday_es(d).to_string(), calendar.kind(d).label().to_string()]),
    )
}

/// Warnings (and errors, for `validate`) as a table.
pub fn write_problems_csv(path: &Path, d: &Diagnostics) -> Result<(), Error> {
    write_csv(
        path,
        &["severidad", "categoria", "archivo", "fila", "columna", "valor", "esperado"],
        d.errors.iter().chain(&d.warnings).map(|p| {
            vec![
                match p.severity {
                    Severity::Error => "error",
                    Severity::Warning => "advertencia",
                }
                .to_string(),
                p.category.to_string(),
                p.file.clone(),
                p.row.map(|r| r.to_string()).unwrap_or_default(),
                p.column.clone().unwrap_or_default(),
                p.value.clone().unwrap_or_default(),
                p.expected.clone(),
            ]
        }),
    )
}
