//! The network as read: units (CSV and GeoJSON), per-state summary, calendar and input problems.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::output::{fixed, write_atomic, write_csv};
use almaplan_core::domain::calendar::{days, weekday_es};
use almaplan_core::domain::{Network, StateSummary, Unit, WorkCalendar};
use almaplan_core::error::{Diagnostics, Error};

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
        format!("{:?}", u.status),
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

/// Units as GeoJSON points with the same properties as the CSV.
pub fn write_units_geojson(path: &Path, network: &Network) -> Result<(), Error> {
    let features: Vec<Value> = network
        .units
        .iter()
        .map(|u| {
            let props: serde_json::Map<String, Value> = UNITS_HEADER
                .iter()
                .zip(unit_row(u))
                .filter(|(k, _)| !matches!(**k, "latitud" | "longitud"))
                .map(|(k, v)| (k.to_string(), Value::String(v)))
                .collect();
            json!({
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": [round6(u.location.lon), round6(u.location.lat)] },
                "properties": props,
            })
        })
        .collect();
    let doc = json!({ "type": "FeatureCollection", "features": features });
    write_atomic(path, |w| serde_json::to_writer(w, &doc).map_err(std::io::Error::from))
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
                format!("{:?}", p.severity).to_lowercase(),
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
