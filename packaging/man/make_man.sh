#!/bin/sh
# make_man.sh GOVDOC TEMPLATE OUT VERSION
# govdoc(1) from the command's own help, so that the page cannot drift from
# it: the synopsis is `govdoc --help`'s usage lines, each command gets a
# section with its usage and its help (its own `govdoc CMD --help` when it
# has one, else its paragraph of the main help), and OPTIONS is the main
# help verbatim. The template holds what help does not: description,
# environment, files, examples.
set -eu
G=$1
T=$2
O=$3
V=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# roff-safe text: backslashes, leading dots and quotes, minus signs
esc() {
    sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}

"$G" --help >"$tmp/help"
# the usage block: up to the first empty line
awk 'NF == 0 { exit } { sub(/^usage: /, ""); sub(/^ +/, ""); print }' "$tmp/help" >"$tmp/usage"
{
    echo ".nf"
    esc <"$tmp/usage"
    echo ".fi"
} >"$tmp/synopsis"

: >"$tmp/commands"
awk '{ print $2 }' "$tmp/usage" | grep -v '^-' | awk '!seen[$0]++' >"$tmp/cmds"
while read -r cmd; do
    {
        echo ".SS \"govdoc $cmd\""
        echo ".nf"
        grep "^govdoc $cmd " "$tmp/usage" | esc
        echo ".fi"
        echo ".PP"
        echo ".nf"
        if "$G" "$cmd" --help >"$tmp/own" 2>/dev/null && ! cmp -s "$tmp/own" "$tmp/help"; then
            esc <"$tmp/own"
        else
            # its paragraph in the main help ("convert options:", "validate: ...")
            awk -v c="$cmd" '
                $0 ~ "^" c "( options)?:" { on = 1; print; next }
                on && /^[^ ]/ { on = 0 }
                on { print }' "$tmp/help" | esc
        fi
        echo ".fi"
    } >>"$tmp/commands"
done <"$tmp/cmds"

{
    echo ".nf"
    esc <"$tmp/help"
    echo ".fi"
} >"$tmp/options"

awk -v v="$V" -v syn="$tmp/synopsis" -v cmds="$tmp/commands" -v opts="$tmp/options" '
    function cat(f,   l) { while ((getline l < f) > 0) print l; close(f) }
    /^@SYNOPSIS@$/ { cat(syn); next }
    /^@COMMANDS@$/ { cat(cmds); next }
    /^@HELP@$/ { cat(opts); next }
    { gsub(/@VERSION@/, v); print }' "$T" >"$O.tmp"
mv "$O.tmp" "$O"
