# Sourced by bin/images for `./bin/images smoke`: runs both images the way Kubernetes runs them —
# read-only root filesystem, their own non-root uid, no capabilities, no privilege escalation,
# writable /tmp (like an emptyDir) and a volume at /data — and checks them from outside with real
# clients. Any failure stops with a message naming the check and the container's log.
#
# Data node: answers PING, SET and GET through redis-cli; SAVE writes dump.rdb into the volume;
# its process runs as uid/gid 10001; writing to the root filesystem fails; Netty loaded its native
# epoll library (so /tmp works for it).
# Operator: its process runs as uid/gid 185 and Quarkus answers /q/health/live.
#  - Alone (no Kubernetes API here), the operator is started asynchronously so Quarkus comes up
#    while the operator itself cannot: this proves the image starts the application (the Java
#    runtime and its modules, the read-only file system, configuration) — not that it can
#    reconcile.
#  - With BANYAN_SMOKE_KUBE_API=http://127.0.0.1:<port> (an API server with the StoreCluster CRD
#    and a StoreCluster in namespace default; ImagesSmokeIT passes fabric8's mock server) it starts
#    as in production: it must become ready (/q/health/ready: informers listed and watched) and
#    write the StoreCluster's status, i.e. it reconciled through that API from inside the image.
#
# Containers use the host network (the sandbox has no other), so each gets free loopback ports.

smoke_fail() {
  echo "SMOKE FAILED: $*" >&2
  exit 1
}

smoke_free_port() {
  # A loopback port nothing answers on (bash's /dev/tcp connects, so no extra tool is needed).
  local p _
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  smoke_fail "no free loopback port found"
}

smoke_http() {
  # $1 host, $2 port, $3 path: prints the HTTP response (status line, headers, body) or nothing.
  # shellcheck disable=SC2016 # the inner script expands its own arguments
  timeout 5 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s\r\nAccept: application/json\r\n\r\n" "$2" "$0" >&3
    cat <&3' "$1" "$2" "$3" 2>/dev/null || true
}

smoke_health_up() {
  # $1 port, $2 path: true when Quarkus answers 200 with "status": "UP".
  local answer
  answer=$(smoke_http 127.0.0.1 "$1" "$2")
  [[ "$answer" == "HTTP/1."?" 200"* ]] && [[ "$answer" == *'"UP"'* ]]
}

smoke_status_written() {
  # $1 host, $2 port: true when a StoreCluster in namespace default has a status phase.
  local answer
  answer=$(smoke_http "$1" "$2" /apis/banyan.io/v1alpha1/namespaces/default/storeclusters)
  [[ "$answer" == "HTTP/1."?" 200"* ]] && [[ "$answer" == *'"phase"'* ]]
}

smoke_await() {
  # $1 container, $2 seconds, $3 description, rest: a command that succeeds once the condition
  # holds. Polls until then; fails early when the container exited.
  local ctr="$1" deadline=$((SECONDS + $2)) what="$3"
  shift 3
  until "$@"; do
    if [ "$(podman inspect --format '{{.State.Running}}' "$ctr" 2>/dev/null)" != true ]; then
      smoke_logs "$ctr"
      smoke_fail "$ctr exited while waiting for: $what"
    fi
    if [ $SECONDS -ge $deadline ]; then
      smoke_logs "$ctr"
      smoke_fail "$ctr: no $what after $2 s"
    fi
    sleep 0.3
  done
}

smoke_logs() {
  echo "---- last lines of $1's log ----" >&2
  podman logs --tail 40 "$1" >&2 2>&1 || true
  echo "---------------------------------" >&2
}

smoke_expect() {
  # $1 description, $2 expected, $3 actual
  [ "$2" = "$3" ] || smoke_fail "$1: expected '$2', got '$3'"
  echo "  ok  $1: $3" >&2
}

smoke_process_ids() {
  # $1 container: "uid gid" of its main process (PID 1: the launchers exec java), as the kernel
  # reports them inside the container.
  podman exec "$1" awk '/^Uid:/ { u = $2 } /^Gid:/ { g = $2 } END { print u, g }' /proc/1/status
}

smoke_run() {
  # $1 name, rest: podman run arguments. Runs detached the way a restricted pod would.
  local name="$1"
  shift
  podman run --detach --name "$name" \
    --read-only --read-only-tmpfs=false \
    --tmpfs /tmp:rw,exec,nosuid,nodev,mode=1777,size=64m \
    --cap-drop=ALL --security-opt=no-new-privileges \
    "$@" >/dev/null
}

smoke_node() {
  local image="$1" ctr="banyan-smoke-node-$$" vol="banyan-smoke-data-$$" port
  port=$(smoke_free_port)
  smoke_containers+=("$ctr")
  smoke_volumes+=("$vol")
  podman volume create "$vol" >/dev/null
  echo "data node: $image on 127.0.0.1:$port" >&2
  smoke_run "$ctr" --volume "$vol:/data" "$image" --bind 127.0.0.1 --port "$port"

  smoke_await "$ctr" 90 "PONG on port $port" \
    sh -c "[ \"\$(redis-cli -h 127.0.0.1 -p $port PING 2>/dev/null)\" = PONG ]"
  echo "  ok  PING answered PONG (redis-cli $(redis-cli --version | awk '{print $2}'))" >&2
  smoke_expect "SET" OK "$(redis-cli -h 127.0.0.1 -p "$port" SET banyan:smoke "hello image")"
  smoke_expect "GET" "hello image" "$(redis-cli -h 127.0.0.1 -p "$port" GET banyan:smoke)"
  smoke_expect "runs as uid/gid" "10001 10001" "$(smoke_process_ids "$ctr")"

  smoke_expect "SAVE into the /data volume" OK "$(redis-cli -h 127.0.0.1 -p "$port" SAVE)"
  smoke_expect "/data/dump.rdb (owner, non-empty)" "10001 yes" \
    "$(podman exec "$ctr" sh -c 'echo "$(stat -c %u /data/dump.rdb) $([ -s /data/dump.rdb ] && echo yes)"')"

  if podman exec "$ctr" sh -c 'echo x > /opt/banyan/probe' 2>/dev/null; then
    smoke_fail "the root filesystem is writable (wrote /opt/banyan/probe)"
  fi
  echo "  ok  root filesystem is read-only" >&2

  podman exec "$ctr" grep -q netty_transport_native_epoll /proc/1/maps \
    || { smoke_logs "$ctr"; smoke_fail "Netty's native epoll library is not loaded (fell back to NIO)"; }
  echo "  ok  Netty's native epoll transport is loaded" >&2
}

smoke_operator() {
  local image="$1" ctr="banyan-smoke-operator-$$" port mode=()
  port=$(smoke_free_port)
  smoke_containers+=("$ctr")
  local api="${BANYAN_SMOKE_KUBE_API:-}" api_host="" api_port=""
  if [ -n "$api" ]; then
    [[ "$api" =~ ^http://([^:/]+):([0-9]+)/?$ ]] \
      || smoke_fail "BANYAN_SMOKE_KUBE_API must look like http://127.0.0.1:<port>, not '$api'"
    api_host="${BASH_REMATCH[1]}"
    api_port="${BASH_REMATCH[2]}"
    # The mock API server has no server-side apply; the operator then creates and merge-patches.
    mode=(--env BANYAN_OPERATOR_SERVER_SIDE_APPLY=false)
  else
    # Nothing listens there. Without async start Quarkus would stop when the operator cannot
    # read its CRD; with it, Quarkus serves health while the operator's start fails in the log.
    api="https://127.0.0.1:$(smoke_free_port)"
    mode=(--env QUARKUS_OPERATOR_SDK_ASYNC_START=true)
  fi
  echo "operator: $image, health on 127.0.0.1:$port, Kubernetes API $api" >&2
  smoke_run "$ctr" \
    --env QUARKUS_HTTP_HOST=127.0.0.1 \
    --env QUARKUS_HTTP_PORT="$port" \
    --env QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL="$api" \
    --env QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS=true \
    "${mode[@]}" \
    "$image"

  smoke_await "$ctr" 120 "UP from /q/health/live on port $port" smoke_health_up "$port" /q/health/live
  echo "  ok  /q/health/live answered 200 UP" >&2
  smoke_expect "runs as uid/gid" "185 185" "$(smoke_process_ids "$ctr")"
  if [ -z "$api_port" ]; then
    echo "  --  no Kubernetes API given (BANYAN_SMOKE_KUBE_API): readiness and reconciling not checked" >&2
    return 0
  fi
  smoke_await "$ctr" 120 "UP from /q/health/ready" smoke_health_up "$port" /q/health/ready
  echo "  ok  /q/health/ready answered 200 UP (informers synced with $api)" >&2
  smoke_await "$ctr" 120 "StoreCluster status written through $api" \
    smoke_status_written "$api_host" "$api_port"
  echo "  ok  the operator reconciled: a StoreCluster's status has a phase" >&2
}

smoke_cleanup() {
  local c v
  for c in "${smoke_containers[@]}"; do
    podman rm --force --time 5 "$c" >/dev/null 2>&1 || true
  done
  for v in "${smoke_volumes[@]}"; do
    podman volume rm --force "$v" >/dev/null 2>&1 || true
  done
}

smoke() {
  # $1 data-node image, $2 operator image.
  banyan_install_packages "./bin/images smoke" redis-cli:redis-tools
  smoke_containers=()
  smoke_volumes=()
  trap smoke_cleanup EXIT
  smoke_node "$1"
  smoke_operator "$2"
  echo "SMOKE PASSED: $1, $2" >&2
}
