#!/usr/bin/env bash
# Makes deploy/hivemq/tls/keystore.p12 for the compose broker's TLS listeners from a PEM certificate
# (with its chain) and its private key, protected by $HIVEMQ_TLS_KEYSTORE_PASSWORD.
#   usage: deploy/hivemq/make-keystore.sh <cert.pem> <key.pem>
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 <cert.pem> <key.pem>" >&2
    exit 2
fi
if [ -z "${HIVEMQ_TLS_KEYSTORE_PASSWORD:-}" ]; then
    echo "$0: set HIVEMQ_TLS_KEYSTORE_PASSWORD first (docker-compose passes it to the broker)" >&2
    exit 2
fi
out="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/tls/keystore.p12"
umask 077
openssl pkcs12 -export -in "$1" -inkey "$2" -name missive -out "$out" \
    -passout env:HIVEMQ_TLS_KEYSTORE_PASSWORD
# the broker runs as user 10000 in the image: it must be able to read the file
chmod 644 "$out"
echo "wrote $out"
