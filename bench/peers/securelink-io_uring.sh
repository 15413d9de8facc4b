#!/usr/bin/env bash
# securelink on the io_uring transport (-Dsecurelink.transport=io_uring), used only when asked for (epoll is
# the default), so the two transports can be compared in one run:  bench/run.sh --peers "securelink securelink-io_uring"
export SECURELINK_PEER_NAME=securelink-io_uring SECURELINK_EXTRA_OPTS="-Dsecurelink.transport=io_uring ${SECURELINK_EXTRA_OPTS:-}"
exec "$(dirname "$0")/securelink.sh" "$@"
