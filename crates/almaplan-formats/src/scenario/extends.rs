//! `extends`: a scenario merged over its parent, with the parent's relative paths rebased.

use std::path::{Path, PathBuf};

use almaplan_core::error::Error;

use super::{parse_table, DEMO_NAME, DEMO_TOML};

/// `extends = "demo"` names the embedded demo instead of a file.
pub const EXTENDS_DEMO: &str = "demo";

/// Keys whose values are file paths (a string, or an array of strings). A relative path is
/// resolved against the directory of the file that declares it: when a parent scenario is merged
/// into a child in another directory, the parent's relative paths are rewritten to stay pointing
/// at the same files. Paths starting with `${VAR}` and absolute paths are left alone. A new path
/// key in the scenario must be listed here.
pub const PATH_KEYS: &[&str] = &[
    "data.establishments",
    "data.localities",
    "data.marginalisation",
    "data.staffing",
    "data.travel_matrix",
    "data.boundaries",
    "data.published_figures",
    "data.national_figures",
    "roster.targets",
    "zones.zone_file",
    "routes.bases",
    "data.pi22_targets",
    "routes.crews",
    "routes.priorities",
    "routes.responsibility",
    "data.tren_maya_umm",
    "supervision.previous_visits",
    "waves.progress_file",
    "waves.tracking_units",
    "waves.tracking_teams",
    "waves.people_file",
    "roster.baseline_units",
    "roster.tabla2_file",
];

/// Reads `path` (whose text is `text`) and merges it over its `extends` ancestors. `seen` holds
/// the files on the current chain (to report cycles); `chain` collects the ancestors' names.
pub(super) fn load_chain(
    path: &Path,
    text: &str,
    seen: &mut Vec<(PathBuf, String)>,
    chain: &mut Vec<String>,
) -> Result<toml::Table, Error> {
    let source = path.display().to_string();
    let identity = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if seen.iter().any(|(p, _)| *p == identity) {
        let names: Vec<&str> = seen.iter().map(|(_, n)| n.as_str()).chain([source.as_str()]).collect();
        let first = &seen[0].1;
        return Err(Error::Scenario { path: first.clone(), message: format!("extends forma un ciclo: {}", names.join(" → ")) });
    }
    seen.push((identity, source.clone()));
    let mut table = parse_table(text, &source)?;
    let Some(parent) = table.remove("extends") else { return Ok(table) };
    let scenario_error = |message: String| Error::Scenario { path: source.clone(), message };
    let toml::Value::String(parent) = parent else {
        return Err(scenario_error(format!("extends = {parent}: se espera un nombre de archivo entre comillas, o \"{EXTENDS_DEMO}\"")));
    };
    let parent_table = if parent == EXTENDS_DEMO {
        chain.push(DEMO_NAME.to_string());
        parse_table(DEMO_TOML, DEMO_NAME)?
    } else {
        let dir = path.parent().unwrap_or(Path::new(""));
        let parent_path = dir.join(&parent);
        let parent_text = std::fs::read_to_string(&parent_path).map_err(|e| {
            scenario_error(format!(
                "extends = {parent:?}: no se puede leer {}: {}",
                parent_path.display(),
                almaplan_core::error::io_message(&e)
            ))
        })?;
        chain.push(parent_path.display().to_string());
        let mut t = load_chain(&parent_path, &parent_text, seen, chain)?;
        rebase_paths(&mut t, Path::new(&parent).parent().unwrap_or(Path::new("")));
        t
    };
    Ok(merge(parent_table, table))
}

/// Rewrites the relative paths of [`PATH_KEYS`] in `table` as seen from a directory where
/// `prefix` is the table's own directory.
fn rebase_paths(table: &mut toml::Table, prefix: &Path) {
    if prefix.as_os_str().is_empty() {
        return;
    }
    let rebase = |v: &mut toml::Value| {
        if let toml::Value::String(s) = v {
            if !s.trim_start().starts_with("${") && !Path::new(s.as_str()).is_absolute() {
                *s = prefix.join(s.as_str()).display().to_string();
            }
        }
    };
    for key in PATH_KEYS {
        let (section, name) = key.split_once('.').expect("PATH_KEYS are section.key");
        let Some(toml::Value::Table(t)) = table.get_mut(section) else { continue };
        match t.get_mut(name) {
            Some(toml::Value::Array(items)) => items.iter_mut().for_each(rebase),
            Some(v) => rebase(v),
            None => {}
        }
    }
}

/// `child` over `parent`: tables merge key by key, recursively; anything else in `child`
/// (numbers, strings, arrays, arrays of tables) replaces the parent's value.
pub fn merge(mut parent: toml::Table, child: toml::Table) -> toml::Table {
    for (key, value) in child {
        match (parent.get_mut(&key), value) {
            (Some(toml::Value::Table(p)), toml::Value::Table(c)) => {
                let p = std::mem::take(p);
                parent.insert(key, toml::Value::Table(merge(p, c)));
            }
            (_, value) => {
                parent.insert(key, value);
            }
        }
    }
    parent
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{write_test_file as write, LoadedScenario};

    #[test]
    fn child_merges_over_parent_tables_recursively_and_replaces_scalars_and_arrays() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "base.toml", "name = \"base\"\nstates = [13, 14]\n[data]\nestablishments = \"cat.csv\"\nlocalities = [\"a.csv\", \"b.csv\"]\n[roster]\nmax_travel_minutes = 60.0\nmax_extra_shifts_per_month = 3\n[waves]\nbrigades_per_state = 2\n");
        let child = write(dir.path(), "child.toml", "extends = \"base.toml\"\nname = \"child\"\nstates = [13]\n[data]\nlocalities = [\"c.csv\"]\n[roster]\nmax_travel_minutes = 90\n");
        let s = LoadedScenario::from_file(&child).unwrap();
        assert_eq!(s.scenario.name, "child");
        assert_eq!(s.scenario.states, vec![13]);
        assert_eq!(s.scenario.data.establishments.as_deref(), Some("cat.csv"));
        assert_eq!(s.scenario.data.localities, vec!["c.csv".to_string()]);
        let r = s.scenario.roster.as_ref().unwrap();
        assert_eq!((r.max_travel_minutes, r.max_extra_shifts_per_month), (90.0, 3));
        assert_eq!(s.scenario.waves.as_ref().unwrap().brigades_per_state, 2);
        assert_eq!(s.extends, vec![dir.path().join("base.toml").display().to_string()]);
    }

    #[test]
    fn parent_paths_stay_relative_to_the_parent_file() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "comun/base.toml", "name = \"base\"\n[data]\nestablishments = \"datos/cat.csv\"\nlocalities = [\"datos/l.csv\", \"${ALMAPLAN_DATA}/x.csv\", \"/abs/y.csv\"]\n[zones]\nzone_file = \"zonas.csv\"\n");
        write(dir.path(), "comun/medio.toml", "extends = \"base.toml\"\n[roster]\ntargets = \"metas.csv\"\n");
        let child = write(dir.path(), "hijo/a.toml", "extends = \"../comun/medio.toml\"\n[data]\nstaffing = \"plantilla.csv\"\n");
        let s = LoadedScenario::from_file(&child).unwrap();
        let d = &s.scenario.data;
        let resolved = |raw: &str| s.resolve(raw).unwrap();
        let root = dir.path();
        assert_eq!(resolved(d.establishments.as_deref().unwrap()), root.join("hijo/../comun/datos/cat.csv"));
        assert_eq!(resolved(&d.localities[0]), root.join("hijo/../comun/datos/l.csv"));
        assert_eq!(d.localities[1], "${ALMAPLAN_DATA}/x.csv");
        assert_eq!(d.localities[2], "/abs/y.csv");
        assert_eq!(resolved(d.staffing.as_deref().unwrap()), root.join("hijo/plantilla.csv"));
        assert_eq!(resolved(s.scenario.roster.as_ref().unwrap().targets.as_deref().unwrap()), root.join("hijo/../comun/metas.csv"));
        assert_eq!(resolved(s.scenario.zones.as_ref().unwrap().zone_file.as_deref().unwrap()), root.join("hijo/../comun/zonas.csv"));
        assert_eq!(s.extends.len(), 2);
    }

    #[test]
    fn extends_cycles_name_the_files() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.toml", "extends = \"b.toml\"\nname = \"a\"\n");
        write(dir.path(), "b.toml", "extends = \"a.toml\"\nname = \"b\"\n");
        let e = LoadedScenario::from_file(&dir.path().join("a.toml")).unwrap_err().to_string();
        assert!(e.contains("ciclo") && e.contains("a.toml → ") && e.contains("b.toml → "), "{e}");
        let missing = write(dir.path(), "c.toml", "extends = \"nada.toml\"\nname = \"c\"\n");
        let e = LoadedScenario::from_file(&missing).unwrap_err().to_string();
        assert!(e.contains("nada.toml") && e.contains("no se puede leer"), "{e}");
    }

    #[test]
    fn unknown_keys_in_a_child_are_errors_naming_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let child = write(dir.path(), "x.toml", "extends = \"demo\"\n[roster]\nmax_travel_minute = 90\n");
        let e = LoadedScenario::from_file(&child).unwrap_err().to_string();
        assert!(e.contains("clave desconocida `max_travel_minute`") && e.contains("x.toml"), "{e}");
    }

    #[test]
    fn merge_replaces_arrays_of_tables() {
        let parent: toml::Table = "[calendar]\nblackouts = [{ name = \"a\", from = \"2027-01-01\", to = \"2027-01-02\" }, { name = \"b\", from = \"2027-01-05\", to = \"2027-01-06\" }]\nstart = \"2027-01-01\"\n".parse().unwrap();
        let child: toml::Table = "[calendar]\nblackouts = []\n".parse().unwrap();
        let m = merge(parent, child);
        let cal = m["calendar"].as_table().unwrap();
        assert_eq!(cal["blackouts"].as_array().unwrap().len(), 0);
        assert_eq!(cal["start"].as_str(), Some("2027-01-01"));
    }
}
