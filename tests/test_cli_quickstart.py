"""The README's main job, through the CLI entry point."""

from militnet.cli import main


def test_render_then_ranked_metrics(tmp_path, capsys):
    out = tmp_path / "afpak.html"
    assert main(["render", "afpak", "-o", str(out)]) == 0
    assert out.stat().st_size > 100_000 and b"<script" in out.read_bytes()
    capsys.readouterr()
    assert (
        main(
            [
                "metrics",
                "afpak",
                "--at",
                "2016-10-24",
                "--sort",
                "betweenness",
                "--top",
                "5",
                "--names",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "group,name,degree,betweenness,eigenvector,pagerank"
    assert len(lines) == 6
    values = [float(line.split(",")[3]) for line in lines[1:]]
    assert values == sorted(values, reverse=True)


def test_sort_by_unknown_column_is_an_error(capsys):
    assert main(["metrics", "afpak", "--at", "2016-10-24", "--sort", "nope"]) == 1
    assert "cannot sort by 'nope'" in capsys.readouterr().err
