import json

import pytest

from militnet.cli import main


def test_info(tiny_dir, capsys):
    assert main(["info", str(tiny_dir)]) == 0
    out = capsys.readouterr().out
    assert "groups:     5" in out and "alliance" in out and "2003 to 2020-08" in out


def test_info_json(tiny_dir, capsys):
    assert main(["info", str(tiny_dir), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["relations_by_type"]["alliance"] == 3


def test_validate_ok_and_broken(tiny_dir, capsys):
    assert main(["validate", str(tiny_dir)]) == 0
    (tiny_dir / "relations.csv").write_text(
        "id,source,target,type,confidence\nr1,ttp,nobody,alliance,reported\n"
    )
    assert main(["validate", str(tiny_dir)]) == 1
    out = capsys.readouterr().out
    assert "relations.csv, row 2, column 'target': unknown group id (value 'nobody')" in out


def test_validate_formats(tiny_dir, capsys):
    (tiny_dir / "relations.csv").write_text("id,source\n")
    assert main(["validate", str(tiny_dir), "--format", "json", "--errors-only"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(r["severity"] == "error" for r in rows)


def test_errors_exit_1(capsys):
    assert main(["info", "no-such-dataset"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("militnet: error: no dataset folder at 'no-such-dataset'")
    assert "bundled datasets: afpak" in err and "Traceback" not in err


def test_usage_error_exits_2():
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2


@pytest.mark.parametrize(
    "args",
    [
        ["render", "{data}", "-o", "{missing}/x.html"],
        ["export", "{data}", "--format", "gexf", "-o", "{missing}/x.gexf"],
        ["report", "{data}", "--at", "2016-01-01", "-o", "{missing}/r.md"],
        [
            "metrics",
            "{data}",
            "--at",
            "2016-01-01",
            "--measure",
            "degree",
            "--provenance",
            "{missing}/p.json",
        ],
    ],
)
def test_unwritable_output_is_a_message_not_a_traceback(args, tiny_dir, tmp_path, capsys):
    argv = [a.format(data=tiny_dir, missing=tmp_path / "no" / "such") for a in args]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("militnet: error: ") and "no" in err and "Traceback" not in err
