# Sourced by Banyan's scripts: points podman (and buildah inside `podman build`) at a
# containers.conf of Banyan's own under the build directory, so every podman command gets the same
# settings without repeating them. They are what podman needs on a host like the project's
# sandbox, and harmless on an ordinary Linux host (e.g. a CI runner):
#   runc + cgroupfs  — the sandbox runs cgroups v1/v2 hybrid with no systemd to delegate to;
#   host network     — no CNI/netavark bridge can be set up there (and smoke tests reach the
#                      containers on loopback ports this way);
#   ulimits          — the sandbox lacks CAP_SYS_RESOURCE, so the default rlimits (inherited,
#                      larger than the hard limit it may set) would fail every container start.

banyan_podman_setup() {
  # $1: build directory (created if missing). Exports CONTAINERS_CONF.
  local dir="$1"
  if ! command -v podman >/dev/null 2>&1; then
    echo "error: podman is not installed (Debian: apt-get install podman runc; ./bin/test installs it)" >&2
    return 1
  fi
  mkdir -p "$dir"
  cat >"$dir/containers.conf" <<'CONF'
# Written by bin/lib/podman.sh — edits are overwritten. See that file for why each line is here.
[containers]
netns = "host"
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
CONF
  export CONTAINERS_CONF="$dir/containers.conf"
}
