"""militnet reach / path / lifecycle (issue 24): the same answers as the
library, tables escaped like every other CLI table, outputs guarded."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

import militnet
from militnet import Group, Network, Relation, Source, TiePolicy
from militnet.cli import main

# the CLI's default policy: alliance and pledge, reported or stronger
CLI_POLICY = TiePolicy(min_confidence="reported")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def afpak():
    return militnet.load_dataset("afpak")


def test_path_is_a_cited_chain(capsys, afpak):
    code, out, err = run(
        capsys,
        "path",
        "afpak",
        "IS",
        "IMU",
        "--start",
        "2014-01-01",
        "--end",
        "2016-01-01",
        "--format",
        "json",
    )
    assert code == 0
    rows = json.loads(out)
    j = militnet.journey(afpak, "IS", "IMU", "2014-01-01", "2016-01-01", policy=CLI_POLICY)
    assert [r["relation"] for r in rows] == j["relation"].tolist()
    assert rows[0]["from"] == "is" and rows[-1]["to"] == "imu"
    assert all(r["sources"] and r["source_titles"] for r in rows)  # every hop can be cited
    assert [r["day"] for r in rows] == j["day"].dt.strftime("%Y-%m-%d").tolist()
    assert f"arrival {j.attrs['arrival']}" in err


def test_no_path_says_why_and_exits_1(capsys):
    code, out, err = run(
        capsys, "path", "afpak", "IMU", "IS", "--end", "1999-01-01", "--format", "csv"
    )
    assert code == 1
    assert out.startswith("hop,from,to")  # the header only
    assert "no time-respecting path from imu to is" in err


def test_reach_matches_temporal_paths(capsys, afpak):
    code, out, err = run(
        capsys,
        "reach",
        "afpak",
        "IS",
        "--start",
        "2014-01-01",
        "--end",
        "2016-01-01",
        "--format",
        "csv",
    )
    assert code == 0
    df = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    ref = militnet.temporal_paths(
        afpak, "IS", start="2014-01-01", end="2016-01-01", policy=CLI_POLICY
    )
    assert df["target"].tolist() == ref["target"].tolist()
    assert df["path"].tolist() == ref["path"].tolist()
    assert df["arrival"].tolist() == ref["arrival"].dt.strftime("%Y-%m-%d").tolist()
    assert f"reaches {len(ref)} groups" in err
    # directed: fewer or as many groups
    _, out2, _ = run(
        capsys, "reach", "afpak", "IS", "--start", "2014-01-01", "--directed", "--format", "csv"
    )
    assert len(pd.read_csv(io.StringIO(out2))) <= len(
        militnet.temporal_paths(afpak, "IS", start="2014-01-01", policy=CLI_POLICY)
    )


def test_reach_summary_and_provenance(capsys, afpak, tmp_path):
    prov = tmp_path / "prov.json"
    code, out, _ = run(
        capsys,
        "reach",
        "afpak",
        "--summary",
        "--start",
        "2014-01-01",
        "--end",
        "2017-01-01",
        "--format",
        "json",
        "--provenance",
        str(prov),
    )
    assert code == 0
    rows = {r["group"]: r for r in json.loads(out)}
    ref = militnet.reachability(afpak, "2014-01-01", "2017-01-01", policy=CLI_POLICY)
    summary = ref.attrs["summary"]
    assert {g: r["reaches"] for g, r in rows.items()} == summary["reaches"].to_dict()
    assert json.loads(prov.read_text())["function"] == "militnet.reachability"
    code, _, err = run(capsys, "reach", "afpak")
    assert code == 1 and "needs a SOURCE" in err


def test_lifecycle_table_and_figure(capsys, afpak, tmp_path):
    fig = tmp_path / "lifecycle.png"
    code, out, err = run(
        capsys,
        "lifecycle",
        "afpak",
        "--start",
        "2007-01-01",
        "--end",
        "2023-01-01",
        "--figure",
        str(fig),
        "--format",
        "csv",
    )
    assert code == 0
    assert fig.stat().st_size > 20_000 and "wrote" in err
    df = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    ref = militnet.community_lifecycle(
        afpak, "2007-01-01", "2023-01-01", policy=CLI_POLICY, min_size=3
    )
    assert df["event"].tolist() == ref["event"].tolist()
    assert df["numbers_after"].tolist() == ref["numbers_after"].tolist()
    assert df["explained_by"].tolist() == ref["explained_by"].tolist()


def test_lifecycle_figure_never_into_the_data(capsys, tmp_path):
    folder = _hostile(tmp_path)
    code, _, err = run(
        capsys, "lifecycle", str(folder), "--figure", str(folder / "groups.png"), "--format", "csv"
    )
    assert code == 1 and "militnet: error" in err
    assert not (folder / "groups.png").exists()


def _hostile(tmp_path):
    names = {
        "a": '=HYPERLINK("http://x")',
        "b": "<img src=x onerror=alert(1)> [link](http://x) |pipe|",
        "c": "C\x1b[31mred",
        "d": "D",
    }
    net = Network(
        [Group(g, n, founded="2000", sources="s") for g, n in names.items()],
        [
            Relation("r1", "a", "b", "alliance", start="2010", sources="s", last_attested="2020"),
            Relation("r2", "b", "c", "alliance", start="2011", sources="s", last_attested="2020"),
            Relation("r3", "a", "c", "alliance", start="2011", sources="s", last_attested="2020"),
            Relation("r4", "c", "d", "pledge", start="2012", sources="s", last_attested="2020"),
        ],
        sources=[Source("s", title="*bold* <b>x</b>")],
    )
    return net.save(tmp_path / "hostile")


def test_tables_are_escaped(capsys, tmp_path):
    folder = str(_hostile(tmp_path))
    code, out, _ = run(capsys, "path", folder, "b", "d")  # b–c (2011), c–d (2012)
    assert code == 0
    assert "<img" not in out and "&lt;img" in out and "\\[link\\]" in out and "\\|pipe\\|" in out
    assert "\x1b" not in out  # terminal escapes neutralised
    assert "\\*bold\\*" in out and "<b>" not in out
    code, out, _ = run(capsys, "reach", folder, "b", "--format", "csv")
    df = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert '\'=HYPERLINK("http://x")' in df["target_name"].tolist()  # no live formula
    code, out, _ = run(capsys, "lifecycle", folder, "--start", "2010-01-01", "--end", "2013-01-01")
    assert code == 0 and "\x1b" not in out
