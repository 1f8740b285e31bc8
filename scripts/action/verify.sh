#!/usr/bin/env bash
# verify.sh ARCHIVE CHECKSUMS: checks ARCHIVE against its line in a
# release's checksums file (sha256sum's format, as goreleaser writes it).
# Fails when the file has no line for the archive, or more than one, or
# the digest differs. Works with sha256sum (Linux, Windows' Git Bash) or
# shasum (macOS). Errors are GitHub workflow commands ("::error::") on
# standard output, where the runner reads them.
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: verify.sh ARCHIVE CHECKSUMS" >&2
  exit 2
fi
archive=$1
checksums=$2
name=$(basename "$archive")

# Lines are "<hex>  <name>", or "<hex> *<name>" for binary mode.
want=$(awk -v n="$name" '$2 == n || $2 == "*" n { print $1 }' "$checksums")
count=$(printf '%s' "$want" | grep -c . || true)
if [ "$count" -ne 1 ]; then
  echo "::error::$(basename "$checksums") has $count lines for $name; expected exactly one"
  exit 1
fi

if command -v sha256sum >/dev/null 2>&1; then
  got=$(sha256sum "$archive" | awk '{ print $1 }')
else
  got=$(shasum -a 256 "$archive" | awk '{ print $1 }')
fi

# Compare in lower case: the format allows either.
if [ "$(printf '%s' "$got" | tr 'A-F' 'a-f')" != "$(printf '%s' "$want" | tr 'A-F' 'a-f')" ]; then
  echo "::error::checksum mismatch for $name: expected $want, got $got"
  exit 1
fi
echo "$name: sha256 $got matches $(basename "$checksums")"
