#!/usr/bin/env bash
# openapi-generator's own validation of the spec: other-language teams start here, and
# `generate` refuses a spec that fails it. Usage: validate.sh [SPEC]
CHECK=validate
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SPEC="$(spec_path "${1:-}")"

output="$(openapi_generator validate -i "$SPEC" 2>&1)" || {
  echo "$output" >&2
  die "openapi-generator $OPENAPI_GENERATOR_VERSION refuses $SPEC"
}
# `validate` exits 0 on warnings too; an error is a failure here whatever the exit code.
if grep -q "Errors:" <<<"$output"; then
  echo "$output" >&2
  die "openapi-generator $OPENAPI_GENERATOR_VERSION reports errors in $SPEC"
fi
say "PROVED: openapi-generator $OPENAPI_GENERATOR_VERSION validates the spec with no errors"
