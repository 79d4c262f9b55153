"""The visual language of militnet, shared by the figures and the HTML view.

One place defines how each relation type and confidence level looks, so a
figure in a paper and the interactive HTML read the same way:

- :data:`RELATION_STYLES`: relation type → :class:`RelationStyle` (colour,
  dash pattern, arrow, legend label);
- :data:`CONFIDENCE_OPACITY`: confidence level → opacity of the edge;
- :data:`CATEGORY_COLORS`: a colour-blind-safe cycle for node categories
  (orientation, country...), and :data:`NODE_COLOR` for uncoloured nodes.

Dash patterns are ``(on, off)`` lengths in points (``()`` is a solid line):
:func:`mpl_linestyle` turns them into a matplotlib line style, and
vis-network takes them as its ``dashes`` array (``False`` when solid).

Examples
--------
>>> from militnet._views.style import RELATION_STYLES, edge_rgba, mpl_linestyle
>>> RELATION_STYLES["pledge"].color, RELATION_STYLES["pledge"].arrow
('#1f78b4', True)
>>> mpl_linestyle(RELATION_STYLES["rivalry"].dash)
(0, (6, 3))
>>> edge_rgba("alliance", "alleged")
'rgba(27, 158, 119, 0.4)'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

__all__ = [
    "CATEGORY_COLORS",
    "COMMUNITY_COLORS",
    "CONFIDENCE_OPACITY",
    "CONFIDENCE_WIDTH",
    "NODE_COLOR",
    "RELATION_STYLES",
    "RelationStyle",
    "category_colors",
    "category_palette",
    "community_categories",
    "community_color",
    "edge_rgba",
    "hex_to_rgb",
    "mpl_linestyle",
]


class RelationStyle(NamedTuple):
    """How one relation type is drawn."""

    color: str
    """Hex colour ``#rrggbb``."""
    dash: tuple[int, ...]
    """``(on, off)`` dash lengths in points; ``()`` for a solid line."""
    arrow: bool
    """Whether an arrow head marks the direction (source → target)."""
    label: str
    """Legend label."""


#: Relation type → style. Cooperation is solid (alliance green, pledge blue
#: with an arrow towards the group pledged to); lineage is dashed with an
#: arrow (split orange, merger purple); rivalry is red and dashed, without
#: arrow.
RELATION_STYLES: Mapping[str, RelationStyle] = MappingProxyType(
    {
        "alliance": RelationStyle("#1b9e77", (), False, "alliance"),
        "pledge": RelationStyle("#1f78b4", (), True, "pledge (allegiance)"),
        "split": RelationStyle("#d95f02", (2, 2), True, "split (breaks away from)"),
        "merger": RelationStyle("#7570b3", (8, 2, 2, 2), True, "merger (folds into)"),
        "rivalry": RelationStyle("#d62728", (6, 3), False, "rivalry"),
    }
)

#: Confidence level → edge opacity: established facts are drawn solid,
#: allegations faint.
CONFIDENCE_OPACITY: Mapping[str, float] = MappingProxyType(
    {"confirmed": 1.0, "reported": 0.7, "alleged": 0.4}
)

#: Confidence level → relative edge width.
CONFIDENCE_WIDTH: Mapping[str, float] = MappingProxyType(
    {"confirmed": 1.0, "reported": 1.0, "alleged": 0.75}
)

#: Fill of nodes that are not coloured by an attribute.
NODE_COLOR = "#b0b7c3"

#: Colour-blind-safe colours (Okabe & Ito 2008, without black and grey) for the
#: first node categories; :func:`category_colors` continues with further
#: distinct colours rather than repeating them.
CATEGORY_COLORS: tuple[str, ...] = (
    "#e69f00",
    "#56b4e9",
    "#009e73",
    "#f0e442",
    "#0072b2",
    "#d55e00",
    "#cc79a7",
)


#: Colours of communities by their stable number (1 -> the first): the
#: Okabe & Ito colours (:data:`CATEGORY_COLORS`), then Paul Tol's and further
#: distinct hues, no grey (grey, :data:`NODE_COLOR`, is for groups in no
#: community). Past these,
#: :func:`community_color` generates further distinct colours.
COMMUNITY_COLORS: tuple[str, ...] = (
    *CATEGORY_COLORS,
    "#882255",
    "#44aa99",
    "#999933",
    "#332288",
    "#8c564b",
    "#e7298a",
    "#b2df8a",
    "#6a3d9a",
    "#17becf",
    "#fb9a99",
    "#a6761d",
)


def community_color(number: int) -> str:
    """The colour of the community with stable number ``number`` (from 1).

    Communities keep their number while they continue
    (:func:`militnet.community_tracks`), and a number has one colour:
    different numbers never share a colour (:data:`COMMUNITY_COLORS`, then
    hues spaced by the golden angle at alternating lightness, skipping any
    colour already used), so no colour is reused among the communities of a
    figure or of the page.

    Examples
    --------
    >>> community_color(1), community_color(2)
    ('#e69f00', '#56b4e9')
    >>> len({community_color(k) for k in range(1, 200)})
    199
    """
    if number < 1:
        raise ValueError(f"community numbers start at 1, got {number}")
    return distinct_colors(number)[number - 1]


def distinct_colors(n: int) -> list[str]:
    """``n`` distinct colours, never grey: :data:`COMMUNITY_COLORS`, then hues
    spaced by the golden angle."""
    import colorsys

    out = list(COMMUNITY_COLORS)
    seen = set(out) | {NODE_COLOR}
    k = 0
    while len(out) < n:
        hue = (0.11 + k * 0.381966) % 1.0
        light = (0.42, 0.6, 0.32, 0.7)[(k // 7) % 4]
        r, g, b = colorsys.hls_to_rgb(hue, light, 0.7)
        c = f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"
        k += 1
        if c not in seen:
            seen.add(c)
            out.append(c)
    return out


def community_categories(
    net: Any,
    day: Any,
    policy: Any,
    *,
    seed: int | None = 0,
    min_size: int = 3,
) -> tuple[dict[str, str], dict[str, str]]:
    """Community colours of a day, for figures and the page alike.

    Returns group id -> label (``"community 10 · Afghan Taliban"``: the
    stable number of :func:`militnet.community_tracks` and the name of its
    best-connected member that day; ``""`` for a group in no community of
    ``min_size`` or more, or not active), and label -> colour, the labels in
    numeric order of their numbers, ``""`` (grey, :data:`NODE_COLOR`) last.

    Examples
    --------
    >>> import militnet
    >>> net = militnet.load_dataset("afpak")
    >>> cats, colors = community_categories(net, "2021-09-15", militnet.TiePolicy())
    >>> labels = [k for k in colors if k]
    >>> labels[0].startswith("community ")  # e.g. "community 6 · Tehrik-i-Taliban Pakistan"
    True
    >>> numbers = [int(k.split()[1]) for k in labels]
    >>> numbers == sorted(numbers), len(set(colors.values())) == len(colors)
    (True, True)
    >>> colors[""] == NODE_COLOR and set(cats.values()) == set(labels)
    True
    """
    from militnet._algorithms.tracks import trace_communities
    from militnet._core.dates import as_day

    d = as_day(day)
    tr = trace_communities(net, [d], policy, seed=seed, min_size=min_size)
    number = tr.on(d)
    anchor = tr.anchor_of(d)
    names = net.frame("groups")["name"].to_dict()
    label = {k: f"community {k} · {names.get(a, a)}" for k, a in anchor.items()}
    cats = {g: label[k] for g, k in number.items()}
    colors = {label[k]: community_color(k) for k in sorted(label)}
    colors[""] = NODE_COLOR
    return cats, colors


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """``"#1b9e77"`` → ``(27, 158, 119)``."""
    c = color.lstrip("#")
    return (int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16))


def edge_rgba(relation_type: str, confidence: str = "confirmed") -> str:
    """CSS ``rgba(...)`` colour of an edge, with the opacity of its confidence."""
    r, g, b = hex_to_rgb(RELATION_STYLES[relation_type].color)
    return f"rgba({r}, {g}, {b}, {CONFIDENCE_OPACITY.get(confidence, 1.0)})"


def mpl_linestyle(dash: tuple[int, ...]) -> str | tuple[int, tuple[int, ...]]:
    """A dash pattern as a matplotlib line style (``"solid"`` or ``(0, dash)``)."""
    return (0, tuple(dash)) if dash else "solid"


def category_palette(net: Any, column: str) -> dict[str, str]:
    """The one colour per value of a group column, from **every** group of the
    network (the first item of list columns such as ``country``).

    Figures and the HTML page all take their category colours from here, so a
    value has the same colour whatever subset of groups or day is drawn: the
    values are sorted and coloured in that order (:func:`category_colors`).

    Examples
    --------
    >>> from militnet import Group, Network
    >>> net = Network([Group("a", "A", orientation="jihadist"),
    ...                Group("b", "B", orientation="nationalist")])
    >>> category_palette(net, "orientation")["nationalist"]
    '#56b4e9'
    """
    from militnet._core.model import split_list

    values = [(split_list(str(v)) or ("",))[0] for v in net.groups[column]]
    return category_colors(values)


def category_colors(values: list[str]) -> dict[str, str]:
    """A colour per distinct value, in sorted order (``""`` gets :data:`NODE_COLOR`).

    The same values always get the same colours, and no two values share one:
    the colour-blind-safe :data:`CATEGORY_COLORS` first, then the further
    distinct colours communities use (:func:`community_color`), never grey.

    Examples
    --------
    >>> category_colors(["jihadist", "", "nationalist", "jihadist"])
    {'': '#b0b7c3', 'jihadist': '#e69f00', 'nationalist': '#56b4e9'}
    """
    distinct = sorted(set(values))
    colors = iter(distinct_colors(len(distinct)))
    return {v: NODE_COLOR if v == "" else next(colors) for v in distinct}
