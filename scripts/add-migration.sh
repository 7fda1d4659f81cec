#!/usr/bin/env bash
# Adds an EF Core migration with the same name to both providers (SQLite and PostgreSQL).
#
#   scripts/add-migration.sh <Name>        e.g. scripts/add-migration.sh AddConsultationNotes
#
# The migrations live in src/Respite.Data.Sqlite/Migrations and src/Respite.Data.Postgres/Migrations; each of those
# projects has its own design-time DbContext factory, so no database and no startup project are needed.
# ./test.sh fails ("migrations: <provider> has no pending model changes") until both are added.
set -euo pipefail

if [[ $# -ne 1 || -z "$1" || "$1" == -* ]]; then
  echo "usage: $0 <MigrationName>" >&2
  exit 2
fi
name="$1"

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet tool restore
for provider in Sqlite Postgres; do
  project="src/Respite.Data.$provider"
  echo "==> $project: adding migration $name"
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations
done
echo "==> Added migration $name to both providers. Review the generated files, then run ./test.sh."
