# govdoc aggregate over a folder of reports in mixed formats and a batch
# output folder (its manifest): every cell of the CSV, XLSX and JSON Lines
# outputs, the findings, the BOM, --header, --template, exit codes.
F="$GD_SOURCE_DIR/tests/aggregate/fixtures"
E="$GD_SOURCE_DIR/tests/aggregate/expected.json"
CHECK="/usr/bin/python3 $GD_SOURCE_DIR/tests/aggregate/check_aggregate.py"
cd "$GD_TMP"
mkdir -p in src out elsewhere
for f in "$F"/*; do
    case $(basename "$f") in a-2023.docx) cp "$f" src/ ;; *) cp "$f" in/ ;; esac
done
# a batch output folder as `govdoc batch` leaves it: JSON outputs and a
# manifest whose paths are relative to where the batch ran ($GD_TMP)
check_exit "convert to JSON" 0 "$GD_CLI" convert src/a-2023.docx -o out/a-2023.json
cat >out/manifest.jsonl <<'EOF'
{"input": "src/a-2023.docx", "rel": "a-2023.docx", "size": 3119, "sha256": "00", "format": "docx", "status": "ok", "outputs": {"json": "out/a-2023.json"}, "formats": ["json"], "duration_ms": 12, "warnings": 0, "error": null, "exit": 0, "report": {"template": "gov-info-annual-report-2021", "agency": "示范市东湖区人民政府", "year": 2023, "checks_failed": 0}}
{"input": "src/broken.docx", "rel": "broken.docx", "size": 10, "sha256": "00", "format": "docx", "status": "failed", "outputs": {}, "formats": [], "duration_ms": 1, "warnings": 0, "error": "damaged or truncated ZIP archive", "exit": 5, "report": null}
{"summary": {"inputs": 2, "ok": 1, "failed": 1}}
EOF
# the order aggregate reads them in: the folder (sorted), then the manifest
/usr/bin/python3 - "$GD_TMP" >layout.json <<'PY'
import json, os, sys
tmp = sys.argv[1]
names = sorted(os.listdir(os.path.join(tmp, "in")))
inputs = [{"name": n, "file": f"{tmp}/in/{n}", "source": f"{tmp}/in/{n}"}
          for n in names if n not in ("notice.txt", "picture.png")]
inputs.append({"name": "a-2023.docx", "file": f"{tmp}/out/a-2023.json", "source": "src/a-2023.docx"})
print(json.dumps({"inputs": inputs, "problems": [[f"{tmp}/in/notice.txt", "input.not_report"],
                                                  [f"{tmp}/in/picture.png", "input.unreadable"],
                                                  ["src/broken.docx", "input.unreadable"]]}))
PY
cd elsewhere # the manifest's relative paths are found from its own folder too
check_exit "aggregate to CSV" 0 "$GD_CLI" aggregate "$GD_TMP/in" "$GD_TMP/out" -o "$GD_TMP/t.csv" \
    --findings "$GD_TMP/findings.csv" --summary "$GD_TMP/summary.html"
cp "$GD_TMP/last.err" "$GD_TMP/aggregate.err"
check_contains "non-reports counted and listed" "$GD_TMP/aggregate.err" "3 of the inputs gave no report (1 not reports, 2 unreadable)"
check_contains "notice listed" "$GD_TMP/aggregate.err" "in/notice.txt: not a 政府信息公开工作年度报告"
check_contains "batch failure listed" "$GD_TMP/aggregate.err" "src/broken.docx: batch failed: damaged or truncated ZIP archive"
check_contains "totals" "$GD_TMP/aggregate.err" "8 reports of 4 agencies, 2020–2023; 2 duplicates left out"
check_exit "aggregate to XLSX" 0 "$GD_CLI" -q aggregate "$GD_TMP/in" "$GD_TMP/out" -o "$GD_TMP/t.xlsx"
check_exit "aggregate to JSON Lines" 0 "$GD_CLI" aggregate -q "$GD_TMP/in" "$GD_TMP/out" -o "$GD_TMP/t.jsonl"
check_exit "--no-bom" 0 "$GD_CLI" aggregate -q --no-bom "$GD_TMP/in" "$GD_TMP/out" -o "$GD_TMP/nobom.csv"
check_exit "--header labels" 0 "$GD_CLI" aggregate -q --header labels "$GD_TMP/in" "$GD_TMP/out" -o "$GD_TMP/labels.csv"
check_exit "--template 2019" 0 "$GD_CLI" aggregate --template gov-info-annual-report-2019 "$GD_TMP/in" -o "$GD_TMP/t2019.csv"
check_contains "other templates counted" "$GD_TMP/last.err" "8 of other templates left out"
cd "$GD_TMP"
check "every cell" $CHECK "$E" layout.json csv t.csv csv-nobom nobom.csv csv-labels labels.csv \
    xlsx t.xlsx jsonl t.jsonl findings-csv findings.csv summary summary.html
# --template: only the 2019 report, with the 2019 template's columns
/usr/bin/python3 - "$GD_TMP" >layout19.json <<'PY'
import json, sys
tmp = sys.argv[1]
print(json.dumps({"inputs": [{"name": "a-2020.txt", "file": f"{tmp}/in/a-2020.txt",
                              "source": f"{tmp}/in/a-2020.txt"}], "problems": []}))
PY
check "--template: the 2019 report alone" $CHECK "$E" layout19.json csv-2019 t2019.csv

# to stdout; the same bytes as the file
check_exit "-t csv to stdout" 0 "$GD_CLI" aggregate -q -t csv "$GD_TMP/in" "$GD_TMP/out"
check "stdout = file" cmp -s last.out t.csv
# a plain list of files, in any order, gives the same table as the folder
check_exit "files in another order" 0 "$GD_CLI" aggregate -q -o files.csv in/d-2023.html in/c-2023.txt \
    in/b-2022-b.txt in/b-2022-a.docx in/b-2021.txt in/a-2023.html in/a-2022.html in/a-2021.docx in/a-2020.txt \
    out/a-2023.json
check_eq "same rows whatever the input order" \
    "$(cut -d, -f2-10,12- t.csv | sort | md5sum)" "$(cut -d, -f2-10,12- files.csv | sort | md5sum)"

# a real `govdoc batch` run in two shards: the same table as the sources
check_exit "batch shard 1/2" 0 "$GD_CLI" batch -q in -o bout -t json --shard 1/2
check_exit "batch shard 2/2" 0 "$GD_CLI" batch -q in -o bout -t json --shard 2/2
check "two shard manifests" test -s bout/manifest-1-of-2.jsonl -a -s bout/manifest-2-of-2.jsonl
check_exit "aggregate the sources" 0 "$GD_CLI" aggregate -q in -o direct.csv
check_exit "aggregate the batch output" 0 "$GD_CLI" aggregate -q bout -o viabatch.csv
check_eq "same table, but for the file read" "$(cut -d, -f1-10,12- direct.csv | md5sum)" \
    "$(cut -d, -f1-10,12- viabatch.csv | md5sum)"
check "the JSON outputs were read" grep -q "bout/a-2021.json" viabatch.csv
check_exit "merged manifest" 0 "$GD_CLI" batch --merge-manifests bout
check_exit "aggregate after the merge" 0 "$GD_CLI" aggregate -q bout -o merged.csv
check "manifest.jsonl read alone (no record twice)" cmp -s viabatch.csv merged.csv

# after `batch --resume` the last record of an input wins: a failure redone
# successfully is a report, and an input that failed after its change is a
# failure whose old JSON output (still on disk) is not read
mkdir rin
cp in/a-2021.docx rin/a.docx
printf 'not a zip' >rin/b.docx
check_exit "batch: b fails" 11 "$GD_CLI" batch -q rin -o rout -t json
cp in/b-2022-a.docx rin/b.docx
printf 'not a zip' >rin/a.docx
check_exit "batch --resume: b converts, a now fails" 11 "$GD_CLI" batch -q rin -o rout -t json --resume
check "a's old output is still there" test -s rout/a.json
check_exit "aggregate the resumed batch" 0 "$GD_CLI" aggregate rout -o resumed.csv
check_contains "one report, no duplicate" last.err "1 reports of 1 agencies, 2022; 0 duplicates left out"
check_contains "one input without a report" last.err "1 of the inputs gave no report (0 not reports, 1 unreadable)"
check_contains "a's failure listed" last.err "rin/a.docx: batch failed"
check "b's failure not listed" bash -c "! grep -q 'rin/b.docx: batch failed' last.err"
check_eq "one row: b" "rin/b.docx" "$(tail -n +2 resumed.csv | cut -d, -f1)"

# no report at all: exit 2, the table still written (header only)
check_exit "no report" 2 "$GD_CLI" aggregate -o none.csv in/notice.txt
check_eq "header only" 1 "$(wc -l <none.csv)"
# usage errors
check_exit "no output" 3 "$GD_CLI" aggregate in
check_exit "no input" 3 "$GD_CLI" aggregate -o x.csv
check_exit "unknown template" 3 "$GD_CLI" aggregate --template nope -o x.csv in
check_contains "names the known ones" last.err "gov-info-annual-report-2021"
check_exit "unknown output format" 3 "$GD_CLI" aggregate -o x.docx in
check_exit "bad --header" 3 "$GD_CLI" aggregate --header nope -o x.csv in
check_exit "unwritable output" 8 "$GD_CLI" aggregate -q -o /nonexistent/dir/x.csv in
check "no partial output" test ! -e x.csv
