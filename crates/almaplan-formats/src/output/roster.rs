//! Weekend roster outputs, with Spanish column names as HR uses them: the roster (CSV and XLSX with
//! one sheet per state), unit coverage, physician load, gaps with reasons, grouped gap summaries,
//! the hiring plan and `resumen_rol.json`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::json;

use crate::input::seeds::StateFigures;
use crate::output::{fixed, write_atomic, write_csv, write_json};

#[path = "roster_workbook.rs"]
mod workbook;
use almaplan_core::domain::calendar::weekday_es;
use almaplan_core::domain::{Network, Unit};
use almaplan_core::error::Error;
use almaplan_core::planners::roster::RosterPlan;

/// Context the files need besides the plan.
#[derive(Clone, Copy)]
pub struct RosterOutput<'a> {
    /// The network the plan indexes into (units and physicians).
    pub network: &'a Network,
    /// The solved roster.
    pub plan: &'a RosterPlan,
    /// Published figures by state, for the weekend block column and the targets in the summary.
    pub figures: &'a BTreeMap<u8, StateFigures>,
    /// Replace physician ids with sequential codes (M00001…).
    pub anonymise: bool,
    /// Scenario name recorded in `resumen_rol.json`.
    pub scenario_name: &'a str,
}

fn zone(u: &Unit) -> String {
    u.region.as_ref().map(|r| r.name.clone()).unwrap_or_default()
}

fn state_name(code: u8) -> String {
    almaplan_core::domain::state::name(code).unwrap_or("").to_string()
}

/// How a column is written to the workbook: text, a number, or a date (from `AAAA-MM-DD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Number,
    Date,
}

use Kind::{Date, Number, Text};

/// The roster's columns: CSV name, the workbook's Spanish label, kind.
pub const ROSTER_COLUMNS: [(&str, &str); 11] = [
    ("fecha", "Fecha"),
    ("dia", "Día"),
    ("entidad", "Entidad"),
    ("zona", "Zona"),
    ("clues", "CLUES"),
    ("unidad", "Unidad"),
    ("medico_id", "Médico"),
    ("tipo_contrato", "Tipo de contrato"),
    ("minutos_traslado", "Minutos de traslado"),
    ("costo", "Costo (pesos)"),
    ("fijo", "Fijo"),
];
pub(crate) const ROSTER_KINDS: [Kind; 11] = [Date, Text, Text, Text, Text, Text, Text, Text, Number, Number, Text];

/// `cobertura_unidades.csv` and the workbook's «Cobertura» sheet.
pub(crate) const COVERAGE: [(&str, &str, Kind); 12] = [
    ("entidad", "Entidad", Text),
    ("zona", "Zona", Text),
    ("bloque", "Bloque", Text),
    ("clues", "CLUES", Text),
    ("unidad", "Unidad", Text),
    ("nucleos", "Núcleos", Number),
    ("medicos_requeridos", "Médicos requeridos", Number),
    ("dias_requeridos", "Días requeridos", Number),
    ("dias_cubiertos", "Días cubiertos", Number),
    ("turnos_asignados", "Turnos asignados", Number),
    ("cobertura_pct", "Cobertura (%)", Number),
    ("peso", "Peso", Number),
];

/// `brechas_fin_de_semana.csv` and the workbook's «Brechas» sheet (which shows the description,
/// not the code, as the reason).
pub(crate) const GAPS: [(&str, &str, Kind); 11] = [
    ("fecha", "Fecha", Date),
    ("dia", "Día", Text),
    ("entidad", "Entidad", Text),
    ("zona", "Zona", Text),
    ("bloque", "Bloque", Text),
    ("clues", "CLUES", Text),
    ("unidad", "Unidad", Text),
    ("medicos_requeridos", "Médicos requeridos", Number),
    ("medicos_asignados", "Médicos asignados", Number),
    ("razon", "Código de razón", Text),
    ("descripcion", "Razón", Text),
];

/// `contrataciones.csv` and the workbook's «Contrataciones» sheet.
/// Rows go by bloque (1 → 2 → 3, states without a block last) and, within a bloque, by
/// `prioridad_en_bloque`: the hires that close the most weekend unit-days per person first.
pub(crate) const HIRES: [(&str, &str, Kind); 10] = [
    ("entidad", "Entidad", Text),
    ("zona", "Zona", Text),
    ("bloque", "Bloque", Text),
    ("clues_base", "CLUES base", Text),
    ("unidad", "Unidad", Text),
    ("contrataciones", "Contrataciones", Number),
    ("unidades_cubiertas", "Unidades cubiertas", Number),
    ("unidades_dia_cubiertas", "Unidades-día cubiertas", Number),
    ("clues_cubiertas", "CLUES cubiertas", Text),
    ("prioridad_en_bloque", "Prioridad en el bloque", Number),
];

/// The role column every roster file adds, last, when the plan has teams (`[roster.team]`):
/// `medico`, `enfermeria` or `promotor`.
pub const ROLE_COLUMN: (&str, &str) = ("rol", "Rol");

/// `columns` with the role column appended when the plan has teams.
pub(crate) fn with_role<'c>(mut columns: Vec<(&'c str, &'c str, Kind)>, plan: &RosterPlan) -> Vec<(&'c str, &'c str, Kind)> {
    if plan.has_teams() {
        columns.push((ROLE_COLUMN.0, ROLE_COLUMN.1, Kind::Text));
    }
    columns
}

impl RosterOutput<'_> {
    fn block(&self, state: u8) -> String {
        self.figures.get(&state).and_then(|f| f.weekend_block).map(|b| b.to_string()).unwrap_or_default()
    }

    /// The columns that place a unit, as every roster file starts them: entidad, zona, bloque,
    /// clues, unidad.
    fn unit_columns(&self, state: u8, u: &almaplan_core::domain::Unit) -> [String; 5] {
        [state_name(state), zone(u), self.block(state), u.clues.clone(), u.name.clone()]
    }

    /// Physician ids as every roster file prints them (indexed like `Network::physicians`): the
    /// staffing id, or a stable anonymous code (M00001…) with `anonymise`.
    pub fn physician_ids(&self) -> Vec<String> {
        if !self.anonymise {
            return self.network.physicians.iter().map(|p| p.id.clone()).collect();
        }
        (1..=self.network.physicians.len()).map(|i| format!("M{i:05}")).collect()
    }

    /// Columns of `rol_fin_de_semana.csv`: one row per shift, travel minutes with 1 decimal, cost
    /// in pesos with 2 (blank when no salary is known), and `fijo` (`sí` for an assignment a
    /// re-plan must keep as it is, `no` otherwise). Each state's sheet of the workbook has the same
    /// columns with the labels of [`ROSTER_COLUMNS`].
    pub const ROSTER_HEADER: [&'static str; 11] =
        ["fecha", "dia", "entidad", "zona", "clues", "unidad", "medico_id", "tipo_contrato", "minutos_traslado", "costo", "fijo"];

    fn roster_rows(&self) -> Vec<(u8, Vec<String>)> {
        let ids = self.physician_ids();
        let inst = &self.plan.instance;
        let teams = self.plan.has_teams();
        let mut rows = Vec::new();
        for (st, sp) in inst.states.iter().zip(&self.plan.states) {
            let locked = |s: &almaplan_core::planners::roster::Shift| sp.locked.contains(&(s.staff, s.target, s.day));
            let mut shifts = sp.roster.shifts.clone();
            shifts.sort_by_key(|s| (s.day, st.targets[s.target].unit, st.staff[s.staff].physician));
            for s in shifts {
                let u = &self.network.units[st.targets[s.target].unit];
                let staff = &st.staff[s.staff];
                let day = &inst.days[s.day];
                rows.push((
                    st.state,
                    vec![
                        day.date.to_string(),
                        weekday_es(day.date).to_string(),
                        state_name(st.state),
                        zone(u),
                        u.clues.clone(),
                        u.name.clone(),
                        ids[staff.physician].clone(),
                        staff.contract.code().to_string(),
                        fixed(s.minutes, 1),
                        s.cost.map(|c| fixed(c, 2)).unwrap_or_default(),
                        if locked(&s) { "sí" } else { "no" }.to_string(),
                    ],
                ));
                if teams {
                    rows.last_mut().expect("just pushed").1.push(staff.role.code().to_string());
                }
            }
        }
        rows
    }

    /// Writes every roster file into `dir`: `rol_fin_de_semana.csv`/`.xlsx`,
    /// `cobertura_unidades.csv`, `carga_medicos.csv`, `brechas_fin_de_semana.csv`,
    /// `brechas_fin_de_semana_resumen.csv`, `contrataciones.csv` and `resumen_rol.json`, each
    /// atomically; the XLSX has a fixed creation date so reruns are byte-identical.
    pub fn write_all(&self, dir: &Path) -> Result<(), Error> {
        let roster = self.roster_rows();
        let teams = self.plan.has_teams();
        let role_header = |header: &[&'static str]| {
            let mut h = header.to_vec();
            if teams {
                h.push(ROLE_COLUMN.0);
            }
            h
        };
        write_csv(&dir.join("rol_fin_de_semana.csv"), &role_header(&Self::ROSTER_HEADER), roster.iter().map(|r| r.1.clone()))?;
        let coverage = self.coverage_rows();
        let gaps = self.gap_rows();
        let hires = self.hire_rows();
        self.write_xlsx(&dir.join("rol_fin_de_semana.xlsx"), &roster, &coverage, &gaps, &hires)?;
        write_csv(&dir.join("cobertura_unidades.csv"), &COVERAGE.map(|c| c.0), &coverage)?;
        self.write_load(&dir.join("carga_medicos.csv"))?;
        write_csv(&dir.join("brechas_fin_de_semana.csv"), &role_header(&GAPS.map(|c| c.0)), &gaps)?;
        self.write_gap_groups(&dir.join("brechas_fin_de_semana_resumen.csv"))?;
        write_csv(&dir.join("contrataciones.csv"), &role_header(&HIRES.map(|c| c.0)), &hires)?;
        if teams {
            self.write_team_coverage(&dir.join("equipos_unidades.csv"))?;
        }
        self.write_summary(&dir.join("resumen_rol.json"))
    }

    /// The workbook an HR coordinator works in (`rol_fin_de_semana.xlsx`), see [`workbook`].
    fn write_xlsx(
        &self,
        path: &Path,
        roster: &[(u8, Vec<String>)],
        coverage: &[Vec<String>],
        gaps: &[Vec<String>],
        hires: &[Vec<String>],
    ) -> Result<(), Error> {
        let fail = |e: rust_xlsxwriter::XlsxError| Error::Output { path: path.to_path_buf(), message: e.to_string() };
        let bytes = workbook::build(self, roster, coverage, gaps, hires).and_then(|mut b| b.save_to_buffer()).map_err(fail)?;
        write_atomic(path, |w| w.write_all(&bytes))
    }

    fn coverage_rows(&self) -> Vec<Vec<String>> {
        let n_days = self.plan.instance.days.len();
        let mut rows = Vec::new();
        for (i, (st, sp)) in self.plan.instance.states.iter().zip(&self.plan.states).enumerate() {
            let covered = self.plan.days_covered(i);
            let mut filled = vec![0u32; st.targets.len()];
            for s in &sp.roster.shifts {
                filled[s.target] += 1;
            }
            for (t, target) in st.targets.iter().enumerate() {
                let u = &self.network.units[target.unit];
                rows.push(
                    self.unit_columns(st.state, u)
                        .into_iter()
                        .chain([
                            u.nucleos().to_string(),
                            target.required.to_string(),
                            n_days.to_string(),
                            covered[t].to_string(),
                            filled[t].to_string(),
                            fixed(if n_days == 0 { 100.0 } else { 100.0 * covered[t] as f64 / n_days as f64 }, 1),
                            fixed(target.weight, 1),
                        ])
                        .collect(),
                );
            }
        }
        rows
    }

    /// `equipos_unidades.csv` (teams only): per target unit, the team it requires by role, its
    /// minimum team, the days open with the minimum team and covered with the whole team, and the
    /// shifts by role.
    fn write_team_coverage(&self, path: &Path) -> Result<(), Error> {
        let n_days = self.plan.instance.days.len();
        let mut rows: Vec<Vec<String>> = Vec::new();
        for (i, (st, sp)) in self.plan.instance.states.iter().zip(&self.plan.states).enumerate() {
            let covered = self.plan.days_covered(i);
            let mut count = vec![[0u32; 3]; st.targets.len() * n_days];
            for s in &sp.roster.shifts {
                count[s.target * n_days + s.day][st.staff[s.staff].role.index()] += 1;
            }
            for (t, target) in st.targets.iter().enumerate() {
                let u = &self.network.units[target.unit];
                let days = &count[t * n_days..(t + 1) * n_days];
                let open = days.iter().filter(|c| target.opens_with(c)).count();
                let shifts = |r: usize| days.iter().map(|c| c[r]).sum::<u32>().to_string();
                rows.push(
                    self.unit_columns(st.state, u)
                        .into_iter()
                        .chain([
                            target.team[0].to_string(),
                            target.team[1].to_string(),
                            target.team[2].to_string(),
                            format!("{}+{}+{}", target.minimum[0], target.minimum[1], target.minimum[2]),
                            n_days.to_string(),
                            open.to_string(),
                            covered[t].to_string(),
                            shifts(0),
                            shifts(1),
                            shifts(2),
                        ])
                        .collect(),
                );
            }
        }
        write_csv(
            path,
            &[
                "entidad",
                "zona",
                "bloque",
                "clues",
                "unidad",
                "medicos_requeridos",
                "enfermeria_requerida",
                "promotores_requeridos",
                "equipo_minimo",
                "dias_requeridos",
                "dias_abiertos_con_equipo_minimo",
                "dias_con_equipo_completo",
                "turnos_medicos",
                "turnos_enfermeria",
                "turnos_promotores",
            ],
            rows,
        )
    }

    fn write_load(&self, path: &Path) -> Result<(), Error> {
        let ids = self.physician_ids();
        let teams = self.plan.has_teams();
        let mut rows = Vec::new();
        for (st, sp) in self.plan.instance.states.iter().zip(&self.plan.states) {
            let mut shifts = vec![0u32; st.staff.len()];
            let mut away = vec![0u32; st.staff.len()];
            let mut minutes = vec![0.0f64; st.staff.len()];
            let mut cost = vec![None::<f64>; st.staff.len()];
            for s in &sp.roster.shifts {
                shifts[s.staff] += 1;
                if Some(s.target) != st.staff[s.staff].own_target {
                    away[s.staff] += 1;
                }
                minutes[s.staff] += s.minutes;
                if let Some(c) = s.cost {
                    *cost[s.staff].get_or_insert(0.0) += c;
                }
            }
            for (k, staff) in st.staff.iter().enumerate() {
                let p = &self.network.physicians[staff.physician];
                rows.push(vec![
                    ids[staff.physician].clone(),
                    p.base.clone(),
                    state_name(st.state),
                    staff.contract.code().to_string(),
                    shifts[k].to_string(),
                    away[k].to_string(),
                    fixed(minutes[k], 1),
                    cost[k].map(|c| fixed(c, 2)).unwrap_or_default(),
                ]);
                if teams {
                    rows.last_mut().expect("just pushed").push(staff.role.code().to_string());
                }
            }
        }
        let mut header =
            vec!["medico_id", "clues_base", "entidad", "tipo_contrato", "turnos", "turnos_fuera_de_su_unidad", "minutos_traslado", "costo"];
        if teams {
            header.push(ROLE_COLUMN.0);
        }
        write_csv(path, &header, rows)
    }

    fn gap_rows(&self) -> Vec<Vec<String>> {
        let inst = &self.plan.instance;
        let teams = self.plan.has_teams();
        let mut rows = Vec::new();
        for (st, sp) in inst.states.iter().zip(&self.plan.states) {
            for g in &sp.gaps {
                let u = &self.network.units[st.targets[g.target].unit];
                let day = &inst.days[g.day];
                // The unit-day's columns, then its counts and reason.
                let row = |required: u32, assigned: u32, code: String, description: String| -> Vec<String> {
                    [day.date.to_string(), weekday_es(day.date).to_string()]
                        .into_iter()
                        .chain(self.unit_columns(st.state, u))
                        .chain([required.to_string(), assigned.to_string(), code, description])
                        .collect()
                };
                if teams {
                    // One row per role short that day, with the role's counts and reason.
                    for (role, required, assigned, reason) in g.role_reasons() {
                        let mut r = row(required, assigned, reason.code_for(role).to_string(), reason.description_for(role));
                        r.push(role.code().to_string());
                        rows.push(r);
                    }
                } else {
                    rows.push(row(g.required, g.assigned, g.reason.code().to_string(), g.reason.description().to_string()));
                }
            }
        }
        rows.sort();
        rows
    }

    /// Uncovered unit-days grouped by state, zone and block, one column per reason.
    fn write_gap_groups(&self, path: &Path) -> Result<(), Error> {
        use almaplan_core::planners::roster::GapReason::*;
        let reasons = [NoPhysicianWithinReach, Unavailable, LimitsExhausted];
        let mut groups: BTreeMap<(&'static str, String), [u32; 3]> = BTreeMap::new();
        for (st, sp) in self.plan.instance.states.iter().zip(&self.plan.states) {
            for g in &sp.gaps {
                let u = &self.network.units[st.targets[g.target].unit];
                let r = reasons.iter().position(|x| *x == g.reason).expect("known reason");
                for key in [
                    ("entidad", state_name(st.state)),
                    ("zona", format!("{} / {}", state_name(st.state), zone(u))),
                    ("bloque", self.block(st.state)),
                ] {
                    groups.entry(key).or_default()[r] += 1;
                }
            }
        }
        write_csv(
            path,
            &[
                "nivel",
                "grupo",
                "unidades_dia_sin_cubrir",
                "sin_medico_al_alcance",
                "medicos_no_disponibles",
                "medicos_agotados_por_limites",
            ],
            groups.into_iter().map(|((level, group), c)| {
                vec![level.to_string(), group, (c[0] + c[1] + c[2]).to_string(), c[0].to_string(), c[1].to_string(), c[2].to_string()]
            }),
        )
    }

    fn hire_rows(&self) -> Vec<Vec<String>> {
        // (block order, −unit-days per hire, −unit-days, state, clues) → row, then ranked.
        type Key = (u32, std::cmp::Reverse<u64>, std::cmp::Reverse<u32>, u8, String);
        let mut keyed: Vec<(Key, (Vec<String>, almaplan_core::domain::physician::Role))> = Vec::new();
        let teams = self.plan.has_teams();
        for (st, sp) in self.plan.instance.states.iter().zip(&self.plan.states) {
            let physicians = std::iter::once((almaplan_core::domain::physician::Role::Medico, &sp.hiring));
            let by_role = physicians.chain(sp.team_hiring.iter().map(|(r, h)| (*r, h)));
            for (role, h) in by_role.flat_map(|(r, plan)| plan.hires.iter().map(move |h| (r, h))) {
                let u = &self.network.units[st.targets[h.base].unit];
                let covered: Vec<String> = h.covers.iter().map(|(t, _)| self.network.units[st.targets[*t].unit].clues.clone()).collect();
                let days: u32 = h.covers.iter().map(|c| c.1).sum();
                let row: Vec<String> = self
                    .unit_columns(st.state, u)
                    .into_iter()
                    .chain([h.count.to_string(), covered.len().to_string(), days.to_string(), covered.join(" ")])
                    .collect();
                let block = self.figures.get(&st.state).and_then(|f| f.weekend_block).unwrap_or(u32::MAX);
                // Unit-days per hire, in thousandths (exact ordering without floats).
                let per_hire = u64::from(days) * 1000 / u64::from(h.count.max(1));
                keyed.push(((block, std::cmp::Reverse(per_hire), std::cmp::Reverse(days), st.state, u.clues.clone()), (row, role)));
            }
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let mut rows = Vec::with_capacity(keyed.len());
        let (mut current, mut rank) = (None, 0);
        for ((block, ..), (mut row, role)) in keyed {
            if current != Some(block) {
                current = Some(block);
                rank = 0;
            }
            rank += 1;
            row.push(rank.to_string());
            if teams {
                row.push(role.code().to_string());
            }
            rows.push(row);
        }
        rows
    }

    fn write_summary(&self, path: &Path) -> Result<(), Error> {
        let inst = &self.plan.instance;
        let overall = self.plan.figures(None);
        let per_state: Vec<serde_json::Value> = inst
            .states
            .iter()
            .enumerate()
            .map(|(i, st)| {
                let f = self.plan.figures(Some(i));
                let sp = &self.plan.states[i];
                let published = self.figures.get(&st.state);
                json!({
                    "clave": st.state,
                    "entidad": state_name(st.state),
                    "bloque": published.and_then(|p| p.weekend_block),
                    "meta_publicada_unidades": published.and_then(|p| p.weekend_target_units),
                    "cifras": f,
                    "estado_solver": format!("{:?}", sp.roster.report.status),
                    "variables": sp.roster.report.variables,
                    "continuidad_antes": sp.roster.continuity.0,
                    "continuidad_despues": sp.roster.continuity.1,
                    "restricciones": sp.roster.report.constraints,
                    "contrataciones_estado_solver": sp.hiring.report.as_ref().map(|r| format!("{:?}", r.status)),
                    "contrataciones_brecha_pct": sp.hiring.report.as_ref().map(|r| 100.0 * r.gap),
                    "contrataciones_voraz": sp.hiring.greedy_hires,
                    "contrataciones_cota_inferior": sp.hiring.lower_bound,
                    "contrataciones_cota_probada": sp.hiring.hires_bound,
                    "contrataciones_brecha_a_la_cota_pct": 100.0 * sp.hiring.hires_gap(),
                    "contrataciones_partes": sp.hiring.parts,
                })
            })
            .collect();
        let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
        for sp in &self.plan.states {
            for g in &sp.gaps {
                *reasons.entry(g.reason.code()).or_default() += 1;
            }
        }
        let days: Vec<String> = inst.days.iter().map(|d| d.date.to_string()).collect();
        let doc = json!({
            "escenario": self.scenario_name,
            "sintetico": self.network.synthetic,
            "plantilla_sintetica": self.network.synthetic_staffing,
            "dias_de_apertura": days,
            "units_targeted": overall.units_targeted,
            "unit_days_required": overall.unit_days_required,
            "unit_days_covered": overall.unit_days_covered,
            "coverage_pct": overall.coverage_pct,
            "hires_needed": overall.hires_needed,
            "objective": overall.objective,
            "bound": overall.bound,
            "gap_pct": overall.gap_pct,
            "solve_seconds": overall.solve_seconds,
            "physician_slots_required": overall.physician_slots_required,
            "physician_slots_filled": overall.physician_slots_filled,
            "slots_not_hireable": overall.slots_not_hireable,
            "cost_pesos": overall.cost_pesos,
            "physicians_ineligible": inst.physicians_ineligible,
            "uncovered_by_reason": reasons,
            "replan": self.plan.changes,
            "published": {
                "weekend_target_units": self.figures.values().filter_map(|f| f.weekend_target_units).sum::<u32>(),
                "note": "Cifras publicadas: 8,277 unidades meta; brecha sep-2024 de 7,194 médicos en 1,503 unidades; ~4,910 contrataciones previstas.",
            },
            "by_state": per_state,
            "linea_base": {
                "origen": self.plan.baseline_source.code(),
                "avance_por_entidad": self.plan.baseline_share_by_state,
                "filas_fuera_de_la_meta": self.plan.baseline_not_targets,
                "unidades_ya_abiertas": overall.units_already_open,
                "unidades_con_plantilla_parcial": overall.units_partly_staffed,
                "unidades_dia_ya_abiertas": overall.unit_days_already_open,
                "unidades_dia_nuevas": overall.unit_days_newly_covered,
                "unidades_dia_sin_cubrir": overall.unit_days_uncovered,
            },
            "consultas": {
                "por_medico_por_turno": self.plan.consultations_per_shift,
                "fines_de_semana": overall.weekends,
                "ofrecidas": overall.consultations_offered,
                "no_ofrecidas_por_la_brecha": overall.consultations_not_offered,
                "ofrecidas_por_fin_de_semana": overall.consultations_offered_per_weekend,
                "no_ofrecidas_por_fin_de_semana": overall.consultations_not_offered_per_weekend,
            },
            "cifras_publicadas": self.plan.published,
            "contrataciones_por_bloque": self.plan.hiring_phases,
            "contrataciones_cota_probada": self.plan.states.iter().map(|s| s.hiring.hires_bound).sum::<u32>(),
        });
        let mut doc = doc;
        if let Some(team) = &overall.team {
            doc["equipos"] = json!({
                "nota": "Con equipos ([roster.team]): una unidad-día abre sólo con su equipo mínimo y cuenta como cubierta sólo con el equipo completo; contrataciones por rol.",
                "cifras": team,
            });
        }
        write_json(path, &doc)
    }
}
