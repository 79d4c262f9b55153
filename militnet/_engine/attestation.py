"""Attestation of ties: when each relation was last shown in force, when it
lapses, and what a result that rests on old or undated ties must say.

A relation's **reference day** is its ``last_attested`` date or, without
one, its ``start``. Under a tie policy with ``stale_after``, an open-ended
relation lapses on its reference day plus ``stale_after`` (see
:meth:`militnet._engine.snapshot.TimeIndex.lapse_day`). Whatever the policy, a result
whose active ties include one unattested for more than five years
(:data:`~militnet._core.policy.STALE_WARNING_MONTHS`), or one with no date at all,
says so in ``provenance["attestation"]``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._core.dates import DATE_POLICIES, as_day
from militnet._core.model import RELATION_TYPES
from militnet._core.policy import (
    STALE_WARNING_MONTHS,
    TiePolicy,
    confidence_rank,
    format_months,
    resolve_policy,
)
from militnet._engine.snapshot import POS

if TYPE_CHECKING:
    from militnet._classes.network import Network
    from militnet._engine.snapshot import TimeIndex

__all__ = ["attestation_summary", "lapse_dates"]

#: How many relation ids a provenance record lists per category.
_EXAMPLES = 10


def _ordinal_iso(o: int) -> str:
    return _dt.date.fromordinal(int(o)).isoformat()


def lapse_dates(net: Network, policy: TiePolicy | None = None) -> dict[str, str]:
    """Per relation id, the first day it counts as lapsed under ``policy``
    (ISO date), or ``""`` when it never lapses (it has an end, no date at all,
    or the policy's ``stale_after`` is ``None``).

    Examples
    --------
    >>> from militnet import Group, Network, Relation, TiePolicy
    >>> net = Network([Group("a", "A"), Group("b", "B")],
    ...               [Relation("r1", "a", "b", "alliance", start="2010",
    ...                         last_attested="2014-03")])
    >>> lapse_dates(net, TiePolicy(stale_after="5y"))
    {'r1': '2019-03-01'}
    >>> lapse_dates(net, TiePolicy(stale_after=None))
    {'r1': ''}
    """
    pol = resolve_policy(policy)
    idx = net.time_index
    if pol.stale_months is None:
        return dict.fromkeys(idx.rel_ids, "")
    side = DATE_POLICIES[pol.date_policy][1]
    lapse = idx.lapse_day(pol.stale_months, side)
    return {
        rid: ("" if o >= POS else _ordinal_iso(o))
        for rid, o in zip(idx.rel_ids, lapse.tolist(), strict=True)
    }


def attestation_summary(
    net: Network, dates: Iterable[Any], policy: TiePolicy | Mapping[str, Any] | None
) -> dict[str, Any]:
    """What a result over ``dates`` rests on, as plain data for its provenance.

    Counts the distinct relations of the policy's types and confidence that
    were active on at least one of the days, and among them those

    - ``stale``: active while unattested for more than five years (possible
      only when the policy lets ties run longer, e.g. ``stale_after=None``);
    - ``undated``: open-ended with neither ``start`` nor ``last_attested``, so
      they cannot lapse;

    and those ``lapsed``: left out on at least one day because they lapsed.
    ``warnings`` says in words what a reader of the result must know.

    Examples
    --------
    >>> from militnet import Group, Network, Relation, TiePolicy
    >>> net = Network([Group(g, g.upper(), founded="2000") for g in "abc"],
    ...               [Relation("r1", "a", "b", "alliance", start="2005"),
    ...                Relation("r2", "b", "c", "alliance", start="2019")])
    >>> s = attestation_summary(net, ["2021-06-01"], TiePolicy(stale_after=None))
    >>> s["stale"], s["stale_ids"]
    (1, ['r1'])
    >>> print(s["warnings"][0])  # doctest: +NORMALIZE_WHITESPACE
    1 of 2 active relations were unattested for more than 5 years (r1);
    a tie policy with stale_after='5y' lets them lapse
    >>> attestation_summary(net, ["2021-06-01"], TiePolicy())["lapsed_ids"]
    ['r1']
    """
    if policy is None:
        return {}
    if isinstance(policy, TiePolicy):
        pol = policy
    else:
        fields: dict[str, Any] = dict(policy)
        fields["types"] = tuple(fields.get("types", ()))
        pol = TiePolicy(**fields)
    idx = net.time_index
    days = np.unique(np.array([as_day(d).toordinal() for d in dates], dtype=np.int64))
    ever_active, ever_lapsed, ever_stale = _ever(idx, days, pol)
    undated_open = ~idx.r_known & ~idx.a_known & ~idx.s_known
    ids = np.array(idx.rel_ids, dtype=object)
    undated = ever_active & undated_open

    def some(mask: np.ndarray) -> list[str]:
        return [str(x) for x in ids[mask][:_EXAMPLES]]

    out: dict[str, Any] = {
        "stale_after": format_months(pol.stale_months),
        "active": int(ever_active.sum()),
        "lapsed": int(ever_lapsed.sum()),
        "lapsed_ids": some(ever_lapsed),
        "stale": int(ever_stale.sum()),
        "stale_ids": some(ever_stale),
        "undated": int(undated.sum()),
        "undated_ids": some(undated),
    }
    years = STALE_WARNING_MONTHS // 12
    warnings: list[str] = []
    if out["stale"]:
        warnings.append(
            f"{out['stale']} of {out['active']} active relations were unattested for more "
            f"than {years} years ({_list(out['stale_ids'], out['stale'])}); a tie policy "
            f"with stale_after='{years}y' lets them lapse"
        )
    if out["undated"]:
        listed = _list(out["undated_ids"], out["undated"])
        warnings.append(
            f"{out['undated']} of {out['active']} active relations are open-ended with "
            f"neither a start nor a last attestation ({listed}): they cannot lapse and "
            f"may be long over"
        )
    out["warnings"] = warnings
    return out


def _ever(
    idx: TimeIndex, days: np.ndarray, pol: TiePolicy
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per relation, whether on at least one of the sorted unique ``days`` it is
    active, lapsed (it would be active but for the lapse rule), and stale
    (active while unattested for more than five years) under ``pol``.

    Each is "some day falls in ``[lo, hi)``" for per-relation bounds, found by
    ``searchsorted`` over the days as in :func:`militnet._algorithms.series._sweep`:
    ``lo`` is the latest of the relation's start and its groups' foundings,
    ``hi`` the earliest of its (effective) end and its groups' ends.
    """
    s_side, e_side = DATE_POLICIES[pol.date_policy]
    f = idx.f_first if s_side == "first" else idx.f_last
    e = idx.e_first if e_side == "first" else idx.e_last
    s = idx.s_first if s_side == "first" else idx.s_last
    src, tgt = idx.src, idx.tgt
    ok = idx.conf >= confidence_rank(pol.min_confidence)
    if pol.undated == "exclude":
        ok &= idx.s_known
    types = pol.relation_types
    if len(types) < len(RELATION_TYPES):
        ok &= np.isin(idx.type, [list(RELATION_TYPES).index(t) for t in types])
    lo = np.maximum(s, np.maximum(f[src], f[tgt]))
    groups_end = np.minimum(e[src], e[tgt])
    hi = np.minimum(idx.effective_end(e_side, pol.stale_months), groups_end)

    def some(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return ok & (np.searchsorted(days, a) < np.searchsorted(days, b))

    ever_active = some(lo, hi)
    if pol.stale_months is None:
        ever_lapsed = np.zeros(len(lo), dtype=bool)
    else:  # active without the lapse rule, and not with it
        ever_lapsed = some(
            np.maximum(lo, hi),
            np.minimum(idx.r_first if e_side == "first" else idx.r_last, groups_end),
        )
    warn = idx.lapse_day(STALE_WARNING_MONTHS, e_side)
    ever_stale = some(np.maximum(lo, warn), hi)
    return ever_active, ever_lapsed, ever_stale


def _list(ids: list[str], total: int) -> str:
    more = total - len(ids)
    return ", ".join(ids) + (f" and {more} more" if more > 0 else "")
