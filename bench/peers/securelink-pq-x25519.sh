#!/usr/bin/env bash
# Control row for securelink-pq: the same measured link behind the same securelink front, the front
# offering X25519 only, so the ratio securelink-pq / securelink-pq-x25519 is the price of X25519MLKEM768 alone.
export SECURELINK_PEER_NAME=securelink-pq-x25519 SECURELINK_FRONT_GROUPS=X25519
exec "$(dirname "$0")/securelink-pq.sh" "$@"
