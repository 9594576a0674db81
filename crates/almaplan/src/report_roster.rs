//! The weekend roster from where the network stands, in the report: already open / newly
//! covered / still uncovered, consultations, the need beside Tabla 2 and the published figures
//! side by side, each difference in words (`resumen_rol.json` → `cifras_publicadas` has the same).

use std::fmt::Write as _;

use super::{esc, table_head, Tr};
fn thousands(v: f64) -> String {
    crate::headline::thousands(v, 0)
}
use crate::pipeline::RunResults;

/// Writes the section, when the roster ran.
pub(super) fn section(h: &mut String, tr: &Tr, r: &RunResults) {
    let Some(plan) = r.roster.as_ref() else { return };
    let f = plan.figures(None);
    let _ = writeln!(
        h,
        "<section id=\"rol-situacion\"><h2>{}</h2>",
        tr.t("Rol de fin de semana: de dónde parte y qué falta", "Weekend roster: where it starts and what is missing")
    );
    let pct = |n: usize| if f.unit_days_required == 0 { 0.0 } else { 100.0 * n as f64 / f.unit_days_required as f64 };
    let _ = writeln!(
        h,
        "<p>{} <b>{}</b> ({:.1}%) · {} <b>{}</b> ({:.1}%) · {} <b>{}</b> ({:.1}%) {} {} {}.</p>",
        tr.t("Unidades-día que ya abrían:", "Unit-days already open:"),
        thousands(f.unit_days_already_open as f64),
        pct(f.unit_days_already_open),
        tr.t("que el rol abre:", "newly covered by the roster:"),
        thousands(f.unit_days_newly_covered as f64),
        pct(f.unit_days_newly_covered),
        tr.t("sin cubrir:", "still uncovered:"),
        thousands(f.unit_days_uncovered as f64),
        pct(f.unit_days_uncovered),
        tr.t("de", "of"),
        thousands(f.unit_days_required as f64),
        tr.t("unidades-día meta", "target unit-days")
    );
    let _ = writeln!(
        h,
        "<p>{} <b>{}</b>; {} <b>{}</b> ({} {}).</p>",
        tr.t("Consultas ofrecidas por fin de semana:", "Consultations offered per weekend:"),
        thousands(f.consultations_offered_per_weekend),
        tr.t("no ofrecidas por la brecha:", "not offered because of the gap:"),
        thousands(f.consultations_not_offered_per_weekend),
        thousands(plan.consultations_per_shift),
        tr.t("consultas por médico por turno matutino", "consultations per physician per morning shift")
    );
    let published = &plan.published;
    if !published.cifras.is_empty() {
        table_head(
            h,
            "rol-cifras-publicadas",
            None,
            &[tr.t("Cifra", "Figure"), tr.t("Plan", "Plan"), tr.t("Publicada", "Published"), tr.t("Por qué difieren", "Why they differ")],
        );
        for item in &published.cifras {
            let shown = |v: f64| if v.abs() <= 1.0 && v.fract() != 0.0 { format!("{:.1}%", 100.0 * v) } else { thousands(v) };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&item.descripcion),
                shown(item.plan),
                shown(item.publicado),
                esc(&item.explicacion)
            );
        }
        let _ = writeln!(h, "</tbody></table>");
    }
    if !published.necesidad_tabla2.is_empty() {
        table_head(
            h,
            "rol-tabla2",
            Some("ordenable"),
            &[
                tr.t("Tipología", "Typology"),
                tr.t("Estrato", "Stratum"),
                tr.t("Unidades meta", "Target units"),
                tr.t("Médicos por unidad (plan)", "Physicians per unit (plan)"),
                tr.t("Médicos faltantes (plan)", "Physicians missing (plan)"),
                tr.t("Médicos necesarios (Tabla 2)", "Physicians needed (Tabla 2)"),
                tr.t("Unidades con necesidad (Tabla 2)", "Units with need (Tabla 2)"),
                tr.t("Por qué difieren", "Why they differ"),
            ],
        );
        for c in &published.necesidad_tabla2 {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&c.tipologia),
                esc(&c.estrato),
                thousands(c.unidades_objetivo as f64),
                c.medicos_por_unidad,
                thousands(c.medicos_faltantes as f64),
                c.tabla2_medicos.map_or(String::new(), |v| thousands(f64::from(v))),
                c.tabla2_unidades.map_or(String::new(), |v| thousands(f64::from(v))),
                esc(&c.explicacion)
            );
        }
        let _ = writeln!(h, "</tbody></table>");
    }
    if let Some(team) = &f.team {
        team_table(h, tr, team);
    }
    let _ = writeln!(h, "</section>");
}

/// With teams (`[roster.team]`): unit-days open with the minimum team, and per role the staff,
/// slots, shifts, slots missing and hires with their proven bound.
fn team_table(h: &mut String, tr: &Tr, team: &almaplan_core::planners::roster::team::TeamFigures) {
    let _ = writeln!(
        h,
        "<p>{} <b>{}</b>; {} <b>{}</b>.</p>",
        tr.t(
            "Equipos: una unidad-día abre sólo con su equipo mínimo y cuenta como cubierta con el equipo completo. Unidades-día abiertas con equipo mínimo:",
            "Teams: a unit-day opens only with its minimum team and counts as covered with the whole team. Unit-days open with the minimum team:"
        ),
        thousands(team.unit_days_open_with_team as f64),
        tr.t("con todos sus médicos pero sin el resto del equipo:", "with every physician but not the rest of the team:"),
        thousands(team.unit_days_physicians_without_team as f64)
    );
    table_head(
        h,
        "rol-equipos",
        None,
        &[
            tr.t("Rol", "Role"),
            tr.t("Personal", "Staff"),
            tr.t("Turnos requeridos", "Slots required"),
            tr.t("Turnos asignados", "Shifts assigned"),
            tr.t("Turnos faltantes", "Slots missing"),
            tr.t("Contrataciones", "Hires"),
            tr.t("Cota probada", "Proven bound"),
        ],
    );
    for r in &team.roles {
        let role = almaplan_core::domain::physician::Role::ALL.into_iter().find(|x| x.code() == r.role);
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(role.map_or(r.role, |x| tr.t(x.label(), r.role))),
            thousands(r.staff as f64),
            thousands(r.slots_required as f64),
            thousands(r.shifts as f64),
            thousands(r.slots_missing as f64),
            thousands(f64::from(r.hires)),
            thousands(f64::from(r.hires_bound))
        );
    }
    let _ = writeln!(h, "</tbody></table>");
}
