# Shared by the namespace tests (sourced). Every namespace, veth and process a test makes is recorded and
# removed by ns_cleanup (call it from an EXIT trap); processes are stopped by their recorded PID only.
# PREFIX must be set by the caller; every name starts with it.

NS_MADE=()
PIDS=()

ns_can_run() {
    # Prints why namespaces cannot be made here, or nothing.
    [ "$(id -u)" = 0 ] || { echo "not root"; return; }
    command -v ip >/dev/null || { echo "no ip(8)"; return; }
    ip netns add "${PREFIX}probe" 2>/dev/null || { echo "cannot create a network namespace"; return; }
    ip netns del "${PREFIX}probe"
}

ns_make() {                      # ns_make NAME: a namespace with loopback up
    ip netns add "$1"
    NS_MADE+=("$1")
    ip -n "$1" link set lo up
}

ns_bridge() {                    # ns_bridge NS: a bridge br0 inside NS (the "switch")
    ns_make "$1"
    ip -n "$1" link add br0 type bridge
    ip -n "$1" link set br0 up
}

ns_attach() {                    # ns_attach NS BRIDGE_NS IFNAME ADDR4/LEN [ADDR6/LEN]: NS's IFNAME on the bridge
    local ns=$1 br=$2 ifname=$3 a4=$4 a6=${5:-}
    VETH_N=$(( ${VETH_N:-0} + 1 ))
    local peer="${PREFIX}v$VETH_N"   # bridge-side end, lives in the bridge namespace
    ip link add "$ifname" netns "$ns" type veth peer name "$peer" netns "$br"
    ip -n "$br" link set "$peer" master br0 up
    ip -n "$ns" addr add "$a4" dev "$ifname"
    [ -n "$a6" ] && ip -n "$ns" addr add "$a6" dev "$ifname" nodad
    ip -n "$ns" link set "$ifname" up
}

bg_in() {                        # bg_in NS LOGFILE CMD...: start CMD in NS in the background, record its PID
    local ns=$1 log=$2; shift 2
    ip netns exec "$ns" "$@" >"$log" 2>&1 &
    PIDS+=($!)
    LAST_PID=$!
}

wait_for() {                     # wait_for SECONDS DESCRIPTION CMD...: poll CMD every 100 ms
    local secs=$1 what=$2; shift 2
    local end=$(( $(date +%s%N) / 1000000 + secs * 1000 ))
    until "$@" >/dev/null 2>&1; do
        if [ $(( $(date +%s%N) / 1000000 )) -gt $end ]; then
            echo "FAIL: timed out after ${secs}s waiting for $what" >&2
            return 1
        fi
        sleep 0.1
    done
}

ns_cleanup() {
    local p
    for p in "${PIDS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    for p in "${PIDS[@]}"; do
        wait "$p" 2>/dev/null || true
    done
    for p in "${NS_MADE[@]}"; do
        # Anything still running inside (a child the shell did not track) goes with its namespace.
        local inside
        inside=$(ip netns pids "$p" 2>/dev/null || true)
        [ -n "$inside" ] && kill -9 $inside 2>/dev/null || true
        ip netns del "$p" 2>/dev/null || true
    done
    NS_MADE=(); PIDS=()
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
