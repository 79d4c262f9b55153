"""Country outlines for maps: Natural Earth admin-0 units drawn with matplotlib alone.

The outlines come from :func:`militnet._core.places.load_countries` (the
``countries.json`` shipped in ``militnet/_core``, built by
``tools/make_outlines.py`` from Natural Earth, public domain; see
``militnet/_core/COUNTRIES-ATTRIBUTION.md``). Nothing is downloaded.

Maps use a plain equirectangular projection: x is the longitude and y the latitude
in degrees, and the axes aspect is ``1 / cos(mid-latitude)`` so shapes look right
near the middle of the map. Points are therefore plotted with
``ax.scatter(lon, lat)`` as they are.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._core.places import load_countries

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.collections import PolyCollection
    from numpy.typing import NDArray

__all__ = ["Extent", "draw_countries"]

#: ``(lon_min, lon_max, lat_min, lat_max)``, matplotlib's extent order.
Extent = tuple[float, float, float, float]


# ----------------------------------------------------------------------------- drawing


class _Rings:
    """Every ring as an array, with its bbox and the index of its country."""

    def __init__(self) -> None:
        names = sorted(load_countries())
        self.names = names
        arrays: list[NDArray[np.float64]] = []
        owners: list[int] = []
        for k, name in enumerate(names):
            for ring in load_countries()[name]["polygons"]:
                arrays.append(np.asarray(ring, dtype=float))
                owners.append(k)
        self.arrays = arrays
        self.owner = np.asarray(owners, dtype=int)
        self.bbox = np.array(
            [[a[:, 0].min(), a[:, 1].min(), a[:, 0].max(), a[:, 1].max()] for a in arrays]
        )
        self.area = np.array([abs(_ring_area(a)) for a in arrays])
        self.lines = [_border_lines(a) for a in arrays]


def _border_lines(ring: NDArray[np.float64]) -> list[NDArray[np.float64]]:
    """Split a ring into the polylines worth stroking.

    Edges along the antimeridian (where a ring was cut) or along a pole (where
    Antarctica was closed) are not borders and are left out.
    """
    x, y = ring[:, 0], ring[:, 1]
    cut = ((np.abs(x[:-1]) == 180.0) & (x[:-1] == x[1:])) | (
        (np.abs(y[:-1]) == 90.0) & (y[:-1] == y[1:])
    )
    if not cut.any():
        return [ring]
    bad = np.flatnonzero(cut)
    # rotate so the ring starts right after a cut edge, then split at the others
    start = int(bad[0]) + 1
    pts = np.concatenate([ring[start:-1], ring[:start]])
    keep = np.concatenate([cut[start:], cut[:start]])
    lines, begin = [], 0
    for i in np.flatnonzero(keep).tolist():
        if i - begin >= 1:
            lines.append(pts[begin : i + 1])
        begin = i + 1
    return lines


def _ring_area(a: NDArray[np.float64]) -> float:
    x, y = a[:, 0], a[:, 1]
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))


@lru_cache(maxsize=1)
def _rings() -> _Rings:
    return _Rings()


def _visible(extent: Extent) -> list[tuple[int, int, float]]:
    """(country index, ring index, longitude shift) for rings meeting ``extent``."""
    lon0, lon1, lat0, lat1 = extent
    rings = _rings()
    bb = rings.bbox
    out = []
    for shift in (-360.0, 0.0, 360.0):
        # strict: a ring only touching the map edge (or a copy of it) adds nothing
        hit = (
            (bb[:, 0] + shift < lon1)
            & (bb[:, 2] + shift > lon0)
            & (bb[:, 1] < lat1)
            & (bb[:, 3] > lat0)
        )
        for i in np.flatnonzero(hit):
            out.append((-float(rings.area[i]), int(i), shift, int(rings.owner[i])))
    # large rings first, so enclaves (Lesotho, San Marino...) are drawn on top
    out.sort()
    return [(owner, i, shift) for _area, i, shift, owner in out]


def _shifted(a: NDArray[np.float64], shift: float) -> NDArray[np.float64]:
    return a + np.array([shift, 0.0]) if shift else a


def draw_countries(
    ax: Axes,
    extent: tuple[float, float, float, float],
    *,
    facecolor: Any = "#f1efe8",
    edgecolor: Any = "#8a8a8a",
    linewidth: float = 0.6,
    label: bool = True,
    fontsize: float = 9.0,
    label_color: Any = "#5a5a5a",
    oceancolor: Any = "#e4eef5",
    zorder: float = 0.0,
) -> PolyCollection:
    """Draw the country outlines that meet ``extent`` and set up geographic axes.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to draw in. Its limits become ``extent`` and its aspect
        ``1 / cos(mid-latitude)`` (equirectangular projection: x = longitude,
        y = latitude), and its ticks read as degrees.
    extent : tuple of float
        ``(lon_min, lon_max, lat_min, lat_max)`` in degrees (matplotlib's / cartopy's
        extent order, not the ``bbox`` order). Longitudes may go past +/-180
        (e.g. ``(160, 200, -25, -10)`` for Fiji).
    facecolor, edgecolor : color
        Land fill and border colours.
    linewidth : float
        Border width in points.
    label : bool
        Write country names, each at the point of its visible part farthest from its
        borders and the map edges, if the name fits there without overlapping
        another name.
    fontsize : float
        Label size in points (a label that does not fit is tried at 85 % before it
        is left out).
    label_color : color
        Label colour.
    oceancolor : color or None
        Axes background (sea); ``None`` leaves it alone.
    zorder : float
        Z-order of the outlines; labels go 0.5 above, so points drawn with the
        default z-order (1 or more) stay on top of both.

    Returns
    -------
    matplotlib.collections.PolyCollection
        The land (one collection for all rings, added to ``ax``). The borders are a
        `~matplotlib.collections.LineCollection` drawn just above it (``gid``
        ``"country-borders"``), so that cuts at the antimeridian do not show as lines.
    """
    from matplotlib.collections import LineCollection, PolyCollection

    lon0, lon1, lat0, lat1 = (float(v) for v in extent)
    if not (lon0 < lon1 and lat0 < lat1 and lat0 >= -90.0 and lat1 <= 90.0):
        raise ValueError(f"extent must be (lon_min, lon_max, lat_min, lat_max), got {extent}")
    box = (lon0, lon1, lat0, lat1)
    visible = _visible(box)
    rings = _rings()
    land = PolyCollection(
        [_shifted(rings.arrays[i], dx) for _k, i, dx in visible],
        closed=True,
        facecolors=facecolor,
        edgecolors="face",
        linewidths=0.2,
        zorder=zorder,
        gid="country-land",
    )
    ax.add_collection(land, autolim=False)
    borders = LineCollection(
        [_shifted(line, dx) for _k, i, dx in visible for line in rings.lines[i]],
        colors=edgecolor,
        linewidths=linewidth,
        zorder=zorder + 0.01,
        capstyle="round",
        joinstyle="round",
        gid="country-borders",
    )
    ax.add_collection(borders, autolim=False)
    _geo_axes(ax, box)
    if oceancolor is not None:
        ax.set_facecolor(oceancolor)
    if label:
        by_country: dict[int, list[NDArray[np.float64]]] = {}
        for k, i, dx in visible:
            by_country.setdefault(k, []).append(_shifted(rings.arrays[i], dx))
        _label_countries(
            ax, box, by_country, fontsize=fontsize, color=label_color, zorder=zorder + 0.5
        )
    return land


def _geo_axes(ax: Axes, extent: Extent) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    lon0, lon1, lat0, lat1 = extent
    mid = min(max((lat0 + lat1) / 2.0, -80.0), 80.0)
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1.0 / math.cos(math.radians(mid)), adjustable="box")

    def lon_fmt(x: float, _pos: int | None) -> str:
        x = (x + 180.0) % 360.0 - 180.0
        return f"{abs(x):g}°{'E' if 0 < x < 180 else 'W' if -180 < x < 0 else ''}"

    def lat_fmt(y: float, _pos: int | None) -> str:
        return f"{abs(y):g}°{'N' if y > 0 else 'S' if y < 0 else ''}"

    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(lon_fmt))
    ax.yaxis.set_major_formatter(FuncFormatter(lat_fmt))
    ax.tick_params(labelsize="small", length=2)


# ----------------------------------------------------------------------------- labels


def _inside(rings: list[NDArray[np.float64]], pts: NDArray[np.float64]) -> NDArray[np.bool_]:
    """Points inside any of ``rings`` (even-odd within a ring)."""
    from matplotlib.path import Path as MplPath

    hit = np.zeros(len(pts), dtype=bool)
    for ring in rings:
        lo, hi = ring.min(axis=0), ring.max(axis=0)
        near = np.flatnonzero(np.all((pts >= lo) & (pts <= hi), axis=1))
        if near.size:
            hit[near] |= MplPath(ring).contains_points(pts[near])
    return hit


def _boundary_distance(
    rings: list[NDArray[np.float64]], pts: NDArray[np.float64], kx: float
) -> NDArray[np.float64]:
    """Distance (in latitude degrees, x scaled by ``kx``) from points to ring edges."""
    best = np.full(len(pts), np.inf)
    scale = np.array([kx, 1.0])
    for ring in rings:
        r = ring * scale
        a, b = r[:-1], r[1:]
        ab = b - a
        len2 = np.maximum((ab**2).sum(axis=1), 1e-12)
        p = pts * scale
        for start in range(0, len(p), 256):  # chunks keep the matrices small
            q = p[start : start + 256, None, :]
            t = np.clip(((q - a) * ab).sum(axis=2) / len2, 0.0, 1.0)
            d = np.sqrt((((a + t[..., None] * ab) - q) ** 2).sum(axis=2)).min(axis=1)
            best[start : start + 256] = np.minimum(best[start : start + 256], d)
    return best


def _text_size(text: str, fontsize: float) -> tuple[float, float]:
    """Width and height of ``text`` in points."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    w, h, _d = TextToPath().get_text_width_height_descent(
        text, FontProperties(size=fontsize), ismath=False
    )
    return float(w), float(h)


def _label_countries(
    ax: Axes,
    extent: Extent,
    by_country: dict[int, list[NDArray[np.float64]]],
    *,
    fontsize: float,
    color: Any,
    zorder: float,
) -> None:
    lon0, lon1, lat0, lat1 = extent
    kx = math.cos(math.radians(min(max((lat0 + lat1) / 2.0, -80.0), 80.0)))
    # data degrees per point, from the axes size (after the aspect is applied)
    ax.apply_aspect()
    height_pt = ax.get_window_extent().height / ax.figure.dpi * 72.0
    deg_per_pt = (lat1 - lat0) / max(height_pt, 1.0)

    # a grid over the map, square on screen
    ny = 48
    nx = max(8, round(ny * (lon1 - lon0) * kx / (lat1 - lat0)))
    gx = lon0 + (np.arange(nx) + 0.5) * (lon1 - lon0) / nx
    gy = lat0 + (np.arange(ny) + 0.5) * (lat1 - lat0) / ny
    grid = np.column_stack([np.repeat(gx, ny), np.tile(gy, nx)])
    edge = np.minimum.reduce(
        [(grid[:, 0] - lon0) * kx, (lon1 - grid[:, 0]) * kx, grid[:, 1] - lat0, lat1 - grid[:, 1]]
    )

    candidates = []
    for k, rings in by_country.items():
        inside = _inside(rings, grid)
        if inside.any():
            candidates.append((int(inside.sum()), k, rings, np.flatnonzero(inside)))
    candidates.sort(key=lambda c: (-c[0], c[1]))  # biggest visible part first

    placed: list[tuple[float, float, float, float]] = []
    names = _rings().names
    for _count, k, rings, idx in candidates:
        name = names[k]
        pts = grid[idx]
        dist = np.minimum(_boundary_distance(rings, pts, kx), edge[idx])
        order = np.argsort(-dist, kind="stable")[:40]
        for size in (fontsize, 0.85 * fontsize):
            w_pt, h_pt = _text_size(name, size)
            hw = (w_pt / 2 + 2) * deg_per_pt / kx  # half width, longitude degrees
            hh = (h_pt / 2 + 1.5) * deg_per_pt  # half height, latitude degrees
            spot = _fit(rings, pts[order], hw, hh, extent, placed)
            if spot is not None:
                x, y = spot
                placed.append((x - hw, x + hw, y - hh, y + hh))
                ax.text(
                    x,
                    y,
                    name,
                    fontsize=size,
                    color=color,
                    ha="center",
                    va="center",
                    zorder=zorder,
                    clip_on=True,
                    gid="country-label",
                )
                break


def _fit(
    rings: list[NDArray[np.float64]],
    spots: NDArray[np.float64],
    hw: float,
    hh: float,
    extent: Extent,
    placed: list[tuple[float, float, float, float]],
) -> tuple[float, float] | None:
    """Return the first spot where a label box fits.

    That is, where a ``2hw x 2hh`` box lies in the country and the map, clear of the
    boxes already ``placed``.
    """
    lon0, lon1, lat0, lat1 = extent
    offsets = np.array([[dx * hw, dy * hh] for dx in (-1.0, 0.0, 1.0) for dy in (-1.0, 0.0, 1.0)])
    for x, y in spots:
        if x - hw < lon0 or x + hw > lon1 or y - hh < lat0 or y + hh > lat1:
            continue
        if any(x - hw < b[1] and b[0] < x + hw and y - hh < b[3] and b[2] < y + hh for b in placed):
            continue
        if _inside(rings, np.array([x, y]) + offsets).all():
            return float(x), float(y)
    return None
