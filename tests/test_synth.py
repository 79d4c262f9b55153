"""The synthetic benchmark generator (benchmarks/synth.py): clean mode and the default."""

from __future__ import annotations

import hashlib
import itertools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import militnet
from benchmarks.synth import (
    CONFIDENCE,
    CONFIDENCE_P,
    TYPE_P,
    TYPES,
    main,
    make_tables,
    write_dataset,
)

TIES = ["alliance", "rivalry", "pledge"]


def written(tmp_path: Path, *args: object, **kw: object) -> Path:
    folder = tmp_path / "_".join(map(str, (*args, *kw.values())))
    return write_dataset(folder, *make_tables(*args, **kw))  # type: ignore[arg-type]


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for name in ("groups", "relations", "sources"):
        h.update((folder / f"{name}.csv").read_bytes())
    return h.hexdigest()


# sha256 over groups.csv + relations.csv + sources.csv as written by write_dataset,
# computed with benchmarks/synth.py of main at 4a5a696 (before clean mode existed)
DEFAULT_DIGESTS = {
    (60, 300, 0, 0.0): "1aa90140ff51dc07b721a31f23b395a3f48b1a19d6629b36a4807cb9c9ff28ce",
    (90, 900, 5, 0.15): "a758999b575c660d677ffb3d8c9484d34a4e8280ce1ee22ae825adc55c95cfb8",
    (40, 200, 7, 0.0): "4d640a3a0b943613ca6c9d2ed5c2e9160b59280787944371a6d05647cb734ffb",
}


@pytest.mark.parametrize("key", list(DEFAULT_DIGESTS))
def test_default_output_is_unchanged(tmp_path, key):
    n_g, n_r, seed, undated = key
    assert digest(written(tmp_path, n_g, n_r, seed=seed, undated=undated)) == DEFAULT_DIGESTS[key]
    assert (
        digest(written(tmp_path, n_g, n_r, seed=seed, undated=undated, clean=False))
        == (DEFAULT_DIGESTS[key])
    )


def test_default_output_still_warns(tmp_path):
    """What clean mode is for: the default data break curation rules."""
    report = militnet.validate(written(tmp_path, 60, 300, seed=0))
    assert report.ok and report.warnings


@pytest.mark.parametrize(
    ("n_groups", "n_relations", "seed", "undated"),
    [
        *[(40, 200, seed, 0.0) for seed in range(6)],
        (60, 300, 0, 0.0),
        (120, 1000, 3, 0.0),
        (150, 1500, 4, 0.15),
        (200, 2000, 11, 0.0),
    ],
)
def test_clean_data_validate_without_errors_or_warnings(
    tmp_path, n_groups, n_relations, seed, undated
):
    folder = written(tmp_path, n_groups, n_relations, seed=seed, undated=undated, clean=True)
    report = militnet.validate(folder)
    assert not report.errors and not report.warnings, [str(p) for p in report.problems[:5]]
    rel = pd.read_csv(folder / "relations.csv", dtype=str, keep_default_na=False)
    assert len(rel) == n_relations
    net = militnet.load(folder)
    assert len(net.relations) == n_relations


@pytest.fixture(scope="module")
def clean() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return make_tables(300, 4000, seed=2, clean=True)


def test_clean_mix_stays_within_tolerance(clean):
    _, rel, _ = clean
    types = rel["type"].value_counts(normalize=True)
    for name, p in zip(TYPES, TYPE_P, strict=True):
        assert abs(types.get(name, 0) - p) < 0.03, (name, types.get(name, 0))
    conf = rel["confidence"].value_counts(normalize=True)
    for name, p in zip(CONFIDENCE, CONFIDENCE_P, strict=True):
        assert abs(conf.get(name, 0) - p) < 0.03, (name, conf.get(name, 0))
    ties = rel[rel["type"].isin(TIES)]
    assert 0.3 < (ties["end"] == "").mean() < 0.55
    widths = pd.concat([rel["start"], rel["end"]]).str.len().value_counts()
    assert {4, 7, 10} <= set(widths.index)


def test_clean_open_relations_are_attested_and_some_would_lapse(clean):
    _, rel, _ = clean
    open_ = rel[rel["end"] == ""]
    assert (open_["last_attested"] != "").all()
    years = open_["last_attested"].str[:4].astype(int)
    assert 0.05 < (years <= 2020).mean() < 0.5  # older than 5 years at the 2025 horizon
    assert {4, 7, 10} <= set(open_["last_attested"].str.len())
    closed = rel[rel["end"] != ""]
    assert 0 < (closed["last_attested"] != "").mean() < 0.6


def test_clean_mergers_absorb_a_group_once_per_life(clean):
    """Every group merged more than once is re-created by a split of its own in between."""
    _, rel, _ = clean
    merger = rel[rel["type"] == "merger"]
    split = rel[rel["type"] == "split"]
    assert len(merger) > 0
    for g, m in merger.groupby("source"):
        days = sorted(m["start"])
        re_splits = sorted(split.loc[split["source"] == g, "start"])
        for a, b in itertools.pairwise(days):
            assert any(a < s < b for s in re_splits), (g, a, b)


def test_clean_overlaps_are_explained_in_notes(clean):
    _, rel, _ = clean
    noted = rel[rel["notes"] != ""]
    assert len(noted) > 0
    ids = set(rel["id"])
    for note in noted["notes"]:  # each explanation names relations that exist
        named = re.findall(r"\br\d+\b", note)
        assert named and set(named) <= ids, note


def test_clean_is_deterministic_and_the_default_has_no_attestation():
    a = make_tables(80, 600, seed=9, clean=True)
    b = make_tables(80, 600, seed=9, clean=True)
    for x, y in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(x, y)
    assert "last_attested" not in make_tables(80, 600, seed=9)[1].columns
    # the groups table is the default one
    pd.testing.assert_frame_equal(a[0], make_tables(80, 600, seed=9)[0])


def test_clean_network_from_dataframes():
    groups, rel, sources = make_tables(60, 400, seed=1, clean=True)
    net = militnet.Network(groups=groups, relations=rel, sources=sources)
    assert not net.validation.problems
    assert np.isin(rel["source"], groups["id"]).all()


def test_cli_clean(tmp_path, capsys):
    assert main(["80", "500", str(tmp_path / "out"), "--clean", "--seed", "4"]) == 0
    assert "wrote 80 groups, 500 relations" in capsys.readouterr().out
    report = militnet.validate(tmp_path / "out")
    assert not report.problems
