"""Countries: Natural Earth admin-0 names, codes, bounding boxes and outlines.

The outlines come from ``countries.json`` next to this module (built by
``make_outlines.py`` from Natural Earth, public domain; see ``ATTRIBUTION.md``).
Nothing is downloaded: the file is part of the package.

Maps use a plain equirectangular projection: x is the longitude and y the latitude
in degrees, and the axes aspect is ``1 / cos(mid-latitude)`` so shapes look right
near the middle of the map. Points are therefore plotted with
``ax.scatter(lon, lat)`` as they are.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

#: The outlines file, shipped next to this module.
DATA_FILE = Path(__file__).with_name("countries.json")

BBox = tuple[float, float, float, float]


# ----------------------------------------------------------------------------- data


@lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        doc: dict[str, Any] = json.load(fh)
    return doc


def load_countries() -> dict[str, dict[str, Any]]:
    """All Natural Earth admin-0 units, keyed by their Natural Earth ``NAME``.

    Returns
    -------
    dict
        ``{name: record}``. A record has ``name``, ``iso_a2``, ``iso_a3``,
        ``iso_n3`` (``None`` where ISO has no code), ``alt_names`` (list of str),
        ``bbox`` (``[min_lon, min_lat, max_lon, max_lat]``), optionally
        ``bbox_wrap`` (the tighter box across the antimeridian, ``min_lon > max_lon``),
        ``scale`` (``"110m"``, ``"50m"`` or ``"10m"``) and ``polygons`` (closed outer
        rings, lists of ``[lon, lat]``).

    Notes
    -----
    The file is read once and cached; the same dict is returned on every call, so
    treat it as read-only.
    """
    countries: dict[str, dict[str, Any]] = _document()["countries"]
    return countries


def normalise(text: str) -> str:
    """Return the matching key of a country name or code.

    Parameters
    ----------
    text : str
        A name or code, as event data write it.

    Returns
    -------
    str
        Casefolded, accents stripped, ``&`` read as "and", punctuation turned into
        single spaces, a leading "the" dropped: ``"Côte d'Ivoire"`` and
        ``"cote d ivoire"`` give the same key.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for name, rec in load_countries().items():
        keys = [name, *rec["alt_names"], rec["iso_a2"] or "", rec["iso_a3"] or ""]
        for key in keys:
            if key:
                index.setdefault(normalise(key), name)
    return index


def find_country(name: str) -> dict[str, Any] | None:
    """Return the record of a country given by name, ISO code or alternate name.

    Parameters
    ----------
    name : str
        ``"Afghanistan"``, ``"AF"``, ``"afg"``, ``"Iran (Islamic Republic of)"``,
        ``"Kyrgyz Republic"``, ``"Burma"``, ``"Türkiye"``... (case-, accent- and
        punctuation-insensitive).

    Returns
    -------
    dict or None
        The record (see `load_countries`), or ``None`` if nothing matches.
    """
    key = _index().get(normalise(name))
    return None if key is None else load_countries()[key]


def country_bbox(name: str) -> tuple[float, float, float, float] | None:
    """Bounding box of a country, from Natural Earth's most detailed (1:10m) outline.

    Parameters
    ----------
    name : str
        Name, ISO alpha-2 / alpha-3 code or alternate name (see `find_country`).

    Returns
    -------
    tuple of float or None
        ``(min_lon, min_lat, max_lon, max_lat)``, or ``None`` for an unknown name.
        For units on both sides of the antimeridian (Russia, Fiji, the USA, New
        Zealand, Kiribati) it spans -180..180; `in_country_bbox` uses the tighter
        box instead.
    """
    rec = find_country(name)
    if rec is None:
        return None
    w, s, e, n = rec["bbox"]
    return (float(w), float(s), float(e), float(n))


def in_country_bbox(name: str, lon: float, lat: float, *, margin: float = 0.0) -> bool | None:
    """Whether a point lies in a country's bounding box.

    Parameters
    ----------
    name : str
        Name, ISO code or alternate name (see `find_country`).
    lon, lat : float
        The point, in degrees.
    margin : float, optional
        Degrees added on every side of the box (for imprecise geocoding).

    Returns
    -------
    bool or None
        ``None`` for an unknown country. Boxes across the antimeridian
        (``bbox_wrap``) are handled.
    """
    rec = find_country(name)
    if rec is None:
        return None
    w, s, e, n = rec.get("bbox_wrap", rec["bbox"])
    if not s - margin <= lat <= n + margin:
        return False
    x = (lon - w + margin) % 360.0 if w > e else lon - w + margin
    width = (e - w) % 360.0 if w > e else e - w
    return bool(0.0 <= x <= width + 2 * margin)
