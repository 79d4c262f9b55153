"""militnet render: the page's options from the command line."""

import pytest

from militnet.cli import main


def test_max_relations_gives_a_stated_filtered_view(tiny_dir, tmp_path):
    small = tmp_path / "small.html"
    assert main(["render", str(tiny_dir), "-o", str(small), "--max-relations", "3"]) == 0
    whole = tmp_path / "whole.html"
    assert main(["render", str(tiny_dir), "-o", str(whole), "--max-relations", "0"]) == 0
    assert "Filtered view: the " in small.read_text(encoding="utf-8")
    assert "most 3 relations (max_relations)" in small.read_text(encoding="utf-8")
    assert "Filtered view: the " not in whole.read_text(encoding="utf-8")


def test_max_relations_refuses_a_negative_number(tiny_dir, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["render", str(tiny_dir), "-o", str(tmp_path / "p.html"), "--max-relations", "-1"])
    assert exc.value.code == 2
    assert "whole number" in capsys.readouterr().err


def test_default_page_opens_with_alleged_ties_hidden(tiny_dir, tmp_path):
    page = tmp_path / "p.html"
    assert main(["render", str(tiny_dir), "-o", str(page)]) == 0
    assert '"min_confidence":"reported"' in page.read_text(encoding="utf-8")
    assert main(["render", str(tiny_dir), "-o", str(page), "--min-confidence", "alleged"]) == 0
    assert '"min_confidence":"alleged"' in page.read_text(encoding="utf-8")
