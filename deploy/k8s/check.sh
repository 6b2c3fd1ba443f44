#!/usr/bin/env bash
# Renders every overlay (kubectl kustomize, as an operator would) and validates what it renders: each object against
# the Kubernetes schemas, unknown kinds and fields included, and the platform's own rules (tools/lib/checks.mjs:
# probes on the apps' health paths, references, Orleans labels and ports, security). Run by test.sh, so by CI.
# Needs kubectl (with its built-in kustomize) and Node 20+.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tools="$here/tools"
started=$SECONDS

if [ ! -f "$tools/node_modules/.package-lock.json" ] || [ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ]; then
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
fi
# The validator's own tests first: it must reject what it is there to reject.
(cd "$tools" && node --test validate.test.mjs)

if ! kubectl kustomize --help >/dev/null 2>&1; then
  echo "deploy/k8s: kubectl with kustomize is needed to render the overlays (it comes with the machine image here)." >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
  echo "deploy/k8s: NOT CHECKED (outside CI, carrying on)." >&2
  exit 0
fi
echo "deploy/k8s: rendering with kubectl $(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: /kustomize /p')"

rendered="$(mktemp -d)"
trap 'rm -rf "$rendered"' EXIT
status=0
for overlay in "$here"/overlays/*/; do
  name="$(basename "$overlay")"
  if ! kubectl kustomize "$overlay" > "$rendered/$name.yaml"; then
    echo "overlay $name: does not render" >&2
    status=1
    continue
  fi
  # Secrets an overlay expects to be made outside it (one name a line, # comments), e.g. prod's credentials.
  external=()
  if [ -f "$overlay/external-secrets" ]; then
    while read -r secret; do external+=(--external-secret "$secret"); done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$overlay/external-secrets")
  fi
  node "$tools/validate.mjs" "${external[@]}" "$name=$rendered/$name.yaml" || status=1
done
echo "deploy/k8s: checked in $((SECONDS - started)) s"
exit $status
