//! `--fijar section.key=value`: overrides applied to the merged TOML before it is deserialized.

/// One `--fijar section.key=value`: a dotted path into the scenario's TOML and the value to put
/// there (parsed as TOML; a bare word that is not TOML is taken as a string; a TOML date is
/// taken as its text, as scenarios write dates in quotes).
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The key split at dots: `["roster", "max_travel_minutes"]`.
    pub path: Vec<String>,
    /// The value to put there.
    pub value: toml::Value,
    /// As given, for messages and reports.
    pub text: String,
}

impl Override {
    /// Parses `section.key=value`.
    pub fn parse(text: &str) -> Result<Override, String> {
        let (key, value) = text
            .split_once('=')
            .ok_or_else(|| format!("--fijar {text:?}: se espera seccion.clave=valor, p. ej. roster.max_travel_minutes=90"))?;
        Ok(Override { path: parse_key_path(key, text)?, value: parse_value(value.trim()), text: text.trim().to_string() })
    }

    /// Parses `section.key=v1,v2,…` (for `sweep`) into one override per value. Commas inside
    /// brackets, braces or quotes do not split.
    pub fn parse_list(text: &str) -> Result<Vec<Override>, String> {
        let (key, values) = text
            .split_once('=')
            .ok_or_else(|| format!("--fijar {text:?}: se espera seccion.clave=v1,v2,…, p. ej. roster.max_travel_minutes=45,60,90"))?;
        let path = parse_key_path(key, text)?;
        let key = key.trim();
        let items = split_top_level(values);
        if items.iter().any(|v| v.trim().is_empty()) {
            return Err(format!("--fijar {text:?}: un valor vacío en la lista"));
        }
        Ok(items
            .into_iter()
            .map(|v| Override { path: path.clone(), value: parse_value(v.trim()), text: format!("{key}={}", v.trim()) })
            .collect())
    }

    /// The dotted key, e.g. `roster.max_travel_minutes`.
    pub fn key(&self) -> String {
        self.path.join(".")
    }

    /// The value as written in a table cell: strings without quotes, anything else as TOML.
    pub fn value_text(&self) -> String {
        match &self.value {
            toml::Value::String(s) => s.clone(),
            v => v.to_string(),
        }
    }

    /// Puts the value into `table`, creating the missing tables on the way.
    pub(super) fn apply(&self, table: &mut toml::Table) -> Result<(), String> {
        let (last, parents) = self.path.split_last().expect("a key path is never empty");
        let mut t = table;
        for (i, part) in parents.iter().enumerate() {
            let entry = t.entry(part.clone()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
            t = match entry {
                toml::Value::Table(inner) => inner,
                other => {
                    return Err(format!(
                        "--fijar {}: {} es un valor ({}), no una sección",
                        self.text,
                        self.path[..=i].join("."),
                        other.type_str()
                    ))
                }
            };
        }
        t.insert(last.clone(), self.value.clone());
        Ok(())
    }
}

fn parse_key_path(key: &str, text: &str) -> Result<Vec<String>, String> {
    let parts: Vec<String> = key.trim().split('.').map(|p| p.trim().to_string()).collect();
    if parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')) {
        return Err(format!("--fijar {text:?}: {:?} no es una ruta de clave como roster.max_travel_minutes", key.trim()));
    }
    Ok(parts)
}

fn parse_value(raw: &str) -> toml::Value {
    match format!("v = {raw}").parse::<toml::Table>().ok().and_then(|mut t| t.remove("v")) {
        Some(toml::Value::Datetime(d)) => toml::Value::String(d.to_string()),
        Some(v) => v,
        None => toml::Value::String(raw.to_string()),
    }
}

/// Splits at commas outside brackets, braces and quotes.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0);
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{write_test_file as write, LoadedScenario};
    use chrono::NaiveDate;

    #[test]
    fn extends_demo_and_overrides() {
        let dir = tempfile::tempdir().unwrap();
        let child = write(dir.path(), "x.toml", "extends = \"demo\"\nname = \"demo 90\"\n[roster]\nmax_travel_minutes = 90\n");
        let s = LoadedScenario::from_file(&child).unwrap();
        assert_eq!(s.scenario.data.synthetic, LoadedScenario::demo().scenario.data.synthetic);
        assert_eq!(s.scenario.roster.as_ref().unwrap().max_travel_minutes, 90.0);
        let sets = [
            Override::parse("roster.max_travel_minutes=45").unwrap(),
            Override::parse("waves.brigades_per_state = 3").unwrap(),
            Override::parse("calendar.end=2027-02-28").unwrap(),
            Override::parse("name=Otro nombre").unwrap(),
            Override::parse("states=[1, 2]").unwrap(),
        ];
        let s = LoadedScenario::from_file_with(&child, &sets).unwrap();
        assert_eq!(s.scenario.roster.as_ref().unwrap().max_travel_minutes, 45.0);
        assert_eq!(s.scenario.waves.as_ref().unwrap().brigades_per_state, 3);
        assert_eq!(s.scenario.calendar.end, NaiveDate::from_ymd_opt(2027, 2, 28).unwrap());
        assert_eq!(s.scenario.name, "Otro nombre");
        assert_eq!(s.scenario.states, vec![1, 2]);
        assert_eq!(s.overrides[0], "roster.max_travel_minutes=45");
        // A section the scenario lacks is created.
        let demo = LoadedScenario::demo_with(&[Override::parse("routes.horizon_weeks=2").unwrap()]).unwrap();
        assert_eq!(demo.scenario.routes.unwrap().horizon_weeks, 2);
    }

    #[test]
    fn bad_overrides_are_clear_errors() {
        let e = LoadedScenario::demo_with(&[Override::parse("roster.max_travel_minute=45").unwrap()]).unwrap_err().to_string();
        assert!(e.contains("--fijar roster.max_travel_minute=45") && e.contains("clave desconocida `max_travel_minute`"), "{e}");
        let e = LoadedScenario::demo_with(&[Override::parse("roster.max_travel_minutes=lejos").unwrap()]).unwrap_err().to_string();
        assert!(e.contains("--fijar roster.max_travel_minutes=lejos") && e.contains("tipo inválido"), "{e}");
        let e = LoadedScenario::demo_with(&[Override::parse("roster.max_travel_minutes=-5").unwrap()]).unwrap_err().to_string();
        assert!(e.contains("debe ser > 0") && e.contains("--fijar roster.max_travel_minutes=-5"), "{e}");
        let e = LoadedScenario::demo_with(&[Override::parse("seed.x=1").unwrap()]).unwrap_err().to_string();
        assert!(e.contains("seed es un valor (integer), no una sección"), "{e}");
        assert!(Override::parse("roster").is_err());
        assert!(Override::parse("roster..x=1").is_err());
    }

    #[test]
    fn sweep_lists_split_at_top_level_commas() {
        let v = Override::parse_list("roster.max_travel_minutes=45,60,90").unwrap();
        let values: Vec<String> = v.iter().map(Override::value_text).collect();
        assert_eq!(values, ["45", "60", "90"]);
        assert_eq!(v[2].text, "roster.max_travel_minutes=90");
        let v = Override::parse_list("states=[1,2],[3]").unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].value, toml::Value::Array(vec![toml::Value::Integer(1), toml::Value::Integer(2)]));
        let v = Override::parse_list("name=\"a,b\",c").unwrap();
        assert_eq!(v.iter().map(Override::value_text).collect::<Vec<_>>(), ["a,b", "c"]);
        assert!(Override::parse_list("roster.max_travel_minutes=45,,90").is_err());
    }
}
