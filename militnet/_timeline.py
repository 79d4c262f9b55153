"""The snapshot engine: which groups are alive and which relations active on a day.

Dates are turned into day ordinals once per network; a snapshot is then a few
vectorised comparisons and the construction of a networkx graph.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._dates import DATE_POLICIES, PartialDate, as_day
from militnet._model import RELATION_TYPES, RecordError, split_list
from militnet._policy import check_types, confidence_rank

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

__all__ = ["TimeIndex"]

NEG = np.int64(-(2**40))  # unknown start / founding: since always
POS = np.int64(2**40)  # no end: still active

_TYPE_CODES = {t: i for i, t in enumerate(RELATION_TYPES)}
_LIST_GROUP = ("aliases", "sources", "country")
_LIST_REL = ("sources",)


def _sides(values: list[str], unknown: np.int64) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """First-day and last-day ordinals of partial dates, and whether known."""
    first = np.full(len(values), unknown, dtype=np.int64)
    last = np.full(len(values), unknown, dtype=np.int64)
    known = np.zeros(len(values), dtype=bool)
    cache: dict[str, tuple[int, int] | None] = {}
    for i, v in enumerate(values):
        if v not in cache:
            p = PartialDate.parse(v)
            cache[v] = (p.first_day().toordinal(), p.last_day().toordinal()) if p else None
        fl = cache[v]
        if fl is not None:
            first[i], last[i] = fl
            known[i] = True
    return first, last, known


class TimeIndex:
    """Precomputed arrays over a network's groups and relations."""

    def __init__(self, groups: pd.DataFrame, relations: pd.DataFrame) -> None:
        self.group_ids: list[str] = [str(i) for i in groups.index]
        pos = {g: i for i, g in enumerate(self.group_ids)}
        self.f_first, self.f_last, _ = _sides(groups["founded"].tolist(), NEG)
        self.e_first, self.e_last, _ = _sides(groups["ended"].tolist(), POS)
        self.rel_ids: list[str] = [str(i) for i in relations.index]
        self.src = np.array([pos[s] for s in relations["source"]], dtype=np.int64)
        self.tgt = np.array([pos[t] for t in relations["target"]], dtype=np.int64)
        self.type = np.array([_TYPE_CODES[t] for t in relations["type"]], dtype=np.int8)
        self.conf = np.array([confidence_rank(c) for c in relations["confidence"]],
                             dtype=np.int8)
        self.s_first, self.s_last, self.s_known = _sides(relations["start"].tolist(), NEG)
        self.r_first, self.r_last, _ = _sides(relations["end"].tolist(), POS)
        self.node_attrs = [_node_attrs(r) for r in groups.reset_index().to_dict("records")]
        self.edge_attrs = [_edge_attrs(r) for r in relations.reset_index().to_dict("records")]

    # -- masks ---------------------------------------------------------------
    def alive(self, t: int, date_policy: str) -> np.ndarray:
        s_side, e_side = DATE_POLICIES[date_policy]
        f = self.f_first if s_side == "first" else self.f_last
        e = self.e_first if e_side == "first" else self.e_last
        return (f <= t) & (t < e)

    def active(self, t: int, alive: np.ndarray, types: tuple[str, ...], min_rank: int,
               date_policy: str, undated: str) -> np.ndarray:
        s_side, e_side = DATE_POLICIES[date_policy]
        s = self.s_first if s_side == "first" else self.s_last
        e = self.r_first if e_side == "first" else self.r_last
        mask = (s <= t) & (t < e) & (self.conf >= min_rank)
        if undated == "exclude":
            mask &= self.s_known
        if len(types) < len(RELATION_TYPES):
            mask &= np.isin(self.type, [_TYPE_CODES[x] for x in types])
        mask &= alive[self.src] & alive[self.tgt]
        return mask


def query(index: TimeIndex, at: Any, types: Any, min_confidence: str, date_policy: str,
          undated: str) -> tuple[_dt.date, np.ndarray, np.ndarray, tuple[str, ...]]:
    """Validated query → (day, alive mask, active mask, types)."""
    day = as_day(at)
    if date_policy not in DATE_POLICIES:
        raise RecordError(f"unknown date policy {date_policy!r}; expected one of "
                          f"{', '.join(DATE_POLICIES)}")
    if undated not in ("include", "exclude"):
        raise RecordError(f"undated must be 'include' or 'exclude', got {undated!r}")
    sel = check_types(types)
    rank = confidence_rank(min_confidence)
    t = day.toordinal()
    alive = index.alive(t, date_policy)
    active = index.active(t, alive, sel, rank, date_policy, undated)
    return day, alive, active, sel


def build_multigraph(index: TimeIndex, alive: np.ndarray, active: np.ndarray,
                     graph_attrs: dict[str, Any]) -> nx.MultiDiGraph:
    import networkx as nx

    g = nx.MultiDiGraph(**graph_attrs)
    ids = index.group_ids
    na = index.node_attrs
    g.add_nodes_from((ids[i], dict(na[i])) for i in np.flatnonzero(alive))
    ea = index.edge_attrs
    src, tgt, rids = index.src, index.tgt, index.rel_ids
    g.add_edges_from(
        (ids[src[j]], ids[tgt[j]], rids[j], dict(ea[j])) for j in np.flatnonzero(active)
    )
    return g


def _node_attrs(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k == "id":
            continue
        out[k] = list(split_list(v)) if k in _LIST_GROUP else v
    return out


def _edge_attrs(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    rt = RELATION_TYPES[row["type"]]
    for k, v in row.items():
        if k in ("source", "target"):
            continue
        out[k] = list(split_list(v)) if k in _LIST_REL else v
        if k == "type":
            out["directed"] = rt.directed
            out["sign"] = rt.sign
            out["kind"] = rt.kind
    return out

