//! Reads everything a scenario names into one [`Network`], collecting every problem.
//!
//! All inputs are read (or generated) before anything is written: a fatal problem anywhere stops
//! the run with the full list of problems and no output files.

use std::collections::HashMap;

use geo::{Contains, Distance, Haversine, HaversineClosestPoint, Point};
use serde::Serialize;

use crate::input::boundaries::Boundaries;
use crate::input::{establishments, localities, marginacion, staffing, travel_matrix};
use crate::scenario::LoadedScenario;
use almaplan_core::domain::{Network, WorkCalendar};
use almaplan_core::error::{Diagnostics, Error, Location, Severity};
use almaplan_core::synthetic;
use almaplan_core::territory::TravelTimes;

/// One input file and what came out of it.
#[derive(Debug, Clone, Serialize)]
pub struct SourceInfo {
    /// What the file is for ("establecimientos", "localidades", …).
    pub role: &'static str,
    pub path: String,
    /// Layout recognised from the header.
    pub layout: String,
    /// Data rows in the file.
    pub rows: usize,
    /// Records kept (units, localities, physicians…).
    pub records: usize,
}

/// A scenario's inputs, read and joined.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub network: Network,
    pub travel: TravelTimes,
    pub calendar: WorkCalendar,
    pub boundaries: Option<Boundaries>,
    /// Published figures by state code (empty when the scenario names none).
    pub figures: std::collections::BTreeMap<u8, crate::input::seeds::StateFigures>,
    pub sources: Vec<SourceInfo>,
    pub diagnostics: Diagnostics,
}

/// Reads the scenario's inputs; any error-level problem makes this fail with all of them.
pub fn load(s: &LoadedScenario) -> Result<Loaded, Error> {
    let loaded = load_all(s);
    if loaded.diagnostics.has_errors() {
        return Err(Error::Input(loaded.diagnostics.errors));
    }
    Ok(loaded)
}

/// Reads everything it can and records every problem, fatal or not (for `validate`).
pub fn load_all(s: &LoadedScenario) -> Loaded {
    let sc = &s.scenario;
    let mut d = Diagnostics::default();
    let mut sources = Vec::new();
    let mut network = Network::default();
    let mut boundaries = None;

    if let Some(spec) = &sc.data.synthetic {
        network = synthetic::generate(spec, sc.seed);
        sources.push(SourceInfo {
            role: "red sintética",
            path: format!("generada en código (semilla {})", sc.seed),
            layout: "sintético".into(),
            rows: network.units.len(),
            records: network.units.len(),
        });
    }

    if let Some(raw) = &sc.data.establishments {
        if let Some(path) = resolve(s, raw, &mut d) {
            match establishments::read(&path, &sc.data.institutions, &mut d) {
                Ok(e) => {
                    sources.push(SourceInfo {
                        role: "establecimientos",
                        path: path.display().to_string(),
                        layout: format!("{:?}", e.layout),
                        rows: e.rows,
                        records: e.units.len(),
                    });
                    network.units.extend(e.units);
                }
                Err(e) => absorb(e, &mut d),
            }
        }
    }

    let mut seen_localities: std::collections::HashSet<String> = network.localities.iter().map(|l| l.cvegeo.clone()).collect();
    for raw in &sc.data.localities {
        let Some(path) = resolve(s, raw, &mut d) else { continue };
        match localities::read(&path, &mut d) {
            Ok(l) => {
                let before = network.localities.len();
                for loc in l.localities {
                    if seen_localities.insert(loc.cvegeo.clone()) {
                        network.localities.push(loc);
                    }
                }
                sources.push(SourceInfo {
                    role: "localidades",
                    path: path.display().to_string(),
                    layout: format!("{:?}", l.layout),
                    rows: l.rows,
                    records: network.localities.len() - before,
                });
            }
            Err(e) => absorb(e, &mut d),
        }
    }

    if let Some(raw) = &sc.data.marginalisation {
        if let Some(path) = resolve(s, raw, &mut d) {
            match marginacion::read(&path, &mut d) {
                Ok(m) => {
                    sources.push(SourceInfo {
                        role: "marginación",
                        path: path.display().to_string(),
                        layout: "CONAPO IMM 2020".into(),
                        rows: m.len(),
                        records: m.len(),
                    });
                    network.join_marginalisation(&m);
                }
                Err(e) => absorb(e, &mut d),
            }
        }
    }

    if let Some(raw) = &sc.data.staffing {
        if let Some(path) = resolve(s, raw, &mut d) {
            match staffing::read(&path, &network.units, &mut d) {
                Ok(st) => {
                    sources.push(SourceInfo {
                        role: "plantilla",
                        path: path.display().to_string(),
                        layout: format!("{:?}", st.layout),
                        rows: st.rows,
                        records: st.physicians.len(),
                    });
                    network.physicians = st.physicians;
                }
                Err(e) => absorb(e, &mut d),
            }
        }
    } else if sc.data.synthesise_staffing {
        let mut rng = synthetic::Rng::new(sc.seed);
        network.physicians = synthetic::staffing_from_nucleos(&network.units, &mut rng, false);
        network.synthetic_staffing = true;
        sources.push(SourceInfo {
            role: "plantilla sintética",
            path: "un médico por núcleo básico (sintético)".into(),
            layout: "sintético".into(),
            rows: 0,
            records: network.physicians.len(),
        });
    }

    let mut matrix = None;
    if let Some(raw) = &sc.data.travel_matrix {
        if let Some(path) = resolve(s, raw, &mut d) {
            match travel_matrix::read(&path, &mut d) {
                Ok(m) => {
                    sources.push(SourceInfo {
                        role: "matriz de tiempos",
                        path: path.display().to_string(),
                        layout: "from,to,minutes".into(),
                        rows: m.len(),
                        records: m.len(),
                    });
                    matrix = Some(m);
                }
                Err(e) => absorb(e, &mut d),
            }
        }
    }

    if let Some(raw) = &sc.data.boundaries {
        if let Some(path) = resolve(s, raw, &mut d) {
            match crate::input::boundaries::read(&path) {
                Ok(b) => {
                    sources.push(SourceInfo {
                        role: "límites estatales",
                        path: path.display().to_string(),
                        layout: "GeoJSON".into(),
                        rows: b.states.len(),
                        records: b.states.len(),
                    });
                    boundaries = Some(b);
                }
                Err(e) => absorb(e, &mut d),
            }
        }
    }

    let mut figures = std::collections::BTreeMap::new();
    if let Some(raw) = &sc.data.published_figures {
        if let Some(path) = resolve(s, raw, &mut d) {
            match crate::input::seeds::read(&path, &mut d) {
                Ok(f) => {
                    sources.push(SourceInfo {
                        role: "cifras publicadas",
                        path: path.display().to_string(),
                        layout: "cifras_por_entidad".into(),
                        rows: f.len(),
                        records: f.len(),
                    });
                    figures = f;
                }
                Err(e) => absorb(e, &mut d),
            }
        }
    }

    network.restrict_to_states(&sc.states);
    if let Some(b) = &boundaries {
        let catalogue = sources.iter().find(|x| x.role == "establecimientos").map_or("establecimientos", |x| x.path.as_str());
        check_units_inside_states(&network, b, catalogue, &mut d);
    }
    check_unknown_states(s, &network, &mut d);

    Loaded {
        network,
        travel: TravelTimes::new(sc.travel.clone(), matrix),
        calendar: sc.calendar.work_calendar(),
        boundaries,
        figures,
        sources,
        diagnostics: d,
    }
}

fn resolve(s: &LoadedScenario, raw: &str, d: &mut Diagnostics) -> Option<std::path::PathBuf> {
    match s.resolve(raw) {
        Ok(p) if p.is_file() => Some(p),
        Ok(p) => {
            d.push(Location { file: &p.display().to_string(), row: None, column: None }.problem(
                Severity::Error,
                "archivo faltante",
                None,
                format!("an existing file named by the scenario {} (as {raw:?})", s.source),
            ));
            None
        }
        Err(e) => {
            d.push(Location { file: &s.source, row: None, column: None }.problem(Severity::Error, "ruta inválida", None, e.to_string()));
            None
        }
    }
}

/// Folds a reader's fatal error into the diagnostics so every file gets read.
fn absorb(e: Error, d: &mut Diagnostics) {
    match e {
        Error::Input(problems) => problems.into_iter().for_each(|p| d.push(p)),
        other => {
            d.push(Location { file: "", row: None, column: None }.problem(Severity::Error, "lectura fallida", None, other.to_string()))
        }
    }
}

/// Units farther than this outside their state's polygon get a warning; closer ones are within
/// the error of simplified boundaries.
const OUTSIDE_TOLERANCE_KM: f64 = 1.0;

fn check_units_inside_states(network: &Network, b: &Boundaries, catalogue: &str, d: &mut Diagnostics) {
    for u in &network.units {
        let Some(poly) = b.of(u.state) else { continue };
        let p = Point::new(u.location.lon, u.location.lat);
        if poly.contains(&p) {
            continue;
        }
        let km = match poly.haversine_closest_point(&p) {
            geo::Closest::Intersection(q) | geo::Closest::SinglePoint(q) => Haversine::distance(p, q) / 1000.0,
            geo::Closest::Indeterminate => f64::INFINITY,
        };
        if km > OUTSIDE_TOLERANCE_KM {
            d.push(Location { file: catalogue, row: None, column: Some("latitud/longitud") }.problem(
                Severity::Warning,
                "unidad fuera de su entidad",
                Some(&format!("{} {}, {}", u.clues, u.location.lat, u.location.lon)),
                format!(
                    "a location inside {} (state {}); it is {km:.1} km outside",
                    almaplan_core::domain::state::name(u.state).unwrap_or("?"),
                    u.state
                ),
            ));
        }
    }
}

fn check_unknown_states(s: &LoadedScenario, network: &Network, d: &mut Diagnostics) {
    let present: HashMap<u8, usize> = network.units.iter().fold(HashMap::new(), |mut m, u| {
        *m.entry(u.state).or_default() += 1;
        m
    });
    for code in &s.scenario.states {
        if !present.contains_key(code) {
            d.push(Location { file: &s.source, row: None, column: Some("states") }.problem(
                Severity::Warning,
                "entidad sin unidades",
                Some(&code.to_string()),
                "a state with units in the establishment data",
            ));
        }
    }
}
