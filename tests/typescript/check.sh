#!/usr/bin/env bash
# Proof that other languages can use the spec: generate TypeScript types from
# openapi/contio-oauth.yaml with openapi-typescript (pinned in package.json) and type-check
# usage.ts against them with `tsc --noEmit --strict`.
#
# Everything is installed into a temporary folder, never into the repository.
# Needs node and npm, and the npm registry. Exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
spec="$repo/openapi/contio-oauth.yaml"

for tool in node npm npx; do
  command -v "$tool" >/dev/null 2>&1 || { echo "check.sh: $tool is not on PATH" >&2; exit 1; }
done
[ -f "$spec" ] || { echo "check.sh: no spec at $spec" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/contio-typescript.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The tracked sources only: no node_modules, no previously generated types.
cp "$here/package.json" "$here/tsconfig.json" "$here/usage.ts" "$work/"
cd "$work"

echo "check.sh: node $(node --version), npm $(npm --version), in $work"
npm install --no-audit --no-fund --loglevel=error
# --no: use the pinned local packages, never fetch another version on the fly.
npx --no -- openapi-typescript "$spec" -o contio-oauth.d.ts
npx --no -- tsc --version
npx --no -- tsc --noEmit --strict -p .
version="$(node -p 'require("openapi-typescript/package.json").version')"
wrong="$(grep -c '@ts-expect-error' usage.ts)"
echo "check.sh: PROVED: openapi-typescript $version types of openapi/contio-oauth.yaml type-check under tsc --strict with usage.ts sending authorization_code, refresh_token and client_credentials, introspecting, revoking, reading user info, the OpenID Connect discovery document and the key set; $wrong wrong uses are type errors"
