"""Citable reports: the numbers are militnet's, and the references are exactly the
sources of the relations used."""

from __future__ import annotations

import re

import pytest

import militnet
from militnet import Group, Relation, Source, TiePolicy
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
    used |= {r for *_, d in tiny.ties(at, TiePolicy(signed=True)).edges(data=True)
             for r in d["relations"]}
    refs = _reference_ids(text)
    assert set(refs.values()) == _sources_of(tiny, used)
    assert sorted(refs) == list(range(1, len(refs) + 1))
    table = text.split("## Relations used", 1)[1].split("## References", 1)[0]
    assert set(re.findall(r"^\| (r\d+) \|", table, re.M)) == used


def test_centrality_rows_match_militnet_and_cite_their_ties(tiny):
    text = militnet.report(tiny, at="2016-07-01", measures=["degree"], top=3)
    refs = _reference_ids(text)
    deg = militnet.centrality(tiny, at="2016-07-01", measures="degree")["degree"]
    T = tiny.ties("2016-07-01")
    section = text.split("### degree", 1)[1].split("## Communities", 1)[0]
    rows = re.findall(r"^\| (\d) \| .* \((\S+)\) \| (\S+) \| (\d+) \| (.*) \|$", section, re.M)
    assert len(rows) == 3
    for _rank, gid, value, n_rel, cites in rows:
        assert float(value) == pytest.approx(deg[gid], rel=1e-3)
        rids = {r for _, _, d in T.edges(gid, data=True) for r in d["relations"]}
        assert int(n_rel) == len(rids)
        cited = {refs[int(n)] for n in re.findall(r"\d+", cites)}
        assert cited == _sources_of(tiny, rids)


def test_report_header_records_data_and_policy(tiny):
    pol = TiePolicy(types=("alliance",), min_confidence="reported", date_policy="lenient")
    text = militnet.report(tiny, at="2016-07-01", policy=pol, seed=3)
    assert f"sha256:{tiny.content_hash}" in text
    for needle in ("| version | 1.0 |", "| day | 2016-07-01 |", "| tie types | alliance |",
                   "| minimum confidence | reported |", "| date policy | lenient |",
                   "louvain, seed 3"):
        assert needle in text
    assert text == militnet.report(tiny, at="2016-07-01", policy=pol, seed=3)


def test_report_over_time_tabulates_each_year(tiny):
    text = militnet.report(tiny, at="2016-07-01", start="2014-01-01", end="2017-01-01",
                           measures=["degree"])
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
        metadata={"name": "x", "title": bad})
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
    assert main(["report", str(tiny_dir), "--at", "2016-07-01", "--start", "2015-01-01",
                 "--end", "2016-01-01", "--types", "alliance,pledge,split",
                 "-o", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "| tie types |" not in page
    assert "alliance, pledge, split" in page and "Over time" in page
    with pytest.raises(SystemExit):
        main(["report", str(tiny_dir), "--at", "2016-07-01", "--start", "2015-01-01"])
    assert main(["report", str(tiny_dir), "--at", "2016"]) == 1


@pytest.mark.parametrize("start, end", [("garbage", "2017-01-01"), ("2014-01-01", "2017-13-01"),
                                        ("2014", "2017-01-01")])
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
        sources=[Source("s", title="t", url=url)])
    md = militnet.report(net, at="2011-01-01")
    ref = next(ln for ln in md.splitlines() if "e.org" in ln)
    assert "<img" not in ref
    assert "<https://e.org/%3Cimg/src=x/onerror=alert(1)//%3E>" in ref
    markdown = pytest.importorskip("markdown")
    assert "<img" not in markdown.markdown(ref)


def test_markdown_escape_folds_every_line_break():
    from militnet._report import _md_escape

    assert _md_escape("a\r\nb\rc\u2028d|e") == "a b c d\\|e"
