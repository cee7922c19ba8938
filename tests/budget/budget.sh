# --max-memory: the budget of each conversion, in MB. Past it: exit 7, one
# line naming the file and the limit, no output, no temporary file. A
# plugin's allocations through the host (gd_mem_alloc) count, in reading and
# in writing.
HOG=$1
cd "$GD_TMP" || exit 1

check_exit "--max-memory 0 is a usage error" 3 "$GD_CLI" convert --max-memory 0 x.txt -o x.json
check_exit "--max-memory abc is a usage error" 3 "$GD_CLI" convert --max-memory abc x.txt -o x.json
check_contains "usage names the flag" last.err "--max-memory expects a number of megabytes"
check_exit "--help lists --max-memory" 0 "$GD_CLI" --help
check_contains "--help lists --max-memory" last.out "--max-memory MB"

# 8 MB of short lines: fine with the default budget, too much for 4 MB
python3 -c 'import sys; sys.stdout.write("一行文字 line\n" * 500000)' >lines.txt
check_exit "default budget converts" 0 "$GD_CLI" convert lines.txt -o lines.json
check "output written" test -s lines.json
check_exit "4 MB budget: limit exceeded" 7 "$GD_CLI" convert --max-memory 4 lines.txt -o small.json
check_contains "the error names the file" last.err "lines.txt: limit exceeded"
check_contains "the error names the limit" last.err "memory budget of 4 MB (--max-memory)"
check_eq "one error line" 1 "$(wc -l <last.err)"
check "no output" test ! -e small.json
check_eq "no temporary file" "" "$(ls | grep 'small.json.tmp' || true)"
# a file bigger than the budget is refused before it is read
check_exit "input over the budget" 7 "$GD_CLI" convert --max-memory 1 lines.txt -o small.json
check_contains "refused up front" last.err "cannot be converted within the memory budget of 1 MB"
# stdout: nothing at all on failure
check_exit "to stdout over budget" 7 "$GD_CLI" convert --max-memory 4 lines.txt -t json -o -
check_eq "nothing on stdout" 0 "$(wc -c <last.out)"

# a plugin that allocates through the host: reader and writer are charged
printf '40 0' >read.hog
printf '0 40' >write.hog
printf '5 5' >small.hog
check_exit "hog reader within 100 MB" 0 "$GD_CLI" --plugin "$HOG" convert --max-memory 100 \
    read.hog -o r.json
check_exit "hog reader over 20 MB" 7 "$GD_CLI" --plugin "$HOG" convert --max-memory 20 \
    read.hog -o r2.json
check_contains "reader: the core's message, not the plugin's" last.err \
    "read.hog: limit exceeded: the conversion needs more than its memory budget of 20 MB"
check "reader: no output" test ! -e r2.json
check_exit "hog writer within 100 MB" 0 "$GD_CLI" --plugin "$HOG" convert --max-memory 100 \
    write.hog -t hog -o w.out
check_exit "hog writer over 20 MB" 7 "$GD_CLI" --plugin "$HOG" convert --max-memory 20 \
    write.hog -t hog -o w2.out
check_contains "writer: names the input and the limit" last.err \
    "write.hog: limit exceeded: the conversion needs more than its memory budget of 20 MB"
check "writer: no output" test ! -e w2.out
check_eq "writer: no temporary file" "" "$(ls | grep 'w2.out.tmp' || true)"
# one budget per conversion: in a batch each input gets the whole of it
mkdir -p outdir
check_exit "batch of hogs, each within the budget" 0 "$GD_CLI" --plugin "$HOG" convert \
    --max-memory 20 -d outdir -t hog small.hog small.hog small.hog
