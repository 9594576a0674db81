//! Zones outputs: `zonas.csv` (one row per unit) and `zonas.geojson` (zone hulls, hosts and units).

use std::path::Path;

use geo::{ConvexHull, MultiPoint, Point};
use serde_json::{json, Value};

use crate::output::{fixed, write_atomic, write_csv};
use almaplan_core::domain::{state, Unit};
use almaplan_core::error::Error;
use almaplan_core::planners::zones::ZonesPlan;

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

/// One polygon feature per zone (convex hull of its units), one point per host and per unit.
pub fn write_zones_geojson(path: &Path, plan: &ZonesPlan, units: &[Unit]) -> Result<(), Error> {
    let mut features: Vec<Value> = Vec::new();
    for z in &plan.zones {
        let points: MultiPoint<f64> =
            z.units.iter().map(|&k| Point::new(units[k].location.lon, units[k].location.lat)).collect::<Vec<_>>().into();
        let hull = points.convex_hull();
        let ring: Vec<[f64; 2]> = hull.exterior().points().map(|p| [round6(p.x()), round6(p.y())]).collect();
        let geometry = if ring.len() >= 4 {
            json!({ "type": "Polygon", "coordinates": [ring] })
        } else {
            let u = &units[z.units[0]];
            json!({ "type": "Point", "coordinates": [round6(u.location.lon), round6(u.location.lat)] })
        };
        features.push(json!({
            "type": "Feature",
            "geometry": geometry,
            "properties": {
                "tipo": "zona",
                "entidad": state::name(z.state).unwrap_or(""),
                "zona": z.zone,
                "sede": z.sede,
                "hospital_coordinador": z.hospital,
                "unidades": z.units.len(),
                "minutos_a_sede_total": fixed(z.minutes_to_sede, 1),
            },
        }));
    }
    let by_clues: std::collections::BTreeMap<&str, &Unit> = units.iter().map(|u| (u.clues.as_str(), u)).collect();
    for a in &plan.assignments {
        let Some(u) = by_clues.get(a.clues.as_str()) else { continue };
        features.push(json!({
            "type": "Feature",
            "geometry": { "type": "Point", "coordinates": [round6(u.location.lon), round6(u.location.lat)] },
            "properties": {
                "tipo": if a.clues == a.sede { "sede" } else { "unidad" },
                "clues": a.clues,
                "entidad": state::name(a.state).unwrap_or(""),
                "zona": a.zone,
                "sede": a.sede,
                "minutos_a_sede": fixed(a.minutes_to_sede, 1),
            },
        }));
    }
    let doc = json!({ "type": "FeatureCollection", "features": features });
    write_atomic(path, |w| serde_json::to_writer(w, &doc).map_err(std::io::Error::from))
}
