#!/usr/bin/env bash
# A busy clinic morning against a running Respite server, and the same requests against the bare stack's ceiling.
#
#   bench/load/run.sh [sqlite] [postgres]          default: both
#   bench/load/run.sh report [sqlite] [postgres]   prints the tables of the last run again (from ARTIFACTS)
#
# For each provider it:
#   1. creates an empty database (SQLite: a file; PostgreSQL: a throw-away cluster started by test.sh's pg_start with
#      PG_DURABLE=1, i.e. PostgreSQL's own defaults: fsync and synchronous commit on), migrates it, seeds the demo
#      clinic and a generated history (generate-history: PATIENTS patients over 2 years, one location), then lets it
#      settle (settle below: PostgreSQL's database vacuumed, frozen and checkpointed, the kernel's dirty pages synced);
#   2. starts the Release server on 127.0.0.1 (Production, logging at Warning) and, beside it on the same database,
#      bench/Respite.LoadCeiling: ASP.NET Core and EF Core doing only the single insert of a vitals reading and the
#      single select of a patient, with no authentication, rules or audit (pooled DbContext, as in Respite), and the
#      least a charting write through SaveChanges does (read the session, add the reading and its audit event in one transaction);
#      checks SESSIONS patients in for an IV session (the chairs being charted; with the default 200, a session gets
#      about 80 readings over the whole run, a long infusion's worth) and warms both up (warm_up, 40 s each);
#   3. drives the clinic's mix (bench/load/load.mjs) at each rate in RATES for DURATION seconds, requests arriving at
#      random times (wrk, one process per route, bench/load/paced.lua): 30 % vitals charted, 10 % pain scores
#      recorded, 30 % patient charts opened, 20 % day views, 10 % dashboards; the ceiling gets its share of the same
#      rate (vitals and charts) right after each; then charting alone at 300 requests/s, on each, from wrk and again
#      from load.mjs's own open-loop pacer (Node), which times from when each request was due;
#   4. runs SAT_ROUNDS rounds of each route alone, as fast as 8 connections go (autocannon, SAT_DURATION seconds
#      each): Respite's charting, the ceiling's insert and least work, Respite's chart, the ceiling's select. The
#      machine is shared and its speed drifts over minutes, so each ratio is taken within a round;
#   5. prints markdown tables: per rate and route the requests per second offered and served, p50/p90/p99/max latency
#      (ms), non-2xx answers and timeouts; and the saturation throughput of Respite against the ceiling (medians of
#      the rounds, and the ratio's median and range over the rounds).
# The load generator runs on the same machine and takes CPU from the server: the figures are for the whole machine.
# Raw results (JSON lines) and logs go to ARTIFACTS (default artifacts/bench-load).
#
# Environment (optional): RATES (default "100 200 300 400"), DURATION (s, default 20), PATIENTS (default 300),
# SESSIONS (default 200), SAT_ROUNDS (default 3), SAT_DURATION (s, default 10), PORT (default 5401; the ceiling uses
# PORT+1), ARTIFACTS, BENCH_KEEP=1 keeps the databases.
# Needs the .NET SDK, node and npm, wrk, curl and jq (installed from Debian's packages when missing and run as root).
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
sat_rounds=${SAT_ROUNDS:-3}
sat_duration=${SAT_DURATION:-10}
mode=run
if [[ "${1:-}" == report ]]; then mode=report; shift; fi
providers=("$@")
[[ ${#providers[@]} -gt 0 ]] || providers=(sqlite postgres)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

missing=()
for tool in node npm wrk curl jq; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [[ ${#missing[@]} -gt 0 ]]; then
  [[ $(id -u) -eq 0 ]] || { echo "missing: ${missing[*]} (install them, or run as root)" >&2; exit 1; }
  packages=("${missing[@]/node/nodejs}")
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}" >/dev/null
fi

# Markdown tables of what RESULTS holds for each provider. "non-2xx" counts answers other than 2xx and connection
# errors; "timed out" counts requests unanswered after 10 s (load.mjs gives up on them).
report() {
  local provider
  for provider in "${providers[@]}"; do
    printf '### %s: the mix at rising rates\n\n' "$provider"
    printf '| rate (req/s) | route | offered (req/s) | served (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | non-2xx | timed out | ceiling p50 / p99 (ms) |\n'
    printf '|---|---|---|---|---|---|---|---|---|---|---|\n'
    jq -rs --arg p "$provider" '
      map(select(.provider == $p and .rate != "max" and .only == null and (.generator // "node") == "wrk")) as $all
      | $all | map(select(.target == "respite"))[]
      | . as $r
      | ($all | map(select(.target == "ceiling" and .rate == $r.rate and .key == $r.key)) | first) as $c
      | "| \(.rate) | `\(.route)` | \(.offeredPerSecond) | \(.perSecond) | \(.p50) | \(.p90) | \(.p99) | \(.max) | \(.non2xx + .errors) | \(.timeouts) | \(if $c then "\($c.p50) / \($c.p99)" else "" end) |"' "$results"
    printf '\n### %s: charting alone at 300 requests/s\n\n' "$provider"
    printf '| | load generator | served (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | non-2xx | timed out |\n|---|---|---|---|---|---|---|---|---|\n'
    jq -rs --arg p "$provider" '
      map(select(.provider == $p and .only == "vitals") | .generator //= "node")
      | sort_by([.generator != "wrk", .target == "ceiling"]) | .[]
      | "| \(if .target == "ceiling" then "ceiling (bare insert)" else "Respite" end) | \(if .generator == "wrk" then "wrk" else "Node pacer" end) | \(.perSecond) | \(.p50) | \(.p90) | \(.p99) | \(.max) | \(.non2xx + .errors) | \(.timeouts) |"' "$results"
    printf '\n### %s: as fast as 8 connections go (median of the rounds)\n\n' "$provider"
    printf '| route | rounds | Respite (req/s) | p50 / p99 (ms) | ceiling (req/s) | p50 / p99 (ms) | Respite / ceiling, per round | least work with audit (req/s) | Respite / least work, per round |\n'
    printf '|---|---|---|---|---|---|---|---|---|\n'
    jq -rs --arg p "$provider" '
      def median: sort | length as $n | if $n == 0 then null elif $n % 2 == 1 then .[($n - 1) / 2] else (.[$n / 2 - 1] + .[$n / 2]) / 2 end;
      def m1: median | if . == null then null else (. * 10 | round) / 10 end;
      def pct: (100 * .) | floor;
      def spread: "\(median | pct) % (\(min | pct)–\(max | pct))";
      map(select(.provider == $p and .rate == "max")) as $all
      | ["vitals", "chart"][] as $key
      | ($all | map(select(.target == "respite" and .key == $key))) as $r
      | select($r | length > 0)
      | ($r | map(. as $x | {r: $x,
          c: ($all | map(select(.target == "ceiling" and .key == $key and .round == $x.round)) | first),
          a: ($all | map(select(.target == "ceiling" and .key == "vitals-audited" and .round == $x.round)) | first)})) as $rows
      | ($rows | map(select(.c))) as $paired
      | ($rows | map(select(.a))) as $audited
      | "| `\($r[0].route)` | \($r | length) | \($r | map(.perSecond) | m1) | \($r | map(.p50) | m1) / \($r | map(.p99) | m1) | \($paired | map(.c.perSecond) | m1) | \($paired | map(.c.p50) | m1) / \($paired | map(.c.p99) | m1) | \($paired | map(.r.perSecond / .c.perSecond) | spread) | \(if $key == "vitals" and ($audited | length > 0) then "\($audited | map(.a.perSecond) | m1) | \($audited | map(.r.perSecond / .a.perSecond) | spread)" else "| " end) |"' "$results"
    printf '\n'
  done
}

results="$artifacts/results.jsonl"
if [[ "$mode" == report ]]; then report; exit 0; fi

mkdir -p "$artifacts"
dotnet build src/Respite.Web -c Release --artifacts-path "$artifacts/build" -v quiet -nologo >/dev/null
dotnet build bench/Respite.LoadCeiling -c Release --artifacts-path "$artifacts/build" -v quiet -nologo >/dev/null
app=$(ls "$artifacts"/build/bin/Respite.Web/release*/Respite.Web.dll | head -n 1)
ceiling=$(ls "$artifacts"/build/bin/Respite.LoadCeiling/release*/Respite.LoadCeiling.dll | head -n 1)
(cd bench/load && npm ci --no-audit --no-fund --silent)

# test.sh's functions (pg_start, pg_psql, pg_stop), sourced before this script defines its own.
# shellcheck source=/dev/null
source "$root/test.sh"
work=$(mktemp -d /tmp/respite-bench-load.XXXXXX)
chmod 711 "$work"   # the PostgreSQL server user must reach its cluster inside
servers=()
PG_STARTED=0
stop_servers() {
  local pid
  for pid in "${servers[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  done
  servers=()
}
bench_cleanup() {
  stop_servers
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

# A clinic's database has been vacuumed and checkpointed many times; one bulk-loaded a moment ago has not. Left alone,
# the kernel writes back what the load left in its page cache, and PostgreSQL vacuums and checkpoints the new tables,
# while the load runs, and for minutes a commit's sync may wait behind that (docs/benchmarks.md, "The PostgreSQL
# stall"). So a PostgreSQL database is vacuumed, frozen and checkpointed first, and the kernel's dirty pages are
# written out, before any server starts.
settle() { # PROVIDER DIR
  if [[ $1 == postgres ]]; then
    pg_psql respite_load -q -v ON_ERROR_STOP=1 -c "vacuum (freeze, analyze)" -c "checkpoint" >>"$2/generate.log"
  fi
  sync
}

# A server just started is still compiling its hot paths (tiered JIT) for tens of seconds; a clinic's server has been
# up for hours. So each server gets 30 s of the mix and 10 s of charting at full speed before anything is measured.
warm_up() {
  load mix "$@" --rate 200 --duration 30 >/dev/null
  load saturate "$@" --route vitals --connections 8 --duration 10 >/dev/null
}

# What the load reports, tagged with the provider (and the saturation round), appended to the results.
record() { jq -c --arg p "$provider" --arg round "${1:-}" '. + {provider: $p} + (if $round == "" then {} else {round: ($round | tonumber)} end)' >>"$results"; }

# The measured load, Respite and the ceiling in turn so that both see the machine as it is at that moment (it is shared,
# and its speed drifts over minutes): the mix at each rate, charting alone at 300 requests/s, then SAT_ROUNDS rounds of
# each route alone as fast as 8 connections go. Who goes first alternates from one pair to the next: a window right
# after a heavier one (PostgreSQL's checkpoint of the writes before it, the collector) falls to each in turn. The
# arguments are load.mjs's for Respite, then for the ceiling.
drive() { # "RESPITE-ARGS" "CEILING-ARGS"
  local -a respite ceiling
  read -r -a respite <<<"$1"
  read -r -a ceiling <<<"$2"
  local rate round pair=0
  in_turn() { # ROUND COMMAND ARGS... : the same load.mjs command against Respite and the ceiling, in turn
    local tag=$1 command=$2 who
    shift 2
    local -a order=(respite ceiling)
    if ((pair++ % 2 == 1)); then order=(ceiling respite); fi
    for who in "${order[@]}"; do
      if [[ $who == respite ]]; then
        load "$command" "${respite[@]}" "$@" | record "$tag"
      else
        load "$command" "${ceiling[@]}" "$@" | record "$tag"
      fi
    done
  }
  warm_up "${respite[@]}"
  warm_up "${ceiling[@]}"
  for rate in "${rates[@]}"; do
    in_turn "" mix --rate "$rate" --duration "$duration" --generator wrk
  done
  in_turn "" mix --rate 300 --only vitals --duration "$duration" --generator wrk
  in_turn "" mix --rate 300 --only vitals --duration "$duration" --generator node
  for round in $(seq 1 "$sat_rounds"); do
    in_turn "$round" saturate --route vitals --connections 8 --duration "$sat_duration"
    load saturate "${ceiling[@]}" --route vitals-audited --connections 8 --duration "$sat_duration" | record "$round"
    in_turn "$round" saturate --route chart --connections 8 --duration "$sat_duration"
  done
}

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
  settle "$provider" "$dir"

  (cd src/Respite.Web && exec dotnet "$app" --urls "http://127.0.0.1:$port" >"$dir/server.log" 2>&1) &
  servers+=($!)
  (cd /tmp && exec dotnet "$ceiling" --urls "http://127.0.0.1:$ceiling_port" >"$dir/ceiling.log" 2>&1) &
  servers+=($!)
  wait_for "http://127.0.0.1:$port/alive"
  wait_for "http://127.0.0.1:$ceiling_port/ceiling/alive"
  load setup --base "http://127.0.0.1:$port" --world "$dir/world.json" --sessions "$sessions" 2>>"$dir/load.log"
  drive "--world $dir/world.json" "--world $dir/world.json --ceiling http://127.0.0.1:$ceiling_port --target ceiling"
  stop_servers
  if ((PG_STARTED)); then pg_stop; fi
done

report
printf 'Load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
