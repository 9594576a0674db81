//! Localities from INEGI, in three layouts detected from the header:
//!
//! - **ITER 2020** (`conjunto_de_datos_iter_XXCSV20.csv`, 286 columns): coordinates in DMS text
//!   (`98°44'13.890" W`); rows with `LOC` 0000 (state and municipal totals) and 9998/9999 (one- and
//!   two-dwelling aggregates) are not places and are skipped; `*` marks a value suppressed for
//!   confidentiality and is kept as unknown, never as zero.
//! - **AGEEML** (Catálogo Único de Claves Geoestadísticas): decimal `LAT_DECIMAL`/`LON_DECIMAL`,
//!   `POB_TOTAL` (`-` when there is no census figure).
//! - **Localities of 1,000+ inhabitants** (`cvegeo`, `latitud`, `longitud`, `poblacion_total`).

use std::collections::HashMap;
use std::path::Path;

use crate::input::table::{Col, Row, Table};
use almaplan_core::domain::unit::Stratum;
use almaplan_core::domain::{check_in_mexico, LatLon, Locality};
use almaplan_core::error::{Diagnostics, Error, Location, Severity};

/// Which INEGI layout a locality file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum LocalityLayout {
    /// ITER 2020 census results (`POBTOT`, `LOC`, `NOM_LOC`, DMS coordinates).
    Iter,
    /// The AGEEML geostatistical catalogue (`CVEGEO`, `LAT_DECIMAL`, `POB_TOTAL`).
    Ageeml,
    /// The list of localities of 1,000 or more inhabitants (`cvegeo`, `poblacion_total`).
    Pob1000,
}

/// The localities of one file, and what was read.
#[derive(Debug, Clone)]
pub struct Localities {
    /// The layout detected from the header.
    pub layout: LocalityLayout,
    /// The places read (state and municipal totals and ITER's aggregates excluded).
    pub localities: Vec<Locality>,
    /// Data rows in the file.
    pub rows: usize,
    /// ITER total and aggregate rows skipped.
    pub aggregate_rows: usize,
}

/// Reads a locality file of any of the three layouts (CSV or XLSX). Bad rows are recorded in `d`
/// and left out; an unknown header is an error that names the three expected ones.
pub fn read(path: &Path, d: &mut Diagnostics) -> Result<Localities, Error> {
    let table = Table::read(path)?;
    from_table(&table, d)
}

/// [`read`] on a table already in memory.
pub fn from_table(table: &Table, d: &mut Diagnostics) -> Result<Localities, Error> {
    let layout = if table.has_columns(&["POBTOT", "LOC", "NOM_LOC"]) {
        LocalityLayout::Iter
    } else if table.has_columns(&["CVEGEO", "LAT_DECIMAL"]) {
        LocalityLayout::Ageeml
    } else if table.has_columns(&["cvegeo", "poblacion_total"]) {
        LocalityLayout::Pob1000
    } else {
        return Err(Error::input(Location { file: &table.source, row: Some(1), column: None }.problem(
            Severity::Error,
            "formato desconocido",
            Some(&table.headers.iter().take(4).cloned().collect::<Vec<_>>().join(",")),
            "un encabezado ITER del INEGI (ENTIDAD, MUN, LOC, NOM_LOC, POBTOT, …), uno AGEEML (CVEGEO, \
             LAT_DECIMAL, …) o el de la lista de 1,000+ (cvegeo, latitud, longitud, poblacion_total)",
        )));
    };
    let rows = table.rows(d);
    let mut out = Vec::with_capacity(rows.len());
    let mut aggregate_rows = 0;
    match layout {
        LocalityLayout::Iter => {
            let c = table.require_columns(["ENTIDAD", "MUN", "LOC", "NOM_LOC", "LONGITUD", "LATITUD", "POBTOT"])?;
            let hli = Col::optional(table, "P3YM_HLI");
            let insurance: Vec<Col> = ["PSINDER", "PDER_SEGP", "PDER_IMSSB"].iter().filter_map(|n| Col::optional(table, n)).collect();
            for row in &rows {
                let loc = row.text(c.get(2));
                if matches!(loc, "0000" | "9998" | "9999") {
                    aggregate_rows += 1;
                    continue;
                }
                let errors_before = d.errors.len();
                let keys = keys(row, c.get(0), c.get(1), c.get(2), d);
                let lon = dms(row, c.get(4), d);
                let lat = dms(row, c.get(5), d);
                let population = row.census_count(c.get(6), d);
                let indigenous_speakers = hli.and_then(|h| row.census_count(h, d));
                let without_social_security = sum_known(row, &insurance, d);
                if d.errors.len() > errors_before {
                    continue;
                }
                let (Some((state, municipality, code)), Some(lat), Some(lon)) = (keys, lat, lon) else { continue };
                let Some(location) = located(row, lat, lon, d) else { continue };
                out.push(Locality {
                    cvegeo: Locality::cvegeo_of(state, municipality, code),
                    state,
                    municipality,
                    code,
                    name: row.text(c.get(3)).to_string(),
                    location,
                    ambito: None,
                    population,
                    indigenous_speakers,
                    without_social_security,
                    marginalisation: None,
                    synthetic: false,
                });
            }
        }
        LocalityLayout::Ageeml | LocalityLayout::Pob1000 => {
            let names: [&'static str; 8] = if layout == LocalityLayout::Ageeml {
                ["CVE_ENT", "CVE_MUN", "CVE_LOC", "NOM_LOC", "LAT_DECIMAL", "LON_DECIMAL", "POB_TOTAL", "AMBITO"]
            } else {
                ["cve_entidad", "cve_municipio", "cve_localidad", "nom_localidad", "latitud", "longitud", "poblacion_total", "ambito"]
            };
            let c = table.require_columns(names)?;
            for row in &rows {
                let errors_before = d.errors.len();
                let keys = keys(row, c.get(0), c.get(1), c.get(2), d);
                let lat = row.f64(c.get(4), d);
                let lon = row.f64(c.get(5), d);
                let population = match row.text(c.get(6)) {
                    "-" => None,
                    _ => row.census_count(c.get(6), d),
                };
                if d.errors.len() > errors_before {
                    continue;
                }
                let (Some((state, municipality, code)), Some(lat), Some(lon)) = (keys, lat, lon) else { continue };
                let Some(location) = located(row, lat, lon, d) else { continue };
                out.push(Locality {
                    cvegeo: Locality::cvegeo_of(state, municipality, code),
                    state,
                    municipality,
                    code,
                    name: row.text(c.get(3)).to_string(),
                    location,
                    ambito: Stratum::parse(row.text(c.get(7))),
                    population,
                    indigenous_speakers: None,
                    without_social_security: None,
                    marginalisation: None,
                    synthetic: false,
                });
            }
        }
    }
    check_duplicates(table, &out, d);
    Ok(Localities { layout, localities: out, rows: table.rows.len(), aggregate_rows })
}

fn keys(row: &Row<'_>, ent: Col, mun: Col, loc: Col, d: &mut Diagnostics) -> Option<(u8, u16, u16)> {
    let e = row.u32(ent, d)?;
    let m = row.u32(mun, d)?;
    let l = row.u32(loc, d)?;
    if !(1..=32).contains(&e) {
        d.push(row.problem(ent, "clave de entidad inválida", "una clave de entidad de 1 a 32"));
        return None;
    }
    if m > 999 {
        d.push(row.problem(mun, "clave de municipio inválida", "una clave de municipio de hasta 3 dígitos"));
        return None;
    }
    if l > 9999 {
        d.push(row.problem(loc, "clave de localidad inválida", "una clave de localidad de hasta 4 dígitos"));
        return None;
    }
    Some((e as u8, m as u16, l as u16))
}

fn located(row: &Row<'_>, lat: f64, lon: f64, d: &mut Diagnostics) -> Option<LatLon> {
    let p = LatLon::new(lat, lon);
    match check_in_mexico(p) {
        Ok(()) => Some(p),
        Err(msg) => {
            let loc = Location { file: row.source(), row: Some(row.line()), column: Some("latitud/longitud") };
            d.push(loc.problem(Severity::Error, "coordenadas fuera de México", Some(&format!("{lat}, {lon}")), msg));
            None
        }
    }
}

/// Sum of the census counts present; unknown when any of them was suppressed or none exist.
fn sum_known(row: &Row<'_>, cols: &[Col], d: &mut Diagnostics) -> Option<u32> {
    if cols.is_empty() {
        return None;
    }
    let mut total = 0u32;
    for c in cols {
        total += row.census_count(*c, d)?;
    }
    Some(total)
}

/// Parses INEGI DMS text such as `98°26'18.139" W` or `20°08´45.251"N` into signed degrees.
pub fn parse_dms(text: &str) -> Option<f64> {
    let t = text.trim();
    let hemisphere = t.chars().rev().find(|c| c.is_ascii_alphabetic())?;
    let sign = match hemisphere.to_ascii_uppercase() {
        'N' | 'E' => 1.0,
        'S' | 'W' | 'O' => -1.0,
        _ => return None,
    };
    let numbers: Vec<f64> = t
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()?;
    let [deg, min, sec] = numbers[..] else { return None };
    if min >= 60.0 || sec >= 60.0 {
        return None;
    }
    Some(sign * (deg + min / 60.0 + sec / 3600.0))
}

fn dms(row: &Row<'_>, col: Col, d: &mut Diagnostics) -> Option<f64> {
    let text = row.required(col, d)?;
    let v = parse_dms(text);
    if v.is_none() {
        d.push(row.problem(col, "coordenada inválida", "grados, minutos y segundos con hemisferio, p. ej. 98°26'18.139\" W"));
    }
    v
}

fn check_duplicates(table: &Table, localities: &[Locality], d: &mut Diagnostics) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, l) in localities.iter().enumerate() {
        if let Some(prev) = seen.insert(&l.cvegeo, i) {
            d.push(Location { file: &table.source, row: None, column: Some("CVEGEO") }.problem(
                Severity::Error,
                "localidad duplicada",
                Some(&l.cvegeo),
                format!("una clave de localidad única; «{}» y «{}» la comparten", localities[prev].name, l.name),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dms_texts_parse_with_sign_from_hemisphere() {
        let w = parse_dms(" 98°26'18.139\" W").unwrap();
        assert!((w + 98.438372).abs() < 1e-6, "{w}");
        let n = parse_dms("20°08´45.251\"N").unwrap();
        assert!((n - 20.145903).abs() < 1e-6, "{n}");
        assert_eq!(parse_dms("98.4"), None);
        assert_eq!(parse_dms("98°61'00\" W"), None);
    }

    #[test]
    fn iter_skips_aggregates_and_keeps_suppressed_as_unknown() {
        let csv = "ENTIDAD,NOM_ENT,MUN,NOM_MUN,LOC,NOM_LOC,LONGITUD,LATITUD,POBTOT,P3YM_HLI,PSINDER,PDER_SEGP,PDER_IMSSB\n\
            13,Hidalgo,000,Total,0000,Total de la Entidad,,,3082841,1,1,1,1\n\
            13,Hidalgo,001,Acatlán,0001,Acatlán,\" 98°26'18.139\"\" W\",\"20°08'45.251\"\" N\",439,3,100,20,30\n\
            13,Hidalgo,001,Acatlán,0002,Rancho,\" 98°25'34.960\"\" W\",\"20°07'47.527\"\" N\",5,*,*,*,*\n\
            13,Hidalgo,001,Acatlán,9999,Localidades de dos viviendas,,,12,*,*,*,*\n";
        let t = Table::from_csv_bytes(csv.as_bytes(), "iter.csv".into()).unwrap();
        let mut d = Diagnostics::default();
        let r = from_table(&t, &mut d).unwrap();
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(r.localities.len(), 2);
        assert_eq!(r.aggregate_rows, 2);
        assert_eq!(r.localities[0].cvegeo, "130010001");
        assert_eq!(r.localities[0].without_social_security, Some(150));
        assert_eq!(r.localities[1].indigenous_speakers, None);
        assert_eq!(r.localities[1].population, Some(5));
    }
}
