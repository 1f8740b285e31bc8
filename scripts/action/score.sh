#!/usr/bin/env bash
# score.sh: the action's scoring step. Scores the answers file with
# convergence (on PATH), appends the Markdown report to the job summary,
# writes the step outputs level, index, provisional and regressed, and
# then fails on a failed gate: exit status 3 for a regression (with a
# baseline and fail-on-regression) or a level below min-level, 2 for bad
# input.
#
# Environment (the action's inputs): INPUT_ANSWERS (required),
# INPUT_BASELINE, INPUT_MIN_LEVEL, INPUT_FAIL_ON_REGRESSION (true or false;
# only used with a baseline), INPUT_SAVE; and GITHUB_STEP_SUMMARY and
# GITHUB_OUTPUT as GitHub sets them. Needs jq.
set -euo pipefail

fail() { echo "::error::$*"; exit 1; }

answers=${INPUT_ANSWERS:-}
baseline=${INPUT_BASELINE:-}
min_level=${INPUT_MIN_LEVEL:-}
fail_on_regression=${INPUT_FAIL_ON_REGRESSION:-true}
save=${INPUT_SAVE:-convergence-result.json}

[ -n "$answers" ] || fail "the answers input is required"
[ -n "$save" ] || fail "the save input must name a file"
case $fail_on_regression in
  true | false) ;;
  *) fail "fail-on-regression must be true or false, not '$fail_on_regression'" ;;
esac
command -v jq >/dev/null 2>&1 || fail "jq is needed to read the result"

args=(score --answers "$answers" --format markdown --save "$save" --force)
if [ -n "$baseline" ]; then
  args+=(--baseline "$baseline")
  if [ "$fail_on_regression" = true ]; then
    args+=(--fail-on-regression)
  fi
fi
if [ -n "$min_level" ]; then
  args+=(--min-level "$min_level")
fi

report=$(mktemp)
trap 'rm -f "$report"' EXIT
status=0
convergence "${args[@]}" > "$report" || status=$?

# 0: scored; 3: scored, but a gate failed. Anything else (2: bad input or
# flag, 1: cannot write) left no result to read.
if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
  {
    echo "## Convergence: not scored"
    echo
    echo "\`convergence score\` failed with exit status $status; the job log says why."
  } >> "$GITHUB_STEP_SUMMARY"
  echo "::error::convergence score failed with exit status $status"
  exit "$status"
fi

cat "$report" >> "$GITHUB_STEP_SUMMARY"

level=$(jq -r '.overall.level' "$save")
index=$(jq -r '.overall.index' "$save")
provisional=$(jq -r '.overall.provisional // false' "$save")

# Exit status 3 is also a failed --min-level, which is checked first; so
# whether a level went down is asked on its own: the same scoring against
# the baseline, with --fail-on-regression and no other gate.
regressed=false
if [ -n "$baseline" ]; then
  rstatus=0
  convergence score --answers "$answers" --baseline "$baseline" --fail-on-regression \
    --format json > /dev/null 2>&1 || rstatus=$?
  case $rstatus in
    0) ;;
    3) regressed=true ;;
    *) fail "could not compare with the baseline (exit status $rstatus)" ;;
  esac
fi

{
  echo "level=$level"
  echo "index=$index"
  echo "provisional=$provisional"
  echo "regressed=$regressed"
} >> "$GITHUB_OUTPUT"
echo "Level $level, index $index, provisional $provisional, regressed $regressed"

if [ "$status" -eq 3 ]; then
  if [ "$regressed" = true ] && [ "$fail_on_regression" = true ]; then
    echo "::error::a convergence level went down since the baseline $baseline"
  fi
  if [ -n "$min_level" ] && [ "$level" -lt "$min_level" ]; then
    echo "::error::convergence Level $level is below min-level $min_level"
  fi
fi
exit "$status"
