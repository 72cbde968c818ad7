# Shared by the loopback all-in-one scripts (swift-aio, openstack-aio): package installs, daemons
# recorded by PID and start time, readiness waits, free ports. The sourcing script sets AIO (its
# name, for messages) and PIDS_NAME (the file in the work directory that records its daemons);
# workdir sets W and PIDS.

say() { echo "$AIO: $*"; }
die() {
  echo "$AIO: ERROR: $*" >&2
  exit 1
}

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
      echo "$p"
  done
}

install_packages() {
  local missing
  missing=$(missing_packages)
  if [ -z "$missing" ]; then
    say "packages already installed"
    return 0
  fi
  [ "$(id -u)" = 0 ] || die "installing $missing needs root"
  # shellcheck disable=SC2086
  set -- $missing
  # Without policy-rc.d, Debian's units would start the packages' daemons on their
  # default ports (some on all interfaces): the tests must own every process.
  local temp_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    temp_policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' > "$temp_policy"
    chmod 755 "$temp_policy"
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  local p
  for p in "$@"; do
    if ! apt-cache show "$p" > /dev/null 2>&1; then
      say "package $p not found in the package lists: apt-get update"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq -o DPkg::Lock::Timeout=900 ||
        die "apt-get update failed"
      break
    fi
  done
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=900 "$@" > /tmp/$AIO-apt.$$.log 2>&1 || {
    tail -n 30 /tmp/$AIO-apt.$$.log >&2
    rm -f /tmp/$AIO-apt.$$.log
    die "apt-get install $* failed"
  }
  rm -f /tmp/$AIO-apt.$$.log
  if [ -n "$temp_policy" ]; then
    rm -f "$temp_policy"
    trap - EXIT
  fi
  missing=$(missing_packages)
  [ -z "$missing" ] || die "still missing after apt-get install: $missing"
}

# A recorded process is ours only while its start time (field 22 of /proc/PID/stat) is the one
# recorded, so a reused PID is never signalled.
start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2> /dev/null) || return 1
  stat=${stat##*) }
  set -- $stat
  echo "${20}"
}

alive() { # pid start
  [ "$(start_time "$1" 2> /dev/null)" = "$2" ]
}

# Starts a daemon in its own session (setsid execs, so $! is the daemon itself and the leader
# of its process group, which its workers join) and records it.
launch() { # name cmd...
  local name=$1
  shift
  env -u PYTHONPATH -u PYTHONHOME setsid "$@" > "$W/log/$name.log" 2>&1 < /dev/null 9>&- &
  record "$name" $!
}

record() { # name pid
  local st=""
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    st=$(start_time "$2") && break
    sleep 0.05
  done
  echo "$1 $2 $st" >> "$PIDS"
}

stop_all() {
  [ -f "$PIDS" ] || return 0
  local name pid st live=()
  while read -r name pid st; do
    [ -n "$pid" ] || continue
    if alive "$pid" "$st"; then
      kill -TERM -- "-$pid" 2> /dev/null || kill -TERM "$pid" 2> /dev/null || true
      live+=("$pid")
    fi
  done < "$PIDS"
  local waited=0 left
  while :; do
    left=()
    for pid in ${live[@]+"${live[@]}"}; do
      kill -0 -- "-$pid" 2> /dev/null && left+=("$pid")
    done
    [ ${#left[@]} -gt 0 ] || break
    if [ "$waited" -ge $((STOP_GRACE * 10)) ]; then
      for pid in "${left[@]}"; do
        say "process group $pid still alive after ${STOP_GRACE}s: KILL"
        kill -KILL -- "-$pid" 2> /dev/null || true
      done
      sleep 0.2
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$PIDS"
}

http_code() { # url [curl args...]
  local url=$1
  shift
  curl -s -o /dev/null -m 5 -w '%{http_code}' "$@" "$url" || true
}

http_ok() { [ "$(http_code "$1")" = 200 ]; }

# Fails 'up': the message, the tail of the log that explains it, then stops what was started.
fail_up() { # message [log name]
  echo "$AIO: ERROR: $1" >&2
  local log=${2:-}
  if [ -n "$log" ]; then
    local f
    for f in "$W/log/$log.log" "$W/log/$log-app.log"; do
      if [ -s "$f" ]; then
        echo "---- last lines of $f ----" >&2
        tail -n 25 "$f" >&2
      fi
    done
  fi
  stop_all
  exit 1
}

# The first recorded daemon that died, if any.
dead_daemon() {
  local name pid st
  while read -r name pid st; do
    alive "$pid" "$st" || {
      echo "$name"
      return 0
    }
  done < "$PIDS"
  return 1
}

wait_for() { # what daemon-log seconds command...
  local what=$1 log=$2 secs=$3
  shift 3
  local end=$((SECONDS + secs)) dead
  until "$@"; do
    if dead=$(dead_daemon); then
      fail_up "$dead exited while waiting for $what" "$dead"
    fi
    [ $SECONDS -lt $end ] || fail_up "$what not ready after ${secs}s" "$log"
    sleep 0.2
  done
}

pick_ports() { # count
  /usr/bin/python3 - "$1" "$PORT_MIN" "$PORT_MAX" << 'EOF'
import random, socket, sys
count, low, high = (int(a) for a in sys.argv[1:])
chosen = []
while len(chosen) < count:
    port = random.randrange(low, high)
    if port in chosen:
        continue
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    chosen.append(port)
print(" ".join(map(str, chosen)))
EOF
}

secret() { head -c 18 /dev/urandom | base64 | tr '+/' 'xy'; }

workdir() { # dir create?
  [ -n "${1:-}" ] || usage
  if [ ! -d "$1" ]; then
    [ "${2:-}" = create ] || {
      say "no work directory $1: nothing runs there"
      [ "${3:-}" = status ] && exit 1
      exit 0
    }
    mkdir -p "$1"
  fi
  W=$(cd "$1" && pwd)
  PIDS=$W/$PIDS_NAME
  # One 'up' or 'down' of each script at a time per work directory.
  exec 9> "$W/.$AIO.lock"
  flock 9
}

