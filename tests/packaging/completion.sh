# Bash completion: commands, options, formats and -O option names, taken
# from the govdoc being completed.
bindir="$GD_TMP/bin"
mkdir -p "$bindir"
ln -s "$GD_CLI" "$bindir/govdoc"
comp() { # comp WORD... : the completions of the last word
    PATH="$bindir:$PATH" bash -c '
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _govdoc
        printf "%s\n" "${COMPREPLY[@]}"' _ "$GD_SOURCE_DIR/packaging/completion/govdoc" "$@" |
        sort
}
all=$(comp govdoc "")
for c in $("$GD_CLI" --help | sed -nE 's/^(usage:)? +govdoc ([a-z][a-z-]*).*/\2/p' | sort -u); do
    check "command $c offered" grep -qx "$c" <<<"$all"
done
check_eq "a command by prefix" "plugin-info" "$(comp govdoc plug)"
check_eq "readers after -f" "$("$GD_CLI" formats --readers | sort)" "$(comp govdoc convert -f "")"
check_eq "writers after -t" "$("$GD_CLI" formats --writers | sort)" "$(comp govdoc convert -t "")"
check_eq "a writer by prefix" "pdf" "$(comp govdoc convert --to pd)"
check_eq "batch: a list of writers" "json,pdf" "$(comp govdoc batch -t json,pd)"
check "-O names" grep -qx "docx.track-changes=" <<<"$(comp govdoc convert -O docx.)"
check "-O names of every plugin" grep -qx "pdf.page-size=" <<<"$(comp govdoc convert -O "")"
check_eq "-O enum values" "$(printf '%s\n' accept all reject)" "$(comp govdoc convert -O docx.track-changes = "")"
check_eq "-O enum value by prefix" "reject" "$(comp govdoc convert -O docx.track-changes = re)"
check_eq "-O bool values" "$(printf '%s\n' false true)" "$(comp govdoc convert -O docx.detect-title =)"
check "convert options from its help" grep -qx -- "--no-report" <<<"$(comp govdoc convert --n)"
check "batch options from its own help" grep -qx -- "--resume" <<<"$(comp govdoc batch --re)"
check "formats options" grep -qx -- "--json" <<<"$(comp govdoc formats --j)"
check "global options" grep -qx -- "--plugin" <<<"$(comp govdoc --pl)"
check_eq "the command after a global option" "formats" "$(comp govdoc --plugin x.so form)"
touch "$GD_TMP/a.docx" "$GD_TMP/plug.so"
check "files as inputs" grep -qx "$GD_TMP/a.docx" <<<"$(comp govdoc convert "$GD_TMP/a")"
check_eq "plugin files for plugin-info" "$GD_TMP/plug.so" "$(comp govdoc plugin-info "$GD_TMP/plu")"
