#!/usr/bin/env bash
# openapi-generator's rust client of the spec, checked by `cargo check` offline against the
# crates Debian packages (librust-*-dev, in /usr/share/cargo/registry), with usage.rs (the three
# grants, introspection, revocation, user info, discovery and the key set) as an example of the
# crate.
#
# The generated Cargo.toml asks for crate versions newer than Debian bookworm has (reqwest
# ^0.13 where Debian has 0.11, url ^2.5, uuid ^1.8): the check accepts any version of each
# crate, drops the two reqwest features that 0.11 has built in ("query", "form"), and prints the
# versions it compiled against. Usage: check.sh [SPEC]
CHECK=rust
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
SPEC="$(spec_path "${1:-}")"
# Debian's toolchain when it is installed, whatever else PATH has (rustup's, say).
if [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ]; then
  export PATH="/usr/bin:$PATH"
fi
need cargo "apt-get install cargo-web rustc-web and the librust-*-dev packages .ci/run names"
[ -d /usr/share/cargo/registry ] || die "no Debian crates in /usr/share/cargo/registry"

work="$(work_dir rust)"
generate rust "$work/client" --additional-properties=packageName=contio-oauth
cd "$work/client" || die "no generated client in $work/client"
mkdir -p .cargo examples
cp "$OTHER_LANGUAGES_DIR/rust/cargo-config.toml" .cargo/config.toml
cp "$OTHER_LANGUAGES_DIR/rust/usage.rs" examples/usage.rs
sed -i -e '/^\[dependencies\]/,/^\[/{s/version = "[^"]*"/version = "*"/;s/^\([a-z_-]*\) = "[^"]*"$/\1 = "*"/;s/, "query", "form"//}' Cargo.toml
export CARGO_HOME="$work/cargo-home" CARGO_TARGET_DIR="$work/target"
s=$SECONDS
cargo check --quiet --offline --all-targets 2>"$work/cargo.log" || {
  cat "$work/cargo.log" >&2
  die "the generated rust client or usage.rs does not compile against Debian's crates"
}
say "cargo check took $((SECONDS - s))s"
versions="$(cargo tree --offline --depth 1 --edges normal --prefix none 2>/dev/null | sed 1d | cut -d' ' -f1,2 | sort -u | tr '\n' ' ')"
say "compiled against Debian's crates: $versions"
say "PROVED: rust client compiles offline ($(rustc --version | cut -d' ' -f1,2)) against Debian's crates, with usage.rs sending authorization_code, refresh_token and client_credentials, introspecting, revoking, reading user info, the OpenID Connect discovery document and the key set"
