# Sourced by the checks that run the bundled lab from the built jar (cd to the repository root first).
#   lab_free_ports            sets p_in p_tls p_backend to three free loopback ports
#   lab_start WORK            copies the lab into WORK/lab and starts it there on those ports (SECURELINK_LAB_PORTS),
#                             with its echo backend; logs in WORK/run.log and WORK/echo.log; the pids in lab_pids
#   lab_stop                  stops what lab_start started
lab_pids=()

lab_free_ports() {
  read -r p_in p_tls p_backend < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])')
}

lab_start() {
  local work=$1
  export SECURELINK_JAR=${SECURELINK_JAR:-$PWD/appliance/target/securelink.jar}
  mkdir -p "$work/lab"
  cp lab/securelink.yaml lab/run.sh "$work/lab/"
  export SECURELINK_LAB_PORTS=$p_in,$p_tls,$p_backend
  bash "$work/lab/run.sh" > "$work/run.log" 2>&1 & lab_pids+=($!)
  bash "$work/lab/run.sh" echo > "$work/echo.log" 2>&1 & lab_pids+=($!)
  for _ in $(seq 1 150); do
    grep -q 'securelink running' "$work/run.log" && grep -q 'echo listening' "$work/echo.log" && break
    sleep 0.2
  done
  grep -q 'securelink running' "$work/run.log" || { echo "lab did not start"; cat "$work/run.log"; return 1; }
}

lab_stop() {
  local p
  for p in "${lab_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
