#!/bin/sh
# Compresses the Debian changelog and the man pages the way dh_compress does (gzip -9n: maximum
# compression, no name or timestamp, so the .deb is reproducible). Usage: compress-docs.sh SRC OUT MANDIR
set -eu
src=$1
out=$2
man=$3
mkdir -p "$out/man"
gzip -9nc "$src/doc/changelog" > "$out/changelog.gz"
for page in "$man"/*.1; do
    gzip -9nc "$page" > "$out/man/$(basename "$page").gz"
done
