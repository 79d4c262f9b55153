"""The vectorised attestation summary against the straightforward per-day one."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import numpy as np
import pytest

import militnet
from benchmarks.synth import make_tables
from militnet import TiePolicy
from militnet._core.dates import DATE_POLICIES, as_day
from militnet._core.policy import STALE_WARNING_MONTHS, confidence_rank
from militnet._engine.attestation import attestation_summary


def per_day(
    net: militnet.Network, dates: list[Any], pol: TiePolicy
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ever active / lapsed / stale, one full active mask per day (the reference)."""
    idx = net.time_index
    e_side = DATE_POLICIES[pol.date_policy][1]
    n = len(idx.rel_ids)
    warn_lapse = idx.lapse_day(STALE_WARNING_MONTHS, e_side)
    ever_active = np.zeros(n, dtype=bool)
    ever_lapsed = np.zeros(n, dtype=bool)
    ever_stale = np.zeros(n, dtype=bool)
    rank = confidence_rank(pol.min_confidence)
    for d in dates:
        t = as_day(d).toordinal()
        alive = idx.alive(t, pol.date_policy)
        active = idx.active(
            t, alive, pol.relation_types, rank, pol.date_policy, pol.undated, pol.stale_months
        )
        ever_active |= active
        if pol.stale_months is not None:
            unlapsed = idx.active(
                t, alive, pol.relation_types, rank, pol.date_policy, pol.undated, None
            )
            ever_lapsed |= unlapsed & ~active
        ever_stale |= active & (warn_lapse <= t)
    return ever_active, ever_lapsed, ever_stale


def reference_summary(net: militnet.Network, dates: list[Any], pol: TiePolicy) -> dict[str, Any]:
    idx = net.time_index
    active, lapsed, stale = per_day(net, dates, pol)
    undated = active & ~idx.r_known & ~idx.a_known & ~idx.s_known
    ids = np.array(idx.rel_ids, dtype=object)
    return {
        "active": int(active.sum()),
        "lapsed": int(lapsed.sum()),
        "lapsed_ids": list(ids[lapsed][:10]),
        "stale": int(stale.sum()),
        "stale_ids": list(ids[stale][:10]),
        "undated": int(undated.sum()),
        "undated_ids": list(ids[undated][:10]),
    }


def attested_network(seed: int = 5) -> militnet.Network:
    """The synthetic network with ``last_attested`` on most open-ended relations."""
    groups, rel, sources = make_tables(90, 900, seed=seed, undated=0.15)
    rng = np.random.default_rng(seed)
    att = []
    for start, end in zip(rel["start"], rel["end"], strict=True):
        if end or not start or rng.random() < 0.2 or start.endswith("02-29"):
            att.append("")
        else:
            att.append(f"{int(start[:4]) + int(rng.integers(0, 12)):04d}{start[4:]}")
    rel["last_attested"] = att
    # some relations without start or end attested anyway: they lapse from the attestation
    undated = np.flatnonzero(((rel["start"] == "") & (rel["end"] == "")).to_numpy())
    rel.loc[rel.index[undated], "last_attested"] = [
        ("2003", "2011-05", "")[i % 3] for i in range(len(undated))
    ]
    return militnet.Network(groups=groups, relations=rel, sources=sources)


def boundary_days(net: militnet.Network) -> list[_dt.date]:
    """Days where something starts, ends or lapses (and the day before each)."""
    idx = net.time_index
    values = [
        idx.f_first,
        idx.f_last,
        idx.e_first,
        idx.e_last,
        idx.s_first,
        idx.s_last,
        idx.r_first,
        idx.r_last,
        idx.lapse_day(60, "first"),
        idx.lapse_day(60, "last"),
        idx.lapse_day(18, "first"),
        idx.lapse_day(STALE_WARNING_MONTHS, "last"),
    ]
    ords = np.unique(np.concatenate(values))
    ords = ords[(ords > 700_000) & (ords < 750_000)]
    ords = np.unique(np.concatenate([ords, ords - 1]))
    rng = np.random.default_rng(0)
    return [_dt.date.fromordinal(int(o)) for o in rng.choice(ords, 150, replace=False)]


POLICIES = [
    TiePolicy(),
    TiePolicy(stale_after=None),
    TiePolicy(stale_after="18m", date_policy="latest"),
    TiePolicy(stale_after=2, signed=True, min_confidence="reported"),
    TiePolicy(
        types=("alliance", "pledge", "rivalry", "split", "merger"),
        undated="exclude",
        stale_after="10y",
    ),
    TiePolicy(types=("rivalry",), stale_after="1m", date_policy="latest", undated="exclude"),
]


@pytest.fixture(scope="module")
def net() -> militnet.Network:
    return attested_network()


@pytest.mark.parametrize("pol", POLICIES)
def test_fast_summary_equals_the_per_day_one(net, pol):
    assert net.time_index.a_known.sum() > 100
    series = [
        [f"{y}-01-01" for y in range(1985, 2026)],
        [d.isoformat() for d in boundary_days(net)],
        ["2016-03-01", "2016-03-01", "1999-12-31"],  # repeated, unsorted
        [_dt.date(2024, 2, 29)],
        [],
    ]
    for dates in series:
        got = attestation_summary(net, dates, pol)
        want = reference_summary(net, dates, pol)
        assert {k: got[k] for k in want} == want, (pol, dates[:3])


def test_the_comparison_sees_lapses_and_stale_ties(net):
    dates = [d.isoformat() for d in boundary_days(net)]
    assert reference_summary(net, dates, TiePolicy())["lapsed"] > 0
    assert reference_summary(net, dates, TiePolicy(stale_after=None))["stale"] > 0
    assert reference_summary(net, dates, TiePolicy(stale_after=None))["undated"] > 0
