//! `${VAR}` expansion in the paths a scenario names.

/// Replaces every `${VAR}` with the environment variable's value.
pub fn expand_vars(raw: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}').ok_or_else(|| format!("${{ sin cerrar en la ruta {raw:?}"))?;
        let var = &after[..end];
        match std::env::var(var) {
            Ok(v) if !v.is_empty() => out.push_str(&v),
            _ => {
                return Err(format!(
                    "la ruta {raw:?} usa ${{{var}}}, pero la variable de entorno {var} no está definida; \
                     apúntela a la carpeta de los datos (p. ej. {var}=../shared/data o --datos DIR)"
                ))
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_variable_is_a_clear_error() {
        let e = expand_vars("${ALMAPLAN_TEST_SURELY_UNSET}/a.csv").unwrap_err();
        assert!(e.contains("ALMAPLAN_TEST_SURELY_UNSET no está definida"), "{e}");
        assert_eq!(expand_vars("plain/path.csv").unwrap(), "plain/path.csv");
    }
}
