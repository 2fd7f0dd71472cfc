# Sourced by ./healbms and scripts/*.sh: finds a JDK whose feature version is at least $required
# (default 25), looking where JDKs are installed; prints its home, or fails.
required="${required:-25}"

java_major() { # prints the feature version of the JDK at $1, or nothing
  local release="$1/release"
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}

find_jdk() {
  local candidate major
  for candidate in "${HEALBMS_JAVA_HOME:-}" "${JAVA_HOME:-}" "${JAVA25_HOME:-}" \
                   /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major="$(java_major "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge "$required" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

