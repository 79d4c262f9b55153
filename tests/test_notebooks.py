"""The tutorial notebooks run top to bottom on a fresh kernel (in a temporary folder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))
ROOT = str(Path(__file__).parent.parent)


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS] == [
        "01-quickstart.ipynb",
        "02-over-time.ipynb",
        "03-citing-metrics.ipynb",
        "04-from-news.ipynb",
        "05-pathways.ipynb",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, tmp_path, monkeypatch):
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "commit notebooks without outputs (python notebooks/make_notebooks.py)"
    )
    # the kernel must import this checkout of militnet, wherever pytest runs from
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([ROOT, *filter(None, [os.environ.get("PYTHONPATH")])])
    )
    # the kernel's own backend (inline), as a reader's Jupyter has it: figures show
    monkeypatch.delenv("MPLBACKEND", raising=False)
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert not errors
    assert any(tmp_path.iterdir()), "the notebook writes its files in its working folder"
    if "militnet.plot." in "".join(c.source for c in nb.cells if c.cell_type == "code"):
        images = [
            o
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
            if "image/png" in o.get("data", {})
        ]
        assert images, f"{path.name} draws figures but shows none inline"


def test_notebooks_match_their_script(tmp_path):
    """The .ipynb files are what notebooks/make_notebooks.py writes."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_notebooks", Path(ROOT) / "notebooks" / "make_notebooks.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for name, cells in mod.NOTEBOOKS.items():
        assert nbformat.writes(mod.build(cells)) + "\n" == (
            Path(ROOT) / "notebooks" / name
        ).read_text(encoding="utf-8"), name
