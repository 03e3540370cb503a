#!/usr/bin/env bash
# Makes sure an S3-compatible server answers for the object-store tests and prints its
# URL: moto's server mode, from PyPI, in a virtualenv under .tools/ (installed once),
# started on 127.0.0.1:9010 unless it already answers there. Never skips: fails loudly.
set -euo pipefail
cd "$(dirname "$0")/.."

port=9010
url="http://127.0.0.1:$port"
if curl -sf "$url/moto-api/" >/dev/null 2>&1; then
  echo "$url"
  exit 0
fi

venv=.tools/moto
if [ ! -x "$venv/bin/moto_server" ]; then
  echo "==> pip install moto[server] (the S3 emulator, once)" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'moto[server]==5.1.*' >&2
fi
log=/tmp/opendps-s3-emulator.log
nohup "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
for _ in $(seq 100); do
  if curl -sf "$url/moto-api/" >/dev/null 2>&1; then
    echo "$url"
    exit 0
  fi
  sleep 0.2
done
echo "the S3 emulator did not start; see $log" >&2
exit 1
