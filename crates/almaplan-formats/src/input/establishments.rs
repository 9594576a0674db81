//! Health establishments from the two official layouts, detected from the header:
//!
//! - **IMSS-BIENESTAR catalogue** (`clues_imb`, `clues_ssa_y_sme`, `nombre_de_tipologia`,
//!   `cve_ro`, …): the 23 federalised states with both CLUES keys and the operative region.
//! - **DGIS `ESTABLECIMIENTO_SALUD_YYYYMM`** (67 upper-case columns: `CLUES`,
//!   `NOMBRE DE TIPOLOGIA`, `ESTRATO UNIDAD`, …): the national catalogue of every institution; only
//!   the rows of the chosen institutions (default `IMB`, IMSS-BIENESTAR) are kept.
//!
//! Either can be CSV (UTF-8 with or without BOM, or Windows-1252) or XLSX.

use std::collections::HashMap;
use std::path::Path;

use crate::input::table::{Col, Columns, Row, Table};
use almaplan_core::domain::unit::{CareLevel, OperationStatus, Region, Stratum, Unit, UnitKind};
use almaplan_core::domain::{check_in_mexico, state, LatLon};
use almaplan_core::error::{Diagnostics, Error, Location, Severity};

/// Which official layout a file uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Layout {
    /// The IMSS-BIENESTAR catalogue (`clues_imb`, `cve_ro`, …).
    ImssBienestar,
    /// The DGIS national catalogue (`CLUES`, `CLAVE DE LA INSTITUCION`, …).
    Dgis,
}

/// The units of one file, and what was read.
#[derive(Debug, Clone)]
pub struct Establishments {
    /// The layout detected from the header.
    pub layout: Layout,
    /// The units whose row passed the checks, of every care level and operation status (planners
    /// pick the first-level units in operation).
    pub units: Vec<Unit>,
    /// Data rows in the file.
    pub rows: usize,
    /// DGIS rows of other institutions, left out.
    pub other_institutions: usize,
}

const IMSSB: [&str; 17] = [
    "clues_imb",
    "clues_ssa_y_sme",
    "clave_de_la_entidad",
    "clave_del_municipio",
    "municipio",
    "clave_de_la_localidad",
    "localidad",
    "nombre_de_la_unidad",
    "estatus_de_operacion",
    "nivel_atencion",
    "nombre_de_tipologia",
    "estrato_unidad",
    "cve_ro",
    "nombre_region",
    "latitud",
    "longitud",
    "entidad",
];

const DGIS: [&str; 14] = [
    "CLUES",
    "CLAVE DE LA INSTITUCION",
    "CLAVE DE LA ENTIDAD",
    "CLAVE DEL MUNICIPIO",
    "MUNICIPIO",
    "CLAVE DE LA LOCALIDAD",
    "LOCALIDAD",
    "NOMBRE DE LA UNIDAD",
    "ESTATUS DE OPERACION",
    "NIVEL ATENCION",
    "NOMBRE DE TIPOLOGIA",
    "ESTRATO UNIDAD",
    "LATITUD",
    "LONGITUD",
];

/// Reads an establishment file of either layout. `institutions` filters DGIS rows by
/// `CLAVE DE LA INSTITUCION` (empty keeps all).
pub fn read(path: &Path, institutions: &[String], d: &mut Diagnostics) -> Result<Establishments, Error> {
    let table = Table::read(path)?;
    from_table(&table, institutions, d)
}

/// [`read`] on a table already in memory. A header of neither layout is an error naming both;
/// bad rows are recorded in `d` and left out.
pub fn from_table(table: &Table, institutions: &[String], d: &mut Diagnostics) -> Result<Establishments, Error> {
    let layout = detect(table)?;
    let rows = table.rows(d);
    let mut units = Vec::with_capacity(rows.len());
    let mut other_institutions = 0;
    match layout {
        Layout::ImssBienestar => {
            let c = table.require_columns(IMSSB)?;
            for row in &rows {
                if let Some(u) = imssb_unit(row, &c, d) {
                    units.push(u);
                }
            }
        }
        Layout::Dgis => {
            let c = table.require_columns(DGIS)?;
            for row in &rows {
                let inst = row.text(c.get(1));
                if !institutions.is_empty() && !institutions.iter().any(|i| i.eq_ignore_ascii_case(inst)) {
                    other_institutions += 1;
                    continue;
                }
                if let Some(u) = dgis_unit(row, &c, d) {
                    units.push(u);
                }
            }
        }
    }
    check_duplicates(table, &rows, layout, d);
    Ok(Establishments { layout, units, rows: table.rows.len(), other_institutions })
}

fn detect(table: &Table) -> Result<Layout, Error> {
    if table.has_columns(&["clues_imb", "nombre_de_tipologia"]) {
        Ok(Layout::ImssBienestar)
    } else if table.has_columns(&["CLUES", "NOMBRE DE TIPOLOGIA", "CLAVE DE LA INSTITUCION"]) {
        Ok(Layout::Dgis)
    } else {
        Err(Error::input(Location { file: &table.source, row: Some(1), column: None }.problem(
            Severity::Error,
            "formato desconocido",
            Some(&table.headers.iter().take(4).cloned().collect::<Vec<_>>().join(",")),
            "el encabezado del catálogo IMSS-BIENESTAR (clues_imb, nombre_de_tipologia, …) o el de DGIS \
             ESTABLECIMIENTO_SALUD (CLUES, CLAVE DE LA INSTITUCION, NOMBRE DE TIPOLOGIA, …)",
        )))
    }
}

/// Fields both layouts share, in the order of [`common`]'s arguments.
struct Common {
    state: Col,
    municipality: Col,
    municipality_name: Col,
    locality: Col,
    locality_name: Col,
    name: Col,
    status: Col,
    level: Col,
    typology: Col,
    stratum: Col,
    lat: Col,
    lon: Col,
}

fn imssb_unit(row: &Row<'_>, c: &Columns<17>, d: &mut Diagnostics) -> Option<Unit> {
    let clues = row.required(c.get(0), d)?.to_string();
    let clues_ssa = row.opt_text(c.get(1)).map(str::to_string);
    let common = Common {
        state: c.get(2),
        municipality: c.get(3),
        municipality_name: c.get(4),
        locality: c.get(5),
        locality_name: c.get(6),
        name: c.get(7),
        status: c.get(8),
        level: c.get(9),
        typology: c.get(10),
        stratum: c.get(11),
        lat: c.get(14),
        lon: c.get(15),
    };
    let region = match row.opt_text(c.get(12)) {
        None => None,
        Some(_) => {
            let code = row.u32(c.get(12), d)?;
            Some(Region { code, name: row.text(c.get(13)).to_string() })
        }
    };
    let mut unit = common_unit(row, &common, clues, d)?;
    unit.clues_ssa = clues_ssa;
    unit.region = region;
    Some(unit)
}

fn dgis_unit(row: &Row<'_>, c: &Columns<14>, d: &mut Diagnostics) -> Option<Unit> {
    let clues = row.required(c.get(0), d)?.to_string();
    let common = Common {
        state: c.get(2),
        municipality: c.get(3),
        municipality_name: c.get(4),
        locality: c.get(5),
        locality_name: c.get(6),
        name: c.get(7),
        status: c.get(8),
        level: c.get(9),
        typology: c.get(10),
        stratum: c.get(11),
        lat: c.get(12),
        lon: c.get(13),
    };
    common_unit(row, &common, clues, d)
}

fn common_unit(row: &Row<'_>, c: &Common, clues: String, d: &mut Diagnostics) -> Option<Unit> {
    let errors_before = d.errors.len();
    let state_code = row.u32(c.state, d);
    if let Some(s) = state_code {
        if state::name(s.min(255) as u8).is_none() || s > 32 {
            d.push(row.problem(c.state, "clave de entidad inválida", "una clave de entidad de 1 a 32"));
        }
    }
    let municipality = row.u32(c.municipality, d);
    let locality = row.u32(c.locality, d);
    let typology = row.text(c.typology).to_string();
    let kind = match UnitKind::from_typology(&typology) {
        Some(k) => k,
        None => {
            d.push(row.warning(c.typology, "tipología desconocida", "una tipología conocida; la unidad se conserva como «otro»"));
            UnitKind::Other
        }
    };
    let status = match OperationStatus::parse(row.text(c.status)) {
        Some(s) => Some(s),
        None => {
            d.push(row.problem(
                c.status,
                "estatus inválido",
                "EN OPERACION, FUERA DE OPERACION, EN PROCESO DE CONSTRUCCION o PENDIENTE DE ENTRAR EN OPERACION",
            ));
            None
        }
    };
    let level = CareLevel::parse(row.text(c.level));
    if level.is_none() {
        d.push(row.warning(c.level, "nivel de atención desconocido", "PRIMER, SEGUNDO o TERCER NIVEL, o NO APLICA"));
    }
    let stratum = Stratum::parse(row.text(c.stratum));
    if stratum.is_none() {
        d.push(row.warning(c.stratum, "estrato desconocido", "RURAL o URBANO"));
    }
    let lat = row.f64(c.lat, d);
    let lon = row.f64(c.lon, d);
    if let (Some(lat), Some(lon)) = (lat, lon) {
        if let Err(msg) = check_in_mexico(LatLon::new(lat, lon)) {
            let loc = Location { file: row.source(), row: Some(row.line()), column: Some("latitud/longitud") };
            d.push(loc.problem(Severity::Error, "coordenadas fuera de México", Some(&format!("{lat}, {lon}")), msg));
        }
    }
    if d.errors.len() > errors_before {
        return None;
    }
    Some(Unit {
        clues,
        clues_ssa: None,
        name: row.text(c.name).to_string(),
        state: state_code? as u8,
        municipality: u16::try_from(municipality?).ok()?,
        municipality_name: row.text(c.municipality_name).to_string(),
        locality: locality?,
        locality_name: row.text(c.locality_name).to_string(),
        typology,
        kind,
        stratum,
        region: None,
        location: LatLon::new(lat?, lon?),
        status: status?,
        level,
        marginalisation: None,
        synthetic: false,
    })
}

/// A CLUES key may appear once; so may an old SSA key.
fn check_duplicates(table: &Table, rows: &[Row<'_>], layout: Layout, d: &mut Diagnostics) {
    let clues_col = match layout {
        Layout::ImssBienestar => "clues_imb",
        Layout::Dgis => "CLUES",
    };
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut first_ssa: HashMap<&str, usize> = HashMap::new();
    let idx = table.column(clues_col).expect("layout checked");
    let ssa_idx = table.column("clues_ssa_y_sme");
    for row in rows {
        let key = row.text(Col { index: idx, name: clues_col });
        if !key.is_empty() {
            if let Some(prev) = first.insert(key, row.line()) {
                let loc = Location { file: &table.source, row: Some(row.line()), column: Some(clues_col) };
                d.push(loc.problem(
                    Severity::Error,
                    "CLUES duplicada",
                    Some(key),
                    format!("una CLUES única; ya aparece en la línea {prev}"),
                ));
            }
        }
        if let Some(si) = ssa_idx {
            let key = row.text(Col { index: si, name: "clues_ssa_y_sme" });
            if !key.is_empty() {
                if let Some(prev) = first_ssa.insert(key, row.line()) {
                    let loc = Location { file: &table.source, row: Some(row.line()), column: Some("clues_ssa_y_sme") };
                    d.push(loc.problem(
                        Severity::Error,
                        "CLUES SSA duplicada",
                        Some(key),
                        format!("una CLUES SSA anterior única; ya aparece en la línea {prev}"),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "clues_imb,clues_ssa_y_sme,clave_de_la_entidad,entidad,clave_del_municipio,municipio,localidad,clave_de_la_localidad,nombre_de_la_unidad,estatus_de_operacion,nivel_atencion,nombre_de_tipologia,estrato_unidad,cve_ro,nombre_region,latitud,longitud";

    fn read_str(body: &str) -> (Result<Establishments, Error>, Diagnostics) {
        let t = Table::from_csv_bytes(format!("{HEADER}\n{body}").as_bytes(), "cat.csv".into()).unwrap();
        let mut d = Diagnostics::default();
        (from_table(&t, &[], &mut d), d)
    }

    #[test]
    fn reads_a_health_centre() {
        let (r, d) = read_str("HGIMB000011,HGSSA000011,13,HIDALGO,1,ACATLAN,ACATLAN,1,ACATLÁN,EN OPERACION,PRIMER NIVEL,URBANO DE 03 NÚCLEOS BÁSICOS,URBANO,1301.0,TULANCINGO,20.144656,-98.440023\n");
        let e = r.unwrap();
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let u = &e.units[0];
        assert_eq!(u.kind, UnitKind::HealthCentre { nucleos: 3 });
        assert_eq!(u.region.as_ref().unwrap().code, 1301);
        assert_eq!(u.clues_ssa.as_deref(), Some("HGSSA000011"));
        assert!(u.is_first_level_in_operation());
    }

    #[test]
    fn swapped_coordinates_are_an_error_with_a_hint() {
        let (_, d) =
            read_str("HGIMB000011,,13,HIDALGO,1,A,A,1,A,EN OPERACION,PRIMER NIVEL,RURAL DE 01 NÚCLEO BÁSICO,RURAL,,,-98.44,20.14\n");
        assert_eq!(d.errors.len(), 1);
        let msg = d.errors[0].to_string();
        assert!(msg.starts_with("cat.csv:2:latitud/longitud: "), "{msg}");
        assert!(msg.contains("intercambiadas"), "{msg}");
    }

    #[test]
    fn duplicate_clues_names_the_first_line() {
        let row = "HGIMB000011,,13,HIDALGO,1,A,A,1,A,EN OPERACION,PRIMER NIVEL,RURAL DE 01 NÚCLEO BÁSICO,RURAL,,,20.1,-98.4\n";
        let (_, d) = read_str(&format!("{row}{row}"));
        assert_eq!(d.errors.len(), 1);
        assert!(d.errors[0].to_string().contains("ya aparece en la línea 2"), "{}", d.errors[0]);
        assert_eq!(d.errors[0].row, Some(3));
    }

    #[test]
    fn unknown_typology_is_a_warning_not_an_error() {
        let (r, d) = read_str("HGIMB000011,,13,HIDALGO,1,A,A,1,A,EN OPERACION,PRIMER NIVEL,CASA DE SALUD,RURAL,,,20.1,-98.4\n");
        assert!(d.errors.is_empty());
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(r.unwrap().units[0].kind, UnitKind::Other);
    }
}
