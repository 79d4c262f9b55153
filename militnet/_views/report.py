"""Citable reports: measures of a snapshot, with the sources behind every tie used.

:func:`report` computes, for one day (and optionally a range of years),
the centrality of the groups, their communities and the structural balance
of the signed network, and writes them as Markdown or HTML with:

- the dataset's name, version and content hash, the day(s), the tie policy
  and every parameter, so the numbers can be recomputed;
- inline citations ``[n]`` next to every number, pointing to the **decisive
  source** of each relation behind it (the strongest by source kind, then
  the most recent: :func:`militnet._core.citation.order_sources`), one per relation;
- a robustness line under every ranking, from :func:`militnet.sensitivity`;
- the attestation of every relation used (last attested, lapse day) and the
  warnings of ``provenance["attestation"]``;
- for a network with events, the events those relations cite (date, kind,
  place, actors, summary and the event's own sources), listed before the
  relations and their prose sources, and an ``events`` column in the
  relations table;
- a table of every relation used, and an appendix with the numbered reference
  list of all the sources behind those relations (and their events) — no
  more, no less;
- a "how to cite" block (dataset, version, hash, policy, militnet version).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from militnet._core.errors import ArgumentError
from militnet._core.escape import md_escape
from militnet._core.model import is_web_url, split_list
from militnet._core.policy import TiePolicy, tie_policy
from militnet._engine.measures import DEFAULT_MEASURES

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["report"]


# -- a small document model, rendered as Markdown or HTML ----------------------------
@dataclass(frozen=True)
class _Cite:
    numbers: tuple[int, ...]


Cell = str | _Cite | list[Any]


@dataclass
class _Doc:
    blocks: list[tuple[str, Any]] = field(default_factory=list)

    def h(self, level: int, text: str) -> None:
        self.blocks.append((f"h{level}", text))

    def p(self, *parts: Cell) -> None:
        self.blocks.append(("p", list(parts)))

    def table(self, header: list[str], rows: list[list[Cell]]) -> None:
        self.blocks.append(("table", (header, rows)))

    def refs(self, items: list[tuple[int, str, str, str]]) -> None:
        self.blocks.append(("refs", items))


class _Citer:
    """Numbers sources in order of first citation; cites each relation by its
    decisive source (the first of :func:`~militnet._core.citation.order_sources`)."""

    def __init__(self, net: Network) -> None:
        from militnet._core.citation import order_sources

        self.net = net
        sources = net.sources
        self.rel_sources = {
            str(rid): order_sources(split_list(str(s)), sources)
            for rid, s in net.relations["sources"].items()
        }
        self.number: dict[str, int] = {}

    def _num(self, sid: str) -> int:
        if sid not in self.number:
            self.number[sid] = len(self.number) + 1
        return self.number[sid]

    def cite(self, relation_ids: Iterable[str]) -> _Cite:
        """The decisive source of each relation (one per relation)."""
        nums = {
            self._num(self.rel_sources[rid][0])
            for rid in sorted(set(relation_ids))
            if self.rel_sources[rid]
        }
        return _Cite(tuple(sorted(nums)))

    def cite_sources(self, source_ids: Iterable[str]) -> _Cite:
        """Sources by id (an event's own sources), in the order given."""
        return _Cite(tuple(sorted({self._num(sid) for sid in source_ids})))

    def cite_others(self, rid: str) -> _Cite:
        """The relation's other sources (after its decisive one)."""
        return _Cite(tuple(sorted({self._num(sid) for sid in self.rel_sources[rid][1:]})))


def _md_escape(text: str) -> str:
    """Text that renders as itself, never as markup (:func:`militnet._core.escape.md_escape`)."""
    return md_escape(text)


def _md_code(text: str) -> str:
    """A code span holding ``text`` literally: the fence is longer than any run of
    backticks inside, so a backtick cannot close it early."""
    body = " ".join(str(text).splitlines())
    fence = "`" * (max((len(r) for r in re.findall("`+", body)), default=0) + 1)
    pad = " " if body[:1] == "`" or body[-1:] == "`" or not body.strip() else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def _md_url(url: str) -> str:
    """A URL for a Markdown autolink ``<...>``: characters that could end the link
    early or leave the rest to be read as raw HTML are percent-encoded."""
    for ch, code in (
        ("<", "%3C"),
        (">", "%3E"),
        (" ", "%20"),
        ('"', "%22"),
        ("`", "%60"),
        ("\\", "%5C"),
        ("\n", "%0A"),
        ("\r", "%0D"),
    ):
        url = url.replace(ch, code)
    return url


def _md_cell(cell: Cell) -> str:
    if isinstance(cell, _Cite):
        return ("[" + ", ".join(str(n) for n in cell.numbers) + "]") if cell.numbers else ""
    if isinstance(cell, list):
        return " ".join(x for x in (_md_cell(c) for c in cell) if x)
    return _md_escape(cell)


def _html_cell(cell: Cell) -> str:
    if isinstance(cell, _Cite):
        if not cell.numbers:
            return ""
        links = ", ".join(f'<a href="#ref-{n}">{n}</a>' for n in cell.numbers)
        return f'<span class="cite">[{links}]</span>'
    if isinstance(cell, list):
        return " ".join(x for x in (_html_cell(c) for c in cell) if x)
    return html.escape(str(cell))


def _render_markdown(doc: _Doc) -> str:
    out: list[str] = []
    for kind, body in doc.blocks:
        if kind.startswith("h"):
            out.append("#" * int(kind[1]) + " " + _md_escape(body))
        elif kind == "p":
            out.append(_md_cell(body))
        elif kind == "table":
            header, rows = body
            out.append("| " + " | ".join(_md_escape(h) for h in header) + " |")
            out.append("|" + "|".join(" --- " for _ in header) + "|")
            out.extend("| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows)
        elif kind == "refs":
            out.extend(
                f'{n}. <a id="ref-{n}"></a>{_md_escape(text)}'
                + (f" <{_md_url(url)}>" if url else "")
                + f" ({_md_code(sid)})"
                for n, sid, text, url in body
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
    "padding:0 1rem;line-height:1.45;color:#222}table{border-collapse:collapse;"
    "margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;"
    "text-align:left;vertical-align:top}th{background:#f3f3f3}.cite{color:#555}"
    "code{font-size:.9em}"
)


def _render_html(doc: _Doc, title: str) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
    ]
    for kind, body in doc.blocks:
        if kind.startswith("h"):
            out.append(f"<{kind}>{html.escape(body)}</{kind}>")
        elif kind == "p":
            out.append(f"<p>{_html_cell(body)}</p>")
        elif kind == "table":
            header, rows = body
            out.append(
                "<table><thead><tr>"
                + "".join(f"<th>{html.escape(h)}</th>" for h in header)
                + "</tr></thead>"
            )
            out.append("<tbody>")
            out.extend(
                "<tr>" + "".join(f"<td>{_html_cell(c)}</td>" for c in row) + "</tr>" for row in rows
            )
            out.append("</tbody></table>")
        elif kind == "refs":
            out.append("<ol>")
            out.extend(
                f'<li id="ref-{n}">{html.escape(text)} '
                + (f'<a href="{html.escape(url)}">{html.escape(url)}</a> ' if url else "")
                + f"(<code>{html.escape(sid)}</code>)</li>"
                for n, sid, text, url in body
            )
            out.append("</ol>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


# -- the report -------------------------------------------------------------------
def _fmt(value: float) -> str:
    """A measure to 4 significant digits, ``n/a`` for NaN."""
    if value != value:  # nan
        return "n/a"
    return f"{value:.4g}"


def _source_text(row: dict[str, str]) -> tuple[str, str]:
    """``publisher, title, date.`` and the URL (``""`` if none).

    A seed or provided document is cited as a document (publisher, title,
    date); its file name appears only when the source has no title.
    """
    parts = [
        p
        for p in (row.get("publisher", ""), row.get("title", ""), row.get("date", ""))
        if p.strip()
    ]
    doc = row.get("document", "").strip()
    if not row.get("title", "").strip() and doc:
        parts.append(f"document {doc}")
    text = (", ".join(parts) or "(untitled source)") + "."
    url = row.get("url", "").strip()
    return text, url if is_web_url(url) else ""


def _group_label(names: dict[str, str], gid: str) -> str:
    """``name (id)`` of a group."""
    return f"{names.get(gid, gid)} ({gid})"


def report(
    net: Network,
    at: Any,
    *,
    start: Any = None,
    end: Any = None,
    policy: TiePolicy | None = None,
    measures: Iterable[str] | str = DEFAULT_MEASURES,
    top: int = 5,
    seed: int | None = 0,
    method: str = "louvain",
    format: str = "markdown",
) -> str:
    """A citable report of the network on a day: measures, communities, balance, sources.

    Every number comes with inline citations ``[n]`` to the sources of the
    relations behind it, and the reference list holds exactly the sources of
    the relations used (listed in a table), numbered in order of first
    citation. The header records the dataset (name, version, content hash),
    the day(s), the tie policy and all parameters, so that anyone can
    recompute the numbers.

    Parameters
    ----------
    net : Network
        The network.
    at : date
        The day of the snapshot (``"2016-01-01"``).
    start, end : date, optional
        Also tabulate the measures of the top groups on 1 January of every
        year from ``start`` to ``end`` (both needed).
    policy : TiePolicy or None
        Which relations are ties (default ``None``: ``TiePolicy()``, alliance
        and pledge). Resolved here, once; every section below uses this
        policy. Structural balance always adds rivalries as negative ties
        (the policy with ``signed=True``).
    measures : str or iterable of str
        Centrality measures (see :func:`militnet.centrality`).
    top : int
        Groups listed per measure.
    seed : int or None
        Seed of community detection and sampled measures (``None``: unseeded).
    method : str
        Community detection method (see :func:`militnet.communities`).
    format : {"markdown", "html"}
        Output format. HTML is a standalone page; every value from the data
        is escaped.

    Returns
    -------
    str
        The report.

    Examples
    --------
    >>> import militnet
    >>> net = militnet.load_dataset("afpak")
    >>> text = militnet.report(net, at="2016-01-01")
    >>> print(text.splitlines()[0])
    # militnet report: ...
    >>> net.content_hash in text and "## References" in text
    True
    """
    import dataclasses

    from militnet._algorithms.centrality import check_measures
    from militnet._core.version import __version__

    start, end = _check_arguments(format, start, end, top)
    pol = tie_policy(policy, {}, call="militnet.report")
    sel = check_measures(measures)
    signed = dataclasses.replace(pol, signed=True)
    names = {str(k): str(v) for k, v in net.groups["name"].items()}
    citer = _Citer(net)

    T = net.tie_graph(at, pol)
    day = T.graph["date"]
    rels_of = _relations_by_group(T)
    used = _tie_relations(T)

    name = str(net.metadata.get("title") or net.name or "network")
    title = f"militnet report: {name}, {day}"
    doc = _Doc()
    doc.h(1, title)
    _settings(doc, net, day, (start, end), pol, sel, method, seed, __version__)
    _overview(doc, net, T, day, len(used))
    _how_to_cite(doc, net, pol, __version__)
    top_groups = _centrality_tables(doc, net, day, pol, sel, top, names, rels_of, citer)
    _communities(doc, net, T, pol, method, seed, names, rels_of, citer)
    used |= _balance(doc, net, day, signed, names, citer)
    years = (
        _over_time(doc, net, (start, end), pol, sel, seed, top_groups, names)
        if start is not None
        else []
    )
    for d in years:
        used |= _tie_relations(net.tie_graph(d, pol))
    _attestation(doc, net, [day, *(d.date() for d in years)], pol, signed)
    _events_used(doc, net, sorted(used), names, citer)
    _relations_used(doc, net, sorted(used), pol, names, citer)
    _references(doc, net, citer)
    return _render_html(doc, title) if format == "html" else _render_markdown(doc)


def _check_arguments(format: str, start: Any, end: Any, top: Any) -> tuple[Any, Any]:
    """Reject bad arguments of :func:`report`; ``start`` and ``end`` as days."""
    if format not in ("markdown", "html"):
        raise ArgumentError(f"format must be 'markdown' or 'html', got {format!r}")
    if (start is None) != (end is None):
        raise ArgumentError("give both start and end, or neither")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ArgumentError(f"top must be a positive integer, got {top!r}")
    if start is not None:
        from militnet._core.dates import as_day
        from militnet._core.errors import DateError

        start, end = as_day(start), as_day(end)
        if end < start:
            raise DateError(f"end {end} is before start {start}")
    return start, end


def _relations_by_group(T: Any) -> dict[str, set[str]]:
    """The relations behind each group's ties in the tie graph ``T``."""
    rels_of: dict[str, set[str]] = {g: set() for g in T.nodes}
    for u, v, d in T.edges(data=True):
        rels_of[u].update(d["relations"])
        rels_of[v].update(d["relations"])
    return rels_of


def _tie_relations(T: Any) -> set[str]:
    """All the relations behind the ties of the tie graph ``T``."""
    return {r for *_, d in T.edges(data=True) for r in d["relations"]}


def _settings(
    doc: _Doc,
    net: Network,
    day: Any,
    years: tuple[Any, Any],
    pol: TiePolicy,
    sel: tuple[str, ...],
    method: str,
    seed: int | None,
    version: str,
) -> None:
    """The "Data and settings" table: dataset, day(s), policy and every parameter."""
    start, end = years
    rows: list[list[Cell]] = [
        ["dataset", net.name or "(unnamed)"],
        ["version", net.version or "(none)"],
        ["content hash", f"sha256:{net.content_hash}"],
        ["day", day],
    ]
    if start is not None:
        rows.append(["years", f"{start} to {end} (1 January of each year)"])
    rows += [
        ["tie types", ", ".join(pol.types)],
        ["minimum confidence", pol.min_confidence],
        ["tie weight", pol.weight],
        ["date policy", pol.date_policy],
        ["undated relations", pol.undated],
        [
            "ties lapse",
            f"after {pol.stale_after} without attestation (stale_after='{pol.stale_after}')"
            if pol.stale_after
            else "never (stale_after=None)",
        ],
        ["measures", ", ".join(sel)],
        ["communities", f"{method}, seed {seed}"],
        ["balance", "the same policy, signed: rivalries are negative ties"],
        ["software", f"militnet {version}"],
    ]
    doc.h(2, "Data and settings")
    doc.table(["setting", "value"], rows)


def _overview(doc: _Doc, net: Network, T: Any, day: Any, n_used: int) -> None:
    """The dataset's own citation, if any, and what the day's tie graph rests on."""
    cite = net.metadata.get("citation")
    if cite:
        doc.p(f"Cite the dataset as: {cite}")
    doc.p(
        f"On {day}, {T.number_of_nodes()} groups were alive and {T.number_of_edges()} ties "
        f"(pairs of groups) rested on {n_used} active relations of the policy's types. "
        f"Numbers in brackets cite the decisive source of each relation behind a value (the "
        f"strongest by kind, then the most recent); every relation used is listed under "
        f"'Relations used' with its attestation, and all its sources are in the appendix."
    )


def _centrality_tables(
    doc: _Doc,
    net: Network,
    day: Any,
    pol: TiePolicy,
    sel: tuple[str, ...],
    top: int,
    names: dict[str, str],
    rels_of: dict[str, set[str]],
    citer: _Citer,
) -> list[str]:
    """The top groups of each measure, cited, with a robustness line; returns them in order."""
    from militnet._algorithms.reliance import alleged_reliance, without_alleged

    scores = tuple(m for m in sel if m != "community")
    cen = alleged_reliance(net, day, measures=scores, policy=pol)
    counts_alleged = without_alleged(pol) is not pol
    doc.h(2, "Centrality")
    doc.p(
        "The groups with the highest value of each measure on the tie graph of the day "
        "(ties: "
        + ", ".join(pol.types)
        + "), with the sources of their ties."
        + (
            " *Alleged ties* counts the group's ties held only by alleged relations; "
            "*resting on them* is the share of the value lost when they are left out."
            if counts_alleged
            else _alleged_left_out(net, day, pol)
        )
    )
    top_groups: list[str] = []
    for m in scores:
        col = cen[m].sort_values(ascending=False, kind="stable").head(top)
        # equal values share a rank (1, 1, 3), as militnet.sensitivity ranks them
        rank = cen[m].rank(ascending=False, method="min")
        doc.h(3, m)
        rows: list[list[Cell]] = []
        for gid, val in col.items():
            gid = str(gid)
            top_groups.append(gid)
            rows.append(
                [
                    str(int(rank[gid])),
                    _group_label(names, gid),
                    _fmt(float(val)),
                    *(
                        [
                            f"{cen['alleged_ties'][gid]} of {cen['ties'][gid]}",
                            f"{100 * cen[f'{m}_alleged_share'][gid]:.0f} %",
                        ]
                        if counts_alleged
                        else []
                    ),
                    str(len(rels_of.get(gid, ()))),
                    citer.cite(rels_of.get(gid, ())),
                ]
            )
        head = ["rank", "group", m]
        if counts_alleged:
            head += ["alleged ties", "resting on them"]
        doc.table([*head, "relations", "sources"], rows)
        line = _robustness_line(net, day, m, pol, names, top, str(col.index[0])) if len(col) else ""
        if line:
            doc.p(line)
    return top_groups


def _alleged_left_out(net: Network, day: Any, pol: TiePolicy) -> str:
    """The sentence saying how many alleged relations of the day the policy leaves out."""
    from militnet._algorithms.reliance import alleged_left_out

    if pol.min_confidence == "confirmed":
        return " Only confirmed relations count (tie policy)."
    n = alleged_left_out(net, day, pol)
    if not n:
        return " No alleged relation is active on the day."
    return (
        f" {n} alleged relation{'s' if n != 1 else ''} active on the day "
        f"{'are' if n != 1 else 'is'} left out by the tie policy (the default); with "
        'min_confidence="alleged" the table says how much of each value rests on them.'
    )


def _communities(
    doc: _Doc,
    net: Network,
    T: Any,
    pol: TiePolicy,
    method: str,
    seed: int | None,
    names: dict[str, str],
    rels_of: dict[str, set[str]],
    citer: _Citer,
) -> None:
    """The communities of the day, each with the relations inside it, cited."""
    from militnet._algorithms.communities import communities

    day = T.graph["date"]
    cm = communities(net, day, method=method, seed=seed, policy=pol)
    doc.h(2, "Communities")
    q = cm.attrs.get("modularity", float("nan"))
    doc.p(
        f"{cm['community'].nunique()} communities ({method}, seed {seed}); modularity "
        f"{_fmt(float(q))}. Groups without ties form communities of their own and are "
        f"listed together."
    )
    rows: list[list[Cell]] = []
    singles: list[str] = []
    for label, members in cm.groupby("community", sort=True):
        ids = [str(g) for g in members.index]
        if len(ids) == 1 and not rels_of.get(ids[0]):
            singles.append(ids[0])
            continue
        inside = {
            r for g in ids for r in rels_of.get(g, ()) if all(x in ids for x in _ends(T, r, g))
        }
        rows.append(
            [
                str(int(str(label)) + 1),
                ", ".join(names.get(g, g) for g in ids),
                str(len(inside)),
                citer.cite(inside),
            ]
        )
    doc.table(["community", "groups", "relations inside", "sources"], rows)
    if singles:
        doc.p("Without ties on the day: " + ", ".join(names.get(g, g) for g in singles) + ".")


def _balance(
    doc: _Doc, net: Network, day: Any, signed: TiePolicy, names: dict[str, str], citer: _Citer
) -> set[str]:
    """Structural balance of the signed ties, cited; returns the relations it used."""
    from militnet._algorithms.balance import balance

    bal = balance(net, day, policy=signed)
    doc.h(2, "Structural balance")
    signed_used = _tie_relations(net.tie_graph(day, signed))
    doc.p(
        f"Signed ties (cooperation +, rivalry −) on {day}: {bal.balanced} balanced and "
        f"{bal.unbalanced} unbalanced triangles, {bal.ambiguous} ambiguous; share balanced "
        f"{_fmt(bal.share)}. Patterns: "
        + ", ".join(f"{k} {v}" for k, v in bal.patterns.items())
        + ". Based on "
        f"{len(signed_used)} relations",
        citer.cite(signed_used),
        ".",
    )
    tri = bal.unbalanced_triads
    if len(tri):
        rows: list[list[Cell]] = []
        for rec in tri.to_dict("records"):
            rids = [
                r
                for k in ("relations_ab", "relations_bc", "relations_ac")
                for r in split_list(str(rec[k]))
            ]
            rows.append(
                [
                    ", ".join(names.get(str(rec[k]), str(rec[k])) for k in "abc"),
                    str(rec["pattern"]),
                    ", ".join(rids),
                    citer.cite(rids),
                ]
            )
        doc.table(["groups", "pattern", "relations", "sources"], rows)
    return signed_used


def _over_time(
    doc: _Doc,
    net: Network,
    years: tuple[Any, Any],
    pol: TiePolicy,
    sel: tuple[str, ...],
    seed: int | None,
    top_groups: list[str],
    names: dict[str, str],
) -> list[pd.Timestamp]:
    """The measures of the top groups on 1 January of each year; returns those days."""
    import pandas as pd

    start, end = years
    days = pd.date_range(start, end, freq="YS")
    if len(days) == 0:
        raise ArgumentError(f"no 1 January between {start} and {end}")
    series = net.series(dates=list(days), measures=sel, policy=pol, seed=seed)
    doc.h(2, "Over time")
    chosen = list(dict.fromkeys(top_groups))
    for m in sel:
        wide = series[series["measure"] == m].pivot(index="date", columns="group", values="value")
        doc.h(3, m)
        cols = [g for g in chosen if g in wide.columns]
        rows: list[list[Cell]] = [
            [
                d.date().isoformat(),
                *[_fmt(float(str(wide.at[d, g]))) if d in wide.index else "n/a" for g in cols],
            ]
            for d in days
        ]
        doc.table(["date"] + [names.get(g, g) for g in cols], rows)
    doc.p(
        "A group not alive on a date has no value (n/a). The relations behind these "
        "values are listed below with the others."
    )
    return list(days)


def _references(doc: _Doc, net: Network, citer: _Citer) -> None:
    """The appendix: every cited source, numbered in order of first citation."""
    doc.h(2, "References (appendix)")
    src = net.sources
    items = []
    for sid, n in sorted(citer.number.items(), key=lambda kv: kv[1]):
        row = src.loc[sid].to_dict() if sid in src.index else {}
        items.append((n, sid, *_source_text({str(k): str(v) for k, v in row.items()})))
    doc.refs(items)


def _how_to_cite(doc: _Doc, net: Network, pol: TiePolicy, version: str) -> None:
    """The "How to cite" block: dataset, version, hash, policy and militnet version."""
    doc.h(2, "How to cite")
    policy = ", ".join(f"{k}={v!r}" for k, v in pol.to_dict().items())
    name = net.name or "(unnamed dataset)"
    doc.p(
        f"{name} dataset, version {net.version or '(none)'}, sha256:{net.content_hash}; "
        f"tie policy TiePolicy({policy}); computed with militnet {version}."
    )


def _ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``, ... ``11th``, ``21st``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _robustness_line(
    net: Network, day: Any, measure: str, pol: TiePolicy, names: dict[str, str], top: int, gid: str
) -> str:
    """How the rank of ``gid`` (the first row of the measure's table) fares under
    :func:`militnet.sensitivity`'s variants."""
    from militnet._algorithms.centrality import MEASURES
    from militnet._algorithms.sensitivity import sensitivity

    if measure not in MEASURES or measure == "community":
        return ""
    res = sensitivity(net, day, measure=measure, policy=pol, top=top)
    ranks = res.ranks
    if ranks.empty or "baseline" not in ranks.columns:
        return ""
    base = ranks["baseline"].dropna()
    if gid not in base.index:
        return ""
    r0 = int(base.loc[gid])
    stable: list[str] = []
    moved: list[str] = []
    for v in ranks.columns[1:]:
        r = float(str(ranks.at[gid, v]))
        if r != r:  # NaN: absent from the variant's snapshot
            moved.append(f"absent under \u201c{v}\u201d")
        elif int(r) == r0:
            stable.append(str(v))
        else:
            moved.append(
                f"{'drops' if int(r) > r0 else 'rises'} to {_ordinal(int(r))} under \u201c{v}\u201d"
            )
    parts = []
    if stable:
        parts.append("rank stable under " + ", ".join(f"\u201c{v}\u201d" for v in stable))
    parts += moved
    overlap = res.summary["top_overlap"].drop("baseline", errors="ignore").dropna()
    tail = (
        f" Top-{top} overlap with the baseline: at least {_fmt(float(overlap.min()))}."
        if len(overlap)
        else ""
    )
    return (
        f"Robustness ({names.get(gid, gid)}, {_ordinal(r0)} by {measure}; "
        f"militnet.sensitivity): " + "; ".join(parts) + "." + tail
    )


def _attestation(
    doc: _Doc, net: Network, dates: list[Any], pol: TiePolicy, signed: TiePolicy
) -> None:
    """Lapsed, stale and undated relations on the day(s), and the attestation warnings."""
    from militnet._engine.attestation import attestation_summary

    doc.h(2, "Attestation")
    summary = attestation_summary(net, dates, pol)
    lapse = (
        f"ties lapse {pol.stale_after} after their last attestation (or start)"
        if pol.stale_after
        else "ties never lapse (stale_after=None)"
    )
    doc.p(
        f"Under this policy {lapse}. Relations active on the day(s): "
        f"{summary['active']}, of which {summary['stale']} unattested for more than 5 "
        f"years and {summary['undated']} with no date at all. Left out because they "
        f"had lapsed: {summary['lapsed']} more."
    )
    warnings = list(summary["warnings"])
    for w in attestation_summary(net, dates, signed)["warnings"]:
        if w not in warnings:
            warnings.append(f"{w} (signed ties, structural balance)")
    for w in warnings:
        doc.p("Warning: " + w + ".")
    if not warnings:
        doc.p("No attestation warnings.")


def _relations_used(
    doc: _Doc, net: Network, used: list[str], pol: TiePolicy, names: dict[str, str], citer: _Citer
) -> None:
    """The table of every relation used, with its attestation and its sources, cited."""
    from militnet._algorithms.event_details import event_infos, relation_events
    from militnet._engine.attestation import lapse_dates

    rel = net.relations
    lapses = lapse_dates(net, pol)
    infos = event_infos(net)
    cited = relation_events(net, infos)
    doc.h(2, "Relations used")
    rows: list[list[Cell]] = []
    for rid in used:
        r = {k: str(v) for k, v in rel.loc[rid].to_dict().items()}
        attested = r.get("last_attested", "") or ("" if r["end"] else "(not recorded)")
        lapse = lapses.get(rid, "") or ("" if r["end"] else "never")
        rows.append(
            [
                rid,
                r["type"],
                _group_label(names, r["source"]),
                _group_label(names, r["target"]),
                r["start"] or "(undocumented)",
                r["end"] or "",
                attested,
                lapse,
                r["confidence"],
                *(
                    [", ".join(f"{e} ({infos[e].when})" for e in cited.get(rid, ()))]
                    if net.has_events
                    else []
                ),
                citer.cite([rid]),
                citer.cite_others(rid),
            ]
        )
    doc.table(
        [
            "relation",
            "type",
            "source",
            "target",
            "start",
            "end",
            "last attested",
            "lapses on",
            "confidence",
            *(["events"] if net.has_events else []),
            "decisive source",
            "other sources",
        ],
        rows,
    )


def _events_used(
    doc: _Doc, net: Network, used: list[str], names: dict[str, str], citer: _Citer
) -> None:
    """The events the relations used cite (evidence before prose), each with its own
    sources, cited; nothing for a network without events."""
    from militnet._algorithms.event_details import event_infos, relation_events

    if not net.has_events:
        return
    infos = event_infos(net)
    cited = relation_events(net, infos)
    by_event: dict[str, list[str]] = {}
    for rid in used:
        for e in cited.get(rid, ()):
            by_event.setdefault(e, []).append(rid)
    doc.h(2, "Events behind the ties")
    if not by_event:
        doc.p("None of the relations used cites an event.")
        return
    doc.p(
        f"{len(by_event)} events are cited by the relations used: what the sources report "
        f"(attacks, claims, clashes, pledges, statements), in date order, with who took part "
        f"in which role and the event's own sources. A relation's last event also attests it."
    )
    rows: list[list[Cell]] = []
    for e in sorted(by_event, key=list(infos).index):
        info = infos[e]
        rows.append(
            [
                e,
                info.when or "(undated)",
                info.kind,
                info.place,
                info.roles_text(names),
                info.summary,
                ", ".join(by_event[e]),
                citer.cite_sources(info.sources),
            ]
        )
    doc.table(["event", "date", "kind", "place", "actors", "summary", "relations", "sources"], rows)


def _ends(T: Any, rid: str, g: str) -> tuple[str, ...]:
    """The two groups of a relation in the tie graph (looked up from ``g``'s ties)."""
    for nb, d in T[g].items():
        if rid in d["relations"]:
            return (g, nb)
    return (g,)
