#!/usr/bin/env bash
# Another build or other JVM flags of securelink side by side with the default one (before/after a change),
# without the AppCDS archive (it is trained on the default build):
#   SECURELINK_ALT_JAR=/path/securelink.jar bench/run.sh --peers "securelink securelink-alt"
#   SECURELINK_ALT_OPTS="-XX:TieredStopAtLevel=4" bench/run.sh --peers "securelink securelink-alt"   (C2 too)
# A jar needs its lib/ directory beside it, as `mvn package` leaves it.
[ -n "${SECURELINK_ALT_JAR:-}${SECURELINK_ALT_OPTS:-}" ] || { echo "set SECURELINK_ALT_JAR and/or SECURELINK_ALT_OPTS" >&2; exit 2; }
export SECURELINK_PEER_NAME=securelink-alt SECURELINK_CDS_ARCHIVE=
[ -n "${SECURELINK_ALT_JAR:-}" ] && export SECURELINK_JAR=$SECURELINK_ALT_JAR
export SECURELINK_EXTRA_OPTS="${SECURELINK_EXTRA_OPTS:-} ${SECURELINK_ALT_OPTS:-}"
exec "$(dirname "$0")/securelink.sh" "$@"
