#!/usr/bin/env bash
# The spec as other-language teams use it: openapi-generator's validation, then clients in
# TypeScript (typescript-fetch, hey-api), Go, Rust and Java generated and compiled with pinned
# generators and Debian's toolchains, each with a small program making every partner call.
# Runs every check even after a failure, prints a summary with the time of each, and exits 1
# when one failed. Usage: run.sh [SPEC] [CHECK...]   (checks: validate typescript-fetch
# hey-api go rust java; all by default)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
spec="${1:-$here/../../openapi/contio-oauth.yaml}"
[ "$#" -gt 0 ] && shift
checks=("$@")
[ "${#checks[@]}" -gt 0 ] || checks=(validate typescript-fetch hey-api go rust java)

OTHER_LANGUAGES_WORK="$(mktemp -d "${TMPDIR:-/tmp}/contio-other-languages.XXXXXX")"
export OTHER_LANGUAGES_WORK
trap 'rm -rf "$OTHER_LANGUAGES_WORK"' EXIT

summary=()
failed=0
for check in "${checks[@]}"; do
  script="$here/$check/check.sh"
  [ "$check" = validate ] && script="$here/validate.sh"
  [ -f "$script" ] || { echo "run.sh: no check named $check" >&2; exit 2; }
  echo "== $check"
  start=$SECONDS
  if bash "$script" "$spec"; then result=passed; else result=FAILED; failed=$((failed + 1)); fi
  summary+=("$(printf '%-17s %-7s %4ss' "$check" "$result" "$((SECONDS - start))")")
done
echo "== other languages: summary"
printf '%s\n' "${summary[@]}"
passed=$((${#checks[@]} - failed))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
