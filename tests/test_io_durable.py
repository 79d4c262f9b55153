"""All-or-nothing saves: kills at random moments, concurrent saves, refusals."""

from __future__ import annotations

import os
import random
import sys
import threading
from pathlib import Path

import pytest

import militnet

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from stress_save import kill_during_save, make_pair

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


@pytest.mark.slow
@needs_fork
def test_kill_during_save_leaves_old_or_new_whole(tmp_path):
    a_dir, b_dir = make_pair(tmp_path)
    a, b = militnet.load(a_dir), militnet.load(b_dir)
    rng = random.Random(16)
    seen = set()
    for i in range(60):
        target = tmp_path / f"t{i}"
        a.save(target)
        kill_during_save(target, (b, a), rng.uniform(0, 0.15))
        got = militnet.load(target)  # recovers an interrupted swap
        assert got in (a, b), f"run {i}: neither the old nor the new dataset"
        seen.add("a" if got == a else "b")
        b.save(target)  # leftovers do not break a later save
        assert militnet.load(target) == b
    assert seen == {"a", "b"}  # kills landed both before and after a swap


def test_load_recovers_a_folder_missing_between_the_two_renames(tmp_path, tiny):
    from militnet._dataset.write import _sibling_prefix

    net = tiny
    target = tmp_path / "d"
    net.save(target)
    # a save killed after moving the old folder aside, before renaming the new one in
    prefix = _sibling_prefix(target)
    os.rename(target, tmp_path / f"{prefix}0000000000000001-x-0.old")
    newer = militnet.Network(net.groups, net.relations, net.sources, metadata={"name": "newer"})
    newer.save(tmp_path / "staging")
    os.rename(tmp_path / "staging", tmp_path / f"{prefix}0000000000000002-y.new")
    assert militnet.load(target) == newer  # the complete new dataset wins
    assert target.is_dir()


def test_concurrent_saves_last_writer_wins_whole(tmp_path):
    a_dir, b_dir = make_pair(tmp_path)
    nets = [militnet.load(a_dir), militnet.load(b_dir)]
    target = tmp_path / "shared"
    errors: list[BaseException] = []

    def saver(k: int) -> None:
        try:
            for _ in range(15):
                nets[k % 2].save(target)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=saver, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert militnet.load(target) in nets
    assert not [p for p in tmp_path.iterdir() if ".militnet-" in p.name]


def test_save_keeps_other_files_in_the_folder(tmp_path, tiny):
    net = tiny
    target = tmp_path / "d"
    net.save(target)
    (target / "README.md").write_text("notes")
    (target / "sub").mkdir()
    (target / "sub" / "x.txt").write_text("x")
    net.save(target)
    assert (target / "README.md").read_text() == "notes"
    assert (target / "sub" / "x.txt").read_text() == "x"


def test_save_refuses_to_replace_a_symlinked_file(tmp_path, tiny):
    net = tiny
    target = net.save(tmp_path / "d")
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_bytes((target / "groups.csv").read_bytes())
    (target / "groups.csv").unlink()
    (target / "groups.csv").symlink_to(elsewhere)
    with pytest.raises(militnet.SaveError, match="symbolic link"):
        net.save(target)
    assert (target / "groups.csv").is_symlink()


def test_save_onto_a_file_or_unwritable_place_is_a_save_error(tmp_path, tiny):
    net = tiny
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(militnet.SaveError, match="not a folder"):
        net.save(f)
    with pytest.raises(militnet.SaveError):
        net.save(f / "below")
    assert isinstance(militnet.SaveError("x"), OSError)


def test_save_into_a_read_only_parent_leaves_the_old_folder(tmp_path, tiny, monkeypatch):
    """The filesystem refuses the first rename of the swap (a read-only parent; the
    refusal is injected, since root writes into read-only folders anyway)."""
    net = tiny
    parent = tmp_path / "ro"
    parent.mkdir()
    target = net.save(parent / "d")
    before = sorted(p.name for p in target.iterdir())
    real = os.rename

    def refuse(src, dst, *a, **kw):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "rename", refuse)
    with pytest.raises(militnet.SaveError, match="cannot save dataset"):
        net.save(target)
    monkeypatch.setattr(os, "rename", real)
    assert sorted(p.name for p in target.iterdir()) == before
    assert militnet.load(target) == net


def test_symlinked_folder_is_saved_into_its_target(tmp_path, tiny):
    net = tiny
    real = net.save(tmp_path / "real")
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    net.save(link)
    assert link.is_symlink() and militnet.load(link) == net
