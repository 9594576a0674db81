//! Mobile-unit bases given by the user: CSV `clues` (the mobile unit) with either `clues_base` (a
//! unit of the catalogue whose coordinates are the base) or `latitud`,`longitud`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::input::table::{Col, Table};
use almaplan_core::domain::unit::UnitKind;
use almaplan_core::domain::{check_in_mexico, LatLon, Unit};
use almaplan_core::error::{Diagnostics, Error, Location, Severity};

/// Base location by mobile-unit CLUES.
pub fn read(path: &Path, units: &[Unit]) -> Result<BTreeMap<String, LatLon>, Error> {
    let table = Table::read(path)?;
    let c = table.require_columns(["clues"])?;
    let base_col = Col::optional(&table, "clues_base");
    let (lat_col, lon_col) = (Col::optional(&table, "latitud"), Col::optional(&table, "longitud"));
    if base_col.is_none() && (lat_col.is_none() || lon_col.is_none()) {
        return Err(Error::input(Location { file: &table.source, row: Some(1), column: None }.problem(
            Severity::Error,
            "columna faltante",
            None,
            "una columna clues_base, o columnas latitud y longitud",
        )));
    }
    let by_clues: HashMap<&str, &Unit> = units.iter().map(|u| (u.clues.as_str(), u)).collect();
    let mut d = Diagnostics::default();
    let mut out = BTreeMap::new();
    for row in table.rows(&mut d) {
        let Some(clues) = row.required(c.get(0), &mut d) else { continue };
        match by_clues.get(clues) {
            Some(u) if u.kind == UnitKind::Mobile => {}
            Some(_) => {
                d.push(row.problem(c.get(0), "no es unidad móvil", "la CLUES de una unidad móvil"));
                continue;
            }
            None => {
                d.push(row.problem(c.get(0), "CLUES desconocida", "la CLUES de una unidad móvil del catálogo"));
                continue;
            }
        }
        let location = match (base_col.and_then(|b| row.opt_text(b).map(|t| (b, t))), lat_col, lon_col) {
            (Some((b, base)), _, _) => match by_clues.get(base) {
                Some(u) => Some(u.location),
                None => {
                    d.push(row.problem(b, "CLUES desconocida", "la CLUES de una unidad del catálogo"));
                    None
                }
            },
            (None, Some(la), Some(lo)) => match (row.f64(la, &mut d), row.f64(lo, &mut d)) {
                (Some(lat), Some(lon)) => {
                    let p = LatLon::new(lat, lon);
                    match check_in_mexico(p) {
                        Ok(()) => Some(p),
                        Err(msg) => {
                            d.push(row.problem(la, "coordenadas fuera de México", msg));
                            None
                        }
                    }
                }
                _ => None,
            },
            _ => {
                d.push(row.problem(c.get(0), "base faltante", "clues_base o latitud/longitud en cada fila"));
                None
            }
        };
        if let Some(p) = location {
            if out.insert(clues.to_string(), p).is_some() {
                d.push(row.problem(c.get(0), "CLUES duplicada", "cada unidad móvil una sola vez"));
            }
        }
    }
    d.into_result()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use almaplan_core::domain::unit::{CareLevel, OperationStatus, Stratum};

    fn unit(clues: &str, kind: UnitKind, lat: f64) -> Unit {
        Unit {
            clues: clues.into(),
            clues_ssa: None,
            name: clues.into(),
            state: 13,
            municipality: 1,
            municipality_name: String::new(),
            locality: 1,
            locality_name: String::new(),
            typology: String::new(),
            kind,
            stratum: Some(Stratum::Rural),
            region: None,
            location: LatLon::new(lat, -99.0),
            status: OperationStatus::EnOperacion,
            level: Some(CareLevel::Primer),
            marginalisation: None,
            synthetic: true,
        }
    }

    #[test]
    fn bases_by_unit_or_coordinates_with_located_errors() {
        let units = vec![
            unit("M1", UnitKind::Mobile, 20.0),
            unit("M2", UnitKind::Mobile, 20.1),
            unit("C1", UnitKind::HealthCentre { nucleos: 1 }, 20.5),
        ];
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bases.csv");
        std::fs::write(&p, "clues,clues_base,latitud,longitud\nM1,C1,,\nM2,,20.3,-98.8\n").unwrap();
        let b = read(&p, &units).unwrap();
        assert_eq!(b["M1"], LatLon::new(20.5, -99.0));
        assert_eq!(b["M2"], LatLon::new(20.3, -98.8));
        std::fs::write(&p, "clues,clues_base,latitud,longitud\nC1,M1,,\nM2,,-98.8,20.3\n").unwrap();
        let e = read(&p, &units).unwrap_err().to_string();
        assert!(e.contains("bases.csv:2:clues: \"C1\" — la CLUES de una unidad móvil"), "{e}");
        assert!(e.contains("bases.csv:3:latitud") && e.contains("intercambiadas"), "{e}");
    }
}
