#!/usr/bin/env bash
# download.sh: downloads the convergence release archive for this runner's
# OS and architecture, and the release's checksums file, from GitHub
# Releases, into a new directory; then writes their paths as the step
# outputs "archive" and "checksums" (install.sh verifies and unpacks them).
#
# Environment: CONVERGENCE_VERSION (the release tag, e.g. v1.0.0),
# RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP and GITHUB_OUTPUT as GitHub sets them.
# CONVERGENCE_RELEASES_URL replaces the download address, for tests
# (a file:// URL laid out as <url>/<tag>/<file>).
set -euo pipefail

fail() { echo "::error::$*"; exit 1; }

tag=${CONVERGENCE_VERSION:-}
if ! [[ $tag =~ ^v[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]]; then
  fail "version must be a release tag such as v1.0.0, not '$tag'"
fi
# goreleaser names archives with the version without its "v".
version=${tag#v}

case ${RUNNER_OS:-} in
  Linux) os=linux ;;
  macOS) os=darwin ;;
  Windows) os=windows ;;
  *) fail "no convergence release for runner OS '${RUNNER_OS:-}'" ;;
esac
case ${RUNNER_ARCH:-} in
  X64) arch=amd64 ;;
  ARM64) arch=arm64 ;;
  *) fail "no convergence release for runner architecture '${RUNNER_ARCH:-}'" ;;
esac
ext=tar.gz
if [ "$os" = windows ]; then
  ext=zip
fi

# Must match name_template and checksum.name_template in .goreleaser.yaml.
archive="convergence_${version}_${os}_${arch}.${ext}"
checksums="convergence_${version}_checksums.txt"
base=${CONVERGENCE_RELEASES_URL:-https://github.com/convergence-model/convergence/releases/download}

dir=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/convergence.XXXXXX")
for file in "$archive" "$checksums"; do
  echo "Downloading $base/$tag/$file"
  curl --fail --silent --show-error --location --retry 3 \
    --output "$dir/$file" "$base/$tag/$file" ||
    fail "could not download $file of convergence $tag"
done

{
  echo "archive=$dir/$archive"
  echo "checksums=$dir/$checksums"
} >> "$GITHUB_OUTPUT"
