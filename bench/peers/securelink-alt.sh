#!/usr/bin/env bash
# Another build of securelink side by side with this one (before/after a change), without the AppCDS
# archive (it is trained on this build):  SECURELINK_ALT_JAR=/path/securelink.jar bench/run.sh --peers "securelink securelink-alt"
# The jar needs its lib/ directory beside it, as `mvn package` leaves it.
: "${SECURELINK_ALT_JAR:?set SECURELINK_ALT_JAR to the other build's securelink.jar}"
export SECURELINK_PEER_NAME=securelink-alt SECURELINK_JAR=$SECURELINK_ALT_JAR SECURELINK_CDS_ARCHIVE=
exec "$(dirname "$0")/securelink.sh" "$@"
