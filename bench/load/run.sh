#!/usr/bin/env bash
# A busy clinic morning against a running Respite server, and the same requests against the bare stack's ceiling.
#
#   bench/load/run.sh [sqlite] [postgres]          default: both
#
# For each provider it:
#   1. creates an empty database (SQLite: a file; PostgreSQL: a throw-away cluster started by test.sh's pg_start with
#      PG_DURABLE=1, i.e. PostgreSQL's own defaults: fsync and synchronous commit on), migrates it, seeds the demo
#      clinic and a generated history (generate-history: PATIENTS patients over 2 years, one location);
#   2. starts the Release server on 127.0.0.1 (Production, logging at Warning), checks SESSIONS patients in for an IV
#      session (the chairs being charted; with the default 200, a session gets about 80 readings over the whole run, a
#      long infusion's worth) and warms it up (warm_up, 40 s);
#   3. drives the clinic's mix (bench/load/load.mjs) at each rate in RATES for DURATION seconds, open loop (requests
#      arrive at random times, Poisson, whether or not earlier ones were answered): 30 % vitals charted, 10 % pain
#      scores recorded, 30 % patient charts opened, 20 % day views, 10 % dashboards; then charting alone at
#      300 requests/s; then charting vitals and opening charts alone, as fast as 8 connections go (autocannon);
#   4. stops it and starts bench/Respite.LoadCeiling on the same database: ASP.NET Core and EF Core doing only the single
#      insert of a vitals reading and the single select of a patient, with no authentication, rules or audit; drives it
#      the same way (same warm-up, pooled DbContext as in Respite); and, as fast as it goes, the least a charting write
#      must do (read the session, add the reading and its audit event in one transaction);
#   5. prints markdown tables: per rate and route the requests per second offered and served, p50/p90/p99/max latency
#      (ms) and non-2xx answers; and the saturation throughput of Respite against the ceiling.
# The load generator runs on the same machine and takes CPU from the server: the figures are for the whole machine.
# Raw results (JSON lines) and logs go to ARTIFACTS (default artifacts/bench-load).
#
# Environment (optional): RATES (default "100 200 300 400"), DURATION (s, default 20), PATIENTS (default 300),
# SESSIONS (default 200), PORT (default 5401; the ceiling uses PORT+1), ARTIFACTS, BENCH_KEEP=1 keeps the databases.
# Needs the .NET SDK, node and npm, curl and jq (installed from Debian's packages when missing and run as root).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
root=$(pwd)
artifacts=${ARTIFACTS:-$root/artifacts/bench-load}
port=${PORT:-5401}
ceiling_port=$((port + 1))
rates=(${RATES:-100 200 300 400})
duration=${DURATION:-20}
patients=${PATIENTS:-300}
sessions=${SESSIONS:-200}
providers=("$@")
[[ ${#providers[@]} -gt 0 ]] || providers=(sqlite postgres)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

missing=()
for tool in node npm curl jq; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [[ ${#missing[@]} -gt 0 ]]; then
  [[ $(id -u) -eq 0 ]] || { echo "missing: ${missing[*]} (install them, or run as root)" >&2; exit 1; }
  packages=("${missing[@]/node/nodejs}")
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" >/dev/null
fi

mkdir -p "$artifacts"
dotnet build src/Respite.Web -c Release --artifacts-path "$artifacts/build" -v quiet -nologo >/dev/null
dotnet build bench/Respite.LoadCeiling -c Release --artifacts-path "$artifacts/build" -v quiet -nologo >/dev/null
app=$(ls "$artifacts"/build/bin/Respite.Web/release*/Respite.Web.dll | head -n 1)
ceiling=$(ls "$artifacts"/build/bin/Respite.LoadCeiling/release*/Respite.LoadCeiling.dll | head -n 1)
(cd bench/load && npm ci --no-audit --no-fund --silent)

# test.sh's functions (pg_start, pg_stop), sourced before this script defines its own.
# shellcheck source=/dev/null
source "$root/test.sh"
work=$(mktemp -d /tmp/respite-bench-load.XXXXXX)
chmod 711 "$work"   # the PostgreSQL server user must reach its cluster inside
server=""
PG_STARTED=0
stop_server() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then kill "$server"; wait "$server" 2>/dev/null || true; fi
  server=""
}
bench_cleanup() {
  stop_server
  if ((PG_STARTED)); then pg_stop; fi
  [[ "${BENCH_KEEP:-0}" == 1 ]] || rm -rf "$work"
}
trap bench_cleanup EXIT

wait_for() {
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.5
  done
  echo "no answer from $1" >&2
  return 1
}

load() { node bench/load/load.mjs "$@"; }

# A server just started is still compiling its hot paths (tiered JIT) for tens of seconds; a clinic's server has been
# up for hours. So each server gets 30 s of the mix and 10 s of charting at full speed before anything is measured.
warm_up() {
  load mix "$@" --rate 200 --duration 30 >/dev/null
  load saturate "$@" --route vitals --connections 8 --duration 10 >/dev/null
}

# What the load reports, tagged with the provider, appended to the results.
record() { jq -c --arg p "$provider" '. + {provider: $p}' >>"$results"; }

# The measured load on one server, after its warm-up: the mix at each rate, charting alone at 300 requests/s, then each
# of ROUTES (space-separated) alone as fast as 8 connections go. The rest of the arguments say which server (load.mjs).
drive() { # ROUTES LOAD-ARGS...
  local routes=$1 rate route
  shift
  warm_up "$@"
  for rate in "${rates[@]}"; do
    load mix "$@" --rate "$rate" --duration "$duration" | record
  done
  load mix "$@" --rate 300 --only vitals --duration "$duration" | record
  for route in $routes; do
    load saturate "$@" --route "$route" --connections 8 --duration "$duration" | record
  done
}

results="$artifacts/results.jsonl"
: >"$results"
printf 'Machine: %s cores, %s, %s; load average before: %s\n\n' "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
  "$(. /etc/os-release && echo "$PRETTY_NAME")" "$(cut -d' ' -f1-3 /proc/loadavg)"

for provider in "${providers[@]}"; do
  dir="$work/$provider"
  mkdir -p "$dir"
  case "$provider" in
    sqlite)
      export Database__Provider=Sqlite ConnectionStrings__Respite="Data Source=$dir/respite.db"
      ;;
    postgres)
      PG_DURABLE=1 pg_start "$dir" >/dev/null
      export Database__Provider=Postgres ConnectionStrings__Respite="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=respite_load"
      ;;
    *) echo "unknown provider $provider (sqlite or postgres)" >&2; exit 64 ;;
  esac
  export ASPNETCORE_ENVIRONMENT=Production Demo__Seed=true Email__Transport=Pickup Email__PickupDirectory="$dir/outbox" \
    Logging__LogLevel__Default=Warning
  (cd src/Respite.Web && dotnet "$app" generate-history --patients "$patients" --seed 20261205 --years 2 --locations 1 >"$dir/generate.log")

  (cd src/Respite.Web && exec dotnet "$app" --urls "http://127.0.0.1:$port" >"$dir/server.log" 2>&1) &
  server=$!
  wait_for "http://127.0.0.1:$port/alive"
  load setup --base "http://127.0.0.1:$port" --world "$dir/world.json" --sessions "$sessions" 2>>"$dir/load.log"
  drive "vitals chart" --world "$dir/world.json"
  stop_server

  (cd /tmp && exec dotnet "$ceiling" --urls "http://127.0.0.1:$ceiling_port" >"$dir/ceiling.log" 2>&1) &
  server=$!
  wait_for "http://127.0.0.1:$ceiling_port/ceiling/alive"
  drive "vitals vitals-audited chart" --world "$dir/world.json" --ceiling "http://127.0.0.1:$ceiling_port" --target ceiling
  stop_server
  if ((PG_STARTED)); then pg_stop; fi
done

for provider in "${providers[@]}"; do
  printf '### %s: the mix at rising rates\n\n' "$provider"
  printf '| rate (req/s) | route | offered (req/s) | served (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | non-2xx | ceiling p50 / p99 (ms) |\n'
  printf '|---|---|---|---|---|---|---|---|---|---|\n'
  jq -rs --arg p "$provider" '
    map(select(.provider == $p)) as $all
    | $all | map(select(.target == "respite" and .rate != "max" and .only == null))[]
    | . as $r
    | ($all | map(select(.target == "ceiling" and .rate == $r.rate and .key == $r.key and .only == null)) | first) as $c
    | "| \(.rate) | `\(.route)` | \(.offeredPerSecond) | \(.perSecond) | \(.p50) | \(.p90) | \(.p99) | \(.max) | \(.non2xx + .errors + .timeouts) | \(if $c then "\($c.p50) / \($c.p99)" else "" end) |"' "$results"
  printf '\n### %s: charting alone at 300 requests/s\n\n' "$provider"
  printf '| | served (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | non-2xx |\n|---|---|---|---|---|---|---|\n'
  jq -rs --arg p "$provider" '
    map(select(.provider == $p and .only == "vitals"))[]
    | "| \(if .target == "ceiling" then "ceiling (bare insert)" else "Respite" end) | \(.perSecond) | \(.p50) | \(.p90) | \(.p99) | \(.max) | \(.non2xx + .errors + .timeouts) |"' "$results"
  printf '\n### %s: as fast as 8 connections go\n\n' "$provider"
  printf '| route | Respite (req/s) | p50 / p99 (ms) | ceiling (req/s) | p50 / p99 (ms) | Respite / ceiling | least work with audit (req/s) | Respite / least work |\n'
  printf '|---|---|---|---|---|---|---|---|\n'
  jq -rs --arg p "$provider" '
    map(select(.provider == $p and .rate == "max")) as $all
    | ($all | map(select(.target == "ceiling" and .key == "vitals-audited")) | first) as $a
    | $all | map(select(.target == "respite"))[]
    | . as $r
    | ($all | map(select(.target == "ceiling" and .key == $r.key)) | first) as $c
    | "| `\(.route)` | \(.perSecond) | \(.p50) / \(.p99) | \($c.perSecond) | \($c.p50) / \($c.p99) | \((100 * .perSecond / $c.perSecond) | floor) % | \(if .key == "vitals" and $a then "\($a.perSecond) | \((100 * .perSecond / $a.perSecond) | floor) %" else "| " end) |"' "$results"
  printf '\n'
done
printf 'Load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
