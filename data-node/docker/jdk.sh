# Image replacement for the repository's bin/lib/jdk.sh (same two effects, no JDK search): the
# runtime image has a JRE, not a JDK, at the location its base image sets in JAVA_HOME, and the
# launcher data-node/bin/banyan-node only needs JAVA_HOME and banyan_java_major from this file.
# Copied to /opt/banyan/bin/lib/jdk.sh, where the launcher looks ($here/../bin/lib/jdk.sh).

banyan_java_major() {
  # Prints the feature version of the java binary given, or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
  echo "error: JAVA_HOME (${JAVA_HOME:-unset}) does not contain bin/java; the image is broken." >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
