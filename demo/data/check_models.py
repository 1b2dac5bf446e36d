#!/usr/bin/env python3
"""Check demo/data/models.json, the model catalog `ward demo` draws from.

Standard library only; not part of the Go build.

    python3 demo/data/check_models.py                 # checks, FDA code table, counts
    python3 demo/data/check_models.py --ranges        # also: advisory leaves vs. versions
    python3 demo/data/check_models.py --strict        # warnings fail the run too

Errors (exit status 1): invalid JSON, a missing or mistyped key, a manufacturer
or device type outside the canonical lists, a duplicate (manufacturer, name), a
product code absent from the FDA classification file, an unknown advisory id,
an advisory product with fewer than two versions, a non-positive weight, an
implausible price or service life, a malformed date or enum value.

Warnings: an advisory whose product tree shares no name with the model (the
link cannot be traced), an advisory product that seems to name a catalog model
that does not list it, version lists whose versions all fall on one side of a
parsed advisory range, and similar things a reviewer should look at.
"""

import argparse
import collections
import csv
import glob
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_MODELS = os.path.join(HERE, "models.json")
DEFAULT_FDA = "/work/shared/data/fda-classification/foiclass.txt"
DEFAULT_CSAF = "/work/shared/data/cisa-csaf/csaf_files/OT/white"

MANUFACTURERS = [
    "Abbott", "AliveCor", "B. Braun", "Baxter", "BD", "BIOTRONIK", "BMC Medical",
    "BPL Medical Technologies", "BeaconMedaes", "Boston Scientific", "Carestream",
    "Change Healthcare", "Contec Health", "Dräger", "Fresenius Kabi", "Fujifilm",
    "GE HealthCare", "Hamilton Medical", "ICU Medical", "Illumina", "Insulet",
    "Johnson & Johnson", "Medtronic", "Natus Medical", "Philips", "Roche",
    "Siemens Healthineers", "Spacelabs Healthcare", "Stryker", "Swisslog Healthcare",
    "Vyaire Medical", "ZOLL", "Mindray", "Nihon Kohden", "Masimo", "Getinge",
    "Canon Medical Systems", "Hologic", "Olympus", "Karl Storz", "Steris",
    "Cardinal Health", "Omnicell", "Edwards Lifesciences", "Terumo",
    "Fisher & Paykel Healthcare", "ResMed", "Intuitive Surgical", "Elekta", "Varian",
    "Beckman Coulter", "Sysmex", "Radiometer", "Agfa HealthCare", "Konica Minolta",
    "Samsung Medison", "Esaote", "Arjo", "Nonin", "Bio-Rad", "QuidelOrtho", "Avanos",
    "Moog", "Invacare", "LINET", "Teleflex", "Laerdal", "Midmark", "Schiller", "Ambu",
    "Vapotherm", "Zimmer Biomet", "Conmed", "Smith & Nephew", "Integra LifeSciences",
    "Cook Medical",
]

DEVICE_TYPES = [
    "Infusion Pump", "Syringe Pump", "PCA Pump", "Enteral Feeding Pump", "Insulin Pump",
    "Patient Monitor", "Central Monitoring Station", "Telemetry Transmitter",
    "Telemetry Receiver", "Vital Signs Monitor", "Pulse Oximeter", "Capnograph",
    "Fetal Monitor", "Ventilator", "Anesthesia Machine", "CPAP/BiPAP",
    "High-Flow Oxygen Therapy", "Defibrillator", "ECG Cart", "Holter/Stress System",
    "EEG System", "Infant Warmer", "Incubator", "Electrosurgical Unit", "Surgical Robot",
    "Endoscopy Video System", "Sterilizer", "Washer Disinfector", "CT Scanner",
    "MRI Scanner", "X-Ray System", "Mobile X-Ray", "C-Arm", "Ultrasound", "Mammography",
    "Nuclear Medicine Camera", "PET/CT", "Radiation Therapy", "PACS",
    "Imaging Workstation", "Cardiology Information System", "Clinical Software",
    "Lab Analyzer", "Blood Gas Analyzer", "Point-of-Care Analyzer", "Microbiology System",
    "Sequencer", "Medication Dispensing Cabinet", "Hospital Bed", "Dialysis Machine",
    "Cardiac Device Programmer", "Implant Home Monitor", "Medical Gas System",
    "Pneumatic Tube System", "Wireless Module", "Interface Hub", "Hypothermia System",
    "Blood Warmer", "Compression Device", "Patient Lift", "Exam Light", "Scale",
]

# Plausible list price (USD) and service life (years) per device type. Wide on
# purpose: they catch typos (a missing zero, cents for dollars), not opinions.
PRICE = {  # (min, max)
    "Infusion Pump": (1000, 8000), "Syringe Pump": (1000, 8000), "PCA Pump": (1000, 8000),
    "Enteral Feeding Pump": (500, 5000), "Insulin Pump": (1000, 10000),
    "Patient Monitor": (1000, 60000), "Central Monitoring Station": (20000, 400000),
    "Telemetry Transmitter": (1000, 8000), "Telemetry Receiver": (5000, 150000),
    "Vital Signs Monitor": (500, 10000), "Pulse Oximeter": (150, 10000),
    "Capnograph": (500, 12000), "Fetal Monitor": (5000, 50000), "Ventilator": (5000, 80000),
    "Anesthesia Machine": (30000, 200000), "CPAP/BiPAP": (500, 50000),
    "High-Flow Oxygen Therapy": (2000, 15000), "Defibrillator": (1000, 50000),
    "ECG Cart": (2000, 25000), "Holter/Stress System": (1000, 60000),
    "EEG System": (10000, 120000), "Infant Warmer": (10000, 60000), "Incubator": (15000, 100000),
    "Electrosurgical Unit": (5000, 50000), "Surgical Robot": (300000, 3000000),
    "Endoscopy Video System": (15000, 120000), "Sterilizer": (10000, 400000),
    "Washer Disinfector": (20000, 250000), "CT Scanner": (300000, 3500000),
    "MRI Scanner": (500000, 4000000), "X-Ray System": (20000, 700000),
    "Mobile X-Ray": (50000, 350000), "C-Arm": (80000, 2500000), "Ultrasound": (2000, 350000),
    "Mammography": (150000, 700000), "Nuclear Medicine Camera": (300000, 2000000),
    "PET/CT": (1000000, 4500000), "Radiation Therapy": (1000000, 7000000),
    "PACS": (50000, 2000000), "Imaging Workstation": (10000, 400000),
    "Cardiology Information System": (30000, 1000000), "Clinical Software": (10000, 500000),
    "Lab Analyzer": (20000, 1500000), "Blood Gas Analyzer": (10000, 80000),
    "Point-of-Care Analyzer": (300, 25000), "Microbiology System": (30000, 600000),
    "Sequencer": (20000, 1500000), "Medication Dispensing Cabinet": (10000, 150000),
    "Hospital Bed": (3000, 100000), "Dialysis Machine": (5000, 80000),
    "Cardiac Device Programmer": (5000, 60000), "Implant Home Monitor": (100, 3000),
    "Medical Gas System": (1000, 200000), "Pneumatic Tube System": (1000, 100000),
    "Wireless Module": (100, 5000), "Interface Hub": (500, 20000),
    "Hypothermia System": (3000, 80000), "Blood Warmer": (500, 30000),
    "Compression Device": (300, 6000), "Patient Lift": (1000, 20000),
    "Exam Light": (200, 10000), "Scale": (200, 10000),
}
LIFE = (3, 25)  # any device type
ENUMS = {"parts": {"available", "limited", "unavailable"},
         "network": {"wired", "wireless", "both", "none"}}
KEYS = {  # key -> accepted Python types
    "manufacturer": (str,), "name": (str,), "aliases": (list,), "model_numbers": (list,),
    "device_type": (str,), "product_code": (str,), "patient_connected": (bool,),
    "life_sustaining": (bool, type(None)), "expected_life_years": (int,),
    "end_of_sale": (str,), "end_of_support": (str,), "parts": (str,), "price_usd": (int,),
    "os": (str,), "network": (str,), "stores_phi": (bool,), "versions": (list,),
    "advisories": (list,),
}
DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")

# CSAF vendor strings -> canonical manufacturer (for the missing-advisory scan).
VENDOR = [
    (r"becton|\bbd\b", "BD"), (r"hillrom|hill-rom|welch allyn|baxter", "Baxter"),
    (r"st\.? jude|abbott", "Abbott"), (r"smiths medical|icu medical|hospira", "ICU Medical"),
    (r"phil+ips|qualcomm life|capsule", "Philips"), (r"general electric|\bge\b", "GE HealthCare"),
    (r"medtronic", "Medtronic"), (r"siemens", "Siemens Healthineers"),
    (r"b\.? braun", "B. Braun"), (r"spacelabs", "Spacelabs Healthcare"),
    (r"dr(ä|a)ger", "Dräger"), (r"stryker", "Stryker"), (r"roche", "Roche"),
    (r"fujifilm", "Fujifilm"), (r"carestream", "Carestream"),
    (r"change healthcare", "Change Healthcare"), (r"natus", "Natus Medical"),
    (r"hamilton", "Hamilton Medical"), (r"illumina", "Illumina"),
    (r"swisslog", "Swisslog Healthcare"), (r"beaconmedaes", "BeaconMedaes"),
    (r"contec", "Contec Health"), (r"johnson", "Johnson & Johnson"), (r"zoll", "ZOLL"),
    (r"boston scientific", "Boston Scientific"), (r"biotronik", "BIOTRONIK"),
    (r"vyaire", "Vyaire Medical"), (r"fresenius", "Fresenius Kabi"), (r"insulet", "Insulet"),
    (r"alivecor", "AliveCor"), (r"bpl", "BPL Medical Technologies"), (r"bmc", "BMC Medical"),
]


# Advisory products that contain a catalog model's name but were reviewed and
# deliberately not linked to it: (manufacturer, model name, advisory) -> reason.
REVIEWED_UNLISTED = {
    ("Philips", "IntelliVue MX800", "ICSMA-19-255-01"):
        "the product is the MX800's WLAN module (Version B, firmware A.01.09), not the monitor software",
    ("Philips", "IntelliVue MP70", "ICSMA-19-255-01"):
        "the product is the MP20-MP90 WLAN module (Version A, firmware A.03.09), not the monitor software",
    ("Philips", "IntelliVue Information Center", "ICSMA-18-233-01"):
        "that advisory is the Information Center iX (PIC iX), a different product",
    ("Philips", "SureSigns VS4", "ICSMA-20-163-01"):
        "the product is IntelliBridge Enterprise's integration with the VS4, not the VS4",
    ("Philips", "EarlyVue VS30", "ICSMA-20-163-01"):
        "the product is IntelliBridge Enterprise's integration with the VS30, not the VS30",
}


def canon_vendor(s):
    out = set()
    for pat, name in VENDOR:
        if re.search(pat, s, re.I):
            out.add(name)
    return out


def words(s):
    """Lower-case alphanumeric words without diacritics, like names.Words in Go."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("&", " and ").replace("'", "").replace("’", "")
    return re.findall(r"[a-z0-9]+", s.lower())


GENERIC = {"monitor", "monitors", "system", "systems", "pump", "pumps", "server", "station",
           "software", "module", "patient", "philips", "medical", "series", "scanner"}


def distinctive(t):
    """A term worth matching on: several words, a digit, or one uncommon long word."""
    return len(t) >= 2 or any(c.isdigit() for c in t[0]) or (len(t[0]) >= 5 and t[0] not in GENERIC)


def contains(hay, needle):
    n = len(needle)
    return n > 0 and any(hay[i:i + n] == needle for i in range(len(hay) - n + 1))


# --------------------------------------------------------------------------
# CSAF advisories
# --------------------------------------------------------------------------

def load_advisories(root):
    """id -> {"title", "products": [(vendor, product, leaf)]}."""
    out = {}
    for f in sorted(glob.glob(os.path.join(root, "*", "icsma-*.json"))):
        with open(f, encoding="utf-8") as fh:
            d = json.load(fh)
        tid = d["document"]["tracking"]["id"]
        prods = []

        def walk(branches, path):
            for b in branches:
                p = path + [(b.get("category"), b.get("name", ""))]
                if b.get("branches"):
                    walk(b["branches"], p)
                else:
                    vendor = next((n for c, n in p if c == "vendor"), "")
                    product = " ".join(n for c, n in p if c == "product_name")
                    leaf = next((n for c, n in reversed(p)
                                 if c in ("product_version", "product_version_range")), "")
                    prods.append((vendor, product, leaf))

        walk(d.get("product_tree", {}).get("branches", []), [])
        out[tid] = {"title": d["document"]["title"], "products": prods, "file": f}
    return out


# --------------------------------------------------------------------------
# A deliberately small reader for the version leaves CISA writes. It knows
# <, <=, >, >=, "a | b" lists, ">= a | <= b" ranges, "2.X"/"5.x.x" wildcards,
# "Rev J-M" letter ranges and vers:all. Anything else is "?".
# --------------------------------------------------------------------------

def vtokens(v):
    v = v.strip().lower()
    v = re.sub(r"^(rev\.?|version|v(?=\d))\s*", "", v)
    return [int(t) if t.isdigit() else t for t in re.findall(r"[a-z]+|\d+", v)]


def align(ta, tb):
    """Drop a letter prefix that only one side has ("R4.1L1" against "4.1")."""
    if ta and tb and isinstance(ta[0], str) and isinstance(tb[0], int):
        ta = ta[1:]
    elif ta and tb and isinstance(tb[0], str) and isinstance(ta[0], int):
        tb = tb[1:]
    while tb and tb[-1] == "x":  # "< 3.x" is "< 3", "<= 12.2.x.x" is "<= 12.2"
        tb = tb[:-1]
    return ta, tb


def vcmp(a, b):
    """Compare version a with bound b; b may be a prefix of a (then equal)."""
    ta, tb = align(vtokens(a), vtokens(b))
    for x, y in zip(ta, tb):
        if x == y:
            continue
        if isinstance(x, int) and isinstance(y, int):
            return -1 if x < y else 1
        return -1 if str(x) < str(y) else 1
    if len(ta) < len(tb):
        return -1
    return 0


def wildcard_match(v, pat):
    tp = vtokens(pat)
    tv = vtokens(v)
    if "x" not in tp:
        return None
    if tv and tp and isinstance(tv[0], str) and isinstance(tp[0], int):
        tv = tv[1:]  # "R5.7.1" against "5.x.x"
    for i, t in enumerate(tp):
        if t == "x":
            return True
        if i >= len(tv) or tv[i] != t:
            return False
    return True


def in_leaf(v, leaf):
    """True/False when the leaf can be read, None when it cannot."""
    s = leaf.strip()
    if s.startswith("vers:all") or s == "*" or s.lower().startswith("all versions"):
        return True
    m = re.fullmatch(r"Rev ([A-Z])-([A-Z])", s)
    if m:
        t = vtokens(v)
        return bool(t) and isinstance(t[0], str) and m.group(1).lower() <= t[0][:1] <= m.group(2).lower()
    parts = [p.strip() for p in s.split("|") if p.strip()]
    conds = []
    for p in parts:
        m = re.fullmatch(r"(<=|>=|<|>)\s*(\S+)", p)
        if m:
            conds.append((m.group(1), m.group(2)))
        elif re.fullmatch(r"[\w.\-/()]+", p):
            conds.append(("=", p))
        else:
            return None
    # Pair ">= a" with a following "<= b"/"< b" into one range; the rest are alternatives.
    alts, i = [], 0
    while i < len(conds):
        op, b = conds[i]
        if op in (">=", ">") and i + 1 < len(conds) and conds[i + 1][0] in ("<=", "<"):
            alts.append([conds[i], conds[i + 1]])
            i += 2
        else:
            alts.append([conds[i]])
            i += 1
    for alt in alts:
        ok = True
        for op, b in alt:
            if op == "=":
                w = wildcard_match(v, b)
                if w is None:
                    ta, tb = align(vtokens(v), vtokens(b))
                    if len(tb) == 1:  # "8": the whole major release
                        w = ta[:1] == tb
                    else:  # literal, ignoring trailing zeros
                        while ta and ta[-1] == 0:
                            ta = ta[:-1]
                        while tb and tb[-1] == 0:
                            tb = tb[:-1]
                        w = ta == tb
                ok = ok and w
            else:
                c = vcmp(v, b)
                ok = ok and {"<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}[op]
        if ok:
            return True
    return False


# --------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--models", default=DEFAULT_MODELS)
    ap.add_argument("--fda", default=DEFAULT_FDA)
    ap.add_argument("--csaf", default=DEFAULT_CSAF)
    ap.add_argument("--ranges", action="store_true", help="print advisory leaves against versions")
    ap.add_argument("--strict", action="store_true", help="treat warnings as errors")
    args = ap.parse_args()

    errors, warnings = [], []

    def err(msg):
        errors.append(msg)

    def warn(msg):
        warnings.append(msg)

    try:
        with open(args.models, encoding="utf-8") as fh:
            models = json.load(fh)
    except (OSError, ValueError) as e:
        print(f"ERROR: {args.models}: {e}")
        return 1
    if not isinstance(models, list):
        print("ERROR: top level is not a JSON array")
        return 1

    # FDA product classification: PRODUCTCODE -> (DEVICENAME, life-sustain flag)
    fda = {}
    with open(args.fda, encoding="latin-1", newline="") as fh:
        rd = csv.reader(fh, delimiter="|")
        head = next(rd)
        ic, idn, ils = head.index("PRODUCTCODE"), head.index("DEVICENAME"), head.index("Life_Sustain_support_flag")
        for row in rd:
            if len(row) > ils:
                fda[row[ic]] = (row[idn], row[ils])

    advs = load_advisories(args.csaf)
    if not advs:
        err(f"no CSAF advisories found under {args.csaf}")

    seen = {}
    codes = collections.defaultdict(list)
    for i, m in enumerate(models):
        where = f"#{i}"
        if not isinstance(m, dict):
            err(f"{where}: not an object")
            continue
        label = f"#{i} {m.get('manufacturer')} / {m.get('name')}"
        for k, types in KEYS.items():
            if k not in m:
                err(f"{label}: missing key {k!r}")
            elif not isinstance(m[k], types) or (int in types and isinstance(m[k], bool)):
                err(f"{label}: {k!r} has type {type(m[k]).__name__}")
        for k in m:
            if k not in KEYS:
                err(f"{label}: unexpected key {k!r}")
        if any(k not in m or not isinstance(m[k], KEYS[k]) for k in KEYS):
            continue

        if m["manufacturer"] not in MANUFACTURERS:
            err(f"{label}: manufacturer not canonical")
        if m["device_type"] not in DEVICE_TYPES:
            err(f"{label}: device_type {m['device_type']!r} not in the list")
        if not m["name"].strip():
            err(f"{label}: empty name")
        key = (m["manufacturer"], m["name"])
        if key in seen:
            err(f"{label}: duplicate of #{seen[key]}")
        seen[key] = i
        for k in ("aliases", "model_numbers", "advisories"):
            if not all(isinstance(x, str) and x.strip() for x in m[k]):
                err(f"{label}: {k} must hold non-empty strings")
            if len(set(m[k])) != len(m[k]):
                warn(f"{label}: repeated entry in {k}")
        for k, allowed in ENUMS.items():
            if m[k] not in allowed:
                err(f"{label}: {k} {m[k]!r} not one of {sorted(allowed)}")
        for k in ("end_of_sale", "end_of_support"):
            if m[k] and not DATE.match(m[k]):
                err(f"{label}: {k} {m[k]!r} is not YYYY-MM-DD")
        if m["end_of_sale"] and m["end_of_support"] and m["end_of_support"] < m["end_of_sale"]:
            err(f"{label}: end_of_support before end_of_sale")

        lo, hi = PRICE.get(m["device_type"], (1, 10**8))
        if not lo <= m["price_usd"] <= hi:
            err(f"{label}: price {m['price_usd']} outside {lo}-{hi} for {m['device_type']}")
        if not LIFE[0] <= m["expected_life_years"] <= LIFE[1]:
            err(f"{label}: expected_life_years {m['expected_life_years']} implausible")

        pc = m["product_code"]
        if pc:
            if not re.fullmatch(r"[A-Z]{3}", pc):
                err(f"{label}: product_code {pc!r} is not three capital letters")
            elif pc not in fda:
                err(f"{label}: product_code {pc} not in the FDA classification file")
            else:
                codes[pc].append(m)
                ls = fda[pc][1] == "Y"
                if m["life_sustaining"] is not None and m["life_sustaining"] == ls:
                    warn(f"{label}: life_sustaining={m['life_sustaining']} repeats the FDA flag; use null")
        elif m["device_type"] not in ("Medication Dispensing Cabinet", "Medical Gas System",
                                      "Pneumatic Tube System", "Clinical Software"):
            warn(f"{label}: no product_code")

        vs = m["versions"]
        names = []
        for v in vs:
            if not (isinstance(v, dict) and set(v) == {"v", "w"} and isinstance(v["v"], str)
                    and v["v"].strip() and isinstance(v["w"], int)
                    and not isinstance(v["w"], bool)):  # demo.ModelSpec reads w as int
                err(f"{label}: bad version entry {v!r}")
                continue
            if v["w"] <= 0:
                err(f"{label}: version {v['v']!r} has weight {v['w']}")
            names.append(v["v"])
        if len(set(names)) != len(names):
            err(f"{label}: repeated version")

        for a in m["advisories"]:
            if a not in advs:
                err(f"{label}: advisory {a} not among the CISA files")
        if m["advisories"] and len(vs) < 2:
            err(f"{label}: advisory product with {len(vs)} version(s); need >= 2")

    # ------------------------------------------------------------------
    # Traceability: does each listed advisory name the model? Which leaves?
    # ------------------------------------------------------------------
    def model_terms(m):
        terms = [m["name"]] + m["aliases"] + m["model_numbers"]
        return [w for w in (words(t) for t in terms) if w]

    def product_hits(m, prods):
        """Advisory products whose name contains one of the model's terms."""
        terms = model_terms(m)
        hits = []
        for vendor, product, leaf in prods:
            pw = words(product + " " + leaf)
            for t in terms:
                if (distinctive(t) and contains(pw, t)) or t == words(product):
                    hits.append((vendor, product, leaf))
                    break
        return hits

    def title_hit(m, adv):
        """Some product trees are broken (ICSMA-18-086-01 names its product "Version");
        fall back to the advisory title when it has a single product."""
        tw = words(adv["title"])
        if len(adv["products"]) == 1 and any(distinctive(t) and contains(tw, t) for t in model_terms(m)):
            return adv["products"]
        return []

    range_lines = []
    for i, m in enumerate(models):
        if not isinstance(m, dict) or any(k not in m for k in KEYS):
            continue
        label = f"{m['manufacturer']} / {m['name']}"
        for a in m["advisories"]:
            if a not in advs:
                continue
            prods = advs[a]["products"]
            hits = product_hits(m, prods) or title_hit(m, advs[a])
            if not hits:
                warn(f"{label}: no product in {a} shares a name with the model (add the advisory's "
                     f"product string to aliases?)")
                continue
            if args.ranges:
                for vendor, product, leaf in hits:
                    res = [(v["v"], in_leaf(v["v"], leaf)) for v in m["versions"]]
                    inside = [v for v, r in res if r is True]
                    outside = [v for v, r in res if r is False]
                    unknown = [v for v, r in res if r is None]
                    range_lines.append(f"{label} — {a} — [{product}] {leaf!r} — in: {', '.join(inside) or '-'}"
                                       f" / out: {', '.join(outside) or '-'}"
                                       + (f" / unread: {', '.join(unknown)}" if unknown else ""))

    # Missing links: an advisory product of the model's vendor that contains the
    # model's full name (or a model number) but is not listed.
    for i, m in enumerate(models):
        if not isinstance(m, dict) or any(k not in m for k in KEYS):
            continue
        terms = [words(m["name"])] + [words(x) for x in m["model_numbers"]]
        terms = [t for t in terms if t and distinctive(t)]
        for aid, a in advs.items():
            if aid in m["advisories"]:
                continue
            if (m["manufacturer"], m["name"], aid) in REVIEWED_UNLISTED:
                continue
            for vendor, product, leaf in a["products"]:
                if m["manufacturer"] not in canon_vendor(vendor):
                    continue
                pw = words(product + " " + leaf)
                if any(contains(pw, t) for t in terms):
                    warn(f"{m['manufacturer']} / {m['name']}: {aid} names [{product} {leaf}] "
                         f"but the model does not list it")
                    break

    # ------------------------------------------------------------------
    # Reports
    # ------------------------------------------------------------------
    print(f"{len(models)} models, {sum(1 for m in models if isinstance(m, dict) and m.get('advisories'))} "
          f"with advisories, {len(advs)} CISA advisories on disk\n")

    print("FDA product codes used (code — FDA DEVICENAME [LS flag] — device types — count):")
    for pc in sorted(codes):
        ms = codes[pc]
        types = sorted({m["device_type"] for m in ms})
        name, ls = fda[pc]
        print(f"  {pc}  {name} [{ls}]  —  {', '.join(types)}  —  {len(ms)}")
    overrides = [m for m in models if isinstance(m, dict) and m.get("life_sustaining") is not None]
    if overrides:
        print("\nlife_sustaining overrides:")
        for m in overrides:
            flag = fda.get(m["product_code"], ("", "?"))[1]
            print(f"  {m['manufacturer']} / {m['name']}: {m['life_sustaining']} (FDA {m['product_code']} flag {flag})")

    ok = [m for m in models if isinstance(m, dict) and "device_type" in m]
    print("\nModels per device type:")
    for t, n in collections.Counter(m["device_type"] for m in ok).most_common():
        print(f"  {n:4d}  {t}")
    print("\nModels per manufacturer:")
    for t, n in collections.Counter(m.get("manufacturer") for m in ok).most_common():
        print(f"  {n:4d}  {t}")

    if args.ranges:
        print("\nAdvisory leaves against catalog versions (reader is approximate; check 'unread'):")
        for line in range_lines:
            print("  " + line)

    if warnings:
        print(f"\n{len(warnings)} warning(s):")
        for w in warnings:
            print("  WARN  " + w)
    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("  ERROR " + e)
    else:
        print("\nno errors")
    return 1 if errors or (args.strict and warnings) else 0


if __name__ == "__main__":
    sys.exit(main())
