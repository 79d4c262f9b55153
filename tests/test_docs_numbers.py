"""Numbers in the docs come from the data: generated blocks are what their
scripts print for the bundled data today (a stale count fails here, naming the
command that refreshes it)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str):
    path = ROOT / "tools" / f"{name}.py"
    if not path.is_file():
        pytest.skip(f"{path} not in this checkout")
    spec = importlib.util.spec_from_file_location(f"_tool_{name}", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _quoted(doc: Path, start: str, end: str) -> str:
    text = doc.read_text(encoding="utf-8")
    assert start in text and end in text, f"{doc}: markers missing"
    return start + text.split(start, 1)[1].split(end, 1)[0] + end


def test_policy_evidence_in_concepts_is_current():
    tool = _tool("policy_evidence")
    quoted = _quoted(tool.DOC, tool.START, tool.END)
    assert quoted == tool.block(), (
        "docs/concepts.md quotes stale numbers: run `python tools/policy_evidence.py --write`"
    )


def test_the_check_catches_a_stale_number(tmp_path, monkeypatch):
    tool = _tool("policy_evidence")
    doc = tmp_path / "concepts.md"
    fresh = tool.block()
    doc.write_text("x\n" + fresh.replace(" silences", " silences ", 1) + "\ny\n", encoding="utf-8")
    assert _quoted(doc, tool.START, tool.END) != fresh
    monkeypatch.setattr(tool, "DOC", doc)
    assert tool.main(["--write"]) == 0
    assert _quoted(doc, tool.START, tool.END) == fresh
    assert doc.read_text(encoding="utf-8").startswith("x\n") and doc.read_text().endswith("\ny\n")


def test_datasheet_and_readme_numbers_are_current():
    tool = _tool("datasheet_numbers")
    stale = []
    for name, body in tool.blocks().items():
        path = tool.BLOCKS[name][0]
        if tool.quoted(path, name) != body:
            stale.append(f"{path.name}: {name}")
    assert not stale, f"stale numbers in {stale}: run `python tools/datasheet_numbers.py --write`"


def test_datasheet_numbers_catch_a_stale_count(tmp_path, monkeypatch):
    tool = _tool("datasheet_numbers")
    fresh = tool.blocks()
    sheet = tmp_path / "afpak.md"
    body = fresh["contents"]
    # the confidence table with one cell off by one
    wrong = body.replace("| **total** |", "| **total** | 1", 1)
    sheet.write_text(
        f"{fresh['size']}\nx\n{tool.marker('contents', 'start')}\n{wrong}\n"
        f"{tool.marker('contents', 'end')}\n",
        encoding="utf-8",
    )
    assert tool.quoted(sheet, "contents") != body
    tool.write(sheet, "contents", body)
    assert tool.quoted(sheet, "contents") == body
    assert tool.quoted(sheet, "size") == fresh["size"]
