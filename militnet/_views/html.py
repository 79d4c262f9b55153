"""One self-contained, offline HTML file: the network over time, in a browser.

:func:`render_html` turns a :class:`~militnet.Network` into a single HTML page
with vis-network's script and styles inlined (from the installed ``pyvis``
package), the data as JSON, a time control, a legend, a details panel and a
search box. Nothing is fetched from the network: no CDN, no fonts, no images
by URL; a Content-Security-Policy allows only the page's own scripts (by hash)
and ``data:`` images.

What is visible on a date is computed as :meth:`Network.at` computes it: the
day-number bounds of every group and relation are taken from the same
:class:`~militnet._engine.snapshot.TimeIndex` (both sides of every partial date), and
the page picks the sides of the chosen date policy from
:data:`~militnet.DATE_POLICIES` and compares integers.

Data are untrusted: they travel only as JSON inside
``<script type="application/json">`` (with ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped), and the page puts them in the document only as text
(``textContent``) or, for source URLs that are ``http``/``https``, as a checked
``href`` attribute. Nothing is ever parsed as HTML.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import html
import json
import math
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from militnet._algorithms.lineage import families
from militnet._core.checks import check_int, check_seed
from militnet._core.dates import DATE_POLICIES, PartialDate, as_day
from militnet._core.dates import EPOCH_ORDINAL as _EPOCH
from militnet._core.errors import ArgumentError, MissingDependencyError
from militnet._core.model import CONFIDENCE_LEVELS, RELATION_TYPES, is_web_url, split_list
from militnet._core.names import search_table
from militnet._core.policy import (
    ALL_TYPES,
    STALE_WARNING_MONTHS,
    TieKeywords,
    TiePolicy,
    check_stale_after,
    format_months,
    pop_loose,
    tie_policy,
)
from militnet._core.schema import LIST_COLUMNS

if TYPE_CHECKING:
    import networkx as nx

    from militnet._classes.network import Network

__all__ = [
    "COLOR_BY_COMMUNITY",
    "LAPSE_CHOICES",
    "MAX_RELATIONS",
    "SIZE_MEASURES",
    "STEPS",
    "HtmlView",
    "render_html",
    "write_html",
]

#: Lapse thresholds offered by the page's "ties lapse after" menu (besides
#: "never"); the opening ``stale_after`` is added when it is not one of them.
LAPSE_CHOICES: tuple[str, ...] = ("3y", "5y", "10y")

#: Slider steps.
STEPS: tuple[str, ...] = ("year", "month", "day")

#: Above this many relations the page shows a filtered view (``max_relations``):
#: the top groups by the size measure, as many as keep their relations among
#: themselves within it; the header says so. A slider step stays interactive
#: (about 100 ms in headless Chromium) up to about this size.
MAX_RELATIONS = 20_000

#: Node size measures: ``"degree"`` is the number of relations shown on the
#: date on screen (it changes as time moves); ``"total_degree"`` the number of
#: relations of the group over the whole dataset; ``"betweenness"``,
#: ``"eigenvector"`` and ``"pagerank"`` come from :func:`militnet.centrality` on
#: the date the page opens at (alliance and pledge ties under the
#: opening confidence, date policy and undated options); ``"none"`` is a fixed size.
SIZE_MEASURES: tuple[str, ...] = (
    "degree",
    "total_degree",
    "betweenness",
    "eigenvector",
    "pagerank",
    "none",
)
_CENTRALITY_SIZES = ("betweenness", "eigenvector", "pagerank")

#: ``color_by`` value that colours nodes by community (Louvain communities on
#: the opening date, :func:`militnet.communities`); any other value names a
#: group column.
COLOR_BY_COMMUNITY = "community"

_LIST_COLUMNS = LIST_COLUMNS["groups"]
_GROUP_FIELDS = (
    "name",
    "aliases",
    "founded",
    "ended",
    "orientation",
    "country",
    "notes",
    "sources",
)
_RELATION_FIELDS = (
    "source",
    "target",
    "type",
    "start",
    "end",
    "last_attested",
    "confidence",
    "evidence",
    "sources",
    "notes",
    "events",
)
_SOURCE_FIELDS = ("title", "publisher", "date", "url", "document", "notes")
_LAYOUT_WEIGHT = {"cooperation": 1.0, "lineage": 0.6, "conflict": 0.15}
_NO_DATES_DAY = _dt.date(2000, 1, 1)  # slider position of a network without any date
_CSP_TEMPLATE = (
    "default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
)


# -- assets -------------------------------------------------------------------
def _vis_assets() -> tuple[str, str, str]:
    """vis-network's minified JS, its CSS, and its version, from the pyvis package."""
    try:
        import pyvis
    except ImportError as exc:  # pragma: no cover - pyvis is a dependency
        raise MissingDependencyError("the HTML view needs pyvis (pip install pyvis)") from exc
    lib = Path(pyvis.__file__).parent / "lib"
    folders = sorted(
        (p for p in lib.glob("vis-*") if (p / "vis-network.min.js").is_file()),
        key=lambda p: tuple(int(x) for x in p.name[4:].split(".") if x.isdigit()),
    )
    if not folders:  # pragma: no cover - broken pyvis install
        raise MissingDependencyError(f"pyvis at {lib.parent} ships no vis-network.min.js")
    folder = folders[-1]
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    # A source-map comment would make developer tools request a file: drop it.
    # (split on "\n" only: the code holds other line-break characters inside strings)
    js = "\n".join(line for line in js.split("\n") if not line.startswith("//# sourceMappingURL="))
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    return js, css, folder.name[4:]


def _template(name: str) -> str:
    return (resources.files("militnet._views") / "html_template" / name).read_text(encoding="utf-8")


def _script_safe(code: str) -> str:
    """Code for an inline ``<script>`` (no ``</script`` or ``<!--`` can end or confuse it)."""
    return (
        code.replace("</script", "<\\/script")
        .replace("</SCRIPT", "<\\/SCRIPT")
        .replace("<!--", "<\\!--")
    )


def json_for_script(data: Any) -> str:
    """JSON for a ``<script type="application/json">`` element.

    Keys are sorted and the output is compact. ``<``, ``>`` and ``&`` become
    ``\\u003c``, ``\\u003e``, ``\\u0026`` (so no ``</script>`` or ``<!--`` can
    appear), and U+2028/U+2029 are escaped too; ``JSON.parse`` reads the text
    back unchanged.

    Examples
    --------
    >>> json_for_script({"name": "</script><b>&"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _csp_hash(code: str) -> str:
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# -- options ------------------------------------------------------------------
def _check_options(net: Network, step: str, color_by: str | None, size_by: str) -> None:
    if step not in STEPS:
        raise ArgumentError(f"unknown step {step!r}; expected one of {', '.join(STEPS)}")
    if size_by not in SIZE_MEASURES:
        raise ArgumentError(
            f"unknown size measure {size_by!r}; expected one of {', '.join(SIZE_MEASURES)}"
        )
    if color_by is None or color_by == COLOR_BY_COMMUNITY:
        return
    cols = [str(c) for c in net.groups.columns]
    if color_by not in cols:
        raise ArgumentError(
            f"cannot colour by {color_by!r}: not a group column; expected one of "
            f"{', '.join(cols)} or {COLOR_BY_COMMUNITY!r}"
        )


def _ordinal(day: _dt.date) -> int:
    return day.toordinal()


def _date_range(net: Network, at: _dt.date | None) -> tuple[_dt.date, _dt.date]:
    """First day of the earliest date, first day of the latest (slider bounds)."""
    lo, hi = net.date_range()
    if not lo:
        day = at or _NO_DATES_DAY
        return day, day
    return PartialDate.parse(lo).first_day(), PartialDate.parse(hi).first_day()


def _dense_range(net: Network, lo: _dt.date, hi: _dt.date) -> tuple[_dt.date, _dt.date]:
    """Where the data is dense: the years holding the central 90% of the dated
    starts and ends of relations (5th percentile to 95th, widened to whole
    years, within ``lo``–``hi``). The slider opens on this span."""
    import numpy as np

    idx = net.time_index
    days = np.sort(np.concatenate([idx.s_first[idx.s_known], idx.r_first[idx.r_known]])).tolist()
    if len(days) < 2:
        return lo, hi
    n = len(days) - 1
    a = _dt.date.fromordinal(days[int(0.05 * n)])
    b = _dt.date.fromordinal(days[math.ceil(0.95 * n)])
    first = max(lo, _dt.date(a.year, 1, 1))
    last = min(hi, _dt.date(b.year + 1, 1, 1)) if b.year < _dt.date.max.year else hi
    return (first, last) if first < last else (lo, hi)


def _step_days(lo: _dt.date, hi: _dt.date, step: str) -> list[_dt.date]:
    """The slider positions of ``step`` from ``lo`` to the first on or after ``hi``
    (as the page's ``makeSteps``; day steps: every first day of a month, the days
    where the counts can change being too many to try at scale)."""
    out = []
    if step == "year":
        for y in range(lo.year, _last_step(hi, "year").year + 1):
            out.append(_dt.date(y, 1, 1))
        return out
    y, m = lo.year, lo.month
    last = _last_step(hi, "month")
    while (y, m) <= (last.year, last.month):
        out.append(_dt.date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def busiest_day(
    net: Network, policy: TiePolicy, span: tuple[_dt.date, _dt.date], step: str = "year"
) -> _dt.date | None:
    """The slider position with most ties: the day the page opens on by default.

    Ties are counted as the page's header counts them: pairs of groups joined by
    at least one relation of the tie types (``policy.cooperative()``) that the
    page shows under ``policy`` (types, confidence, date policy, undated
    relations, lapse) between groups alive on the day. Candidates are the
    slider's positions within ``span`` (first days of years for year steps, of
    months for month and day steps); ties go to the latest day. ``None`` when no
    day has a tie.

    Examples
    --------
    >>> import datetime as dt, militnet
    >>> from militnet import Group, Relation
    >>> net = militnet.Network(
    ...     groups=[Group("a", "A"), Group("b", "B"), Group("c", "C")],
    ...     relations=[Relation("r1", "a", "b", "alliance", start="2003", end="2008"),
    ...                Relation("r2", "b", "c", "alliance", start="2005", end="2006")])
    >>> busiest_day(net, militnet.TiePolicy(), (dt.date(2000, 1, 1), dt.date(2010, 1, 1)))
    datetime.date(2005, 1, 1)
    """
    import numpy as np

    from militnet._engine.snapshot import select

    lo, hi = span
    if lo > hi:
        return None
    idx = net.time_index
    coop = policy.cooperative()
    types = tuple(t for t in coop.types if t in policy.relation_types)
    if not types or not len(idx.src):
        return None
    best, best_day = 0, None
    for day in _step_days(lo, hi, step):
        _, _, active = select(idx, day, policy, types=types)
        if not active.any():
            continue
        a, b = idx.src[active], idx.tgt[active]
        pairs = np.unique(np.minimum(a, b).astype(np.int64) * len(idx.f_first) + np.maximum(a, b))
        if len(pairs) >= best:
            best, best_day = len(pairs), day
    return best_day


def _last_step(hi: _dt.date, step: str) -> _dt.date:
    """The first slider position on or after ``hi`` (the page's last step)."""
    if step == "day":
        return hi
    if step == "month":
        if hi.day == 1:
            return hi
        return (
            _dt.date(hi.year + (hi.month == 12), hi.month % 12 + 1, 1)
            if (hi.year < 9999 or hi.month < 12)
            else hi
        )
    if (hi.month, hi.day) == (1, 1) or hi.year == 9999:
        return _dt.date(hi.year, 1, 1)
    return _dt.date(hi.year + 1, 1, 1)


# -- layout -------------------------------------------------------------------
def union_graph(net: Network) -> nx.Graph:
    """All groups, and one undirected edge per pair with any relation, ever.

    Edge ``weight`` adds up the relations of the pair, cooperation counting
    most and rivalry least (rivals need not be drawn together).
    """
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(str(i) for i in net.groups.index)
    rel = net.relations
    for s, t, typ in zip(rel["source"], rel["target"], rel["type"], strict=True):
        w = _LAYOUT_WEIGHT[RELATION_TYPES[typ].kind]
        if g.has_edge(s, t):
            g[s][t]["weight"] += w
        else:
            g.add_edge(s, t, weight=w)
    return g


def layout(net: Network, seed: int | None = 0) -> dict[str, tuple[float, float]]:
    """Fixed node positions (pixels) from a seeded spring layout of the union graph,
    evened out (:func:`_fisheye`) and, up to :data:`_SPREAD_MAX` groups, spread so
    that no two groups' label boxes overlap (:func:`_spread`).

    The same network and seed always give the same positions (``seed=None``:
    a fresh random layout).

    Examples
    --------
    >>> import militnet
    >>> from militnet._views.html import layout
    >>> net = militnet.Network(groups=[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
    ...                        relations=[{"id": "r", "source": "a", "target": "b",
    ...                                    "type": "alliance", "confidence": "reported"}])
    >>> layout(net, seed=1) == layout(net, seed=1)
    True
    """
    import networkx as nx

    seed = check_seed(seed)  # militnet._core.checks
    g = union_graph(net)
    n = g.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(g.nodes)): (0.0, 0.0)}
    # "force": classic Fruchterman-Reingold (sparse above 500 nodes); the "energy"
    # method networkx picks by default for large graphs is several times slower.
    pos = nx.spring_layout(
        g, seed=seed, weight="weight", method="force", iterations=50 if n <= 2000 else 30
    )
    import numpy as np

    keys = [str(k) for k in pos]
    xy = _fisheye(np.array([pos[k] for k in pos], dtype=float))
    if n > _SPREAD_MAX:  # too many labels to show at once: the page hides most anyway
        scale = 90.0 * math.sqrt(n) + 150.0
        return {
            k: (round(float(x) * scale * 1.2, 1), round(float(y) * scale, 1))
            for k, (x, y) in zip(keys, xy, strict=True)
        }
    names = dict(zip((str(i) for i in net.groups.index), net.groups["name"], strict=True))
    width = np.array([_label_width(short_label(names.get(k, k))) for k in keys])
    xy = _spread(xy, width)
    return {k: (round(float(x), 1), round(float(y), 1)) for k, (x, y) in zip(keys, xy, strict=True)}


def _fisheye(xy: Any) -> Any:
    """Positions evened out over the unit disc: each group keeps its direction
    from the centre (the median) and its rank in distance, the distances made
    uniform over the disc, so a dense core is not a blob inside a ring of the
    groups with few or no relations."""
    import numpy as np

    n = len(xy)
    xy = xy - np.median(xy, axis=0)
    r = np.hypot(xy[:, 0], xy[:, 1])
    rank = np.empty(n)
    rank[np.argsort(r, kind="stable")] = np.arange(n)
    return xy * (np.sqrt((rank + 0.5) / n) / np.maximum(r, 1e-12))[:, None]


#: Layouts of at most this many groups are spread so that every group's label
#: box (at the page's label size, on a canvas of about 1300 x 900 pixels) is
#: clear of the others; above it, the evened-out (fisheye) layout is only scaled.
_SPREAD_MAX = 400
_LABEL_PX = 13.0  # the page's label size on screen (app.js LABEL_PX)
_FRAME = (1240.0, 900.0)  # reference canvas for the boxes, pixels at scale 1
_LABEL_CHARS = 36  # longest label drawn (the full name is in the details)


def short_label(name: str) -> str:
    """The label the page draws for a group (the full name is in the details).

    A name longer than 24 characters loses a trailing parenthesis, then what
    follows a " / " (one of two names); what is still longer than 36
    characters is cut at a space (or at 35 characters) with an ellipsis.

    Examples
    --------
    >>> short_label("Hafiz Gul Bahadur group (North Waziristan)")
    'Hafiz Gul Bahadur group'
    >>> short_label("East Turkistan Islamic Movement / Turkistan Islamic Party")
    'East Turkistan Islamic Movement'
    >>> short_label("Islamic Movement of Uzbekistan")
    'Islamic Movement of Uzbekistan'
    """
    text = " ".join(str(name).split())
    if len(text) > 24 and text.endswith(")") and " (" in text:
        text = text[: text.rindex(" (")].strip() or text
    if len(text) > 24 and " / " in text:
        text = text[: text.index(" / ")].strip() or text
    if len(text) > _LABEL_CHARS:
        cut = text[: _LABEL_CHARS - 1]
        if " " in cut[12:]:
            cut = cut[: cut.rindex(" ")]
        text = cut.rstrip(" -,;:") + "\u2026"
    return text


def _label_width(text: str) -> float:
    """Estimated width in pixels of ``text`` at the page's label size."""
    return 0.6 * _LABEL_PX * len(text) + 6.0


def _spread(xy: Any, width: Any, rounds: int = 10) -> Any:
    """Positions (spring-layout units) -> pixels, with the boxes of the groups
    (marker and label below it) pushed apart until none overlaps.

    The layout is scaled to the reference canvas (:data:`_FRAME`, or larger when
    the labels need more room), then overlapping boxes are separated along the
    axis where they overlap least, half each way; after each round the layout is
    scaled back into the frame (boxes keep their size), so the space goes where
    the groups are dense; a last separation leaves no overlap (it may go a
    little past the frame). Deterministic: same input, same output.
    """
    import numpy as np

    n = len(xy)
    half_w = np.maximum(width, 30.0) / 2 + 4.0
    half_h = np.full(n, (2 * 12.0 + _LABEL_PX + 8.0) / 2 + 3.0)
    need = float(np.sum(4 * half_w * half_h)) * 3.0  # room for the boxes, with air
    grow = max(1.0, math.sqrt(need / (_FRAME[0] * _FRAME[1])))
    frame = np.array(_FRAME) * grow
    xy = xy - xy.mean(axis=0)
    order = np.arange(n)

    def fit(p: Any) -> Any:  # every box inside the frame, filling it (no empty bands)
        c = p - (p.max(axis=0) + p.min(axis=0)) / 2
        sx = np.min((frame[0] / 2 - half_w) / np.maximum(np.abs(c[:, 0]), 1e-9))
        sy = np.min((frame[1] / 2 - half_h) / np.maximum(np.abs(c[:, 1]), 1e-9))
        return c * np.array([max(sx, 1e-6), max(sy, 1e-6)])

    xy = fit(xy)
    sw = half_w[:, None] + half_w[None, :]
    sh = half_h[:, None] + half_h[None, :]
    tie = np.sign(order[:, None] - order[None, :]).astype(float)  # for equal coordinates
    for r in range(rounds + 1):
        for _ in range(60 if r < rounds else 200):
            dx = xy[:, 0][:, None] - xy[:, 0][None, :]
            dy = xy[:, 1][:, None] - xy[:, 1][None, :]
            ox = sw - np.abs(dx)
            oy = sh - np.abs(dy)
            hit = (ox > 0) & (oy > 0)
            np.fill_diagonal(hit, False)
            if not hit.any():
                break
            along_x = hit & (ox / sw <= oy / sh)
            along_y = hit & ~along_x
            sx = np.where(dx != 0, np.sign(dx), tie)
            sy = np.where(dy != 0, np.sign(dy), tie)
            xy[:, 0] += (np.where(along_x, ox, 0.0) * sx).sum(axis=1) * 0.26
            xy[:, 1] += (np.where(along_y, oy, 0.0) * sy).sum(axis=1) * 0.26
        if r < rounds:
            xy = fit(xy)
    return xy


# -- data ---------------------------------------------------------------------
def _category(value: str, column: str) -> str:
    if column in _LIST_COLUMNS:
        items = split_list(value)
        return items[0] if items else ""
    return value.strip()


def _colors(
    net: Network,
    color_by: str | None,
    seed: int | None,
    day: _dt.date,
    policy: TiePolicy,
    min_size: int = 3,
) -> dict[str, Any]:
    from militnet._views.style import NODE_COLOR, category_colors

    ids = [str(i) for i in net.groups.index]
    if color_by is None:
        return {"by": "", "labels": [], "colors": [], "node": [0] * len(ids), "default": NODE_COLOR}
    if color_by == COLOR_BY_COMMUNITY:
        values, palette = _communities(net, seed, day, policy, min_size)
        title = (
            f"community on {day.isoformat()} (Louvain, seed {seed}, "
            f"{' and '.join(policy.types)} ties; numbers kept while a community continues)"
        )
    else:
        values = [_category(v, color_by) for v in net.groups[color_by]]
        palette = category_colors(values)
        title = color_by
    counts = Counter(values)
    if color_by == COLOR_BY_COMMUNITY:  # numeric order of the stable numbers, grey last
        labels = [v for v in palette if counts[v]]
    else:
        labels = sorted(palette, key=lambda v: (v == "", -counts[v], v))
    index = {v: i for i, v in enumerate(labels)}
    return {
        "by": title,
        "labels": labels,
        "colors": [palette[v] for v in labels],
        "counts": [counts[v] for v in labels],
        "node": [index[v] for v in values],
        "default": NODE_COLOR,
    }


def _communities(
    net: Network, seed: int | None, day: _dt.date, policy: TiePolicy, min_size: int = 3
) -> tuple[list[str], dict[str, str]]:
    """Community label of every group on ``day``, and their colours, as in the
    figures (:func:`militnet._views.style.community_categories`: stable
    numbers, one colour per number, in numeric order); groups in no community
    of ``min_size`` or more (or not active) share one grey label, last."""
    from militnet._views.style import community_categories

    cats, colors = community_categories(net, day, policy, seed=seed, min_size=min_size)
    none = "not active" if min_size <= 1 else f"in no community of {min_size}+ or not active"
    palette = {k: v for k, v in colors.items() if k}
    palette[none] = colors[""]
    return [cats.get(str(g), none) for g in net.groups.index], palette


_CONFIDENCE_WORDS = {
    "alleged": "alleged ties counted",
    "reported": "alleged ties left out",
    "confirmed": "confirmed ties only",
}


def _sizes(net: Network, size_by: str, day: _dt.date, policy: TiePolicy) -> tuple[list[float], str]:
    """Per-group values of a centrality measure on ``day`` (0 if not alive)."""
    if size_by not in _CENTRALITY_SIZES:
        return [], ""
    from militnet._algorithms.centrality import centrality

    values = centrality(net, day, measures=[size_by], policy=policy)[size_by]
    got = {str(g): float(v) for g, v in values.items()}
    return (
        [round(got.get(str(g), 0.0), 6) for g in net.groups.index],
        f"{size_by} on {day.isoformat()} ({' and '.join(policy.types)} ties, "
        f"{_CONFIDENCE_WORDS[policy.min_confidence]})",
    )


def _search_keys(gid: str, name: str, aliases: tuple[str, ...]) -> list[list[str]]:
    """Name keys of each matching stage of :class:`militnet._core.names.NameIndex`."""
    from militnet._core.names import _STAGES

    names = (gid, name, *aliases)
    return [sorted({k for k in (fold(n) for n in names) if k}) for fold in _STAGES]


def _extras(df: Any, known: tuple[str, ...]) -> list[list[list[str]]]:
    """Further columns of each row, as ``[column, value]`` pairs (empty values left out)."""
    cols = [(str(c), [str(v) for v in df[c]]) for c in df.columns if str(c) not in known]
    return [[[c, vals[i]] for c, vals in cols if vals[i].strip()] for i in range(len(df))]


def _curves(rel: Any) -> list[int]:
    """0 for the first relation of a pair, then 1, 2... (drawn as arcs)."""
    seen: Counter[tuple[str, str]] = Counter()
    out = []
    for s, t in zip(rel["source"], rel["target"], strict=True):
        key = (s, t) if s <= t else (t, s)
        out.append(seen[key])
        seen[key] += 1
    return out


def _ints(a: Any) -> list[int]:
    return [int(x) for x in a]


def _lapse_data(net: Network, stale_months: int | None) -> dict[str, Any]:
    """The page's lapse menu: per threshold and end side, every relation's lapse day.

    The days come from :meth:`TimeIndex.lapse_day` (the page does no date
    arithmetic); ``mark`` holds the days from which a tie counts as unattested
    for more than five years (drawn faded and dotted while it is still shown).
    """
    index = net.time_index
    opening = format_months(stale_months) or "never"
    choices = list(LAPSE_CHOICES)
    if opening != "never" and opening not in choices:
        choices.append(opening)
        choices.sort(key=lambda c: check_stale_after(c) or 0)
    days = {
        c: {
            side: _ints(index.lapse_day(check_stale_after(c) or 0, side))
            for side in ("first", "last")
        }
        for c in choices
    }
    mark = {side: _ints(index.lapse_day(STALE_WARNING_MONTHS, side)) for side in ("first", "last")}
    return {
        "choices": ["never", *choices],
        "opening": opening,
        "days": days,
        "mark": mark,
        "mark_label": format_months(STALE_WARNING_MONTHS),
    }


def _filtered(
    net: Network, max_relations: int, size_by: str, policy: TiePolicy, day: _dt.date | None
) -> tuple[Network, str]:
    """The network of the top groups, as many as keep at most ``max_relations``
    relations among themselves, and a sentence saying what was kept.

    Groups are ranked by the page's size measure: a centrality measure on the
    opening day (``day``, or the day with most ties), else by their number of
    relations over the whole dataset; ties in rank go to the group with more
    relations, then to the smaller id. Relations, events and event actors of the
    groups left out are left out too (an event stays while one of its actors does).
    """
    rel = net.relations
    gids = [str(i) for i in net.groups.index]
    total = Counter(list(rel["source"]) + list(rel["target"]))
    if size_by in _CENTRALITY_SIZES:
        from militnet._algorithms.centrality import centrality

        lo, hi = _date_range(net, day)
        on = day or busiest_day(net, policy, _dense_range(net, lo, hi)) or hi
        got = centrality(net, on, measures=[size_by], policy=policy.cooperative())[size_by]
        score = {str(g): float(v) for g, v in got.items()}
        by = f"the highest {size_by} on {on.isoformat()}"
    else:
        score = {g: float(total[g]) for g in gids}
        by = "the most relations over the dataset"
    order = sorted(gids, key=lambda g: (-score.get(g, 0.0), -total[g], g))
    neighbours: dict[str, Counter[str]] = {g: Counter() for g in gids}
    for a, b in zip(rel["source"], rel["target"], strict=True):
        neighbours[a][b] += 1
        if a != b:
            neighbours[b][a] += 1
    kept: set[str] = set()
    count = 0
    for g in order:
        extra = sum(c for h, c in neighbours[g].items() if h in kept or h == g)
        if count + extra > max_relations:
            break
        kept.add(g)
        count += extra
    keep_rel = rel["source"].isin(kept) & rel["target"].isin(kept)
    tables: dict[str, Any] = {
        "groups": net.groups[net.groups.index.isin(kept)],
        "relations": rel[keep_rel],
        "sources": net.sources,
    }
    if net.has_events:
        actors = net.event_actors
        actors = actors[actors["group"].isin(kept)]
        events = net.events
        tables["events"] = events[events.index.isin(set(actors["event"]))]
        tables["event_actors"] = actors
    sub = type(net)(**tables, metadata=net.metadata)
    text = (
        f"Filtered view: the {len(kept):,} groups with {by} (of {len(gids):,}) and the "
        f"{int(keep_rel.sum()):,} relations among them (of {len(rel):,}); the page shows at "
        f"most {max_relations:,} relations (max_relations)."
    )
    return sub, text


def build_data(
    net: Network,
    *,
    at: Any = None,
    step: str = "year",
    color_by: str | None = "orientation",
    size_by: str = "degree",
    policy: TiePolicy = ALL_TYPES,
    seed: int | None = 0,
    title: str | None = None,
    community_min_size: int = 3,
    max_relations: int | None = MAX_RELATIONS,
) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-ready data (see :func:`render_html`),
    under a resolved policy."""
    from militnet._engine.snapshot import NEG, POS
    from militnet._views.style import CONFIDENCE_OPACITY, CONFIDENCE_WIDTH, RELATION_STYLES

    _check_options(net, step, color_by, size_by)
    seed = check_seed(seed)
    max_relations = check_int(max_relations, "max_relations", low=1, allow_none=True)
    sel = policy.relation_types
    day = as_day(at) if at is not None else None
    full, filter_text = net, ""
    if max_relations is not None and len(net.relations) > max_relations:
        net, filter_text = _filtered(net, max_relations, size_by, policy, day)
    lo, hi = _date_range(net, day)
    from militnet._algorithms.event_details import event_infos

    infos = event_infos(net)  # once: at 200,000 events it takes seconds
    lo, hi = _event_range(infos, lo, hi)
    dense = _dense_range(net, lo, hi)
    start = day or busiest_day(net, policy, dense, step) or _last_step(hi, step)
    # sizes and community colours describe the opening day as the page first shows it
    lapse = _lapse_data(net, policy.stale_months)
    pol = policy.cooperative()  # sizes and community colours: the cooperative ties shown
    measure, measure_label = _sizes(net, size_by, start, pol)
    index = net.time_index
    groups, relations, sources = net.groups, net.relations, net.sources
    gids = [str(i) for i in groups.index]
    pos = layout(net, seed)
    alias_lists = [split_list(a) for a in groups["aliases"]]
    total = Counter(list(relations["source"]) + list(relations["target"]))
    g = {
        "id": gids,
        "name": list(groups["name"]),
        "label": [short_label(n) for n in groups["name"]],
        "aliases": [list(a) for a in alias_lists],
        "founded": list(groups["founded"]),
        "ended": list(groups["ended"]),
        "orientation": list(groups["orientation"]),
        "country": [list(split_list(c)) for c in groups["country"]],
        "notes": list(groups["notes"]),
        "sources": [list(split_list(s)) for s in groups["sources"]],
        "extra": _extras(groups, _GROUP_FIELDS),
        "f_first": _ints(index.f_first),
        "f_last": _ints(index.f_last),
        "e_first": _ints(index.e_first),
        "e_last": _ints(index.e_last),
        "x": [pos[i][0] for i in gids],
        "y": [pos[i][1] for i in gids],
        "total_degree": [total[i] for i in gids],
        "family": families(net),
        "measure": measure,
        "keys": [
            _search_keys(i, n, a) for i, n, a in zip(gids, groups["name"], alias_lists, strict=True)
        ],
        "fold": search_table([*gids, *groups["name"], *(x for a in alias_lists for x in a)]),
    }
    gpos = {gid: i for i, gid in enumerate(gids)}
    r = {
        "id": [str(i) for i in relations.index],
        "src": [gpos[s] for s in relations["source"]],
        "tgt": [gpos[t] for t in relations["target"]],
        "type": list(relations["type"]),
        "start": list(relations["start"]),
        "end": list(relations["end"]),
        "last_attested": (
            list(relations["last_attested"])
            if "last_attested" in relations
            else [""] * len(relations)
        ),
        "confidence": list(relations["confidence"]),
        "conf": _ints(index.conf),
        "evidence": list(relations["evidence"]),
        "notes": list(relations["notes"]),
        "sources": [list(split_list(s)) for s in relations["sources"]],
        "extra": _extras(relations, _RELATION_FIELDS),
        "s_first": _ints(index.s_first),
        "s_last": _ints(index.s_last),
        "s_known": [bool(k) for k in index.s_known],
        "r_first": _ints(index.r_first),
        "r_last": _ints(index.r_last),
        # first day after a merger's lineage window, per start side (NEG: none)
        "w_first": _ints(index._window_end["first"]),
        "w_last": _ints(index._window_end["last"]),
        "curve": _curves(relations),
    }
    s = {
        "id": [str(i) for i in sources.index],
        **{f: list(sources[f]) for f in _SOURCE_FIELDS if f != "url"},
        # Only http(s) URLs become links; the page checks the scheme again.
        "url": [u.strip() if is_web_url(u) else "" for u in sources["url"]],
        "extra": _extras(sources, _SOURCE_FIELDS),
    }
    meta = full.metadata
    shown_title = (
        title if title is not None else str(meta.get("title") or full.name or "militnet network")
    )
    return {
        "format": 1,
        "meta": {
            "title": shown_title,
            "name": full.name,
            "version": full.version,
            "content_hash": full.content_hash,
            "n_groups": len(full.groups),
            "n_relations": len(full.relations),
            "filter": filter_text,
        },
        "range": [_ordinal(lo), _ordinal(hi)],
        "dense": [_ordinal(min(dense[0], start)), _ordinal(max(dense[1], start))],
        "epoch": _EPOCH,
        "neg": int(NEG),
        "pos": int(POS),
        "policies": {k: list(v) for k, v in DATE_POLICIES.items()},
        "confidence_levels": list(CONFIDENCE_LEVELS),
        "types": {
            t: {
                "directed": rt.directed,
                "sign": rt.sign,
                "kind": rt.kind,
                "meaning": rt.meaning,
                "color": RELATION_STYLES[t].color,
                "dash": list(RELATION_STYLES[t].dash),
                "arrow": RELATION_STYLES[t].arrow,
                "label": RELATION_STYLES[t].label,
            }
            for t, rt in RELATION_TYPES.items()
        },
        "type_order": list(RELATION_TYPES),
        "opacity": dict(CONFIDENCE_OPACITY),
        "width": dict(CONFIDENCE_WIDTH),
        "colors": _colors(net, color_by, seed, start, pol, community_min_size),
        "lapse": lapse,
        "tie_types": list(pol.types),
        "options": {
            "at": _ordinal(start),
            "step": step,
            "size_by": size_by,
            "size_label": measure_label,
            "types": list(sel),
            "min_confidence": policy.min_confidence,
            "date_policy": policy.date_policy,
            "undated": policy.undated,
            "stale_after": lapse["opening"],
            "seed": seed,
        },
        "groups": g,
        "relations": r,
        "sources": s,
        "events": _event_data(net, gpos, infos),
    }


def _event_range(infos: Any, lo: _dt.date, hi: _dt.date) -> tuple[_dt.date, _dt.date]:
    """``lo``–``hi`` widened to the days of the events, so the slider reaches them."""
    days = [d for i in infos.values() for d in (i.first, i.last) if d is not None]
    if not days:
        return lo, hi
    return min(lo, min(days)), max(hi, max(days))


def _event_data(net: Network, gpos: dict[str, int], infos: Any) -> dict[str, Any]:
    """The events, for the details panel, the slider marks and the events panel:
    columns as lists, in date order; ``first``/``last`` are day ordinals (``0``:
    unknown date); ``rel`` lists, per relation, the events it cites and
    ``group`` lists, per group, the events it takes part in (indices into the
    event columns). All text travels as data and reaches the page as text."""
    from militnet._algorithms.event_details import relation_events

    pos = {eid: k for k, eid in enumerate(infos)}
    cited = relation_events(net, infos)
    by_group: list[list[int]] = [[] for _ in gpos]
    for k, info in enumerate(infos.values()):
        for g in dict.fromkeys(a[0] for a in info.actors):
            if g in gpos:
                by_group[gpos[g]].append(k)
    values = list(infos.values())
    return {
        "id": list(infos),
        "when": [i.when for i in values],
        "kind": [i.kind for i in values],
        "place": [i.place for i in values],
        "summary": [i.summary for i in values],
        "sources": [list(i.sources) for i in values],
        "actors": [[[gpos.get(g, -1), r, c] for g, r, c in i.actors] for i in values],
        "fatalities": [-1 if i.fatalities is None else i.fatalities for i in values],
        "first": [_ordinal(i.first) if i.first else 0 for i in values],
        "last": [_ordinal(i.last) if i.last else 0 for i in values],
        "rel": [[pos[e] for e in cited.get(str(rid), ())] for rid in net.relations.index],
        # per relation, the cited event that attests it after its last_attested (-1: none)
        "attested": [pos.get(e, -1) if e else -1 for e in net.time_index.a_event],
        "group": by_group,
    }


# -- page ---------------------------------------------------------------------
def render_html(
    net: Network,
    *,
    at: Any = None,
    step: str = "year",
    color_by: str | None = "orientation",
    size_by: str = "degree",
    policy: TiePolicy | None = ALL_TYPES,
    seed: int | None = 0,
    title: str | None = None,
    community_min_size: int = 3,
    max_relations: int | None = MAX_RELATIONS,
    **deprecated: Unpack[TieKeywords],
) -> str:
    """The network as one self-contained, offline HTML page with a time control.

    Parameters
    ----------
    net : Network
        The network (not modified).
    at : str or datetime.date, optional
        Date the page opens at (day precision). Default: the slider position
        with most ties (:func:`busiest_day`: pairs joined by a shown alliance
        or pledge, as the header counts them; the latest such position), or
        the last position when no day has a tie. A link's fragment
        (``page.html#2016-10-24``) overrides it in the browser.
    step : {"year", "month", "day"}
        Slider step (changeable in the page).
    color_by : str or None
        Group column whose value colours the nodes (``"orientation"``,
        ``"country"``: the first country listed...), ``"community"``
        (Louvain communities on the opening date, see
        :func:`militnet.communities`, numbered and coloured as in the
        figures: a community keeps its number and colour while it continues,
        see :func:`militnet.community_tracks`), or ``None`` for one colour.
    size_by : str
        Node size: ``"degree"`` (relations shown on the date on screen),
        ``"total_degree"`` (relations over the whole dataset),
        ``"betweenness"``, ``"eigenvector"``, ``"pagerank"`` (on the opening
        date, see :func:`militnet.centrality`) or ``"none"``.
    policy : TiePolicy or None
        What is shown at first (types, confidence, date policy, undated
        relations, lapse: all changeable in the page): what the page shows on
        a date is exactly ``net.at(date, policy=policy)``. Default
        ``TiePolicy.all_types()``: every relation type; ``None`` is
        ``TiePolicy()``. Node sizes and community colours are measured on its
        cooperative ties (:meth:`TiePolicy.cooperative`). The page's "ties
        lapse after" menu offers never, 3, 5 and 10 years (and the policy's
        ``stale_after`` if it is none of them); lapsed ties are hidden, and
        ties still shown although unattested for more than five years are
        drawn faded and dotted.
    seed : int or None
        Seed of the layout and of community colours (node positions are fixed
        while time moves); ``None``: a fresh random layout.
    **deprecated
        ``types``, ``min_confidence``, ``date_policy``, ``undated``,
        ``stale_after``: deprecated since 0.2, applied on top of ``policy``.
    title : str, optional
        Page title (default: the dataset's title or name).
    community_min_size : int
        With ``color_by="community"``, the smallest community coloured
        (default 3: singletons and pairs are grey and not listed as
        communities; 1 colours them too).
    max_relations : int or None
        Most relations the page holds (default :data:`MAX_RELATIONS`, 20,000:
        a slider step stays interactive up to about that size). A larger
        network is shown as a filtered view, which the header states: the top
        groups by ``size_by`` (a centrality measure on the opening day, else
        their relations over the dataset), as many as keep their relations
        among themselves within ``max_relations``. ``None``: the whole network.

    Returns
    -------
    str
        The page. Same network and options → same text, byte for byte.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Relation, Source
    >>> net = militnet.Network(
    ...     groups=[Group("a", "<b>Alpha</b>", founded="2001"), Group("b", "Beta")],
    ...     relations=[Relation("r1", "a", "b", "alliance", start="2003-05")],
    ...     sources=[Source("s1", title="A report")])
    >>> page = render_html(net, seed=1)
    >>> page.startswith("<!DOCTYPE html>") and "<b>Alpha" not in page
    True
    >>> page == render_html(net, seed=1)
    True
    """
    pol = tie_policy(policy, deprecated, call="render_html", default=ALL_TYPES)
    return page_text(
        build_data(
            net,
            at=at,
            step=step,
            color_by=color_by,
            size_by=size_by,
            policy=pol,
            seed=seed,
            title=title,
            community_min_size=community_min_size,
            max_relations=max_relations,
        )
    )


def page_text(data: dict[str, Any]) -> str:
    """The page of :func:`build_data`'s data."""
    vis_js, vis_css, vis_version = _vis_assets()
    vis_js = _script_safe(vis_js)
    app_js = _script_safe(_template("app.js"))
    css = (
        f"/* vis-network {vis_version} styles, (c) Almende B.V. and visjs contributors, "
        f"dual licensed Apache-2.0 or MIT */\n{vis_css}"
    )
    csp = _CSP_TEMPLATE.format(scripts=f"{_csp_hash(vis_js)} {_csp_hash(app_js)}")
    page = _template("page.tmpl")
    parts = {
        "CSP": html.escape(csp, quote=True),
        "TITLE": html.escape(data["meta"]["title"], quote=False),
        "VIS_CSS": css.replace("</style", "<\\/style"),
        "APP_CSS": _template("app.css"),
        "DATA": json_for_script(data),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
    }
    # One pass, so nothing substituted is scanned for further placeholders.
    out = []
    rest = page
    while "{{" in rest:
        head, _, tail = rest.partition("{{")
        key, _, rest = tail.partition("}}")
        out.append(head)
        out.append(parts[key])
    out.append(rest)
    return "".join(out)


def write_html(
    net: Network, path: str | Path, *, policy: TiePolicy | None = ALL_TYPES, **options: Any
) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8); returns the path."""
    pol = tie_policy(policy, pop_loose(options), call="write_html", default=ALL_TYPES)
    return _save(path, page_text(build_data(net, policy=pol, **options)), net)


def _save(path: str | Path, text: str, net: object = None) -> Path:
    """Write the page through the output guard, atomically (never over the folder
    ``net`` was loaded from, a bundled dataset or the package)."""
    from militnet._dataset.outputs import source_folder, write_output

    return write_output(Path(path), text.encode("utf-8"), [source_folder(net)])


class HtmlView:
    """A rendered page that displays itself in Jupyter and VS Code notebooks.

    It displays as an ``<iframe srcdoc>`` holding the whole page (attribute-
    escaped and sandboxed: scripts run, but apart from the notebook), so it
    needs no file and does not restyle the notebook.

    Examples
    --------
    >>> import militnet
    >>> net = militnet.Network(groups=[{"id": "a", "name": "A & B"}])
    >>> view = net.to_html()
    >>> view
    <HtmlView: 1 groups, 0 relations, ... bytes>
    >>> view._repr_html_().startswith("<iframe srcdoc=")
    True
    """

    def __init__(
        self, page: str, *, height: int = 640, n_groups: int = 0, n_relations: int = 0
    ) -> None:
        self.html = page
        self.height = check_int(height, "height", low=1, high=100_000)  # militnet._core.checks
        self._counts = (n_groups, n_relations)

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path``; returns the path."""
        return _save(path, self.html)

    def _repr_html_(self) -> str:
        doc = html.escape(self.html, quote=True)
        return (
            f'<iframe srcdoc="{doc}" sandbox="allow-scripts allow-popups '
            f'allow-popups-to-escape-sandbox" title="militnet network" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ccc"></iframe>'
        )

    def __repr__(self) -> str:
        g, r = self._counts
        return f"<HtmlView: {g} groups, {r} relations, {len(self.html.encode())} bytes>"


def to_html(
    net: Network,
    path: str | Path | None = None,
    *,
    height: int = 640,
    policy: TiePolicy | None = ALL_TYPES,
    **options: Any,
) -> Path | HtmlView:
    """:meth:`Network.to_html`: write the page, or return an :class:`HtmlView`."""
    pol = tie_policy(policy, pop_loose(options), call="to_html", default=ALL_TYPES)
    return html_output(net, path, pol, height=height, **options)


def html_output(
    net: Network, path: str | Path | None, policy: TiePolicy, *, height: int = 640, **options: Any
) -> Path | HtmlView:
    """The page under a resolved policy: written to ``path``, or as an :class:`HtmlView`."""
    page = page_text(build_data(net, policy=policy, **options))
    if path is not None:
        return _save(path, page, net)
    return HtmlView(page, height=height, n_groups=len(net.groups), n_relations=len(net.relations))
