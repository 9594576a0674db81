//! State boundaries from GeoJSON (a FeatureCollection of Polygon/MultiPolygon features whose
//! properties carry the INEGI state code as `cve_geo`, `CVE_ENT` or `state_code`).

use std::path::Path;

use geo::{MultiPolygon, Polygon};

use almaplan_core::error::{Error, Location, Severity};

/// Boundary polygons by state code.
#[derive(Debug, Clone, Default)]
pub struct Boundaries {
    /// One (multi)polygon per state code, in WGS84 longitude/latitude; features of the same state
    /// are merged into one multipolygon.
    pub states: Vec<(u8, MultiPolygon<f64>)>,
}

impl Boundaries {
    /// The boundary of `state` (INEGI code), if the file has it.
    pub fn of(&self, state: u8) -> Option<&MultiPolygon<f64>> {
        self.states.iter().find(|(s, _)| *s == state).map(|(_, g)| g)
    }
}

/// Reads a boundary file. Any problem (not GeoJSON, not a FeatureCollection, a feature without a
/// state code, a geometry that is not a polygon) fails the whole file with one located error;
/// features without a geometry are skipped.
pub fn read(path: &Path) -> Result<Boundaries, Error> {
    let source = path.display().to_string();
    let fail = |expected: String| {
        Error::input(Location { file: &source, row: None, column: None }.problem(Severity::Error, "GeoJSON inválido", None, expected))
    };
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let gj: geojson::GeoJson = text.parse().map_err(|e| fail(format!("una FeatureCollection GeoJSON ({e})")))?;
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        return Err(fail("una FeatureCollection GeoJSON".into()));
    };
    let mut states = Vec::new();
    for (i, f) in fc.features.iter().enumerate() {
        let code = ["cve_geo", "CVE_ENT", "cve_ent", "state_code"].iter().find_map(|k| {
            let v = f.property(k)?;
            v.as_str().and_then(|s| s.trim().parse::<u8>().ok()).or_else(|| v.as_u64().map(|n| n as u8))
        });
        let Some(code) = code else {
            return Err(fail(format!("que el elemento {i} lleve la clave de entidad en cve_geo, CVE_ENT o state_code")));
        };
        let Some(geometry) = &f.geometry else { continue };
        let shape: geo::Geometry<f64> =
            geometry.value.clone().try_into().map_err(|e| fail(format!("elemento {i}: una geometría de polígono ({e})")))?;
        let mp = match shape {
            geo::Geometry::Polygon(p) => MultiPolygon::new(vec![p]),
            geo::Geometry::MultiPolygon(mp) => mp,
            _ => return Err(fail(format!("elemento {i}: un Polygon o MultiPolygon"))),
        };
        match states.iter_mut().find(|(s, _): &&mut (u8, MultiPolygon<f64>)| *s == code) {
            Some((_, existing)) => existing.0.extend(mp.0.into_iter().collect::<Vec<Polygon<f64>>>()),
            None => states.push((code, mp)),
        }
    }
    Ok(Boundaries { states })
}
