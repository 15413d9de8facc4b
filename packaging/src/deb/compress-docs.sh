#!/bin/sh
# Compresses the Debian changelog and the man page the way dh_compress does (gzip -9n: maximum
# compression, no name or timestamp, so the .deb is reproducible). Usage: compress-docs.sh SRC OUT
set -eu
src=$1
out=$2
mkdir -p "$out"
gzip -9nc "$src/doc/changelog" > "$out/changelog.gz"
gzip -9nc "$src/doc/securelink.1" > "$out/securelink.1.gz"
