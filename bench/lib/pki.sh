#!/usr/bin/env bash
# Makes the throw-away benchmark PKI in $1 (idempotent: an existing complete PKI is kept).
#   ca            ECDSA P-256 bench CA (signs server and client)
#   server        ECDSA P-256, SAN IP:127.0.0.1   server-rsa  RSA-2048 variant, same SAN
#   client        ECDSA P-256 client cert (clientAuth, SAN URI spiffe://securelink.bench/client)
#   rogue-ca      a CA nobody trusts;  rogue-client  a client cert it signed
# Also server.pem / server-rsa.pem (cert + key, for HAProxy) and client.pin (SPKI pin of the client).
set -euo pipefail
dir=$1
mkdir -p "$dir"
cd "$dir"
[ -s client.pin ] && [ -s rogue-client.crt ] && [ -s server-rsa.pem ] && exit 0
umask 077
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
ca() { # name subject
  ec "$1"
  openssl req -new -x509 -key "$1.key" -out "$1.crt" -days 30 -subj "$2" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}
leaf() { # name subject issuer extfile-content
  printf '%s\n' "$4" > "$1.ext"
  openssl req -new -key "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA "$3.crt" -CAkey "$3.key" -CAcreateserial -out "$1.crt" -days 30 \
    -extfile "$1.ext" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
ca ca "/CN=securelink bench CA"
ca rogue-ca "/CN=rogue CA"
server_ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1"
client_ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
subjectAltName=URI:spiffe://securelink.bench/client"
ec server;  leaf server "/CN=bench server" ca "$server_ext"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out server-rsa.key 2>/dev/null
leaf server-rsa "/CN=bench server rsa" ca "$server_ext"
ec client;  leaf client "/CN=bench-client" ca "$client_ext"
ec rogue-client; leaf rogue-client "/CN=bench-client" rogue-ca "$client_ext"
cat server.crt server.key > server.pem
cat server-rsa.crt server-rsa.key > server-rsa.pem
chmod 600 ./*.key ./*.pem
chmod 644 ./*.crt
# SPKI pin (sha256 of the DER SubjectPublicKeyInfo), the form securelink's `pins:` takes.
printf 'sha256/%s\n' "$(openssl x509 -in client.crt -pubkey -noout | openssl pkey -pubin -outform DER | openssl dgst -sha256 -binary | base64)" > client.pin.tmp
mv client.pin.tmp client.pin
