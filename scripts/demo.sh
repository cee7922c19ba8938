#!/usr/bin/env bash
# Installs what govdoc needs (Debian, as root), builds it, and converts
# every file in samples/ into out/ in every output format available.
source "$(dirname "$0")/lib.sh"
gd_install_deps
gd_build "$GD_ROOT/build"
gd="$GD_ROOT/build/bin/govdoc"
out="$GD_ROOT/out"
mkdir -p "$out"
writers=$("$gd" formats --writers)
status=0
for f in "$GD_ROOT"/samples/*.*; do
    case "$f" in *.md) continue ;; esac
    name=$(basename "$f")
    for w in $writers; do
        if "$gd" convert -q "$f" -t "$w" -o "$out/$name.$w"; then
            echo "  $name -> out/$name.$w"
        else
            status=1
        fi
    done
done
echo "Outputs are in $out"
exit $status
