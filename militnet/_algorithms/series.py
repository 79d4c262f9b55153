"""Measures over a series of snapshots, as one tidy table."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from militnet._algorithms.centrality import (
    DEFAULT_MEASURES,
    check_k,
    check_measures,
    compute,
    parameters,
)
from militnet._core.checks import check_freq
from militnet._core.errors import DateError
from militnet._core.policy import TiePolicy
from militnet._engine import backend as _backend
from militnet._engine.snapshot import snapshot

if TYPE_CHECKING:
    import datetime as _dt

    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["series", "series_dates"]


def series_dates(
    net: Network,
    start: Any = None,
    end: Any = None,
    freq: str = "YS",
    dates: Iterable[Any] | None = None,
) -> list[_dt.date]:
    """The days of a series: ``dates`` as given (sorted, unique), or every
    ``freq`` step from ``start`` to ``end`` (both default to the data's date
    range: the first day of its earliest date, the last day of its latest)."""
    import pandas as pd

    from militnet._core.dates import PartialDate, as_day

    if dates is not None:
        if start is not None or end is not None:
            raise DateError("give either dates or start/end, not both")
        if isinstance(dates, (str, bytes)) or not isinstance(dates, Iterable):
            raise DateError(
                f"dates must be a list of days, got {type(dates).__name__} {dates!r}"[:200]
            )
        days = sorted({as_day(d) for d in dates})
        if not days:
            raise DateError("no dates given")
        return days
    # the data's date range parses every date: only when a bound is missing
    lo, hi = net.date_range() if start is None or end is None else ("", "")
    first = (
        as_day(start) if start is not None else (PartialDate.parse(lo).first_day() if lo else None)
    )
    last = as_day(end) if end is not None else (PartialDate.parse(hi).last_day() if hi else None)
    if first is None or last is None:
        raise DateError("the network has no dates; give start and end")
    if last < first:
        raise DateError(f"end {last} is before start {first}")
    check_freq(freq)  # militnet._core.checks: a pandas frequency of a day or more
    try:
        rng = pd.date_range(first, last, freq=freq)
    except (ValueError, ZeroDivisionError) as exc:  # "0D" divides by zero in pandas
        raise DateError(f"bad frequency {freq!r}: {exc or 'a zero step'}") from None
    if len(rng) == 0:
        raise DateError(f"no day from {first} to {last} at frequency {freq!r}")
    return [ts.date() for ts in rng]


def _progress(items: Iterable[Any], total: int, enabled: bool) -> Iterator[Any]:
    """``items`` with a progress bar (tqdm if installed, else a line on stderr)."""
    if not enabled:
        yield from items
        return
    try:
        from tqdm.auto import tqdm
    except ImportError:
        for i, x in enumerate(items, 1):
            print(f"\rmilitnet series: snapshot {i}/{total}", end="", file=sys.stderr, flush=True)
            yield x
        print(file=sys.stderr)
        return
    yield from tqdm(items, total=total, desc="militnet series", unit="snapshot")


#: Measures the interval sweep computes for a whole series at once.
COUNTING = frozenset({"degree", "in_degree", "out_degree"})
#: Largest groups x days matrix the sweep builds; longer series go day by day.
SWEEP_CELLS = 20_000_000


def series(
    net: Network,
    start: Any = None,
    end: Any = None,
    freq: str = "YS",
    *,
    dates: Iterable[Any] | None = None,
    measures: Iterable[str] | str = DEFAULT_MEASURES,
    policy: TiePolicy,
    k: int | None = None,
    seed: int | None = 0,
    progress: bool = False,
    n_jobs: int | None = None,
) -> pd.DataFrame:
    """Measures of every group over a series of days, as a tidy table.

    See :meth:`militnet.Network.series`, which calls this with its resolved
    ``policy``.

    Degree-type measures alone (``degree``, ``in_degree``, ``out_degree``)
    are computed for all days at once by an interval sweep (each relation is
    active on a run of consecutive days of the series). Otherwise each day is
    a snapshot; a day identical to the previous one reuses its results, and
    with ``n_jobs > 1`` the distinct snapshots are computed in a process
    pool (largest first) and put back in date order, so the table does not
    depend on ``n_jobs``.
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    pol = policy
    sel = check_measures(measures)
    k = check_k(k)
    n_jobs_asked = check_n_jobs(n_jobs)
    days = series_dates(net, start, end, freq, dates)
    n_groups = len(net.time_index.group_ids)
    if set(sel) <= COUNTING and n_groups * (len(days) + 1) <= SWEEP_CELLS:
        for _ in _progress(days, len(days), progress):
            pass
        cols, reused = _sweep(net, days, sel, pol)
        decision: dict[str, Any] = {"decision": "one", "workers": 1, "sweep": True}
    else:
        cols, reused, decision = _by_snapshot(net, days, sel, pol, k, seed, progress, n_jobs_asked)
    df = pd.DataFrame(cols)
    sizes = df.loc[df["measure"] == sel[0], "date"].value_counts().tolist()
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.Network.series",
        dates=days,
        policy=pol,
        parameters={
            **parameters(sel, k, sizes),
            "freq": None if dates is not None else freq,
            "n_jobs": n_jobs,
            "processes": decision["workers"] if decision["decision"] == "processes" else 1,
            "threads": decision["workers"] if decision["decision"] == "threads" else 1,
            "parallel": decision,
        },
        seed=seed,
    )
    df.attrs["reused_snapshots"] = reused
    return df


def check_n_jobs(n_jobs: Any) -> int | None:
    """Validate ``n_jobs``: a positive number of workers, -1 for one per core,
    or None (automatic: see :func:`decide_workers`)."""
    import os

    from militnet._core.errors import ArgumentError

    if n_jobs is None:
        return None
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or not (n_jobs >= 1 or n_jobs == -1):
        raise ArgumentError(
            f"n_jobs must be a positive integer, -1 (one worker per "
            f"core) or None (automatic), got {n_jobs!r}"
        )
    return (os.cpu_count() or 1) if n_jobs == -1 else n_jobs


#: Estimated seconds of the rest of a series (after its largest snapshot,
#: timed) from which ``n_jobs=None`` computes that rest in threads: the
#: compiled kernels release the GIL, and a thread starts in well under a
#: millisecond, inherits everything loaded and copies nothing.
THREAD_SECONDS = 0.05
#: The same for a process pool, used only when networkx (which holds the
#: GIL) runs the bulk of the work: forked workers (Linux) inherit what is
#: loaded, but starting them and sending the snapshots and results costs
#: tens of milliseconds. Spawned workers (macOS, Windows) would import
#: militnet again: ``n_jobs=None`` never starts them.
POOL_SECONDS = 1.0
#: Most workers ``n_jobs=None`` starts.
MAX_WORKERS = 4


def usable_cores() -> int:
    """Processors this process may run on (its CPU affinity where known)."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def work_units(t: Any, sel: tuple[str, ...], k: int | None) -> float:
    """Relative cost of computing ``sel`` on the snapshot ``t`` (to order the
    snapshots, largest first, and to extrapolate from a timed one)."""
    units = float(t.n + 50 * t.m)  # linear measures; PageRank iterates
    if "betweenness" in sel:
        units += float(t.n if k is None else min(k, t.n)) * t.m
    if "community" in sel:
        units += 30.0 * t.m
    return units


def system_load() -> float | None:
    """The system's load average over the last minute (runnable tasks, this
    process included), or None where unknown (Windows)."""
    import os

    try:
        return float(os.getloadavg()[0])
    except (AttributeError, OSError):  # pragma: no cover - not Unix
        return None


def decide_workers(
    first_seconds: float,
    rest_units: float,
    first_units: float,
    rest_count: int,
    threads_ok: bool,
    cores: int,
    load: float | None = None,
) -> tuple[str, int, float]:
    """``n_jobs=None``: how to compute the rest of a series once its largest
    snapshot took ``first_seconds``. Returns the kind (``"one"``,
    ``"threads"``, ``"processes"``), the number of workers and the
    estimated seconds of the rest in one process (the first snapshot's time
    scaled by the work left).

    One worker when the cores are already oversubscribed (``load`` at least
    ``cores + 1``: more runnable tasks than cores besides this one): there,
    more threads only wait for each other (a thread holding the GIL is
    descheduled while the others need it), and processes compete with the
    rest of the machine."""
    import sys

    estimate = first_seconds * rest_units / max(first_units, 1.0)
    workers = min(cores, MAX_WORKERS, rest_count)
    if load is not None and load >= cores + 1:
        return "one", 1, estimate
    if workers < 2:
        return "one", 1, estimate
    if threads_ok and estimate >= THREAD_SECONDS:
        return "threads", workers, estimate
    if not threads_ok and estimate >= POOL_SECONDS and sys.platform.startswith("linux"):
        return "processes", workers, estimate
    return "one", 1, estimate


def _columns(
    days: list[_dt.date], nodes: list[Any], values: list[Any], sel: tuple[str, ...]
) -> dict[str, Any]:
    """The tidy columns from per-day node arrays and per-day value dicts."""
    import numpy as np
    import pandas as pd

    counts = np.array([len(v) for v in nodes], dtype=np.int64)
    if counts.sum() == 0:
        return {
            "date": pd.Series(dtype="datetime64[ns]"),
            "group": pd.Series(dtype=object),
            "measure": pd.Series(dtype=object),
            "value": pd.Series(dtype="float64"),
        }
    m = len(sel)
    stamps = np.array([d.isoformat() for d in days], dtype="datetime64[ns]")
    group = np.concatenate([np.tile(np.asarray(v, dtype=object), m) for v in nodes if len(v)])
    measure = np.concatenate([np.repeat(np.array(sel, dtype=object), c) for c in counts if c])
    value = np.concatenate(
        [
            np.concatenate([vals[x] for x in sel])
            for vals, c in zip(values, counts, strict=True)
            if c
        ]
    ).astype(np.float64)
    return {
        "date": np.repeat(stamps, counts * m),
        "group": group,
        "measure": measure,
        "value": value,
    }


def _by_snapshot(
    net: Network,
    days: list[_dt.date],
    sel: tuple[str, ...],
    pol: TiePolicy,
    k: int | None,
    seed: int | None,
    progress: bool,
    n_jobs: int | None,
) -> tuple[dict[str, Any], int, dict[str, Any]]:
    """One snapshot per day; consecutive identical snapshots share their results.

    The distinct snapshots are computed largest first. With ``n_jobs=None``
    the largest is computed and timed here, and the rest goes to threads (or,
    when networkx runs the bulk, forked processes) only if its time,
    extrapolated from that measurement, pays for them
    (:func:`decide_workers`). Also returns the provenance of that decision."""
    import time

    snaps = [snapshot(net, day, pol) for day in days]
    # which snapshot each day takes its values from (itself, or the previous one)
    source: list[int] = []
    for i, snap in enumerate(snaps):
        same = i > 0 and snap.key() == snaps[i - 1].key()
        source.append(source[-1] if same else i)
    distinct = sorted(set(source))
    units = {i: work_units(snaps[i].ties, sel, k) for i in distinct}
    order = sorted(distinct, key=lambda i: (-units[i], i))
    results: dict[int, dict[str, Any]] = {}
    # the backend picks its implementation from the work of the whole series
    seconds = _backend.networkx_seconds([snaps[i].ties for i in distinct], sel, k)
    with _backend.workload(seconds):
        threads_ok = _backend.kernels_run(sel)
        # sampled pivots from Python's global stream: one order of draws
        global_stream = seed is None and k is not None and "betweenness" in sel
        bar = _progress(iter(order), len(order), progress)
        if n_jobs is None:
            t0 = time.perf_counter()
            results[order[0]] = compute(snaps[order[0]].ties, sel, k, seed)
            first = time.perf_counter() - t0
            next(bar, None)
            rest = order[1:]
            cores, load = usable_cores(), system_load()
            kind, workers, estimate = decide_workers(
                first,
                sum(units[i] for i in rest),
                units[order[0]],
                0 if global_stream else len(rest),
                threads_ok,
                cores,
                load,
            )
            decision: dict[str, Any] = {
                "decision": kind,
                "workers": workers,
                "first_snapshot_seconds": round(first, 4),
                "estimated_rest_seconds": round(estimate, 4),
                "cores": cores,
                "load": None if load is None else round(load, 2),
            }
        else:
            rest = order
            workers = min(n_jobs, len(order))
            kind = "one" if workers < 2 else "threads" if threads_ok else "processes"
            decision = {"decision": kind, "workers": workers, "asked": n_jobs}
        if kind == "threads":
            _backend.prepare(sel)  # loaded once, before the threads share them
            results.update(_threads(snaps, rest, sel, k, seed, bar, workers))
        elif kind == "processes":
            results.update(_pool(snaps, rest, sel, k, seed, bar, workers, seconds))
        else:
            for i in rest:
                results[i] = compute(snaps[i].ties, sel, k, seed)
                next(bar, None)
        for _ in bar:  # close the progress bar
            pass
    nodes = [s.ties.nodes for s in snaps]
    values = [results[j] for j in source]
    reused = len(days) - len(distinct)
    return _columns(days, nodes, values, sel), reused, decision


def _threads(
    snaps: list[Any],
    order: list[int],
    sel: tuple[str, ...],
    k: int | None,
    seed: int | None,
    bar: Iterator[Any],
    workers: int,
) -> dict[int, dict[str, Any]]:
    """Compute the snapshots ``order`` in ``workers`` threads (the compiled
    kernels release the GIL), largest first."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    out: dict[int, dict[str, Any]] = {}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="militnet") as ex:
        futures = {ex.submit(compute, snaps[i].ties, sel, k, seed): i for i in order}
        for fut in as_completed(futures):
            out[futures[fut]] = fut.result()
            next(bar, None)
    return out


def _compute_task(args: tuple[Any, ...]) -> tuple[int, dict[str, Any]]:
    i, ties, sel, k, seed, backend, seconds = args
    if _backend.get_backend() != backend:
        _backend.set_backend(backend)
    with _backend.workload(seconds):
        return i, compute(ties, sel, k, seed)


def _pool(
    snaps: list[Any],
    order: list[int],
    sel: tuple[str, ...],
    k: int | None,
    seed: int | None,
    bar: Iterator[Any],
    n_jobs: int,
    seconds: float,
) -> dict[int, dict[str, Any]]:
    """Compute the snapshots ``order`` in ``n_jobs`` processes, largest first.

    A ``fork`` pool on Linux (cheap to start: nothing is imported or loaded
    again); elsewhere the platform's default start method.
    """
    import multiprocessing as mp
    import sys

    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else None)
    tasks = [(i, snaps[i].ties, sel, k, seed, _backend.get_backend(), seconds) for i in order]
    _backend.prepare(sel)  # compiled kernels loaded once, inherited by the forked workers
    out: dict[int, dict[str, Any]] = {}
    with ctx.Pool(min(n_jobs, len(tasks))) as pool:
        for i, values in pool.imap_unordered(_compute_task, tasks):
            out[i] = values
            next(bar, None)
    return out


def _sweep(
    net: Network, days: list[_dt.date], sel: tuple[str, ...], pol: TiePolicy
) -> tuple[dict[str, Any], int]:
    """Degree-type measures of every group on every day, in one pass.

    Under the policy, relation ``j`` counts on day ``t`` when ``lo_j <= t <
    hi_j``, with ``lo`` the latest of its start and its groups' foundings and
    ``hi`` the earliest of its end and its groups' ends: a run ``[a, b)`` of
    day positions (``searchsorted``). Parallel relations must count once, so
    runs are sorted by (pair, a) and each keeps only what earlier runs of its
    pair have not covered yet (``[max(a, running max of b), b)``). Each kept
    run adds one to its group(s) over ``[a, b)`` through a difference array.
    Day ``i`` reuses day ``i - 1`` when no run (relation or group lifetime)
    starts or stops at ``i``, exactly when the snapshots' masks are equal.
    """
    import numpy as np

    from militnet._core.dates import DATE_POLICIES
    from militnet._core.model import RELATION_TYPES
    from militnet._core.policy import confidence_rank

    idx = net.time_index
    d = np.array([day.toordinal() for day in days], dtype=np.int64)
    n_days = len(d)
    s_side, e_side = DATE_POLICIES[pol.date_policy]
    f = idx.f_first if s_side == "first" else idx.f_last
    e = idx.e_first if e_side == "first" else idx.e_last
    g_a = np.searchsorted(d, f)
    g_b = np.searchsorted(d, e)
    alive = g_a < g_b
    codes = [i for i, t in enumerate(RELATION_TYPES) if t in pol.types]
    type_ok = np.zeros(len(RELATION_TYPES), dtype=bool)
    type_ok[codes] = True
    ok = type_ok[idx.type] & (idx.conf >= confidence_rank(pol.min_confidence))
    if pol.undated == "exclude":
        ok &= idx.s_known
    rs = idx.s_first if s_side == "first" else idx.s_last
    re_ = idx.effective_end(e_side, pol.stale_months)
    src, tgt = idx.src, idx.tgt
    lo = np.maximum(rs, np.maximum(f[src], f[tgt]))
    hi = np.minimum(re_, np.minimum(e[src], e[tgt]))
    a = np.searchsorted(d, lo)
    b = np.searchsorted(d, hi)
    on = ok & (a < b)
    # days whose snapshot differs from the previous day's
    change = np.zeros(n_days + 1, dtype=bool)
    change[a[on]] = change[b[on]] = True
    change[g_a[alive]] = change[g_b[alive]] = True
    reused = int(n_days - 1 - change[1:n_days].sum()) if n_days else 0

    run = on & (src != tgt)  # a relation of a group with itself is no tie
    a, b, src, tgt = a[run], b[run], src[run], tgt[run]
    n = len(idx.group_ids)
    counts: dict[str, np.ndarray] = {}
    if "degree" in sel:
        pair = np.minimum(src, tgt) * n + np.maximum(src, tgt)
        counts["degree"] = _count_runs(pair, a, b, [src, tgt], n, n_days)
    if "in_degree" in sel or "out_degree" in sel:
        directed = [
            i for i, t in enumerate(RELATION_TYPES) if t in pol.types and RELATION_TYPES[t].directed
        ]
        dmask = np.isin(idx.type[run], directed)
        ds, dt = src[dmask], tgt[dmask]
        arc = ds * n + dt
        if "in_degree" in sel:
            counts["in_degree"] = _count_runs(arc, a[dmask], b[dmask], [dt], n, n_days)
        if "out_degree" in sel:
            counts["out_degree"] = _count_runs(arc, a[dmask], b[dmask], [ds], n, n_days)

    nodes: list[Any] = []
    values: list[dict[str, np.ndarray]] = []
    ids = np.array(idx.group_ids, dtype=object)
    alive_at = (g_a[None, :] <= np.arange(n_days)[:, None]) & (
        np.arange(n_days)[:, None] < g_b[None, :]
    )
    for i in range(n_days):
        here = np.flatnonzero(alive_at[i])
        nodes.append(ids[here])
        values.append({m: counts[m][i, here].astype(np.float64) for m in sel})
    return _columns(days, nodes, values, sel), reused


def _count_runs(key: Any, a: Any, b: Any, ends: list[Any], n: int, n_days: int) -> Any:
    """days x groups counts of distinct ``key`` whose runs ``[a, b)`` cover the day,
    credited to each array of ``ends``."""
    import numpy as np

    if len(key) == 0:
        return np.zeros((n_days, n), dtype=np.int64)
    order = np.lexsort((a, key))
    key, a, b = key[order], a[order], b[order]
    ends = [x[order] for x in ends]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    rank = np.cumsum(first) - 1
    off = rank * (n_days + 2)  # running max of b within each key
    covered = np.maximum.accumulate(b + off) - off
    prev = np.empty_like(covered)
    prev[0] = -1
    prev[1:] = covered[:-1]
    prev[first] = -1
    a2 = np.maximum(a, prev)
    keep = b > a2
    a2, b = a2[keep], b[keep]
    width = n_days + 1
    diff = np.zeros(n * width, dtype=np.int64)
    for x in ends:
        x = x[keep]
        diff += np.bincount(x * width + a2, minlength=n * width)
        diff -= np.bincount(x * width + b, minlength=n * width)
    return np.cumsum(diff.reshape(n, width)[:, :n_days], axis=1).T
