"""Hostile input: every repro of issue 16 is a clean MilitnetError or handled."""

from __future__ import annotations

import csv
import math
import subprocess
import sys

import numpy as np
import pytest

import militnet
from militnet import Group, Relation, Source
from militnet._core.names import lookalike_reasons, normalize


def _net(**group):
    return militnet.Network(
        groups=[Group("a", "Alpha", sources="s", **group), Group("b", "Beta", sources="s")],
        relations=[Relation("r1", "a", "b", "alliance", start="2010", sources="s")],
        sources=[Source("s", title="T")],
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda n: militnet.centrality(n, "2011-01-01", seed=-1),
        lambda n: militnet.centrality(n, "2011-01-01", k=1, seed=2**32),
        lambda n: militnet.centrality(n, "2011-01-01", k=1, seed=math.nan),
        lambda n: militnet.centrality(n, "2011-01-01", k=1, seed=True),
        lambda n: militnet.communities(n, "2011-01-01", seed=-1),
        lambda n: n.series(freq="1ns"),
        lambda n: n.series(freq="h"),
        lambda n: n.series(freq=5),
        lambda n: n.to_html(seed=-1),
        lambda n: n.to_html(height=math.nan),
        lambda n: militnet.PartialDate(1.5),
        lambda n: militnet.load(None),
        lambda n: militnet.load("no\x00where"),
        lambda n: militnet.load_dataset("../../x"),
        lambda n: militnet.load_dataset("/tmp"),
        lambda n: militnet.PartialDate.parse("٢٠١٤"),
        lambda n: militnet.PartialDate.parse("２０１４"),
        lambda n: militnet.PartialDate.parse(" 2014"),
        lambda n: militnet.Network(groups=[Group("a", "A")], metadata={"x": math.nan}),
    ],
)
def test_repro_is_a_clean_error(call):
    with pytest.raises(militnet.MilitnetError) as info:
        call(_net())
    assert str(info.value)


def test_numpy_seed_is_accepted():
    net = _net()
    a = militnet.centrality(net, "2011-01-01", k=1, seed=np.int64(3))
    b = militnet.centrality(net, "2011-01-01", k=1, seed=3)
    assert a.equals(b)


def test_hostile_datapackage_is_a_validation_problem(tmp_path):
    folder = _net().save(tmp_path / "d")
    for text in (
        '{"name": NaN}',
        '{"a": ' * 3000 + "1" + "}" * 3000,
        '{"n": ' + "9" * 5000 + "}",
        '{"title": "\\ud800"}',
    ):
        (folder / "datapackage.json").write_text(text)
        with pytest.raises(militnet.ValidationError, match=r"datapackage\.json"):
            militnet.load(folder)


def test_csv_export_neutralises_formulas_and_raw_keeps_them(tmp_path):
    net = _net(notes='=HYPERLINK("http://x")', orientation="@SUM(A1)", country="+cmd|x")
    nodes, _ = militnet.to_csv(net, tmp_path / "safe", "2011-01-01")
    rows = {r["id"]: r for r in csv.DictReader(nodes.open(encoding="utf-8"))}
    assert rows["a"]["notes"] == '\'=HYPERLINK("http://x")'
    assert rows["a"]["orientation"] == "'@SUM(A1)" and rows["a"]["country"] == "'+cmd|x"
    cells = [c for r in rows.values() for c in r.values()]
    assert not any(c[:1] in ("=", "+", "@", "\t", "\r") for c in cells)
    nodes, _ = militnet.to_csv(net, tmp_path / "raw", "2011-01-01", raw=True)
    rows = {r["id"]: r for r in csv.DictReader(nodes.open(encoding="utf-8"))}
    assert rows["a"]["notes"] == '=HYPERLINK("http://x")'


@pytest.mark.parametrize(
    "name,typed",
    [
        ("تحریک طالبان پاکستان", "تحریک طالبان پاکستان"),  # Urdu, exact
        ("تحریک طالبان پاکستان", "تحريك طالبان پاكستان"),  # Arabic kaf and yeh
        ("جيش محمد", "جيش محمد"),  # Arabic
        ("Исламское государство", "исламское ГОСУДАРСТВО"),  # Cyrillic, any case
        ("Straße", "STRASSE"),
    ],
)
def test_names_in_every_script_resolve(name, typed):
    net = militnet.Network(groups=[Group("x", name), Group("y", "Other")])
    assert net.resolve(typed) == "x"


def test_lookalike_names_are_warned():
    assert lookalike_reasons("Tali\u202eban")
    assert lookalike_reasons("Tаliban")  # Cyrillic а
    assert not lookalike_reasons("Tehrik-i-Taliban Pakistan")
    net = militnet.Network(groups=[Group("a", "Tali\u200bban")])
    assert any("look-alike" in p.message for p in net.validation.warnings)
    assert normalize("Tali\u200bban") == "taliban"


@pytest.mark.slow
def test_cli_errors_are_one_line_without_traceback(tmp_path):
    folder = _net().save(tmp_path / "d")
    for args in (
        ["export", str(folder), "--format", "gexf", "-o", str(folder / "sources.csv")],
        ["centrality", str(folder), "--at", "2011-01-01", "--seed", "-1"],
        ["info", "../../nowhere"],
    ):
        r = subprocess.run(
            [sys.executable, "-m", "militnet.cli", *args], capture_output=True, text=True
        )
        assert r.returncode in (1, 2), (args, r.stderr)
        assert "Traceback" not in r.stderr and "error:" in r.stderr, (args, r.stderr)
    assert (folder / "sources.csv").read_text().startswith("id,")


def test_mapping_keys_that_collide_as_text_are_refused():
    """1 and '1' are one column once written: refused, never one value silently dropped."""
    with pytest.raises(militnet.ArgumentError, match=r"column names \['1'\]"):
        militnet.Network(groups=[{1: "v", "1": "w", "id": "x", "name": "X"}])
    assert militnet.Network(groups=[{1: "v", "id": "x", "name": "X"}]).groups["1"].tolist() == ["v"]
