#!/usr/bin/env bash
# securelink on the epoll transport (-Dsecurelink.transport=epoll), the fallback where io_uring is not
# allowed, so the two transports can be compared in one run:  bench/run.sh --peers "securelink securelink-epoll"
export SECURELINK_PEER_NAME=securelink-epoll SECURELINK_EXTRA_OPTS="-Dsecurelink.transport=epoll ${SECURELINK_EXTRA_OPTS:-}"
exec "$(dirname "$0")/securelink.sh" "$@"
