#!/usr/bin/env bash
# The dashboard end to end: Debian's Chromium (installed when missing), driven by playwright-core, against the
# real Django server on the demo data (frontend/e2e/server.mjs starts it on a fresh database).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x /usr/bin/chromium ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "Instalando o Chromium do Debian (testes de navegador)…" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Os testes de navegador precisam do Chromium do Debian: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
cd frontend
npm run e2e
