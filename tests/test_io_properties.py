"""Exact round trips: whatever Network(...) accepts saves, loads and saves again
byte for byte; what it cannot write back exactly, it refuses."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import militnet

# text that stresses CSV and Unicode: separators, quotes, CR/LF, NUL, surrogates, BOM
nasty = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            [
                ",",
                '"',
                "\r",
                "\n",
                "\x00",
                ";",
                " ",
                "\t",
                "\ufeff",
                "\ud800",
                "=",
                "'",
                "`",
                "<",
                "é",
                "ß",
                "ت",
                "Ж",
                "\u202e",
                "\u200b",
            ]
        ),
        st.characters(codec=None),
    ),
    max_size=12,
)
column = st.one_of(nasty, st.integers(-3, 3), st.sampled_from(["notes", "id", " x", "x "]))
meta_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), nasty),
    lambda kids: st.one_of(st.lists(kids, max_size=3), st.dictionaries(nasty, kids, max_size=3)),
    max_leaves=6,
)


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    names=st.lists(nasty, min_size=1, max_size=3),
    notes=nasty,
    extra_col=column,
    extra=nasty,
    meta=st.dictionaries(nasty, meta_value, max_size=3),
)
def test_accept_save_load_save_is_byte_identical(names, notes, extra_col, extra, meta):
    groups = [
        {"id": f"g{i}", "name": n, "notes": notes, extra_col: extra, "sources": "s"}
        for i, n in enumerate(names)
    ]
    try:
        # (load names an unnamed dataset after its folder: give it a name)
        net = militnet.Network(
            groups=groups, sources=[{"id": "s", "title": notes}], metadata={**meta, "name": "n"}
        )
    except militnet.MilitnetError:
        return  # refused with a clean error: fine
    with tempfile.TemporaryDirectory() as tmp:
        first = net.save(Path(tmp) / "a")
        again = militnet.load(first)
        second = again.save(Path(tmp) / "b")
        assert _bytes(first) == _bytes(second)
        assert again.content_hash == net.content_hash


def test_refusals_name_the_problem():
    cases = {
        "NUL": [{"id": "a", "name": "x\x00y"}],
        "surrogate": [{"id": "a", "name": "x\ud800"}],
        "too long": [{"id": "a", "name": "x" * 100_001}],
        "leading or trailing spaces": [{"id": "a", "name": "A", " col": "v"}],
    }
    import pandas as pd

    cases["duplicate column"] = pd.DataFrame({"id": ["a"], "name": ["A"], 1: ["v"], "1": ["w"]})
    for needle, groups in cases.items():
        try:
            militnet.Network(groups=groups)
        except militnet.ValidationError as exc:
            assert needle in str(exc), (needle, str(exc))
        else:
            raise AssertionError(f"accepted {needle}")
    for bad in (
        {"x": math.nan},
        {"x": math.inf},
        {"x": object()},
        {"x": "\udc80"},
        {"x": 10**5000},
    ):
        try:
            militnet.Network(groups=[{"id": "a", "name": "A"}], metadata=bad)
        except militnet.ArgumentError as exc:
            assert "metadata" in str(exc)
        else:
            raise AssertionError(f"accepted metadata {bad!r:.40}")


def test_lone_cr_is_quoted_and_survives_saving_in_place(tmp_path):
    net = militnet.Network(groups=[{"id": "a", "name": "A\rB", "notes": "x\r"}])
    folder = net.save(tmp_path / "d")
    assert b'"A\rB"' in (folder / "groups.csv").read_bytes()
    again = militnet.load(folder)
    again.save(folder)  # in place
    assert militnet.load(folder).content_hash == net.content_hash
