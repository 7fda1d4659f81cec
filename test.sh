#!/usr/bin/env bash
# Runs every test of Respite: the one command for CI and for people.
#
#   ./test.sh
#
# On a fresh Debian 12 machine (with the .NET SDK from global.json) it:
#   1. installs PostgreSQL, Chromium, Node.js, npm and curl from Debian's packages when missing (needs root or password-less
#      sudo; without either it says so and goes on: the PostgreSQL and end-to-end tests then report as skipped);
#   2. starts a throw-away PostgreSQL cluster on a free loopback port (trust auth, no fsync) and exports
#      RESPITE_TEST_POSTGRES, an admin connection string; tests create (and drop) their own databases on it;
#   3. exports RESPITE_CHROMIUM=/usr/bin/chromium for the end-to-end (Playwright) tests;
#   4. restores the local tools (dotnet-ef), builds Respite.slnx in Release;
#   5. checks both EF Core providers (SQLite, PostgreSQL) for model changes without a migration;
#   6. runs `dotnet test Respite.slnx`; then starts the Release server (SQLite, demo data) on a free loopback port and
#      drives its FHIR API with fhir-kit-client from npm (tests/fhir-js) and with respite-fhir-import, each check
#      counted as a test; sums the TRX files and prints, as the very last line,
#        N passed, N failed, N skipped
#      The exit code is 0 only when nothing failed, `dotnet test` succeeded and at least one test passed.
#
# Environment (all optional):
#   RESPITE_TEST_POSTGRES   already set: use that server instead of starting a throw-away cluster.
#   RESPITE_CHROMIUM        already set: use that Chromium instead of /usr/bin/chromium.
#   TEST_SH_ONLY_POSTGRES=1 only start the throw-away cluster, print `select version()` through psql, stop it
#                           (a smoke test of this script's PostgreSQL part; runs no .NET at all).
#   TEST_SH_KEEP_RESULTS=0  do not copy the TRX files to artifacts/test-results/ (copied by default).
#
# The file can be sourced (functions only, nothing runs) to test its parts, e.g. `source test.sh; trx_summary DIR`.

set -euo pipefail

# ----------------------------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------------------------

log() { printf '==> %s\n' "$*"; }
warn() { printf '==> WARNING: %s\n' "$*" >&2; }

# Prefix for privileged commands: empty as root, "sudo -n" with password-less sudo, unset (return 1) otherwise.
privileged_prefix() {
  if [[ $(id -u) -eq 0 ]]; then
    PRIV=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
    PRIV=(sudo -n)
  else
    return 1
  fi
}

# ----------------------------------------------------------------------------------------------------------------
# 1. System packages
# ----------------------------------------------------------------------------------------------------------------

# Newest PostgreSQL server bin directory (Debian layout first, then PATH), or nothing.
find_pg_bindir() {
  local best
  best=$(for candidate in /usr/lib/postgresql/*/bin; do
    [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]] && printf '%s\n' "$candidate"
  done | sort -V | tail -n 1)
  if [[ -n "$best" ]]; then
    printf '%s\n' "$best"
    return 0
  fi
  local initdb
  if initdb=$(command -v initdb 2>/dev/null) && [[ -n "$initdb" ]]; then
    initdb=$(readlink -f "$initdb")
    if [[ -x "$(dirname "$initdb")/pg_ctl" ]]; then
      dirname "$initdb"
      return 0
    fi
  fi
  return 1
}

install_system_packages() {
  local packages=()
  find_pg_bindir >/dev/null || packages+=(postgresql)
  [[ -x /usr/bin/chromium ]] || packages+=(chromium)
  command -v node >/dev/null 2>&1 || packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || packages+=(npm)
  command -v curl >/dev/null 2>&1 || packages+=(curl)
  if [[ ${#packages[@]} -eq 0 ]]; then
    log "PostgreSQL, Chromium, Node.js, npm and curl are installed."
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    warn "missing ${packages[*]} and apt-get is not available: install them yourself; the tests that need them will be skipped."
    return 0
  fi
  local PRIV
  if ! privileged_prefix; then
    warn "missing ${packages[*]}, and this is neither root nor password-less sudo: cannot install them."
    warn "The PostgreSQL and/or end-to-end tests will be reported as skipped. Install with:"
    warn "  sudo apt-get install --no-install-recommends ${packages[*]}"
    return 0
  fi
  log "Installing ${packages[*]} from Debian's packages..."
  # Another apt/dpkg may be running (e.g. an image being prepared): wait for its lock instead of failing.
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q)
  local apt_log="$WORK/apt.log"
  if ! "${PRIV[@]}" "${apt[@]}" update >"$apt_log" 2>&1; then
    tail -n 20 "$apt_log" >&2
    warn "apt-get update failed; trying the install anyway."
  fi
  if ! "${PRIV[@]}" "${apt[@]}" install -y --no-install-recommends "${packages[@]}" >"$apt_log" 2>&1; then
    tail -n 20 "$apt_log" >&2
    warn "apt-get install ${packages[*]} failed: the tests that need them will be skipped."
  fi
}

# ----------------------------------------------------------------------------------------------------------------
# 2. Throw-away PostgreSQL cluster
# ----------------------------------------------------------------------------------------------------------------

PG_BIN=""      # server bin directory
PG_USER=""     # OS user that runs the server ("" = the current user)
PG_DIR=""      # owned by PG_USER: data/, log, sockets
PG_PORT=""
PG_STARTED=0

# Runs a command as PG_USER (or as is when PG_USER is empty), from a directory that user can enter.
as_pg() {
  if [[ -z "$PG_USER" ]]; then
    (cd "$PG_DIR" && "$@")
  elif command -v runuser >/dev/null 2>&1; then
    (cd "$PG_DIR" && runuser -u "$PG_USER" -- "$@")
  else
    (cd "$PG_DIR" && su -s /bin/bash "$PG_USER" -c "$(printf '%q ' "$@")")
  fi
}

# Is something listening on 127.0.0.1:$1 ?
port_in_use() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" >/dev/null 2>&1
}

# pg_start WORKDIR: starts a cluster under WORKDIR/pg and sets PG_PORT; returns non-zero when it cannot.
pg_start() {
  local work="$1"
  if ! PG_BIN=$(find_pg_bindir); then
    warn "PostgreSQL server binaries (initdb, pg_ctl) not found."
    return 1
  fi
  PG_DIR="$work/pg"
  mkdir -p "$PG_DIR"
  if [[ $(id -u) -eq 0 ]]; then
    # initdb and postgres refuse to run as root.
    if id -u postgres >/dev/null 2>&1; then
      PG_USER=postgres
    else
      PG_USER=respite-pg
      id -u "$PG_USER" >/dev/null 2>&1 ||
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER"
    fi
    chmod 711 "$work"            # let PG_USER reach its own directory inside our (0700) temp dir
    chown "$PG_USER" "$PG_DIR"
  fi
  chmod 700 "$PG_DIR"

  if ! as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C --no-sync \
      >"$work/initdb.log" 2>&1; then
    warn "initdb failed:"
    tail -n 20 "$work/initdb.log" >&2 || true
    return 1
  fi

  # Tests do not need durability; PG_DURABLE=1 keeps PostgreSQL's defaults (fsync, synchronous commit) for measurements.
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [[ "${PG_DURABLE:-0}" == 1 ]] && durability=""
  local port=55432 attempts=0
  while ((attempts < 10 && port < 65000)); do
    if port_in_use "$port"; then
      port=$((port + 1))
      continue
    fi
    attempts=$((attempts + 1))
    # A port can be taken between the probe and the bind: on failure, try the next one.
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 120 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR $durability -c max_connections=300" \
        start >/dev/null 2>&1; then
      PG_PORT=$port
      PG_STARTED=1
      return 0
    fi
    port=$((port + 1))
  done
  warn "could not start PostgreSQL; its log:"
  tail -n 20 "$PG_DIR/log" >&2 2>/dev/null || true
  return 1
}

pg_psql() { # DBNAME PSQL-ARGS... : psql as postgres on the throw-away cluster (the client on PATH, else the server's)
  local database=$1 psql
  shift
  psql=$(command -v psql || printf '%s' "$PG_BIN/psql")
  "$psql" "host=127.0.0.1 port=$PG_PORT user=postgres dbname=$database" -X "$@"
}

pg_stop() {
  if ((PG_STARTED)); then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" stop -m immediate -w >/dev/null 2>&1 || true
    PG_STARTED=0
  fi
}

# ----------------------------------------------------------------------------------------------------------------
# TRX summing
# ----------------------------------------------------------------------------------------------------------------

# trx_summary RESULTS_DIR [EXPECTED_ASSEMBLY...]
# Sums the Counters of every .trx under RESULTS_DIR into TRX_PASSED, TRX_FAILED, TRX_SKIPPED and lists failures
# (one per line) in TRX_FAILURES. Skipped = notExecuted, or total - executed when notExecuted is 0 (xunit's skipped
# tests are counted like that). A run that aborted (test host crash, hang) counts as one failure; so does every
# EXPECTED_ASSEMBLY (test project name) for which no TRX was written. Needs only awk (mawk is fine).
trx_summary() {
  local dir="$1"
  shift
  TRX_PASSED=0 TRX_FAILED=0 TRX_SKIPPED=0 TRX_FAILURES=""
  local -a files=()
  if [[ -d "$dir" ]]; then
    while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$dir" -type f -name '*.trx' -print0 | sort -z)
  fi
  local seen=" " line kind assembly total executed passed failed errors timeouts not_executed outcome run_error
  local skipped
  if ((${#files[@]})); then
    while IFS=$'\037' read -r kind assembly total executed passed failed errors timeouts not_executed outcome run_error; do
      case "$kind" in
        T)
          TRX_FAILURES+="$total"$'\n'   # the test's name
          ;;
        R)
          [[ -n "$assembly" ]] && seen+="${assembly,,} "
          skipped=$not_executed
          if ((skipped == 0 && total > executed)); then skipped=$((total - executed)); fi
          TRX_PASSED=$((TRX_PASSED + passed))
          TRX_FAILED=$((TRX_FAILED + failed + errors + timeouts))
          TRX_SKIPPED=$((TRX_SKIPPED + skipped))
          if [[ -n "$run_error" ]]; then
            TRX_FAILED=$((TRX_FAILED + 1))
            TRX_FAILURES+="${assembly:-(unknown test assembly)}: test run aborted: $run_error"$'\n'
          elif [[ "$outcome" =~ ^(Failed|Aborted|Error|Timeout)$ ]] && ((failed + errors + timeouts == 0)); then
            TRX_FAILED=$((TRX_FAILED + 1))
            TRX_FAILURES+="${assembly:-(unknown test assembly)}: test run outcome $outcome without a failed test"$'\n'
          fi
          ;;
      esac
    done < <(awk '
      function attr(s, name,    key) {
        key = " " name "=\""
        if (match(s, key "[^\"]*\"")) return substr(s, RSTART + length(key), RLENGTH - length(key) - 1)
        return ""
      }
      function num(v) { return v == "" ? 0 : v + 0 }
      function unxml(s) {
        gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s)
        gsub(/&#xA;/, " ", s); gsub(/&#xD;/, "", s); gsub(/&#x9;/, " ", s); gsub(/\t/, " ", s); gsub(/&amp;/, "\\&", s)
        return s
      }
      function base(p) { sub(/.*[\/\\]/, "", p); sub(/\.(dll|exe)$/, "", p); return p }
      function flush() {
        if (file == "") return
        printf "R\037%s\037%d\037%d\037%d\037%d\037%d\037%d\037%d\037%s\037%s\n", asm, c["total"], c["executed"], c["passed"], c["failed"], c["error"], c["timeout"], c["notExecuted"], outcome, runerr
      }
      FNR == 1 {
        flush()
        file = FILENAME; asm = ""; asm_rank = 9; outcome = ""; runerr = ""; in_err = 0; have_counters = 0
        split("", c)
      }
      # Which assembly this TRX is about: test storage path, else the "No test is available in X.dll" warning,
      # else xunit runner output ("Discovering: X") kept in the TRX (a crashed run has only that).
      /<UnitTest / && asm_rank > 1 { s = attr($0, "storage"); if (s != "") { asm = base(s); asm_rank = 1 } }
      /No test is available in / && asm_rank > 2 {
        s = $0; sub(/.*No test is available in /, "", s); sub(/\.(dll|exe)[^A-Za-z0-9].*$/, ".dll", s)
        asm = base(s); asm_rank = 2
      }
      /\]   (Discovering|Starting): / && asm_rank > 3 {
        s = $0; sub(/.*\]   (Discovering|Starting): +/, "", s); sub(/[ \r]+$/, "", s)
        if (s != "") { asm = s; asm_rank = 3 }
      }
      /<ResultSummary / { outcome = attr($0, "outcome") }
      /<Counters / && !have_counters {
        have_counters = 1
        n = split("total executed passed failed error timeout notExecuted", names, " ")
        for (i = 1; i <= n; i++) c[names[i]] = num(attr($0, names[i]))
      }
      /<RunInfo / && attr($0, "outcome") == "Error" { in_err = 1 }
      # Errors also report each failed test ("X [FAIL]"); only an aborted run (crash, hang) matters here.
      in_err && /<Text>/ {
        s = $0; sub(/.*<Text>/, "", s); sub(/<\/Text>.*/, "", s); s = unxml(s)
        if (runerr == "" && tolower(s) ~ /abort|crash/) runerr = substr(s, 1, 200)
        in_err = 0
      }
      /<UnitTestResult / {
        o = attr($0, "outcome")
        if (o == "Failed" || o == "Error" || o == "Timeout" || o == "Aborted") printf "T\037-\037%s\n", unxml(attr($0, "testName"))
      }
      END { flush() }
    ' "${files[@]}")
  fi
  local expected
  for expected in "$@"; do
    if [[ "$seen" != *" ${expected,,} "* ]]; then
      TRX_FAILED=$((TRX_FAILED + 1))
      TRX_FAILURES+="$expected: no test results (no TRX file: the test host did not start or crashed early)"$'\n'
    fi
  done
}

# ----------------------------------------------------------------------------------------------------------------
# Main
# ----------------------------------------------------------------------------------------------------------------

# FHIR clients against a running server (the Release build, SQLite, demo data on a free port of 127.0.0.1):
# fhir-kit-client from npm driven by tests/fhir-js, and the respite-fhir-import command on a Bundle, run twice
# (the second run must record nothing twice). Sets FHIR_PASSED, FHIR_FAILED and FHIR_FAILURES.
FHIR_SERVER_PID=""
fhir_clients() {
  FHIR_PASSED=0 FHIR_FAILED=0 FHIR_FAILURES=""
  fhir_fail() { FHIR_FAILED=$((FHIR_FAILED + 1)); FHIR_FAILURES+="$1"$'\n'; }
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
    fhir_fail "fhir clients: Node.js, npm and curl are needed"
    return 0
  fi

  local root bin port dir url i
  root=$(pwd)
  bin="$root/artifacts/bin/Respite.Web/release_linux-x64"
  dir="$WORK/fhir-server"
  mkdir -p "$dir"
  port=5391
  while port_in_use "$port"; do port=$((port + 1)); done
  url="http://127.0.0.1:$port"
  (cd "$bin" && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="$url" Demo__Seed=true \
    ConnectionStrings__Respite="Data Source=$dir/respite.db" Email__PickupDirectory="$dir/outbox" \
    exec dotnet Respite.Web.dll --contentRoot "$bin") >"$dir/server.log" 2>&1 &
  FHIR_SERVER_PID=$!
  for ((i = 0; i < 240; i++)); do
    curl -fsS -o /dev/null "$url/alive" 2>/dev/null && break
    kill -0 "$FHIR_SERVER_PID" 2>/dev/null || break
    sleep 0.5
  done
  if ! curl -fsS -o /dev/null "$url/alive" 2>/dev/null; then
    tail -n 30 "$dir/server.log"
    fhir_fail "fhir clients: the server started on $url"
    fhir_server_stop
    return 0
  fi
  log "FHIR clients against $url"

  # fhir-kit-client (npm)
  if (cd tests/fhir-js && npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1); then
    local tap="$WORK/fhir-js.tap" pass fail
    (cd tests/fhir-js && RESPITE_URL="$url" node --test --test-reporter=tap client.test.mjs) >"$tap" 2>&1 || true
    pass=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -n 1)
    fail=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -n 1)
    FHIR_PASSED=$((FHIR_PASSED + ${pass:-0}))
    if [[ -z "$pass" || -z "$fail" || "${pass:-0}" == 0 ]]; then
      tail -n 40 "$tap"
      fhir_fail "fhir-kit-client: the tests ran"
    elif ((fail > 0)); then
      grep -A 30 '^not ok' "$tap" | head -n 80
      while IFS= read -r line; do fhir_fail "fhir-kit-client: ${line#not ok * - }"; done < <(grep '^not ok' "$tap")
    fi
  else
    tail -n 20 "$WORK/npm.log"
    fhir_fail "fhir-kit-client: npm ci in tests/fhir-js"
  fi

  # respite-fhir-import: one rejection expected (a Condition), then nothing recorded twice.
  local import=(dotnet "$root/artifacts/bin/Respite.FhirImport/release/respite-fhir-import.dll" --server "$url" --user nurse@demo.respite.local tests/fhir-js/outside-history.json)
  local out="$WORK/import.txt" rc expected row
  for expected in created present; do
    row='^QuestionnaireResponse +1 +0 +0 +0$'
    [[ $expected == present ]] && row='^QuestionnaireResponse +0 +0 +1 +0$'
    rc=0
    RESPITE_IMPORT_PASSWORD=Respite-demo-2026 "${import[@]}" >"$out" 2>"$WORK/import.err" || rc=$?
    if ((rc == 2)) && grep -q '^3 of 4 resources accepted, 1 rejected\.$' "$out" && grep -Eq "$row" "$out"; then
      FHIR_PASSED=$((FHIR_PASSED + 1))
    else
      cat "$out" "$WORK/import.err"
      fhir_fail "respite-fhir-import: a Bundle imported ($expected, exit code $rc)"
    fi
  done

  fhir_server_stop
  fhir_server_log_phi "$dir/server.log"
}

# The server's log after the FHIR clients ran: no demo patient's name, e-mail or date of birth (docs/security.md).
fhir_server_log_phi() { # LOG
  local found=""
  if [[ ! -s "$1" ]]; then
    fhir_fail "server log: written by the server the FHIR clients used"
    return 0
  fi
  found=$(grep -n -o -F \
    -e 'Jordan Example' -e 'jordan.example@' -e '1984-03-14' \
    -e 'Sam Rivera' -e 'sam.rivera@' -e '1971-09-02' \
    -e 'Casey Nguyen' -e 'casey@example.com' -e 'Robin Patel' -e 'robin@example.com' \
    -e 'Lindqvist' -e '1984-09-30' "$1" | head -n 20) || true
  if [[ -n "$found" ]]; then
    printf '%s\n' "$found"
    fhir_fail "server log: no demo patient's name, e-mail or date of birth in $1"
  else
    FHIR_PASSED=$((FHIR_PASSED + 1))
  fi
}

fhir_server_stop() {
  if [[ -n "$FHIR_SERVER_PID" ]]; then
    kill "$FHIR_SERVER_PID" 2>/dev/null
    wait "$FHIR_SERVER_PID" 2>/dev/null
    FHIR_SERVER_PID=""
  fi
  return 0
}

WORK=""

cleanup() {
  set +e
  fhir_server_stop
  pg_stop
  if [[ -n "$WORK" && -d "$WORK" ]]; then rm -rf "$WORK"; fi
  WORK=""
}

summary_and_exit() { # PASSED FAILED SKIPPED EXIT_CODE
  cleanup
  printf '%s passed, %s failed, %s skipped\n' "$1" "$2" "$3"
  exit "$4"
}

postgres_only() {
  pg_start "$WORK" || { warn "PostgreSQL did not start"; exit 1; }
  log "PostgreSQL on 127.0.0.1:$PG_PORT (data in $PG_DIR/data, run by ${PG_USER:-$(id -un)})"
  pg_psql postgres -A -t -c "select version()"
  cleanup
  log "PostgreSQL stopped and removed."
}

main() {
  cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  local passed=0 failed=0 skipped=0 failures=""
  add_failure() { failed=$((failed + 1)); failures+="$1"$'\n'; }

  WORK=$(mktemp -d -t respite-test.XXXXXX)
  local results="$WORK/results"

  install_system_packages

  if [[ "${TEST_SH_ONLY_POSTGRES:-0}" == 1 ]]; then
    postgres_only
    return 0
  fi

  # --- PostgreSQL ---
  if [[ -n "${RESPITE_TEST_POSTGRES:-}" ]]; then
    log "Using the PostgreSQL server given in RESPITE_TEST_POSTGRES."
  elif find_pg_bindir >/dev/null; then
    if pg_start "$WORK"; then
      export RESPITE_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=postgres"
      log "Throw-away PostgreSQL cluster on 127.0.0.1:$PG_PORT (RESPITE_TEST_POSTGRES exported)."
    else
      # The binaries are there but the cluster will not start: that is a broken machine, not a skip.
      add_failure "postgres: throw-away cluster starts"
    fi
  else
    warn "PostgreSQL is not installed: RESPITE_TEST_POSTGRES is not set, the PostgreSQL tests will be skipped."
  fi

  # --- Chromium ---
  if [[ -n "${RESPITE_CHROMIUM:-}" ]]; then
    log "Using the Chromium given in RESPITE_CHROMIUM ($RESPITE_CHROMIUM)."
  elif [[ -x /usr/bin/chromium ]]; then
    export RESPITE_CHROMIUM=/usr/bin/chromium
    log "Chromium: $RESPITE_CHROMIUM (RESPITE_CHROMIUM exported)."
  else
    warn "Chromium is not installed: RESPITE_CHROMIUM is not set, the end-to-end tests will be skipped."
  fi

  # --- Tools and build ---
  log "dotnet tool restore"
  if ! dotnet tool restore >"$WORK/tool-restore.log" 2>&1; then
    cat "$WORK/tool-restore.log"
    printf '\nFAILED: dotnet tool restore\n'
    summary_and_exit 0 $((failed + 1)) 0 1
  fi

  log "dotnet build Respite.slnx -c Release"
  if ! dotnet build Respite.slnx -c Release --nologo; then
    printf '\nFAILED: the build failed (see the errors above); no tests were run.\n'
    summary_and_exit 0 $((failed + 1)) 0 1
  fi

  # --- Migrations: every model change must come with a migration, for both providers ---
  local provider project name
  for provider in Sqlite Postgres; do
    project="src/Respite.Data.$provider"
    name="migrations: ${provider,,} has no pending model changes"
    log "$name"
    if dotnet ef migrations has-pending-model-changes --project "$project" --startup-project "$project" \
        --configuration Release --no-build >"$WORK/ef-$provider.log" 2>&1; then
      passed=$((passed + 1))
    else
      tail -n 15 "$WORK/ef-$provider.log"
      printf '  (add one with: scripts/add-migration.sh <Name>)\n'
      add_failure "$name"
    fi
  done

  # --- Tests ---
  log "dotnet test Respite.slnx -c Release"
  local test_rc=0
  # A single test that runs 15 minutes is hung: the blame collector then ends its test host (reported as an
  # aborted run below) instead of letting CI wait forever.
  dotnet test Respite.slnx -c Release --no-build --nologo \
    --logger trx --results-directory "$results" \
    --blame-hang-timeout 15m --blame-hang-dump-type none || test_rc=$?

  # Test projects of the solution: each must have written a TRX.
  local -a test_projects=()
  local p
  while IFS= read -r p; do test_projects+=("$p"); done < <(
    grep -o 'Path="tests/[^"]*\.csproj"' Respite.slnx | sed -e 's|.*/||' -e 's|\.csproj"$||')

  # --- FHIR clients against a running server ---
  fhir_clients
  passed=$((passed + FHIR_PASSED))
  failed=$((failed + FHIR_FAILED))
  failures+="$FHIR_FAILURES"

  trx_summary "$results" "${test_projects[@]}"
  passed=$((passed + TRX_PASSED))
  failed=$((failed + TRX_FAILED))
  skipped=$((skipped + TRX_SKIPPED))
  failures="$TRX_FAILURES$failures"
  # Make the summary line tell the truth even when the TRX files do not show what went wrong.
  if ((test_rc != 0 && TRX_FAILED == 0)); then add_failure "dotnet test exited with code $test_rc"; fi
  if ((TRX_PASSED == 0)); then add_failure "no test passed (did any run?)"; fi

  if [[ "${TEST_SH_KEEP_RESULTS:-1}" == 1 && -d "$results" ]]; then
    rm -rf artifacts/test-results
    mkdir -p artifacts/test-results
    find "$results" -type f -name '*.trx' -exec cp {} artifacts/test-results/ \;
    log "TRX files copied to artifacts/test-results/."
  fi

  printf '\n'
  if [[ -n "$failures" ]]; then
    printf 'Failed:\n'
    printf '%s' "$failures" | sed -e '/^$/d' -e 's/^/  - /'
  fi

  local rc=0
  if ((failed != 0 || test_rc != 0 || TRX_PASSED == 0)); then rc=1; fi
  summary_and_exit "$passed" "$failed" "$skipped" "$rc"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
