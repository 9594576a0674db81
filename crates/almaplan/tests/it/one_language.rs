//! The command line in one language: Spanish help for the program and every command, usage
//! errors with their own exit code, `-q` everywhere, errors printed once, no panic on a closed
//! pipe, shell completions and a man page.

use std::io::BufRead;
use std::process::{Command, Stdio};

use crate::common::{almaplan, scenario, stderr, stdout};

/// Every command, as typed after `almaplan`.
const COMMANDS: &[&[&str]] = &[
    &[],
    &["run"],
    &["sweep"],
    &["compare"],
    &["roster"],
    &["roster", "check"],
    &["zones"],
    &["waves"],
    &["validate"],
    &["routes"],
    &["bench-routing"],
    &["completions"],
    &["man"],
];

/// clap's English strings, none of which may reach a user.
const ENGLISH: &[&str] = &[
    "Usage:",
    "Options:",
    "Arguments:",
    "Commands:",
    "Print help",
    "Print version",
    "[default:",
    "[possible values",
    "[env:",
    "[OPTIONS]",
    "<COMMAND>",
];

#[test]
fn help_of_the_program_and_of_every_command_is_in_spanish() {
    let dir = tempfile::tempdir().unwrap();
    // The listing of commands in the program's help names them all.
    let top = stdout(&almaplan(dir.path(), &["--help"]));
    for c in COMMANDS.iter().filter(|c| c.len() == 1) {
        assert!(top.contains(&format!("\n  {} ", c[0])), "{c:?} missing from the program's help:\n{top}");
    }
    for c in COMMANDS {
        for flag in ["--ayuda", "-h", "--help"] {
            let args: Vec<&str> = c.iter().copied().chain([flag]).collect();
            let out = almaplan(dir.path(), &args);
            let text = stdout(&out);
            assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
            assert!(text.contains("Uso: almaplan"), "{args:?}:\n{text}");
            assert!(text.contains("Opciones:") && text.contains("-h, --ayuda"), "{args:?}:\n{text}");
            if let Some(arguments) = text.find("Argumentos:") {
                assert!(arguments < text.find("Opciones:").unwrap(), "{args:?}: arguments first:\n{text}");
            }
            for english in ENGLISH {
                assert!(!text.contains(english), "{args:?}: {english:?} in\n{text}");
            }
        }
    }
    // The data folder is a flag backed by the environment variable, and the help says so.
    assert!(top.contains("--datos <DIR>") && top.contains("variable de entorno: ALMAPLAN_DATA"), "{top}");
    // Spanish flag names; the English ones of earlier versions are not advertised.
    let roster = stdout(&almaplan(dir.path(), &["roster", "--ayuda"]));
    for flag in ["--salida", "--previo", "--bajas", "--silencio"] {
        assert!(roster.contains(flag), "{flag}:\n{roster}");
    }
    for flag in ["--out", "--previous", "--unavailable", "--quiet"] {
        assert!(!roster.contains(flag), "{flag}:\n{roster}");
    }
}

#[test]
fn usage_errors_have_their_own_exit_code_and_a_spanish_message() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["run", "--no-existe"][..],
        &[],
        &["validate"],
        &["run", "--idioma", "fr"],
        &["waves", "x.toml", "--desde", "ayer"],
        &["nada"],
        &["sweep", "--fijar", "roster.max_travel_minutes=60", "--paralelo", "0"],
        &["bench-routing", "--formato", "tsplib", "."],
    ] {
        let out = almaplan(dir.path(), args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(almaplan::cli::EXIT_USAGE), "{args:?}: {err}");
        assert!(!err.contains("error:") || err.contains("error de uso"), "{args:?}: {err}");
        for english in ENGLISH.iter().chain(&["For more information", "unexpected argument", "invalid value"]) {
            assert!(!err.contains(english), "{args:?}: {english:?} in {err}");
        }
    }
    let err = stderr(&almaplan(dir.path(), &["run", "--salid", "x"]));
    assert!(err.contains("argumento inesperado «--salid»") && err.contains("¿quiso decir «--salida»?"), "{err}");
    let err = stderr(&almaplan(dir.path(), &["run", "--idioma", "fr"]));
    assert!(err.contains("valor inválido «fr»") && err.contains("es, en"), "{err}");
}

#[test]
fn english_flag_names_still_work_as_aliases() {
    let dir = tempfile::tempdir().unwrap();
    let out = almaplan(dir.path(), &["routes", "--out", "a", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("a/rutas_umm.csv").is_file());
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    let out = almaplan(dir.path(), &["routes", "--salida", "b", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("b/rutas_umm.csv").is_file());
}

#[test]
fn validate_is_quiet_with_q_and_prints_its_errors_once() {
    let dir = tempfile::tempdir().unwrap();
    let demo = scenario("demo.toml");
    let out = almaplan(dir.path(), &["validate", &demo]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Unidades leídas"));
    for q in ["-q", "--silencio", "--quiet"] {
        let out = almaplan(dir.path(), &["validate", &demo, q]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).is_empty(), "{q}: {}", stdout(&out));
        assert!(stderr(&out).is_empty(), "{q}: {}", stderr(&out));
    }
    // A catalogue row with a bad latitude: the problem is printed once, on stderr.
    std::fs::write(dir.path().join("s.toml"), "name = \"prueba\"\n[data]\nestablishments = \"cat.csv\"\n").unwrap();
    let header = crate::malformed_input::HEADER;
    let row = "HGIMB000011,HGSSA000011,13,HIDALGO,1,ACATLAN,ACATLAN,1,ACATLÁN,EN OPERACION,PRIMER NIVEL,URBANO DE 03 NÚCLEOS BÁSICOS,URBANO,1301.0,TULANCINGO,20.2x,-98.440023";
    std::fs::write(dir.path().join("cat.csv"), format!("{header}\n{row}\n")).unwrap();
    for quiet in [false, true] {
        let args: &[&str] = if quiet { &["validate", "s.toml", "-q"] } else { &["validate", "s.toml"] };
        let out = almaplan(dir.path(), args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_eq!(err.matches("cat.csv:2:latitud").count(), 1, "printed once:\n{err}");
        assert!(!stdout(&out).contains("cat.csv:2:latitud"), "{}", stdout(&out));
        if quiet {
            assert!(stdout(&out).is_empty(), "{}", stdout(&out));
        }
    }
}

#[test]
fn the_data_flag_sets_almaplan_data_for_the_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("mis_datos");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(dir.path().join("s.toml"), "name = \"prueba\"\n[data]\nestablishments = \"${ALMAPLAN_DATA}/no_esta.csv\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_almaplan"))
        .args(["validate", "s.toml", "--datos", data.to_str().unwrap()])
        .current_dir(dir.path())
        .env("ALMAPLAN_DATA", "/ninguna/parte")
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("mis_datos/no_esta.csv") && !err.contains("/ninguna/parte"), "{err}");
    // Without the flag, the environment variable.
    let out = Command::new(env!("CARGO_BIN_EXE_almaplan"))
        .args(["validate", "s.toml"])
        .current_dir(dir.path())
        .env("ALMAPLAN_DATA", &data)
        .output()
        .unwrap();
    assert!(stderr(&out).contains("mis_datos/no_esta.csv"), "{}", stderr(&out));
}

/// `almaplan ARGS | head -1`: reads one line (or none) and closes the pipe.
fn through_a_closed_pipe(args: &[&str], read_a_line: bool) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_almaplan"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the almaplan binary runs");
    let reader = child.stdout.take().unwrap();
    if read_a_line {
        let mut line = String::new();
        std::io::BufReader::new(reader).read_line(&mut line).unwrap();
        assert!(!line.is_empty(), "{args:?}: a first line");
    } else {
        drop(reader);
    }
    child.wait_with_output().unwrap()
}

#[test]
fn validate_piped_into_head_ends_without_a_panic() {
    let demo = scenario("demo.toml");
    for args in [&["validate", &demo][..], &["validate", &demo, "--json"], &["--ayuda"], &["completions", "bash"], &["man"]] {
        for read_a_line in [true, false] {
            let out = through_a_closed_pipe(args, read_a_line);
            let err = stderr(&out);
            assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{args:?}: {err}");
            // Either done before the reader left (0) or ended by SIGPIPE, like any Unix filter.
            assert!(out.status.code().is_none_or(|c| c == 0), "{args:?}: {:?} {err}", out.status);
        }
    }
}

#[test]
fn completions_and_man_page_come_from_the_same_definitions() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = almaplan(dir.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let text = stdout(&out);
        for word in ["almaplan", "validate", "salida", "previo", "datos"] {
            assert!(text.contains(word), "{shell}: {word} missing");
        }
    }
    if std::process::Command::new("bash").arg("--version").output().is_ok() {
        // The bash script is valid bash.
        std::fs::write(dir.path().join("c.bash"), stdout(&almaplan(dir.path(), &["completions", "bash"]))).unwrap();
        let check = Command::new("bash").args(["-n", "c.bash"]).current_dir(dir.path()).output().unwrap();
        assert!(check.status.success(), "{}", stderr(&check));
    }
    let man = stdout(&almaplan(dir.path(), &["man"]));
    assert!(man.contains(".TH almaplan 1"), "{man}");
    for section in [".SH NOMBRE", ".SH SINOPSIS", ".SH OPCIONES", ".SH COMANDOS"] {
        assert!(man.contains(section), "{section}:\n{man}");
    }
    for english in [".SH NAME", ".SH OPTIONS", ".SH SUBCOMMANDS", "Print help", "[default:", "environment variable"] {
        assert!(!man.contains(english), "{english}:\n{man}");
    }
    assert!(man.contains("almaplan\\-validate(1)") && man.contains("ALMAPLAN_DATA"), "{man}");
    let run = stdout(&almaplan(dir.path(), &["man", "run"]));
    assert!(run.contains("\\-\\-salida") && run.contains("por omisión: salida") && run.contains(".SH ARGUMENTOS"), "{run}");
    let out = almaplan(dir.path(), &["man", "nada"]);
    assert_eq!(out.status.code(), Some(almaplan::cli::EXIT_USAGE));
}
