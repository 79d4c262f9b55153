import json

import pytest

import militnet
from militnet.cli import main


def test_changed_copy_of_a_bundled_dataset_is_saved_as_derived(tmp_path):
    net = militnet.load_dataset("afpak")
    changed = militnet.Network(
        net.groups,
        net.relations.iloc[1:],
        net.sources,
        events=net.events,
        event_actors=net.event_actors,
        metadata=net.metadata,
    )
    out = changed.save(tmp_path / "mine")
    meta = json.loads((out / "datapackage.json").read_text("utf-8"))
    assert meta["name"] == "afpak" and meta["version"] == f"{net.version}+derived"
    assert meta["derived_from"] == {
        "name": "afpak",
        "version": net.version,
        "content_hash": f"sha256:{net.content_hash}",
    }
    back = militnet.load(out)
    assert back.version != net.version and back.content_hash == changed.content_hash
    # saving the derived copy again keeps it derived, without stacking suffixes
    again = json.loads((back.save(tmp_path / "again") / "datapackage.json").read_text("utf-8"))
    assert again["version"] == f"{net.version}+derived"


def test_unchanged_bundled_and_other_datasets_keep_their_identity(tmp_path, tiny):
    net = militnet.load_dataset("afpak")
    meta = json.loads((net.save(tmp_path / "a") / "datapackage.json").read_text("utf-8"))
    assert meta["version"] == net.version and "derived_from" not in meta
    meta = json.loads((tiny.save(tmp_path / "t") / "datapackage.json").read_text("utf-8"))
    assert meta["version"] == "1.0" and "derived_from" not in meta


@pytest.fixture
def shadowed(tmp_path, monkeypatch, tiny):
    """A folder named like the bundled dataset, holding other data."""
    tiny.save(tmp_path / "afpak")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_cli_refuses_a_bare_name_that_is_both(shadowed, capsys):
    assert main(["info", "afpak"]) == 1
    err = capsys.readouterr().err
    assert "both a folder here and a bundled dataset" in err
    assert "./afpak" in err and "bundled:afpak" in err


def test_cli_says_which_one_it_loaded(shadowed, capsys):
    assert main(["info", "./afpak", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["name"] == "tiny"
    assert "loaded the folder './afpak'" in err and "not a bundled dataset" in err
    assert main(["info", "bundled:afpak", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["name"] == "afpak"
    assert "loaded the bundled dataset 'afpak'" in err


def test_cli_bundled_name_without_a_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["info", "afpak", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["name"] == "afpak"
    assert "loaded the bundled dataset 'afpak'" in err


def test_cli_validate_follows_the_same_rule(shadowed, capsys):
    assert main(["validate", "afpak"]) == 1
    assert "both a folder here and a bundled dataset" in capsys.readouterr().err
    # the folder holds the tiny data: its warnings name files under ./afpak
    assert main(["validate", "./afpak"]) == 0
    out = capsys.readouterr().out
    assert not out.startswith("0 errors, 0 warnings")
    assert "afpak/relations.csv" in out
    assert main(["validate", "bundled:afpak"]) == 0
    assert capsys.readouterr().out.startswith("0 errors, 0 warnings")
