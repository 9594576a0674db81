//! Weekend roster outputs, with Spanish column names as HR uses them: the roster (CSV and XLSX with
//! one sheet per state), unit coverage, physician load, gaps with reasons, grouped gap summaries,
//! the hiring plan and `resumen_rol.json`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::json;

use crate::input::seeds::StateFigures;
use crate::output::{fixed, write_atomic, write_csv, write_json};
use almaplan_core::domain::calendar::weekday_es;
use almaplan_core::domain::{Network, Unit};
use almaplan_core::error::Error;
use almaplan_core::planners::roster::RosterPlan;

/// Context the files need besides the plan.
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

impl RosterOutput<'_> {
    fn block(&self, state: u8) -> String {
        self.figures.get(&state).and_then(|f| f.weekend_block).map(|b| b.to_string()).unwrap_or_default()
    }

    /// Physician ids as printed: the staffing id, or a stable anonymous code.
    fn physician_ids(&self) -> Vec<String> {
        if !self.anonymise {
            return self.network.physicians.iter().map(|p| p.id.clone()).collect();
        }
        (1..=self.network.physicians.len()).map(|i| format!("M{i:05}")).collect()
    }

    /// Columns of `rol_fin_de_semana.csv` and of each state's sheet of the XLSX: one row per shift,
    /// travel minutes with 1 decimal and cost in pesos with 2 (blank when no salary is known).
    pub const ROSTER_HEADER: [&'static str; 10] =
        ["fecha", "dia", "entidad", "zona", "clues", "unidad", "medico_id", "tipo_contrato", "minutos_traslado", "costo"];

    fn roster_rows(&self) -> Vec<(u8, Vec<String>)> {
        let ids = self.physician_ids();
        let inst = &self.plan.instance;
        let mut rows = Vec::new();
        for (st, sp) in inst.states.iter().zip(&self.plan.states) {
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
                    ],
                ));
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
        write_csv(&dir.join("rol_fin_de_semana.csv"), &Self::ROSTER_HEADER, roster.iter().map(|r| r.1.clone()))?;
        self.write_xlsx(&dir.join("rol_fin_de_semana.xlsx"), &roster)?;
        self.write_coverage(&dir.join("cobertura_unidades.csv"))?;
        self.write_load(&dir.join("carga_medicos.csv"))?;
        self.write_gaps(&dir.join("brechas_fin_de_semana.csv"))?;
        self.write_gap_groups(&dir.join("brechas_fin_de_semana_resumen.csv"))?;
        self.write_hires(&dir.join("contrataciones.csv"))?;
        self.write_summary(&dir.join("resumen_rol.json"))
    }

    fn write_xlsx(&self, path: &Path, rows: &[(u8, Vec<String>)]) -> Result<(), Error> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let fail = |e: rust_xlsxwriter::XlsxError| Error::Output { path: path.to_path_buf(), message: e.to_string() };
        // A fixed creation date (the horizon's first day) keeps the file byte-identical across runs.
        use chrono::Datelike;
        let first = self.plan.instance.days.first().map(|d| d.date).unwrap_or_default();
        let created =
            rust_xlsxwriter::ExcelDateTime::from_ymd(first.year() as u16, first.month() as u8, first.day() as u8).map_err(fail)?;
        book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
        let mut by_state: BTreeMap<u8, Vec<&Vec<String>>> = BTreeMap::new();
        for st in &self.plan.instance.states {
            by_state.entry(st.state).or_default();
        }
        for (s, r) in rows {
            by_state.entry(*s).or_default().push(r);
        }
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (state, rows) in by_state {
            let sheet = book.add_worksheet();
            // Sheet names: at most 31 characters.
            let name: String = state_name(state).chars().take(31).collect();
            sheet.set_name(if name.is_empty() { format!("entidad {state}") } else { name }).map_err(fail)?;
            for (c, h) in Self::ROSTER_HEADER.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(fail)?;
            }
            for (r, row) in rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    let numeric = matches!(c, 8 | 9) && !v.is_empty();
                    match (numeric, v.parse::<f64>()) {
                        (true, Ok(x)) => sheet.write_number(r as u32 + 1, c as u16, x).map_err(fail)?,
                        _ => sheet.write_string(r as u32 + 1, c as u16, v).map_err(fail)?,
                    };
                }
            }
            sheet.autofilter(0, 0, rows.len() as u32, (Self::ROSTER_HEADER.len() - 1) as u16).map_err(fail)?;
        }
        let bytes = book.save_to_buffer().map_err(fail)?;
        write_atomic(path, |w| w.write_all(&bytes))
    }

    fn write_coverage(&self, path: &Path) -> Result<(), Error> {
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
                rows.push(vec![
                    state_name(st.state),
                    zone(u),
                    self.block(st.state),
                    u.clues.clone(),
                    u.name.clone(),
                    u.nucleos().to_string(),
                    target.required.to_string(),
                    n_days.to_string(),
                    covered[t].to_string(),
                    filled[t].to_string(),
                    fixed(if n_days == 0 { 100.0 } else { 100.0 * covered[t] as f64 / n_days as f64 }, 1),
                    fixed(target.weight, 1),
                ]);
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
                "nucleos",
                "medicos_requeridos",
                "dias_requeridos",
                "dias_cubiertos",
                "turnos_asignados",
                "cobertura_pct",
                "peso",
            ],
            rows,
        )
    }

    fn write_load(&self, path: &Path) -> Result<(), Error> {
        let ids = self.physician_ids();
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
            }
        }
        write_csv(
            path,
            &["medico_id", "clues_base", "entidad", "tipo_contrato", "turnos", "turnos_fuera_de_su_unidad", "minutos_traslado", "costo"],
            rows,
        )
    }

    fn write_gaps(&self, path: &Path) -> Result<(), Error> {
        let inst = &self.plan.instance;
        let mut rows = Vec::new();
        for (st, sp) in inst.states.iter().zip(&self.plan.states) {
            for g in &sp.gaps {
                let u = &self.network.units[st.targets[g.target].unit];
                let day = &inst.days[g.day];
                rows.push(vec![
                    day.date.to_string(),
                    weekday_es(day.date).to_string(),
                    state_name(st.state),
                    zone(u),
                    self.block(st.state),
                    u.clues.clone(),
                    u.name.clone(),
                    g.required.to_string(),
                    g.assigned.to_string(),
                    g.reason.code().to_string(),
                    g.reason.description().to_string(),
                ]);
            }
        }
        rows.sort();
        write_csv(
            path,
            &[
                "fecha",
                "dia",
                "entidad",
                "zona",
                "bloque",
                "clues",
                "unidad",
                "medicos_requeridos",
                "medicos_asignados",
                "razon",
                "descripcion",
            ],
            rows,
        )
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

    fn write_hires(&self, path: &Path) -> Result<(), Error> {
        let mut rows = Vec::new();
        for (st, sp) in self.plan.instance.states.iter().zip(&self.plan.states) {
            for h in &sp.hiring.hires {
                let u = &self.network.units[st.targets[h.base].unit];
                let covered: Vec<String> = h.covers.iter().map(|(t, _)| self.network.units[st.targets[*t].unit].clues.clone()).collect();
                let days: u32 = h.covers.iter().map(|c| c.1).sum();
                rows.push(vec![
                    state_name(st.state),
                    zone(u),
                    self.block(st.state),
                    u.clues.clone(),
                    u.name.clone(),
                    h.count.to_string(),
                    covered.len().to_string(),
                    days.to_string(),
                    covered.join(" "),
                ]);
            }
        }
        write_csv(
            path,
            &[
                "entidad",
                "zona",
                "bloque",
                "clues_base",
                "unidad",
                "contrataciones",
                "unidades_cubiertas",
                "unidades_dia_cubiertas",
                "clues_cubiertas",
            ],
            rows,
        )
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
        });
        write_json(path, &doc)
    }
}
