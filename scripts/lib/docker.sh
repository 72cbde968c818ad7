# Sourced by scripts/test and scripts/bench (after services.sh): the project's own docker daemon,
# its isolated network, and the datastore images. Every step is idempotent.
#
# The daemon is the project's own (its socket, data root and bridge), so nothing here touches a
# docker the machine may run for other purposes. Containers join the bridge network
# "opentrove" (bridge trove0): no traffic between containers, no masquerading, published ports on
# 127.0.0.1 only, and the iptables rules below drop every connection a container starts towards
# the host (INPUT) or anywhere else (FORWARD). Connections into a container (the agent's and
# tenants' through the published port) are answered: replies are ESTABLISHED.

TROVE_DOCKER_SOCK="${TROVE_DOCKER_SOCK:-/run/opentrove/docker.sock}"
TROVE_DOCKER_ROOT="${TROVE_DOCKER_ROOT:-/var/lib/opentrove/docker}"
TROVE_DOCKER_NETWORK=opentrove
TROVE_DOCKER_BRIDGE=trove0
TROVE_DOCKER_SUBNET="${TROVE_DOCKER_SUBNET:-10.213.0.0/16}"
TROVE_IMAGE_CACHE="${TROVE_IMAGE_CACHE:-/var/cache/opentrove/images}"

tdocker() { DOCKER_BUILDKIT=0 docker -H "unix://$TROVE_DOCKER_SOCK" "$@"; }

docker_answers() { [[ -S "$TROVE_DOCKER_SOCK" ]] && tdocker version >/dev/null 2>&1; }

ensure_docker_packages() {
  if ! have dockerd || ! have docker || ! have debootstrap; then
    apt_install docker.io debootstrap
  fi
  have dockerd || die "dockerd is missing after installing docker.io"
}

ensure_dockerd() {
  ensure_docker_packages
  if ! docker_answers; then
    [[ "$(id -u)" == 0 ]] || die "the docker runtime needs root to start dockerd (run as root, or TROVE_RUNTIME=process)"
    mkdir -p "$(dirname "$TROVE_DOCKER_SOCK")" "$TROVE_DOCKER_ROOT" /var/log/opentrove
    echo "== starting the project's dockerd ($TROVE_DOCKER_SOCK)"
    setsid dockerd --host "unix://$TROVE_DOCKER_SOCK" --data-root "$TROVE_DOCKER_ROOT" \
      --exec-root /run/opentrove/docker-exec --pidfile /run/opentrove/dockerd.pid \
      --bridge none --iptables=true --ip-masq=false --icc=false --ip 127.0.0.1 \
      --userland-proxy=true --log-level warn </dev/null >>/var/log/opentrove/dockerd.log 2>&1 &
    local i
    for i in $(seq 1 60); do docker_answers && break; sleep 0.5; done
    docker_answers || die "dockerd did not answer on $TROVE_DOCKER_SOCK within 30 s; see /var/log/opentrove/dockerd.log"
  fi
  ensure_docker_network
}

ensure_docker_network() {
  if ! tdocker network inspect "$TROVE_DOCKER_NETWORK" >/dev/null 2>&1; then
    tdocker network create --driver bridge --subnet "$TROVE_DOCKER_SUBNET" \
      -o com.docker.network.bridge.name="$TROVE_DOCKER_BRIDGE" \
      -o com.docker.network.bridge.enable_icc=false \
      -o com.docker.network.bridge.enable_ip_masquerade=false \
      -o com.docker.network.bridge.host_binding_ipv4=127.0.0.1 \
      "$TROVE_DOCKER_NETWORK" >/dev/null
  fi
  ensure_rule INPUT -i "$TROVE_DOCKER_BRIDGE" -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
  ensure_rule INPUT -i "$TROVE_DOCKER_BRIDGE" -j DROP
  ensure_rule DOCKER-USER -i "$TROVE_DOCKER_BRIDGE" -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN
  ensure_rule DOCKER-USER -i "$TROVE_DOCKER_BRIDGE" -j DROP
}

# Appends the rule unless it is there; the INPUT rules go first, in order.
ensure_rule() {
  local chain="$1"; shift
  iptables -C "$chain" "$@" -m comment --comment opentrove 2>/dev/null && return
  if [[ "$chain" == INPUT ]]; then
    local n; n=$(iptables -S INPUT | grep -c -- '--comment opentrove' || true)
    iptables -I INPUT $((n + 1)) "$@" -m comment --comment opentrove
  else
    local n; n=$(iptables -S "$chain" | grep -c -- '--comment opentrove' || true)
    iptables -I "$chain" $((n + 1)) "$@" -m comment --comment opentrove
  fi
}

# The datastore images, rebuilt only when their inputs change (the label holds the inputs' hash).
ensure_images() {
  local dir="$HERE/scripts/images" hash base
  hash=$(cat "$dir"/trove-init "$dir"/trove-seal "$dir"/*.Dockerfile | sha256sum | cut -c1-16)
  if [[ "$(tdocker image inspect -f '{{index .Config.Labels "org.opentrove.inputs"}}' opentrove/postgresql:15 2>/dev/null)" == "$hash" ]] \
    && [[ "$(tdocker image inspect -f '{{index .Config.Labels "org.opentrove.inputs"}}' opentrove/mariadb:10.11 2>/dev/null)" == "$hash" ]]; then
    return
  fi
  if ! tdocker image inspect opentrove/bookworm:minbase >/dev/null 2>&1; then
    echo "== debootstrap bookworm (minbase) for the datastore images"
    local rootfs="$TROVE_IMAGE_CACHE/rootfs-bookworm"
    rm -rf "$rootfs" && mkdir -p "$TROVE_IMAGE_CACHE"
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$TROVE_IMAGE_CACHE/debootstrap.log" 2>&1 \
      || die "debootstrap failed; see $TROVE_IMAGE_CACHE/debootstrap.log"
    # The host's sources (security updates included) replace debootstrap's single line.
    if cp /etc/apt/sources.list.d/debian.sources "$rootfs/etc/apt/sources.list.d/" 2>/dev/null; then rm -f "$rootfs/etc/apt/sources.list"; fi
    tar -C "$rootfs" -c . | tdocker import - opentrove/bookworm:minbase >/dev/null
    rm -rf "$rootfs"
  fi
  echo "== building the datastore images (inputs $hash)"
  tdocker build --network host --build-arg BASE=opentrove/bookworm:minbase \
    --label org.opentrove.inputs="$hash" -t opentrove/base:bookworm -f "$dir/base.Dockerfile" "$dir" >"$TROVE_IMAGE_CACHE/build.log" 2>&1 || die "building opentrove/base failed; see $TROVE_IMAGE_CACHE/build.log"
  tdocker build --network host --build-arg BASE=opentrove/base:bookworm \
    --label org.opentrove.inputs="$hash" -t opentrove/postgresql:15 -f "$dir/postgresql.Dockerfile" "$dir" >>"$TROVE_IMAGE_CACHE/build.log" 2>&1 || die "building opentrove/postgresql failed; see $TROVE_IMAGE_CACHE/build.log"
  tdocker build --network host --build-arg BASE=opentrove/base:bookworm \
    --label org.opentrove.inputs="$hash" -t opentrove/mariadb:10.11 -f "$dir/mariadb.Dockerfile" "$dir" >>"$TROVE_IMAGE_CACHE/build.log" 2>&1 || die "building opentrove/mariadb failed; see $TROVE_IMAGE_CACHE/build.log"
}
