"""Which source to cite first: sources ordered by strength, then recency.

A relation often rests on several sources. Reports and
:func:`militnet.explain` list them strongest first: by ``kind`` in the order
of :data:`~militnet._core.schema.SOURCE_KINDS` (a group's own statement, an
official or UN document, research, wire, newspaper, ..., a mirror last;
sources without a kind after every known kind), then the most recent
publication date first, then by id, so the order is stable. The first one
is the relation's **decisive source**.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from militnet._core.dates import PartialDate
from militnet._core.errors import DateError
from militnet._core.schema import SOURCE_KINDS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["order_sources"]

_RANK = {k: i for i, k in enumerate(SOURCE_KINDS)}


def _recency(date: str) -> int:
    try:
        p = PartialDate.parse(date)
    except DateError:
        return 0
    return -p.first_day().toordinal() if p else 0


def order_sources(ids: Iterable[str], sources: pd.DataFrame) -> list[str]:
    """``ids`` ordered strongest first (unknown ids last, in their order).

    ``sources`` is a network's source table (indexed by id, with ``kind`` and
    ``date`` columns when the data has them).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"kind": ["mirror", "wire", "wire", ""],
    ...                   "date": ["2020", "2015", "2016-03", "2021"]},
    ...                  index=["m", "w1", "w2", "x"])
    >>> order_sources(["m", "x", "w1", "w2", "gone"], t)
    ['w2', 'w1', 'm', 'x', 'gone']
    """
    ids = list(dict.fromkeys(ids))
    known = [i for i in ids if i in sources.index]
    kinds = sources["kind"] if "kind" in sources.columns else None
    dates = sources["date"] if "date" in sources.columns else None

    def key(sid: str) -> tuple[int, int, str]:
        kind = str(kinds.at[sid]) if kinds is not None else ""
        date = str(dates.at[sid]) if dates is not None else ""
        return (_RANK.get(kind, len(SOURCE_KINDS)), _recency(date), sid)

    return sorted(known, key=key) + [i for i in ids if i not in sources.index]
