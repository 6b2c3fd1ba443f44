#!/usr/bin/env sh
# Adds an EF migration with the given name to both provider migration sets.
set -eu
name="${1:?usage: add-migration.sh <MigrationName>}"
cd "$(dirname "$0")/../../.."
project=src/Persistence
dotnet ef migrations add "$name" --project "$project" --startup-project "$project" \
  --context SqlitePlatformDbContext --output-dir Migrations/Sqlite
dotnet ef migrations add "$name" --project "$project" --startup-project "$project" \
  --context PostgresPlatformDbContext --output-dir Migrations/Postgres --no-build
