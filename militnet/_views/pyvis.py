"""The network on one day as a :class:`pyvis.network.Network`.

:func:`to_pyvis` builds what the HTML page (:mod:`militnet._views.html`) shows
on that day, for people who already work with pyvis: the same groups and
relations (:meth:`Network.at <militnet.Network.at>` under the same policy,
mergers in their lineage window included), the same positions (the page's
seeded layout of every relation ever recorded), the same colours, dashes,
widths and arrows (:mod:`militnet._views.style`), one edge per relation record
(parallel relations of a pair drawn as arcs), an arrow only where the relation
type is directed (pledge, split, merger).

Offline. pyvis's own template loads vis-network from its package, but Bootstrap
from a CDN, whatever ``cdn_resources`` says. The network returned here renders
with a copy of pyvis's template without the Bootstrap lines (its page uses none
of Bootstrap's scripts; the card around the graph loses its CSS only) and with
``cdn_resources="in_line"``: ``write_html`` writes one file that makes no
network request.

Untrusted text. Labels are drawn on the canvas; tooltips (``title``) are plain
text, which vis-network 9 puts in the page as text, never as HTML. pyvis
switches its tooltips to ``innerHTML`` when a node's title contains ``href``;
the template here never does. The heading is HTML-escaped. The graph data
reaches the page through Jinja's ``tojson``, which escapes ``<``, ``>``, ``&``
and ``'``.
"""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING, Any

from militnet._core.errors import ArgumentError, MissingDependencyError
from militnet._core.model import RELATION_TYPES
from militnet._core.policy import TiePolicy

if TYPE_CHECKING:
    import pyvis.network

    from militnet._classes.network import Network

__all__ = ["OFFLINE_TEMPLATE", "pyvis_network"]

#: Name of the offline template in the network's Jinja environment.
OFFLINE_TEMPLATE = "militnet-offline.html"

_BOOTSTRAP = (
    re.compile(r"<link\b[^>]*bootstrap[^>]*>\s*", re.IGNORECASE | re.DOTALL),
    re.compile(r"<script\b[^>]*bootstrap[^>]*>\s*</script>\s*", re.IGNORECASE | re.DOTALL),
)
_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
_REMOTE_BRANCH = re.compile(
    r"{%\s*elif\s+cdn_resources\s*==\s*\"remote\"\s*%}.*?{%\s*endif\s*%}\s*{%\s*endif\s*%}",
    re.DOTALL,
)


def _pyvis() -> Any:
    try:
        import pyvis.network
    except ImportError as exc:  # pragma: no cover - pyvis is optional
        raise MissingDependencyError(
            "Network.to_pyvis needs pyvis, a dependency of militnet: pip install pyvis"
        ) from exc
    return pyvis.network


def offline_template_source(template_dir: str, name: str = "template.html") -> str:
    """pyvis's page template without the lines that load Bootstrap from a CDN,
    and with its link-tooltip branch (which puts titles in ``innerHTML``) off.

    Raises
    ------
    MissingDependencyError
        If the installed pyvis's template no longer has the expected shape
        (an external resource would remain in the in-line page).
    """
    from pathlib import Path

    src = (Path(template_dir) / name).read_text(encoding="utf-8")
    for pattern in _BOOTSTRAP:
        src = pattern.sub("", src)
    src = re.sub(r"{%\s*if\s+tooltip_link\s*%}", "{% if false %}", src)
    # pyvis writes the heading twice (before and after its Bootstrap lines): keep one
    heading = re.compile(r"<center>\s*<h1>\s*{{\s*heading\s*}}\s*</h1>\s*</center>\s*")
    if len(heading.findall(src)) > 1:
        src = heading.sub("", src, count=1)
    # what the in-line page keeps: everything but the "local" and "remote" branches
    inline = _REMOTE_BRANCH.sub("", src)
    inline = re.sub(
        r"{%\s*if\s+cdn_resources\s*==\s*\"local\"\s*%}.*?{%\s*elif", "{% if", inline, flags=re.S
    )
    if _EXTERNAL.search(inline) or "tooltip_link %}" in src:
        raise MissingDependencyError(
            f"the pyvis template {Path(template_dir) / name} has changed: militnet cannot make "
            f"it load nothing from the network; please report this with your pyvis version"
        )
    return src


def _offline(pv: Any) -> None:
    """Make a pyvis Network render with the offline template, resources in line."""
    import jinja2

    source = offline_template_source(pv.template_dir)
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.DictLoader({OFFLINE_TEMPLATE: source}),
                jinja2.FileSystemLoader(pv.template_dir),
            ]
        )
    )
    pv.templateEnv = env
    pv.path = OFFLINE_TEMPLATE
    pv.template = env.get_template(OFFLINE_TEMPLATE)  # used by notebook=True
    pv.cdn_resources = "in_line"


def _text(value: Any) -> str:
    """A value as one line of tooltip text (lists joined)."""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _node_title(gid: str, d: dict[str, Any], day: str) -> str:
    lines = [f"{_text(d.get('name', gid))} ({gid})"]
    founded, ended = _text(d.get("founded")), _text(d.get("ended"))
    if founded or ended:
        lines.append(f"{founded or '?'} – {ended or ''}".rstrip())
    for key in ("orientation", "country"):
        if _text(d.get(key)):
            lines.append(f"{key}: {_text(d.get(key))}")
    if not d.get("alive", True):
        lines.append(f"not alive on {day}: shown as a side of a merger (lineage window)")
    return "\n".join(lines)


def _edge_title(u: str, v: str, rid: str, d: dict[str, Any], names: dict[str, str]) -> str:
    rt = RELATION_TYPES[d["type"]]
    arrow = "→" if rt.directed else "–"
    lines = [
        f"{d['type']} ({rid}): {names.get(u, u)} {arrow} {names.get(v, v)}",
        f"{d['confidence']}, {_text(d.get('start')) or '?'} – {_text(d.get('end'))}".rstrip(),
    ]
    if _text(d.get("last_attested")):
        lines.append(f"last attested {_text(d.get('last_attested'))}")
    if _text(d.get("evidence")):
        lines.append(_text(d.get("evidence")))
    if _text(d.get("sources")):
        lines.append(f"sources: {_text(d.get('sources'))}")
    return "\n".join(lines)


def pyvis_network(
    net: Network,
    at: Any,
    policy: TiePolicy,
    *,
    color_by: str | None = "orientation",
    seed: int | None = 0,
    height: str = "750px",
    width: str = "100%",
    heading: str | None = None,
    physics: bool = False,
    notebook: bool = False,
) -> pyvis.network.Network:
    """:meth:`Network.to_pyvis <militnet.Network.to_pyvis>` under a resolved policy."""
    from militnet._core.checks import check_seed
    from militnet._core.dates import as_day
    from militnet._views.html import _check_options, _colors, _curves, layout
    from militnet._views.style import CONFIDENCE_WIDTH, RELATION_STYLES, edge_rgba

    pvn = _pyvis()
    _check_options(net, "year", color_by, "none")
    if not isinstance(height, str) or not isinstance(width, str):
        raise ArgumentError("height and width must be CSS lengths such as '750px' or '100%'")
    seed = check_seed(seed)
    day = as_day(at)
    G = net.graph_at(day, policy)
    iso = day.isoformat()
    colors = _colors(net, color_by, seed, day, policy.cooperative())
    gids = [str(i) for i in net.groups.index]
    color_of = {
        g: (colors["colors"][colors["node"][i]] if colors["colors"] else colors["default"])
        for i, g in enumerate(gids)
    }
    pos = layout(net, seed)
    curve = dict(zip([str(i) for i in net.relations.index], _curves(net.relations), strict=True))
    names = {str(n): _text(d.get("name", n)) for n, d in G.nodes(data=True)}

    name = str(net.metadata.get("title") or net.name or "militnet network")
    title = heading if heading is not None else f"{name} — {iso}"
    # the heading goes into the template as it is: escaped here, non-ASCII as references
    shown = html.escape(title).encode("ascii", "xmlcharrefreplace").decode("ascii")
    pv = pvn.Network(
        height=height,
        width=width,
        directed=True,  # no merging of parallel edges; each edge says if it has an arrow
        notebook=notebook,
        heading=shown,
        cdn_resources="in_line",
    )
    _offline(pv)
    for n, d in G.nodes(data=True):
        alive = bool(d.get("alive", True))
        col = color_of.get(str(n), colors["default"])
        x, y = pos.get(str(n), (0.0, 0.0))
        pv.add_node(
            str(n),
            label=names[str(n)],
            title=_node_title(str(n), d, iso),
            color={
                "background": col,
                "border": "#3d4654",
                "highlight": {"background": col, "border": "#000000"},
            },
            opacity=1.0 if alive else 0.45,
            shapeProperties={"borderDashes": False if alive else [4, 3]},
            x=float(x),
            y=float(y),
            size=12,
        )
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[2]):
        rt = RELATION_TYPES[d["type"]]
        style = RELATION_STYLES[d["type"]]
        c = curve.get(str(k), 0)
        cw = (c % 2 == 1) != (str(u) > str(v))
        pv.add_edge(
            str(u),
            str(v),
            id=str(k),
            title=_edge_title(str(u), str(v), str(k), d, names),
            color={"color": edge_rgba(d["type"], d["confidence"]), "inherit": False},
            dashes=[2 * x for x in style.dash] if style.dash else False,
            arrows={"to": {"enabled": rt.directed, "scaleFactor": 0.6}},
            width=2.2 * CONFIDENCE_WIDTH.get(d["confidence"], 1.0),
            smooth=(
                {
                    "enabled": True,
                    "type": "curvedCW" if cw else "curvedCCW",
                    "roundness": 0.2 * ((c + 1) // 2),
                }
                if c
                else False
            ),
            relation_type=d["type"],
            directional=rt.directed,
        )
    pv.set_options(
        json.dumps(
            {
                "physics": {"enabled": bool(physics)},
                "layout": {"improvedLayout": False, "randomSeed": 0},
                "interaction": {"hover": True, "tooltipDelay": 200},
                "nodes": {
                    "shape": "dot",
                    "borderWidth": 1,
                    "font": {"size": 13, "strokeWidth": 3, "strokeColor": "#ffffff"},
                },
                "edges": {"smooth": False},
            }
        )
    )
    return pv
