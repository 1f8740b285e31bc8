#!/usr/bin/env bash
# check-release.sh: checks what "goreleaser release --snapshot" left in
# dist/, the way a user of the release and of the GitHub Action meets it:
#   - the six archives and the checksums file have the names that
#     scripts/action/download.sh asks for, every checksum matches, and
#     each archive passes the action's own check (scripts/action/verify.sh);
#   - every archive holds the binary, README.md and LICENSE;
#   - the linux/amd64 archive, downloaded and installed by the action's own
#     scripts (from a file:// copy of the release), runs, and its version,
#     commit and date are the ones stamped by the build.
# Needs jq, tar, unzip, curl and sha256sum; runs on linux/amd64.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "check-release: $*" >&2; exit 1; }

[ -f dist/metadata.json ] || fail "no dist/metadata.json: run goreleaser first"
version=$(jq -r .version dist/metadata.json)
want_commit=$(jq -r .commit dist/metadata.json)
[ "$want_commit" = "$(git rev-parse HEAD)" ] ||
  fail "goreleaser saw commit '$want_commit', not HEAD $(git rev-parse HEAD)"
checksums="convergence_${version}_checksums.txt"

# Names, checksums and contents of all six archives.
(cd dist && sha256sum --check --strict --quiet "$checksums") || fail "$checksums does not match dist/"
for os in linux darwin windows; do
  for arch in amd64 arm64; do
    if [ "$os" = windows ]; then
      archive="convergence_${version}_${os}_${arch}.zip"
      files=$(unzip -Z1 "dist/$archive" | sort | tr '\n' ' ')
      want="LICENSE README.md convergence.exe "
    else
      archive="convergence_${version}_${os}_${arch}.tar.gz"
      files=$(tar -tzf "dist/$archive" | sort | tr '\n' ' ')
      want="LICENSE README.md convergence "
    fi
    # Exactly one line of the checksums file, matching: as the action
    # checks an archive before it installs it.
    verified=$(bash scripts/action/verify.sh "dist/$archive" "dist/$checksums") || fail "$verified"
    [ "$files" = "$want" ] || fail "$archive holds '$files', want '$want'"
    echo "ok  $archive: $files"
  done
done

# Install the linux/amd64 archive as the action does, from a copy of the
# release laid out as on GitHub Releases.
if [ "$(uname -s)/$(uname -m)" != Linux/x86_64 ]; then
  fail "the installed binary is checked on linux/amd64 only, not $(uname -s)/$(uname -m)"
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
tag="v$version"
mkdir -p "$scratch/releases/$tag" "$scratch/runner"
cp "dist/convergence_${version}_linux_amd64.tar.gz" "dist/$checksums" "$scratch/releases/$tag/"
export GITHUB_OUTPUT="$scratch/output" GITHUB_PATH="$scratch/path"
CONVERGENCE_VERSION=$tag RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$scratch/runner" \
  CONVERGENCE_RELEASES_URL="file://$scratch/releases" bash scripts/action/download.sh
bash scripts/action/install.sh "$(sed -n 's/^archive=//p' "$GITHUB_OUTPUT")" \
  "$(sed -n 's/^checksums=//p' "$GITHUB_OUTPUT")"
bin="$(cat "$GITHUB_PATH")/convergence"

"$bin" --version
doc=$("$bin" version --format json)
echo "$doc"
field() { jq -r ".$1" <<< "$doc"; }
[ "$(field version)" = "$version" ] || fail "version is '$(field version)', want '$version'"
[ "$(field commit)" = "$want_commit" ] || fail "commit is '$(field commit)', want '$want_commit'"
# goreleaser's {{.Date}} is RFC 3339 in UTC.
[[ $(field date) =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]] ||
  fail "date is '$(field date)', not an RFC 3339 time"
[ "$(field platform)" = linux/amd64 ] || fail "platform is '$(field platform)'"
[ "$(field 'questionnaires | length')" -ge 1 ] || fail "no questionnaires listed"
line=$("$bin" version)
[ "$line" = "$("$bin" --version)" ] || fail "version and --version differ"
[[ $line == "convergence $version (commit ${want_commit:0:12}, "* ]] || fail "version prints '$line'"
echo "check-release: dist/ is a good release of $version (commit $want_commit)"
