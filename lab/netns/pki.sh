#!/bin/bash
# Throw-away PKI for the namespace tests: pki.sh DIR IP... writes DIR/ca.crt, DIR/server.{crt,key} (the
# IPs as SANs), DIR/client.{crt,key}; ECDSA P-256, keys 0600.
set -euo pipefail
dir=$1; shift
mkdir -p "$dir"; cd "$dir"
umask 077
san=$(printf 'IP:%s,' "$@"); san=${san%,}
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days 2 \
    -subj "/CN=netns test CA" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
for who in server client; do
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $who.key -out $who.csr -subj "/CN=$who" 2>/dev/null
    if [ $who = server ]; then ext="subjectAltName=$san
extendedKeyUsage=serverAuth"; else ext="subjectAltName=URI:spiffe://netns-test/client
extendedKeyUsage=clientAuth"; fi
    openssl x509 -req -in $who.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -out $who.crt \
        -extfile <(printf '%s\nkeyUsage=critical,digitalSignature\n' "$ext") 2>/dev/null
done
chmod 600 ./*.key; chmod 644 ./*.crt
