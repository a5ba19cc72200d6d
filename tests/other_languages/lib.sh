# shellcheck shell=bash
# Shared by the other-language checks (sourced, not run). Each check generates a client from
# the spec with a pinned generator, compiles or type-checks it with Debian's toolchains and
# prints what it proved. Nothing is written into the repository: all output goes to a
# temporary folder (OTHER_LANGUAGES_WORK when run.sh shares one between the checks).
set -euo pipefail

OTHER_LANGUAGES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$OTHER_LANGUAGES_DIR/../.." && pwd)"
# The generator every check uses, from PyPI (it runs on Debian's Java).
OPENAPI_GENERATOR_VERSION=7.26.0

# die MESSAGE: stop the check with a message naming it.
die() { echo "$CHECK: $*" >&2; exit 1; }
say() { echo "$CHECK: $*"; }

# need TOOL HINT: fail clearly when a toolchain is missing.
need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not on PATH ($2)"
}

# spec_path [PATH]: the spec to check, made absolute; the repository's by default.
spec_path() {
  local spec="${1:-$REPO/openapi/contio-oauth.yaml}"
  [ -f "$spec" ] || die "no spec at $spec"
  echo "$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")"
}

# One temporary folder for the run: run.sh shares its own with every check it runs.
if [ -z "${OTHER_LANGUAGES_WORK:-}" ]; then
  OTHER_LANGUAGES_WORK="$(mktemp -d "${TMPDIR:-/tmp}/contio-other-languages.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$OTHER_LANGUAGES_WORK'" EXIT
fi
export OTHER_LANGUAGES_WORK

# work_dir NAME: a fresh folder for this check inside the run's temporary folder.
work_dir() {
  rm -rf "${OTHER_LANGUAGES_WORK:?}/$1"
  mkdir -p "$OTHER_LANGUAGES_WORK/$1"
  echo "$OTHER_LANGUAGES_WORK/$1"
}

# openapi_generator ARGS...: the pinned openapi-generator-cli, installed from PyPI into a
# virtual environment of its own the first time (shared through OTHER_LANGUAGES_WORK).
openapi_generator() {
  need java "apt-get install default-jre-headless"
  local venv="$OTHER_LANGUAGES_WORK/openapi-generator-$OPENAPI_GENERATOR_VERSION"
  if [ ! -x "$venv/bin/openapi-generator-cli" ]; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
      "openapi-generator-cli==$OPENAPI_GENERATOR_VERSION" >&2
  fi
  "$venv/bin/openapi-generator-cli" "$@"
}

# openapi_generator_jar: the generator's own jar (the Java check takes one module from it).
openapi_generator_jar() {
  local venv="$OTHER_LANGUAGES_WORK/openapi-generator-$OPENAPI_GENERATOR_VERSION"
  "$venv/bin/python" -c 'import pathlib, openapi_generator_cli as m; print(pathlib.Path(m.__file__).parent / "openapi-generator.jar")'
}

# generate GENERATOR OUT [ARGS...]: openapi-generator `generate` from $SPEC (each check sets
# it with spec_path), quiet unless it fails.
# Validation stays on, so a spec that `validate` refuses fails here too, unless
# OTHER_LANGUAGES_SKIP_VALIDATION=1 (to see what each target makes of such a spec).
generate() {
  local generator="$1" out="$2"
  shift 2
  [ -n "${SPEC:-}" ] || die "generate: SPEC is not set"
  local log="$out.log"
  if [ "${OTHER_LANGUAGES_SKIP_VALIDATION:-}" = 1 ]; then
    set -- --skip-validate-spec "$@"
  fi
  # shellcheck disable=SC2153 # SPEC is set by the check that sources this file
  if ! openapi_generator generate -i "$SPEC" -g "$generator" -o "$out" "$@" >"$log" 2>&1; then
    cat "$log" >&2
    die "openapi-generator $OPENAPI_GENERATOR_VERSION could not generate $generator from $SPEC"
  fi
  say "generated $generator with openapi-generator $OPENAPI_GENERATOR_VERSION"
}
