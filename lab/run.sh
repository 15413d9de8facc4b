#!/usr/bin/env bash
# Starts the bundled lab (lab/securelink.yaml) from a built tree, on its default ports or on others.
#
#   lab/run.sh            the appliance: lab-out takes plaintext on 127.0.0.1:7000, lab-in mutual TLS on 127.0.0.1:8443
#   lab/run.sh echo       the lab's backend, a plaintext echo on 127.0.0.1:9000 (second terminal)
#   lab/run.sh config     prints the config file in use (for check-config, status, reload, policy explain)
#
# SECURELINK_LAB_PORTS=IN,TLS,BACKEND moves all three, e.g. SECURELINK_LAB_PORTS=17000,18443,19000 lab/run.sh:
# the lab config is then copied to lab/securelink.ports.yaml with those ports (same state folder and PKI).
# SECURELINK_JAR overrides the jar (default: appliance/target/securelink.jar); SECURELINK_CMD the whole command
# that runs securelink (e.g. the installed /usr/bin/securelink, or java -cp ... for the tests).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${SECURELINK_JAR:-$here/../appliance/target/securelink.jar}
if [ -n "${SECURELINK_CMD:-}" ]; then
  read -r -a securelink <<<"$SECURELINK_CMD"
else
  securelink=(java -jar "$jar")
fi
defaults=7000,8443,9000
ports=${SECURELINK_LAB_PORTS:-$defaults}

die() { echo "lab: $*" >&2; exit 2; }

IFS=, read -r p_in p_tls p_backend extra <<<"$ports"
[ -z "${extra:-}" ] && [ -n "${p_backend:-}" ] \
  || die "SECURELINK_LAB_PORTS='$ports': expected three ports IN,TLS,BACKEND, e.g. SECURELINK_LAB_PORTS=17000,18443,19000"
for p in "$p_in" "$p_tls" "$p_backend"; do
  [[ "$p" =~ ^[0-9]{1,5}$ ]] && [ "$p" -ge 1 ] && [ "$p" -le 65535 ] \
    || die "SECURELINK_LAB_PORTS='$ports': '$p' is not a port (1-65535)"
done
[ "$p_in" != "$p_tls" ] && [ "$p_in" != "$p_backend" ] && [ "$p_tls" != "$p_backend" ] \
  || die "SECURELINK_LAB_PORTS='$ports': the three ports must differ"

cfg=$here/securelink.yaml
if [ "$p_in,$p_tls,$p_backend" != "$defaults" ]; then
  cfg=$here/securelink.ports.yaml
  if [ "${1:-run}" != echo ]; then
    # Written whole and renamed into place: a lab/run.sh started at the same moment never reads half a file.
    tmp=$(mktemp "$cfg.XXXXXX")
    sed -e "s/127\.0\.0\.1:7000/127.0.0.1:$p_in/g; s/127\.0\.0\.1\/7000/127.0.0.1\/$p_in/g" \
        -e "s/127\.0\.0\.1:8443/127.0.0.1:$p_tls/g; s/127\.0\.0\.1:9000/127.0.0.1:$p_backend/g" \
        "$here/securelink.yaml" > "$tmp"
    chmod 644 "$tmp"
    mv "$tmp" "$cfg"
  fi
fi

# After a failed start: name the lab's ports that another process holds, and the override.
busy_hint() {
  local p link found=
  for p in "$@"; do
    case "$p" in "$p_in") link="lab-out (plaintext in)";; "$p_tls") link="lab-in (mutual TLS)";; *) link="the backend";; esac
    if ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then
      echo "lab: port $p of $link is in use by another process; move the lab with" \
           "SECURELINK_LAB_PORTS=IN,TLS,BACKEND (now $p_in,$p_tls,$p_backend), e.g. SECURELINK_LAB_PORTS=17000,18443,19000 $0" >&2
      found=1
    fi
  done
  [ -n "$found" ]
}

# Runs java in the background so that SIGTERM, SIGINT (stop) and SIGHUP (reload) sent to this script reach it.
supervise() {
  "$@" &
  pid=$!
  trap 'kill -TERM "$pid" 2>/dev/null || true' TERM INT
  trap 'kill -HUP "$pid" 2>/dev/null || true' HUP
  rc=0
  while :; do
    wait "$pid" && rc=0 || rc=$?
    kill -0 "$pid" 2>/dev/null || break
  done
  return "$rc"
}

case "${1:-run}" in
  config)
    echo "$cfg"
    ;;
  echo)
    supervise "${securelink[@]}" echo --listen "127.0.0.1:$p_backend" || { rc=$?; busy_hint "$p_backend" || true; exit "$rc"; }
    ;;
  run)
    supervise "${securelink[@]}" run --config "$cfg" || { rc=$?; busy_hint "$p_in" "$p_tls" || true; exit "$rc"; }
    ;;
  *)
    die "unknown '$1': lab/run.sh [run|echo|config]"
    ;;
esac
