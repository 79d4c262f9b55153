"""Import from Stanford's Mapping Militant Organizations (MMP) relationship export.

MMP's export has one row per relationship event::

    unique_id,type,group1_id,group2_id,date,description,group1_name,group2_name

and, optionally, a group key ``group_id,name``. MMP's data is not
redistributable, so militnet ships none of it: this module reads a copy the
user has, as it is (byte-order mark, CRLF line ends, a trailing empty column,
stray spaces), reporting every cleaning step.

MMP's column order does not say who acted, and ``aff`` is a loose
"affiliates" code: the type and direction of each relation are read from its
description (:mod:`militnet._readwrite.mmp_text`, documented in ``docs/mmp.md``).
"""

from __future__ import annotations

import datetime as _dt
import html
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from militnet._core.dates import PartialDate
from militnet._core.errors import DateError, ValidationError
from militnet._core.problems import Problem, ValidationReport
from militnet._core.table import Table
from militnet._readwrite.mmp_text import Decision, abbreviations, decide

if TYPE_CHECKING:
    from militnet._classes.network import Network

__all__ = ["MMP_TYPES", "read_mmp"]

#: MMP relationship type codes and the militnet relation type each maps to
#: when the description does not say otherwise (an ``aff`` row becomes a
#: ``pledge`` only when its description describes one).
MMP_TYPES: dict[str, str] = {
    "all": "alliance",
    "aff": "alliance",
    "mer": "merger",
    "spl": "split",
    "riv": "rivalry",
}

REL_COLUMNS = (
    "unique_id",
    "type",
    "group1_id",
    "group2_id",
    "date",
    "description",
    "group1_name",
    "group2_name",
)
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
        mo, d, yy = int(m.group(1)), int(m.group(2)), m.group(3)
        year = int(yy)
        if len(yy) == 2:
            year += 2000
            if year > today.year:  # a two-digit year never lands in the future
                year -= 100
        try:
            pd_ = PartialDate(year, mo, d)
        except DateError as exc:
            raise DateError(f"malformed MMP date {value!r}: {exc}") from None
        return str(pd_), (
            f"spreadsheet-style date {value!r} read as {pd_} (month/day/year); "
            "MMP's original precision may have been lost"
        )
    raise DateError(
        f"malformed MMP date {value!r}: expected YYYY-MM-DD (00 for unknown parts) or M/D/YY"
    )


#: Columns the importer writes itself; input columns with these names are
#: renamed ``mmp_<name>`` (and reported), never allowed to overwrite them.
OWN_RELATION_COLUMNS = (
    "id",
    "source",
    "target",
    "type",
    "start",
    "end",
    "confidence",
    "evidence",
    "sources",
    "notes",
    "mmp_ids",
    "mmp_type",
    "mmp_group1",
    "mmp_group2",
    "mmp_decision",
    "mmp_phrase",
)
OWN_GROUP_COLUMNS = (
    "id",
    "name",
    "aliases",
    "founded",
    "ended",
    "orientation",
    "country",
    "notes",
    "sources",
    "mmp_id",
)
_MAX_ID = 10**9  # MMP's ids are small integers; anything larger is a corrupted cell


class _Log:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(
        self, severity: str, row: int | None, column: str | None, value: str | None, msg: str
    ) -> None:
        self.problems.append(Problem(severity, self.file, row, column, value, msg))  # type: ignore[arg-type]


# -- reading the files as they are -------------------------------------------
def _decode(p: Path, log: _Log) -> str:
    data = p.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        log.add("info", 1, None, None, "byte-order mark removed")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        log.add("error", line, None, None, f"not valid UTF-8 text (byte {exc.start})")
        return ""
    if "\r\n" in text:
        log.add("info", None, None, None, "Windows line ends (CRLF) read as line ends")
    return text


def _records(text: str, log: _Log) -> list[tuple[int, list[str]]]:
    import csv
    import io

    out: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, escapechar="\\")
    try:
        for rec in reader:
            if rec:
                out.append((reader.line_num, rec))
    except csv.Error as exc:
        log.add("error", reader.line_num + 1, None, None, f"unreadable CSV: {exc}")
    return out


def _header(raw: list[str], records: list[tuple[int, list[str]]], log: _Log) -> list[int]:
    """Positions of the columns to keep: a trailing unnamed column whose cells
    are all empty (MMP ends every line with a comma) is dropped and reported."""
    keep = []
    for i, name in enumerate(raw):
        if name != name.strip():
            log.add("info", 1, name.strip(), name, "spaces around a column name removed")
        if name.strip():
            keep.append(i)
        elif all(i >= len(r) or not r[i].strip() for _, r in records):
            log.add(
                "info",
                1,
                None,
                None,
                f"unnamed column {i + 1} is empty in every row (a trailing comma on each "
                "line): dropped",
            )
        else:
            log.add("error", 1, None, None, f"column {i + 1} has values but no name")
    return keep


def _read(path: str | Path, name: str, required: tuple[str, ...]) -> tuple[Table, _Log]:
    p = Path(path)
    log = _Log(str(p))
    if not p.is_file():
        raise ValidationError(
            ValidationReport([Problem("error", str(p), None, None, None, "file not found")]),
            header=f"cannot read MMP {name} file",
        )
    records = _records(_decode(p, log), log)
    if not records:
        log.add("error", None, None, None, "empty file: expected a header row")
    header = records[0][1] if records else []
    keep = _header(header, records[1:], log)
    columns = [header[i].strip() for i in keep]
    for c in required:
        if c not in columns:
            log.add("error", 1, c, None, f"missing required column {c!r}")
    if len(set(columns)) != len(columns):
        log.add("error", 1, None, ",".join(columns), "duplicate column name in header")
    rows, nums = [], []
    for num, rec in records[1:]:
        if len(rec) != len(header):
            log.add(
                "error",
                num,
                None,
                ",".join(rec),
                f"row has {len(rec)} fields but the header has {len(header)}",
            )
            continue
        rows.append([rec[i] for i in keep])
        nums.append(num)
    if any(pr.severity == "error" for pr in log.problems):
        raise ValidationError(ValidationReport(log.problems), header=f"cannot read MMP {name} file")
    return Table(name, str(p), columns, rows, nums), log


def check_id(value: str) -> tuple[str | None, str | None]:
    """An MMP group id as a canonical string, or ``None`` and the reason.

    Examples
    --------
    >>> check_id(" 42 ")
    ('42', None)
    >>> check_id("42.0")
    ('42', None)
    >>> check_id("-99")[1]
    'placeholder group id'
    >>> check_id("inf")[1]
    'not a group id (infinite or not a number)'
    >>> check_id("12345678901")[1]
    'not a group id (implausibly large)'
    """
    text = value.strip()
    if not text:
        return None, "placeholder group id"
    try:
        number = float(text)
    except ValueError:
        return None, "not a group id (not a number)"
    if not math.isfinite(number):
        return None, "not a group id (infinite or not a number)"
    if number != int(number):
        return None, "not a group id (not a whole number)"
    if number <= 0:
        return None, "placeholder group id"
    if number >= _MAX_ID:
        return None, "not a group id (implausibly large)"
    return str(int(number)), None


def _renamed(columns: list[str], own: tuple[str, ...], log: _Log) -> dict[str, str]:
    """Output names of extra input columns: a name the importer writes itself
    becomes ``mmp_<name>`` (``mmp_<name>_2``... if that is taken too)."""
    out: dict[str, str] = {}
    taken = set(own) | set(columns)
    for c in columns:
        if c not in own:
            out[c] = c
            continue
        new, n = f"mmp_{c}", 2
        while new in taken:
            new, n = f"mmp_{c}_{n}", n + 1
        taken.add(new)
        out[c] = new
        log.add(
            "info",
            1,
            c,
            c,
            f"input column {c!r} renamed {new!r} (the importer writes its own {c!r})",
        )
    return out


# -- the group key ------------------------------------------------------------
@dataclass
class _Key:
    names: dict[str, str] = field(default_factory=dict)
    extra: dict[str, dict[str, str]] = field(default_factory=dict)


def _read_key(path: str | Path) -> tuple[_Key, list[Problem]]:
    table, log = _read(path, "groups", GROUP_COLUMNS)
    key = _Key()
    ix = {c: table.columns.index(c) for c in table.columns}
    extra = _renamed([c for c in table.columns if c not in GROUP_COLUMNS], OWN_GROUP_COLUMNS, log)
    for r, row in zip(table.rows, table.rownums, strict=True):
        raw_id, raw = r[ix["group_id"]], r[ix["name"]]
        gid, why = check_id(raw_id)
        if gid is None:
            log.add("warning", row, "group_id", raw_id, f"{why} ({raw.strip()!r}): row skipped")
            continue
        if gid != raw_id:
            log.add("info", row, "group_id", raw_id, f"group id read as {gid!r}")
        name = clean_text(raw)
        if name != raw:
            log.add("info", row, "name", raw, f"cleaned to {name!r}")
        if gid in key.names:
            if key.names[gid] != name:
                log.add(
                    "warning",
                    row,
                    "group_id",
                    raw_id,
                    f"group id listed twice with names {key.names[gid]!r} and {name!r}; "
                    "kept the first",
                )
            continue
        key.names[gid] = name
        key.extra[gid] = {new: r[ix[old]] for old, new in extra.items()}
    return key, log.problems


# -- the relationship rows ----------------------------------------------------
def _clean_row(raw: dict[str, str], row: int, log: _Log) -> dict[str, str]:
    vals = {}
    for c in REL_COLUMNS:
        v = clean_text(raw[c])
        if v != raw[c] and c in ("description", "group1_name", "group2_name"):
            log.add("info", row, c, raw[c], "cleaned HTML entities, escaped quotes or whitespace")
        vals[c] = v
    return vals


def _ends(vals: dict[str, str], raw: dict[str, str], row: int, log: _Log) -> tuple[str, str] | None:
    """The two group ids of a row, or ``None`` (reported) if the row is skipped."""
    ids = []
    for col in ("group1_id", "group2_id"):
        gid, why = check_id(raw[col])
        if gid is None:
            name = vals[col.replace("_id", "_name")]
            log.add("warning", row, col, raw[col], f"{why} ({name!r}): row skipped")
        elif gid != raw[col]:
            log.add("info", row, col, raw[col], f"group id read as {gid!r}")
        ids.append(gid)
    g1, g2 = ids
    if g1 is None or g2 is None:
        return None
    if g1 == g2:
        log.add(
            "warning",
            row,
            "group2_id",
            raw["group2_id"],
            "self-loop (group1 = group2): row skipped",
        )
        return None
    return g1, g2


def _start(raw: str, row: int, log: _Log, today: _dt.date | None) -> str:
    try:
        start, note = convert_date(raw, today)
    except DateError as exc:
        log.add("warning", row, "date", raw, f"{exc}; start left undocumented")
        return ""
    if note:
        log.add("warning", row, "date", raw, note)
    return start


_FALLBACK_NOTE = {
    "split": "group2 taken as the splinter (MMP's usual order for spl rows)",
    "merger": "group1 taken as the group folding in (MMP's usual order for mer rows)",
}


def _report_decision(d: Decision, code: str, vals: dict[str, str], row: int, log: _Log) -> None:
    if d.flagged:
        log.add(
            "warning",
            row,
            "description",
            vals["description"],
            f"{d.klass} (MMP {code!r}): the description does not settle who acted; "
            + (
                f"{_FALLBACK_NOTE[d.type]}, check it"
                if d.type in _FALLBACK_NOTE
                else "kept as an undirected alliance"
            ),
        )


def _relation(
    vals: dict[str, str], g1: str, g2: str, start: str, d: Decision, extra: dict[str, str], rid: str
) -> dict[str, str]:
    src, dst = (g2, g1) if d.actor == 2 else (g1, g2)
    return {
        "id": rid,
        "source": f"mmp-{src}",
        "target": f"mmp-{dst}",
        "type": d.type,
        "start": start,
        "end": "",
        "confidence": "reported",
        "evidence": vals["description"],
        "sources": "mmp",
        "notes": (
            f"direction not settled by the description: {_FALLBACK_NOTE[d.type]}"
            if d.flagged and d.type in _FALLBACK_NOTE
            else ""
        ),
        "mmp_ids": vals["unique_id"],
        "mmp_type": vals["type"],
        "mmp_group1": g1,
        "mmp_group2": g2,
        "mmp_decision": d.klass,
        "mmp_phrase": d.phrase,
        **extra,
    }


@dataclass
class _Relations:
    records: list[dict[str, str]] = field(default_factory=list)
    names: dict[str, Counter[str]] = field(default_factory=dict)
    decisions: Counter[str] = field(default_factory=Counter)
    #: per MMP code (spl, mer), who acted: ``group1``/``group2`` where the text
    #: settles it, ``fallback`` where it does not
    direction: dict[str, Counter[str]] = field(default_factory=dict)
    rows: int = 0


def _shared_abbreviations(table: Table, key: _Key) -> frozenset[str]:
    """Abbreviations several groups of the export share (they settle nothing)."""
    names: dict[str, list[str]] = {gid: [n] for gid, n in key.names.items()}
    ix = {c: table.columns.index(c) for c in REL_COLUMNS}
    for r in table.rows:
        for idc, namec in (("group1_id", "group1_name"), ("group2_id", "group2_name")):
            gid, _ = check_id(r[ix[idc]])
            name = clean_text(r[ix[namec]])
            if gid is not None and name:
                names.setdefault(gid, []).append(name)
    return abbreviations({g: list(dict.fromkeys(ns)) for g, ns in names.items()})


def _read_relations(
    table: Table, log: _Log, today: _dt.date | None, shared: frozenset[str] = frozenset()
) -> _Relations:
    out = _Relations(rows=len(table.rows))
    extra = _renamed([c for c in table.columns if c not in REL_COLUMNS], OWN_RELATION_COLUMNS, log)
    seen: dict[tuple[str, ...], dict[str, str]] = {}
    used: set[str] = set()
    for r, row in zip(table.rows, table.rownums, strict=True):
        raw = dict(zip(table.columns, r, strict=True))
        vals = _clean_row(raw, row, log)
        code = vals["type"].lower()
        if code not in MMP_TYPES:
            log.add(
                "warning",
                row,
                "type",
                raw["type"],
                f"unknown MMP type code (expected {', '.join(MMP_TYPES)}): row skipped",
            )
            out.decisions["skipped"] += 1
            continue
        ends = _ends(vals, raw, row, log)
        if ends is None:
            out.decisions["skipped"] += 1
            continue
        g1, g2 = ends
        for gid, col in ((g1, "group1_name"), (g2, "group2_name")):
            if vals[col]:
                out.names.setdefault(gid, Counter())[vals[col]] += 1
        start = _start(raw["date"], row, log, today)
        full = (code, g1, g2, start, vals["description"])
        if full in seen:
            seen[full]["mmp_ids"] += f";{vals['unique_id']}"
            log.add(
                "info",
                row,
                "unique_id",
                raw["unique_id"],
                f"exact duplicate of relation {seen[full]['id']}: merged into it",
            )
            out.decisions["merged duplicate"] += 1
            continue
        d = decide(code, vals["description"], vals["group1_name"], vals["group2_name"], shared)
        _report_decision(d, code, vals, row, log)
        out.decisions[d.klass] += 1
        if code in ("spl", "mer"):
            who = "fallback" if d.flagged else f"group{d.actor}"
            out.direction.setdefault(code, Counter())[who] += 1
        uid = vals["unique_id"]
        rid = f"mmp-{uid}" if uid and f"mmp-{uid}" not in used else f"mmp-row{row}"
        if rid.startswith("mmp-row"):
            log.add(
                "warning",
                row,
                "unique_id",
                raw["unique_id"],
                f"missing or repeated unique_id: relation id {rid}",
            )
        used.add(rid)
        rec = _relation(vals, g1, g2, start, d, {new: raw[old] for old, new in extra.items()}, rid)
        seen[full] = rec
        out.records.append(rec)
    return out


# -- groups -------------------------------------------------------------------
def _groups(key: _Key, rels: _Relations, log: _Log) -> list[dict[str, str]]:
    used = (g for r in rels.records for g in (r["mmp_group1"], r["mmp_group2"]))
    groups = []
    for gid in dict.fromkeys([*key.names, *used]):
        counted = rels.names.get(gid, Counter())
        if gid in key.names:
            name = key.names[gid]
        elif counted:
            name = counted.most_common(1)[0][0]
        else:
            name = f"MMP group {gid}"
            log.add("warning", None, "group1_id", gid, "group has no name in the export")
        aliases = sorted(n for n in counted if n != name)
        if aliases:
            log.add(
                "info",
                None,
                "group1_name",
                gid,
                f"group {gid} appears under several names; canonical {name!r}, "
                f"others kept as aliases: {', '.join(aliases)}",
            )
        groups.append(
            {
                "id": f"mmp-{gid}",
                "name": name,
                "aliases": ";".join(aliases),
                "sources": "mmp",
                "mmp_id": gid,
                **key.extra.get(gid, {}),
            }
        )
    return groups


def _summary(rels: _Relations, log: _Log) -> dict[str, object]:
    counts = dict(sorted(rels.decisions.items()))
    text = ", ".join(f"{k} {v}" for k, v in counts.items())
    log.add("info", None, None, None, f"{rels.rows} rows read; decisions: {text}")
    direction = {k: dict(sorted(v.items())) for k, v in sorted(rels.direction.items())}
    return {"rows": rels.rows, "decisions": counts, "direction": direction}


def read_mmp(
    relationships_csv: str | Path,
    groups_csv: str | Path | None = None,
    *,
    today: _dt.date | None = None,
) -> Network:
    """Read Stanford MMP's relationship export as a :class:`Network`.

    Parameters
    ----------
    relationships_csv : path
        The relationship export (``unique_id,type,group1_id,group2_id,date,
        description,group1_name,group2_name``; further columns kept).
    groups_csv : path, optional
        The group key (``group_id,name``, further columns kept). Without it,
        groups are named from the relationship rows.
    today : datetime.date, optional
        Reference day for two-digit years (default: today); a two-digit year
        is never read as a year after it.

    Returns
    -------
    Network
        Each relation's type and direction come from its description
        (``mmp_decision`` says which wording settled it, ``mmp_phrase``
        quotes it); MMP's code and column order are kept in ``mmp_type``,
        ``mmp_group1`` and ``mmp_group2``. ``net.metadata["mmp"]`` counts the
        rows per decision. ``net.validation`` lists everything the import
        changed (``"info"``: byte-order mark, line ends, dropped empty
        columns, renamed columns, cleaned text, merged duplicates) or flagged
        (``"warning"``: placeholder or impossible ids, unsettled directions,
        odd dates, skipped rows), each with file, row, column and value.

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
    >>> net.relations.loc["mmp-1001", ["mmp_decision", "mmp_phrase"]].tolist()
    ['split: split from', 'split from']
    >>> net.metadata["mmp"]["decisions"]["split: split from"]
    2
    """
    from militnet._classes.network import Network, _to_table
    from militnet._dataset.validate import check_tables

    table, log = _read(relationships_csv, "relationships", REL_COLUMNS)
    key, key_problems = _read_key(groups_csv) if groups_csv is not None else (_Key(), [])
    log.problems[:0] = key_problems
    rels = _read_relations(table, log, today, _shared_abbreviations(table, key))
    groups = _groups(key, rels, log)
    summary = _summary(rels, log)
    tables = {
        "groups": _to_table("groups", groups),
        "relations": _to_table("relations", rels.records),
        "sources": _to_table("sources", [MMP_SOURCE]),
    }
    report = ValidationReport([*log.problems, *check_tables(tables)])
    if not report.ok:
        raise ValidationError(report, header="the MMP export does not make a valid network")
    meta = {
        "name": "mmp",
        "title": "Import of a Mapping Militant Organizations export",
        "sources": [{"title": MMP_SOURCE["title"], "path": MMP_SOURCE["url"]}],
        "mmp": summary,
    }
    return Network._from_tables(tables, meta, report)
