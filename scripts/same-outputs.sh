#!/usr/bin/env bash
# Usage: scripts/same-outputs.sh REV
#
# Shows that a change keeps almaplan's outputs byte-identical: builds the `almaplan` binary at git
# revision REV (in a temporary `git worktree`) and at the current checkout (with its uncommitted
# changes), runs both on the same inputs and compares every output file byte for byte.
#
# Runs:
#   demo     `almaplan -q run --out demo` (the embedded demo scenario)
#   hidalgo  `almaplan -q run <checkout>/scenarios/hidalgo.toml --out hidalgo`, only when
#            ALMAPLAN_DATA is set (the real data the scenario names)
# Both binaries get the same scenario file (the current checkout's), the same arguments and the
# same working-directory layout, so file names recorded in the outputs agree.
#
# Masked before comparing: in `resumen_*.json`, lines whose key ends in `seconds"` or `segundos"` (measured solve
# times, e.g. "solve_seconds": 1.23) are replaced by the key alone. Nothing else is masked: every
# other byte of every file must match, and a file present on one side only is a difference.
#
# Building: the current checkout builds in CARGO_TARGET_DIR (default: its `target/`), REV in its
# own target directory, SAME_OUTPUTS_OLD_TARGET (default: CARGO_TARGET_DIR with `-old` appended,
# kept between runs so that later runs are warm): cargo keys workspace members by their relative
# path, so two checkouts sharing one target directory silently reuse each other's artifacts. Both
# use --release. A workspace (a `[workspace]` in the root Cargo.toml) is built with
# `cargo build --release -p almaplan`, an older single-crate layout with `cargo build --release`.
# The binary's path is taken from cargo's JSON messages (so a target-dir from cargo's config is
# followed too); both builds write the same path, so each binary is copied aside right after its
# build.
#
# Exit status: 0 and "idénticas: N archivos" when every file matches; 1 with the differing files
# listed otherwise; 2 on a usage, build or run error.
set -euo pipefail

if [ $# -ne 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
rev=$1
root=$(git rev-parse --show-toplevel)
commit=$(git -C "$root" rev-parse --verify --quiet "$rev^{commit}") || { echo "same-outputs: $rev no es una revisión de git" >&2; exit 2; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
old_target=${SAME_OUTPUTS_OLD_TARGET:-$CARGO_TARGET_DIR-old}
if [ -n "${ALMAPLAN_DATA:-}" ]; then
    # The runs happen in other directories: a relative data path must not change meaning.
    ALMAPLAN_DATA=$(cd "$ALMAPLAN_DATA" && pwd)
    export ALMAPLAN_DATA
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/same-outputs.XXXXXX")
old_src=$work/src-old
cleanup() {
    git -C "$root" worktree remove --force "$old_src" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# build DIR DEST TARGET: builds almaplan in checkout DIR with target directory TARGET and copies
# the binary to DEST.
build() {
    local dir=$1 dest=$2 target=$3 package="" json exe
    echo "compilando $dir …" >&2
    grep -q '^\[workspace\]' "$dir/Cargo.toml" && package="-p almaplan"
    # shellcheck disable=SC2086 # $package is empty or two words
    json=$(cd "$dir" && CARGO_TARGET_DIR=$target cargo build --release $package --message-format=json-render-diagnostics) ||
        { echo "same-outputs: falló la compilación en $dir" >&2; exit 2; }
    exe=$(printf '%s\n' "$json" | grep -o '"executable":"[^"]*/almaplan"' | tail -n 1 | sed 's/^"executable":"//; s/"$//')
    [ -n "$exe" ] && [ -x "$exe" ] || { echo "same-outputs: cargo no informó el ejecutable almaplan en $dir" >&2; exit 2; }
    echo "  $exe" >&2
    cp "$exe" "$dest"
}

git -C "$root" worktree add --detach --quiet "$old_src" "$commit"
build "$old_src" "$work/almaplan-old" "$old_target"
build "$root" "$work/almaplan-new" "$CARGO_TARGET_DIR"

# run SIDE: runs the SIDE binary into $work/SIDE/{demo,hidalgo}.
run() {
    local side=$1 bin=$work/almaplan-$1
    mkdir -p "$work/$side"
    echo "ejecutando $side: demo …" >&2
    (cd "$work/$side" && "$bin" -q run --out demo >/dev/null) || { echo "same-outputs: falló la corrida demo ($side)" >&2; exit 2; }
    if [ -n "${ALMAPLAN_DATA:-}" ]; then
        echo "ejecutando $side: hidalgo …" >&2
        (cd "$work/$side" && "$bin" -q run "$root/scenarios/hidalgo.toml" --out hidalgo >/dev/null) ||
            { echo "same-outputs: falló la corrida hidalgo ($side)" >&2; exit 2; }
    fi
}
run old
run new
[ -n "${ALMAPLAN_DATA:-}" ] || echo "ALMAPLAN_DATA no está definida: solo se compara el demo" >&2

# mask FILE: the file as compared (measured times masked in resumen_*.json).
mask() {
    case $(basename "$1") in
        resumen_*.json) sed -E 's/^([[:space:]]*"[^"]*(seconds|segundos)"):.*$/\1: <tiempo>/' "$1" ;;
        *) cat "$1" ;;
    esac
}

list() { (cd "$1" && find . -type f | LC_ALL=C sort); }
different=()
count=0
while read -r f; do
    count=$((count + 1))
    a=$work/old/$f
    b=$work/new/$f
    if [ ! -f "$a" ]; then
        different+=("${f#./} (solo en la revisión actual)")
    elif [ ! -f "$b" ]; then
        different+=("${f#./} (solo en $rev)")
    elif ! cmp -s <(mask "$a") <(mask "$b"); then
        different+=("${f#./}")
    fi
done < <(LC_ALL=C sort -u <(list "$work/old") <(list "$work/new"))

if [ ${#different[@]} -eq 0 ]; then
    echo "idénticas: $count archivos"
    exit 0
fi
echo "distintas: ${#different[@]} de $count archivos (frente a $rev)"
printf '  %s\n' "${different[@]}"
exit 1
