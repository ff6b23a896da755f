#!/usr/bin/env bash
# The embedded demo: a generated Savassi + Lourdes clinic, solved and drawn.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${DEMO_DIR:-out/demo}
mkdir -p "$out"
.venv/bin/agendador generate --size m --seed 1 -o "$out/instance.json"
.venv/bin/agendador solve "$out/instance.json" -o "$out/solution.json" --time-limit "${DEMO_TIME_LIMIT:-30}"
.venv/bin/agendador check "$out/instance.json" "$out/solution.json"
.venv/bin/agendador plot "$out/instance.json" "$out/solution.json" -o "$out/week.svg"
echo "Semana resolvida: $out/solution.json — imagem: $out/week.svg"
