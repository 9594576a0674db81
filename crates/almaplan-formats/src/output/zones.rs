//! Zones outputs: `zonas.csv` (one row per unit), `zonas.geojson` (zone outlines, polygons) and
//! `sedes.geojson` (zone hosts, points).

use std::path::Path;

use std::collections::BTreeMap;

use geo::{Area, ConvexHull, MultiPoint, Point};
use serde_json::{json, Value};

use crate::output::{fixed, write_csv, write_geojson};
use almaplan_core::domain::{state, Unit};
use almaplan_core::error::Error;
use almaplan_core::planners::zones::{Zone, ZonesPlan};

/// Columns of `zonas.csv`: one row per unit with its zone, the zone's host unit (`sede`) and the
/// travel minutes to it (1 decimal). The file can be given back as `zones.zone_file`, which reads
/// its `clues` and `zona` columns.
pub const ZONES_HEADER: [&str; 5] = ["clues", "entidad", "zona", "sede", "minutos_a_sede"];

/// Writes `zonas.csv` ([`ZONES_HEADER`]) atomically.
pub fn write_zones_csv(path: &Path, plan: &ZonesPlan) -> Result<(), Error> {
    write_csv(
        path,
        &ZONES_HEADER,
        plan.assignments.iter().map(|a| {
            vec![
                a.clues.clone(),
                state::name(a.state).unwrap_or("").to_string(),
                a.zone.clone(),
                a.sede.clone(),
                fixed(a.minutes_to_sede, 1),
            ]
        }),
    )
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// Half the side of the square put around each unit of a zone whose units do not span an area
/// (one unit, or units in a line): 0.001° (about 110 m), so that every zone is a polygon.
const DEGENERATE_PAD_DEG: f64 = 0.001;

/// The zone's outline: the convex hull of its units, or of small squares around them when the
/// units alone span no area.
fn zone_outline(z: &Zone, units: &[Unit]) -> Vec<[f64; 2]> {
    let points: Vec<Point<f64>> = z.units.iter().map(|&k| Point::new(units[k].location.lon, units[k].location.lat)).collect();
    let hull = MultiPoint::from(points.clone()).convex_hull();
    let hull = if hull.unsigned_area() > 0.0 {
        hull
    } else {
        let d = DEGENERATE_PAD_DEG;
        let padded: Vec<Point<f64>> =
            points.iter().flat_map(|p| [(-d, -d), (d, -d), (d, d), (-d, d)].map(|(dx, dy)| Point::new(p.x() + dx, p.y() + dy))).collect();
        MultiPoint::from(padded).convex_hull()
    };
    hull.exterior().points().map(|p| [round6(p.x()), round6(p.y())]).collect()
}

/// `zonas.geojson`: one polygon per zone (the convex hull of its units; a zone whose units span no
/// area gets squares of ±0.001° around them), with `entidad`, `zona`, `sede` (CLUES),
/// `hospital_coordinador`, `unidades` (integer) and `minutos_a_sede_total` (number). Hosts are
/// points in `sedes.geojson` ([`write_sedes_geojson`]); each unit's zone is in `zonas.csv`.
pub fn write_zones_geojson(path: &Path, plan: &ZonesPlan, units: &[Unit]) -> Result<(), Error> {
    let features: Vec<Value> = plan
        .zones
        .iter()
        .map(|z| {
            json!({
                "type": "Feature",
                "geometry": { "type": "Polygon", "coordinates": [zone_outline(z, units)] },
                "properties": {
                    "clave_entidad": format!("{:02}", z.state),
                    "entidad": state::name(z.state).unwrap_or(""),
                    "zona": z.zone,
                    "sede": z.sede,
                    "hospital_coordinador": z.hospital,
                    "unidades": z.units.len(),
                    "minutos_a_sede_total": round1(z.minutes_to_sede),
                },
            })
        })
        .collect();
    write_geojson(path, features)
}

/// `sedes.geojson`: one point per zone host (sede), with `clues`, `unidad` (name), `entidad`,
/// `municipio`, `zona`, `hospital_coordinador`, `unidades` of the zone (integer) and
/// `minutos_a_sede_total` (number).
pub fn write_sedes_geojson(path: &Path, plan: &ZonesPlan, units: &[Unit]) -> Result<(), Error> {
    let by_clues: BTreeMap<&str, &Unit> = units.iter().map(|u| (u.clues.as_str(), u)).collect();
    let features: Vec<Value> = plan
        .zones
        .iter()
        .filter_map(|z| {
            let u = by_clues.get(z.sede.as_str())?;
            Some(json!({
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": [round6(u.location.lon), round6(u.location.lat)] },
                "properties": {
                    "clues": z.sede,
                    "unidad": u.name,
                    "clave_entidad": format!("{:02}", z.state),
                    "entidad": state::name(z.state).unwrap_or(""),
                    "municipio": u.municipality_name,
                    "zona": z.zone,
                    "hospital_coordinador": z.hospital,
                    "unidades": z.units.len(),
                    "minutos_a_sede_total": round1(z.minutes_to_sede),
                },
            }))
        })
        .collect();
    write_geojson(path, features)
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}
