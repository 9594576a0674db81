//! Health establishments (units) of the IMSS-BIENESTAR network.
//!
//! The official typology name says what a unit is. A fixed health centre is sized in **núcleos
//! básicos** (one general physician, two nurses and a promoter for about 3,000 people):
//! "URBANO DE 04 NÚCLEOS BÁSICOS" has four, "URBANO DE 12 NÚCLEOS BÁSICOS Y MÁS" twelve or more
//! (counted as 12), "RURAL DE 03 NÚCLEOS BÁSICOS Y MÁS" three or more (counted as 3).
//!
//! A unit is identified by its **CLUES** (Clave Única de Establecimientos de Salud), the national
//! key of every health establishment. Planners mostly care about the units that are in operation
//! at the first level of care ([`Unit::is_first_level_in_operation`]); among them the fixed
//! health centres and CESSA/CAAPS ([`UnitKind::is_fixed_primary_care`]) are the weekend-opening
//! targets of the roster planner, and all but hospitals are visited by the Comando Alma-Ata
//! brigades (`models/zones.md`, «Units zoned»). Mobile units ([`UnitKind::Mobile`]) are the bases
//! of the mobile-unit routes (`models/routes.md`).

use serde::Serialize;

use super::marginalisation::Marginalisation;
use super::LatLon;

/// What kind of establishment a unit is, derived from its typology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum UnitKind {
    /// Fixed health centre with its number of núcleos básicos.
    HealthCentre {
        /// Núcleos básicos (1 to 12; "12 y más" counts as 12, "03 y más" rural as 3).
        nucleos: u8,
    },
    /// Expanded-services centre: CESSA or CAAPS.
    ExpandedServices,
    /// Specialised outpatient unit (UNEME).
    Uneme,
    /// Mobile medical unit (unidad móvil, UMM).
    Mobile,
    /// Hospital of any level (general, integral/community, specialised; mobile hospitals too).
    /// Hospitals are the candidate centres of the zones planner's p-median.
    Hospital,
    /// Anything else: clinics, offices, warehouses, laboratories, unknown typologies.
    Other,
}

impl UnitKind {
    /// Derives the kind from the official typology name; `None` when the name is not one we know
    /// (the unit is then kept as [`UnitKind::Other`] with a warning).
    pub fn from_typology(typology: &str) -> Option<UnitKind> {
        let t = super::state::fold(typology);
        if t.contains("NUCLEO") {
            // "RURAL DE 01 NÚCLEO BÁSICO", "URBANO DE 12 NÚCLEOS BÁSICOS Y MÁS"
            let digits: String = t.split_whitespace().find(|w| w.chars().all(|c| c.is_ascii_digit()))?.to_string();
            let n: u8 = digits.parse().ok()?;
            return (n >= 1).then_some(UnitKind::HealthCentre { nucleos: n });
        }
        if t.contains("MOVIL") && t.starts_with("HOSPITAL") {
            return Some(UnitKind::Hospital);
        }
        if t.contains("UNIDAD MOVIL") {
            return Some(UnitKind::Mobile);
        }
        if t.contains("SERVICIOS AMPLIADOS") || t.contains("CAAPS") || t.contains("CESSA") {
            return Some(UnitKind::ExpandedServices);
        }
        if t.contains("UNEME") {
            return Some(UnitKind::Uneme);
        }
        if t.starts_with("HOSPITAL") {
            return Some(UnitKind::Hospital);
        }
        const OTHER: [&str; 8] = [
            "CLINICA DE ESPECIALIDADES",
            "CENTRO DE SALUD CON HOSPITALIZACION",
            "CONSULTORIO DELEGACIONAL",
            "OFICINAS ADMINISTRATIVAS",
            "ALMACENES",
            "LABORATORIOS",
            "OTROS ESTABLECIMIENTOS DE APOYO",
            "NO ESPECIFICADO",
        ];
        OTHER.iter().any(|o| t.starts_with(o)).then_some(UnitKind::Other)
    }

    /// Núcleos básicos of a health centre; `None` for every other kind (see [`Unit::nucleos`] for
    /// the zero-defaulting form).
    pub fn nucleos(self) -> Option<u8> {
        match self {
            UnitKind::HealthCentre { nucleos } => Some(nucleos),
            _ => None,
        }
    }

    /// Fixed first-contact facility: a health centre of any size or CESSA/CAAPS. These are the
    /// units the weekend-opening policy targets.
    pub fn is_fixed_primary_care(self) -> bool {
        matches!(self, UnitKind::HealthCentre { .. } | UnitKind::ExpandedServices)
    }

    /// Spanish label for outputs and messages ("centro de salud", "unidad móvil", …).
    pub fn label(self) -> &'static str {
        match self {
            UnitKind::HealthCentre { .. } => "centro de salud",
            UnitKind::ExpandedServices => "servicios ampliados (CESSA/CAAPS)",
            UnitKind::Uneme => "UNEME",
            UnitKind::Mobile => "unidad móvil",
            UnitKind::Hospital => "hospital",
            UnitKind::Other => "otro",
        }
    }
}

/// Urban or rural stratum of a unit (the catalogue's `estrato_unidad`) or locality (INEGI's
/// ámbito). It sets the travel speed ([`crate::territory::TravelParams`]) and the roster's
/// `rural_factor` on the value of opening a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Stratum {
    /// Rural: slower roads (`rural_kmh`), higher opening value in the roster.
    Rural,
    /// Urban: city traffic (`urban_kmh`).
    Urbano,
}

impl Stratum {
    /// Reads `RURAL`/`R` or `URBANO`/`U`, ignoring case and accents; `None` otherwise.
    pub fn parse(s: &str) -> Option<Stratum> {
        match super::state::fold(s).as_str() {
            "RURAL" | "R" => Some(Stratum::Rural),
            "URBANO" | "U" => Some(Stratum::Urbano),
            _ => None,
        }
    }

    /// The catalogue spelling: `RURAL` or `URBANO`.
    pub fn label(self) -> &'static str {
        match self {
            Stratum::Rural => "RURAL",
            Stratum::Urbano => "URBANO",
        }
    }
}

/// Operation status of a unit (`estatus_de_operacion`). Only units [`EnOperacion`](Self::EnOperacion)
/// are planned for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum OperationStatus {
    /// In operation (`EN OPERACION`, code 1).
    EnOperacion,
    /// Out of operation (`FUERA DE OPERACION`, code 2).
    FueraDeOperacion,
    /// Under construction or pending opening.
    Pendiente,
}

impl OperationStatus {
    /// Reads the catalogue text or code (`EN OPERACION`/`1`, `FUERA DE OPERACION`/`2`, anything with
    /// `CONSTRUCCION` or `PENDIENTE`), ignoring case and accents; `None` otherwise.
    pub fn parse(s: &str) -> Option<OperationStatus> {
        let s = super::state::fold(s);
        match s.as_str() {
            "EN OPERACION" | "1" => Some(OperationStatus::EnOperacion),
            "FUERA DE OPERACION" | "2" => Some(OperationStatus::FueraDeOperacion),
            _ if s.contains("CONSTRUCCION") || s.contains("PENDIENTE") => Some(OperationStatus::Pendiente),
            _ => None,
        }
    }
}

impl OperationStatus {
    /// The status in words, as users read it: `en operación`, `fuera de operación`, `pendiente`.
    pub fn label(self) -> &'static str {
        match self {
            OperationStatus::EnOperacion => "en operación",
            OperationStatus::FueraDeOperacion => "fuera de operación",
            OperationStatus::Pendiente => "pendiente",
        }
    }
}

/// Level of care (`nivel_atencion`): first level is primary care, where weekend opening, the
/// Comando Alma-Ata visits and mobile units work; second and third are hospitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum CareLevel {
    /// First level (primer nivel): health centres, CESSA/CAAPS, UNEMEs, mobile units.
    Primer,
    /// Second level (segundo nivel): general and community hospitals.
    Segundo,
    /// Third level (tercer nivel): high-specialty hospitals.
    Tercer,
    /// Not applicable (`NO APLICA`): offices, warehouses, laboratories.
    NoAplica,
}

impl CareLevel {
    /// Reads `PRIMER NIVEL`, `SEGUNDO NIVEL`, `TERCER NIVEL` or `NO APLICA`, ignoring case and
    /// accents; `None` otherwise.
    pub fn parse(s: &str) -> Option<CareLevel> {
        match super::state::fold(s).as_str() {
            "PRIMER NIVEL" => Some(CareLevel::Primer),
            "SEGUNDO NIVEL" => Some(CareLevel::Segundo),
            "TERCER NIVEL" => Some(CareLevel::Tercer),
            "NO APLICA" => Some(CareLevel::NoAplica),
            _ => None,
        }
    }
}

/// Operative region (región operativa) of the IMSS-BIENESTAR catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Region {
    /// Region code (`cve_ro`).
    pub code: u32,
    /// Region name (`nombre_region`).
    pub name: String,
}

/// A health establishment.
#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    /// IMSS-BIENESTAR CLUES key (e.g. `HGIMB000011`).
    pub clues: String,
    /// Old state-SSA CLUES key (e.g. `HGSSA000156`), which staffing systems still use.
    pub clues_ssa: Option<String>,
    /// Name of the unit as the catalogue writes it.
    pub name: String,
    /// INEGI state code (entidad), 1–32.
    pub state: u8,
    /// INEGI municipality code within the state (3 digits).
    pub municipality: u16,
    /// Municipality name.
    pub municipality_name: String,
    /// INEGI locality code within the municipality (4 digits).
    pub locality: u32,
    /// Locality name.
    pub locality_name: String,
    /// Official typology name (`nombre_de_tipologia`), e.g. "RURAL DE 01 NÚCLEO BÁSICO"; `kind` is
    /// derived from it.
    pub typology: String,
    /// What the unit is, from its typology ([`UnitKind::from_typology`]).
    pub kind: UnitKind,
    /// Urban or rural (`estrato_unidad`); `None` when the catalogue does not say (travel then
    /// uses `unknown_kmh`).
    pub stratum: Option<Stratum>,
    /// Operative region (only in the IMSS-BIENESTAR layout); the zones planner may use it as the
    /// zone (`use_region_column`).
    pub region: Option<Region>,
    /// Coordinates, checked to lie in Mexico ([`check_in_mexico`](super::check_in_mexico)).
    pub location: LatLon,
    /// Operation status; planners use units in operation only.
    pub status: OperationStatus,
    /// Level of care; `None` when the catalogue value was not recognised.
    pub level: Option<CareLevel>,
    /// CONAPO marginalisation of the unit's municipality, once joined
    /// ([`Network::join_marginalisation`](super::Network::join_marginalisation)); `None` before or when
    /// the municipality is unknown.
    pub marginalisation: Option<Marginalisation>,
    /// True when the unit was generated by the synthetic demo, not read from a catalogue.
    pub synthetic: bool,
}

impl Unit {
    /// Status is [`OperationStatus::EnOperacion`].
    pub fn in_operation(&self) -> bool {
        self.status == OperationStatus::EnOperacion
    }

    /// First level of care and in operation (the 9,460 of the 2026 catalogue).
    pub fn is_first_level_in_operation(&self) -> bool {
        self.in_operation() && self.level == Some(CareLevel::Primer)
    }

    /// Núcleos básicos of a health centre; zero for other kinds.
    pub fn nucleos(&self) -> u8 {
        self.kind.nucleos().unwrap_or(0)
    }

    /// Municipality key `state*1000 + municipality` (CONAPO's `CVE_MUN`).
    pub fn municipality_key(&self) -> u32 {
        super::marginalisation::municipality_key(self.state, self.municipality)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typology_gives_kind_and_nucleos() {
        let k = |s| UnitKind::from_typology(s);
        assert_eq!(k("RURAL DE 01 NÚCLEO BÁSICO"), Some(UnitKind::HealthCentre { nucleos: 1 }));
        assert_eq!(k("URBANO DE 12 NÚCLEOS BÁSICOS Y MÁS"), Some(UnitKind::HealthCentre { nucleos: 12 }));
        assert_eq!(k("RURAL DE 03 NÚCLEOS BÁSICOS Y MÁS"), Some(UnitKind::HealthCentre { nucleos: 3 }));
        assert_eq!(k("UNIDAD MÓVIL"), Some(UnitKind::Mobile));
        assert_eq!(k("HOSPITAL MOVIL"), Some(UnitKind::Hospital));
        assert_eq!(k("CENTROS AVANZADOS DE ATENCIÓN PRIMARIA A LA SALUD (CAAPS)"), Some(UnitKind::ExpandedServices));
        assert_eq!(k("CENTROS DE SALUD CON SERVICIOS AMPLIADOS"), Some(UnitKind::ExpandedServices));
        assert_eq!(k("UNIDAD DE ESPECIALIDADES MÉDICAS (UNEMES)"), Some(UnitKind::Uneme));
        assert_eq!(k("HOSPITAL INTEGRAL (COMUNITARIO)"), Some(UnitKind::Hospital));
        assert_eq!(k("CENTRO DE SALUD CON HOSPITALIZACIÓN"), Some(UnitKind::Other));
        assert_eq!(k("CASA DE SALUD"), None);
    }
}
