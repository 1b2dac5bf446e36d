#!/usr/bin/env python3
"""Writes foiclass-demo.txt: the header and the rows of FDA's product
classification file for the product codes models.json uses, byte for byte.
Run from the repository root: python3 demo/data/make_foiclass_demo.py PATH/TO/foiclass.txt"""
import json, sys
src = sys.argv[1]
codes = {m["product_code"] for m in json.load(open("demo/data/models.json")) if m["product_code"]}
with open(src, "rb") as f:
    lines = f.read().split(b"\r\n")
out = [lines[0]] + [l for l in lines[1:] if l.split(b"|")[2:3] and l.split(b"|")[2].decode("latin-1") in codes]
found = {l.split(b"|")[2].decode("latin-1") for l in out[1:]}
missing = codes - found
if missing:
    sys.exit("codes not in the FDA file: " + ", ".join(sorted(missing)))
open("demo/data/foiclass-demo.txt", "wb").write(b"\r\n".join(out) + b"\r\n")
print(len(out) - 1, "rows")
