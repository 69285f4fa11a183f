# Sourced by Banyan's scripts: exports JAVA_HOME pointing at a JDK 21 or newer, or exits with a
# clear message. Preference: $JAVA_HOME when suitable, then the newest JDK in /usr/lib/jvm, then
# the `java` on PATH.

banyan_java_major() {
  # Prints the feature version of the java binary given, or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

banyan_is_jdk() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ]
}

banyan_find_jdk() {
  local min=21 candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && banyan_is_jdk "$JAVA_HOME"; then
    major=$(banyan_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -L "$candidate" ] && continue
    banyan_is_jdk "$candidate" || continue
    major=$(banyan_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -n "$best" ]; then
    echo "$best"
    return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(banyan_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$min" ]; then
      echo "$candidate"
      return 0
    fi
  fi
  return 1
}

if ! BANYAN_JDK=$(banyan_find_jdk); then
  echo "error: Banyan needs a JDK 21 or newer, and none was found." >&2
  echo "       Looked at \$JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm/*, and javac on PATH." >&2
  echo "       Install one (e.g. 'apt-get install openjdk-21-jdk') or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$BANYAN_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
