"""Shared machinery of the event-data readers (GTD, UCDP GED, ACLED).

Each reader turns one export file into a :class:`~militnet.Network` whose
groups are the actors found (the source's spelling kept), whose ``events`` and
``event_actors`` follow the evidence-events format, with no relations. This
module holds what they share:

- reading the file as it is (CSV in UTF-8, or in Windows-1252 / Latin-1 when it
  is not UTF-8, reported; Excel through openpyxl), every cell a stripped
  string, column names compared in lower case, columns the reader does not use
  ignored whatever their order;
- whole-column conversions (numbers, days, partial dates, coordinates) that
  flag the cells they cannot read;
- deterministic group ids from names (:func:`slug_ids`);
- the row accounting: every input row is imported, skipped with a reason or
  merged as a duplicate, each reported in ``net.validation`` (``info``) and
  counted in ``net.metadata[<reader>]``;
- building the network and refusing it, with every problem at once (file, row,
  column, value), when a row cannot be read.

Row numbers are those a spreadsheet shows: the header is row 1, the first
record row 2 (for a CSV file with line breaks inside quoted cells, the record's
number, not its first line).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._core.errors import MissingDependencyError, ValidationError
from militnet._core.problems import Problem, ValidationReport
from militnet._core.schema import COLUMNS

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = [
    "ImportLog",
    "build_network",
    "join_notes",
    "read_frame",
    "slug",
    "slug_ids",
]

#: File name endings read as Excel workbooks.
EXCEL_SUFFIXES = (".xlsx", ".xlsm")

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """A lower-case ASCII id made from a name (``""`` if nothing is left).

    Examples
    --------
    >>> slug("Tehrik-i-Taliban Pakistan (TTP)")
    'tehrik-i-taliban-pakistan-ttp'
    >>> slug("Jaish-e-Muhammad  ")
    'jaish-e-muhammad'
    >>> slug("Lashkar-e-Jhangvi al-Alami")
    'lashkar-e-jhangvi-al-alami'
    """
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NON_ALNUM.sub("-", ascii_.lower()).strip("-")


def slug_ids(names: Iterable[str], log: ImportLog | None = None) -> dict[str, str]:
    """Name -> group id for distinct names, deterministic whatever their order.

    Names are taken in sorted order; a name whose slug is taken by another name
    gets ``-2``, ``-3``... (reported: the two are kept apart, the crosswalk
    decides whether they are one group).

    Examples
    --------
    >>> slug_ids(["Lashkar-e-Jhangvi", "IS", "Lashkar e Jhangvi"])  # doctest: +NORMALIZE_WHITESPACE
    {'IS': 'is', 'Lashkar e Jhangvi': 'lashkar-e-jhangvi',
     'Lashkar-e-Jhangvi': 'lashkar-e-jhangvi-2'}
    """
    out: dict[str, str] = {}
    owner: dict[str, str] = {}
    for name in sorted(set(names)):
        base = slug(name) or "group"
        gid, n = base, 2
        while gid in owner:
            gid, n = f"{base}-{n}", n + 1
        if gid != base and log is not None:
            log.add(
                "info",
                None,
                None,
                name,
                f"names {owner[base]!r} and {name!r} make the same id: kept apart as "
                f"{base!r} and {gid!r} (a crosswalk decides whether they are one group)",
            )
        owner[gid] = name
        out[name] = gid
    return out


class ImportLog:
    """Problems found while importing one file, and the row accounting."""

    def __init__(self, file: str, reader: str) -> None:
        self.file = file
        self.reader = reader
        self.problems: list[Problem] = []
        self.rows = 0
        self.imported = 0
        self.merged = 0
        self.skipped: Counter[str] = Counter()

    def add(
        self, severity: str, row: int | None, column: str | None, value: str | None, msg: str
    ) -> None:
        """Record one problem."""
        self.problems.append(Problem(severity, self.file, row, column, value, msg))  # type: ignore[arg-type]

    def cells(
        self,
        severity: str,
        mask: np.ndarray,
        column: str,
        values: Sequence[str] | np.ndarray,
        msg: str,
    ) -> None:
        """One problem per row flagged in ``mask`` (rows numbered as a spreadsheet)."""
        for i in np.flatnonzero(mask).tolist():
            self.add(severity, i + 2, column, str(values[i]), msg)

    def skip(
        self, mask: np.ndarray, reason: str, column: str | None, values: Sequence[str] | np.ndarray
    ) -> None:
        """Account for the rows in ``mask`` as skipped for ``reason`` (one ``info`` each)."""
        count = int(np.count_nonzero(mask))
        if not count:
            return
        self.skipped[reason] += count
        for i in np.flatnonzero(mask).tolist():
            self.add("info", i + 2, column, str(values[i]), f"row skipped: {reason}")

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def fail(self, header: str) -> None:
        """Raise the problems found so far if any is an error."""
        if self.has_errors:
            raise ValidationError(ValidationReport(self.problems), header=header)

    def summary(self) -> dict[str, Any]:
        """The accounting, as recorded in ``net.metadata[reader]`` (also an ``info``)."""
        skipped = dict(sorted(self.skipped.items()))
        n_skipped = sum(skipped.values())
        parts = [f"{self.imported} imported", f"{n_skipped} skipped"]
        if skipped:
            parts[-1] += " (" + ", ".join(f"{k}: {v}" for k, v in skipped.items()) + ")"
        parts.append(f"{self.merged} merged as duplicates")
        self.add("info", None, None, None, f"{self.rows} rows read: " + ", ".join(parts))
        return {
            "rows": self.rows,
            "imported": self.imported,
            "skipped": skipped,
            "merged": self.merged,
        }


# -- reading ------------------------------------------------------------------
def _decode(data: bytes, log: ImportLog, encoding: str | None) -> str:
    if encoding is not None:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            log.add("error", None, None, None, f"cannot decode the file as {encoding}: {exc}")
            return ""
    if data.startswith(b"\xef\xbb\xbf"):
        log.add("info", 1, None, None, "byte-order mark removed")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        where = f"first non-UTF-8 byte at line {line}"
    for enc, label in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1 (ISO-8859-1)")):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        log.add(
            "info",
            None,
            None,
            None,
            f"the file is not UTF-8 ({where}): read as {label}, as GTD and older "
            "exports often are (pass encoding= to choose)",
        )
        return text
    return ""  # latin-1 decodes any bytes: not reached


def read_frame(
    path: str | Path,
    log: ImportLog,
    *,
    required: Sequence[str],
    wanted: Iterable[str],
    what: str,
    sheet: str | int | None = None,
    encoding: str | None = None,
) -> pd.DataFrame:
    """The ``wanted`` columns of a CSV or Excel file, every cell a stripped string.

    Column names are matched in lower case with spaces around them removed;
    other columns are ignored in any order. A missing ``required`` column, a
    duplicate column name, or a file that cannot be read raises
    :class:`~militnet.ValidationError` naming the file.
    """
    import pandas as pd

    p = Path(path)
    header = f"cannot read {what} file {p}"
    if not p.is_file():
        log.add("error", None, None, None, "file not found")
        log.fail(header)
    wanted_set = {w.lower() for w in wanted} | {r.lower() for r in required}
    if p.suffix.lower() in EXCEL_SUFFIXES:
        try:
            import openpyxl  # noqa: F401
        except ImportError as exc:
            raise MissingDependencyError(
                f"reading the Excel file {p} needs openpyxl "
                "(pip install openpyxl, or pip install 'militnet[import]'); "
                "or save the sheet as CSV"
            ) from exc
        try:
            df = pd.read_excel(
                p, sheet_name=0 if sheet is None else sheet, dtype=str, keep_default_na=False
            )
        except Exception as exc:  # openpyxl and pandas raise many kinds
            log.add("error", None, None, None, f"unreadable Excel workbook: {exc}")
            log.fail(header)
        df.columns = [str(c).strip().lower() for c in df.columns]
        keep = [c for c in df.columns if c in wanted_set]
        df = df.loc[:, keep]
    else:
        if sheet is not None:
            log.add("warning", None, None, str(sheet), "sheet= is for Excel files: ignored")
        text = _decode(p.read_bytes(), log, encoding)
        log.fail(header)
        if not text.strip():
            log.add("error", None, None, None, "empty file: expected a header row")
            log.fail(header)
        try:
            df = pd.read_csv(
                io.StringIO(text),
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                usecols=lambda c: str(c).strip().lower() in wanted_set,
            )
        except (pd.errors.ParserError, ValueError) as exc:
            log.add("error", None, None, None, f"unreadable CSV: {exc}")
            log.fail(header)
        df.columns = [str(c).strip().lower() for c in df.columns]
    names = list(df.columns)
    dup = sorted({c for c in names if names.count(c) > 1})
    if dup:
        log.add("error", 1, None, ",".join(dup), "duplicate column name in header")
    for c in required:
        if c not in names:
            log.add("error", 1, c, None, f"missing required column {c!r}")
    log.fail(header)
    out = pd.DataFrame(
        {c: _clean(df[c]) for c in names}, index=pd.RangeIndex(len(df)), dtype=object
    )
    log.rows = len(out)
    return out


_EDGE_SPACE = re.compile(r"(?:^|\x00)\s|\s(?:\x00|$)")


def _clean(s: pd.Series) -> np.ndarray:
    """Stripped strings (``""`` for missing), as an object array (a column with no
    cell to strip, found by searching the joined cells, is not copied)."""
    values = s.fillna("").astype(str).to_numpy(dtype=object)
    joined = "\x00" + "\x00".join(values.tolist()) + "\x00"
    if joined.isascii():  # a space at a cell's edge, or any other ASCII space at all
        dirty = "\x00 " in joined or " \x00" in joined or any(c in joined for c in "\t\r\n\x0b\x0c")
    else:  # Unicode spaces too: the slower search
        dirty = _EDGE_SPACE.search(joined) is not None
    if not dirty:
        return values
    return np.array([v.strip() for v in values.tolist()], dtype=object)


def column(df: pd.DataFrame, name: str) -> np.ndarray:
    """Column ``name`` as an object array of strings (empty cells if it is absent)."""
    if name in df.columns:
        return df[name].to_numpy(dtype=object)
    return np.full(len(df), "", dtype=object)


# -- conversions ----------------------------------------------------------------
def numbers(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cells as floats (nan where empty or unreadable) and the mask of non-empty
    cells that are not finite numbers."""
    import pandas as pd

    filled = values != ""
    # each distinct cell converted once (codes, flags and years repeat a lot)
    codes, uniques = pd.factorize(values)
    conv = pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce")
    distinct = conv.to_numpy(dtype=np.float64, na_value=np.nan)
    arr = distinct[codes] if len(values) else np.zeros(0, dtype=np.float64)
    arr[~filled] = np.nan
    return arr, filled & ~np.isfinite(arr)


def integers(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cells as int64 (0 where empty or bad), the mask of cells that hold a whole
    number (``"3"``, ``"3.0"``), and the mask of non-empty cells that do not."""
    num, bad = numbers(values)
    ok = np.isfinite(num) & (np.abs(num) < 2**53)
    ok[ok] = num[ok] == np.floor(num[ok])
    bad = bad | ((values != "") & ~ok)
    return np.where(ok, num, 0).astype(np.int64), ok, bad


def int_text(values: np.ndarray) -> np.ndarray:
    """Whole numbers as text (``3`` -> ``"3"``), vectorised."""
    import pandas as pd

    return pd.Series(values, dtype=np.int64).astype(str).to_numpy(dtype=object)


def partial_dates(
    year: np.ndarray, month: np.ndarray, day: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` from integer parts (0 = unknown;
    a day is only written with its month), and the mask of impossible days
    (``2015-02-30``)."""
    import pandas as pd

    y = pd.Series(year, dtype=np.int64).astype(str).str.zfill(4)
    m = pd.Series(month, dtype=np.int64).astype(str).str.zfill(2)
    d = pd.Series(day, dtype=np.int64).astype(str).str.zfill(2)
    ym = y + "-" + m
    full = ym + "-" + d
    has_m = month > 0
    has_d = has_m & (day > 0)
    out = np.where(
        has_d,
        full.to_numpy(dtype=object),
        np.where(has_m, ym.to_numpy(dtype=object), y.to_numpy(dtype=object)),
    )
    bad = np.zeros(len(year), dtype=bool)
    if has_d.any():
        parsed = pd.to_datetime(
            pd.Series(full[has_d].to_numpy(dtype=object)), format="%Y-%m-%d", errors="coerce"
        )
        bad[np.flatnonzero(has_d)] = parsed.isna().to_numpy()
    return out.astype(object), bad


_ISO_DAY = r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_US_DAY = r"^\d{1,2}/\d{1,2}/\d{4}$"
_LONG_DAY = r"^\d{1,2}[ -][A-Za-z]+[ -]\d{4}$"


def days(
    values: np.ndarray, *, long_form: bool = False, us_form: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Cells that are days as ``YYYY-MM-DD`` (``""`` where empty or unreadable) and
    the mask of non-empty cells that are not a real day.

    Accepts ``YYYY-MM-DD`` with an optional time (timestamps, Excel cells),
    ``M/D/YYYY`` when ``us_form``, and ``12 January 2021`` when ``long_form``.
    """
    import pandas as pd

    s = pd.Series(values, dtype=object)
    filled = values != ""
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    iso = s.str.match(_ISO_DAY).fillna(False).to_numpy(dtype=bool)
    if iso.any():
        out[iso] = pd.to_datetime(s[iso].str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    if us_form:
        us = s.str.match(_US_DAY).fillna(False).to_numpy(dtype=bool)
        if us.any():
            out[us] = pd.to_datetime(s[us], format="%m/%d/%Y", errors="coerce")
    if long_form:
        lf = s.str.match(_LONG_DAY).fillna(False).to_numpy(dtype=bool)
        if lf.any():
            norm = s[lf].str.replace("-", " ", regex=False)
            parsed = pd.to_datetime(norm, format="%d %B %Y", errors="coerce")
            short = parsed.isna()
            if short.any():
                parsed[short] = pd.to_datetime(norm[short], format="%d %b %Y", errors="coerce")
            out[lf] = parsed
    ok = out.notna().to_numpy()
    text = out.dt.strftime("%Y-%m-%d").fillna("").to_numpy(dtype=object)
    text[~ok] = ""
    return text, filled & ~ok


def coordinates(
    lat_raw: np.ndarray,
    lon_raw: np.ndarray,
    keep: np.ndarray,
    rows: np.ndarray,
    log: ImportLog,
) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude cells kept where ``keep`` and both are valid numbers
    in range; in the imported ``rows``, cells that are not numbers or out of
    range are reported (``warning``) and left empty, with their event kept."""
    lat, bad_lat = numbers(lat_raw)
    lon, bad_lon = numbers(lon_raw)
    out_lat = np.isfinite(lat) & (np.abs(lat) > 90)
    out_lon = np.isfinite(lon) & (np.abs(lon) > 180)
    bad_lat, bad_lon, out_lat, out_lon = (m & rows for m in (bad_lat, bad_lon, out_lat, out_lon))
    log.cells(
        "warning", bad_lat, "latitude", lat_raw, "latitude is not a number: coordinates left empty"
    )
    log.cells(
        "warning",
        bad_lon,
        "longitude",
        lon_raw,
        "longitude is not a number: coordinates left empty",
    )
    log.cells(
        "warning",
        out_lat,
        "latitude",
        lat_raw,
        "latitude out of range (-90..90): coordinates left empty",
    )
    log.cells(
        "warning",
        out_lon,
        "longitude",
        lon_raw,
        "longitude out of range (-180..180): coordinates left empty",
    )
    good = keep & np.isfinite(lat) & np.isfinite(lon) & ~out_lat & ~out_lon
    return np.where(good, lat_raw, ""), np.where(good, lon_raw, "")


def fatalities(values: np.ndarray, column: str, rows: np.ndarray, log: ImportLog) -> np.ndarray:
    """Death counts as whole-number text: empty, negative (a code for unknown) and
    unreadable cells give ``""`` (unreadable ones in the imported ``rows`` reported)."""
    n, ok, bad = integers(values)
    bad = bad & rows
    log.cells("warning", bad, column, values, "not a whole number of deaths: left empty (unknown)")
    good = ok & (n >= 0)
    return np.where(good, int_text(np.where(good, n, 0)), "")


def join_notes(*parts: np.ndarray) -> np.ndarray:
    """Per row, the non-empty parts joined with ``"; "`` (vectorised).

    Examples
    --------
    >>> import numpy as np
    >>> a = np.array(["x", "", "y"], dtype=object)
    >>> b = np.array(["", "", "z"], dtype=object)
    >>> join_notes(a, b).tolist()
    ['x', '', 'y; z']
    """
    if not parts:
        return np.zeros(0, dtype=object)
    out = np.asarray(parts[0], dtype=object)
    for p in parts[1:]:
        p = np.asarray(p, dtype=object)
        both = (out != "") & (p != "")
        joined = np.where(both, out + "; " + np.where(both, p, ""), "")
        out = np.where(both, joined, np.where(out != "", out, p))
    return out.astype(object)


def labelled(mask: np.ndarray, text: str | np.ndarray) -> np.ndarray:
    """``text`` where ``mask``, else ``""`` (an object array)."""
    return np.where(mask, text, "").astype(object)


# -- building the network -------------------------------------------------------
def _table(name: str, file: str, data: Mapping[str, Sequence[Any]], n: int) -> Any:
    from militnet._core.table import Table

    known = list(COLUMNS[name])
    cols = [_strs(data[c]) if c in data else [""] * n for c in known]
    extra = [c for c in data if c not in known]
    cols += [_strs(data[c]) for c in extra]
    return Table(name, f"{file} ({name})", known + extra, cols=cols)


def _strs(values: Sequence[Any]) -> list[str]:
    if isinstance(values, np.ndarray):
        return values.tolist()  # the readers build their arrays of str
    return [str(v) for v in values]


def build_network(
    log: ImportLog,
    *,
    groups: Mapping[str, Any],
    events: Mapping[str, Any],
    actors: Mapping[str, Any],
    sources: Mapping[str, Any],
    metadata: dict[str, Any],
) -> Network:
    """The network of these tables (no relations), with the log and the tables'
    own checks as its validation report; raises if either has an error."""
    from militnet._classes.network import Network
    from militnet._dataset.validate import check_tables

    def size(d: Mapping[str, Sequence[Any]]) -> int:
        return len(next(iter(d.values()))) if d else 0

    tables = {
        "groups": _table("groups", log.file, groups, size(groups)),
        "relations": _table("relations", log.file, {}, 0),
        "sources": _table("sources", log.file, sources, size(sources)),
        "events": _table("events", log.file, events, size(events)),
        "event_actors": _table("event_actors", log.file, actors, size(actors)),
    }
    metadata[log.reader] = {**metadata.get(log.reader, {}), **log.summary()}
    report = ValidationReport([*log.problems, *check_tables(tables)])
    if not report.ok:
        raise ValidationError(
            report, header=f"the {log.reader} file {log.file} does not make a valid network"
        )
    return Network._from_tables(tables, metadata, report)


def group_countries(
    actor_groups: np.ndarray, actor_events: np.ndarray, event_ids: np.ndarray, countries: np.ndarray
) -> dict[str, str]:
    """Per group, the countries of its events, most events first (``;``-joined)."""
    import pandas as pd

    where = pd.Series(countries, index=pd.Index(event_ids, dtype=object), dtype=object)
    c = where.reindex(pd.Index(actor_events, dtype=object)).to_numpy(dtype=object)
    df = pd.DataFrame({"g": actor_groups, "c": c}, dtype=object)
    df = df[(df["c"] != "") & df["c"].notna()]
    if df.empty:
        return {}
    counts = df.groupby(["g", "c"], sort=True).size().reset_index(name="n")
    counts = counts.sort_values(["g", "n", "c"], ascending=[True, False, True], kind="stable")
    return {str(g): ";".join(map(str, sub["c"])) for g, sub in counts.groupby("g", sort=True)}


def first_spelling(ids: np.ndarray, names: np.ndarray) -> dict[str, tuple[str, list[str]]]:
    """Per id, its most frequent name (ties: first seen) and its other names, sorted."""
    out: dict[str, Counter[str]] = {}
    order: dict[str, dict[str, int]] = {}
    for i, n in zip(ids.tolist(), names.tolist(), strict=True):
        out.setdefault(i, Counter())[n] += 1
        order.setdefault(i, {}).setdefault(n, len(order[i]))
    res: dict[str, tuple[str, list[str]]] = {}
    for i, cnt in out.items():
        best = sorted(cnt, key=lambda n: (-cnt[n], order[i][n]))[0]
        res[i] = (best, sorted(n for n in cnt if n != best))
    return res
