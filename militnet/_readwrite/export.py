"""Interchange formats: dynamic GEXF for Gephi; GraphML, node-link JSON and CSV snapshots.

GEXF (:func:`to_gexf`) carries the whole history: every group with its
lifetime and every relation with its interval, as the GEXF 1.3 ``start`` and
``end`` of its element, so Gephi's timeline replays the network. The other
formats (:func:`to_graphml`, :func:`to_json`, :func:`to_csv`) hold the
snapshot on one day, as :meth:`Network.at <militnet.Network.at>` returns it.

Time in the GEXF file
---------------------
- ``timeformat="date"``: every interval bound is an ISO day (``2014-08-01``).
- One interval is written as the ``start`` and ``end`` attributes of the
  ``<node>`` or ``<edge>``, not as a ``<spells>`` child: an open side is then
  a missing attribute, which every reader keeps missing (networkx's
  ``read_gexf`` turns a missing spell bound into the string ``'None'``, but
  leaves a missing element bound out of the data). Only a group whose
  presence is several disjoint intervals (its lifetime and the lineage window
  of a merger recorded after its end) has ``<spells>``.
- militnet intervals are half-open, ``[start, end)``: a relation is active
  on its start day and no longer on its end day. The ``end`` is that
  first inactive day. (Gephi's intervals are closed; with dates read as
  instants at midnight the two differ only at the instant of the end.)
- A partial date becomes a day by the date policy (default ``"earliest"``:
  the first day of its span, ``2014`` → ``2014-01-01``). The original
  strings are kept in the ``founded``/``ended`` and ``start_date``/``end_date``
  attributes, so the precision is never lost.
- An open end (still active, or a group that has not ended) is an element
  without ``end``; an unknown start or founding, one without ``start``.
  A group with neither has no interval: it exists throughout.
- A merger is written for at least its lineage window (12 months from its
  start, docs/concepts.md "Mergers"), and its two groups are present during
  it, although the absorbed group ended on the merger's day (its ``ended``
  attribute says so): Gephi hides an edge whose node is absent.
- A relation whose interval is empty under the date policy (for example a
  start ``2014-06`` and an end ``2014`` under ``"earliest"``) is never
  active in militnet either; it is left out and listed in the file's
  ``<description>``.

Edges
-----
One ``<edge>`` per relation record, ``id`` = relation id, so several relations
between the same pair (an alliance, a split, a later alliance) each survive.
Undirected types carry ``type="undirected"``, the others ``type="directed"``;
the relation type is in the ``relation_type`` attribute (GEXF reserves
``type``) and in ``kind``, which Gephi uses to tell parallel edges apart.
Confidence, evidence, sources and notes are attributes too.

The graph's ``defaultedgetype`` is what the written edges share:
``undirected`` when all are undirected (alliance, rivalry), ``directed``
otherwise. networkx's ``read_gexf`` takes one direction per graph, so it
reads a file whose edges are all undirected or all directed (export with
``policy=TiePolicy(types=["alliance", "rivalry"])`` or
``policy=TiePolicy(types=["pledge", "split", "merger"])``) and refuses a mixed
one; Gephi and graphology-gexf read every file with each edge's own direction.

Examples
--------
>>> import militnet, tempfile, pathlib
>>> net = militnet.load_dataset("afpak")
>>> with tempfile.TemporaryDirectory() as d:
...     path = militnet.to_gexf(net, pathlib.Path(d) / "afpak.gexf")
...     text = path.read_text(encoding="utf-8")
>>> 'mode="dynamic"' in text and 'timeformat="date"' in text
True
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from militnet._core.dates import DATE_POLICIES, PartialDate
from militnet._core.escape import neutralise_cell
from militnet._core.model import LIST_SEP, RELATION_TYPES, split_list
from militnet._core.policy import (
    ALL_TYPES,
    TieKeywords,
    TiePolicy,
    confidence_rank,
    format_months,
    tie_policy,
)
from militnet._core.schema import COLUMNS, LIST_COLUMNS
from militnet._dataset.outputs import check_output, source_folder, write_atomic, write_output

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["GEXF_NAMESPACE", "to_csv", "to_gexf", "to_graphml", "to_json"]

GEXF_NAMESPACE = "http://gexf.net/1.3"

# Characters XML 1.0 does not allow at all; they are dropped.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# Group and relation columns that hold ;-separated lists.
_GROUP_LISTS = LIST_COLUMNS["groups"]
_RELATION_LISTS = LIST_COLUMNS["relations"]


# -- XML helpers ---------------------------------------------------------------
def _xml_attr(value: object) -> str:
    """A value escaped for a double-quoted XML attribute (newlines and tabs kept)."""
    text = _ILLEGAL_XML.sub("", str(value))
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def _xml_text(value: object) -> str:
    text = _ILLEGAL_XML.sub("", str(value))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _tag(name: str, attrs: Iterable[tuple[str, object]], close: bool = True) -> str:
    body = "".join(f' {k}="{_xml_attr(v)}"' for k, v in attrs)
    return f"<{name}{body}{'/' if close else ''}>"


# -- GEXF ---------------------------------------------------------------------
class _Column:
    __slots__ = ("gexf_type", "key", "title")

    def __init__(self, key: str, title: str, gexf_type: str = "string") -> None:
        self.key, self.title, self.gexf_type = key, title, gexf_type


def _day(value: str, side: str) -> str | None:
    p = PartialDate.parse(value)
    return p.side(side).isoformat() if p.is_known else None


def _spell(start: str | None, end: str | None) -> list[tuple[str, str]] | None:
    """Attributes of the one spell ``[start, end)``; None when it is empty."""
    if start is not None and end is not None and end <= start:
        return None
    attrs = []
    if start is not None:
        attrs.append(("start", start))
    if end is not None:
        attrs.append(("end", end))
    return attrs


def _gexf_value(value: Any, col: _Column) -> str:
    if col.gexf_type == "boolean":
        return "true" if value else "false"
    return str(value)


def _attvalues(row: dict[str, Any], cols: list[_Column], indent: str) -> list[str]:
    vals = [(c, row.get(c.key, "")) for c in cols]
    vals = [(c, v) for c, v in vals if v != "" or c.gexf_type != "string"]
    if not vals:
        return []
    lines = [f"{indent}<attvalues>"]
    lines += [
        f"{indent}  " + _tag("attvalue", [("for", c.key), ("value", _gexf_value(v, c))])
        for c, v in vals
    ]
    lines.append(f"{indent}</attvalues>")
    return lines


def _attribute_block(cls: str, cols: list[_Column]) -> list[str]:
    lines = [f'    <attributes class="{cls}">']
    lines += [
        "      " + _tag("attribute", [("id", c.key), ("title", c.title), ("type", c.gexf_type)])
        for c in cols
    ]
    lines.append("    </attributes>")
    return lines


def _list_cell(value: str) -> str:
    return "; ".join(split_list(value))


def _gexf_select(
    net: Network, at: Any, policy: TiePolicy
) -> tuple[list[str], pd.DataFrame, str | None]:
    """The groups and relations to write, and the snapshot day (None: dynamic)."""
    groups, relations = net.groups, net.relations
    if at is None:
        sel = set(policy.relation_types)
        rank = confidence_rank(policy.min_confidence)
        keep = [
            r["type"] in sel
            and confidence_rank(r["confidence"]) >= rank
            and (policy.undated == "include" or r["start"].strip() != "")
            for _, r in relations.iterrows()
        ]
        return list(groups.index), relations[keep] if len(relations) else relations, None
    snap = net.graph_at(at, policy)
    rel_ids = {k for _, _, k in snap.edges(keys=True)}
    return (
        list(snap.nodes),
        relations[[i in rel_ids for i in relations.index]],
        str(snap.graph["date"]),
    )


def _not_alive(net: Network, at: Any, policy: TiePolicy) -> set[str]:
    """The groups of a snapshot shown only as the ends of mergers in their lineage window."""
    snap = net.graph_at(at, policy)
    return {n for n, a in snap.nodes(data=True) if not a.get("alive", True)}


def _gexf_columns(g_extra: list[str], r_extra: list[str]) -> tuple[list[_Column], list[_Column]]:
    node_cols = [
        _Column(c, c)
        for c in (
            "name",
            "aliases",
            "founded",
            "ended",
            "orientation",
            "country",
            "notes",
            "sources",
        )
    ]
    node_cols += [_Column(f"x_{c}", c) for c in g_extra]
    edge_cols = [
        _Column("relation_type", "relation_type"),
        _Column("relation_kind", "relation_kind"),
        _Column("directional", "directional", "boolean"),
        _Column("sign", "sign", "integer"),
        _Column("confidence", "confidence"),
        _Column("start_date", "start_date"),
        _Column("end_date", "end_date"),
        _Column("last_attested", "last_attested"),
        _Column("lapses", "lapses"),
        _Column("evidence", "evidence"),
        _Column("sources", "sources"),
        _Column("notes", "notes"),
    ]
    edge_cols += [_Column(f"x_{c}", c) for c in r_extra]
    return node_cols, edge_cols


def _gexf_description(
    net: Network, day: str | None, date_policy: str, stale: str | None
) -> list[str]:
    description = [
        f"Dataset {net.name or '(unnamed)'}"
        + (f" version {net.version}" if net.version else "")
        + f", content sha256:{net.content_hash}.",
    ]
    if day is None:
        description.append(
            f"Dynamic network: each node's and edge's start and end (or spells) are "
            f"half-open [start, end) days; partial dates are "
            f"placed by the {date_policy!r} date policy, original strings are in the founded, "
            f"ended, start_date and end_date attributes; a missing start or end is "
            f"open on that side. A merger is shown for 12 months from its start (its "
            f"lineage window), and so are its groups, although the absorbed group ended "
            f"on the merger's day (its ended attribute). "
            + (
                f"Open-ended relations lapse {stale} after their last attestation (or "
                f"start): their spell ends on the lapse day, in the lapses attribute."
                if stale
                else "Open-ended relations never lapse (stale_after=None)."
            )
        )
    else:
        description.append(
            f"Snapshot on {day} (date policy {date_policy!r}, ties lapse after "
            f"{stale or 'never'}); alive is false for a group shown only as the end of a "
            f"merger in its 12-month lineage window."
        )
    return description


def _gexf_edges(
    relations: pd.DataFrame,
    cols: list[_Column],
    r_extra: list[str],
    dynamic: bool,
    sides: tuple[str, str],
    lapses: dict[str, str],
    shown_until: dict[str, str] | None = None,
    lifetimes: dict[str, tuple[str | None, str | None]] | None = None,
) -> tuple[list[str], list[str], set[bool]]:
    """Edge elements, the ids left out (empty interval), and the directions used.
    ``shown_until``: mergers and the first day after their lineage window, which
    their interval reaches at least. ``lifetimes``: the groups present longer
    than they lived (the sides of mergers); their other relations are held to
    their lifetime, so a reader replaying the file sees what the snapshots show."""
    lines: list[str] = []
    skipped: list[str] = []
    directions: set[bool] = set()
    shown_until = shown_until or {}
    lifetimes = lifetimes or {}
    for rid, r in relations.iterrows():
        rt = RELATION_TYPES[r["type"]]
        lapse = lapses.get(str(rid), "")
        start = _day(r["start"], sides[0])
        end = _day(r["end"], sides[1]) if r["end"] else (lapse or None)
        for gid in (str(r["source"]), str(r["target"])):
            lo, hi = lifetimes.get(gid, (None, None))
            if lo is not None and (start is None or start < lo):
                start = lo
            if hi is not None and (end is None or end > hi):
                end = hi
        spells: list[list[tuple[str, str]]] = []
        if dynamic:
            until = shown_until.get(str(rid))
            if until is not None:  # a merger: its lineage window and its own interval
                first = _day(r["start"], sides[0])
                own = [(start, end)] if _spell(start, end) is not None else []
                spells = _merge([(first, until), *own])
            else:
                one = _spell(start, end)
                if one is None:
                    skipped.append(str(rid))
                    continue
                spells = [one]
        directions.add(rt.directed)
        row = {
            "relation_type": rt.name,
            "relation_kind": rt.kind,
            "directional": rt.directed,
            "sign": rt.sign,
            "confidence": r["confidence"],
            "start_date": r["start"],
            "end_date": r["end"],
            "last_attested": r.get("last_attested", ""),
            "lapses": lapse,
            "evidence": r["evidence"],
            "sources": _list_cell(r["sources"]),
            "notes": r["notes"],
        }
        row.update({f"x_{c}": r[c] for c in r_extra})
        lines.append(
            "      "
            + _tag(
                "edge",
                [
                    ("id", rid),
                    ("source", r["source"]),
                    ("target", r["target"]),
                    ("type", "directed" if rt.directed else "undirected"),
                    ("kind", rt.name),
                    ("label", rt.name),
                    *(spells[0] if len(spells) == 1 else []),
                ],
                close=False,
            )
        )
        lines += _attvalues(row, cols, "        ")
        if len(spells) > 1:
            lines.append("        <spells>")
            lines += ["          " + _tag("spell", sp) for sp in spells]
            lines.append("        </spells>")
        lines.append("      </edge>")
    return lines, skipped, directions


def _gexf_nodes(
    groups: pd.DataFrame,
    node_ids: list[str],
    cols: list[_Column],
    g_extra: list[str],
    dynamic: bool,
    sides: tuple[str, str],
    inferred: dict[str, tuple[str, str | None]] | None = None,
    windows: dict[str, list[tuple[str, str]]] | None = None,
    not_alive: set[str] | None = None,
) -> list[str]:
    """Node elements. Dynamic: the time a group is present, as the element's
    ``start``/``end`` (one interval: its lifetime, joined with the lineage
    windows of its mergers, ``windows``), or as ``<spells>`` when these do not
    touch. Static: ``alive`` is false for the groups of ``not_alive``."""
    lines = [f'    <nodes count="{len(node_ids)}">']
    inferred = inferred or {}
    windows = windows or {}
    for gid in node_ids:
        g = {str(k): v for k, v in groups.loc[gid].to_dict().items()}
        row = {c: g[c] for c in ("name", "founded", "ended", "orientation", "notes")}
        row.update({c: _list_cell(g[c]) for c in _GROUP_LISTS})
        row.update({f"x_{c}": g[c] for c in g_extra})
        if not_alive is not None:
            row["alive"] = gid not in not_alive
        spells: list[list[tuple[str, str]]] = []
        if dynamic:
            start, end = _lifetime(g, gid, sides, inferred)
            if start is not None or end is not None:
                spells = _presence(start, end, windows.get(gid, []))
        attrs: list[tuple[str, object]] = [("id", gid), ("label", g["name"])]
        if len(spells) == 1:
            attrs += spells[0]
        lines.append("      " + _tag("node", attrs, close=False))
        lines += _attvalues(row, cols, "        ")
        if len(spells) > 1:
            lines.append("        <spells>")
            lines += ["          " + _tag("spell", sp) for sp in spells]
            lines.append("        </spells>")
        lines.append("      </node>")
    lines.append("    </nodes>")
    return lines


def _lifetime(
    g: Any, gid: str, sides: tuple[str, str], inferred: dict[str, tuple[str, str | None]]
) -> tuple[str | None, str | None]:
    """A group's lifetime as the snapshots use it, as ISO days (``None``: open)."""
    start, end = _day(g["founded"], sides[0]), _day(g["ended"], sides[1])
    if gid in inferred:  # no founding date: the lifetime the snapshots use
        start, end = inferred[gid][0], inferred[gid][1] or end
    return start, end


def _presence(
    start: str | None, end: str | None, windows: list[tuple[str, str]]
) -> list[list[tuple[str, str]]]:
    """A group's lifetime ``[start, end)`` (``None``: open) joined with the
    lineage windows of its mergers: the intervals that touch become one. An
    empty lifetime (``end <= start``) is written as the instant ``[start, start]``."""
    return _merge([(start, end), *windows])


def _merge(spans: list[tuple[str | None, str | None]]) -> list[list[tuple[str, str]]]:
    """Intervals ``[start, end)`` (``None``: open side) joined where they touch,
    in order, as spell attributes; an empty one is the instant ``[start, start]``."""
    lo, hi = "", "\uffff"  # sort keys of an open start and an open end
    merged: list[list[str]] = []
    for a, b in sorted((s or lo, e or hi) for s, e in spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out = []
    for a, b in merged:
        spell = _spell(a or None, None if b == hi else b)
        out.append(spell if spell is not None else [("start", a), ("end", a)])
    return out


def _merger_windows(
    net: Network, relations: pd.DataFrame, sides: tuple[str, str]
) -> tuple[dict[str, str], dict[str, list[tuple[str, str]]]]:
    """The lineage windows of the mergers written (docs/concepts.md, "Mergers"):
    per merger id, the first day after its window; per group, the windows of
    its mergers, as ISO days."""
    import datetime as _dt

    idx = net.time_index
    ends = idx._window_end[sides[0]]
    starts = idx.s_first if sides[0] == "first" else idx.s_last
    pos = {rid: i for i, rid in enumerate(idx.rel_ids)}
    until: dict[str, str] = {}
    groups: dict[str, list[tuple[str, str]]] = {}
    for rid, r in relations[relations["type"] == "merger"].iterrows():
        i = pos[str(rid)]
        if not idx.s_known[i]:
            continue
        s = _dt.date.fromordinal(int(starts[i])).isoformat()
        w = _dt.date.fromordinal(int(ends[i])).isoformat()
        until[str(rid)] = w
        for gid in (r["source"], r["target"]):
            groups.setdefault(str(gid), []).append((s, w))
    return until, groups


def _gexf_meta(net: Network, description: list[str]) -> list[str]:
    from militnet._core.version import __version__

    kw = ["militant groups", "temporal network"] + ([net.name] if net.name else [])
    return [
        "  <meta>",
        f"    <creator>militnet {_xml_text(__version__)}</creator>",
        f"    <keywords>{_xml_text(', '.join(kw))}</keywords>",
        f"    <description>{_xml_text(' '.join(description))}</description>",
        "  </meta>",
    ]


def _inferred_spells(net: Network, sides: tuple[str, str]) -> dict[str, tuple[str, str | None]]:
    """Groups without a founding date: the lifetime the snapshot engine infers
    from their evidence (docs/concepts.md, "Groups without dates"), as ISO days."""
    import datetime as _dt

    idx = net.time_index
    if not idx.inferred.any():
        return {}
    f = idx.f_first if sides[0] == "first" else idx.f_last
    e = idx.e_first if sides[1] == "first" else idx.e_last
    out: dict[str, tuple[str, str | None]] = {}
    for i in idx.inferred.nonzero()[0].tolist():
        end = _dt.date.fromordinal(int(e[i])).isoformat() if idx.inferred[i] == 2 else None
        out[idx.group_ids[i]] = (_dt.date.fromordinal(int(f[i])).isoformat(), end)
    return out


def gexf_text(net: Network, *, at: Any = None, policy: TiePolicy = ALL_TYPES) -> str:
    """The GEXF document as text (see :func:`to_gexf`), under a resolved policy."""
    from militnet._engine.attestation import lapse_dates

    date_policy = policy.date_policy
    sides = DATE_POLICIES[date_policy]
    groups = net.groups
    node_ids, relations, day = _gexf_select(net, at, policy)
    lapses = lapse_dates(net, policy) if day is None else {}
    dynamic = day is None
    g_extra = [c for c in groups.columns if c not in COLUMNS["groups"]]
    r_extra = [c for c in relations.columns if c not in COLUMNS["relations"]]
    node_cols, edge_cols = _gexf_columns(g_extra, r_extra)
    inferred = _inferred_spells(net, sides)
    lifetimes: dict[str, tuple[str | None, str | None]] = {}
    if dynamic:
        until, windows = _merger_windows(net, relations, sides)
        not_alive = None
        for gid in windows:
            lifetimes[gid] = _lifetime(groups.loc[gid], gid, sides, inferred)
    else:
        until, windows = {}, {}
        not_alive = _not_alive(net, at, policy)
        node_cols.append(_Column("alive", "alive", "boolean"))
    description = _gexf_description(net, day, date_policy, format_months(policy.stale_months))
    edge_lines, skipped, directions = _gexf_edges(
        relations, edge_cols, r_extra, dynamic, sides, lapses, until, lifetimes
    )
    if skipped:
        description.append(
            f"Left out, empty interval under the {date_policy!r} date policy: {', '.join(skipped)}."
        )
    # every edge carries its own type; the default is what they all share, so
    # readers that take one direction per graph (networkx) can read the file
    default = "undirected" if directions == {False} else "directed"
    graph_attrs: list[tuple[str, object]] = [("defaultedgetype", default)]
    graph_attrs += (
        [("mode", "dynamic"), ("timeformat", "date")] if dynamic else [("mode", "static")]
    )
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<gexf xmlns="{GEXF_NAMESPACE}" version="1.3">',
        *_gexf_meta(net, description),
        "  " + _tag("graph", graph_attrs, close=False),
        *_attribute_block("node", node_cols),
        *_attribute_block("edge", edge_cols),
        *_gexf_nodes(
            groups,
            node_ids,
            node_cols,
            g_extra,
            dynamic,
            sides,
            inferred,
            windows,
            not_alive,
        ),
        f'    <edges count="{len(relations) - len(skipped)}">',
        *edge_lines,
        "    </edges>",
        "  </graph>",
        "</gexf>",
    ]
    return "\n".join(lines) + "\n"


def to_gexf(
    net: Network,
    path: str | Path,
    *,
    at: Any = None,
    policy: TiePolicy | None = ALL_TYPES,
    **deprecated: Unpack[TieKeywords],
) -> Path:
    """Write the network as GEXF 1.3 for Gephi: dynamic by default, or one snapshot.

    Without ``at`` the file is *dynamic* (``mode="dynamic"``,
    ``timeformat="date"``): groups and relations carry their lifetimes and
    intervals as spells, and Gephi's timeline replays the history. See the
    module documentation for how dates are written. With ``at``, it is the
    static snapshot of that day (the groups and relations of
    :meth:`Network.at <militnet.Network.at>`).

    Parameters
    ----------
    net : Network
        The network.
    path : str or path-like
        File to write (UTF-8). Same network and options → same bytes.
    at : date, optional
        Write the static snapshot on this day instead of the dynamic network.
    policy : TiePolicy or None
        Which relations to include and how dates are read, as in
        :meth:`Network.at <militnet.Network.at>` (default
        ``TiePolicy.all_types()``: every relation; ``None`` is
        ``TiePolicy()``). Its ``date_policy`` says how partial dates become
        days (default: the first day of their span); its ``stale_after`` when
        open-ended relations lapse (default ``"5y"``): in the dynamic file
        their spell ends on the lapse day (also written as the ``lapses``
        attribute, next to ``last_attested``); ``stale_after=None`` leaves
        open-ended spells open.
    **deprecated
        ``types``, ``min_confidence``, ``date_policy``, ``undated``,
        ``stale_after``: deprecated since 0.2, applied on top of ``policy``.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import militnet, tempfile, pathlib
    >>> net = militnet.load_dataset("afpak")
    >>> every = militnet.TiePolicy.all_types(min_confidence="alleged")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = militnet.to_gexf(net, pathlib.Path(d) / "a.gexf", policy=every)
    ...     text = path.read_text("utf-8")
    >>> text.count("<edge ") == len(net.relations)
    True
    """
    pol = tie_policy(policy, deprecated, call="militnet.to_gexf", default=ALL_TYPES)
    out = Path(path)
    text = gexf_text(net, at=at, policy=pol)
    return write_output(out, text.encode("utf-8"), [source_folder(net)])


# -- snapshots -------------------------------------------------------------------


def _flat(value: Any) -> Any:
    """Lists → ``;``-joined strings (GraphML and CSV have no list type)."""
    if isinstance(value, (list, tuple)):
        return LIST_SEP.join(str(v) for v in value)
    return value


def _xml_safe(value: Any) -> Any:
    """Lists joined, ``None`` (``stale_after`` of ties that never lapse) as ``""``
    (GraphML has no null), and characters XML 1.0 cannot carry (C0 controls but
    tab, newline and CR; U+FFFE/U+FFFF; lone surrogates) dropped, as in GEXF."""
    value = "" if value is None else _flat(value)
    return _ILLEGAL_XML.sub("", value) if isinstance(value, str) else value


def _flat_graph(G: nx.MultiDiGraph, xml: bool = False) -> nx.MultiDiGraph:
    import networkx as nx

    f = _xml_safe if xml else _flat
    H = nx.MultiDiGraph(**{k: f(v) for k, v in G.graph.items()})
    H.add_nodes_from((f(n), {k: f(v) for k, v in d.items()}) for n, d in G.nodes(data=True))
    H.add_edges_from(
        (f(u), f(v), f(k), {a: f(b) for a, b in d.items()})
        for u, v, k, d in G.edges(keys=True, data=True)
    )
    return H


def to_graphml(
    net: Network,
    path: str | Path,
    at: Any,
    *,
    policy: TiePolicy | None = ALL_TYPES,
    **deprecated: Unpack[TieKeywords],
) -> Path:
    """Write the snapshot on one day as GraphML.

    Nodes and edges carry the attributes of :meth:`Network.at
    <militnet.Network.at>`; lists (aliases, countries, sources) become
    ``;``-separated strings, as in the dataset files. Each edge's GraphML
    ``id`` is its relation id, repeated in the ``relation`` attribute for
    readers that do not keep edge ids (igraph); undirected relation types
    have ``directional`` false; ``alive`` is false on a group shown only as
    the absorbed side of a merger in its lineage window. The graph is a
    directed multigraph: read it with
    ``networkx.read_graphml(path, force_multigraph=True)`` or
    ``igraph.Graph.Read_GraphML(path)``.

    Parameters
    ----------
    net : Network
        The network.
    path : str or path-like
        File to write.
    at : date
        The day (``"2016-10-24"``).
    policy : TiePolicy or None
        Which relations, as in :meth:`Network.at <militnet.Network.at>`
        (default ``TiePolicy.all_types()``; ``None`` is ``TiePolicy()``).
    **deprecated
        ``types``, ``min_confidence``, ``date_policy``, ``undated``,
        ``stale_after``: deprecated since 0.2, applied on top of ``policy``.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import militnet, networkx as nx, tempfile, pathlib
    >>> net = militnet.load_dataset("afpak")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     G = nx.read_graphml(militnet.to_graphml(net, pathlib.Path(d) / "s.graphml",
    ...                                             at="2016-01-01"))
    >>> G.number_of_edges() == net.at("2016-01-01").number_of_edges()
    True
    """
    import networkx as nx

    pol = tie_policy(policy, deprecated, call="militnet.to_graphml", default=ALL_TYPES)
    out = Path(path)
    G = _flat_graph(net.graph_at(at, pol), xml=True)
    for _, _, d in G.edges(data=True):
        # the edge's own id is the relation id; an `id` data key beside it made
        # igraph warn and drop it, so the id is repeated as `relation`
        d["relation"] = d.pop("id")
    buf = io.BytesIO()
    nx.write_graphml(G, buf, encoding="utf-8", prettyprint=True)
    return write_output(out, buf.getvalue(), [source_folder(net)])


def to_json(
    net: Network,
    path: str | Path,
    at: Any,
    *,
    policy: TiePolicy | None = ALL_TYPES,
    **deprecated: Unpack[TieKeywords],
) -> Path:
    """Write the snapshot on one day as node-link JSON (networkx ``node_link_data``).

    ``{"directed": true, "multigraph": true, "graph": {...}, "nodes": [...],
    "edges": [...]}``: edges under the key ``"edges"``, each with ``source``,
    ``target``, ``key`` (the relation id) and its attributes. Read it back with
    ``networkx.node_link_graph(data, edges="edges")``.

    Parameters
    ----------
    net : Network
        The network.
    path : str or path-like
        File to write (UTF-8, indented, keys sorted).
    at : date
        The day.
    policy : TiePolicy or None
        Which relations, as in :meth:`Network.at <militnet.Network.at>`
        (default ``TiePolicy.all_types()``; ``None`` is ``TiePolicy()``).
    **deprecated
        The loose keywords of 0.1, deprecated since 0.2 (see :func:`to_graphml`).

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import militnet, json, tempfile, pathlib
    >>> net = militnet.load_dataset("afpak")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     data = json.loads(militnet.to_json(net, pathlib.Path(d) / "s.json",
    ...                                        at="2016-01-01").read_text("utf-8"))
    >>> data["graph"]["date"], data["multigraph"]
    ('2016-01-01', True)
    """
    import networkx as nx

    pol = tie_policy(policy, deprecated, call="militnet.to_json", default=ALL_TYPES)
    out = Path(path)
    G = net.graph_at(at, pol)
    data = nx.node_link_data(G, edges="edges")
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)
    return write_output(out, (text + "\n").encode("utf-8"), [source_folder(net)])


_NODE_CSV = (
    "id",
    "name",
    "aliases",
    "founded",
    "ended",
    "orientation",
    "country",
    "notes",
    "sources",
    "alive",
)
_EDGE_CSV = (
    "id",
    "source",
    "target",
    "type",
    "directional",
    "sign",
    "kind",
    "confidence",
    "start",
    "end",
    "evidence",
    "sources",
    "notes",
)


def _csv_bytes(header: list[str], rows: list[list[Any]], raw: bool = False) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    cell = str if raw else neutralise_cell
    w.writerow([cell(str(c)) for c in header])
    w.writerows([cell(str(c)) for c in r] for r in rows)
    return buf.getvalue().encode("utf-8")


def _write_pair(folder: Path, payloads: dict[str, bytes]) -> None:
    """Both files or neither: the folder is replaced whole (the protocol of
    ``Network.save``; other files in it are kept). A folder that is or holds the
    working directory cannot be replaced: there each file is replaced atomically."""
    from militnet._dataset.write import replace_folder

    real = os.path.realpath(folder)
    try:
        cwd = os.path.realpath(os.getcwd())
    except OSError:
        cwd = ""
    if cwd == real or cwd.startswith(real.rstrip(os.sep) + os.sep):
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in payloads.items():
            write_atomic(folder / name, data)
        return
    replace_folder(folder, payloads, what="nodes.csv and edges.csv")


def to_csv(
    net: Network,
    folder: str | Path,
    at: Any,
    *,
    policy: TiePolicy | None = ALL_TYPES,
    raw: bool = False,
    **deprecated: Unpack[TieKeywords],
) -> tuple[Path, Path]:
    """Write the snapshot on one day as ``nodes.csv`` and ``edges.csv`` in a folder.

    ``nodes.csv``: the groups of the snapshot (``id, name, aliases, founded,
    ended, orientation, country, notes, sources, alive`` and any further
    columns; ``alive`` is ``false`` for a group shown only as the absorbed side
    of a merger in its lineage window). ``edges.csv``: the relations of the
    snapshot, one row per relation (``id, source, target, type, directional,
    sign, kind, confidence, start, end, evidence, sources, notes`` ...).
    Lists are ``;``-separated, dates are the original partial strings. The
    layout Gephi's spreadsheet import and most tools read.

    The two files are written both or neither: the folder is replaced whole,
    as :meth:`Network.save <militnet.Network.save>` replaces a dataset folder
    (other files in it are kept; a kill leaves the old pair or the new one).
    Into the current working directory, which cannot be replaced, each file is
    replaced atomically.

    Cells are neutralised against spreadsheet formula injection: a cell that
    begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (and is
    not a plain number such as ``-1``) is written with a leading apostrophe
    (``'=HYPERLINK(...)``), which spreadsheets show as text. ``raw=True``
    writes every cell exactly as it is.

    Parameters
    ----------
    net : Network
        The network.
    folder : str or path-like
        Folder to write into (created if missing).
    at : date
        The day.
    policy : TiePolicy or None
        Which relations, as in :meth:`Network.at <militnet.Network.at>`
        (default ``TiePolicy.all_types()``; ``None`` is ``TiePolicy()``).
    raw : bool
        Write cells unchanged (no apostrophe before formula-like cells).
    **deprecated
        The loose keywords of 0.1, deprecated since 0.2 (see :func:`to_graphml`).

    Returns
    -------
    tuple of pathlib.Path
        ``(nodes.csv, edges.csv)``.

    Examples
    --------
    >>> import militnet, tempfile, pandas as pd
    >>> net = militnet.load_dataset("afpak")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     nodes, edges = militnet.to_csv(net, d, at="2016-01-01")
    ...     n = len(pd.read_csv(edges))
    >>> n == net.at("2016-01-01").number_of_edges()
    True
    """
    pol = tie_policy(policy, deprecated, call="militnet.to_csv", default=ALL_TYPES)
    out = Path(folder)
    inputs = [source_folder(net)]
    for target in (out, out / "nodes.csv", out / "edges.csv"):
        check_output(target, inputs)
    G = net.graph_at(at, pol)
    n_extra = sorted({k for _, d in G.nodes(data=True) for k in d} - set(_NODE_CSV))
    e_extra = sorted({k for *_, d in G.edges(data=True) for k in d} - set(_EDGE_CSV) - {"id"})
    n_cols = [*_NODE_CSV, *n_extra]
    e_cols = [*_EDGE_CSV, *e_extra]
    nodes = [[n] + [_csv_cell(d.get(c, "")) for c in n_cols[1:]] for n, d in G.nodes(data=True)]
    edges = []
    for u, v, k, d in G.edges(keys=True, data=True):
        row = {**d, "id": k, "source": u, "target": v}
        edges.append([_csv_cell(row.get(c, "")) for c in e_cols])
    _write_pair(
        out,
        {"nodes.csv": _csv_bytes(n_cols, nodes, raw), "edges.csv": _csv_bytes(e_cols, edges, raw)},
    )
    return out / "nodes.csv", out / "edges.csv"


def _csv_cell(value: Any) -> str:
    value = _flat(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
