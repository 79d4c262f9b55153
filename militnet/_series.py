"""Measures over a series of snapshots, as one tidy table."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from militnet._errors import DateError
from militnet._measures import (
    DEFAULT_MEASURES,
    check_k,
    check_measures,
    compute,
    resolve_policy,
    snapshot,
)
from militnet._policy import TiePolicy

if TYPE_CHECKING:
    import datetime as _dt

    import pandas as pd

    from militnet._network import Network

__all__ = ["series", "series_dates"]


def series_dates(net: Network, start: Any = None, end: Any = None, freq: str = "YS",
                 dates: Iterable[Any] | None = None) -> list[_dt.date]:
    """The days of a series: ``dates`` as given (sorted, unique), or every
    ``freq`` step from ``start`` to ``end`` (both default to the data's date
    range: the first day of its earliest date, the last day of its latest)."""
    import pandas as pd

    from militnet._dates import PartialDate, as_day

    if dates is not None:
        if start is not None or end is not None:
            raise DateError("give either dates or start/end, not both")
        days = sorted({as_day(d) for d in dates})
        if not days:
            raise DateError("no dates given")
        return days
    lo, hi = net.date_range()
    first = as_day(start) if start is not None else (
        PartialDate.parse(lo).first_day() if lo else None)
    last = as_day(end) if end is not None else (
        PartialDate.parse(hi).last_day() if hi else None)
    if first is None or last is None:
        raise DateError("the network has no dates; give start and end")
    if last < first:
        raise DateError(f"end {last} is before start {first}")
    if not isinstance(freq, str) or not freq.strip():
        raise DateError(f"bad frequency {freq!r}: expected a pandas frequency string "
                        f"such as 'YS', 'QS' or 'MS'")
    try:
        rng = pd.date_range(first, last, freq=freq)
    except (ValueError, ZeroDivisionError) as exc:  # "0D" divides by zero in pandas
        raise DateError(f"bad frequency {freq!r}: {exc or 'a zero step'}") from None
    if len(rng) == 0:
        raise DateError(f"no day from {first} to {last} at frequency {freq!r}")
    return [ts.date() for ts in rng]


def _progress(items: list[Any], enabled: bool) -> Iterator[Any]:
    if not enabled:
        yield from items
        return
    try:
        from tqdm.auto import tqdm
    except ImportError:
        n = len(items)
        for i, x in enumerate(items, 1):
            print(f"\rmilitnet series: snapshot {i}/{n}", end="", file=sys.stderr, flush=True)
            yield x
        print(file=sys.stderr)
        return
    yield from tqdm(items, desc="militnet series", unit="snapshot")


def series(net: Network, start: Any = None, end: Any = None, freq: str = "YS",
           dates: Iterable[Any] | None = None,
           measures: Iterable[str] | str = DEFAULT_MEASURES,
           policy: TiePolicy | None = None, seed: int | None = 0, k: int | None = None,
           progress: bool = False) -> pd.DataFrame:
    """Measures of every group over a series of days, as a tidy table.

    See :meth:`militnet.Network.series`, which calls this.
    """
    import numpy as np
    import pandas as pd

    from militnet._provenance import provenance

    pol = resolve_policy(policy)
    sel = check_measures(measures)
    k = check_k(k)
    days = series_dates(net, start, end, freq, dates)
    frames: list[pd.DataFrame] = []
    last_key: tuple[bytes, bytes] | None = None
    last_values: dict[str, np.ndarray] = {}
    reused = 0
    for day in _progress(days, progress):
        snap = snapshot(net, day, pol)
        key = snap.key()
        if key == last_key:
            values = last_values
            reused += 1
        else:
            values = compute(snap.ties, sel, k, seed)
            last_key, last_values = key, values
        n = snap.ties.n
        if n == 0:
            continue
        nodes = np.array(snap.ties.nodes, dtype=object)
        frames.append(pd.DataFrame({
            "date": np.repeat(np.datetime64(day.isoformat(), "ns"), n * len(sel)),
            "group": np.tile(nodes, len(sel)),
            "measure": np.repeat(np.array(sel, dtype=object), n),
            "value": np.concatenate([values[m] for m in sel]).astype(np.float64),
        }))
    if frames:
        df = pd.concat(frames, ignore_index=True)
    else:
        df = pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"),
                           "group": pd.Series(dtype=object),
                           "measure": pd.Series(dtype=object),
                           "value": pd.Series(dtype="float64")})
    df.attrs["provenance"] = provenance(
        net, function="militnet.Network.series", dates=days, policy=pol,
        parameters={"measures": list(sel), "k": k, "freq": None if dates is not None else freq},
        seed=seed)
    df.attrs["reused_snapshots"] = reused
    return df
