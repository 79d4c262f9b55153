"""Hardening, round 2 (issue 27): outputs never overwrite inputs, every text surface
escaped, concurrent ``accept`` loses nothing, spreadsheet formulas neutralised,
extraction linear, the page's URL fragment parser total."""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import random
import re
import shutil
from pathlib import Path

import pytest

import militnet
from militnet._core.errors import ArgumentError, MilitnetError
from militnet._core.escape import md_escape, neutralise_cell, restore_cell, terminal_safe
from militnet._dataset.registry import bundled_path
from militnet.cli import main

AFPAK = bundled_path("afpak")
ARTICLE = "Jamaat-ul-Ahrar split from the Pakistani Taliban in August 2014.\n"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def snapshot_bytes(*paths: Path) -> dict[str, bytes]:
    out = {}
    for p in paths:
        if p.is_dir():
            out.update({str(f): f.read_bytes() for f in sorted(p.rglob("*")) if f.is_file()})
        elif p.exists():
            out[str(p)] = p.read_bytes()
    return out


@pytest.fixture
def two(tmp_path):
    a, b = tmp_path / "A", tmp_path / "B"
    shutil.copytree(AFPAK, a)
    shutil.copytree(AFPAK, b)
    art = tmp_path / "art.txt"
    art.write_text(ARTICLE, encoding="utf-8")
    return tmp_path, a, b, art


# -- 1. outputs never overwrite inputs ---------------------------------------------


def test_every_writer_refuses_its_inputs(two, capsys, tmp_path):
    root, a, b, art = two
    os.link(a / "groups.csv", root / "hard.csv")
    os.symlink(a / "relations.csv", root / "soft.csv")
    os.link(art, root / "hard.txt")
    bundled_file = AFPAK / "groups.csv"
    cases = [
        ("combine", a, b, "-o", a),  # the data argument is a list
        ("combine", a, b, "-o", b),
        ("combine", a, b, "-o", root),  # the output would hold the inputs
        ("metrics", a, "--at", "2016-01-01", "--provenance", a / "groups.csv"),
        ("series", a, "--start", "2015", "--end", "2016", "--provenance", root / "hard.csv"),
        ("extract", art, "--data", a, "-o", art),
        ("extract", art, "--data", a, "-o", root / "hard.txt"),
        ("render", a, "-o", root / "hard.csv"),
        ("render", a, "-o", root / "soft.csv"),
        ("render", "bundled:afpak", "-o", bundled_file),
        ("render", a, "-o", AFPAK / "page.html"),  # never into a bundled dataset
        ("report", a, "--at", "2016-01-01", "-o", root / "hard.csv"),
        ("export", a, "--at", "2016-01-01", "-o", a),
        ("export", a, "--format", "gexf", "-o", root / "soft.csv"),
        ("events", a, "-o", a / "events.csv"),
        ("suggest-ends", a, "-o", root / "hard.csv"),
        ("candidates", a, "-o", a / "x.csv"),
        ("crosswalk", a, b, "-o", b / "draft.csv"),
        ("crosswalk", a, b, "-o", root / "hard.csv"),
        ("accept", art, "--into", "bundled:afpak"),
    ]
    before = snapshot_bytes(a, b, art, AFPAK)
    for argv in cases:
        rc, _out, err = run(capsys, *argv)
        assert rc == 1, argv
        assert "refusing to write" in err, (argv, err)
    assert snapshot_bytes(a, b, art, AFPAK) == before
    assert not (root / "bundled:afpak").exists()


def test_guard_names_both_paths(two, capsys):
    _root, a, b, _ = two
    rc, _, err = run(capsys, "combine", a, b, "-o", a)
    assert rc == 1 and str(a) in err and "input" in err


def test_writers_still_write_elsewhere(two, capsys):
    root, a, b, art = two
    assert run(capsys, "combine", a, b, "-o", root / "C")[0] == 0
    assert run(capsys, "render", a, "-o", root / "page.html")[0] == 0
    assert run(capsys, "extract", art, "--data", a, "-o", root / "c.csv")[0] == 0
    assert run(capsys, "metrics", a, "--at", "2016-01-01", "--provenance", root / "p.json")[0] == 0


def test_python_save_paths_are_guarded(two):
    root, a, _, _ = two
    net = militnet.load(a)
    os.link(a / "groups.csv", root / "hard.gexf")
    with pytest.raises(ArgumentError, match="refusing to write"):
        net.save(AFPAK)
    with pytest.raises(ArgumentError, match="refusing to write"):
        net.save(a / "inside")
    with pytest.raises(ArgumentError, match="refusing to write"):
        net.to_html(a / "groups.csv")
    with pytest.raises(ArgumentError, match="refusing to write"):
        militnet.to_gexf(net, root / "hard.gexf")
    with pytest.raises(ArgumentError, match="refusing to write"):
        militnet.to_csv(net, a, at="2016-01-01")
    with pytest.raises(ArgumentError, match="refusing to write"):
        militnet.load_dataset("afpak").to_html(AFPAK / "x.html")
    assert (a / "groups.csv").read_bytes() == (AFPAK / "groups.csv").read_bytes()
    assert net.save(a) == a  # saving back into its own folder stays allowed
    with pytest.raises(ArgumentError):
        net.save("bad\x00name")


# -- 2. Markdown tables and terminal output --------------------------------------

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "[link](javascript:alert(1))",
    "![i](http://evil.example/x.png)",
    "`code` *em* _u_ a|b &amp; <script>alert(2)</script>",
    "<https://evil.example/auto>",
]


def hostile_folder(root: Path) -> Path:
    folder = root / "H"
    shutil.copytree(AFPAK, folder)
    path = folder / "groups.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    name = rows[0].index("name")
    for k, bad in enumerate(HOSTILE, start=1):
        rows[k][name] = f"{bad} {k}"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return folder


def live_html(markdown_text: str) -> list[str]:
    """Elements other than a table's that markdown-it renders from the text."""
    md = pytest.importorskip("markdown_it").MarkdownIt("commonmark").enable("table")
    html = md.render(markdown_text)
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html))
    return sorted(tags - {"table", "thead", "tbody", "tr", "th", "td", "p"})


def test_markdown_tables_are_inert(tmp_path, capsys):
    folder = hostile_folder(tmp_path)
    net = militnet.load(folder)
    first = net.groups.index[0]
    art = tmp_path / "a.txt"
    art.write_text(
        "Jamaat-ul-Ahrar <img src=x onerror=alert(1)> [x](javascript:y) split from "
        "the Pakistani Taliban in August 2014.\n",
        encoding="utf-8",
    )
    commands = [
        ("metrics", folder, "--at", "2016-01-01", "--names"),
        ("snapshot", folder, "--at", "2016-01-01", "--groups"),
        ("snapshot", folder, "--at", "2016-01-01"),
        ("history", folder, first),
        ("extract", art, "--data", folder),
        ("events", folder),
        ("lineage", folder, "ttp", "--format", "markdown"),
        ("diff", folder, AFPAK, "--format", "markdown"),
    ]
    for argv in commands:
        rc, out, _ = run(capsys, *argv)
        assert rc == 0, argv
        assert "<img" not in out and "<script" not in out, argv
        assert live_html(out) == [], argv


def test_markdown_escape_covers_the_syntax():
    for bad in HOSTILE:
        out = md_escape(bad)
        assert "<" not in out and ">" not in out
        assert not re.search(r"(?<!\\)[\[\]`*_|]", out)


def test_control_characters_never_reach_the_terminal(tmp_path, capsys):
    art = tmp_path / "a.txt"
    art.write_text(
        "Jamaat-ul-Ahrar split from the Pakistani Taliban in August 2014, \x1b[2J said "
        "\x9b31m one \x1b]0;pwned\x07.\r\n",
        encoding="utf-8",
    )
    for fmt in ("markdown", "csv"):
        rc, out, err = run(capsys, "extract", art, "--data", AFPAK, "--format", fmt)
        assert rc == 0
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out + err), fmt
        assert "\\u001b" in out
    assert terminal_safe("a\tb\nc\x1b\x07\x9b\r") == "a\tb\nc\\u001b\\u0007\\u009b\\u000d"


# -- 3. concurrent accept ----------------------------------------------------------

N_PROC, N_CAND = 6, 20


def _candidates(path: Path, i: int, ids: list[str]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(
            [
                *("source", "target", "type", "start", "end", "confidence", "evidence"),
                *("sources", "notes", "status"),
            ]
        )
        for k in range(N_CAND):
            a, b = ids[(i * 3 + k) % len(ids)], ids[(i * 3 + k + 1) % len(ids)]
            w.writerow(
                [
                    a,
                    b,
                    "rivalry",
                    f"20{10 + k % 10}",
                    "",
                    "alleged",
                    f"p{i} c{k}",
                    f"art{i}",
                    "",
                    "accepted",
                ]
            )


def _accept(args: tuple[str, str, int]) -> int:
    cands, into, i = args
    # the windows of the processes overlap on purpose: the duplicates are allowed
    args = ["accept", cands, "--into", into, "--source-id", f"art{i}", "--title", "t"]
    return main([*args, "--allow-duplicates"])


def test_concurrent_accept_loses_nothing(tmp_path):
    folder = tmp_path / "D"
    shutil.copytree(AFPAK, folder)
    net = militnet.load(folder)
    before = len(net.relations)
    ids = list(net.groups.index)
    jobs = []
    for i in range(N_PROC):
        path = tmp_path / f"c{i}.csv"
        _candidates(path, i, ids)
        jobs.append((str(path), str(folder), i))
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(N_PROC) as pool:
        codes = pool.map(_accept, jobs)
    assert codes == [0] * N_PROC
    after = militnet.load(folder)
    assert len(after.relations) - before == N_PROC * N_CAND
    evidence = set(after.relations["evidence"])
    assert all(f"p{i} c{k}" in evidence for i in range(N_PROC) for k in range(N_CAND))
    assert {f"art{i}" for i in range(N_PROC)} <= set(after.sources.index)
    # the lock file lives beside the folder, never inside it as data
    assert (tmp_path / ".D.militnet-lock").exists()
    assert not any("lock" in p.name for p in folder.iterdir())


# -- 4. spreadsheet formulas ---------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+1+2",
    "-cmd|' /C calc'!A0",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "'=already",
]


def test_neutralise_and_restore_are_inverse():
    for s in [*FORMULAS, "-1", "+2.5", "plain", "", "'", "''+x", "'plain"]:
        assert restore_cell(neutralise_cell(s)) == s
    for s in FORMULAS:
        assert not neutralise_cell(s).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert neutralise_cell("-1") == "-1"


def formula_folder(root: Path) -> Path:
    folder = root / "F"
    shutil.copytree(AFPAK, folder)
    path = folder / "groups.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    name = rows[0].index("name")
    for k, bad in enumerate(FORMULAS[:4], start=1):
        rows[k][name] = bad + f" {k}"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return folder


def live_formulas(text: str) -> list[str]:
    rows = csv.reader(io.StringIO(text, newline=""))
    return [
        c
        for r in rows
        for c in r
        if c[:1] in ("=", "+", "@", "\t", "\r")
        or (c[:1] == "-" and not re.fullmatch(r"-[0-9.eE+-]+", c))
    ]


def test_review_and_table_csv_neutralise_formulas(tmp_path, capsys):
    folder = formula_folder(tmp_path)
    art = tmp_path / "a.txt"
    art.write_text(
        '=HYPERLINK("http://x") Jamaat-ul-Ahrar split from the Pakistani Taliban in August 2014.\n',
        encoding="utf-8",
    )
    review = tmp_path / "review.csv"
    assert run(capsys, "extract", art, "--data", folder, "-o", review)[0] == 0
    text = review.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and live_formulas(text) == []
    for argv in [
        ("snapshot", folder, "--at", "2016-01-01", "--groups", "--format", "csv"),
        ("metrics", folder, "--at", "2016-01-01", "--names", "--format", "csv"),
        ("events", folder, "--format", "csv"),
        ("candidates", folder, "--format", "csv"),
        ("suggest-ends", folder, "--format", "csv"),
        ("crosswalk", AFPAK, folder),
    ]:
        rc, out, _ = run(capsys, *argv)
        assert rc == 0, argv
        assert live_formulas(out) == [], argv
    # accept strips the apostrophe back: the dataset holds the text as written
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    rows[0]["status"] = "accepted"
    with open(review, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    # (the split is in afpak already: a duplicate, allowed here)
    accepted = run(capsys, "accept", review, "--into", folder, "--title", "t", "--allow-duplicates")
    assert accepted[0] == 0
    ev = militnet.load(folder).relations["evidence"]
    assert ev.str.startswith("=HYPERLINK").any()


def test_dataset_files_stay_byte_faithful(tmp_path):
    folder = formula_folder(tmp_path)
    out = militnet.load(folder).save(tmp_path / "saved")
    assert (out / "groups.csv").read_bytes() == (folder / "groups.csv").read_bytes()
    assert "\n=HYPERLINK" not in (out / "groups.csv").read_text(encoding="utf-8")  # quoted
    assert '=HYPERLINK(""http' in (out / "groups.csv").read_text(encoding="utf-8")


# -- 5. extraction cost ---------------------------------------------------------------


def test_paragraph_pieces_give_the_same_candidates(monkeypatch):
    pytest.importorskip("spacy")
    from militnet._text import extract as ex

    net = militnet.load_dataset("afpak")
    sentences = [
        "Jamaat-ul-Ahrar split from the Pakistani Taliban in August 2014.",
        "The Haqqani Network is allied with al-Qaeda.",
        "Lashkar-e-Taiba fought the Islamic State.",
        "Nothing happened on Tuesday, officials said.",
    ]
    text = " ".join(sentences[k % 4] for k in range(240))  # one paragraph, ~13 kB
    whole = militnet.extract(net, text)
    monkeypatch.setattr(ex, "_MAX_PIECE", 2000)
    pieces = militnet.extract(net, text)
    cols = ["source", "target", "type", "start", "evidence", "evidence_start", "source_offset"]
    assert len(whole) > 100
    assert whole[cols].equals(pieces[cols])
    # spaCy's own limit is respected: a smaller max_length reads in smaller pieces
    nlp = ex._pipeline()
    monkeypatch.setattr(ex, "_MAX_PIECE", 10**9)
    monkeypatch.setattr(nlp, "max_length", 3000)
    assert militnet.extract(net, text)[cols].equals(whole[cols])


def test_long_unbroken_text_is_cut_at_spaces(monkeypatch):
    pytest.importorskip("spacy")
    from militnet._text import extract as ex

    monkeypatch.setattr(ex, "_MAX_PIECE", 500)
    pieces = ex._pieces("word " * 400, 500)
    assert all(len(p) <= 500 for _, p in pieces)
    assert "".join(p + " " for _, p in pieces).split() == ("word " * 400).split()
    assert ex._pieces("x" * 1200, 500)[0] == (0, "x" * 500)  # no space: a hard cut


def test_repeated_words_complete():
    """Former quadratic paths: a leading-word loop and overlap scans in
    find_new_groups, nearest-mention scans per cue (not timed: the sizes took
    minutes before)."""
    pytest.importorskip("spacy")
    net = militnet.load_dataset("afpak")
    assert len(militnet.extract(net, "The " * 100_000)) == 0
    df = militnet.extract(net, "Haqqani Network fought IS-K and " * 1500)
    assert set(zip(df["source"], df["target"], strict=True)) >= {("haqqani", "iskp")}


def test_find_new_groups_matches_the_plain_scan():
    from militnet._text.names import find_new_groups

    rng = random.Random(7)
    words = ["The", "And", "Taliban", "Jaish-ul-Hind", "Brigade", "of", "Front", "x", ".", "A"]
    for _ in range(200):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))
        spans = sorted(
            {
                (a, min(len(text), a + rng.randint(1, 15)))
                for a in rng.sample(range(len(text)), min(4, len(text)))
            }
        )
        got = find_new_groups(text, [], [(s, e, "x") for s, e in spans])
        ref = []
        for s, e, name in find_new_groups(text, [], []):
            if not any(s < te and ts < e for ts, te in spans):
                ref.append((s, e, name))
        assert got == ref, text


def test_find_cues_and_nearest_match_the_plain_scan():
    from militnet._text.cues import CUES, find_cues
    from militnet._text.extract import _nearest
    from militnet._text.names import Mention

    rng = random.Random(3)
    words = ["allied", "with", "split", "from", "fought", "ties", "pledged", "x", "and"]
    for _ in range(100):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 60)))
        ref: list = []
        for cue in CUES:
            for m in cue.pattern.finditer(text):
                s, e = m.span()
                if not any(s < te and ts < e for ts, te, _ in ref):
                    ref.append((s, e, cue))
        assert find_cues(text) == sorted(ref, key=lambda t: t[0])
        starts = sorted(rng.sample(range(200), rng.randint(1, 12)))
        ms = [Mention(s, s + rng.randint(1, 3), "x", "group") for s in starts]
        for cs in range(0, 210, 7):
            ce = cs + 3
            left = max(
                (k for k, m in enumerate(ms) if m.end <= cs), default=None, key=lambda k: ms[k].end
            )
            right = min(
                (k for k, m in enumerate(ms) if m.start >= ce and m.start - ce <= 40),
                default=None,
                key=lambda k: ms[k].start,
            )
            assert _nearest(ms, cs, ce, 40) == (left, right)


def test_extraction_errors_are_militnet_errors():
    pytest.importorskip("spacy")
    net = militnet.load_dataset("afpak")
    with pytest.raises(MilitnetError):
        militnet.extract(net, 5)  # type: ignore[arg-type]


# -- 6. the page's URL fragment ------------------------------------------------------

FRAGMENTS = [
    "#%",
    "#%E0%A4%A",
    "#%zz",
    "#2016-10-24&%",
    "#stale=%",
    "#types=%ff%fe",
    "#dates=constructor",
    "#dates=__proto__",
    "#dates=toString",
    "#dates=hasOwnProperty",
    "#dates=valueOf",
    "#types=constructor",
    "#types=__proto__,toString",
    "#types=hasOwnProperty",
    "#confidence=constructor",
    "#stale=constructor",
    "#undated=__proto__",
    "#constructor=1",
    "#__proto__=x",
    "#__proto__[polluted]=1",
    "#toString",
    "#hasOwnProperty",
    "#constructor",
    "#__proto__",
    "#9999-12-31",
    "#0000-01-01",
    "#0001-01-01",
    "#2016-02-30",
    "#2016-13-01",
    "#99999999-01-01",
    "#2016-10-24&2016-10-25&3000-01-01",
    "#stale=1e309",
    "#stale=99999999999999999999y",
    "#stale=-1y",
    "#stale=NaN",
    "#" + "1" * 400,
    "#" + "&" * 2000,
    "#" + "a=b&" * 3000,
    "#types=" + ",".join(["x"] * 5000),
    "#<img src=x onerror=alert(1)>",
    "#javascript:alert(1)",
    "#%3Cscript%3Ealert(1)%3C/script%3E",
    "#dates=strict&dates=constructor&types=alliance,__proto__",
    "#=",
    "#==",
    "#&&&",
    "#undefined",
    "#null",
    "#2016-10-24&stale=never&types=alliance,pledge",
]


@pytest.mark.browser
@pytest.mark.slow
def test_page_survives_hostile_fragments(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("no chromium on PATH")
    assert len(FRAGMENTS) >= 40
    net = militnet.load_dataset("afpak")
    path = net.to_html(tmp_path / "page.html", seed=0)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        errors: list[str] = []
        blocked: list[str] = []
        dialogs: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

        def route(r):
            if r.request.url.startswith(("file:", "data:", "about:")):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        for frag in FRAGMENTS:
            page.goto("about:blank")
            page.goto(path.resolve().as_uri() + frag)
            page.wait_for_selector("html[data-mn-ready]", state="attached", timeout=15000)
            state = page.evaluate(
                "() => ({ready: window.militnet.ready(), date: window.militnet.date(),"
                " n: window.militnet.visible().nodes.length,"
                " polluted: ({}).polluted !== undefined"
                " || Object.prototype.polluted !== undefined})"
            )
            assert state["ready"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", state["date"]), frag
            assert not state["polluted"], frag
            # still alive: the slider moves the page
            assert page.evaluate("() => window.militnet.setDate('2016-10-24')") == "2016-10-24"
            assert errors == [], (frag, errors)
        # and a fragment changed while the page is open
        for frag in FRAGMENTS[:12]:
            page.evaluate("(h) => { location.hash = h; }", frag)
            page.wait_for_timeout(20)
            assert page.evaluate("() => window.militnet.ready()")
        assert errors == [] and dialogs == [] and blocked == []
        browser.close()
