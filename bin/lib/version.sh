# Sourced by Banyan's scripts: the release version, from its one source — the root pom's project
# version without "-SNAPSHOT" (0.1.0-SNAPSHOT builds and releases 0.1.0). Image tags, the chart's
# version/appVersion and the CRD's default data-node image all name it; VersionConsistencyTest
# fails when one of them does not, and the release workflow refuses a tag v<X> unless X is it.

banyan_version() {
  # $1: the repository root. The root pom has no <parent>, so its first <version> is its own.
  local pom="$1/pom.xml" v
  v=$(sed -n 's:^[[:space:]]*<version>\([^<]*\)</version>.*:\1:p' "$pom" | head -n 1)
  if [ -z "$v" ]; then
    echo "error: no <version> found in $pom" >&2
    return 1
  fi
  echo "${v%-SNAPSHOT}"
}
