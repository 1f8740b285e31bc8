#!/usr/bin/env bash
# install.sh ARCHIVE CHECKSUMS: verifies a convergence release archive
# against the release's checksums file, unpacks it beside the archive and
# puts the binary on PATH for the following steps (GITHUB_PATH).
set -euo pipefail

fail() { echo "::error::$*"; exit 1; }

if [ "$#" -ne 2 ]; then
  echo "usage: install.sh ARCHIVE CHECKSUMS" >&2
  exit 2
fi
archive=$1
checksums=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Nothing is unpacked before it is verified.
bash "$here/verify.sh" "$archive" "$checksums"

bin="$(dirname "$archive")/bin"
mkdir -p "$bin"
case $archive in
  *.tar.gz) tar -xzf "$archive" -C "$bin" ;;
  *.zip) unzip -q -o "$archive" -d "$bin" ;;
  *) fail "unknown archive format: $archive" ;;
esac
exe="$bin/convergence"
if [ -f "$exe.exe" ]; then
  exe="$exe.exe"
fi
[ -f "$exe" ] || fail "$(basename "$archive") has no convergence binary"

"$exe" version
echo "$bin" >> "$GITHUB_PATH"
