#!/usr/bin/env bash
# Installs the .deb files into a fresh Debian chroot with apt, as a user
# would (`apt install ./govdoc_*.deb`), and uses them there: the seed is
# converted and the man page shown. Slow (debootstrap downloads a base
# system), so a script, not a test; tests/packaging/deb.sh checks the same
# packages with dpkg-deb in seconds.
#
#   scripts/deb-chroot.sh [PACKAGE_DIR] [SUITE]   (as root; needs debootstrap)
#
# PACKAGE_DIR defaults to build/packages, made with
#   cpack --config build/CPackConfig.cmake -B build/packages
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
pkgs=${1:-$here/build/packages}
suite=${2:-bookworm}
[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap, chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || apt-get install -y debootstrap
ls "$pkgs"/govdoc_*.deb >/dev/null
root=$(mktemp -d /tmp/govdoc-chroot.XXXXXX)
trap 'umount "$root/proc" 2>/dev/null || true; rm -rf "$root"' EXIT
debootstrap --variant=minbase "$suite" "$root" http://deb.debian.org/debian
mount -t proc proc "$root/proc"
mkdir -p "$root/tmp/debs" "$root/tmp/seed"
cp "$pkgs"/*.deb "$root/tmp/debs/"
cp "$here/../shared/seed/fenggang-2023.docx" "$root/tmp/seed/"
chroot "$root" bash -euxc '
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends ./tmp/debs/govdoc_*.deb man-db
    govdoc --version
    govdoc formats
    govdoc convert /tmp/seed/fenggang-2023.docx -o /tmp/seed/out.json
    govdoc validate /tmp/seed/fenggang-2023.docx || true
    MANWIDTH=80 man govdoc | head -20
    apt-get install -y --no-install-recommends ./tmp/debs/govdoc-dev_*.deb build-essential cmake
    cmake -S /usr/share/doc/govdoc-dev/examples/odt -B /tmp/odt
    cmake --build /tmp/odt
    MANWIDTH=80 man 7 govdoc-plugin | head -5
'
echo "== the packages install and work in a fresh $suite chroot"
