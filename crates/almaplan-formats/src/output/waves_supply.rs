//! Wave-calendar outputs about people and meetings: `equipos_entidades.csv` (teams, people and
//! people-days by role per state, what the deadline needs and what is borrowed),
//! `prestamos_equipos.csv` (who lends to whom) and `pactos.csv` (each zone's Pacto por la Salud
//! meeting with its attendees) and `visitas_realizadas.csv` (visits already made, kept with their
//! dates); with field tracking, `seguimiento.csv`, `seguimiento.json` and `recuperacion.csv` (the
//! re-plan of the states behind).

use std::collections::BTreeMap;
use std::path::Path;

use crate::output::write_csv;
use almaplan_core::domain::{state, Unit};
use almaplan_core::error::Error;
use almaplan_core::planners::waves::supply::brigade_days;
use almaplan_core::planners::waves::WavesPlan;

fn state_name(code: u8) -> String {
    state::name(code).unwrap_or("").to_string()
}

fn roles_text(people: &BTreeMap<String, u32>) -> String {
    people.iter().map(|(r, n)| format!("{r}={n}")).collect::<Vec<_>>().join(";")
}

/// Writes `equipos_entidades.csv`, `prestamos_equipos.csv` and `pactos.csv` into `dir`.
/// `composition` is the brigade composition of the scenario (`waves.composition`).
pub fn write_all(dir: &Path, plan: &WavesPlan, units: &[Unit], composition: &BTreeMap<String, u32>) -> Result<(), Error> {
    write_teams_csv(&dir.join("equipos_entidades.csv"), plan, composition)?;
    write_loans_csv(&dir.join("prestamos_equipos.csv"), plan)?;
    write_pactos_csv(&dir.join("pactos.csv"), plan, units)?;
    write_done_csv(&dir.join("visitas_realizadas.csv"), plan, units)?;
    write_tabla10_csv(&dir.join("tabla10.csv"), plan)?;
    if let Some(t) = &plan.tracking {
        write_tracking_csv(&dir.join("seguimiento.csv"), t)?;
        let doc = serde_json::json!({
            "as_of": t.as_of,
            "behind_points": almaplan_core::planners::waves::tracking::BEHIND_POINTS,
            "states_behind": t.behind,
            "national": t.national,
            "rows": t.rows,
            "tabla10": plan.tabla10,
            "recuperacion": plan.recovery,
        });
        crate::output::write_json(&dir.join("seguimiento.json"), &doc)?;
        write_recovery_csv(&dir.join("recuperacion.csv"), plan)?;
    }
    Ok(())
}

/// The re-plan of the states behind (`recuperacion.csv`): per state behind, what the field made by
/// the cut, the date with what exists, and the brigades (teams, people, loans) that recover the
/// deadline or the date reachable. Header only when no state is behind.
pub fn write_recovery_csv(path: &Path, plan: &WavesPlan) -> Result<(), Error> {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let rows: Vec<Vec<String>> = plan
        .recovery
        .iter()
        .flat_map(|rec| {
            rec.states.iter().map(move |r| {
                let lenders: Vec<String> = rec
                    .loans
                    .iter()
                    .filter(|l| l.to == r.state)
                    .map(|l| format!("{}={}", l.from.map(state_name).unwrap_or_else(|| "bolsa compartida".to_string()), l.brigades))
                    .collect();
                vec![
                    rec.as_of.to_string(),
                    rec.from.to_string(),
                    rec.deadline.to_string(),
                    format!("{:02}", r.state),
                    state_name(r.state),
                    r.visited.to_string(),
                    r.remaining.to_string(),
                    r.own.to_string(),
                    r.diagnostics_with_own.to_string(),
                    if r.on_time_with_own { "si" } else { "no" }.to_string(),
                    r.needed.to_string(),
                    r.needed_teams.map(|t| t.to_string()).unwrap_or_default(),
                    roles_text(&r.needed_people),
                    r.borrow.to_string(),
                    lenders.join(";"),
                    date(r.first_visit),
                    r.diagnostics_needed.to_string(),
                    if r.on_time_needed { "si" } else { "no" }.to_string(),
                ]
            })
        })
        .collect();
    write_csv(
        path,
        &[
            "fecha_corte",
            "replanea_desde",
            "fecha_limite",
            "clave_entidad",
            "entidad",
            "visitadas_al_corte",
            "unidades_restantes",
            "brigadas_actuales",
            "diagnosticos_con_actuales",
            "a_tiempo_con_actuales",
            "brigadas_para_recuperar",
            "equipos_para_recuperar",
            "personas_para_recuperar",
            "brigadas_a_prestar",
            "prestan",
            "primera_visita_replaneada",
            "diagnosticos_con_recuperacion",
            "a_tiempo_con_recuperacion",
        ],
        rows,
    )
}

fn pct(x: f64) -> String {
    format!("{x:.1}")
}

/// Tabla 7 and 8 per state and zone, planned and actual (`seguimiento.csv`): one row per state
/// (zona empty), then its zones, then the national row.
pub fn write_tracking_csv(path: &Path, t: &almaplan_core::planners::waves::tracking::TrackingReport) -> Result<(), Error> {
    let as_of = t.as_of.map(|d| d.to_string()).unwrap_or_default();
    let row = |r: &almaplan_core::planners::waves::tracking::TrackingRow, national: bool| {
        vec![
            as_of.clone(),
            if national { String::new() } else { format!("{:02}", r.state) },
            if national { "NACIONAL".to_string() } else { state_name(r.state) },
            r.zone.clone().unwrap_or_default(),
            r.scheduled.to_string(),
            r.planned_visited.to_string(),
            pct(r.planned_visited_pct),
            r.visited.to_string(),
            pct(r.t7_visited_pct),
            r.diagnoses_complete.to_string(),
            pct(r.t7_diagnoses_pct),
            r.t7_teams_pct.map(pct).unwrap_or_default(),
            pct(r.t8_diagnosis_pct),
            r.pacto.to_string(),
            pct(r.t8_pacto_pct),
            r.agenda.to_string(),
            pct(r.t8_agenda_pct),
            r.planned_pacto_zones.to_string(),
            if r.behind { "si" } else { "no" }.to_string(),
        ]
    };
    let rows: Vec<Vec<String>> = t.rows.iter().map(|r| row(r, false)).chain(std::iter::once(row(&t.national, true))).collect();
    write_csv(
        path,
        &[
            "fecha_corte",
            "clave_entidad",
            "entidad",
            "zona",
            "unidades_programadas",
            "visitadas_planeadas",
            "pct_visitadas_planeado",
            "visitadas_reales",
            "t7_pct_unidades_visitadas",
            "diagnosticos_completos",
            "t7_pct_diagnosticos_completos",
            "t7_pct_equipos_completos_en_campo",
            "t8_pct_unidades_con_diagnostico",
            "unidades_con_pacto",
            "t8_pct_unidades_con_pacto",
            "unidades_con_agenda",
            "t8_pct_unidades_con_agenda",
            "zonas_con_pacto_planeadas",
            "atrasada",
        ],
        rows,
    )
}

/// Tabla 10 of the guide per state beside the catalogue (`tabla10.csv`).
pub fn write_tabla10_csv(path: &Path, plan: &WavesPlan) -> Result<(), Error> {
    let rows = plan.tabla10.iter().map(|r| {
        vec![
            format!("{:02}", r.state),
            state_name(r.state),
            r.published_units.to_string(),
            r.catalogue_units.to_string(),
            r.units_difference.to_string(),
            r.published_zones.map(|z| z.to_string()).unwrap_or_default(),
            r.plan_zones.to_string(),
            r.explanation.clone(),
        ]
    });
    write_csv(
        path,
        &["clave_entidad", "entidad", "unidades_tabla10", "unidades_catalogo", "diferencia", "zsm_tabla10", "zonas_plan", "explicacion"],
        rows,
    )
}

/// The visits already made that the plan keeps (a stage or state in progress), with their dates.
pub fn write_done_csv(path: &Path, plan: &WavesPlan, units: &[Unit]) -> Result<(), Error> {
    let rows = plan.done.iter().map(|v| {
        let u = &units[v.unit];
        vec![
            v.date.map(|d| d.to_string()).unwrap_or_default(),
            format!("{:02}", v.state),
            state_name(v.state),
            v.zone.clone(),
            u.clues.clone(),
            u.name.clone(),
        ]
    });
    write_csv(path, &["fecha", "clave_entidad", "entidad", "zona", "clues", "unidad"], rows)
}

/// Per state: brigades in the field, brigade-days and people-days by role (the plan); with a
/// supply, also the published teams, own brigades and people, and what the deadline needs.
pub fn write_teams_csv(path: &Path, plan: &WavesPlan, composition: &BTreeMap<String, u32>) -> Result<(), Error> {
    let days = brigade_days(plan);
    let roles: Vec<&String> = composition.keys().collect();
    let mut header: Vec<String> =
        ["clave_entidad", "entidad", "brigadas_en_campo", "personas_en_campo", "dias_brigada"].map(String::from).to_vec();
    header.extend(roles.iter().map(|r| format!("dias_persona_{r}")));
    header.extend(
        [
            "equipos_supervision_zonal",
            "brigadas_propias",
            "personas_propias",
            "prestadas_en_el_plan",
            "envio_diagnosticos_con_lo_que_hay",
            "brigadas_para_fecha_limite",
            "personas_para_fecha_limite",
            "por_pedir_prestadas",
            "sobrantes",
            "envio_diagnosticos_con_lo_necesario",
            "a_tiempo_con_lo_necesario",
            "minimo_probado",
        ]
        .map(String::from),
    );
    let per_brigade: u32 = composition.values().sum();
    let rows = plan.states.iter().map(|s| {
        let d = days.get(&s.state).copied().unwrap_or(0);
        let mut row = vec![
            format!("{:02}", s.state),
            state_name(s.state),
            s.brigades.to_string(),
            (s.brigades * per_brigade).to_string(),
            d.to_string(),
        ];
        row.extend(roles.iter().map(|r| (d * composition[*r] as usize).to_string()));
        match plan.supply.as_ref().and_then(|sup| sup.states.iter().find(|x| x.state == s.state)) {
            Some(x) => row.extend([
                x.teams.map(|t| t.to_string()).unwrap_or_default(),
                x.own.to_string(),
                roles_text(&x.own_people),
                x.borrowed_in_plan.to_string(),
                x.diagnostics.to_string(),
                x.needed.to_string(),
                roles_text(&x.needed_people),
                x.borrow.to_string(),
                x.spare.to_string(),
                x.diagnostics_needed.to_string(),
                if x.on_time_needed { "si" } else { "no" }.to_string(),
                if x.fewest_proven { "si" } else { "no" }.to_string(),
            ]),
            None => row.extend(std::iter::repeat_n(String::new(), 12)),
        }
        row
    });
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    write_csv(path, &header, rows)
}

/// Who lends brigades to whom: borrowing state, lending state (`bolsa común` when no state has
/// them to spare: teams to form), brigades and people by role, the days they are lent for and the
/// lender's brigades free on every one of those days (a loan never exceeds it).
pub fn write_loans_csv(path: &Path, plan: &WavesPlan) -> Result<(), Error> {
    let rows = plan.supply.iter().flat_map(|s| &s.loans).map(|l| {
        vec![
            format!("{:02}", l.to),
            state_name(l.to),
            l.from.map(|f| format!("{f:02}")).unwrap_or_default(),
            l.from.map_or_else(|| "bolsa común (equipos por formar)".to_string(), state_name),
            l.brigades.to_string(),
            roles_text(&l.people),
            l.from_date.map(|d| d.to_string()).unwrap_or_default(),
            l.until_date.map(|d| d.to_string()).unwrap_or_default(),
            l.lender_free.map(|n| n.to_string()).unwrap_or_default(),
        ]
    });
    write_csv(
        path,
        &[
            "clave_entidad",
            "entidad",
            "clave_entidad_origen",
            "origen",
            "brigadas",
            "personas",
            "desde",
            "hasta",
            "libres_del_origen_en_esas_fechas",
        ],
        rows,
    )
}

/// One row per zone: the Pacto por la Salud meeting at the sede, its dates and attendees by type.
pub fn write_pactos_csv(path: &Path, plan: &WavesPlan, units: &[Unit]) -> Result<(), Error> {
    let rows = plan.states.iter().flat_map(|s| {
        s.zones.iter().filter_map(move |z| {
            let p = z.pacto.as_ref()?;
            let last_visit = z.dates.last().map(|d| d.to_string()).unwrap_or_default();
            Some(vec![
                format!("{:02}", s.state),
                state_name(s.state),
                z.zone.clone(),
                units[z.sede].clues.clone(),
                units[z.sede].name.clone(),
                z.brigade.clone(),
                last_visit,
                p.dates.first().map(|d| d.to_string()).unwrap_or_default(),
                p.dates.last().map(|d| d.to_string()).unwrap_or_default(),
                p.unit_heads.to_string(),
                p.zsm_committee.to_string(),
                p.cosabi.to_string(),
                (p.unit_heads + p.zsm_committee + p.cosabi).to_string(),
                s.diagnostics.to_string(),
            ])
        })
    });
    write_csv(
        path,
        &[
            "clave_entidad",
            "entidad",
            "zona",
            "sede",
            "sede_nombre",
            "brigada",
            "ultima_visita",
            "fecha_pacto",
            "fin_pacto",
            "titulares_unidad",
            "comite_zsm",
            "cosabi",
            "asistentes",
            "envio_diagnosticos",
        ],
        rows,
    )
}
