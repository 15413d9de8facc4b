#!/usr/bin/env bash
# securelink with CRL checking on: the securelink adapter's link plus tls.revocation { crl: [...] } with a
# CRL of the bench CA listing 1,000 revoked serials (none of them the bench client's), made by
# `openssl ca -gencrl` from an index.txt written here. Compare its row with the plain securelink row.
# Usage: securelink-crl.sh start|stop|pid   (same env as securelink.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
dir=$BENCH_WORK/securelink-crl
crl=$dir/bench-ca.crl
if [ "${1:-}" = start ] && [ ! -s "$crl" ]; then
  mkdir -p "$dir/ca-db"
  : > "$dir/ca-db/index.txt"
  echo 01 > "$dir/ca-db/crlnumber"
  # 1,000 revoked serials 0xB000.. (the bench PKI's leaves have random 20-byte serials from -CAcreateserial).
  for ((i = 0; i < 1000; i++)); do
    printf 'R\t%s\t%s,keyCompromise\t%X\tunknown\t/CN=revoked-%d\n' 351231235959Z 250101000000Z $((0xB000 + i)) "$i" \
      >> "$dir/ca-db/index.txt"
  done
  cat > "$dir/ca-db/ca.cnf" <<CNF
[ca]
default_ca = d
[d]
database = $dir/ca-db/index.txt
crlnumber = $dir/ca-db/crlnumber
certificate = $PKI/ca.crt
private_key = $PKI/ca.key
default_md = sha256
default_crl_days = 7
CNF
  openssl ca -config "$dir/ca-db/ca.cnf" -gencrl -out "$crl.tmp" 2>/dev/null
  mv "$crl.tmp" "$crl"
  n=$(openssl crl -in "$crl" -noout -text | grep -c 'Serial Number:')
  [ "$n" = 1000 ] || { echo "securelink-crl: CRL has $n entries, expected 1000" >&2; exit 1; }
fi
SECURELINK_PEER_NAME=securelink-crl SECURELINK_REVOCATION="revocation: { crl: [$crl] }" exec "$here/securelink.sh" "$@"
