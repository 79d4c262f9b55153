"""Small hand-made networks for the analysis tests."""

from __future__ import annotations

from typing import Any

import militnet
from militnet import Group, Relation, Source


def make_net(relations: list[tuple[Any, ...]], groups: dict[str, dict[str, str]] | None = None,
             **meta: str) -> militnet.Network:
    """``relations``: (id, source, target, type[, start[, end[, confidence]]]) tuples.

    Groups are the ones named in ``groups`` (with their fields) plus every group a
    relation mentions; defaults: founded 2000, never ended.
    """
    groups = dict(groups or {})
    for r in relations:
        for g in r[1:3]:
            groups.setdefault(g, {})
    grecs = [Group(g, f"Group {g.upper()}", **{"founded": "2000", **fields}, sources="s1")
             for g, fields in groups.items()]
    rrecs = []
    for r in relations:
        rid, src, tgt, typ, *rest = r
        start = rest[0] if len(rest) > 0 else "2010"
        end = rest[1] if len(rest) > 1 else ""
        conf = rest[2] if len(rest) > 2 else "confirmed"
        rrecs.append(Relation(rid, src, tgt, typ, start=start, end=end, confidence=conf,
                              evidence=f"evidence {rid}", sources="s1"))
    return militnet.Network(groups=grecs, relations=rrecs,
                            sources=[Source("s1", title="Source one")],
                            metadata={"name": "t", "version": "0", **meta})
