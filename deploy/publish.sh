#!/usr/bin/env bash
# Publishes the device executable (bodycam) self-contained for one runtime and packs the release
# tarball the install script runs from.
#   deploy/publish.sh [RID]    RID defaults to linux-arm64 (64-bit Raspberry Pi OS)
# Writes artifacts/publish/<rid>/ (the publish output) and artifacts/bodycam-<rid>.tar.gz, which
# unpacks to bodycam-<rid>/ with app/ (that output), install.sh, bodycam.service, bodycam.json
# (the default configuration) and INSTALL.md. Set BODYCAM_PUBLISH_TRIMMED=false|true to override
# the trimming choice below (for measuring sizes).
set -euo pipefail
cd "$(dirname "$0")/.."

rid="${1:-linux-arm64}"
project=firmware/BodyCamDevice.Device/BodyCamDevice.Device.csproj
output="artifacts/publish/$rid"
package_name="bodycam-$rid"
staging="artifacts/package/$package_name"
tarball="artifacts/$package_name.tar.gz"

# Trimmed, warning-free (docs/install.md, "Size and trimming"): the JSON is source-generated and
# the two package warnings are suppressed with their reasons in Trimming.Suppressions.xml.
# Invariant globalization is on for every project (Directory.Build.props), so no ICU either.
trimmed="${BODYCAM_PUBLISH_TRIMMED:-true}"

rm -rf "$output" "$tarball"
dotnet publish "$project" -c Release -r "$rid" --self-contained \
  -p:PublishTrimmed="$trimmed" -o "$output" -v quiet -nologo

rm -rf "$staging"
mkdir -p "$staging"
cp -R "$output" "$staging/app"
cp deploy/install.sh deploy/bodycam.service deploy/bodycam.json "$staging/"
cp docs/install.md "$staging/INSTALL.md"
chmod 0755 "$staging/install.sh" "$staging/app/bodycam"
tar --create --gzip --file "$tarball" --owner=0 --group=0 --numeric-owner --sort=name \
  -C artifacts/package "$package_name"

echo "published $rid: $output ($(du -sh "$output" | cut -f1)), $tarball ($(du -h "$tarball" | cut -f1))"
