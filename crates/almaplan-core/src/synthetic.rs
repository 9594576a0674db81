//! The synthetic network behind the embedded demo, tests and benchmarks.
//!
//! Deterministic for a seed. Units follow the typology mix of the real IMSS-BIENESTAR catalogue
//! (2026 cut: 40% rural single-núcleo centres, 10% mobile units, urban centres of 1–12 núcleos,
//! CESSA/CAAPS, UNEMEs, hospitals…) and sit around towns inside real states' extents; staffing
//! follows núcleos básicos with vacancies that concentrate in small rural units; localities are
//! towns and villages with skewed populations. Every record is flagged `synthetic` and CLUES keys
//! carry `SYN` (`HGSYN000012`) so nobody mistakes them for real units.

use crate::domain::marginalisation::{MarginGrade, Marginalisation};
use crate::domain::physician::{Contract, Physician, PhysicianOrigin, Role};
use crate::domain::unit::{CareLevel, OperationStatus, Region, Stratum, Unit, UnitKind};
use crate::domain::{LatLon, Locality, Network};

pub use almaplan_vrp::Rng;

/// How big a synthetic network to generate (scenario `[data] synthetic = { units = …, states = … }`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyntheticSpec {
    /// Number of units to generate (all kinds).
    pub units: usize,
    /// Number of states to spread them over (1 to [`MAX_STATES`]; default 3). They are drawn inside
    /// real states' extents in a fixed order: Hidalgo (13) first, then Tlaxcala (29), Morelos (17),
    /// Guerrero (12), Oaxaca (20), …, and carry those INEGI codes.
    #[serde(default = "default_synthetic_states")]
    pub states: usize,
}

fn default_synthetic_states() -> usize {
    3
}

/// Typologies and their counts in the real catalogue (`imssb_clues_2026.csv`).
const TYPOLOGY_MIX: [(&str, f64); 26] = [
    ("RURAL DE 01 NÚCLEO BÁSICO", 4200.0),
    ("RURAL DE 02 NÚCLEOS BÁSICOS", 450.0),
    ("RURAL DE 03 NÚCLEOS BÁSICOS Y MÁS", 67.0),
    ("URBANO DE 01 NÚCLEOS BÁSICOS", 1013.0),
    ("URBANO DE 02 NÚCLEOS BÁSICOS", 996.0),
    ("URBANO DE 03 NÚCLEOS BÁSICOS", 537.0),
    ("URBANO DE 04 NÚCLEOS BÁSICOS", 208.0),
    ("URBANO DE 05 NÚCLEOS BÁSICOS", 120.0),
    ("URBANO DE 06 NÚCLEOS BÁSICOS", 190.0),
    ("URBANO DE 07 NÚCLEOS BÁSICOS", 46.0),
    ("URBANO DE 08 NÚCLEOS BÁSICOS", 47.0),
    ("URBANO DE 09 NÚCLEOS BÁSICOS", 22.0),
    ("URBANO DE 10 NÚCLEOS BÁSICOS", 34.0),
    ("URBANO DE 11 NÚCLEOS BÁSICOS", 6.0),
    ("URBANO DE 12 NÚCLEOS BÁSICOS Y MÁS", 62.0),
    ("UNIDAD MÓVIL", 1115.0),
    ("UNIDAD DE ESPECIALIDADES MÉDICAS (UNEMES)", 408.0),
    ("CENTROS AVANZADOS DE ATENCIÓN PRIMARIA A LA SALUD (CAAPS)", 162.0),
    ("CENTROS DE SALUD CON SERVICIOS AMPLIADOS", 142.0),
    ("HOSPITAL INTEGRAL (COMUNITARIO)", 254.0),
    ("HOSPITAL GENERAL", 253.0),
    ("HOSPITAL ESPECIALIZADO", 76.0),
    ("CLÍNICA DE ESPECIALIDADES", 82.0),
    ("CENTRO DE SALUD CON HOSPITALIZACIÓN", 20.0),
    ("OFICINAS ADMINISTRATIVAS", 16.0),
    ("ALMACENES", 13.0),
];

/// A real state's INEGI code, CLUES prefix, latitude range and longitude range.
type StateBox = (u8, &'static str, (f64, f64), (f64, f64));

/// Real states the synthetic ones are drawn inside.
const STATE_BOXES: [StateBox; 10] = [
    (13, "HG", (19.65, 21.35), (-99.75, -98.05)),
    (29, "TL", (19.15, 19.70), (-98.65, -97.70)),
    (17, "MS", (18.40, 19.10), (-99.45, -98.65)),
    (12, "GR", (16.70, 18.60), (-101.90, -98.30)),
    (20, "OC", (16.00, 18.30), (-98.30, -94.20)),
    (7, "CS", (14.90, 17.70), (-93.90, -90.60)),
    (21, "PL", (18.10, 20.60), (-98.50, -96.90)),
    (15, "MC", (18.50, 20.10), (-100.40, -98.70)),
    (16, "MN", (18.10, 20.20), (-103.40, -100.20)),
    (24, "SP", (21.30, 24.30), (-101.90, -98.50)),
];

/// Largest number of synthetic states.
pub const MAX_STATES: usize = STATE_BOXES.len();

struct Town {
    location: LatLon,
    population: u32,
    urban: bool,
    municipality: u16,
}

/// Generates a network of `spec.units` units split evenly over `spec.states` states (clamped to
/// 1..=[`MAX_STATES`]), with their towns as localities and staffing from núcleos básicos with
/// vacancies ([`staffing_from_nucleos`]). The same spec and seed give the same network.
///
/// ```
/// use almaplan_core::synthetic::{generate, SyntheticSpec};
///
/// let network = generate(&SyntheticSpec { units: 120, states: 2 }, 7);
/// assert_eq!(network.units.len(), 120);
/// assert!(network.synthetic && network.units.iter().all(|u| u.clues.contains("SYN")));
/// assert_eq!(network.summary_by_state().iter().map(|s| s.clave).collect::<Vec<_>>(), [13, 29]);
/// ```
pub fn generate(spec: &SyntheticSpec, seed: u64) -> Network {
    let mut rng = Rng::new(seed);
    let n_states = spec.states.clamp(1, MAX_STATES);
    let mut network = Network { synthetic: true, synthetic_staffing: true, ..Default::default() };
    let weights: Vec<f64> = TYPOLOGY_MIX.iter().map(|t| t.1).collect();
    for (s, &(code, prefix, lat, lon)) in STATE_BOXES.iter().take(n_states).enumerate() {
        let units_here = spec.units / n_states + usize::from(s < spec.units % n_states);
        let towns = make_towns(&mut rng, units_here, lat, lon);
        let grades = municipality_grades(&mut rng, &towns);
        let by_kind = TownsByKind::new(&towns);
        let mut serial = 0u32;
        let mut first_fixed: Vec<usize> = Vec::new();
        for _ in 0..units_here {
            serial += 1;
            let typology = TYPOLOGY_MIX[rng.weighted(&weights)].0;
            let kind = UnitKind::from_typology(typology).expect("mix uses known typologies");
            let rural_typology = typology.starts_with("RURAL");
            let town = by_kind.pick(&mut rng, kind, rural_typology);
            let t = &towns[town];
            let spread_km = if t.urban { 2.5 } else { 4.0 };
            let location = jitter(&mut rng, t.location, spread_km, lat, lon);
            let stratum = if rural_typology || (!t.urban && !typology.starts_with("URBANO")) { Stratum::Rural } else { Stratum::Urbano };
            let level = match kind {
                UnitKind::Hospital => CareLevel::Segundo,
                UnitKind::Mobile if rng.chance(0.2) => CareLevel::NoAplica,
                UnitKind::Other if typology.starts_with("OFICINAS") || typology.starts_with("ALMACENES") => CareLevel::NoAplica,
                _ => CareLevel::Primer,
            };
            let status = if rng.chance(0.98) { OperationStatus::EnOperacion } else { OperationStatus::FueraDeOperacion };
            let region_band = (((location.lon - lon.0) / (lon.1 - lon.0)) * 4.0).clamp(0.0, 3.0) as u32;
            let unit = Unit {
                clues: format!("{prefix}SYN{serial:06}"),
                clues_ssa: Some(format!("{prefix}SSY{serial:06}")),
                name: format!("{} SINTÉTICA {serial}", kind.label().to_uppercase()),
                state: code,
                municipality: t.municipality,
                municipality_name: format!("MUNICIPIO SINTÉTICO {}", t.municipality),
                locality: 1 + town as u32,
                locality_name: format!("LOCALIDAD SINTÉTICA {}", town + 1),
                typology: typology.to_string(),
                kind,
                stratum: Some(stratum),
                region: Some(Region { code: code as u32 * 100 + region_band + 1, name: format!("REGIÓN SINTÉTICA {}", region_band + 1) }),
                location,
                status,
                level: Some(level),
                marginalisation: Some(grades[(t.municipality - 1) as usize]),
                synthetic: true,
            };
            if unit.kind.is_fixed_primary_care() {
                first_fixed.push(network.units.len());
            }
            network.units.push(unit);
        }
        // Many mobile units are based at a fixed unit (355 of 1,000 in the catalogue share their
        // base's coordinates): put about a third of them there.
        let n = network.units.len();
        for i in (n - units_here)..n {
            if network.units[i].kind == UnitKind::Mobile && !first_fixed.is_empty() && rng.chance(0.35) {
                let base = first_fixed[rng.below(first_fixed.len())];
                network.units[i].location = network.units[base].location;
            }
        }
        add_localities(&mut rng, &mut network, code, &towns, &grades, lat, lon);
    }
    let physicians = staffing_from_nucleos(&network.units, &mut rng, true);
    network.physicians = physicians;
    network
}

fn make_towns(rng: &mut Rng, units: usize, lat: (f64, f64), lon: (f64, f64)) -> Vec<Town> {
    let n_towns = (units / 5).max(4);
    let n_municipalities = (n_towns / 4).max(2) as u16;
    (0..n_towns)
        .map(|i| {
            let location = LatLon::new(lat.0 + rng.f64() * (lat.1 - lat.0), lon.0 + rng.f64() * (lon.1 - lon.0));
            // A few cities, many small towns: Zipf-like sizes.
            let population = (250_000.0 / (1.0 + i as f64).powf(1.1)).max(1500.0) as u32;
            let urban = population >= 2500 && (i < n_towns / 3 || rng.chance(0.2));
            let cell_lat = ((location.lat - lat.0) / (lat.1 - lat.0) * 8.0) as u16;
            let cell_lon = ((location.lon - lon.0) / (lon.1 - lon.0) * 8.0) as u16;
            let municipality = 1 + (cell_lat.min(7) * 8 + cell_lon.min(7)) % n_municipalities;
            Town { location, population, urban, municipality }
        })
        .collect()
}

fn municipality_grades(rng: &mut Rng, towns: &[Town]) -> Vec<Marginalisation> {
    let n = towns.iter().map(|t| t.municipality).max().unwrap_or(1) as usize;
    (0..n)
        .map(|m| {
            let urban_share = towns.iter().filter(|t| t.municipality as usize == m + 1 && t.urban).count() as f64
                / towns.iter().filter(|t| t.municipality as usize == m + 1).count().max(1) as f64;
            let index = 50.0 + 8.0 * urban_share + 3.0 * rng.normal();
            let grade = match index {
                i if i >= 58.0 => MarginGrade::MuyBajo,
                i if i >= 55.0 => MarginGrade::Bajo,
                i if i >= 52.0 => MarginGrade::Medio,
                i if i >= 48.0 => MarginGrade::Alto,
                _ => MarginGrade::MuyAlto,
            };
            Marginalisation { index, grade }
        })
        .collect()
}

/// Towns split by kind, so that placing a unit is a constant-time draw.
struct TownsByKind {
    urban: Vec<usize>,
    rural: Vec<usize>,
    largest: usize,
}

impl TownsByKind {
    fn new(towns: &[Town]) -> Self {
        let urban: Vec<usize> = (0..towns.len()).filter(|&i| towns[i].urban).collect();
        let rural: Vec<usize> = (0..towns.len()).filter(|&i| !towns[i].urban).collect();
        TownsByKind { urban, rural, largest: (towns.len() / 6).max(1) }
    }

    fn pick(&self, rng: &mut Rng, kind: UnitKind, rural_typology: bool) -> usize {
        let from = |rng: &mut Rng, v: &[usize], fallback: &[usize]| {
            let v = if v.is_empty() { fallback } else { v };
            v[rng.below(v.len())]
        };
        match kind {
            // Hospitals and specialised units sit in the largest towns (towns are sorted by size).
            UnitKind::Hospital | UnitKind::Uneme | UnitKind::Other => rng.below(self.largest),
            UnitKind::Mobile => from(rng, &self.rural, &self.urban),
            _ if rural_typology => from(rng, &self.rural, &self.urban),
            _ => from(rng, &self.urban, &self.rural),
        }
    }
}

/// A point within about `km` of `p`, kept inside the state's box.
fn jitter(rng: &mut Rng, p: LatLon, km: f64, lat: (f64, f64), lon: (f64, f64)) -> LatLon {
    let dlat = rng.normal() * km / 111.0;
    let dlon = rng.normal() * km / (111.0 * p.lat.to_radians().cos());
    LatLon::new((p.lat + dlat).clamp(lat.0, lat.1), (p.lon + dlon).clamp(lon.0, lon.1))
}

fn add_localities(
    rng: &mut Rng,
    network: &mut Network,
    state: u8,
    towns: &[Town],
    grades: &[Marginalisation],
    lat: (f64, f64),
    lon: (f64, f64),
) {
    let mut code = 0u16;
    for (i, t) in towns.iter().enumerate() {
        code += 1;
        let indigenous_share = if grades[(t.municipality - 1) as usize].grade >= MarginGrade::Alto { 0.3 } else { 0.03 };
        network.localities.push(locality(
            state,
            t.municipality,
            code,
            format!("LOCALIDAD SINTÉTICA {}", i + 1),
            t.location,
            t.population,
            indigenous_share,
            t.urban,
            grades,
        ));
        // Villages scattered around each town: most people in small places far from a city.
        let villages = 3 + rng.below(6);
        for _ in 0..villages {
            code += 1;
            let population = (rng.normal() * 1.1 + 5.6).exp().clamp(20.0, 4000.0) as u32;
            let location = jitter(rng, t.location, 12.0, lat, lon);
            let name = format!("RANCHERÍA SINTÉTICA {code}");
            network.localities.push(locality(state, t.municipality, code, name, location, population, indigenous_share, false, grades));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn locality(
    state: u8,
    municipality: u16,
    code: u16,
    name: String,
    location: LatLon,
    population: u32,
    indigenous_share: f64,
    urban: bool,
    grades: &[Marginalisation],
) -> Locality {
    Locality {
        cvegeo: Locality::cvegeo_of(state, municipality, code),
        state,
        municipality,
        code,
        name,
        location,
        ambito: Some(if urban { Stratum::Urbano } else { Stratum::Rural }),
        population: Some(population),
        indigenous_speakers: Some((population as f64 * indigenous_share) as u32),
        without_social_security: Some((population as f64 * if urban { 0.45 } else { 0.75 }) as u32),
        marginalisation: Some(grades[(municipality - 1) as usize]),
        synthetic: true,
    }
}

/// One weekday physician per núcleo básico in operation (six per CESSA/CAAPS, two per UNEME), with
/// vacancies (a quarter of single-núcleo rural centres lack their physician, as the published
/// gap of 7,194 physicians in 1,503 units suggests), and interns in a third of rural centres.
/// Used by the demo and by scenarios with `synthesise_staffing = true`; every record is
/// [`PhysicianOrigin::Synthetic`].
pub fn staffing_from_nucleos(units: &[Unit], rng: &mut Rng, with_vacancies: bool) -> Vec<Physician> {
    let mut out = Vec::new();
    for u in units.iter().filter(|u| u.is_first_level_in_operation()) {
        let posts = match u.kind {
            UnitKind::HealthCentre { nucleos } => nucleos as u32,
            UnitKind::ExpandedServices => 6,
            UnitKind::Uneme => 2,
            _ => 0,
        };
        let rural = u.stratum == Some(Stratum::Rural);
        let vacancy_rate = match (rural, posts) {
            (_, 0) => 0.0,
            (true, 1) => 0.25,
            (true, _) => 0.15,
            (false, _) => 0.08,
        };
        let mut k = 0;
        for _ in 0..posts {
            if with_vacancies && rng.chance(vacancy_rate) {
                continue;
            }
            k += 1;
            out.push(synthetic_physician(u, "MG", k, Contract::EntreSemana));
        }
        if rural && u.kind.is_fixed_primary_care() && rng.chance(0.33) {
            out.push(synthetic_physician(u, "MPSS", 1, Contract::Pasante));
        }
    }
    out
}

/// Nursing staff of the núcleos básicos in operation, for the roster's teams (`[roster.team]`):
/// the núcleo básico is one physician, two nursing staff and one promoter, so two weekday nurses
/// per núcleo (twelve per CESSA/CAAPS, four per UNEME), without vacancies and without the RNG (the
/// physicians' draws stay as they were). Promoters are not synthesised: no staffing data counts
/// them. Every record is [`PhysicianOrigin::Synthetic`] with role [`Role::Enfermeria`].
pub fn nurses_from_nucleos(units: &[Unit]) -> Vec<Physician> {
    let mut out = Vec::new();
    for u in units.iter().filter(|u| u.is_first_level_in_operation()) {
        let posts = match u.kind {
            UnitKind::HealthCentre { nucleos } => 2 * nucleos as u32,
            UnitKind::ExpandedServices => 12,
            UnitKind::Uneme => 4,
            _ => 0,
        };
        for k in 1..=posts {
            out.push(Physician { role: Role::Enfermeria, ..synthetic_physician(u, "ENF", k, Contract::EntreSemana) });
        }
    }
    out
}

fn synthetic_physician(u: &Unit, tag: &str, k: u32, contract: Contract) -> Physician {
    Physician {
        id: format!("SYN-{}-{tag}{k:02}", u.clues),
        base: u.clues.clone(),
        contract,
        unavailable: Vec::new(),
        max_extra_shifts_per_month: None,
        daily_salary: None,
        origin: PhysicianOrigin::Synthetic,
        role: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::check_in_mexico;

    #[test]
    fn same_seed_same_network_and_realistic_mix() {
        let spec = SyntheticSpec { units: 2000, states: 3 };
        let a = generate(&spec, 7);
        let b = generate(&spec, 7);
        assert_eq!(format!("{:?}", a.units), format!("{:?}", b.units));
        assert_eq!(a.units.len(), 2000);
        assert!(a.units.iter().all(|u| u.synthetic && check_in_mexico(u.location).is_ok()));
        let rural1 = a.units.iter().filter(|u| u.typology == "RURAL DE 01 NÚCLEO BÁSICO").count() as f64;
        // 4,200 of 10,573 in the real catalogue: 39.7%.
        assert!((0.35..0.45).contains(&(rural1 / 2000.0)), "{rural1}");
        let mobile = a.units.iter().filter(|u| u.kind == UnitKind::Mobile).count() as f64;
        assert!((0.08..0.13).contains(&(mobile / 2000.0)), "{mobile}");
        assert!(!a.physicians.is_empty() && !a.localities.is_empty());
        let c = generate(&spec, 8);
        assert_ne!(format!("{:?}", a.units[0].location), format!("{:?}", c.units[0].location));
    }
}
