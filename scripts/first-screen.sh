#!/usr/bin/env bash
# Measures how long `convergence assess` takes to show its first screen:
# the built binary is started in a pseudo-terminal that answers no queries,
# and the clock stops when the welcome title is on the emulated screen.
# `convergence version` is measured the same way as the floor. The target
# is under 50 ms (docs/performance.md); read ms-median and ms-p90.
#
#   scripts/first-screen.sh            # 50 starts of each
#   scripts/first-screen.sh 200x       # more starts
set -euo pipefail
cd "$(dirname "$0")/.."
go test -run '^$' -bench '^BenchmarkFirstScreen$' -benchtime "${1:-50x}" ./cmd/convergence
