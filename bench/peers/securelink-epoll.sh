#!/usr/bin/env bash
# securelink on the epoll transport asked for explicitly (-Dsecurelink.transport=epoll; epoll is also the
# default since 2026-11-26, so this row now equals "securelink"; the runs of that day compared it with io_uring):  bench/run.sh --peers "securelink securelink-epoll"
export SECURELINK_PEER_NAME=securelink-epoll SECURELINK_EXTRA_OPTS="-Dsecurelink.transport=epoll ${SECURELINK_EXTRA_OPTS:-}"
exec "$(dirname "$0")/securelink.sh" "$@"
