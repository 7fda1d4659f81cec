#!/usr/bin/env bash
# FHIR bulk export at clinic scale: memory stays flat however large the clinic.
#
#   bench/fhir-export/run.sh [PATIENTS...]          default: 200 2000
#
# For each size it generates a clinic history (generate-history, 5 years, 3 locations) into a fresh SQLite database,
# starts the server on 127.0.0.1, signs in as the demo prescriber, runs a system-level $export, polls until the
# manifest is there, downloads every file and checks the line counts against the manifest. It prints one table row per
# size: resources, export seconds, resources per second and the server's peak resident memory (VmHWM from
# /proc/PID/status) before and after the export. Each server is stopped by its own pid; the data goes in a temporary
# folder that is removed at the end (BENCH_KEEP=1 keeps it).
#
# Environment (optional): ARTIFACTS (default artifacts/bench-fhir-export), PORT (default 5391),
# RESOURCES_PER_FILE (default 100000), BENCH_KEEP=1.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
root=$(pwd)
artifacts=${ARTIFACTS:-$root/artifacts/bench-fhir-export}
port=${PORT:-5391}
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(200 2000)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build src/Respite.Web -c Release --artifacts-path "$artifacts" -v quiet -nologo >/dev/null
dll=$(ls "$artifacts"/bin/Respite.Web/release*/Respite.Web.dll | head -n 1)
work=$(mktemp -d /tmp/respite-bench-export.XXXXXX)
server=""
cleanup() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then kill "$server"; wait "$server" 2>/dev/null || true; fi
  [[ "${BENCH_KEEP:-0}" == 1 ]] || rm -rf "$work"
}
trap cleanup EXIT

kib() { awk -v k="$1" '/^'"$1"':/ { print $2 }' "/proc/$2/status"; }

printf '| patients | resources | files | export (s) | resources/s | NDJSON (MB) | peak RSS before export (MB) | peak RSS after export (MB) |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for patients in "${sizes[@]}"; do
  dir="$work/$patients"
  mkdir -p "$dir"
  export ASPNETCORE_ENVIRONMENT=Production Database__Provider=Sqlite ConnectionStrings__Respite="Data Source=$dir/respite.db" \
    Demo__Seed=true Email__Transport=Pickup Email__PickupDirectory="$dir/outbox" Logging__LogLevel__Default=Warning \
    Fhir__Export__Directory="$dir/exports" Fhir__Export__MaxResourcesPerFile="${RESOURCES_PER_FILE:-100000}"
  (cd src/Respite.Web && dotnet "$dll" generate-history --patients "$patients" --seed 20261204 --years 5 --locations 3 >"$dir/generate.log")

  (cd src/Respite.Web && exec dotnet "$dll" --urls "http://127.0.0.1:$port" >"$dir/server.log" 2>&1) &
  server=$!
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/fhir/metadata" && break
    sleep 0.5
  done
  pid=$(pgrep -P "$server" -f Respite.Web.dll || echo "$server")
  token=$(curl -fs -H 'Content-Type: application/json' -d '{"email":"prescriber@demo.respite.local","password":"Respite-demo-2026"}' \
    "http://127.0.0.1:$port/api/auth/login" | jq -r .accessToken)
  before=$(kib VmHWM "$pid")

  start=$(date +%s.%N)
  status=$(curl -fs -o /dev/null -D - -H "Authorization: Bearer $token" -H 'Prefer: respond-async' -H 'Accept: application/fhir+json' \
    "http://127.0.0.1:$port/fhir/\$export" | awk 'tolower($1) == "content-location:" { print $2 }' | tr -d '\r')
  code=202
  for _ in $(seq 1 7200); do
    code=$(curl -s -o "$dir/manifest.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$status")
    [[ "$code" == 202 ]] || break
    sleep 0.25
  done
  end=$(date +%s.%N)
  [[ "$code" == 200 ]] || { echo "export of $patients patients ended with HTTP $code" >&2; cat "$dir/manifest.json" >&2; exit 1; }
  after=$(kib VmHWM "$pid")

  resources=$(jq '[.output[].count] | add' "$dir/manifest.json")
  files=$(jq '.output | length' "$dir/manifest.json")
  lines=0
  while read -r url; do
    n=$(curl -fs -H "Authorization: Bearer $token" "$url" | wc -l)
    lines=$((lines + n))
  done < <(jq -r '.output[].url' "$dir/manifest.json")
  [[ "$lines" == "$resources" ]] || { echo "downloaded $lines lines, the manifest says $resources" >&2; exit 1; }
  bytes=$(du -sb "$dir/exports" | cut -f1)

  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  awk -v p="$patients" -v r="$resources" -v f="$files" -v s="$start" -v e="$end" -v b="$bytes" -v hb="$before" -v ha="$after" 'BEGIN {
    t = e - s; printf "| %d | %d | %d | %.1f | %.0f | %.0f | %.0f | %.0f |\n", p, r, f, t, r / t, b / 1048576, hb / 1024, ha / 1024 }'
done
