#!/usr/bin/env bash
# lint-workflows.sh: lints with actionlint every GitHub Actions workflow this
# repository shows: docs/examples/*.yml and the workflow blocks of
# README.md (scripts/readme-workflows.sh finds them). They are copied into
# a scratch project beside a copy of action.yml, with
# "uses: convergence-model/convergence@..." turned into "uses: ./", so
# actionlint also checks every use of the action against its inputs
# (unknown or missing required inputs) in action.yml. The run: scripts
# are checked by shellcheck too, which actionlint calls when it is on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

actionlint=(go run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12)
if ! command -v shellcheck >/dev/null 2>&1; then
  echo "shellcheck is not on PATH: actionlint would skip the run: scripts" >&2
  exit 1
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/.github/workflows" "$scratch/readme"
git init -q "$scratch" # actionlint looks for the project by its .git
cp action.yml "$scratch/"

copy() { # copy SOURCE NAME LABEL
  sed -E 's#uses:([[:space:]]+)convergence-model/convergence@[^[:space:]]+#uses:\1./#' "$1" \
    > "$scratch/.github/workflows/$2"
  echo "$3 -> .github/workflows/$2"
}

count=0
for f in docs/examples/*.yml; do
  copy "$f" "example-$(basename "$f")" "$f"
  count=$((count + 1))
done
while IFS= read -r f; do
  copy "$f" "README-line-$(basename "$f")" "README.md, the block at line $(basename "$f" .yml)"
  count=$((count + 1))
done < <(bash scripts/readme-workflows.sh README.md "$scratch/readme")

if [ "$count" -lt 2 ]; then
  echo "expected the example workflow and at least one README workflow; found $count" >&2
  exit 1
fi
(cd "$scratch" && "${actionlint[@]}")
echo "actionlint: $count workflows clean"
