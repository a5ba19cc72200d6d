#!/usr/bin/env bash
# @hey-api/openapi-ts's fetch client of the spec, and usage.ts (the authorization URL, the three
# grants, introspection, revocation, user info, discovery and the key set) type-checked against
# it by tsc --strict.
# Needs node and npm (the generator and typescript pinned in package.json). Usage: check.sh [SPEC]
CHECK=hey-api
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
SPEC="$(spec_path "${1:-}")"
here="$OTHER_LANGUAGES_DIR/hey-api"
need node "apt-get install nodejs npm"
need npm "apt-get install nodejs npm"

work="$(work_dir hey-api)"
cp "$here/package.json" "$here/tsconfig.json" "$here/usage.ts" "$work/"
cd "$work" || die "no folder $work"
npm install --no-audit --no-fund --loglevel=error >/dev/null 2>&1 ||
  die "npm install of the pinned packages failed (see package.json)"
version="$(node -p 'require("@hey-api/openapi-ts/package.json").version')"
npx --no -- openapi-ts -i "$SPEC" -o client -c @hey-api/client-fetch >generate.log 2>&1 || {
  cat generate.log >&2
  die "@hey-api/openapi-ts $version could not generate a client from $SPEC"
}
say "generated the fetch client with @hey-api/openapi-ts $version"
npx --no -- tsc --noEmit --strict -p . || die "usage.ts does not type-check against hey-api's client"
say "PROVED: @hey-api/openapi-ts $version client type-checks under tsc $(npx --no -- tsc --version | cut -d' ' -f2) --strict with usage.ts building the authorization URL, sending authorization_code, refresh_token and client_credentials, introspecting, revoking, reading user info, the OpenID Connect discovery document and the key set"
