#!/usr/bin/env bash
# openapi-generator's java client of the spec (library native: java.net.http and Jackson),
# compiled by javac with Usage.java (the three grants, introspection, revocation, user info,
# discovery and the key set) against Debian's jars: Jackson 2.14 (libjackson2-*-java), Apache
# HttpClient 4.5 and its MIME module (libhttpclient-java, libhttpmime-java: the client builds
# form bodies with them) and Jakarta annotations (libjakarta-annotation-api-java).
# openApiNullable=false: Debian has no jackson-databind-nullable. Debian has no
# jackson-datatype-jsr310 either, which the client's ApiClient registers whatever the spec: its
# classes are taken from the generator's own jar.
# Usage: check.sh [SPEC]
CHECK=java
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
SPEC="$(spec_path "${1:-}")"
need javac "apt-get install default-jdk-headless"
jars=/usr/share/java
classpath=""
for jar in jackson-annotations jackson-core jackson-databind httpclient httpcore httpmime \
  jakarta-annotation-api; do
  [ -f "$jars/$jar.jar" ] || die "no $jars/$jar.jar (apt-get install the Debian packages .ci/run names)"
  classpath="$classpath:$jars/$jar.jar"
done

work="$(work_dir java)"
generate java "$work/client" --additional-properties=library=native,openApiNullable=false,useJakartaEe=true,annotationLibrary=none,hideGenerationTimestamp=true,invokerPackage=ai.contio.oauth,apiPackage=ai.contio.oauth.api,modelPackage=ai.contio.oauth.model
mkdir -p "$work/jsr310"
(cd "$work/jsr310" && jar xf "$(openapi_generator_jar)" com/fasterxml/jackson/datatype/jsr310/ && [ -d com ]) ||
  die "no jackson-datatype-jsr310 classes in the generator's jar"
find "$work/client/src/main/java" -name '*.java' >"$work/sources.txt"
echo "$OTHER_LANGUAGES_DIR/java/Usage.java" >>"$work/sources.txt"
javac -Xlint:none -nowarn -d "$work/classes" -cp "${classpath#:}:$work/jsr310" @"$work/sources.txt" ||
  die "the generated java client or Usage.java does not compile"
say "PROVED: java client (library native) compiles with javac $(javac -version 2>&1 | cut -d' ' -f2) against Debian's Jackson and HttpClient jars, with Usage.java sending authorization_code, refresh_token and client_credentials, introspecting, revoking, reading user info, the OpenID Connect discovery document and the key set"
