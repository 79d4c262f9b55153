"""Which events evidence which ties: proposing and adding citations.

After importing event data (:func:`militnet.read_gtd`, :func:`militnet.read_ucdp_ged`,
:func:`militnet.read_acled`) and matching its actors (:func:`militnet.crosswalk`,
:func:`militnet.combine`), the events are in the network but no relation cites them,
so they attest nothing yet. :func:`event_citations` lists, for review, the events
that fit an existing relation by type, by the two groups' roles and by date;
:func:`cite_events` returns the network with those citations added, after which the
events attest the ties (a relation's last attestation is the later of its
``last_attested`` and its latest cited event) exactly as hand-coded events do.

What fits (the roles of ``event_actors.csv``; a relation's span is from its start,
or its groups' founding, to its end; an event fits if it may fall inside it):

- **rivalry** A–B: the two are on opposite sides: a perpetrator or claimant against
  a target, or both participants of a ``clash``;
- **alliance** A–B: both perpetrated or claimed the event, and it is not marked as
  competing claims (see :data:`militnet._algorithms.events.COMPETING`); or both
  are participants of a ``meeting`` or signatories of a ``statement`` or ``pledge``;
- **pledge** A → B: A is a signatory or claimant and B the target (addressee) of a
  ``pledge`` or ``statement``.

Splits and mergers are lineage, not cooperation or conflict: no event is cited on
them automatically.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from militnet._core.dates import PartialDate
from militnet._core.errors import ArgumentError
from militnet._core.model import split_list
from militnet._dataset.evidence import ACTING, opposite_sides

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["CITATION_COLUMNS", "cite_events", "event_citations"]

#: Columns of :func:`event_citations`.
CITATION_COLUMNS: tuple[str, ...] = (
    "relation",
    "event",
    "type",
    "source",
    "target",
    "date",
    "kind",
    "roles",
    "summary",
)


def _span(start: str, end: str) -> tuple[int, int]:
    """The days a relation may cover: [first possible start, last possible end)."""
    s, e = PartialDate.parse(start), PartialDate.parse(end)
    lo = s.first_day().toordinal() if s else -(10**9)
    hi = e.last_day().toordinal() if e else 10**9
    return lo, hi


def _fits(typ: str, a: str, b: str, kind: str, roles: dict[str, set[str]], competing: bool) -> bool:
    """Whether an event with these roles evidences a relation ``a -> b`` of ``typ``."""
    ra, rb = roles.get(a, set()), roles.get(b, set())
    if typ == "rivalry":
        return opposite_sides(kind, ra, rb)
    if typ == "alliance":
        together = bool(ra & set(ACTING)) and bool(rb & set(ACTING)) and not competing
        met = kind == "meeting" and "participant" in ra and "participant" in rb
        signed = kind in ("statement", "pledge") and "signatory" in ra and "signatory" in rb
        return together or met or signed
    if typ == "pledge":
        return (
            kind in ("pledge", "statement")
            and bool(ra & {"signatory", "claimant"})
            and ("target" in rb)
        )
    return False


def event_citations(
    net: Network, *, events: Iterable[str] | None = None, types: Iterable[str] | None = None
) -> pd.DataFrame:
    """Events that fit existing relations but are not cited by them, for review.

    Parameters
    ----------
    net : Network
        A network with events (for instance an imported event dataset combined with
        a curated one).
    events : iterable of str, optional
        Only these event ids (e.g. the imported ones: ``net.events.index[
        net.events.index.str.startswith("ged-")]``). Default: every event.
    types : iterable of str, optional
        Relation types to cite events on: ``alliance``, ``pledge``, ``rivalry``
        (default: the three).

    Returns
    -------
    pandas.DataFrame
        One row per (relation, event): ``relation, event, type, source, target, date,
        kind, roles`` (each group's roles in the event), ``summary``; sorted by
        relation, then date. Empty (with these columns) if nothing fits.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Relation
    >>> net = militnet.Network(
    ...     [Group("tal", "Taliban", founded="1994"), Group("isk", "IS-K", founded="2015")],
    ...     [Relation("r1", "tal", "isk", "rivalry", start="2015-02", confidence="confirmed")],
    ...     events=[{"id": "ged-1", "date": "2017-04-10", "kind": "clash"}],
    ...     event_actors=[{"event": "ged-1", "group": g, "role": "participant"}
    ...                   for g in ("tal", "isk")])
    >>> militnet.event_citations(net)[["relation", "event", "type", "roles"]]
      relation  event     type                                  roles
    0       r1  ged-1  rivalry  isk participant; tal participant
    >>> militnet.cite_events(net).relations.loc["r1", "events"]
    'ged-1'
    """
    import pandas as pd

    from militnet._algorithms.events import COMPETING

    type_set = set(types) if types is not None else {"alliance", "pledge", "rivalry"}
    bad = type_set - {"alliance", "pledge", "rivalry"}
    if bad:
        raise ArgumentError(
            f"types: cannot cite events on {sorted(bad)}; choose among alliance, pledge, rivalry"
        )
    empty = pd.DataFrame(columns=list(CITATION_COLUMNS))
    if not net.has_events:
        return empty
    ev, act, rel = net.events, net.event_actors, net.relations
    ev_rows = {
        str(k): {str(c): str(x) for c, x in v.items()} for k, v in ev.to_dict("index").items()
    }
    rel_rows = {
        str(k): {str(c): str(x) for c, x in v.items()} for k, v in rel.to_dict("index").items()
    }
    wanted = set(events) if events is not None else None
    roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e, g, r in zip(act["event"], act["group"], act["role"], strict=True):
        if wanted is None or e in wanted:
            roles[e][g].add(r)
    by_pair: dict[frozenset[str], list[str]] = defaultdict(list)
    for rid, s, t, typ in zip(rel.index, rel["source"], rel["target"], rel["type"], strict=True):
        if typ in type_set:
            by_pair[frozenset((s, t))].append(str(rid))
    cited = rel["events"] if "events" in rel.columns else pd.Series("", index=rel.index)
    competing_notes = defaultdict(bool)
    for e, n in zip(act["event"], act["notes"], strict=True):
        if n and COMPETING.search(n):
            competing_notes[e] = True
    rows: list[dict[str, Any]] = []
    for eid, members in roles.items():
        if len(members) < 2 or eid not in ev_rows:
            continue
        e_row = ev_rows[eid]
        day = PartialDate.parse(e_row["date"])
        if not day:
            continue
        e_first, e_last = day.first_day().toordinal(), day.last_day().toordinal()
        competing = competing_notes[eid] or bool(
            COMPETING.search(e_row["summary"]) or COMPETING.search(e_row["notes"])
        )
        gs = sorted(members)
        for x, a in enumerate(gs):
            for b in gs[x + 1 :]:
                for rid in by_pair.get(frozenset((a, b)), ()):
                    r = rel_rows[rid]
                    if eid in split_list(str(cited[rid])):
                        continue
                    lo, hi = _span(r["start"], r["end"])
                    if e_last < lo or e_first > hi:
                        continue
                    if not _fits(
                        r["type"], r["source"], r["target"], e_row["kind"], members, competing
                    ):
                        continue
                    rows.append(
                        {
                            "relation": rid,
                            "event": eid,
                            "type": r["type"],
                            "source": r["source"],
                            "target": r["target"],
                            "date": e_row["date"],
                            "kind": e_row["kind"],
                            "roles": "; ".join(
                                f"{g} {', '.join(sorted(members[g]))}" for g in (a, b)
                            ),
                            "summary": e_row["summary"],
                            "_day": e_first,
                        }
                    )
    if not rows:
        return empty
    out = pd.DataFrame(rows).sort_values(["relation", "_day", "event"], kind="stable")
    return out.drop(columns="_day").reset_index(drop=True)[list(CITATION_COLUMNS)]


def cite_events(net: Network, citations: pd.DataFrame | None = None) -> Network:
    """The network with events cited on the relations they evidence.

    Parameters
    ----------
    net : Network
    citations : DataFrame, optional
        Rows with ``relation`` and ``event`` columns, e.g. :func:`event_citations`'s
        table after review (drop the rows you reject). Default: every row
        :func:`event_citations` proposes.

    Returns
    -------
    Network
        A new network whose relations' ``events`` columns list the added event ids
        after those already cited; everything else unchanged. The events then
        attest the ties (see "Evidence events" in the concepts).

    Raises
    ------
    ValidationError
        If a citation names an unknown relation or event, or an event in which the
        relation's two groups do not both take part (as any citation would).
    """
    from militnet._classes.network import Network

    table = event_citations(net) if citations is None else citations
    missing = {"relation", "event"} - set(table.columns)
    if missing:
        raise ArgumentError(f"citations: missing column(s) {sorted(missing)}")
    rel = net.relations
    if "events" not in rel.columns:
        rel["events"] = ""
    add: dict[str, list[str]] = defaultdict(list)
    for rid, eid in zip(table["relation"].astype(str), table["event"].astype(str), strict=True):
        add[rid].append(eid)
    for rid, eids in add.items():
        if rid not in rel.index:
            raise ArgumentError(f"citations: unknown relation {rid!r}")
        have = list(split_list(str(rel.at[rid, "events"])))
        rel.at[rid, "events"] = ";".join(dict.fromkeys(have + eids))
    return Network(
        net.groups,
        rel,
        net.sources,
        events=net.events,
        event_actors=net.event_actors,
        metadata=net.metadata,
    )
