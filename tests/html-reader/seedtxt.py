#!/usr/bin/env python3
"""Prints the non-table paragraphs of the seed's flattened text (TEMPLATE.md
§5): table regions start at a line beginning with a TAB and end at two blank
lines; Tika's "[bookmark: _GoBack]" is dropped."""
import sys

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
in_table = False
blank = 0
for line in lines:
    line = line.rstrip("\r").replace("[bookmark: _GoBack]", "")
    if line.startswith("\t"):
        in_table = True
        blank = 0
        continue
    if not line.strip():
        blank += 1
        if blank >= 2:
            in_table = False
        continue
    blank = 0
    if not in_table:
        print(line.strip())
