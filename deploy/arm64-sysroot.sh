#!/usr/bin/env bash
# Builds, once, the arm64 sysroot that qemu-aarch64-static needs to run the linux-arm64 build on an
# x86-64 Debian machine: the dynamic loader and the C, C++, gcc and OpenSSL libraries, unpacked from
# Debian's own arm64 packages. Prints the sysroot's path on stdout.
#   deploy/arm64-sysroot.sh [DIR]    DIR defaults to $BODYCAM_ARM64_SYSROOT, else
#                                    /var/cache/bodycam/arm64-sysroot as root, artifacts/arm64-sysroot otherwise
# A finished sysroot carries a stamp file and is reused as it is: no apt at all on later runs.
# apt-get update runs only when the arm64 package lists are missing.
set -euo pipefail

# The .NET runtime's native dependencies: ld.so + libc, libstdc++, libgcc_s, and libssl3 (without
# it SHA-256 and TLS fail). No ICU: the build uses invariant globalization.
PACKAGES=(libc6 libstdc++6 libgcc-s1 libssl3)

repository=$(cd "$(dirname "$0")/.." && pwd)
if [[ $(id -u) -eq 0 ]]; then
  default_sysroot=/var/cache/bodycam/arm64-sysroot
  sudo=""
else
  default_sysroot="$repository/artifacts/arm64-sysroot"
  sudo="sudo"
fi
sysroot="${1:-${BODYCAM_ARM64_SYSROOT:-$default_sysroot}}"
stamp="$sysroot/.bodycam-sysroot"

if [[ -f "$stamp" ]]; then
  echo "$sysroot"
  exit 0
fi

echo "building the arm64 sysroot in $sysroot (${PACKAGES[*]})" >&2
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $sudo dpkg --add-architecture arm64
fi
if ! apt-cache show libc6:arm64 >/dev/null 2>&1; then
  $sudo apt-get update -qq
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# apt-get download as root warns that its sandbox user cannot write the folder; let it.
chmod 0777 "$work"
(cd "$work" && apt-get download -qq "${PACKAGES[@]/%/:arm64}")

partial="$sysroot.partial"
rm -rf "$partial"
mkdir -p "$partial"
for deb in "$work"/*.deb; do
  dpkg -x "$deb" "$partial"
done
if [[ ! -e "$partial/lib/ld-linux-aarch64.so.1" ]]; then
  echo "the arm64 packages did not provide lib/ld-linux-aarch64.so.1" >&2
  exit 1
fi
(cd "$work" && ls -1 ./*.deb | sed 's|^\./||') >"$partial/.bodycam-sysroot"
rm -rf "$sysroot"
mv "$partial" "$sysroot"
echo "$sysroot"
