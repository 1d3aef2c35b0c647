#!/usr/bin/env python3
"""Convert the QĐ 148 score sheets into the project's criteria files.

Usage (from anywhere):
    python3 scripts/gen-criteria.py [SOURCE_DIR] [--output DIR] [--check]

SOURCE_DIR defaults to ../shared/domain/criteria-148 relative to the project root and holds the 26
sheets as CSV (`title, description, level, stars, score`, transcribed from the decision's Annex III;
see that folder's README). The output is one JSON file per set, `DIR/148/NN.json` (DIR defaults to
Modules/OCOPRating/Resources/criteria), described in docs/rating.md. --check compares instead of
writing and exits 1 when a committed file is stale. Python 3 standard library only; deterministic.

What the script does and does not decide:
- It walks the tree by `level` (0 part, 1 group, 2 criterion, 3 option). A level-1 group that owns
  options directly becomes one criterion; a level-2 row without options followed by `- …` rows is a
  heading over sub-criteria; a group described "Lựa chọn một trong hai trường hợp" holds
  alternatives (the product is scored on exactly one).
- Star marks (`***`…`*****`, anywhere in a title) and the `stars` column must agree.
- Notes that stop or end the evaluation (contaminants, food-safety certificate, intellectual
  property, imported or copied products, common products) become gates; any other wording of that
  kind stops the script, so a new sheet cannot slip one through unnoticed.
- Declared points are kept as written (`points` on parts, groups and criteria). It does not repair
  totals: the loader's validation reports a sheet that does not add up, with its line.
- The only edits are CORRECTIONS below, each pinned to the exact source text it replaces.
"""

import argparse
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

FORMAT_VERSION = 1
ACT = "148"

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = PROJECT_ROOT.parent / "shared" / "domain" / "criteria-148"
DEFAULT_OUTPUT = PROJECT_ROOT / "Modules" / "OCOPRating" / "Resources" / "criteria"

# (set, line, column, text as found) -> replacement. Only evident typing slips: a letter where the
# neighbouring options make the number unambiguous (0, ?, 2, 3).
CORRECTIONS = {
    (17, 20, "score", "l"): "1",
    (18, 11, "score", "t"): "1",
}

# Gate wording -> (id, effect). Effects: "disqualify" (the product is eliminated), "stop" (the
# evaluation stops: no score), "not-assessed" (the product is not evaluated at all).
GATE_RULES = [
    (("tạp chất",), ("không đánh giá", "không xem xét"), "contaminants", "stop"),
    (("chứng nhận đủ điều kiện attp",), ("không đánh giá",), "food-safety-certificate", "stop"),
    (("sở hữu trí tuệ",), ("loại bỏ", "bị loại"), "intellectual-property", "disqualify"),
    (("nhập khẩu",), ("bị loại",), "imported-materials", "disqualify"),
    (("giống hệt",), ("bị loại",), "copied-product", "disqualify"),
    (("tính phổ biến",), ("không đánh giá",), "common-product", "not-assessed"),
]
GATE_WORDS = ("bị loại", "loại bỏ", "không đánh giá", "không xem xét")

STAR_MARK = re.compile(r"\*{3,5}")
GROUP_NUMBER = re.compile(r"^\s*(\d+)\s*\.\s*")
LETTER = re.compile(r"^\s*([a-zđ])\s*[).]\s*", re.IGNORECASE)
PART_LETTER = re.compile(r"^\s*Phần\s+([ABC])\b[.:]?\s*", re.IGNORECASE)


class SourceError(Exception):
    pass


def nfc(text):
    return unicodedata.normalize("NFC", text)


def read_rows(path, set_code):
    """Rows with the physical line each record starts on (records may span lines)."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != ["title", "description", "level", "stars", "score"]:
            raise SourceError(f"{path.name}:1: unexpected columns {reader.fieldnames}")
        start = 2
        for row in reader:
            row = {k: nfc(v or "") for k, v in row.items()}
            for column in ("score", "stars"):
                key = (set_code, start, column, row[column].strip())
                if key in CORRECTIONS:
                    row[column] = CORRECTIONS[key]
            row["line"] = start
            rows.append(row)
            start = reader.line_num + 1
    used = {k for k in CORRECTIONS if k[0] == set_code}
    seen = {(set_code, r["line"], c, r[c]) for r in rows for c in ("score", "stars")}
    for key in used:
        if (key[0], key[1], key[2], CORRECTIONS[key]) not in seen:
            raise SourceError(f"{path.name}:{key[1]}: correction of {key[2]} {key[3]!r} no longer matches the source")
    return rows


def number(text, where, allow_empty=False):
    text = text.strip()
    if text == "" and allow_empty:
        return None
    if not re.fullmatch(r"\d+", text):
        raise SourceError(f"{where}: points {text!r} are not a whole number")
    return int(text)


def split_title(raw, where, row_stars):
    """Title without box, marks and trailing notes; the star mark; extra lines as a note."""
    lines = [l.strip() for l in raw.replace("\r", "").split("\n") if l.strip()]
    text = " ".join(lines)
    marks = STAR_MARK.findall(text)
    mark = len(marks[0]) if marks else None
    if len(marks) > 1:
        raise SourceError(f"{where}: several star marks in {raw!r}")
    stars = int(row_stars) if row_stars.strip() else None
    if mark != stars:
        raise SourceError(f"{where}: star mark {mark} in the title but {stars} in the stars column")
    first, rest = (lines[0], lines[1:]) if lines else ("", [])
    first = STAR_MARK.sub("", first).lstrip("□").strip()
    rest = [STAR_MARK.sub("", l).strip() for l in rest]
    return first, " ".join(rest), stars


def gates_in(text, where, set_code, anchor, line):
    found = []
    folded = text.lower()
    if not any(w in folded for w in GATE_WORDS):
        return found
    for subjects, verbs, gate_id, effect in GATE_RULES:
        if any(s in folded for s in subjects) and any(v in folded for v in verbs):
            sentence = next((s.strip() for s in text.split("\n")
                             if any(w in s.lower() for w in GATE_WORDS)), text.strip())
            found.append({"id": gate_id, "effect": effect, "text": sentence, "criterion": anchor, "line": line})
            return found
    raise SourceError(f"{where}: wording that ends an evaluation but matches no known gate: {text!r}")


def letter_id(title):
    m = LETTER.match(title)
    if not m:
        return None
    letter = m.group(1).lower()
    return "dd" if letter == "đ" else letter


def convert(path, set_code, name):
    rows = read_rows(path, set_code)
    where = lambda r: f"{path.name}:{r['line']}"
    parts, gates = [], []
    part = group = crit = heading = None

    for r in rows:
        level = r["level"].strip()
        if level not in ("0", "1", "2", "3"):
            raise SourceError(f"{where(r)}: level {level!r} is not 0–3")
        level = int(level)
        title, note, stars = split_title(r["title"], where(r), r["stars"])
        description = " ".join(l.strip() for l in r["description"].split("\n") if l.strip())
        note = " ".join(x for x in (note, description) if x)
        if level == 0:
            m = PART_LETTER.match(title + " " + note)
            if not m:
                raise SourceError(f"{where(r)}: a part must start with 'Phần A|B|C': {title!r}")
            full = (title + " " + note).strip()
            label = re.sub(r"\(\s*\d+\s*Điểm\s*\)", "", full[m.end():]).strip(" .:")
            part = {"id": m.group(1).upper(), "title": label, "points": number(r["score"], where(r)), "line": r["line"], "groups": []}
            parts.append(part)
            group = crit = heading = None
        elif level == 1:
            if part is None:
                raise SourceError(f"{where(r)}: a group before any part")
            m = GROUP_NUMBER.match(title)
            gid = m.group(1) if m else str(sum(len(p["groups"]) for p in parts) + 1)
            group = {"id": gid, "title": title[m.end():] if m else title, "points": number(r["score"], where(r)),
                     "line": r["line"], "pick": "one" if "lựa chọn một trong" in note.lower() else "all",
                     "rows": [], "options": []}
            if note:
                group["note"] = note
            part["groups"].append(group)
            crit = heading = None
            for g in gates_in(r["title"] + "\n" + r["description"], where(r), set_code, None, r["line"]):
                g["pending"] = group
                gates.append(g)
        elif level == 2:
            if group is None:
                raise SourceError(f"{where(r)}: a criterion before any group")
            crit = {"title": title, "note": note, "points": number(r["score"], where(r), allow_empty=True),
                    "stars": stars, "line": r["line"], "options": [], "dash": title.startswith("-")}
            group["rows"].append(crit)
            for g in gates_in(r["title"] + "\n" + r["description"], where(r), set_code, None, r["line"]):
                g["pending"] = crit
                gates.append(g)
        else:
            if group is None:
                raise SourceError(f"{where(r)}: an option before any group")
            option = {"title": title, "points": number(r["score"], where(r)), "line": r["line"]}
            if stars is not None:
                option["stars"] = stars
            if note:
                option["note"] = note
            (crit["options"] if crit is not None else group["options"]).append(option)
            found = gates_in(r["title"] + "\n" + r["description"], where(r), set_code, None, r["line"])
            for g in found:
                g["pending"] = crit if crit is not None else group
            gates.extend(found)

    if [p["id"] for p in parts] != ["A", "B", "C"]:
        raise SourceError(f"{path.name}: parts {[p['id'] for p in parts]}, expected A, B, C")

    ids = set()
    for p in parts:
        for g in p["groups"]:
            g["criteria"] = build_criteria(g, path.name)
            for c in g["criteria"]:
                if c["id"] in ids:
                    raise SourceError(f"{path.name}:{c['line']}: criterion id {c['id']} used twice")
                ids.add(c["id"])
            del g["rows"], g["options"]
    for gate in gates:
        pending = gate.pop("pending", None)
        if pending is not None and "criteria" in pending:
            gate["criterion"] = pending["criteria"][0]["id"]  # a note on a group: its first criterion
        elif pending is not None:
            gate["criterion"] = pending.get("id")
        if gate["criterion"] is None:
            raise SourceError(f"{path.name}:{gate['line']}: gate {gate['id']} belongs to no criterion")

    return {
        "format": FORMAT_VERSION,
        "act": ACT,
        "code": str(set_code),
        "productSet": set_code,
        "name": name,
        "source": f"criteria-148/{path.name}",
        "parts": parts,
        "gates": gates,
    }


def build_criteria(group, source):
    """The group's criteria: its level-2 rows, its sub-criteria, or the group itself."""
    if group["options"] and group["rows"]:
        raise SourceError(f"{source}:{group['line']}: group owns options and criteria at once")
    if group["options"]:
        return [criterion(group["id"], group["title"], group.get("note", ""), group["points"], None,
                          group["line"], group["options"], source, group)]
    rows, out = group["rows"], []
    letters = [letter_id(r["title"]) for r in rows if not r["dash"]]
    repeated = {l for l in letters if l and letters.count(l) > 1}
    counters, i = {}, 0
    while i < len(rows):
        row = rows[i]
        letter = letter_id(row["title"]) or str(i + 1)
        title = LETTER.sub("", row["title"]).strip() or group["title"]
        if letter in repeated:
            counters[letter] = counters.get(letter, 0) + 1
            letter = f"{letter}{counters[letter]}"
        cid = group["id"] + letter
        if row["options"]:
            row["id"] = cid
            out.append(criterion(cid, title, row["note"], row["points"], row["stars"], row["line"], row["options"], source, row))
            i += 1
            continue
        # A heading: its sub-criteria follow as "- …" rows.
        j, subs = i + 1, []
        while j < len(rows) and rows[j]["dash"]:
            subs.append(rows[j])
            j += 1
        if not subs:
            raise SourceError(f"{source}:{row['line']}: criterion without options")
        total = 0
        for n, sub in enumerate(subs, 1):
            if not sub["options"]:
                raise SourceError(f"{source}:{sub['line']}: sub-criterion without options")
            sub["id"] = f"{cid}{n}"
            sub_title = f"{title} — {sub['title'].lstrip('- ').strip()}"
            c = criterion(sub["id"], sub_title, sub["note"], sub["points"], sub["stars"], sub["line"], sub["options"], source, sub)
            out.append(c)
            total += max(o["points"] for o in c["options"])
        if row["points"] is not None and row["points"] != total:
            raise SourceError(f"{source}:{row['line']}: heading declares {row['points']} points, its sub-criteria {total}")
        row["id"] = cid
        i = j
    return out


def criterion(cid, title, note, points, stars, line, options, source, origin):
    origin["id"] = cid
    c = {"id": cid, "title": title}
    if note:
        c["note"] = note
    if points is not None:
        c["points"] = points
    if stars is not None:
        c["stars"] = stars
    c["line"] = line
    c["options"] = options
    return c


def totals(data):
    """Part totals as the engine computes them: best option per criterion; one branch of a choice."""
    out = {}
    for p in data["parts"]:
        total = 0
        for g in p["groups"]:
            bests = [max(o["points"] for o in c["options"]) for c in g["criteria"]]
            total += max(bests) if g["pick"] == "one" else sum(bests)
        out[p["id"]] = total
    return out


LEAF = re.compile(r"\{\n\s*([^{}\[\]]*?)\n\s*\}")


def render(data):
    """Indented JSON with every leaf object (options, gates) on one line: readable diffs, small files."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = LEAF.sub(lambda m: "{" + re.sub(r",\n\s*", ", ", m.group(1)) + "}", text)
    return text + "\n"


def set_files(source):
    files = {}
    for path in sorted(source.glob("*.csv")):
        m = re.match(r"OCOP - (\d+)\.\s*(?:Bộ sản phẩm\s*[_;:]\s*)?(.*)\.csv$", nfc(path.name))
        if not m:
            raise SourceError(f"{path.name}: file name does not start with 'OCOP - N.'")
        code = int(m.group(1))
        if code in files:
            raise SourceError(f"{path.name}: set {code} appears twice")
        files[code] = (path, m.group(2).strip())
    if sorted(files) != list(range(1, 27)):
        raise SourceError(f"{source}: expected sets 1–26, found {sorted(files)}")
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    stale, short = [], []
    try:
        files = set_files(args.source)
        print(f"{'set':>3}  {'A':>3} {'B':>3} {'C':>3} {'total':>5}  gates  name")
        for code in sorted(files):
            path, name = files[code]
            data = convert(path, code, name)
            t = totals(data)
            expected = {"A": 40, "B": 25, "C": 35}
            flag = "" if t == expected else "  <- not 40/25/35"
            if t != expected:
                short.append(code)
            gate_ids = ",".join(sorted({g["id"] for g in data["gates"]})) or "-"
            print(f"{code:>3}  {t['A']:>3} {t['B']:>3} {t['C']:>3} {sum(t.values()):>5}  {gate_ids}  {name}{flag}")
            text = render(data)
            target = args.output / ACT / f"{code:02d}.json"
            if args.check:
                if not target.exists() or target.read_text(encoding="utf-8") != text:
                    stale.append(str(target))
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    except SourceError as error:
        print(f"gen-criteria: {error}", file=sys.stderr)
        return 2
    if short:
        print(f"{len(short)} set(s) do not total A 40 / B 25 / C 35: {', '.join(map(str, short))} "
              "(written as transcribed; the loader reports them with their lines)")
    if stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
