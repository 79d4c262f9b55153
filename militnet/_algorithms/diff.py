"""What changed: between two dates of one network, or between two datasets.

Between two dates, whether a relation is active is decided by the snapshot
engine (:func:`militnet._engine.snapshot.snapshot`): a tie that stops being active
for any reason (an end date, a group that ended, a tie policy that lets old
ties lapse) is reported, with the reason when the data gives one.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from militnet._core.errors import MilitnetError
from militnet._core.policy import ALL_TYPES, TiePolicy, tie_policy

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["DatasetDiff", "DateDiff", "diff", "diff_datasets", "diff_dates"]

GROUP_COLUMNS = ("group", "name", "change", "date", "precision", "timing", "founded", "ended")
TIE_COLUMNS = (
    "relation",
    "source",
    "target",
    "type",
    "change",
    "reason",
    "date",
    "precision",
    "timing",
    "start",
    "end",
    "confidence",
    "sources",
)
CENTRALITY_COLUMNS = ("group", "measure", "before", "after", "change", "relations")
RECORD_COLUMNS = ("table", "id", "change", "column", "old", "new")


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=list(columns), dtype=object)


def _timing(value: Any, d1: _dt.date, d2: _dt.date) -> tuple[str, str, str]:
    """``(date, precision, timing)`` of a change's date in the window ``(d1, d2]``."""
    from militnet._core.dates import PartialDate

    if isinstance(value, _dt.date):
        return value.isoformat(), "derived", "within"
    text = str(value or "")
    try:
        pd_ = PartialDate.parse(text)
    except MilitnetError:  # validated data; be total anyway
        return text, "unknown", "during"
    if not pd_.is_known:
        return "", "unknown", "during"
    inside = d1 < pd_.first_day() and pd_.last_day() <= d2
    return str(pd_), pd_.precision, "within" if inside else "during"


def _when(r: Mapping[Any, Any]) -> str:
    if not r.get("date"):
        return ""
    if r.get("precision") == "derived":
        return f" (from {r['date']})"
    note = "" if r.get("timing") == "within" else f"; {r['precision']} precision, may fall outside"
    return f" (on {r['date']}{note})"


@dataclass(frozen=True)
class DateDiff:
    """What changed in one network between two days.

    Attributes
    ----------
    start, end : datetime.date
    groups : DataFrame
        Groups that appeared or ended (``group, name, change, date, precision,
        timing, founded, ended``).
    ties : DataFrame
        Relations that became active (``change="started"``) or stopped being
        active (``"ended"``: its end date passed or a group ended; ``"lapsed"``:
        inactive for another reason of the tie policy, e.g. no recent
        attestation), with their dates, confidence and sources.

        Both tables say *when*: ``date`` is the date behind the change as the
        data gives it (a start, an end, a group's founding or end; for a lapse,
        the day the lapse rule takes effect), ``precision`` its precision
        (``day``, ``month``, ``year``; ``derived`` for a lapse), and ``timing``
        where it falls: ``"within"`` the window (its whole span lies after the
        first day and on or before the second), or ``"during"`` when an
        imprecise date spans an edge of the window (a ``2015`` start in a
        window ending 2015-06-01: the date policy put it inside, the source
        does not say whether it happened before or after the window's end).
    centrality : DataFrame
        Groups whose centrality changed by more than the threshold, with the
        relations behind the change.
    reason : str
        Why nothing changed (``""`` when something did).
    """

    start: _dt.date
    end: _dt.date
    groups: pd.DataFrame
    ties: pd.DataFrame
    centrality: pd.DataFrame
    reason: str = ""

    @property
    def empty(self) -> bool:
        return not (len(self.groups) or len(self.ties) or len(self.centrality))

    def to_frame(self) -> pd.DataFrame:
        """Every change in one table: ``kind`` (group, tie, centrality), ``id``,
        ``change`` and a one-line ``detail``."""
        rows = [
            {
                "kind": "group",
                "id": r["group"],
                "change": r["change"],
                "detail": f"{r['name']} (founded {r['founded'] or '?'}, ended {r['ended'] or '-'})"
                + _when(r),
            }
            for r in self.groups.to_dict("records")
        ]
        rows += [
            {
                "kind": "tie",
                "id": r["relation"],
                "change": r["change"],
                "detail": f"{r['source']} {r['type']} {r['target']}: {r['reason']}"
                + _when(r)
                + f" [sources: {r['sources'] or '-'}]",
            }
            for r in self.ties.to_dict("records")
        ]
        rows += [
            {
                "kind": "centrality",
                "id": r["group"],
                "change": f"{r['change']:+g}",
                "detail": f"{r['measure']} {r['before']:g} → {r['after']:g} "
                f"(relations: {r['relations'] or '-'})",
            }
            for r in self.centrality.to_dict("records")
        ]
        return _frame(rows, ("kind", "id", "change", "detail"))

    def __str__(self) -> str:
        head = f"changes from {self.start} to {self.end}"
        if self.empty:
            return f"{head}: none — {self.reason}"
        during = int((self.groups["timing"] == "during").sum()) + int(
            (self.ties["timing"] == "during").sum()
        )
        lines = [
            f"{head}: {len(self.groups)} groups, {len(self.ties)} ties, "
            f"{len(self.centrality)} centrality changes"
            + (
                f"; {during} of them on imprecise dates that may fall outside the window"
                if during
                else ""
            )
        ]
        lines += [
            f"  {r['kind']} {r['id']}: {r['change']} — {r['detail']}"
            for r in self.to_frame().to_dict("records")
        ]
        return "\n".join(lines)


@dataclass(frozen=True)
class DatasetDiff:
    """Records added, removed and changed (field by field) between two datasets.

    ``changes`` has one row per added or removed record and per changed field:
    ``table, id, change, column, old, new``.
    """

    old: str
    new: str
    changes: pd.DataFrame
    reason: str = ""
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not len(self.changes)

    def to_frame(self) -> pd.DataFrame:
        return self.changes.copy()

    def __str__(self) -> str:
        head = f"changes from {self.old} to {self.new}"
        if self.empty:
            return f"{head}: none — {self.reason}"
        lines = [head + ":"]
        for table, c in self.counts.items():
            lines.append(
                f"  {table}: {c['added']} added, {c['removed']} removed, {c['changed']} changed"
            )
        for r in self.changes.to_dict("records"):
            if r["change"] == "changed":
                lines.append(f"  {r['table']} {r['id']}: {r['column']} {r['old']!r} → {r['new']!r}")
            else:
                lines.append(f"  {r['table']} {r['id']}: {r['change']}")
        return "\n".join(lines)


# -- between two dates ----------------------------------------------------------
def _group_changes(
    net: Network, a: np.ndarray, b: np.ndarray, d1: _dt.date, d2: _dt.date
) -> pd.DataFrame:
    g = net.groups
    rows = []
    for i, gid in enumerate(g.index):
        if a[i] != b[i]:
            date, precision, timing = _timing(
                g.at[gid, "founded"] if b[i] else g.at[gid, "ended"], d1, d2
            )
            rows.append(
                {
                    "group": gid,
                    "name": g.at[gid, "name"],
                    "change": "appeared" if b[i] else "ended",
                    "date": date,
                    "precision": precision,
                    "timing": timing,
                    "founded": g.at[gid, "founded"],
                    "ended": g.at[gid, "ended"],
                }
            )
    return _frame(rows, GROUP_COLUMNS)


def _tie_reason(
    net: Network, i: int, t2: int, alive2: np.ndarray, started: bool, pol: TiePolicy
) -> tuple[str, str, Any]:
    """The change of relation ``i``, its reason, and the date behind it."""
    import datetime as dt

    from militnet._core.dates import DATE_POLICIES

    idx = net.time_index
    rel = net.relations.iloc[i]
    groups = net.groups
    ends = (str(rel["source"]), str(rel["target"]))
    if started:
        if not (alive2[idx.src[i]] and alive2[idx.tgt[i]]):  # pragma: no cover - defensive
            return "started", "started", rel["start"]
        if idx.s_first[i] <= t2 and rel["start"]:
            return "started", "its start date passed", rel["start"]
        # active since a group came to life (or undated): the later founding
        founded = [str(groups.at[g, "founded"]) for g in ends if groups.at[g, "founded"]]
        return "started", "started", max(founded, default=str(rel["start"]))
    if idx.r_first[i] <= t2:
        return "ended", "its end date passed", rel["end"]
    if not (alive2[idx.src[i]] and alive2[idx.tgt[i]]):
        gone = [g for g, p in zip(ends, (idx.src[i], idx.tgt[i]), strict=True) if not alive2[p]]
        return "ended", "one of its groups ended", groups.at[gone[0], "ended"] if gone else ""
    ref = rel.get("last_attested", "") or rel["start"]
    what = (
        f"last attested {ref}"
        if rel.get("last_attested", "")
        else (f"never attested, started {ref}" if ref else "never attested")
    )
    when: Any = ""
    if pol.stale_months is not None and idx.has_reference[i]:
        side = DATE_POLICIES[pol.date_policy][1]
        when = dt.date.fromordinal(int(idx.lapse_day(pol.stale_months, side)[i]))
    return "lapsed", f"no longer active under the tie policy's lapse rule ({what})", when


def _tie_changes(
    net: Network, s1: Any, s2: Any, pol: TiePolicy, d1: _dt.date, d2: _dt.date
) -> pd.DataFrame:
    import numpy as np

    rel = net.relations
    t2 = s2.day.toordinal()
    rows = []
    for i in np.flatnonzero(s1.active != s2.active):
        rid = str(rel.index[int(i)])
        r = rel.iloc[int(i)]
        change, reason, value = _tie_reason(net, int(i), t2, s2.alive, bool(s2.active[i]), pol)
        date, precision, timing = _timing(value, d1, d2)
        rows.append(
            {
                "relation": rid,
                "source": r["source"],
                "target": r["target"],
                "type": r["type"],
                "change": change,
                "reason": reason,
                "date": date,
                "precision": precision,
                "timing": timing,
                "start": r["start"],
                "end": r["end"],
                "confidence": r["confidence"],
                "sources": r["sources"],
            }
        )
    return _frame(rows, TIE_COLUMNS)


def _centrality_changes(
    net: Network,
    d1: _dt.date,
    d2: _dt.date,
    measure: str,
    threshold: float,
    policy: TiePolicy,
    ties: pd.DataFrame,
) -> pd.DataFrame:
    from militnet._algorithms.centrality import centrality

    before = centrality(net, d1, measures=[measure], policy=policy)[measure]
    after = centrality(net, d2, measures=[measure], policy=policy)[measure]
    rows = []
    for gid in sorted(set(before.index) | set(after.index)):
        b = float(before.get(gid, 0.0))
        a = float(after.get(gid, 0.0))
        if abs(a - b) > threshold:
            behind = ties[(ties["source"] == gid) | (ties["target"] == gid)]["relation"]
            rows.append(
                {
                    "group": gid,
                    "measure": measure,
                    "before": b,
                    "after": a,
                    "change": a - b,
                    "relations": ";".join(behind),
                }
            )
    return _frame(rows, CENTRALITY_COLUMNS)


def _why_nothing(net: Network, t1: int, t2: int) -> str:

    idx = net.time_index

    def between(x: np.ndarray) -> int:
        return int(((x > t1) & (x <= t2)).sum())

    events = between(idx.s_first) + between(idx.r_first)
    founded = between(idx.f_first) + between(idx.e_first)
    if not events and not founded:
        return (
            "no relation in the data starts or ends between these dates, and no group "
            "is founded or ends"
        )
    return (
        f"{events} relation dates and {founded} group dates fall between these dates, "
        "but none changes what is active under the tie policy (filtered by type or "
        "confidence, or the date's precision places it on the other side)"
    )


def diff_dates(
    net: Network,
    start: Any,
    end: Any,
    *,
    policy: TiePolicy | None = ALL_TYPES,
    measure: str = "degree",
    threshold: float = 0.0,
) -> DateDiff:
    """What changed in one network between two days: groups, ties, centrality.

    Parameters
    ----------
    net : Network
    start, end : str, datetime.date or pandas.Timestamp
        The two days.
    policy : TiePolicy or None
        Which relations count (default: every relation type,
        ``TiePolicy.all_types()``; ``None`` is ``TiePolicy()``). Centrality
        changes are measured on the policy's cooperative ties
        (:meth:`TiePolicy.cooperative`).
    measure : str
        Centrality measure compared (default ``"degree"``).
    threshold : float
        Report a centrality change only when its absolute size exceeds this
        (default 0: every change).

    Returns
    -------
    DateDiff
        When nothing changed, ``.reason`` says why.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Relation
    >>> net = militnet.Network(
    ...     groups=[Group("a", "A", founded="2000"), Group("b", "B", founded="2000")],
    ...     relations=[Relation("r1", "a", "b", "rivalry", start="2010")])
    >>> militnet.diff_dates(net, "2009-01-01", "2011-01-01").ties["change"].tolist()
    ['started']
    >>> militnet.diff_dates(net, "2009-01-01", "2011-01-01", policy=None).empty
    True
    """
    pol = tie_policy(policy, {}, call="militnet.diff_dates")
    return _diff_dates(net, start, end, pol, measure, threshold)


def _diff_dates(
    net: Network, start: Any, end: Any, pol: TiePolicy, measure: str, threshold: float
) -> DateDiff:
    from militnet._core.dates import as_day
    from militnet._engine.snapshot import snapshot

    d1, d2 = as_day(start), as_day(end)
    s1, s2 = snapshot(net, d1, pol), snapshot(net, d2, pol)
    groups = _group_changes(net, s1.alive, s2.alive, d1, d2)
    ties = _tie_changes(net, s1, s2, pol, d1, d2)
    cent = _centrality_changes(net, d1, d2, measure, threshold, pol.cooperative(), ties)
    result = DateDiff(d1, d2, groups, ties, cent)
    if result.empty:
        result = DateDiff(
            d1, d2, groups, ties, cent, _why_nothing(net, d1.toordinal(), d2.toordinal())
        )
    return result


# -- between two datasets -------------------------------------------------------
def _label(net: Network) -> str:
    name = net.name or "network"
    return f"{name} {net.version}".strip() + f" (sha256:{net.content_hash[:12]})"


def _table_changes(
    table: str, old: pd.DataFrame, new: pd.DataFrame
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    rows: list[dict[str, Any]] = []
    added = [i for i in new.index if i not in old.index]
    removed = [i for i in old.index if i not in new.index]
    rows += [
        {"table": table, "id": i, "change": "added", "column": "", "old": "", "new": ""}
        for i in added
    ]
    rows += [
        {"table": table, "id": i, "change": "removed", "column": "", "old": "", "new": ""}
        for i in removed
    ]
    columns = list(dict.fromkeys([*old.columns, *new.columns]))
    changed = 0
    for i in (i for i in old.index if i in new.index):
        before = [str(old.at[i, c]) if c in old.columns else "" for c in columns]
        after = [str(new.at[i, c]) if c in new.columns else "" for c in columns]
        fields = [(c, b, a) for c, b, a in zip(columns, before, after, strict=True) if b != a]
        changed += bool(fields)
        rows += [
            {"table": table, "id": i, "change": "changed", "column": c, "old": b, "new": a}
            for c, b, a in fields
        ]
    return rows, {"added": len(added), "removed": len(removed), "changed": changed}


def diff_datasets(old: Network, new: Network) -> DatasetDiff:
    """What changed between two datasets (or two versions of one), record by record.

    Parameters
    ----------
    old, new : Network

    Returns
    -------
    DatasetDiff
        Added, removed and changed records of the three tables; when nothing
        changed, ``.reason`` says why.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group
    >>> old = militnet.Network(groups=[Group("a", "A")])
    >>> new = militnet.Network(groups=[Group("a", "A"), Group("b", "B")])
    >>> militnet.diff_datasets(old, new).counts["groups"]
    {'added': 1, 'removed': 0, 'changed': 0}
    """
    rows: list[dict[str, Any]] = []
    counts = {}
    for table in ("groups", "relations", "sources"):
        r, c = _table_changes(table, getattr(old, table), getattr(new, table))
        rows += r
        counts[table] = c
    changes = _frame(rows, RECORD_COLUMNS)
    reason = ""
    if not len(changes):
        reason = "the two datasets hold the same records" + (
            " (identical content hash)"
            if old.content_hash == new.content_hash
            else "; only the order of rows or columns differs"
        )
    return DatasetDiff(_label(old), _label(new), changes, reason, counts)


def diff(
    a: Network,
    b: Any,
    c: Any = None,
    *,
    policy: TiePolicy | None = ALL_TYPES,
    measure: str = "degree",
    threshold: float = 0.0,
) -> DateDiff | DatasetDiff:
    """What changed: between two dates of one network, or between two datasets.

    ``diff(net, start, end)`` compares the network on two days
    (:func:`diff_dates`); ``diff(old, new)`` compares two datasets (or two
    versions of one) record by record (:func:`diff_datasets`).

    Parameters
    ----------
    a : Network
    b : date or Network
        The first day (then ``c`` is the second), or the newer dataset.
    c : date, optional
        The second day.
    policy : TiePolicy or None
        Which relations count (dates only). Default: relations of every type
        (``TiePolicy.all_types()``; ``None`` is ``TiePolicy()``); centrality
        changes are measured on its cooperative ties.
    measure : str
        Centrality measure compared (default ``"degree"``).
    threshold : float
        Report a centrality change only when its absolute size exceeds this
        (default 0: every change).

    Returns
    -------
    DateDiff or DatasetDiff
        Tables of changes (``.to_frame()`` gives one table); ``str()`` reads as
        a summary. When nothing changed, ``.reason`` says why.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Relation
    >>> net = militnet.Network(
    ...     groups=[Group("ttp", "TTP", founded="2007"), Group("jua", "JuA", founded="2014-08"),
    ...             Group("lej", "LeJ", founded="1996")],
    ...     relations=[Relation("r1", "jua", "ttp", "split", start="2014-08",
    ...                         confidence="confirmed"),
    ...                Relation("r2", "lej", "ttp", "alliance", start="2010", end="2016",
    ...                         confidence="reported")])
    >>> d = militnet.diff(net, "2014-01-01", "2017-01-01")
    >>> d.ties[["relation", "change", "reason"]]
      relation  change                 reason
    0       r1 started  its start date passed
    1       r2   ended   its end date passed
    >>> print(militnet.diff(net, "2018-01-01", "2019-01-01"))
    changes from 2018-01-01 to 2019-01-01: none — no relation in the data starts or ends
    between these dates, and no group is founded or ends
    """
    from militnet._classes.network import Network
    from militnet._core.errors import ArgumentError

    if isinstance(b, Network):
        if c is not None:
            raise ArgumentError("diff(old, new) compares two datasets; give no third argument")
        return diff_datasets(a, b)
    if c is None:
        raise ArgumentError(
            "diff(net, start, end) needs two dates (or diff(old, new) two networks)"
        )
    pol = tie_policy(policy, {}, call="militnet.diff")
    return _diff_dates(a, b, c, pol, measure, threshold)
