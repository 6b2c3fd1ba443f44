#!/usr/bin/env sh
# The publish step of the container images (src/Silo/Dockerfile, src/Frontend/Dockerfile), in one place so that CI
# runs exactly what an image build runs: deploy/docker/publish.sh <project.csproj> <output folder> [msbuild args...]
# Framework-dependent Release build without the native launcher: the runtime image starts it with `dotnet <app>.dll`.
set -eu
if [ $# -lt 2 ]; then
  echo "usage: $0 <project.csproj> <output folder> [extra dotnet publish arguments]" >&2
  exit 2
fi
project=$1
output=$2
shift 2
exec dotnet publish "$project" --configuration Release --output "$output" -p:UseAppHost=false -nologo "$@"
