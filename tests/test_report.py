"""Citable reports: the numbers are militnet's, and the references are exactly the
sources of the relations used."""

from __future__ import annotations

import re

import pytest

import militnet
from militnet import Group, Relation, Source, TiePolicy
from militnet._core.citation import order_sources
from militnet.cli import main


def _reference_ids(text: str) -> dict[int, str]:
    """Reference number → source id, from the Markdown reference list."""
    refs = text.split("## References", 1)[1]
    return {int(n): sid for n, sid in re.findall(r"^(\d+)\. .*\(`([^`]+)`\)$", refs, re.M)}


def _sources_of(net: militnet.Network, rids) -> set[str]:
    rel = net.relations
    return {s.strip() for r in rids for s in rel.at[r, "sources"].split(";") if s.strip()}


@pytest.mark.parametrize("at", ["2015-06-01", "2016-07-01", "2021-01-01"])
def test_references_are_exactly_the_sources_of_the_relations_used(tiny, at):
    text = militnet.report(tiny, at=at)
    used = {r for *_, d in tiny.ties(at).edges(data=True) for r in d["relations"]}
    used |= {
        r
        for *_, d in tiny.ties(at, TiePolicy(signed=True)).edges(data=True)
        for r in d["relations"]
    }
    refs = _reference_ids(text)
    assert set(refs.values()) == _sources_of(tiny, used)
    assert sorted(refs) == list(range(1, len(refs) + 1))
    table = text.split("## Relations used", 1)[1].split("## References", 1)[0]
    assert set(re.findall(r"^\| (r\d+) \|", table, re.M)) == used


def test_centrality_rows_match_militnet_and_cite_their_ties(tiny):
    pol = TiePolicy(min_confidence="alleged")
    text = militnet.report(tiny, at="2016-07-01", measures=["degree"], top=3, policy=pol)
    refs = _reference_ids(text)
    deg = militnet.centrality(tiny, at="2016-07-01", measures="degree", policy=pol)["degree"]
    T = tiny.ties("2016-07-01", pol)
    section = text.split("### degree", 1)[1].split("## Communities", 1)[0]
    rows = re.findall(
        r"^\| (\d) \| .* \((\S+)\) \| (\S+) \| (\d+) of (\d+) \| (\d+) % \| (\d+) \| (.*) \|$",
        section,
        re.M,
    )
    assert len(rows) == 3
    rel = militnet.alleged_reliance(tiny, "2016-07-01", measures="degree", policy=pol)
    for _rank, gid, value, n_alleged, n_ties, pct, n_rel, cites in rows:
        assert float(value) == pytest.approx(deg[gid], rel=1e-3)
        assert (int(n_alleged), int(n_ties)) == tuple(rel.loc[gid, ["alleged_ties", "ties"]])
        assert int(pct) == round(100 * rel.at[gid, "degree_alleged_share"])
        rids = {r for _, _, d in T.edges(gid, data=True) for r in d["relations"]}
        assert int(n_rel) == len(rids)
        cited = {refs[int(n)] for n in re.findall(r"\d+", cites)}
        # one decisive source per relation, and it is one of the relation's sources
        assert len(cited) <= len(rids)
        assert cited == {
            order_sources(sorted(_sources_of(tiny, [r])), tiny.sources)[0]
            for r in rids
            if _sources_of(tiny, [r])
        }


def test_report_header_records_data_and_policy(tiny):
    pol = TiePolicy(types=("alliance",), min_confidence="reported", date_policy="lenient")
    text = militnet.report(tiny, at="2016-07-01", policy=pol, seed=3)
    assert f"sha256:{tiny.content_hash}" in text
    for needle in (
        "| version | 1.0 |",
        "| day | 2016-07-01 |",
        "| tie types | alliance |",
        "| minimum confidence | reported |",
        "| date policy | lenient |",
        "louvain, seed 3",
    ):
        assert needle in text
    assert text == militnet.report(tiny, at="2016-07-01", policy=pol, seed=3)


def test_report_over_time_tabulates_each_year(tiny):
    text = militnet.report(
        tiny, at="2016-07-01", start="2014-01-01", end="2017-01-01", measures=["degree"]
    )
    section = text.split("## Over time", 1)[1].split("## Relations used", 1)[0]
    dates = re.findall(r"^\| (\d{4}-\d{2}-\d{2}) \|", section, re.M)
    assert dates == ["2014-01-01", "2015-01-01", "2016-01-01", "2017-01-01"]
    s = tiny.series(dates=dates, measures="degree")
    v = s[(s["group"] == "ttp") & (s["date"] == "2015-01-01")]["value"].item()
    header = next(ln for ln in section.splitlines() if ln.startswith("| date"))
    col = header.strip("| ").split(" | ").index("Tehrik-i-Taliban Pakistan")
    row = next(ln for ln in section.splitlines() if ln.startswith("| 2015-01-01"))
    assert float(row.strip("| ").split(" | ")[col]) == pytest.approx(v)
    with pytest.raises(militnet.MilitnetError, match="both"):
        militnet.report(tiny, at="2016-07-01", start="2014-01-01")


def test_html_report_escapes_the_data():
    bad = '<script>alert("x")</script>'
    net = militnet.Network(
        groups=[Group("a", bad, sources="s"), Group("b", "B & C", sources="s")],
        relations=[Relation("r1", "a", "b", "alliance", start="2010", sources="s")],
        sources=[Source("s", title=bad, url="https://example.org/?a=1&b=<2>")],
        metadata={"name": "x", "title": bad},
    )
    page = militnet.report(net, at="2011-01-01", format="html")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "B &amp; C" in page
    assert 'href="https://example.org/?a=1&amp;b=&lt;2&gt;"' in page
    assert page.count('<li id="ref-') == 1
    md = militnet.report(net, at="2011-01-01")
    assert "<script>" not in md and "&lt;script&gt;" in md
    with pytest.raises(militnet.MilitnetError, match="format"):
        militnet.report(net, at="2011-01-01", format="pdf")


def test_cli_report(tmp_path, tiny_dir, capsys):
    assert main(["report", str(tiny_dir), "--at", "2016-07-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# militnet report: Tiny, 2016-07-01")
    assert (
        main(
            [
                "report",
                str(tiny_dir),
                "--at",
                "2016-07-01",
                "--start",
                "2015-01-01",
                "--end",
                "2016-01-01",
                "--types",
                "alliance,pledge,split",
                "-o",
                str(tmp_path / "r.html"),
            ]
        )
        == 0
    )
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "| tie types |" not in page
    assert "alliance, pledge, split" in page and "Over time" in page
    with pytest.raises(SystemExit):
        main(["report", str(tiny_dir), "--at", "2016-07-01", "--start", "2015-01-01"])
    assert main(["report", str(tiny_dir), "--at", "2016"]) == 1


@pytest.mark.parametrize(
    "start, end", [("garbage", "2017-01-01"), ("2014-01-01", "2017-13-01"), ("2014", "2017-01-01")]
)
def test_report_bad_start_or_end_is_a_date_error(tiny, start, end):
    with pytest.raises(militnet.DateError):
        militnet.report(tiny, at="2016-07-01", start=start, end=end)


def test_report_end_before_start_is_a_date_error(tiny):
    with pytest.raises(militnet.DateError, match="before"):
        militnet.report(tiny, at="2016-07-01", start="2017-01-01", end="2014-01-01")


@pytest.mark.parametrize("top", [0, -2, 1.5, "3"])
def test_report_bad_top_is_a_militnet_error(tiny, top):
    with pytest.raises(militnet.MilitnetError, match="top"):
        militnet.report(tiny, at="2016-07-01", top=top)


def test_markdown_report_urls_cannot_carry_markup():
    # '<' inside a URL closed the autolink early: Python-Markdown (MkDocs) then read
    # the rest as a raw <img onerror=...> tag
    url = "https://e.org/<img/src=x/onerror=alert(1)//>"
    net = militnet.Network(
        groups=[Group("a", "A", sources="s"), Group("b", "B", sources="s")],
        relations=[Relation("r1", "a", "b", "alliance", start="2010", sources="s")],
        sources=[Source("s", title="t", url=url)],
    )
    md = militnet.report(net, at="2011-01-01")
    ref = next(ln for ln in md.splitlines() if "e.org" in ln)
    assert "<img" not in ref
    assert "<https://e.org/%3Cimg/src=x/onerror=alert(1)//%3E>" in ref
    markdown = pytest.importorskip("markdown")
    assert "<img" not in markdown.markdown(ref)


def test_markdown_escape_folds_every_line_break():
    from militnet._views.report import _md_escape

    assert _md_escape("a\r\nb\rc\u2028d|e") == "a b c d\\|e"


@pytest.fixture(scope="module")
def attested() -> militnet.Network:
    """Ties with known attestation: r1 lapses on 2017-06-01 (attested 2012-06, 5y),
    r2 never lapses (it has an end); r1 rests on a wire report and a group statement."""
    return militnet.Network(
        groups=[Group(g, f"Group {g.upper()}", founded="2000") for g in "abcd"],
        relations=[
            Relation(
                "r1", "a", "b", "alliance", start="2005", last_attested="2012-06", sources="w;st"
            ),
            Relation("r2", "b", "c", "alliance", start="2006", end="2030", sources="w"),
            Relation("r3", "c", "d", "pledge", start="2015", sources="w"),
        ],
        sources=[
            Source("w", title="Wire story", publisher="Wire", date="2016", extra={"kind": "wire"}),
            Source(
                "st",
                title="Statement of A",
                publisher="Group A",
                date="2012-06",
                document="seed/a-statement.pdf",
                extra={"kind": "primary-statement"},
            ),
        ],
        metadata={"name": "attested", "version": "0.1"},
    )


def _rows(text: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in re.finditer(r"^\| (r\d) \|.*$", text, re.M)}


def test_report_lists_attestation_lapses_and_warnings(attested):
    kept = militnet.report(attested, "2018-01-01", policy=TiePolicy(stale_after=None)).replace(
        "\\", ""
    )
    rows = _rows(kept)
    assert "2012-06" in rows["r1"] and "2017-06-01" not in rows["r1"]  # never lapses here
    assert "never (stale_after=None)" in kept
    assert "Warning: 1 of" in kept and "unattested for more than 5 years (r1)" in kept
    lapsing = militnet.report(attested, "2016-01-01").replace("\\", "")
    assert "2017-06-01" in _rows(lapsing)["r1"]  # lapse day under the default 5y
    assert "stale_after='5y'" in lapsing
    after = militnet.report(attested, "2018-01-01")
    assert "r1" not in _rows(after)
    assert "Left out because they had lapsed: 1 more." in after


def test_report_cites_one_decisive_source_and_documents_by_title(attested):
    text = militnet.report(attested, "2016-01-01")
    refs = _reference_ids(text)
    row = re.search(r"^\| r1 \|.*\| \[(\d+)\] \| \[(\d+)\] \|$", text, re.M)
    assert row is not None
    assert refs[int(row.group(1))] == "st"  # a group's statement outranks a wire story
    assert refs[int(row.group(2))] == "w"
    assert "Group A, Statement of A, 2012-06." in text
    assert "a-statement.pdf" not in text


def test_report_carries_robustness_lines_and_how_to_cite(attested):
    text = militnet.report(attested, "2016-01-01", measures=["degree", "betweenness"]).replace(
        "\\", ""
    )
    lines = [ln for ln in text.splitlines() if ln.startswith("Robustness (")]
    assert len(lines) == 2
    assert all("militnet.sensitivity" in ln for ln in lines)
    # the degree line says, variant by variant, what sensitivity computes
    ranks = militnet.sensitivity(attested, "2016-01-01", measure="degree").ranks
    table = text.split("### degree", 1)[1].split("Robustness", 1)[0]
    shown = re.findall(r"^\| (\d+) \| Group \w+ \((\w+)\) \|", table, re.M)
    top = shown[0][1]  # the line is about the table's first group ...
    for rank, gid in shown:  # ... whose ranks are sensitivity's (ties share a rank)
        assert int(rank) == ranks.at[gid, "baseline"], gid
    line = lines[0]
    assert line.startswith(f"Robustness (Group {top.upper()}, 1st by degree")
    stable = line.split("rank stable under ", 1)[1].split(";", 1)[0] if "stable" in line else ""
    for variant in ranks.columns[1:]:
        r = ranks.at[top, variant]
        if r == ranks.at[top, "baseline"]:
            assert f"\u201c{variant}\u201d" in stable, variant
        else:
            assert (
                f"under \u201c{variant}\u201d" in line.split("rank stable", 1)[-1]
                and f"\u201c{variant}\u201d" not in stable
            ), variant
    assert "## How to cite" in text
    cite = text.split("## How to cite", 1)[1].split("##", 1)[0]
    assert attested.content_hash in cite and "stale_after='5y'" in cite
    assert militnet.__version__ in cite


def test_cli_report_stale_after(tmp_path, tiny_dir):
    out = tmp_path / "r.md"
    assert (
        main(
            [
                "report",
                str(tiny_dir),
                "--at",
                "2016-07-01",
                "--stale-after",
                "never",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert "never (stale_after=None)" in out.read_text(encoding="utf-8").replace("\\", "")


def test_equal_values_share_a_rank_and_the_robustness_line_follows_the_table():
    net = militnet.Network(
        groups=[Group(g, f"Group {g.upper()}", founded="2000") for g in "abcde"],
        relations=[
            Relation("r1", "c", "a", "alliance", start="2005", end="2020"),
            Relation("r2", "c", "b", "alliance", start="2005", end="2020"),
            Relation("r3", "d", "e", "alliance", start="2005", end="2020"),
        ],
    )
    text = militnet.report(net, "2010-01-01", measures=["degree"]).replace("\\", "")
    table = text.split("### degree", 1)[1].split("Robustness", 1)[0]
    shown = re.findall(r"^\| (\d+) \| Group \w+ \((\w+)\) \| (\d+) \|", table, re.M)
    assert shown[0] == ("1", "c", "2")
    assert [r for r, _, d in shown[1:]] == ["2"] * 4  # four groups of degree 1 share 2nd
    line = next(ln for ln in text.splitlines() if ln.startswith("Robustness ("))
    assert line.startswith("Robustness (Group C, 1st by degree")
