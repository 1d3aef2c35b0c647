#!/usr/bin/env python3
"""Generate Modules/OCOPDomain/Resources/admin-units.txt from the admin-unit CSVs.

Usage (from anywhere):
    python3 scripts/gen-admin-units.py [SOURCE_DIR] [--output FILE] [--check]

SOURCE_DIR defaults to ../shared/domain/admin-units relative to the project root and must hold
units-2025.csv, units-legacy.csv, legacy-to-2025.csv and provinces-legacy-to-2025.csv
(vietnamadminunits data, MIT licence). --check compares instead of writing and exits 1 when the
checked-in resource is stale. Python 3 standard library only; the output is deterministic.

Resource format, version 1 (UTF-8, NFC, "\\n" line ends, fields separated by one TAB):

    # comment                                  ignored
    V  1                                       format version (first record)
    N  P  C  L  D  W                           record counts, checked by the loader
    K  letter  kind                            kind table: one ASCII letter -> "Phường", "Huyện", ...
    P  code  name  short                       current (2025) province
    C  code  kind  short  lat  lon  [name]     current commune of the preceding P
    L  code  name  short  current              legacy province and the 2025 province it merged into
    D  code  kind  short  [name]               legacy district of the preceding L
    W  code  kind  short  targets  [name]      legacy commune of the preceding D

- `kind` is a letter from the K table. A unit's full name is "<kind> <short>" unless the optional
  trailing `name` field gives it (the source has a few names whose prefix differs from their type).
- `targets` lists the 2025 commune codes a legacy commune went to, comma-separated, the default
  (main) one first: one code means kind "whole", several mean "divided".
- Province, district and commune names are never repeated: children follow their parent.
- Records are sorted by code; legacy districts without communes (island districts) have no W lines.
- Legacy short names drop the kind prefix, except purely numeric names ("Phường 5") stay whole.
"""

import argparse
import csv
import sys
from pathlib import Path

FORMAT_VERSION = 1

# One namespace for ward and district kinds; letters never change meaning between versions.
KIND_LETTERS = {
    "Phường": "P",
    "Xã": "X",
    "Thị trấn": "T",
    "Đặc khu": "K",
    "Quận": "Q",
    "Huyện": "H",
    "Thành phố": "C",
    "Thị xã": "S",
}

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = PROJECT_ROOT.parent / "shared" / "domain" / "admin-units"
DEFAULT_OUTPUT = PROJECT_ROOT / "Modules" / "OCOPDomain" / "Resources" / "admin-units.txt"


class SourceError(Exception):
    pass


def read_csv(directory, name):
    path = directory / name
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    except OSError as error:
        raise SourceError(f"cannot read {path}: {error}") from error


def check_field(value, what):
    if "\t" in value or "\n" in value or "\r" in value:
        raise SourceError(f"{what} contains a tab or line break: {value!r}")
    return value


def check_code(value, digits, what):
    if len(value) != digits or not value.isdigit():
        raise SourceError(f"{what}: expected {digits} digits, got {value!r}")
    return value


def kind_letter(kind, what):
    try:
        return KIND_LETTERS[kind]
    except KeyError:
        raise SourceError(f"{what}: unknown kind {kind!r}") from None


def strip_kind(name, kinds):
    """Short name of a legacy unit: its name without a leading kind word (any case)."""
    for kind in kinds:
        prefix = kind + " "
        if name.lower().startswith(prefix.lower()):
            rest = name[len(prefix):].strip()
            return name if rest.isdigit() else rest
    return name


def name_field(name, kind, short):
    """The optional trailing name field: empty when the name is just "<kind> <short>"."""
    return [] if name == f"{kind} {short}" else [check_field(name, "name")]


def generate(source):
    current = read_csv(source, "units-2025.csv")
    legacy = read_csv(source, "units-legacy.csv")
    mapping = read_csv(source, "legacy-to-2025.csv")
    province_mapping = read_csv(source, "provinces-legacy-to-2025.csv")

    provinces = {}
    communes = {}
    for row in current:
        pcode = check_code(row["province_code"], 2, "province_code")
        provinces.setdefault(pcode, (row["province"], row["province_short"]))
        if provinces[pcode] != (row["province"], row["province_short"]):
            raise SourceError(f"province {pcode} has two names")
        code = check_code(row["ward_code"], 5, "ward_code")
        if code in communes:
            raise SourceError(f"commune {code} listed twice")
        float(row["lat"]), float(row["lon"])  # must parse
        communes[code] = (pcode, row)

    merged_into = {}
    for row in province_mapping:
        old = check_code(row["legacy_province_code"], 2, "legacy_province_code")
        new = check_code(row["province_code_2025"], 2, "province_code_2025")
        if new not in provinces:
            raise SourceError(f"legacy province {old} maps to unknown province {new}")
        if merged_into.setdefault(old, new) != new:
            raise SourceError(f"legacy province {old} maps to two provinces")

    targets = {}
    for row in mapping:
        old = check_code(row["legacy_ward_code"], 5, "legacy_ward_code")
        new = check_code(row["ward_code"], 5, "ward_code")
        if new not in communes:
            raise SourceError(f"legacy commune {old} maps to unknown commune {new}")
        if row["kind"] not in ("whole", "divided"):
            raise SourceError(f"legacy commune {old}: unknown mapping kind {row['kind']!r}")
        entry = targets.setdefault(old, {"default": [], "other": [], "kinds": set()})
        entry["default" if row["is_default"] == "1" else "other"].append(new)
        entry["kinds"].add(row["kind"])
    for old, entry in targets.items():
        if len(entry["default"]) != 1:
            raise SourceError(f"legacy commune {old} has {len(entry['default'])} default targets")
        divided = len(entry["default"]) + len(entry["other"]) > 1
        if entry["kinds"] != {"divided" if divided else "whole"}:
            raise SourceError(f"legacy commune {old}: kind does not match its number of targets")

    legacy_provinces = {}
    districts = {}
    wards = {}
    for row in legacy:
        pcode = check_code(row["province_code"], 2, "legacy province_code")
        legacy_provinces.setdefault(pcode, row["province"])
        dcode = check_code(row["district_code"], 3, "district_code")
        districts.setdefault(dcode, (pcode, row["district"], row["district_type"]))
        if districts[dcode][0] != pcode:
            raise SourceError(f"district {dcode} in two provinces")
        if row["ward_code"] == "":
            continue  # a district administered without communes (island districts)
        code = check_code(row["ward_code"], 5, "legacy ward_code")
        if code in wards:
            raise SourceError(f"legacy commune {code} listed twice")
        wards[code] = (dcode, row)

    for code in legacy_provinces:
        if code not in merged_into:
            raise SourceError(f"legacy province {code} has no 2025 province")

    lines = [
        "# OCOP administrative units: 2025 provinces and communes, legacy (pre-2025-07-01)",
        "# provinces, districts and communes, and the legacy -> 2025 mapping.",
        "# Generated by scripts/gen-admin-units.py from vietnamadminunits data (MIT). Do not edit.",
        f"V\t{FORMAT_VERSION}",
        "\t".join(["N"] + [str(len(x)) for x in (provinces, communes, legacy_provinces, districts, wards)]),
    ]
    for kind, letter in sorted(KIND_LETTERS.items(), key=lambda item: item[1]):
        lines.append(f"K\t{letter}\t{kind}")

    for pcode in sorted(provinces):
        name, short = provinces[pcode]
        lines.append("\t".join(["P", pcode, check_field(name, "name"), check_field(short, "short")]))
        for code in sorted(c for c, (p, _) in communes.items() if p == pcode):
            row = communes[code][1]
            kind, short = row["ward_type"], check_field(row["ward_short"], "short")
            fields = ["C", code, kind_letter(kind, code), short, row["lat"], row["lon"]]
            lines.append("\t".join(fields + name_field(row["ward"], kind, short)))

    district_kinds = ["Thành phố", "Thị xã", "Quận", "Huyện"]
    ward_kinds = ["Thị trấn", "Phường", "Xã", "Đặc khu"]
    by_district = {}
    for code, (dcode, _) in wards.items():
        by_district.setdefault(dcode, []).append(code)
    for pcode in sorted(legacy_provinces):
        name = check_field(legacy_provinces[pcode], "name")
        short = strip_kind(name, ["Thành phố", "Tỉnh"])
        lines.append("\t".join(["L", pcode, name, short, merged_into[pcode]]))
        for dcode in sorted(d for d, (p, _, _) in districts.items() if p == pcode):
            _, dname, dkind = districts[dcode]
            dshort = strip_kind(check_field(dname, "name"), district_kinds)
            fields = ["D", dcode, kind_letter(dkind, dcode), dshort]
            lines.append("\t".join(fields + name_field(dname, dkind, dshort)))
            for code in sorted(by_district.get(dcode, [])):
                row = wards[code][1]
                kind = row["ward_type"]
                wshort = strip_kind(check_field(row["ward"], "name"), ward_kinds)
                entry = targets.get(code)
                target = ",".join(entry["default"] + sorted(entry["other"])) if entry else ""
                fields = ["W", code, kind_letter(kind, code), wshort, target]
                lines.append("\t".join(fields + name_field(row["ward"], kind, wshort)))

    return "\n".join(lines) + "\n"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if the output is stale")
    args = parser.parse_args(argv)
    try:
        text = generate(args.source)
    except SourceError as error:
        print(f"gen-admin-units: {error}", file=sys.stderr)
        return 2
    data = text.encode("utf-8")
    if args.check:
        existing = args.output.read_bytes() if args.output.exists() else b""
        if existing != data:
            print(f"gen-admin-units: {args.output} is stale; run scripts/gen-admin-units.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
