"""militnet snapshot / metrics / series."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

import militnet
from militnet.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_snapshot_relations_and_groups(capsys, tiny_dir):
    code, out, _ = run(capsys, "snapshot", str(tiny_dir), "--at", "2016-07-01", "--format", "csv")
    assert code == 0
    df = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert df["relation"].tolist() == ["r1", "r5", "r6", "r7"]  # r4 is alleged
    code, out, _ = run(
        capsys,
        "snapshot",
        str(tiny_dir),
        "--at",
        "2016-07-01",
        "--min-confidence",
        "alleged",
        "--format",
        "csv",
    )
    df = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert df["relation"].tolist() == ["r1", "r4", "r5", "r6", "r7"]
    code, out, _ = run(
        capsys,
        "snapshot",
        str(tiny_dir),
        "--at",
        "2016-07-01",
        "--types",
        "alliance,pledge",
        "--min-confidence",
        "reported",
        "--undated",
        "exclude",
        "--format",
        "json",
    )
    assert [r["relation"] for r in json.loads(out)] == ["r7"]
    # r4 (2015-02, never attested) lapses on 2020-02-01: gone with the default 5 years
    code, out, _ = run(capsys, "snapshot", str(tiny_dir), "--at", "2021-01-01", "--format", "csv")
    assert "r4" not in pd.read_csv(io.StringIO(out), dtype=str)["relation"].tolist()
    code, out, _ = run(
        capsys,
        "snapshot",
        str(tiny_dir),
        "--at",
        "2021-01-01",
        "--stale-after",
        "never",
        "--min-confidence",
        "alleged",
        "--format",
        "csv",
    )
    assert "r4" in pd.read_csv(io.StringIO(out), dtype=str)["relation"].tolist()
    code, out, _ = run(capsys, "snapshot", str(tiny_dir), "--at", "2021-01-01", "--groups")
    assert out.startswith("| group | name |")
    # jua ended 2020-08 and merged into the TTP: shown, not alive, for the merger's window
    assert "| ttp |" in out
    assert next(line for line in out.splitlines() if "| jua |" in line).endswith("| False |")


def test_metrics_formats_and_provenance(capsys, tmp_path):
    prov = tmp_path / "prov.json"
    code, out, _ = run(
        capsys,
        "metrics",
        "afpak",
        "--at",
        "2016-01-01",
        "--format",
        "json",
        "--measure",
        "degree,pagerank",
        "--measure",
        "in_degree",
        "--communities",
        "--provenance",
        str(prov),
    )
    assert code == 0
    rows = json.loads(out)
    net = militnet.load_dataset("afpak")
    ref = militnet.centrality(net, at="2016-01-01", measures=["degree", "pagerank", "in_degree"])
    assert [r["group"] for r in rows] == list(ref.index)
    assert {r["group"]: r["pagerank"] for r in rows} == ref["pagerank"].to_dict()
    assert all(isinstance(r["community"], int) for r in rows)
    p = json.loads(prov.read_text())
    assert p["dataset"]["content_hash"] == f"sha256:{net.content_hash}"
    assert p["parameters"]["communities"]["method"] == "louvain"
    code, md, _ = run(capsys, "metrics", "afpak", "--at", "2016-01-01", "--no-alleged-share")
    assert md.splitlines()[0] == "| group | degree | betweenness | eigenvector | pagerank |"


def test_series_csv_is_byte_identical_run_to_run(capsys):
    argv = (
        "series",
        "afpak",
        "--start",
        "2005-01-01",
        "--end",
        "2020-01-01",
        "--measure",
        "degree,betweenness",
        "--types",
        "alliance",
    )
    code, first, _ = run(capsys, *argv)
    _, second, _ = run(capsys, *argv)
    assert code == 0 and first == second
    lines = first.splitlines()
    assert lines[0] == "date,group,measure,value"
    assert lines[1].startswith("2005-01-01,")
    df = pd.read_csv(io.StringIO(first))
    assert sorted(df["measure"].unique()) == ["betweenness", "degree"]


def test_errors_exit_1(capsys):
    code, _, err = run(capsys, "metrics", "afpak", "--at", "2016")
    assert code == 1 and "day precision" in err
    code, _, err = run(capsys, "series", "afpak", "--measure", "closeness")
    assert code == 1 and "unknown measure" in err
    code, _, err = run(capsys, "snapshot", "afpak", "--at", "2016-01-01", "--types", "friend")
    assert code == 1 and "unknown relation type" in err


def test_metrics_top_must_be_positive(capsys):
    # --top -1 silently dropped the last row (pandas head(-1))
    for bad in ("-1", "0"):
        with pytest.raises(SystemExit) as info:
            run(capsys, "metrics", "afpak", "--at", "2016-01-01", "--top", bad)
        assert info.value.code == 2
        assert "positive integer" in capsys.readouterr().err
