#!/usr/bin/env bash
# Makes sure an S3-compatible server answers for the object-store tests and prints its
# URL: moto's server mode, from PyPI, in a virtualenv under .tools/ (installed once),
# on the first port from 9010 where one already answers or nothing listens yet. A port
# held by anything else (an emulator left by an earlier checkout, whose files are gone
# and which answers with errors) is passed over. Never skips: fails loudly.
set -euo pipefail
cd "$(dirname "$0")/.."

answers() { curl -sf --max-time 2 "$1/moto-api/" >/dev/null 2>&1; }

for port in $(seq 9010 9019); do
  if answers "http://127.0.0.1:$port"; then
    echo "http://127.0.0.1:$port"
    exit 0
  fi
done

venv=.tools/moto
if [ ! -x "$venv/bin/moto_server" ]; then
  echo "==> pip install moto[server] (the S3 emulator, once)" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'moto[server]==5.1.*' >&2
fi
log=/tmp/opendps-s3-emulator.log
for port in $(seq 9010 9019); do
  url="http://127.0.0.1:$port"
  # curl exits 7 when nothing listens: only then is the port free.
  status=0
  curl -s -o /dev/null --max-time 2 "$url/" 2>/dev/null || status=$?
  [ "$status" = 7 ] || continue
  nohup "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    if answers "$url"; then
      echo "$url"
      exit 0
    fi
    # Gone already: the port was taken meanwhile; try the next.
    kill -0 "$pid" 2>/dev/null || continue 2
    sleep 0.2
  done
  echo "the S3 emulator did not start; see $log" >&2
  exit 1
done
echo "no free port for the S3 emulator among 9010-9019" >&2
exit 1
