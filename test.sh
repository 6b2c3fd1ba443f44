#!/usr/bin/env bash
# Runs the whole test suite: the Node MCP clients' self-test, the Kubernetes manifests' check, then every .NET test
# project.
# Tests start what they need themselves: a PostgreSQL server (from /usr/lib/postgresql), the sample API,
# silos and frontends as real processes. Needs: .NET SDK 10, Node 20+, PostgreSQL server binaries, kubectl.
set -euo pipefail
cd "$(dirname "$0")"
configuration="${CONFIGURATION:-Release}"

# Node packages, installed from their lock files: the TypeScript SDK client the end-to-end tests drive,
# Prism, which the round-trip tests use to validate generated requests against the original documents,
# and the official MCP conformance suite (with its own Node 22) that the conformance test runs.
for dir in tests/clients tests/roundtrip tests/conformance; do
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
(cd tests/clients && node --test selftest.mjs oauth-selftest.mjs)

# The Kubernetes manifests: every overlay rendered (kubectl kustomize) and validated against the Kubernetes schemas
# and the platform's rules; a few seconds. A failure is counted at the end, after the .NET tests ran.
deploy_status=0
deploy/k8s/check.sh || deploy_status=1

dotnet build McpPlatform.sln -c "$configuration" -nologo -clp:ErrorsOnly

log=$(mktemp)
trap 'rm -f "$log" "$log.bench" "$log.load.md" "$log.soak.md"' EXIT
status=0
# One test project at a time: the end-to-end tests start many processes on a small machine.
dotnet test McpPlatform.sln -c "$configuration" --no-build -nologo -m:1 2>&1 | tee "$log" || status=$?

# Every benchmark runs a few seconds (no targets asserted), so none of them can rot unnoticed.
bench_status=0
run_bench() {
  echo "bench smoke: $*"
  dotnet "bench/$1/bin/$configuration/net10.0/$1.dll" "${@:2}" > "$log.bench" 2>&1 || { bench_status=1; cat "$log.bench"; echo "bench smoke FAILED: $1"; }
}
run_bench ConversionBench --smoke
run_bench SessionBench --smoke
run_bench GuardBench 20
run_bench CatalogBench --smoke
run_bench LoadBench --smoke --out "$log.load.md"
[ -f "$log.load.md" ] && cat "$log.load.md"
run_bench SoakBench --smoke --out "$log.soak.md"
rm -f "$log.bench" "$log.load.md" "$log.soak.md"
[ $bench_status -eq 0 ] || status=1
[ $deploy_status -eq 0 ] || { echo "deploy/k8s check FAILED (output above the .NET tests)"; status=1; }

# One summary line over all test projects.
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
