"""The extractor's figures on the hand-coded gold sets (docs/extract.md)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("spacy")
ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def _eval_module():
    spec = importlib.util.spec_from_file_location(
        "extract_eval", ROOT / "benchmarks" / "extract_eval.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_news_set_precision_and_recall_floor():
    ev = _eval_module()
    t = ev.totals(ev.evaluate(None))
    assert t.loc["news", "gold"] >= 20
    assert t.loc["news", "precision"] >= 0.6
    assert t.loc["news", "recall"] >= 0.35


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not beside the repository")
def test_seed_set_precision_and_recall_floor():
    ev = _eval_module()
    t = ev.totals(ev.evaluate(SEEDS))
    assert t.loc["seeds", "gold"] >= 30
    assert t.loc["seeds", "precision"] >= 0.6
    assert t.loc["seeds", "recall"] >= 0.5


def test_scoring_counts_a_wrong_direction_as_wrong():
    import pandas as pd

    ev = _eval_module()
    gold = pd.DataFrame([{"source": "jua", "target": "ttp", "type": "split", "start": "2014"}])
    cand = pd.DataFrame(
        [
            {
                "source": "ttp",
                "target": "jua",
                "type": "split",
                "start": "2014",
                "negated": False,
                "out_of_scope": False,
                "ambiguous": False,
                "source_candidates": "ttp",
                "target_candidates": "jua",
            }
        ]
    )
    s = ev.score(cand, gold)
    assert (s["correct"], s["found"]) == (0, 0)
    cand.loc[0, ["source", "target"]] = ["jua", "ttp"]
    s = ev.score(cand, gold)
    assert (s["correct"], s["found"], s["dates_right"]) == (1, 1, 1)
