"""Import from Stanford's Mapping Militant Organizations (MMP) relationship export.

MMP's export has one row per relationship event::

    unique_id,type,group1_id,group2_id,date,description,group1_name,group2_name

and, optionally, a group key ``group_id,name``. MMP's data is not
redistributable, so militnet ships none of it: this module reads a copy the
user has.

Assumptions (documented in ``docs/mmp.md``):

- Type codes map as ``all`` → alliance, ``aff`` → pledge, ``mer`` → merger,
  ``spl`` → split, ``riv`` → rivalry.
- For the directed types, ``group1`` is the acting group: it pledges to
  (``aff``), splits from (``spl``) or merges into (``mer``) ``group2``. Rows
  whose description reads the other way round are flagged, not changed.
- The row's date is the relation's start; MMP records no end date.
- MMP gives no confidence: every relation is ``reported``; the description is
  the evidence; the source is MMP itself.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from militnet._dates import PartialDate
from militnet._errors import DateError, ValidationError
from militnet._io import Table, parse_csv, read_text
from militnet._problems import Problem, ValidationReport

if TYPE_CHECKING:
    from militnet._network import Network

__all__ = ["MMP_TYPES", "read_mmp"]

#: MMP relationship type codes and the militnet relation types they map to.
MMP_TYPES: dict[str, str] = {
    "all": "alliance",
    "aff": "pledge",
    "mer": "merger",
    "spl": "split",
    "riv": "rivalry",
}

REL_COLUMNS = ("unique_id", "type", "group1_id", "group2_id", "date", "description",
               "group1_name", "group2_name")
GROUP_COLUMNS = ("group_id", "name")

MMP_SOURCE = {
    "id": "mmp",
    "title": "Mapping Militant Organizations",
    "publisher": "Center for International Security and Cooperation, Stanford University",
    "date": "",
    "url": "https://cisac.fsi.stanford.edu/mappingmilitants",
    "document": "",
    "notes": "Relationship export read with militnet.read_mmp",
}

_SLASH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_MMP_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_SPACE = re.compile(r"\s+")

# Phrases that state a direction: "<A> split from <B>" means A is the splinter.
_DIRECTION_PHRASES = {
    "split": ("split from", "splintered from", "broke away from", "broke off from",
              "defected from", "a splinter of", "a splinter group of", "a faction of"),
    "pledge": ("pledged allegiance to", "pledged loyalty to", "swore allegiance to",
               "affiliated with", "an affiliate of", "joined", "became a province of"),
    "merger": ("merged into", "merged with", "was absorbed by", "folded into", "joined"),
}


def clean_text(value: str) -> str:
    """Unescape HTML entities and backslash-escaped quotes; fold whitespace.

    Examples
    --------
    >>> clean_text("  Al-Qa&#39;ida \\\\\\"core\\\\\\"\\n  group ")
    'Al-Qa\\'ida "core" group'
    """
    text = html.unescape(value)
    text = text.replace('\\"', '"').replace("\\'", "'")
    return _SPACE.sub(" ", text).strip()


def convert_date(value: str, today: _dt.date | None = None) -> tuple[str, str | None]:
    """Convert an MMP date to a partial-date string.

    Returns ``(date, note)`` where ``note`` describes a conversion worth
    reporting (``None`` when the value was already in militnet's form).

    Raises
    ------
    DateError
        If the value is not a date in any of MMP's forms.

    Examples
    --------
    >>> import datetime
    >>> convert_date("2014-08-00")
    ('2014-08', None)
    >>> convert_date("2015-00-00")
    ('2015', None)
    >>> convert_date("0000-00-00")
    ('', None)
    >>> convert_date("3/5/99", today=datetime.date(2026, 1, 1))[0]
    '1999-03-05'
    >>> convert_date("3/5/14", today=datetime.date(2026, 1, 1))[0]
    '2014-03-05'
    """
    today = today or _dt.date.today()
    text = value.strip()
    if not text or text == "0000-00-00":
        return "", None
    m = _MMP_DATE.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        if y == 0:
            return "", None
        if mo == 0 and d != 0:
            raise DateError(f"malformed MMP date {value!r}: a day without a month")
        parts = [f"{y:04d}"] + ([f"{mo:02d}"] if mo else []) + ([f"{d:02d}"] if d else [])
        return str(PartialDate.parse("-".join(parts))), None
    m = _SLASH_DATE.match(text)
    if m:
        mo, d, y = int(m.group(1)), int(m.group(2)), m.group(3)
        if len(y) == 2:
            year = 2000 + int(y)
            if year > today.year:  # a two-digit year never lands in the future
                year -= 100
        else:
            year = int(y)
        try:
            pd_ = PartialDate(year, mo, d)
        except DateError as exc:
            raise DateError(f"malformed MMP date {value!r}: {exc}") from None
        return str(pd_), (f"spreadsheet-style date {value!r} read as {pd_} (month/day/year); "
                          "MMP's original precision may have been lost")
    raise DateError(f"malformed MMP date {value!r}: expected YYYY-MM-DD (00 for unknown "
                    "parts) or M/D/YY")


def _placeholder(gid: str) -> bool:
    s = gid.strip()
    if not s:
        return True
    try:
        return int(float(s)) <= 0
    except ValueError:
        return False


def _reversed(rtype: str, desc: str, name1: str, name2: str) -> str | None:
    """A phrase showing group2 acting on group1, if the description has one."""
    low = desc.lower()
    n1, n2 = name1.lower(), name2.lower()
    if not n1 or not n2:
        return None
    for phrase in _DIRECTION_PHRASES.get(rtype, ()):
        for m in re.finditer(re.escape(phrase), low):
            before, after = low[: m.start()], low[m.end():]
            # the nearest group name before and after the phrase
            b1, b2 = before.rfind(n1), before.rfind(n2)
            a1, a2 = after.find(n1), after.find(n2)
            if b2 > b1 and a1 != -1 and (a2 == -1 or a1 < a2):
                return phrase
    return None


class _Log:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, severity: str, row: int | None, column: str | None, value: str | None,
            msg: str) -> None:
        self.problems.append(Problem(severity, self.file, row, column, value, msg))  # type: ignore[arg-type]


def _read(path: str | Path, name: str, columns: tuple[str, ...]) -> Table:
    problems: list[Problem] = []
    p = Path(path)
    text = read_text(p, str(p), problems) if p.is_file() else None
    if not p.is_file():
        problems.append(Problem("error", str(p), None, None, None, "file not found"))
    table = None
    if text is not None:
        # MMP's export escapes quotes with a backslash inside quoted fields
        table = parse_csv(text, name, str(p), problems, required=columns, known=(),
                          escapechar="\\")
    if any(pr.severity == "error" for pr in problems) or table is None:
        raise ValidationError(ValidationReport(problems), header=f"cannot read MMP {name} file")
    return table


def read_mmp(relationships_csv: str | Path, groups_csv: str | Path | None = None, *,
             today: _dt.date | None = None) -> Network:
    """Read Stanford MMP's relationship export as a :class:`Network`.

    Parameters
    ----------
    relationships_csv : path
        The relationship export (``unique_id,type,group1_id,group2_id,date,
        description,group1_name,group2_name``).
    groups_csv : path, optional
        The group key (``group_id,name``, further columns kept). Without it,
        groups are named from the relationship rows.
    today : datetime.date, optional
        Reference day for two-digit years (default: today); a two-digit year
        is never read as a year after it.

    Returns
    -------
    Network
        ``net.validation`` lists everything the import changed (severity
        ``"info"``: cleaned text, converted dates, merged duplicates) or
        flagged (``"warning"``: placeholder ids, contradicting descriptions,
        skipped rows), each with file, row, column and value.

    Raises
    ------
    ValidationError
        If a file is missing, unreadable or lacks MMP's columns.

    Examples
    --------
    >>> import militnet
    >>> net = militnet.read_mmp("tests/data/mmp/relationships.csv",
    ...                         "tests/data/mmp/groups.csv")
    >>> net.relations.loc["mmp-1001", ["source", "target", "type", "start"]].tolist()
    ['mmp-201', 'mmp-200', 'split', '2014-08']
    >>> print(net.validation.warnings[0])
    warning: tests/data/mmp/groups.csv, row 9, column 'group_id': placeholder group id:
    row skipped (value '-99')
    """
    from militnet._network import Network, _to_table
    from militnet._validate import check_tables

    rel = _read(relationships_csv, "relationships", REL_COLUMNS)
    log = _Log(rel.file)
    names: dict[str, Counter[str]] = {}
    key_names: dict[str, str] = {}
    group_extra: dict[str, dict[str, str]] = {}
    gextra_cols: list[str] = []
    if groups_csv is not None:
        gt = _read(groups_csv, "groups", GROUP_COLUMNS)
        glog = _Log(gt.file)
        ix = {c: gt.columns.index(c) for c in gt.columns}
        gextra_cols = [c for c in gt.columns if c not in GROUP_COLUMNS and c not in
                       ("aliases", "founded", "ended", "orientation", "country", "notes",
                        "sources", "title", "publisher", "date", "url", "document")]
        for i, r in enumerate(gt.rows):
            gid, raw = r[ix["group_id"]].strip(), r[ix["name"]]
            row = gt.rownums[i]
            if _placeholder(gid):
                glog.add("warning", row, "group_id", gid, "placeholder group id: row skipped")
                continue
            name = clean_text(raw)
            if name != raw:
                glog.add("info", row, "name", raw, f"cleaned to {name!r}")
            if gid in key_names and key_names[gid] != name:
                glog.add("warning", row, "group_id", gid,
                         f"group id listed twice with names {key_names[gid]!r} and {name!r}; "
                         "kept the first")
                continue
            key_names[gid] = name
            group_extra[gid] = {c: r[ix[c]] for c in gextra_cols}
        log.problems[:0] = glog.problems

    ix = {c: rel.columns.index(c) for c in rel.columns}
    extra_cols = [c for c in rel.columns if c not in REL_COLUMNS]
    relations: list[dict[str, str]] = []
    seen_full: dict[tuple[str, ...], dict[str, str]] = {}
    used_ids: set[str] = set()
    for i, r in enumerate(rel.rows):
        row = rel.rownums[i]
        raw = {c: r[ix[c]] for c in rel.columns}
        vals = {}
        for c in ("type", "group1_id", "group2_id", "date", "description", "group1_name",
                  "group2_name", "unique_id"):
            v = clean_text(raw[c])
            if v != raw[c] and c in ("description", "group1_name", "group2_name"):
                log.add("info", row, c, raw[c], "cleaned HTML entities, escaped quotes or "
                        "whitespace")
            vals[c] = v
        code = vals["type"].lower()
        if code not in MMP_TYPES:
            log.add("warning", row, "type", raw["type"],
                    f"unknown MMP type code (expected {', '.join(MMP_TYPES)}): row skipped")
            continue
        g1, g2 = vals["group1_id"], vals["group2_id"]
        bad = False
        for col, gid in (("group1_id", g1), ("group2_id", g2)):
            if _placeholder(gid):
                log.add("warning", row, col, raw[col],
                        f"placeholder group id ({vals[col.replace('_id', '_name')]!r}): "
                        "row skipped")
                bad = True
        if bad:
            continue
        if g1 == g2:
            log.add("warning", row, "group2_id", g2, "self-loop (group1 = group2): row skipped")
            continue
        for gid, col in ((g1, "group1_name"), (g2, "group2_name")):
            if vals[col]:
                names.setdefault(gid, Counter())[vals[col]] += 1
        try:
            start, note = convert_date(raw["date"], today)
        except DateError as exc:
            log.add("warning", row, "date", raw["date"], f"{exc}; start left undocumented")
            start, note = "", None
        if note:
            log.add("warning", row, "date", raw["date"], note)
        rtype = MMP_TYPES[code]
        phrase = _reversed(rtype, vals["description"], vals["group1_name"], vals["group2_name"])
        if phrase:
            log.add("warning", row, "description", vals["description"],
                    f"the description says group2 {phrase!r} group1, but MMP's {code!r} is read "
                    "as group1 → group2; check the direction")
        full = (code, g1, g2, start, vals["description"])
        if full in seen_full:
            first = seen_full[full]
            first["mmp_ids"] += f";{vals['unique_id']}"
            log.add("info", row, "unique_id", raw["unique_id"],
                    f"exact duplicate of relation {first['id']}: merged into it")
            continue
        uid = vals["unique_id"]
        rid = f"mmp-{uid}" if uid and f"mmp-{uid}" not in used_ids else f"mmp-row{row}"
        if rid.startswith("mmp-row"):
            log.add("warning", row, "unique_id", raw["unique_id"],
                    f"missing or repeated unique_id: relation id {rid}")
        used_ids.add(rid)
        rec = {
            "id": rid, "source": f"mmp-{g1}", "target": f"mmp-{g2}", "type": rtype,
            "start": start, "end": "", "confidence": "reported",
            "evidence": vals["description"], "sources": "mmp", "notes": "",
            "mmp_ids": uid, "mmp_type": code,
            **{c: raw[c] for c in extra_cols},
        }
        seen_full[full] = rec
        relations.append(rec)

    group_ids = list(dict.fromkeys([*key_names, *(g for r in relations for g in
                                                  (r["source"][4:], r["target"][4:]))]))
    groups = []
    for gid in group_ids:
        counted = names.get(gid, Counter())
        if gid in key_names:
            name = key_names[gid]
        elif counted:
            name = counted.most_common(1)[0][0]
        else:
            name = f"MMP group {gid}"
            log.add("warning", None, "group1_id", gid, "group has no name in the export")
        aliases = sorted(n for n in counted if n != name)
        if len(counted) > 1 or (gid in key_names and counted and name not in counted):
            log.add("info", None, "group1_name", gid,
                    f"group {gid} appears under several names; canonical {name!r}, "
                    f"others kept as aliases: {', '.join(aliases)}")
        groups.append({"id": f"mmp-{gid}", "name": name, "aliases": ";".join(aliases),
                       "sources": "mmp", "mmp_id": gid, **group_extra.get(gid, {})})

    tables = {
        "groups": _to_table("groups", groups),
        "relations": _to_table("relations", relations),
        "sources": _to_table("sources", [MMP_SOURCE]),
    }
    problems = check_tables(tables)
    report = ValidationReport([*log.problems, *problems])
    if not report.ok:
        raise ValidationError(report, header="the MMP export does not make a valid network")
    meta = {"name": "mmp", "title": "Import of a Mapping Militant Organizations export",
            "sources": [{"title": MMP_SOURCE["title"], "path": MMP_SOURCE["url"]}]}
    return Network._from_tables(tables, meta, report)
