# Shared by scripts/test and scripts/bench: start or install what the tests talk to.
# Every function is idempotent and fails with a clear message when it cannot do its job.

die() { echo "ERROR: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

APT_UPDATED=""
apt_install() {
  have apt-get || die "cannot install $* here: apt-get not found (install it by hand)"
  [ "$(id -u)" = 0 ] || die "cannot install $*: run as root or install it by hand"
  if [ -z "$APT_UPDATED" ]; then
    echo "   apt-get update"; DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || die "apt-get update failed"
    APT_UPDATED=1
  fi
  echo "   apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

wait_port() { # port seconds what
  for _ in $(seq 1 "$2"); do port_open "$1" && return 0; sleep 1; done
  die "$3 did not open 127.0.0.1:$1 within $2 s"
}

ensure_java_and_maven() {
  have java || die "java (JDK 17+) is required"
  have mvn || apt_install maven
}

ensure_postgresql() {
  echo "== PostgreSQL on 127.0.0.1:5432"
  if port_open 5432; then echo "   running"; return; fi
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then apt_install postgresql; fi
  have pg_ctlcluster || die "pg_ctlcluster missing: install Debian's postgresql-common"
  local version; version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  [ -n "$version" ] || die "no PostgreSQL cluster configured under /etc/postgresql"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || die "cannot start PostgreSQL $version"
  wait_port 5432 30 "PostgreSQL"
  # The tests connect as postgres over TCP without a password (the machine's trust setup).
  psql -h 127.0.0.1 -U postgres -c 'select 1' >/dev/null 2>&1 \
    || die "PostgreSQL on 127.0.0.1:5432 does not accept user postgres without a password (trust auth)"
}

ensure_rabbitmq() {
  echo "== RabbitMQ on 127.0.0.1:5672"
  if port_open 5672; then echo "   running"
  else
    have rabbitmq-server || apt_install rabbitmq-server
    rabbitmq-server -detached >/dev/null 2>&1 || true
    wait_port 5672 90 "RabbitMQ"
  fi
  ensure_rabbitmq_management
}

# Workers give each guest its own broker user through the management HTTP API (amqp.managementUri),
# on 127.0.0.1:15672 only: set in rabbitmq.conf for the next boot, and applied to the running node.
ensure_rabbitmq_management() {
  echo "== RabbitMQ management API on 127.0.0.1:15672 (per-guest broker users)"
  local conf=/etc/rabbitmq/rabbitmq.conf
  if [ -w "$(dirname "$conf")" ] && ! grep -q '^management.tcp.ip' "$conf" 2>/dev/null; then
    printf 'management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = 15672\n' >> "$conf"
  fi
  if ! rabbitmq-plugins is_enabled rabbitmq_management >/dev/null 2>&1; then
    rabbitmq-plugins enable rabbitmq_management >/dev/null || die "cannot enable rabbitmq_management"
  fi
  # A node booted before the lines above listens on every address: rebind it to loopback.
  if ss -ltn 2>/dev/null | grep -qE '(0\.0\.0\.0|\*|\[::\]):15672 '; then
    rabbitmqctl eval 'application:set_env(rabbitmq_management, tcp_config, [{ip,"127.0.0.1"},{port,15672}]), application:stop(rabbitmq_management), application:start(rabbitmq_management).' >/dev/null \
      || die "cannot rebind the RabbitMQ management API to 127.0.0.1"
  fi
  wait_port 15672 30 "RabbitMQ management"
}

ensure_troveclient() {
  echo "== troveclient CLI (openstack database ...)"
  if have openstack && openstack database instance list --help >/dev/null 2>&1; then
    echo "   installed"; return
  fi
  apt_install python3-openstackclient python3-troveclient
  openstack database instance list --help >/dev/null 2>&1 || die "the troveclient CLI does not work after install"
}

ensure_mariadb_binaries() {
  echo "== MariaDB server and backup binaries (guests run their own mariadbd per instance)"
  if [ -x /usr/sbin/mariadbd ] && have mariadb-install-db && have mariadb-backup && have mbstream \
    && [ -f /usr/lib/galera/libgalera_smm.so ] && have socat && have ss; then
    echo "   installed"; return
  fi
  # galera-4 and socat: cluster members (Galera, state transfer by mariadb-backup over socat).
  apt_install mariadb-server mariadb-backup galera-4 socat iproute2
  [ -x /usr/sbin/mariadbd ] || die "/usr/sbin/mariadbd missing after installing mariadb-server"
  have mariadb-backup || die "mariadb-backup missing after installing it"
  [ -f /usr/lib/galera/libgalera_smm.so ] || die "the Galera library is missing after installing galera-4"
}

ensure_swift_packages() {
  echo "== Swift and Keystone packages (the Swift tier starts its own all-in-one)"
  "$HERE/scripts/swift-aio" install || die "cannot install the Swift and Keystone packages"
}

ensure_openstack_packages() {
  echo "== OpenStack packages (the Nova tier starts its own loopback cloud)"
  "$HERE/scripts/openstack-aio" install || die "cannot install Debian's OpenStack packages"
}

# Instances' volumes are loop-mounted XFS images (compute.local.volumeFilesystem): root, loop
# devices and xfsprogs. The worker checks again at start (VolumeMountCheck) and says what is wrong.
ensure_volume_tools() {
  echo "== volume tools (loop devices, XFS)"
  [ "$(id -u)" = 0 ] || die "instances' volumes are loop mounts: run the tests as root"
  have mkfs.xfs && have xfs_growfs || apt_install xfsprogs
  have losetup || apt_install mount
  losetup -f >/dev/null 2>&1 || modprobe loop 2>/dev/null || true
  losetup -f >/dev/null 2>&1 || die "no free loop device (losetup -f failed): volumes cannot be mounted here"
}
