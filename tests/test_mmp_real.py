"""The importer on MMP's real export, when ``MILITNET_MMP_EXPORT`` names a folder
holding ``Militant-Group-Relationships-clean.csv`` and ``Militant-Group-Key.csv``.

MMP's data may not be redistributed, so it is never in this repository; without
the variable this module defines no test at all (nothing is collected, so nothing
is skipped: CI treats a skip as a failure)."""

from __future__ import annotations

import os
from pathlib import Path

import militnet

EXPORT = os.environ.get("MILITNET_MMP_EXPORT")

if EXPORT:

    def test_real_export_imports_with_its_key():
        folder = Path(EXPORT)
        net = militnet.read_mmp(
            folder / "Militant-Group-Relationships-clean.csv", folder / "Militant-Group-Key.csv"
        )
        rel = net.relations
        summary = net.metadata["mmp"]
        assert summary["rows"] == sum(summary["decisions"].values())
        # every aff row is an alliance unless its text describes a pledge
        aff = rel[rel.mmp_type == "aff"]
        assert set(aff.type) <= {"alliance", "pledge"}
        assert (aff.type == "pledge").sum() < (aff.type == "alliance").sum()
        assert aff[aff.type == "pledge"].mmp_decision.str.startswith("pledge:").all()
        # a settled direction is either MMP's order or its reverse, never a new pair
        for r in rel.itertuples():
            assert {r.source, r.target} == {f"mmp-{r.mmp_group1}", f"mmp-{r.mmp_group2}"}
        infos = [p.message for p in net.validation.infos]
        assert "byte-order mark removed" in infos

    def test_docs_combine_numbers_are_current():
        import importlib.util

        path = Path(__file__).resolve().parent.parent / "tools" / "mmp_numbers.py"
        spec = importlib.util.spec_from_file_location("_mmp_numbers", path)
        assert spec and spec.loader
        tool = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(tool)
        for name, body in tool.blocks(EXPORT).items():
            assert tool.quoted(name) == body, (
                f"docs/mmp.md block {name} is stale: run tools/mmp_numbers.py --write"
            )
