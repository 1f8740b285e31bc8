#!/usr/bin/env bash
# Times whole commands side by side, as docs/performance.md states the targets:
#   - `score --format json` within 1.3x `version` and 2.5x a Go hello world;
#   - a workshop of 10,000 result files under 1.5 s wall and 150 MiB peak.
# Needs hyperfine (apt-get install hyperfine) and GNU time (/usr/bin/time).
# Run it on an idle machine: other load makes every figure worse.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building into $work"
go build -o "$work/convergence" ./cmd/convergence
mkdir -p "$work/hello"
cat > "$work/hello/main.go" <<'GO'
package main

import "fmt"

func main() { fmt.Println("hello") }
GO
(cd "$work/hello" && go mod init hello >/dev/null 2>&1 && go build -o "$work/hello-world" .)

echo
echo "== start-up: score vs version vs hello world"
hyperfine --warmup 5 --runs 50 -N \
  "$work/hello-world" \
  "$work/convergence version" \
  "$work/convergence score --answers testdata/answers/example.yaml --format json" \
  --export-markdown "$work/startup.md"
cat "$work/startup.md"

n=${N:-10000}
echo
echo "== workshop of $n result files"
go run ./scripts/genresults -n "$n" -o "$work/results"
hyperfine --warmup 1 --runs 5 -N "$work/convergence report $work/results --format json -o $work/w.json"
/usr/bin/time -f "peak memory: %M KiB, wall: %e s" "$work/convergence" report "$work/results" --format json -o "$work/w.json"
