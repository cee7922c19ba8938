#!/usr/bin/env bash
# Peak memory per input byte, per reader: documents of one shape at three
# sizes, each converted to HTML and to JSON by `govdoc convert`; the peak
# RSS (/usr/bin/time) and what the memory budget counted (memprobe) are
# fitted to RSS = a × input + b. Shapes: "typical" is the seed report
# repeated (prose, headings and its tables; for .txt its Tika-flattened
# tables), "lines" a paragraph per short line (the worst shape per byte: a
# node for every few bytes).
#
#   bench/memory/run.sh [BUILD_DIR] [SIZES_MB...]    (default build, 2 8 32)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2 8 32)
seed=$(cd "$root/.." && pwd)/shared/seed
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/memprobe" "$here/memprobe.c" -I"$root/core/include" -I"$root/plugin-sdk/include" \
    -L"$build/lib" -lgovdoc -Wl,-rpath,"$build/lib"
export GOVDOC_PLUGIN_PATH=$build/lib/govdoc/plugins
cli=$build/bin/govdoc

python3 - "$seed" "$tmp" "${sizes[@]}" <<'PY'
import io, os, re, sys, zipfile
seed, out, sizes = sys.argv[1], sys.argv[2], [int(x) for x in sys.argv[3:]]
txt = open(os.path.join(seed, 'fenggang-2023.txt'), 'rb').read()
html = open(os.path.join(seed, 'fenggang-2023.html'), 'rb').read()
m = re.search(rb'<body[^>]*>(.*)</body>', html, re.S)
head, body = html[:m.start(1)], m.group(1)
z = zipfile.ZipFile(os.path.join(seed, 'fenggang-2023.docx'))
docxml = z.read('word/document.xml')
b0, b1 = docxml.index(b'<w:body>') + 8, docxml.rindex(b'<w:sectPr')
line = '一行短短的文字。\n'.encode()
for mb in sizes:
    n = mb << 20
    def rep(unit, n):
        return unit * max(1, n // len(unit))
    open(os.path.join(out, 'typical-%d.txt' % mb), 'wb').write(rep(txt + b'\n', n))
    open(os.path.join(out, 'lines-%d.txt' % mb), 'wb').write(rep(line, n))
    open(os.path.join(out, 'typical-%d.html' % mb), 'wb').write(head + rep(body, n) + b'</body></html>')
    open(os.path.join(out, 'lines-%d.html' % mb), 'wb').write(b'<html><body>' + rep(b'<p>' + line.strip() + b'</p>\n', n) + b'</body></html>')
    # .docx: the seed's body repeated, and one paragraph per short line;
    # sized by the XML (what the reader parses), not by the ZIP
    for shape, unit in (('typical', docxml[b0:b1]),
                        ('lines', '<w:p><w:r><w:t>一行短短的文字。</w:t></w:r></w:p>'.encode())):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as o:
            for item in z.infolist():
                data = z.read(item.filename)
                if item.filename == 'word/document.xml':
                    data = docxml[:b0] + rep(unit, n) + docxml[b1:]
                o.writestr(item.filename, data)  # (writestr(item) would move item's offset)
        open(os.path.join(out, '%s-%d.docx' % (shape, mb)), 'wb').write(buf.getvalue())
PY

printf '%-22s %-5s %10s %10s %10s %10s\n' file to input_MB rss_MB budget_MB seconds
for f in "$tmp"/*-*.*; do
    base=$(basename "$f")
    for to in html json; do
        /usr/bin/time -f '%M %e' -o "$tmp/t" "$cli" convert -q --max-memory 4096 "$f" \
            -o "$tmp/out.$to" 2>/dev/null || { echo "$base -> $to failed"; continue; }
        read -r rss secs <"$tmp/t"
        probe=$("$tmp/memprobe" "$f" "$to" 4096 | grep -o 'write_peak=[0-9]*' | cut -d= -f2 || true)
        in=$(stat -c %s "$f")
        # for .docx the size that counts is the XML the reader parses
        [[ $base == *.docx ]] && in=$(python3 -c \
            'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo("word/document.xml").file_size)' "$f")
        awk -v f="$base" -v t="$to" -v i="$in" -v r="$rss" -v p="${probe:-0}" -v s="$secs" \
            'BEGIN { printf "%-22s %-5s %10.1f %10.1f %10.1f %10s\n", f, t, i / 1048576, r / 1024, p / 1048576, s }'
    done
done | sort -t- -k1,1 -k3,3 | tee "$tmp/results"

echo
echo "fits (RSS = a × input + b, least squares over the sizes):"
python3 - "$tmp/results" <<'PY'
import sys, collections
rows = collections.defaultdict(list)
for l in open(sys.argv[1]):
    f = l.split()
    if len(f) < 6: continue
    shape, ext = f[0].split('-')[0], f[0].rsplit('.', 1)[1]
    rows[(ext, shape, f[1])].append((float(f[2]), float(f[3])))
for (ext, shape, to), pts in sorted(rows.items()):
    n = len(pts)
    if n < 2: continue
    mx = sum(x for x, _ in pts) / n; my = sum(y for _, y in pts) / n
    a = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
    b = my - a * mx
    print('%-5s %-8s -> %-5s RSS = %5.1f × input + %5.1f MB' % (ext, shape, to, a, b))
PY
