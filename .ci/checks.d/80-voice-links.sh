#!/usr/bin/env bash
# Voice-grade links in network namespaces (issue 13): DSCP on the wire on both legs (IPv4, IPv6), a gateway
# that vanishes without FIN/RST found within the keep-alive budget, peer-lost, failover. Skips with a message
# only where namespaces cannot be made.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec bash lab/netns/voice-links.sh
