#!/usr/bin/env bash
# openapi-generator's go client of the spec, built with the Go toolchain on PATH (Debian's
# golang-go) and the standard library alone: no module is downloaded (GOPROXY=off), so a client
# that needed one would fail here. usage.go (the three grants, introspection, revocation, user
# info, discovery and the key set) is built against it. Usage: check.sh [SPEC]
CHECK=go
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
SPEC="$(spec_path "${1:-}")"
need go "apt-get install golang-go"

work="$(work_dir go)"
generate go "$work/client" --git-user-id contio-python --git-repo-id contio-oauth-go \
  --additional-properties=packageName=contio
cd "$work/client" || die "no generated client in $work/client"
rm -rf test # the generated tests import a test framework from outside the standard library
mkdir -p cmd/usage
cp "$OTHER_LANGUAGES_DIR/go/usage.go" cmd/usage/main.go
# The generated go.mod requires nothing; GOPROXY=off makes sure nothing is fetched either.
# GOTOOLCHAIN=local: a newer Go must not try to download the go.mod's version.
export GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local GOCACHE="$work/cache" GOPATH="$work/gopath"
if grep -q '^require[^(]*[a-z]' go.mod || grep -qE '^\s+[a-z][^ ]+ v[0-9]' go.mod; then
  die "the generated go.mod requires modules outside the standard library: $(tr '\n' ' ' <go.mod)"
fi
go vet ./... || die "go vet rejects the generated client"
go build -o "$work/usage" ./cmd/usage || die "the generated client or usage.go does not build"
say "PROVED: go client builds with $(go version | cut -d' ' -f3) and the standard library only, with usage.go sending authorization_code, refresh_token and client_credentials, introspecting, revoking, reading user info, the OpenID Connect discovery document and the key set"
