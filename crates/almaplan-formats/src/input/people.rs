//! The people available for the Comando Alma-Ata brigades, one row per person (`[waves]
//! people_file`): columns `entidad` (INEGI code or name) and `rol` (a role of `[waves]
//! composition`: `lider`, `cupn`, `preventivos`, `accion_comunitaria` by default; accents, case and
//! spaces do not matter: «Acción Comunitaria» is `accion_comunitaria`). Any other column (names,
//! CURP, …) is ignored: only the counts per state and role are kept, so no name reaches an output.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::input::table::Table;
use almaplan_core::domain::state;
use almaplan_core::error::{Diagnostics, Error};

/// A role as written in a file, as a key of `composition`: accents folded, lower case, spaces and
/// hyphens as `_`.
pub fn role_key(text: &str) -> String {
    state::fold(text.trim())
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// People per state (INEGI code) and role. A role outside `roles` is an error naming the roles
/// expected; so is an unknown state.
pub fn read_people(path: &Path, roles: &BTreeSet<String>) -> Result<BTreeMap<u8, BTreeMap<String, u32>>, Error> {
    let table = Table::read(path)?;
    let cols = table.require_columns(["entidad", "rol"])?;
    let mut d = Diagnostics::default();
    let mut out: BTreeMap<u8, BTreeMap<String, u32>> = BTreeMap::new();
    let expected = roles.iter().cloned().collect::<Vec<_>>().join(", ");
    for row in table.rows(&mut d) {
        let code = row.required(cols.get(0), &mut d).and_then(|t| {
            let c = t.parse::<u8>().ok().or_else(|| state::code_by_name(t)).filter(|c| state::name(*c).is_some());
            if c.is_none() {
                d.push(row.problem(cols.get(0), "entidad desconocida", "una clave INEGI (1–32) o el nombre de una entidad"));
            }
            c
        });
        let role = row.required(cols.get(1), &mut d).and_then(|t| {
            let key = role_key(t);
            if roles.contains(&key) {
                Some(key)
            } else {
                d.push(row.problem(cols.get(1), "rol desconocido", format!("uno de los roles de [waves] composition: {expected}")));
                None
            }
        });
        if let (Some(code), Some(role)) = (code, role) {
            *out.entry(code).or_default().entry(role).or_insert(0) += 1;
        }
    }
    d.into_result()?;
    Ok(out)
}
