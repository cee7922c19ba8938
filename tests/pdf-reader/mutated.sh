# Mutated PDFs (a fixed set: the same seed every run): no crash, clear
# errors, no hang.
here=$(dirname "${BASH_SOURCE[0]}")
F="$here/fixtures"
check "mutated PDFs (see FAIL lines above)" \
    python3 "$here/sweep.py" "$GD_CLI" "$GD_TMP" 120 mutate 120 \
    "$F/seed-govdoc.pdf" "$F/seed-libreoffice.pdf" "$F/two-column.pdf" "$F/owner-password.pdf"
