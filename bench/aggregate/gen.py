#!/usr/bin/python3
"""Writes N distinct reports (N/4 agencies × 4 years, TXT/HTML/DOCX in turn,
real non-zero numbers) into DIR, with the fixture generators of
tests/aggregate/make_fixtures.py.    gen.py DIR N"""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "agg_fixtures", os.path.join(HERE, "..", "..", "tests", "aggregate", "make_fixtures.py"))
mf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mf)


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    t21 = mf.rf.template(2021)
    kinds = [("txt-flat", "txt"), ("html", "html"), ("docx", "docx"), ("txt-pdftotext", "txt")]
    for i in range(n):
        agency = f"示范市第{i // 4 + 1}区人民政府"
        year = 2020 + i % 4
        v = mf.values(2021, i, [i % 3, 1, 0, 0, 0, 0])
        kind, ext = kinds[i % len(kinds)]
        data = mf.render(kind, t21, v, agency, year)
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(os.path.join(out, f"r{i:05d}.{ext}"), mode,
                  **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
            f.write(data)


if __name__ == "__main__":
    main()
