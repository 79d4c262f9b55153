"""Hardening, round 2, items 7-10 (issue 27): every CLI output written atomically
(the nodes/edges pair both or neither), exact column names, no raw tracebacks
(crosswalks, mathtext, wrong argument types), and the edge cases of saving
(mount points, the working directory, planted hidden folders, ``bundled:``)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import militnet
from militnet._core.errors import ArgumentError, MilitnetError, SaveError
from militnet._dataset import write as _write
from militnet._dataset.registry import bundled_path
from militnet.cli import main

AFPAK = bundled_path("afpak")
BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))


def run(capsys, *argv: object) -> tuple[int, str, str]:
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def files(folder: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(folder.iterdir()) if f.is_file()}


# -- 7. every CLI output written atomically ----------------------------------------


class Crash(BaseException):
    """A kill at one exact moment (raised by a patched rename; nothing cleans up)."""


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_csv_pair_is_both_or_neither_at_every_rename(tmp_path, monkeypatch, exchange):
    """Interrupt the export at each rename in turn: the folder holds the old
    pair or the new pair, never one of each (before: nodes.csv new, edges.csv
    old when the kill fell between the two files)."""
    net = militnet.load_dataset("afpak")
    out = tmp_path / "csv"
    militnet.to_csv(net, out, at="2010-01-01")
    old = files(out)
    militnet.to_csv(net, tmp_path / "ref", at="2016-01-01")
    new = files(tmp_path / "ref")
    assert old != new
    if not exchange:
        monkeypatch.setattr(_write, "_renameat2", lambda: None)
    real_rename, real_replace = os.rename, os.replace
    seen = {"n": 0, "crash_at": 0}

    def counting(real):
        def f(a, b, *args, **kw):
            seen["n"] += 1
            if seen["n"] == seen["crash_at"]:
                raise Crash()
            return real(a, b, *args, **kw)

        return f

    monkeypatch.setattr(os, "rename", counting(real_rename))
    monkeypatch.setattr(os, "replace", counting(real_replace))
    outcomes = set()
    for crash_at in range(1, 6):
        seen.update(n=0, crash_at=crash_at)
        with pytest.raises(Crash) if crash_at <= 2 else _maybe(Crash):
            militnet.to_csv(net, out, at="2016-01-01")
        seen["crash_at"] = 0
        if not out.exists():  # killed between the two renames of the fallback
            assert _write.recover_interrupted_save(out)
        got = files(out)
        assert got in (old, new), f"mixed pair after a crash at rename {crash_at}"
        outcomes.add("old" if got == old else "new")
        seen["crash_at"] = 0
        militnet.to_csv(net, out, at="2010-01-01")  # back to the old pair
        assert files(out) == old
    assert outcomes == {"old", "new"} or outcomes == {"old"}


class _maybe:
    """``pytest.raises`` that also accepts no exception (a crash point past the end)."""

    def __init__(self, exc: type[BaseException]) -> None:
        self.exc = exc

    def __enter__(self) -> None:
        return None

    def __exit__(self, et, ev, tb) -> bool:
        return et is None or issubclass(et, self.exc)


def test_csv_pair_keeps_other_files_and_works_in_the_working_directory(tmp_path, monkeypatch):
    net = militnet.load_dataset("afpak")
    out = tmp_path / "csv"
    militnet.to_csv(net, out, at="2010-01-01")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    militnet.to_csv(net, out, at="2016-01-01")
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    monkeypatch.chdir(out)
    nodes, edges = militnet.to_csv(net, ".", at="2012-01-01")
    assert Path(os.getcwd()).exists() and nodes.is_file() and edges.is_file()
    assert (out / "notes.txt").exists()


@pytest.mark.slow
def test_kill_every_cli_writer(tmp_path):
    """SIGKILL each CLI writer at random moments (a bounded run of
    benchmarks/stress_kill.py): every output is the old one or the new one."""
    from stress_kill import run as kill_run
    from stress_kill import writers

    n = len(writers())
    stats = kill_run(2 * n, seed=7)
    assert stats["kills"] == 2 * n
    assert stats["lost"] == 0, stats["bad"]
    assert set(stats["writers"]) == {w.name for w in writers()}


# -- 8. column names taken exactly -------------------------------------------------


@pytest.mark.parametrize("file", ["sources.csv", "relations.csv"])
@pytest.mark.parametrize("name", [" notes", "notes ", "notes\t", "\u3000notes"])
def test_padded_column_names_are_refused(tmp_path, file, name):
    """A column name with stray whitespace is the documented error (before:
    stripped silently, and so renamed on save)."""
    net = militnet.load_dataset("afpak")
    d = tmp_path / "d"
    net.save(d)
    text = (d / file).read_text(encoding="utf-8")
    header, body = text.split("\n", 1)
    assert "notes" in header.split(",")
    (d / file).write_text(header.replace("notes", name, 1) + "\n" + body, encoding="utf-8")
    report = militnet.validate(d)
    assert not report.ok
    msgs = [p.message for p in report.errors]
    assert "column name has leading or trailing spaces" in msgs, msgs
    with pytest.raises(militnet.ValidationError, match="leading or trailing spaces"):
        militnet.load(d)


def test_padded_names_in_the_fast_reader(tmp_path):
    """The fast (pandas) reader sees the same raw header as the csv module."""
    from militnet._dataset.read import _FAST_MIN_LINES, parse_csv

    for header in ("id, name ,x", "id,name,x "):
        rows = [header] + [f"g{i},G{i},{i}" for i in range(_FAST_MIN_LINES + 10)]
        problems: list = []
        assert parse_csv("\n".join(rows) + "\n", "groups", "t.csv", problems) is None
        assert any("leading or trailing spaces" in p.message for p in problems), problems


def test_column_names_round_trip_exactly(tmp_path):
    """Inner spaces, case and Unicode in column names survive save -> load -> save."""
    net = militnet.load_dataset("afpak")
    d = tmp_path / "d"
    net.save(d)
    rows = list(csv.reader(io.StringIO((d / "groups.csv").read_text(encoding="utf-8"))))
    extra = ["my column", "Ünïcode name", "UPPER"]
    rows = [rows[0] + extra] + [[*r, "x y", "", "Z"] for r in rows[1:]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (d / "groups.csv").write_text(buf.getvalue(), encoding="utf-8")
    loaded = militnet.load(d)
    assert [c for c in loaded.groups.columns if c in extra] == extra
    loaded.save(tmp_path / "e")
    first = (tmp_path / "e" / "groups.csv").read_bytes()
    militnet.load(tmp_path / "e").save(tmp_path / "f")
    assert (tmp_path / "f" / "groups.csv").read_bytes() == first
    assert first.split(b"\n", 1)[0].decode("utf-8").split(",")[-3:] == extra


# -- 9. no raw tracebacks ----------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00bad", b"", b'dataset,id,group\n"unclosed', b"\x00\x00\x00"],
    ids=["not-utf8", "empty", "unclosed-quote", "nul"],
)
@pytest.mark.parametrize("command", ["combine", "crosswalk"])
def test_bad_crosswalk_files_are_messages(tmp_path, capsys, content, command):
    cw = tmp_path / "cw.csv"
    cw.write_bytes(content)
    mine = tmp_path / "mine"
    shutil.copytree(AFPAK, mine)
    extra = ["-o", tmp_path / "out"] if command == "combine" else []
    rc, out, err = run(capsys, command, "afpak", mine, "--crosswalk", cw, *extra)
    assert rc == 1
    assert "Traceback" not in err and "error" in (out + err)
    assert "cw.csv" in (out + err)


@pytest.mark.parametrize("crosswalk", [5, ["a"], {"afpak": "ttp"}, {("a", "b"): 5}])
def test_oddly_typed_crosswalks_are_argument_errors(crosswalk):
    net = militnet.load_dataset("afpak")
    with pytest.raises(ArgumentError, match="crosswalk"):
        militnet.combine(net, net, crosswalk=crosswalk)


def test_accept_with_a_non_utf8_candidates_file(tmp_path, capsys):
    into = tmp_path / "into"
    shutil.copytree(AFPAK, into)
    bad = tmp_path / "c.csv"
    bad.write_bytes(b"source,target\n\xff\xfe,x\n")
    rc, _, err = run(capsys, "accept", bad, "--into", into)
    assert rc == 1 and "not UTF-8" in err and "Traceback" not in err


HOSTILE_NAMES = ["$x^$", r"$\frac{$", "a$b$c", "$$", r"\$y$", r"$\undefined{x}$"]


@pytest.fixture(scope="module")
def dollar_net(tmp_path_factory):
    """afpak with ``$...$`` in every group name and in half the orientations."""
    d = tmp_path_factory.mktemp("dollar") / "d"
    shutil.copytree(AFPAK, d)
    rows = list(csv.reader(io.StringIO((d / "groups.csv").read_text(encoding="utf-8"))))
    ni, oi = rows[0].index("name"), rows[0].index("orientation")
    for k, r in enumerate(rows[1:]):
        r[ni] = f"{r[ni]} {HOSTILE_NAMES[k % len(HOSTILE_NAMES)]}"
        if k % 2:
            r[oi] = HOSTILE_NAMES[k % len(HOSTILE_NAMES)]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (d / "groups.csv").write_text(buf.getvalue(), encoding="utf-8")
    return militnet.load(d)


def _math_texts(ax) -> list[str]:
    """Every text of the figure that matplotlib would parse as mathtext (drawn first,
    so that tick labels and legends exist)."""
    import matplotlib.text

    fig = ax.figure if hasattr(ax, "figure") else ax
    fig.canvas.draw()
    return [
        t.get_text()
        for t in fig.findobj(matplotlib.text.Text)
        if t.get_text() and t._preprocess_math(t.get_text())[1]
    ]


@pytest.mark.parametrize("kind", ["network", "community", "timeline", "map", "series", "lifecycle"])
def test_dollar_signs_in_data_are_drawn_literally(dollar_net, kind):
    """No label from data is read as mathtext (before: a ValueError from the
    mathtext parser, or a different text drawn)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import militnet.plot

    net = dollar_net
    if kind == "network":
        ax = militnet.plot.network(net, "2016-01-01")
    elif kind == "community":
        ax = militnet.plot.network(net, "2016-01-01", color_by="community")
    elif kind == "timeline":
        ax = militnet.plot.timeline(net, list(net.groups.index[:8]))
    elif kind == "map":
        ax = militnet.plot.map(net)
    elif kind == "lifecycle":
        ax = militnet.plot.lifecycle(net, "2008-01-01", "2018-01-01", min_size=2)
    else:
        s = net.series(start="2010-01-01", end="2014-01-01", freq="YS", measures="degree")
        ax = militnet.plot.series(s, "degree", net=net)
    try:
        assert _math_texts(ax) == []
        shown = {t.get_text() for t in ax.figure.findobj(matplotlib.text.Text)}
        if kind in ("network", "timeline"):
            assert any("$x^$" in s.replace("\\$", "$") for s in shown)
    finally:
        plt.close("all")


def test_literal_keeps_the_text_as_written():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from militnet.plot._common import literal

    fig, ax = plt.subplots()
    for s in HOSTILE_NAMES:
        t = ax.text(0, 0, literal(s))
        shown, math = t._preprocess_math(t.get_text())
        assert (shown, math) == (s, False)
    plt.close(fig)


def test_wrong_types_name_the_argument(tmp_path):
    import militnet.plot as plot

    net = militnet.load_dataset("afpak")
    with pytest.raises(ArgumentError, match="title"):
        net.to_html(tmp_path / "p.html", title=5)
    with pytest.raises(ArgumentError, match="relationships_csv"):
        militnet.read_mmp(None)
    with pytest.raises(MilitnetError, match="today"):
        militnet.read_mmp(Path(__file__).parent / "data" / "mmp" / "relationships.csv", today="x")
    with pytest.raises(ArgumentError, match="measures"):
        militnet.centrality(net, at="2016-01-01", measures=5)
    with pytest.raises(ArgumentError, match="net"):
        militnet.centrality(5, at="2016-01-01")
    with pytest.raises(TypeError):  # also a TypeError, as Python's own are
        militnet.centrality(5, at="2016-01-01")
    with pytest.raises(ArgumentError, match="label_width"):
        plot.network(net, "2016-01-01", label_width=float("nan"))


def test_what_functions_accept_beyond_their_annotations_still_works():
    """The checks run only when the function fails: its own messages stand and
    what it accepts is accepted."""
    net = militnet.load_dataset("afpak")
    df = militnet.centrality(net, at="2016-01-01", measures=None)
    assert list(df.columns)[:1] == ["degree"]
    with pytest.raises(militnet.DateError, match="frequency"):
        net.series("2010-01-01", "2012-01-01", freq=None, measures="degree")


@pytest.mark.slow
def test_public_api_wrong_types_raise_only_militnet_errors():
    """A bounded run of benchmarks/stress_types.py over a spread of the API."""
    from stress_types import run as types_run

    only = {
        "to_html",
        "report",
        "centrality",
        "communities",
        "combine",
        "crosswalk",
        "read_mmp",
        "extract",
        "accept_candidates",
        "to_csv",
        "to_gexf",
        "TiePolicy",
        "Group",
        "Relation",
        "Network.frame",
        "Network.history",
        "plot.timeline",
        "reachability",
    }
    stats = types_run(only, timeout=60)
    assert stats["callables"] >= 15
    assert stats["n_escapes"] == 0, stats["escapes"]


# -- 10. edge cases of saving ------------------------------------------------------


def _bind_mount(src: Path, dst: Path) -> bool:
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        return False
    r = subprocess.run(["mount", "--bind", str(src), str(dst)], capture_output=True)
    return r.returncode == 0


def test_save_refuses_a_folder_holding_a_mount_point(tmp_path, monkeypatch):
    """The old folder is removed after a save, and with it everything below it:
    a folder holding a mount point is refused, the mounted files untouched.
    With a real bind mount where permitted, else with the mount listed by a
    patched ``mount_points`` (the check reads /proc/self/mountinfo)."""
    net = militnet.load_dataset("afpak")
    target = tmp_path / "data"
    net.save(target)
    precious = tmp_path / "elsewhere"
    precious.mkdir()
    (precious / "keep.txt").write_text("precious", encoding="utf-8")
    sub = target / "mnt"
    sub.mkdir()
    mounted = _bind_mount(precious, sub)
    if not mounted:
        shutil.rmtree(sub)
        sub.symlink_to(precious)  # what a mount would hold, for the listing below
        monkeypatch.setattr(_write, "mount_points", lambda: [str(target / "mnt")])
    try:
        with pytest.raises(SaveError, match="mount point"):
            net.save(target)
        assert (precious / "keep.txt").read_text(encoding="utf-8") == "precious"
        assert militnet.load(target) == net
    finally:
        if mounted:
            subprocess.run(["umount", str(sub)], check=True)
    assert (precious / "keep.txt").exists()


def test_save_refuses_another_device_below_the_folder(tmp_path, monkeypatch):
    """A mount point found by its device number (st_dev differs from the folder's),
    as on systems without /proc/self/mountinfo."""
    net = militnet.load_dataset("afpak")
    target = tmp_path / "data"
    net.save(target)
    (target / "disk").mkdir()
    (target / "disk" / "f.txt").write_text("x", encoding="utf-8")
    real_lstat = os.lstat
    other = str(target / "disk")

    def lstat(p, *a, **kw):
        st = real_lstat(p, *a, **kw)
        if os.fspath(p) == other:
            fields = list(st)
            fields[2] = st.st_dev + 1  # st_dev
            return os.stat_result(fields)
        return st

    monkeypatch.setattr(_write, "mount_points", lambda: [])
    monkeypatch.setattr(os, "lstat", lstat)
    with pytest.raises(SaveError, match="mount point"):
        net.save(target)
    monkeypatch.undo()
    assert (target / "disk" / "f.txt").exists()


def test_bundled_name_never_adopts_a_planted_hidden_folder(tmp_path, monkeypatch):
    """``load("afpak")`` with a hidden ``.afpak.militnet-*.new`` folder here loads
    the bundled data, and leaves no ``afpak`` folder behind (before: the planted
    folder was renamed into place and loaded)."""
    monkeypatch.chdir(tmp_path)
    planted = militnet.Network(
        groups=[militnet.Group("evil", "Planted")],
        metadata={"name": "afpak", "version": "9"},
    )
    planted.save(tmp_path / "x")
    os.rename(tmp_path / "x", tmp_path / ".afpak.militnet-0000000000000001-abcdef.new")
    net = militnet.load("afpak")
    assert net == militnet.load_dataset("afpak")
    assert not (tmp_path / "afpak").exists()
    assert "evil" not in net.groups.index


def test_writes_to_bundled_names_are_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    cands = tmp_path / "c.csv"
    cands.write_text(
        "source,target,type,start,end,confidence,evidence,sources,notes,status\n",
        encoding="utf-8",
    )
    for into in ("bundled:afpak", "bundled:nosuch", "afpak"):
        rc, _, err = run(capsys, "accept", cands, "--into", into)
        assert rc == 1 and "refusing" in err, err
    net = militnet.load_dataset("afpak")
    for target in ("bundled:afpak", "bundled:other"):
        with pytest.raises(ArgumentError, match="bundled"):
            net.save(target)
        with pytest.raises(ArgumentError, match="bundled"):
            net.to_html(target)
    assert sorted(os.listdir(tmp_path)) == ["c.csv"]


def test_save_from_inside_the_folder_keeps_the_shell_somewhere(tmp_path, monkeypatch, capsys):
    """Saving the folder the working directory is in would replace it under the
    shell: refused with a clear message, nothing changed (before: the folder was
    replaced and the shell left in a deleted directory)."""
    net = militnet.load_dataset("afpak")
    d = tmp_path / "d"
    net.save(d)
    before = files(d)
    (d / "sub").mkdir()
    for where in (d, d / "sub"):
        monkeypatch.chdir(where)
        with pytest.raises(SaveError, match="working directory"):
            net.save(d)
        assert os.path.samefile(os.getcwd(), where)
    monkeypatch.chdir(d)
    cands = tmp_path / "acc.csv"
    cands.write_text(
        "source,target,type,start,end,confidence,evidence,sources,notes,status\n"
        "ttp,jua,alliance,2019,,reported,e,s-new,,accepted\n",
        encoding="utf-8",
    )
    rc, _, err = run(capsys, "accept", cands, "--into", ".", "--source-id", "s-new", "--title", "T")
    assert rc == 1 and "working directory" in err
    assert os.path.samefile(os.getcwd(), d)
    assert files(d) == before


# -- fuzz: every surface -----------------------------------------------------------


@pytest.mark.slow
def test_fuzz_every_surface(tmp_path):
    """A bounded run of benchmarks/fuzz_surfaces.py: mutated datasets through load,
    every CLI command and every output format, a sample opened in Chromium."""
    from fuzz_surfaces import commands, run, seed_dataset

    from militnet import Group, Relation, Source

    base = seed_dataset(militnet, Group, Relation, Source, tmp_path / "base")
    n_cmds = len(commands(base, base, tmp_path, "2009-01-01"))
    stats = run(base, inputs=n_cmds, seed=27, per_input=3, browser_every=4)
    assert stats["inputs"] == n_cmds and stats["cli_runs"] == 3 * n_cmds
    assert stats["loaded"] > n_cmds // 4
    assert stats["pages_opened"] >= 3
    for key in ("raw_exceptions", "terminal", "live_formulas", "executions"):
        assert stats[key] == 0, (key, stats["causes"])
    assert stats["outbound_requests"] == 0
    assert stats["round_trip_diffs"] == 0
