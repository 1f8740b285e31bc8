#!/usr/bin/env bash
# readme-workflows.sh MARKDOWN OUTDIR: writes every fenced ```yaml (or yml)
# block of MARKDOWN that is a GitHub Actions workflow, one with top-level
# "on:" and "jobs:" keys, to OUTDIR as <line>.yml (the line of its opening
# fence, so actionlint's messages lead back to it) and prints the paths.
# Fences may be indented (in a list) and use ``` or ~~~; the indentation
# is taken off the block's lines. .ci/run lints what it writes with
# actionlint, so the workflows the README shows stay valid.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: readme-workflows.sh MARKDOWN OUTDIR" >&2
  exit 2
fi
markdown=$1
outdir=$2
mkdir -p "$outdir"

# POSIX awk only (mawk on Debian, BSD awk on macOS).
awk -v outdir="$outdir" '
function is_workflow(text) {
  return text ~ /(^|\n)["\047]?on["\047]?:/ && text ~ /(^|\n)jobs:/
}
!open && match($0, /^ *(```+|~~~+)[ \t]*(yaml|yml)([ \t{].*)?$/) {
  line = $0
  indent = 0
  while (substr(line, indent + 1, 1) == " ") indent++
  rest = substr(line, indent + 1)
  fchar = substr(rest, 1, 1)
  flen = 0
  while (substr(rest, flen + 1, 1) == fchar) flen++
  open = 1; start = NR; body = ""
  next
}
open {
  line = $0
  # Take off up to the fence'"'"'s indentation.
  n = 0
  while (n < indent && substr(line, n + 1, 1) == " ") n++
  line = substr(line, n + 1)
  # A closing fence: the same character, at least as many, nothing after.
  c = 0
  while (substr(line, c + 1, 1) == fchar) c++
  if (c >= flen && line ~ /^(```+|~~~+)[ \t]*$/) {
    open = 0
    if (is_workflow(body)) {
      file = outdir "/" start ".yml"
      printf "%s", body > file
      close(file)
      print file
    }
    next
  }
  body = body line "\n"
}
' "$markdown"
