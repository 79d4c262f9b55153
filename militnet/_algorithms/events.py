"""Events as analysts query them: a tidy table, counts per period and area, and
candidate ties from co-perpetrated or co-claimed events.

- :func:`events`: one row per event with its actors and roles, filtered by a
  window (date overlap), groups, kinds and roles.
- :func:`activity`: events per period and group, country, province...: where a
  group operated, year by year.
- :func:`candidates_from_events`: candidate alliances for pairs that carried out
  or claimed the same event while no cooperative relation covered it, in the
  review table of :func:`militnet.extract` (accepted with
  :func:`militnet.accept_candidates`).

Dates are partial (``2016``, ``2016-10``, ``2016-10-24``); an event spans from
the first day of its ``date`` to the last day of its ``end`` (or of its
``date``). Everything runs over columns and dicts, so 200,000 events with
400,000 actor rows take about a second.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._core.errors import ArgumentError
from militnet._core.model import EVENT_KINDS, EVENT_ROLES, split_list
from militnet._core.schema import COLUMNS, RELATION_REVIEW_COLUMNS
from militnet._dataset.evidence import ACTING

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = [
    "ACTIVITY_KEYS",
    "EVENT_CANDIDATE_COLUMNS",
    "EVENT_TABLE_COLUMNS",
    "activity",
    "candidates_from_events",
    "events",
]

NEG = np.iinfo(np.int64).min // 4
POS = np.iinfo(np.int64).max // 4

#: Columns of :func:`events` (index: the event id): the events.csv columns, then
#: the actors.
EVENT_TABLE_COLUMNS: tuple[str, ...] = (*COLUMNS["events"][1:], "actors", "groups")

#: What :func:`activity` can count by.
ACTIVITY_KEYS: tuple[str, ...] = ("group", "country", "admin1", "admin2", "kind", "role")

#: Columns of :func:`candidates_from_events`: the relations.csv columns a reviewer
#: accepts (as :func:`militnet.extract`'s), then the review columns.
EVENT_CANDIDATE_COLUMNS: tuple[str, ...] = (
    *RELATION_REVIEW_COLUMNS,
    "last_attested",
    "events",
    "n_events",
    "roles",
    "source_name",
    "target_name",
)

#: Period starts :func:`activity` understands.
FREQS: tuple[str, ...] = ("YS", "QS", "MS", "W", "D")

#: An event whose summary or notes, or one of whose actor rows' notes, match this
#: had competing claims (outbidding): its claimants are rivals, not partners.
COMPETING = re.compile(
    r"\bcompet(?:ing|itive|ition|ed)\b|\bcompclaim\b|\brival claims?\b|\bcounter-?claim",
    re.IGNORECASE,
)
_ACTING = ACTING  # perpetrator or claimant: the roles that act in an event
_CONF_RANK = {"confirmed": 2, "reported": 1, "alleged": 0, "": 1}


# -- shared helpers ---------------------------------------------------------------
class _Events:
    """The events and actors of a network as numpy columns: ids, spans, and the
    actor rows with the position of their event (``a_pos``, -1 if unknown)."""

    def __init__(self, net: Network) -> None:
        import pandas as pd

        from militnet._core.table import Table

        ev = net._tables.get("events")
        act = net._tables.get("event_actors")
        if ev is None:
            ev = Table("events", "<events table>", ["id"], [])
        if act is None:
            act = Table("event_actors", "<event_actors table>", ["event"], [])
        self.table = ev
        self.n = n = len(ev)
        self.ids = ev.array("id")
        if n:
            d, e = ev.dates("date"), ev.dates("end")
            self.known = np.asarray(d.ok & d.known, dtype=bool)
            use_end = np.asarray(e.ok & e.known, dtype=bool)
            self.first = np.where(self.known, d.first, NEG).astype(np.int64)
            self.last = np.where(self.known, np.where(use_end, e.last, d.last), NEG).astype(
                np.int64
            )
        else:
            self.known = np.zeros(0, dtype=bool)
            self.first = self.last = np.zeros(0, dtype=np.int64)
        self.a_event = act.array("event")
        self.a_group = act.array("group")
        self.a_role = act.array("role")
        self.a_conf = act.array("confidence")
        self.a_notes = act.array("notes")
        self.a_pos = (
            pd.Index(self.ids, dtype=object).get_indexer(self.a_event).astype(np.int64)
            if len(self.a_event)
            else np.zeros(0, dtype=np.int64)
        )

    def column(self, name: str) -> np.ndarray:
        """An events column as an object array of strings (empty cells if absent)."""
        return self.table.array(name)

    def numbers(self, name: str) -> np.ndarray:
        """An events column as floats (NaN where empty or not a number)."""
        import pandas as pd

        col = pd.Series(self.column(name), dtype=object)
        return pd.to_numeric(col.where(col.str.strip() != ""), errors="coerce").to_numpy(
            dtype=np.float64
        )

    def actor_mask(self, gids: Iterable[str] | None, roles: Iterable[str] | None) -> np.ndarray:
        """Actor rows of known events, of the groups, in the roles (``None``: any)."""
        m = self.a_pos >= 0
        if gids is not None:
            m &= _isin(self.a_group, gids)
        if roles is not None:
            m &= _isin(self.a_role, roles)
        return m


def _isin(values: np.ndarray, among: Iterable[str]) -> np.ndarray:
    import pandas as pd

    return np.asarray(pd.Series(values, dtype=object).isin(list(among)), dtype=bool)


def _names(values: Any, what: str) -> tuple[str, ...] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return (values,)
    try:
        out = tuple(values)
    except TypeError:
        raise ArgumentError(
            f"{what} must be a string or a list of strings, got {values!r}"
        ) from None
    bad = [v for v in out if not isinstance(v, str)]
    if bad:
        raise ArgumentError(f"{what} must be strings, got {bad[0]!r}")
    return out


def _vocab(values: Any, allowed: Sequence[str], what: str) -> tuple[str, ...] | None:
    out = _names(values, f"{what}s")
    if out is None:
        return None
    bad = [v for v in out if v not in allowed]
    if bad:
        raise ArgumentError(
            f"unknown event {what} {bad[0]!r}; expected one of {', '.join(allowed)}"
        )
    return out


def _groups(net: Network, groups: Any) -> tuple[str, ...] | None:
    """Group ids for ids or names (``net.resolve``: an ambiguous name raises)."""
    names = _names(groups, "groups")
    if names is None:
        return None
    return tuple(dict.fromkeys(net.resolve(g) for g in names))


def _window(start: Any, end: Any) -> tuple[int, int]:
    """``[first day of start, last day of end]`` as ordinals (open sides: NEG/POS)."""
    from militnet._core.dates import PartialDate

    lo, hi = NEG, POS
    if start is not None and start != "":
        p = PartialDate.parse(start)
        lo = p.first_day().toordinal() if p else NEG
    if end is not None and end != "":
        q = PartialDate.parse(end)
        hi = q.last_day().toordinal() if q else POS
    if lo > hi:
        raise ArgumentError(f"the window ends ({end}) before it starts ({start})")
    return lo, hi


def _select(
    ev: _Events,
    lo: int,
    hi: int,
    gids: tuple[str, ...] | None,
    kinds: tuple[str, ...] | None,
    roles: tuple[str, ...] | None,
) -> np.ndarray:
    """Mask of the events overlapping ``[lo, hi]`` (all events when the window is
    open on both sides), of the kinds, with one of the groups in one of the roles."""
    keep = np.ones(ev.n, dtype=bool)
    if lo > NEG or hi < POS:
        keep &= ev.known & (ev.first <= hi) & (ev.last >= lo)
    if kinds is not None:
        keep &= _isin(ev.column("kind"), kinds)
    if gids is not None or roles is not None:
        hit = np.zeros(ev.n, dtype=bool)
        hit[ev.a_pos[ev.actor_mask(gids, roles)]] = True
        keep &= hit
    return keep


def _order(ev: _Events, rows: np.ndarray) -> np.ndarray:
    """Rows by first day (undated last), then id."""
    ids = ev.ids[rows].astype(str)  # fixed-width unicode: sorted in C
    return rows[np.lexsort((ids, ev.first[rows], ~ev.known[rows]))]


def _runs(pos: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Actor rows grouped by event: the row order (stable: table order within an
    event) and, per event ``j``, its rows ``order[bounds[j]:bounds[j + 1]]``."""
    order = np.argsort(pos, kind="stable")
    bounds = np.searchsorted(pos[order], np.arange(n + 1))
    return order, bounds


def _conf(c: str) -> str:
    return c or "reported"


# -- events ----------------------------------------------------------------------
def events(
    net: Network,
    start: Any = None,
    end: Any = None,
    *,
    groups: str | Iterable[str] | None = None,
    kinds: str | Iterable[str] | None = None,
    roles: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """The network's events as a tidy table with their actors, filtered.

    Parameters
    ----------
    net : Network
        The network (a network without events gives an empty table).
    start, end : str, date or PartialDate, optional
        A window: events whose span overlaps ``[start, end]`` (both days
        included) are kept. Partial dates count by their whole span on both
        sides: ``start="2016"`` is from 2016-01-01, ``end="2016"`` to
        2016-12-31, and an event dated ``2016`` overlaps any window that
        overlaps 2016. With a window, undated events are left out.
    groups : str or list of str, optional
        Keep events in which any of these groups takes part (ids or names,
        resolved by :meth:`Network.resolve <militnet.Network.resolve>`, which
        raises on an ambiguous or unknown name).
    kinds : str or list of str, optional
        Event kinds to keep (``attack``, ``clash``, ``claim``...).
    roles : str or list of str, optional
        Keep events in which a group takes one of these roles (with ``groups``:
        one of those groups in one of these roles).

    Returns
    -------
    pandas.DataFrame
        One row per event, index ``id``, sorted by first day (undated last),
        then id. Columns :data:`EVENT_TABLE_COLUMNS`: ``date`` and ``end`` as in
        the data (partial dates), ``kind``, ``country``, ``admin1``, ``admin2``,
        ``place``, ``latitude`` and ``longitude`` (float, NaN when not given),
        ``fatalities`` (nullable ``Int64``), ``summary``, ``sources``, ``notes``;
        ``actors``: every actor of the event with its role and confidence
        (``"isk (claimant, confirmed); leja (perpetrator, reported)"``, an empty
        confidence reads ``reported``), ``groups``: their ids, ``;``-joined.
        ``df.attrs["provenance"]`` records the data and the filters.

    Raises
    ------
    AmbiguousNameError, UnknownGroupError
        If a name in ``groups`` matches several groups, or none.
    ArgumentError
        For an unknown kind or role, or a window that ends before it starts.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network
    >>> net = Network(
    ...     [Group("isk", "Islamic State Khorasan", aliases="IS-K"),
    ...      Group("leja", "Lashkar-e-Jhangvi al-Alami"), Group("ttp", "Pakistani Taliban")],
    ...     events=[
    ...         {"id": "e1", "date": "2016-10-24", "kind": "attack", "country": "Pakistan",
    ...          "admin1": "Balochistan", "place": "Quetta", "fatalities": "61"},
    ...         {"id": "e2", "date": "2017", "kind": "clash", "admin1": "Nangarhar"}],
    ...     event_actors=[
    ...         {"event": "e1", "group": "isk", "role": "claimant", "confidence": "confirmed"},
    ...         {"event": "e1", "group": "leja", "role": "perpetrator"},
    ...         {"event": "e2", "group": "isk", "role": "participant"},
    ...         {"event": "e2", "group": "ttp", "role": "participant"}])
    >>> df = militnet.events(net, groups="IS-K")
    >>> df[["date", "kind", "place", "fatalities", "groups"]]
              date    kind   place  fatalities    groups
    id
    e1  2016-10-24  attack  Quetta          61  isk;leja
    e2        2017   clash                <NA>   isk;ttp
    >>> print(df.loc["e1", "actors"])
    isk (claimant, confirmed); leja (perpetrator, reported)
    >>> list(militnet.events(net, "2017-06-01", "2017-06-30").index)  # "2017" overlaps June
    ['e2']
    >>> list(militnet.events(net, kinds="attack", roles="perpetrator").index)
    ['e1']
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    gids = _groups(net, groups)
    kinds_ = _vocab(kinds, EVENT_KINDS, "kind")
    roles_ = _vocab(roles, EVENT_ROLES, "role")
    lo, hi = _window(start, end)
    ev = _Events(net)
    rows = _order(ev, np.flatnonzero(_select(ev, lo, hi, gids, kinds_, roles_)))
    # actors of the kept events, in table order
    wanted = np.zeros(ev.n + 1, dtype=bool)
    wanted[rows] = True
    m = wanted[ev.a_pos]  # a_pos -1 reads the last (False) slot
    conf = pd.Series(ev.a_conf[m], dtype=object).str.strip().replace("", "reported")
    label = (
        pd.Series(ev.a_group[m], dtype=object)
        + " ("
        + pd.Series(ev.a_role[m], dtype=object)
        + ", "
        + conf
        + ")"
    ).to_numpy(dtype=object)
    member = ev.a_group[m]
    order, bounds = _runs(ev.a_pos[m], ev.n)
    label, member = label[order].tolist(), member[order].tolist()
    actors, groups_ = [], []
    for j in rows.tolist():
        a, b = bounds[j], bounds[j + 1]
        actors.append("; ".join(label[a:b]))
        groups_.append(";".join(dict.fromkeys(member[a:b])))
    data: dict[str, Any] = {}
    for col in EVENT_TABLE_COLUMNS[:-2]:
        data[col] = ev.column(col)[rows]
    for col in ("latitude", "longitude"):
        data[col] = ev.numbers(col)[rows]
    data["fatalities"] = pd.array(ev.numbers("fatalities")[rows], dtype="Float64").astype("Int64")
    data["actors"] = actors
    data["groups"] = groups_
    df = pd.DataFrame(data, index=pd.Index(ev.ids[rows], name="id", dtype=object))
    df = df[list(EVENT_TABLE_COLUMNS)]
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.events",
        dates=[],
        policy=None,
        parameters={
            "start": _text(start),
            "end": _text(end),
            "groups": list(gids) if gids is not None else None,
            "kinds": list(kinds_) if kinds_ is not None else None,
            "roles": list(roles_) if roles_ is not None else None,
        },
    )
    return df


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


# -- activity --------------------------------------------------------------------
def _periods(first: np.ndarray, freq: str) -> tuple[np.ndarray, np.ndarray]:
    """Start of the period containing each day, and the next period's start
    (ordinals)."""
    from militnet._core.dates import EPOCH_ORDINAL

    days = (first - EPOCH_ORDINAL).astype("datetime64[D]")
    if freq in ("YS", "MS", "QS"):
        unit = "Y" if freq == "YS" else "M"
        p = days.astype(f"datetime64[{unit}]")
        step = 1
        if freq == "QS":
            m = p.astype(np.int64)
            p = (m - m % 3).astype("datetime64[M]")
            step = 3
        lo = p.astype("datetime64[D]").astype(np.int64)
        hi = (p + step).astype("datetime64[D]").astype(np.int64)
    elif freq == "W":  # weeks from Monday (1970-01-05 is a Monday: day 4)
        d = days.astype(np.int64)
        lo = d - (d - 4) % 7
        hi = lo + 7
    else:  # "D"
        lo = days.astype(np.int64)
        hi = lo + 1
    return lo + EPOCH_ORDINAL, hi + EPOCH_ORDINAL


def activity(
    net: Network,
    freq: str = "YS",
    by: str | Sequence[str] = ("group", "admin1"),
    start: Any = None,
    end: Any = None,
    groups: str | Iterable[str] | None = None,
    kinds: str | Iterable[str] | None = None,
    *,
    roles: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Events per period and group, country, province, district, kind or role.

    Where did IS-K operate, per year: ``activity(net, groups="IS-K")``.

    Parameters
    ----------
    net : Network
        The network.
    freq : {"YS", "QS", "MS", "W", "D"}
        Periods: years, quarters, months, weeks (from Monday) or days, each
        labelled by its first day (pandas' start-anchored aliases).
    by : str or sequence of str
        What to count by, any of :data:`ACTIVITY_KEYS`: ``"group"`` (one count
        per group taking part: an event with two groups counts once for each),
        ``"country"``, ``"admin1"``, ``"admin2"``, ``"kind"``, ``"role"`` (one
        count per role taken). ``()`` counts events per period.
    start, end, groups, kinds, roles
        Which events, as in :func:`events`. With ``by`` containing ``"group"``
        or ``"role"``, only the actor rows of those groups in those roles are
        counted (``groups="isk", by="role"``: the roles IS-K took).

    Returns
    -------
    pandas.DataFrame
        Tidy counts: ``period`` (the period's first day, a timestamp), the
        ``by`` columns (an empty string where the data do not say, e.g. no
        province), ``events`` (number of events), ``fatalities`` (their sum,
        nullable ``Int64``: ``<NA>`` when no event of the row gives a number;
        with ``by`` on groups, an event's fatalities count in each of its
        groups' rows) and ``spanning`` (how many of the row's events run past the
        end of the period). Sorted by period, then the ``by`` columns.
        ``df.attrs["provenance"]`` records the data and the parameters.

    Notes
    -----
    Each event counts in one period. An event known only to the year or month
    (``2016``, ``2016-10``), or running over several days, counts in the period
    containing its span when the span fits in one period, and otherwise in the
    period of its first day (``2016`` counts in January 2016 with
    ``freq="MS"``); ``spanning`` says how many such events a row holds.
    Undated events are not counted.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network
    >>> net = Network(
    ...     [Group("isk", "Islamic State Khorasan", aliases="IS-K"), Group("ttp", "TTP")],
    ...     events=[
    ...         {"id": "e1", "date": "2016-10-24", "kind": "attack", "admin1": "Balochistan",
    ...          "fatalities": "61"},
    ...         {"id": "e2", "date": "2016", "kind": "attack", "admin1": "Nangarhar"},
    ...         {"id": "e3", "date": "2017-06-10", "kind": "clash", "admin1": "Nangarhar",
    ...          "fatalities": "12"}],
    ...     event_actors=[
    ...         {"event": "e1", "group": "isk", "role": "claimant"},
    ...         {"event": "e2", "group": "isk", "role": "perpetrator"},
    ...         {"event": "e3", "group": "isk", "role": "participant"},
    ...         {"event": "e3", "group": "ttp", "role": "participant"}])
    >>> militnet.activity(net, groups="IS-K")
          period group       admin1  events  fatalities  spanning
    0 2016-01-01   isk  Balochistan       1          61         0
    1 2016-01-01   isk    Nangarhar       1        <NA>         0
    2 2017-01-01   isk    Nangarhar       1          12         0
    >>> militnet.activity(net, freq="MS", by="kind")
          period    kind  events  fatalities  spanning
    0 2016-01-01  attack       1        <NA>         1
    1 2016-10-01  attack       1          61         0
    2 2017-06-01   clash       1          12         0
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance
    from militnet._core.dates import EPOCH_ORDINAL

    if not isinstance(freq, str) or freq not in FREQS:
        raise ArgumentError(
            f"freq must be one of {', '.join(FREQS)} (years, quarters, months, weeks, days), "
            f"got {freq!r}"
        )
    keys = (by,) if isinstance(by, str) else tuple(by)
    bad = [k for k in keys if k not in ACTIVITY_KEYS]
    if bad:
        raise ArgumentError(
            f"cannot count by {bad[0]!r}; expected some of {', '.join(ACTIVITY_KEYS)}"
        )
    if len(set(keys)) != len(keys):
        raise ArgumentError(f"by names a column twice: {keys}")
    gids = _groups(net, groups)
    kinds_ = _vocab(kinds, EVENT_KINDS, "kind")
    roles_ = _vocab(roles, EVENT_ROLES, "role")
    lo, hi = _window(start, end)
    ev = _Events(net)
    keep = _select(ev, lo, hi, gids, kinds_, roles_) & ev.known
    data: dict[str, Any] = {}
    if "group" in keys or "role" in keys:  # one row per (event, group, role) taken
        m = ev.actor_mask(gids, roles_)
        m[m] = keep[ev.a_pos[m]]
        j = ev.a_pos[m]
        if "group" in keys:
            data["group"] = ev.a_group[m]
        if "role" in keys:
            data["role"] = ev.a_role[m]
    else:
        j = np.flatnonzero(keep)
    for k in ("country", "admin1", "admin2", "kind"):
        if k in keys:
            data[k] = ev.column(k)[j]
    raw = pd.DataFrame({"_event": j, **data})
    raw = raw.drop_duplicates(ignore_index=True)  # a group with two roles counts once
    j = raw["_event"].to_numpy(dtype=np.int64)
    p_lo, p_hi = _periods(ev.first[j], freq)
    raw["period"] = p_lo
    raw["spanning"] = (ev.last[j] >= p_hi).astype(np.int64)
    raw["fatalities"] = pd.array(ev.numbers("fatalities")[j], dtype="Float64").astype("Int64")
    g = raw.groupby(["period", *keys], sort=True)
    out = g.size().rename("events").to_frame()
    out["fatalities"] = g["fatalities"].sum(min_count=1)
    out["spanning"] = g["spanning"].sum()
    out = out.reset_index()
    out["period"] = pd.to_datetime(
        (out["period"].to_numpy(dtype=np.int64) - EPOCH_ORDINAL).astype("datetime64[D]")
    )
    for k in keys:
        out[k] = out[k].astype(str)
    out["events"] = out["events"].astype(np.int64)
    out["fatalities"] = out["fatalities"].astype("Int64")
    out["spanning"] = out["spanning"].astype(np.int64)
    out = out[["period", *keys, "events", "fatalities", "spanning"]]
    out.attrs["provenance"] = provenance(
        net,
        function="militnet.activity",
        dates=[],
        policy=None,
        parameters={
            "freq": freq,
            "by": list(keys),
            "start": _text(start),
            "end": _text(end),
            "groups": list(gids) if gids is not None else None,
            "kinds": list(kinds_) if kinds_ is not None else None,
            "roles": list(roles_) if roles_ is not None else None,
        },
    )
    return out


# -- candidates from events ----------------------------------------------------------
def _cooperative_spans(net: Network) -> dict[tuple[str, str], list[tuple[int, int]]]:
    """Per pair (ids in order), the ``[first possible start, last possible end]`` of its
    cooperative relations (alliance, pledge; open ones run on)."""
    rel = net._tables["relations"]
    s, e = rel.dates("start"), rel.dates("end")
    lo = np.where(s.ok & s.known, s.first, NEG)
    hi = np.where(e.ok & e.known, e.last, POS)
    out: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for i, (a, b, t) in enumerate(
        zip(rel.column("source"), rel.column("target"), rel.column("type"), strict=True)
    ):
        if t in ("alliance", "pledge"):
            out[(a, b) if a < b else (b, a)].append((int(lo[i]), int(hi[i])))
    return out


def candidates_from_events(net: Network, *, min_events: int = 1) -> pd.DataFrame:
    """Candidate alliances from events that two groups carried out or claimed together.

    A co-perpetrated or jointly claimed attack is the commonest public evidence
    of cooperation. For every pair of groups that took part in one event as
    perpetrator or claimant, the events that no cooperative relation
    (alliance or pledge, either direction) of the pair covers are collected;
    a pair with at least ``min_events`` of them is proposed as an alliance,
    for review in the same flow as :func:`militnet.extract` (set ``status``
    to ``accepted``, then :func:`militnet.accept_candidates` or
    ``militnet accept``).

    Rules:

    - **Covering**: a relation covers an event when their spans can overlap (the
      relation's possible start is not after the event's last day, and its end,
      if any, not before the event's first day); lapsing is not applied (a
      lapsed tie is better revived by citing the event than duplicated).
    - **Competing claims** (outbidding, GTD's ``compclaim``) are evidence of
      rivalry, not cooperation: in an event whose summary or notes, or one of
      whose actor rows' notes, say so ("competing", "rival claims",
      "compclaim", "counter-claim"), claimants are not paired at all; only its
      perpetrators pair with each other.
    - A group that is also a ``denier`` in the event is left out of its pairs.
    - Undated events are skipped.

    Parameters
    ----------
    net : Network
        The network with events.
    min_events : int
        Fewest uncovered shared events for a pair to be proposed (default 1).

    Returns
    -------
    pandas.DataFrame
        One row per pair (``source`` < ``target`` by id), sorted by start, then
        pair. Columns :data:`EVENT_CANDIDATE_COLUMNS`: ``type`` ``alliance``,
        ``start`` the first shared event's date, ``end`` empty,
        ``last_attested`` the last shared event's last date, ``confidence``
        from the actors' (an empty confidence reads ``reported``):
        ``confirmed`` if in at least one event both groups' roles are
        confirmed, else ``alleged`` if one group's role is alleged in every
        event, else ``reported``; ``evidence`` the events' dates, kinds and
        summaries; ``sources`` the events' sources; ``events`` their ids
        (what the accepted relation cites); ``status`` ``candidate``;
        ``n_events``; ``roles`` (who did what in each event); the groups' names.
        ``df.attrs["provenance"]`` records the data and ``min_events``.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Source
    >>> net = Network(
    ...     [Group("isk", "Islamic State Khorasan"), Group("leja", "Lashkar-e-Jhangvi al-Alami"),
    ...      Group("ttp", "Pakistani Taliban")],
    ...     sources=[Source("s1", title="Dawn")],
    ...     events=[
    ...         {"id": "e1", "date": "2016-10-24", "kind": "attack", "sources": "s1",
    ...          "summary": "Quetta police college attack"},
    ...         {"id": "e2", "date": "2017-02-16", "kind": "attack", "sources": "s1",
    ...          "notes": "competing claims"}],
    ...     event_actors=[
    ...         {"event": "e1", "group": "isk", "role": "claimant", "confidence": "confirmed"},
    ...         {"event": "e1", "group": "leja", "role": "perpetrator"},
    ...         {"event": "e2", "group": "isk", "role": "claimant"},
    ...         {"event": "e2", "group": "ttp", "role": "claimant"}])
    >>> c = militnet.candidates_from_events(net)
    >>> c[["source", "target", "type", "start", "confidence", "events", "status"]]
      source target      type       start confidence events     status
    0    isk   leja  alliance  2016-10-24   reported     e1  candidate
    >>> c.loc[0, "status"] = "accepted"
    >>> new = militnet.accept_candidates(net, c)
    >>> new.relations[["source", "target", "start", "events"]]
         source target       start events
    id
    r001    isk   leja  2016-10-24     e1
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    if isinstance(min_events, bool) or not isinstance(min_events, int) or min_events < 1:
        raise ArgumentError(f"min_events must be a positive integer, got {min_events!r}")
    ev = _Events(net)
    summary, notes, kind = ev.column("summary"), ev.column("notes"), ev.column("kind")
    ok = ev.a_pos >= 0
    row_known = ok & ev.known[np.where(ok, ev.a_pos, 0)]
    acting_row = row_known & _isin(ev.a_role, _ACTING)
    # only events with two or more acting groups can propose anything
    gcode = pd.factorize(ev.a_group)[0].astype(np.int64) if len(ev.a_group) else ev.a_pos
    width = int(gcode.max()) + 1 if len(gcode) else 1
    pairs = np.unique(ev.a_pos[acting_row] * width + gcode[acting_row])
    multi = np.bincount(pairs // width, minlength=ev.n) >= 2
    competing: dict[int, bool] = {
        j: bool(COMPETING.search(summary[j]) or COMPETING.search(notes[j]))
        for j in np.flatnonzero(multi).tolist()
    }
    # per event: group -> (acting roles, best confidence rank of its acting rows)
    acting: dict[int, dict[str, tuple[set[str], int]]] = defaultdict(dict)
    deniers: dict[int, set[str]] = defaultdict(set)
    role_text: dict[tuple[int, str], str] = {}
    sel = np.flatnonzero(row_known & multi[np.where(ok, ev.a_pos, 0)])
    for j, g, r, c, n in zip(
        ev.a_pos[sel].tolist(),
        ev.a_group[sel].tolist(),
        ev.a_role[sel].tolist(),
        ev.a_conf[sel].tolist(),
        ev.a_notes[sel].tolist(),
        strict=True,
    ):
        c = c.strip()
        if n and COMPETING.search(n):
            competing[j] = True
        if r == "denier":
            deniers[j].add(g)
        if r in _ACTING:
            roles, rank = acting[j].get(g, (set(), -1))
            roles.add(r)
            acting[j][g] = (roles, max(rank, _CONF_RANK.get(c, 1)))
            prev = role_text.get((j, g))
            role_text[(j, g)] = f"{prev}, {r} {_conf(c)}" if prev else f"{r} {_conf(c)}"
    covers = _cooperative_spans(net)
    found: dict[tuple[str, str], list[tuple[int, str, int, int, int]]] = defaultdict(list)
    e_ids, e_first, e_last = ev.ids.tolist(), ev.first.tolist(), ev.last.tolist()
    for j, members in acting.items():
        gs = sorted(
            g
            for g, (roles, _) in members.items()
            if g not in deniers[j] and (not competing[j] or "perpetrator" in roles)
        )
        f, last = e_first[j], e_last[j]
        for x, a in enumerate(gs):
            for b in gs[x + 1 :]:
                spans = covers.get((a, b))  # a < b
                if spans and any(s <= last and f <= e for s, e in spans):
                    continue
                found[(a, b)].append((f, e_ids[j], members[a][1], members[b][1], j))
    names = {str(k): str(v) for k, v in net._frame("groups")["name"].items()}
    dates, ends, srcs = (
        ev.column("date").tolist(),
        ev.column("end").tolist(),
        ev.column("sources").tolist(),
    )
    summary, kind = summary.tolist(), kind.tolist()
    keys = sorted(
        (k for k, hits in found.items() if len(hits) >= min_events),
        key=lambda k: (min(found[k])[0], k),
    )
    cols: dict[str, list[Any]] = {c: [] for c in EVENT_CANDIDATE_COLUMNS}
    for a, b in keys:
        hits = sorted(found[(a, b)])
        js = [h[4] for h in hits]
        latest = max(js, key=lambda j: (e_last[j], e_ids[j]))
        if any(h[2] == 2 and h[3] == 2 for h in hits):
            conf = "confirmed"
        elif all(h[2] == 0 for h in hits) or all(h[3] == 0 for h in hits):
            conf = "alleged"
        else:
            conf = "reported"
        sources: list[str] = []
        for j in js:
            sources.extend(s for s in split_list(srcs[j]) if s not in sources)
        ids = [e_ids[j] for j in js]
        one = len(js) == 1
        for col, value in (
            ("source", a),
            ("target", b),
            ("type", "alliance"),
            ("start", dates[js[0]]),
            ("end", ""),
            ("confidence", conf),
            (
                "evidence",
                "; ".join(
                    f"{e_ids[j]} ({dates[j]}{' to ' + ends[j] if ends[j] else ''}, {kind[j]})"
                    + (f": {summary[j]}" if summary[j] else "")
                    for j in js
                ),
            ),
            ("sources", ";".join(sources)),
            (
                "notes",
                f"{'co-perpetrated or co-claimed event' if one else 'shared events'} "
                f"{', '.join(ids)} (candidates_from_events)",
            ),
            ("status", "candidate"),
            ("last_attested", ends[latest] or dates[latest]),
            ("events", ";".join(ids)),
            ("n_events", len(js)),
            (
                "roles",
                "; ".join(
                    f"{e_ids[j]}: {a} {role_text.get((j, a), '')}, {b} {role_text.get((j, b), '')}"
                    for j in js
                ),
            ),
            ("source_name", names.get(a, "")),
            ("target_name", names.get(b, "")),
        ):
            cols[col].append(value)
    df = pd.DataFrame(cols, columns=list(EVENT_CANDIDATE_COLUMNS))
    df["n_events"] = df["n_events"].astype(np.int64)
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.candidates_from_events",
        dates=[],
        policy=None,
        parameters={"min_events": min_events},
    )
    return df
