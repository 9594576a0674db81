//! The weekend roster's policy (`[roster]` in a scenario); `models/roster.md` explains each weight.

use serde::{Deserialize, Serialize};

/// Physicians required on a weekend morning for units of at least `min_nucleos` núcleos; the rule
/// with the largest `min_nucleos` not above the unit's size applies
/// ([`required_physicians`](super::instance::required_physicians)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffingRule {
    /// Smallest unit size, in núcleos básicos, the rule applies to.
    pub min_nucleos: u8,
    /// Physicians required each opening day (`r_t`) for such units.
    pub physicians: u32,
}

/// Weekend roster policy (`[roster]`); see `models/roster.md` for what each weight means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RosterParams {
    /// Run the roster planner in `almaplan run` (default true).
    pub enabled: bool,
    /// Longest one-way trip, in minutes, from a physician's base to the unit they cover (default 60).
    pub max_travel_minutes: f64,
    /// Most extra weekend shifts a weekday physician (or intern) takes in a calendar month (`N_s`,
    /// default 2); a staffing file may set it per person.
    pub max_extra_shifts_per_month: u32,
    /// Mandatory rest days (LFT art. 74) that fall on weekdays also need opening (default false).
    /// Weekend contracts cannot take them, and they pay double (art. 75).
    pub open_on_mandatory_rest_days: bool,
    /// Physicians required per weekend morning by unit size (largest matching rule applies); default
    /// 1 for 1–5 núcleos, 2 for 6–11, 3 for 12 and more.
    pub physicians_by_size: Vec<StaffingRule>,
    /// Núcleos a CESSA/CAAPS counts as when applying `physicians_by_size` and weights (default 6).
    pub expanded_services_nucleos: u8,
    /// CSV of target CLUES (`clues`, optional `medicos`) replacing the default target set (fixed
    /// first-level units in operation). Read outside the core into
    /// [`RosterRequest::targets`](super::RosterRequest::targets); the core never opens files.
    pub targets: Option<String>,
    /// Another unit open within this many minutes serves a unit's population that day (neighbours
    /// `N(t)`, default 30).
    pub alternative_minutes: f64,
    /// Share of a unit-day's value earned by opening the unit itself; the rest is earned when any
    /// unit within `alternative_minutes` is open (α, a share 0–1, default 0.5; 1.0 ignores
    /// neighbours).
    pub own_opening_share: f64,
    /// Value of each required physician beyond the first, as a share of the unit's weight (γ,
    /// default 0.25).
    pub extra_physician_value: f64,
    /// Weight multiplier for rural units (default 1.2).
    pub rural_factor: f64,
    /// Weight multipliers by CONAPO grade: muy bajo, bajo, medio, alto, muy alto (default 0.9, 1.0,
    /// 1.1, 1.3, 1.5); 1 when the grade is unknown.
    pub marginalisation_factors: [f64; 5],
    /// Keep at most this many nearest reachable target units per physician (own unit always kept;
    /// default 4). Smaller is a smaller model; `reach` still lists everyone for explaining gaps.
    pub candidate_units_per_physician: usize,
    /// Penalty per extra shift beyond a physician's first of the horizon, doubled beyond the second
    /// (fairness λ_f, default 2; weekday staff and interns).
    pub fairness_penalty: f64,
    /// Penalty per minute of one-way travel of a shift (λ_t, default 0.01).
    pub travel_penalty_per_minute: f64,
    /// Penalty per peso of shift pay, when salaries are known (λ_c, default 0.0001).
    pub cost_penalty_per_peso: f64,
    /// Reach, in one-way minutes, of a new weekend-contract hire from their base (defaults to
    /// `max_travel_minutes`).
    pub hire_max_travel_minutes: Option<f64>,
    /// Safety-net time limit in seconds of the LP that bounds each part of a state's hiring cover
    /// (default 30). The LP stops at a simplex iteration limit first, so its bound is the same on
    /// every run; the hires come from a search that never looks at the clock.
    pub hiring_time_limit_s: f64,
    /// Physicians required per unit: `default` (`physicians_by_size`) or `tabla2` (calibrated to
    /// Tabla 2 of the Comando Alma-Ata guide; needs `tabla2_file`). `models/roster.md` derives it.
    pub staffing_preset: super::baseline::StaffingPreset,
    /// Tabla 2 CSV (`seeds/tabla2_necesidad_medicos_2024.csv`: `tipologia`, `estrato`,
    /// `medicos_necesarios`, `unidades_con_necesidad`): the `tabla2` preset and the need comparison
    /// in `resumen_rol.json`. Read outside the core.
    pub tabla2_file: Option<String>,
    /// CSV of units that already open on weekends (`clues`, optional `medicos`: staff already on
    /// weekend mornings; blank = the whole requirement). The plan keeps them; gap and hires count
    /// only what is missing. Read outside the core.
    pub baseline_units: Option<String>,
    /// Without `baseline_units`: weekend-contract physicians of the staffing file already open
    /// their own unit (default false).
    pub baseline_from_weekend_contracts: bool,
    /// Without the two above: the published block progress share of each state's weekend block
    /// (`avance_bloque{1,2,3}_jun2024` in the national figures) counts that share of its target
    /// units as already open, largest first (default false; `models/roster.md`, «Baseline»).
    pub baseline_from_block_progress: bool,
    /// Consultations one physician offers in a weekend morning shift (default 15; the guide says
    /// 14–16).
    pub consultations_per_physician_shift: f64,
    /// Start date of each hiring phase, bloque 1, 2 and 3 in order (`["2024-06-03", …]`; default
    /// none). Each state's hires belong to the phase of its weekend block.
    pub hiring_phase_dates: Vec<chrono::NaiveDate>,
    /// Rostering by role (`[roster.team]`): physicians, nursing staff and promoters, each with its
    /// requirement per unit size, reach and monthly limit; a unit-day is open only when its
    /// minimum team is there. Off by default (physicians only, as before).
    #[serde(skip_serializing_if = "TeamParams::is_default")]
    pub team: TeamParams,
}

/// Staff of one role required on a weekend morning for units of at least `min_nucleos` núcleos
/// (the rule with the largest `min_nucleos` not above the unit's size applies).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleRule {
    /// Smallest unit size, in núcleos básicos, the rule applies to.
    pub min_nucleos: u8,
    /// Staff of the role required each opening day.
    pub staff: u32,
}

/// The weekend team by role (`[roster.team]`, `models/roster.md` «Roles»). Physicians keep their
/// requirement (`physicians_by_size` or the `tabla2` preset), reach and limits; nursing staff and
/// promoters get their own here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TeamParams {
    /// Plan teams (default false: physicians only, outputs as before).
    pub enabled: bool,
    /// Nursing staff required per weekend morning by unit size; default one per physician of the
    /// default rule: 1 (1–5 núcleos), 2 (6–11), 3 (12+).
    pub nurses_by_size: Vec<RoleRule>,
    /// Promoters required by unit size; default none (no staffing data counts promoters).
    pub promoters_by_size: Vec<RoleRule>,
    /// Physicians a unit-day needs to open (default 1).
    pub min_physicians: u32,
    /// Nursing staff a unit-day needs to open (default 1).
    pub min_nurses: u32,
    /// Promoters a unit-day needs to open (default 0).
    pub min_promoters: u32,
    /// Reach of nursing staff in one-way minutes (default `max_travel_minutes`).
    pub nurse_max_travel_minutes: Option<f64>,
    /// Most extra weekend shifts a month of weekday nursing staff (default
    /// `max_extra_shifts_per_month`; a staffing file may set it per person).
    pub nurse_max_extra_shifts_per_month: Option<u32>,
    /// Reach of promoters in one-way minutes (default `max_travel_minutes`).
    pub promoter_max_travel_minutes: Option<f64>,
    /// Most extra weekend shifts a month of weekday promoters (default `max_extra_shifts_per_month`).
    pub promoter_max_extra_shifts_per_month: Option<u32>,
    /// Nearest reachable targets kept per nursing staff member or promoter (own unit always kept;
    /// default `candidate_units_per_physician`). Nursing staff outnumber physicians two to one,
    /// so a smaller list keeps the model small.
    pub candidate_units_per_staff: Option<usize>,
}

impl Default for TeamParams {
    fn default() -> Self {
        TeamParams {
            enabled: false,
            nurses_by_size: vec![
                RoleRule { min_nucleos: 1, staff: 1 },
                RoleRule { min_nucleos: 6, staff: 2 },
                RoleRule { min_nucleos: 12, staff: 3 },
            ],
            promoters_by_size: Vec::new(),
            min_physicians: 1,
            min_nurses: 1,
            min_promoters: 0,
            nurse_max_travel_minutes: None,
            nurse_max_extra_shifts_per_month: None,
            promoter_max_travel_minutes: None,
            promoter_max_extra_shifts_per_month: None,
            candidate_units_per_staff: None,
        }
    }
}

impl TeamParams {
    /// True when nothing differs from the default (so the effective scenario omits the table).
    pub fn is_default(&self) -> bool {
        *self == TeamParams::default()
    }

    /// Staff of `role` required at a unit of `nucleos` núcleos, not counting physicians (whose
    /// requirement is `r_t`); 0 for a role without a matching rule.
    pub fn required(&self, role: crate::domain::physician::Role, nucleos: u8) -> u32 {
        use crate::domain::physician::Role;
        let rules = match role {
            Role::Medico => return 0,
            Role::Enfermeria => &self.nurses_by_size,
            Role::Promotor => &self.promoters_by_size,
        };
        rules.iter().filter(|r| r.min_nucleos <= nucleos.max(1)).max_by_key(|r| r.min_nucleos).map_or(0, |r| r.staff)
    }

    /// The minimum team per role, indexed by [`Role::index`](crate::domain::physician::Role::index).
    pub fn minimum(&self) -> [u32; 3] {
        [self.min_physicians, self.min_nurses, self.min_promoters]
    }
}

impl RosterParams {
    /// Reach in one-way minutes of staff of `role` (physicians: `max_travel_minutes`).
    pub fn role_max_travel_minutes(&self, role: crate::domain::physician::Role) -> f64 {
        use crate::domain::physician::Role;
        match role {
            Role::Medico => self.max_travel_minutes,
            Role::Enfermeria => self.team.nurse_max_travel_minutes.unwrap_or(self.max_travel_minutes),
            Role::Promotor => self.team.promoter_max_travel_minutes.unwrap_or(self.max_travel_minutes),
        }
    }

    /// Most extra shifts a month of weekday staff of `role` without a per-person limit.
    pub fn role_max_extra_shifts_per_month(&self, role: crate::domain::physician::Role) -> u32 {
        use crate::domain::physician::Role;
        match role {
            Role::Medico => self.max_extra_shifts_per_month,
            Role::Enfermeria => self.team.nurse_max_extra_shifts_per_month.unwrap_or(self.max_extra_shifts_per_month),
            Role::Promotor => self.team.promoter_max_extra_shifts_per_month.unwrap_or(self.max_extra_shifts_per_month),
        }
    }
}

impl Default for RosterParams {
    fn default() -> Self {
        RosterParams {
            enabled: true,
            max_travel_minutes: 60.0,
            max_extra_shifts_per_month: 2,
            open_on_mandatory_rest_days: false,
            physicians_by_size: vec![
                StaffingRule { min_nucleos: 1, physicians: 1 },
                StaffingRule { min_nucleos: 6, physicians: 2 },
                StaffingRule { min_nucleos: 12, physicians: 3 },
            ],
            expanded_services_nucleos: 6,
            targets: None,
            alternative_minutes: 30.0,
            own_opening_share: 0.5,
            extra_physician_value: 0.25,
            rural_factor: 1.2,
            marginalisation_factors: [0.9, 1.0, 1.1, 1.3, 1.5],
            candidate_units_per_physician: 4,
            fairness_penalty: 2.0,
            travel_penalty_per_minute: 0.01,
            cost_penalty_per_peso: 0.0001,
            hire_max_travel_minutes: None,
            hiring_time_limit_s: 30.0,
            staffing_preset: super::baseline::StaffingPreset::Default,
            tabla2_file: None,
            baseline_units: None,
            baseline_from_weekend_contracts: false,
            baseline_from_block_progress: false,
            consultations_per_physician_shift: 15.0,
            hiring_phase_dates: Vec::new(),
            team: TeamParams::default(),
        }
    }
}
