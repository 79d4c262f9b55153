"""A hostile Markdown report, rendered by CommonMark (markdown-it-py) and
Python-Markdown, shows no live element and runs no script in headless Chromium."""

from __future__ import annotations

import shutil

import pytest

import militnet
from militnet import Group, Relation, Source

markdown_it = pytest.importorskip("markdown_it")
markdown = pytest.importorskip("markdown")
sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH"),
]

PAYLOADS = [
    "<img src=x onerror=window.__pwned=1>",
    "`<img src=x onerror=window.__pwned=1>`",
    "``<script>window.__pwned=1</script>``",
    "[x](javascript:window.__pwned=1)",
    "<a href='javascript:window.__pwned=1'>y</a>",
    "&lt;script&gt;",
    "\\<b>z</b>",
    "<svg/onload=window.__pwned=1>",
    '![i](x" onerror="window.__pwned=1)',
    "<!-- c --><iframe src=javascript:window.__pwned=1>",
    "*a*|b|`c",
]


SID = 's`<img src=x onerror="window.__pwned=1">`'
PAYLOADS.append('<img src=x onerror="window.__pwned=1">')


def hostile_report() -> str:
    bad = " ".join(PAYLOADS)
    net = militnet.Network(
        groups=[Group("a", bad, sources=SID), Group("b", "B " + bad, sources=SID)],
        relations=[Relation("r1", "a", "b", "alliance", start="2010", evidence=bad, sources=SID)],
        sources=[
            Source(SID, title=bad, url='https://example.org/?q="onmouseover=window.__pwned=1')
        ],
        metadata={"name": bad, "title": bad},
    )
    return militnet.report(net, at="2011-01-01")


# the only elements a report may produce
ALLOWED = {
    "html",
    "head",
    "body",
    "h1",
    "h2",
    "h3",
    "p",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ol",
    "li",
    "a",
    "code",
    "em",
    "strong",
    "br",
    "hr",
    "ul",
}


def test_hostile_markdown_report_is_inert_in_chromium():
    md = hostile_report()
    pages = {
        "commonmark": markdown_it.MarkdownIt("commonmark").enable("table").render(md),
        "python-markdown": markdown.markdown(md, extensions=["tables"]),
    }
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for name, body in pages.items():
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort())  # nothing leaves
                page.set_content(f"<!DOCTYPE html><html><body>{body}</body></html>")
                page.wait_for_timeout(300)
                assert page.evaluate("window.__pwned") is None, name
                tags = set(
                    page.evaluate("[...document.querySelectorAll('*')].map(e => e.localName)")
                )
                assert tags <= ALLOWED, (name, tags - ALLOWED)
                bad_attrs = page.evaluate(
                    "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
                    ".filter(a => a.name.startsWith('on') || /^\\s*javascript:/i"
                    ".test(a.value)).map(a => e.localName + ' ' + a.name))"
                )
                assert bad_attrs == [], (name, bad_attrs)
                assert "onerror" in page.inner_text("body")  # shown as text
                page.close()
        finally:
            browser.close()
