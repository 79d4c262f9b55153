"""A bounded fuzz run (the long one is benchmarks/stress_fuzz.py): mutated dataset
folders raise nothing outside MilitnetError through load, validate, save, reload,
render, report and export."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import militnet
from militnet import Group, Relation, Source

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from stress_fuzz import run, seed_dataset


@pytest.mark.slow
def test_fuzzed_folders_raise_only_militnet_errors(tmp_path):
    base = seed_dataset(militnet, Group, Relation, Source, tmp_path / "base")
    stats = run(base, inputs=250, minutes=None, seed=16)
    assert stats["inputs"] == 250
    assert stats["loaded"] > 0  # some mutants load and go through every output
    assert stats["escapes"] == 0, stats["causes"]
