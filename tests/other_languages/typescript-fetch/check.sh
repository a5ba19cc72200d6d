#!/usr/bin/env bash
# openapi-generator's typescript-fetch client of the spec, and usage.ts (the three grants,
# introspection, revocation, user info, discovery and the key set) type-checked against it by
# tsc --strict.
# Needs node and npm (typescript pinned in package.json). Usage: check.sh [SPEC]
CHECK=typescript-fetch
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
SPEC="$(spec_path "${1:-}")"
here="$OTHER_LANGUAGES_DIR/typescript-fetch"
need node "apt-get install nodejs npm"
need npm "apt-get install nodejs npm"

work="$(work_dir typescript-fetch)"
cp "$here/package.json" "$here/tsconfig.json" "$here/usage.ts" "$work/"
generate typescript-fetch "$work/client"
cd "$work" || die "no folder $work"
npm install --no-audit --no-fund --loglevel=error >/dev/null
# --no: the pinned local typescript, never another version fetched on the fly.
npx --no -- tsc --noEmit --strict -p . || die "usage.ts does not type-check against the typescript-fetch client"
say "PROVED: typescript-fetch client type-checks under tsc $(npx --no -- tsc --version | cut -d' ' -f2) --strict with usage.ts sending authorization_code, refresh_token and client_credentials, introspecting, revoking, reading user info, the OpenID Connect discovery document and the key set"
