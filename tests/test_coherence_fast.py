"""The column-wise history checks give exactly the problems of the row-by-row ones
(``tests/coherence_reference.py``, the version they replaced)."""

from __future__ import annotations

import coherence_reference
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.synth import make_tables
from militnet._core.dates import PartialDate
from militnet._core.table import Table
from militnet._dataset.coherence import check_histories


def table(name: str, df: pd.DataFrame, rownums: bool = True) -> Table:
    rows = [[str(v) for v in r] for r in df.itertuples(index=False)]
    return Table(
        name,
        f"{name}.csv",
        list(df.columns),
        rows,
        list(range(2, len(rows) + 2)) if rownums else [],
    )


def messy_tables(seed: int, attested: bool = True, rownums: bool = True) -> dict[str, Table]:
    """A synthetic dataset with mergers, splits after them, ended groups, overlapping
    cooperation and rivalry (some explained in the notes), self-loops, malformed and
    out-of-range dates, and last_attested before, after and inside relations."""
    groups, rel, _ = make_tables(150, 1500, seed=seed, undated=0.1)
    rng = np.random.default_rng(seed)
    rel = rel.copy()
    n = len(rel)
    extra = []
    mergers = rel.index[rel["type"] == "merger"].tolist()
    for j, i in enumerate(mergers[: len(mergers) // 2]):
        m = rel.loc[i]
        if not m["start"]:
            continue
        year = int(m["start"][:4])
        # the merged group re-emerges by a split (sometimes before the merger: no effect)
        extra.append(
            {
                **m.to_dict(),
                "id": f"x{j}s",
                "type": "split",
                "start": str(year + (3 if j % 3 else -2)),
                "end": "",
                "target": rel.loc[mergers[-1 - j], "source"],
            }
        )
        if j % 5 == 0:  # a split on the last day of the merger: not after it
            last = PartialDate.parse(m["start"]).last_day().isoformat()
            extra.append(
                {
                    **m.to_dict(),
                    "id": f"x{j}t",
                    "type": "split",
                    "start": last,
                    "end": "",
                    "target": rel.loc[mergers[-1 - j], "source"],
                }
            )
        # a rivalry and an alliance of a merged group's pair overlapping, one explained
        extra.append(
            {
                **m.to_dict(),
                "id": f"x{j}r",
                "type": "rivalry",
                "start": str(year - 1),
                "end": "",
                "notes": f"see x{j}a" if j % 4 == 0 else f"not x{j}ab",
            }
        )
        extra.append(
            {
                **m.to_dict(),
                "id": f"x{j}a",
                "type": "alliance",
                "start": str(year - 2),
                "end": str(year + 4),
                "notes": "",
            }
        )
    rel = pd.concat([rel, pd.DataFrame(extra)], ignore_index=True)
    # self-loops, including one of a merged group
    for i in rng.choice(len(rel), 8, replace=False):
        rel.loc[i, "target"] = rel.loc[i, "source"]
    # malformed and out-of-range dates
    bad = ["2021-02-30", " 2010", "٢٠١٤", "20x5", "2010-13", "0000", "2010/01"]
    for col in ("start", "end"):
        for i, v in zip(rng.choice(len(rel), len(bad), replace=False), bad, strict=True):
            rel.loc[i, col] = v
    if attested:
        att = []
        for k, (s, e) in enumerate(zip(rel["start"], rel["end"], strict=True)):
            r = rng.random()
            if r < 0.3 or not s[:4].isascii() or not s[:4].isdigit():
                att.append("")
            elif r < 0.8:
                att.append(str(int(s[:4]) + int(rng.integers(-2, 8))))
            else:
                att.append(e or s)
            if k % 97 == 0:
                att[-1] = bad[k % len(bad)]
        rel["last_attested"] = att
    # group ends: malformed ones, and a duplicate id
    groups = groups.copy()
    groups.loc[groups.index[:3], "ended"] = ["2010-02-30", "x", "2005"]
    groups = pd.concat([groups, groups.iloc[[5]].assign(ended="2001")], ignore_index=True)
    assert n < len(rel)
    return {
        "groups": table("groups", groups, rownums),
        "relations": table("relations", rel, rownums),
    }


KINDS = (
    "is before start",
    "is after end",
    "malformed date",
    "open-ended relation",
    "stays open after group",
    "continues after",
    "both active",
)


@pytest.mark.parametrize(
    ("seed", "attested", "rownums"),
    [(0, True, True), (1, False, True), (2, True, False), (3, True, True)],
)
def test_same_problems_as_the_row_by_row_checks(seed, attested, rownums):
    tables = messy_tables(seed, attested, rownums)
    want = coherence_reference.check_histories(tables)
    got = check_histories(tables)
    assert got == want
    # every kind of problem occurs, so the comparison covers each check
    kinds = {k for p in want for k in KINDS if k in p.message}
    assert kinds == (set(KINDS) if attested else set(KINDS[3:])), kinds
    assert any("re-emerged by a split" in p.message for p in want)


def test_same_problems_without_groups_or_history_columns():
    tables = messy_tables(4)
    rel = tables["relations"]
    keep = [c for c in rel.columns if c not in ("notes", "last_attested", "end")]
    ix = [rel.columns.index(c) for c in keep]
    slim = Table("relations", rel.file, keep, [[r[i] for i in ix] for r in rel.rows], rel.rownums)
    for t in (
        {"relations": slim},
        {"relations": rel},
        {"relations": slim, "groups": tables["groups"]},
    ):
        assert check_histories(t) == coherence_reference.check_histories(t)
    empty = Table("relations", "r.csv", rel.columns, [], [])
    assert check_histories({"relations": empty}) == []


@settings(max_examples=400, deadline=None)
@given(
    notes=st.lists(
        st.sampled_from(
            ["r1", "r12", "-", "_", " ", "x", "é", "\u0663", ";", "\u0301", "\u216b", "\u00b2"]
        ),
        max_size=10,
    ).map("".join),
    rid=st.sampled_from(["r1", "r12", "r", "1-2", "é"]),
)
def test_notes_name_an_id_as_the_regex_of_the_reference_says(notes, rid):
    """``_names`` finds the id without a regex; the reference's definition is one."""
    import re

    from militnet._dataset.coherence import _names

    expected = rid in notes and bool(re.search(rf"(?<![\w-]){re.escape(rid)}(?![\w-])", notes))
    assert _names(notes, rid) == expected
