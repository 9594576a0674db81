//! Mexico's 32 states (entidades federativas) by INEGI code, and which ones are federalised into
//! IMSS-BIENESTAR.

/// INEGI state names, indexed by code − 1.
const NAMES: [&str; 32] = [
    "AGUASCALIENTES",
    "BAJA CALIFORNIA",
    "BAJA CALIFORNIA SUR",
    "CAMPECHE",
    "COAHUILA DE ZARAGOZA",
    "COLIMA",
    "CHIAPAS",
    "CHIHUAHUA",
    "CIUDAD DE MEXICO",
    "DURANGO",
    "GUANAJUATO",
    "GUERRERO",
    "HIDALGO",
    "JALISCO",
    "MEXICO",
    "MICHOACAN DE OCAMPO",
    "MORELOS",
    "NAYARIT",
    "NUEVO LEON",
    "OAXACA",
    "PUEBLA",
    "QUERETARO",
    "QUINTANA ROO",
    "SAN LUIS POTOSI",
    "SINALOA",
    "SONORA",
    "TABASCO",
    "TAMAULIPAS",
    "TLAXCALA",
    "VERACRUZ DE IGNACIO DE LA LLAVE",
    "YUCATAN",
    "ZACATECAS",
];

/// The 23 states whose services were federalised into IMSS-BIENESTAR.
pub const FEDERALISED: [u8; 23] = [2, 3, 4, 6, 7, 9, 12, 13, 15, 16, 17, 18, 20, 21, 23, 24, 25, 26, 27, 28, 29, 30, 32];

/// The state's name (upper case, without accents, as the catalogues write it).
pub fn name(code: u8) -> Option<&'static str> {
    NAMES.get((code as usize).checked_sub(1)?).copied()
}

/// Finds a state code by name, ignoring case and accents.
pub fn code_by_name(name: &str) -> Option<u8> {
    let key = fold(name);
    NAMES.iter().position(|n| fold(n) == key).map(|i| i as u8 + 1)
}

/// Upper case without Spanish accents, for comparing names written by different offices.
pub fn fold(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            'á' | 'Á' => 'A',
            'é' | 'É' => 'E',
            'í' | 'Í' => 'I',
            'ó' | 'Ó' => 'O',
            'ú' | 'Ú' | 'ü' | 'Ü' => 'U',
            'ñ' | 'Ñ' => 'N',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_round_trip() {
        assert_eq!(name(13), Some("HIDALGO"));
        assert_eq!(code_by_name("Michoacán de Ocampo"), Some(16));
        assert_eq!(code_by_name("Ciudad de México"), Some(9));
        assert_eq!(name(0), None);
        assert_eq!(name(33), None);
    }
}
