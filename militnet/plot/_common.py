"""Shared pieces of the figures: axes, legends, deterministic saving."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from militnet._views.style import CONFIDENCE_OPACITY, RELATION_STYLES, mpl_linestyle

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: rcParams every militnet figure is drawn and saved with: a fixed SVG id salt
#: so SVG files are byte-identical, and no font subsetting surprises.
RC = {"svg.hashsalt": "militnet", "svg.fonttype": "path", "pdf.fonttype": 42}


def new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """``ax``, or the axes of a new figure of ``figsize`` inches."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _fig, new = plt.subplots(figsize=figsize, layout="constrained")
    return new


def relation_handles(types: list[str], *, lw: float = 2.0) -> list[Any]:
    """Legend handles for relation types, drawn as in the figures and the HTML."""
    from matplotlib.lines import Line2D

    out = []
    for t in types:
        st = RELATION_STYLES[t]
        marker = ">" if st.arrow else None
        style: Any = mpl_linestyle(st.dash)
        out.append(
            Line2D(
                [],
                [],
                color=st.color,
                linestyle=style,
                lw=lw,
                marker=marker,
                markevery=[-1] if marker else None,
                markersize=6,
                label=st.label,
            )
        )
    return out


def confidence_handles(levels: list[str]) -> list[Any]:
    """Legend handles for confidence levels (opacity of the edge)."""
    from matplotlib.lines import Line2D

    return [
        Line2D([], [], color="#333333", lw=2.0, alpha=CONFIDENCE_OPACITY[c], label=c)
        for c in levels
    ]


def add_legend(
    ax: Axes,
    sections: list[tuple[str, list[Any]]],
    *,
    fontsize: float = 8.0,
    labelspacing: float = 0.5,
) -> Any:
    """One legend right of the axes, in titled sections (empty sections are left out).

    A single legend, so that the layout engine and tight bounding boxes make
    room for all of it.
    """
    from matplotlib.lines import Line2D

    handles: list[Any] = []
    headers: list[int] = []
    for title, items in sections:
        if not items:
            continue
        headers.append(len(handles))
        handles.append(Line2D([], [], linestyle="", marker="", label=literal(title)))
        for h in items:  # entry labels name data values: drawn literally
            h.set_label(literal(h.get_label()))
        handles.extend(items)
    if not handles:
        return None
    leg = ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=fontsize,
        frameon=False,
        handlelength=2.6,
        labelspacing=labelspacing,
    )
    texts = leg.get_texts()
    for i in headers:
        texts[i].set_fontweight("bold")
    return leg


def literal(text: object) -> str:
    r"""Text from data as matplotlib draws it literally: every ``$`` escaped, so
    that a name such as ``$x^y$`` is never read as mathtext (which would draw
    something else or raise on a malformed expression). The one escaper for
    every label, title and legend entry that comes from data.

    >>> literal("Group $x^2$")
    'Group \\$x^2\\$'
    """
    return str(text).replace("$", "\\$")


def wrap(text: str, width: int) -> str:
    r"""Wrap a label at spaces only: hyphenated names and words longer than
    ``width`` stay whole ("Harkat-ul-Mujahideen" is never split). The result
    is :func:`literal` (drawn as written, never as mathtext).

    >>> wrap("Harkat-ul-Mujahideen al-Alami", 12)
    'Harkat-ul-Mujahideen\nal-Alami'
    """
    return literal(
        "\n".join(textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False))
        or text
    )


def save(fig: Figure | Axes, path: str | Path, *, dpi: int = 150, **kwargs: Any) -> Path:
    """Save a figure so that the same figure always gives the same bytes.

    PNG, SVG and PDF are written without creation dates or the matplotlib
    version in their metadata, and with a fixed SVG id salt; ``fig`` may be a
    figure or one of its axes. Other keyword arguments go to
    :meth:`matplotlib.figure.Figure.savefig`.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import militnet, militnet.plot, tempfile, pathlib
    >>> net = militnet.load_dataset("afpak")
    >>> ax = militnet.plot.network(net, at="2016-01-01")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     a = militnet.plot.save(ax, pathlib.Path(d) / "a.svg").read_bytes()
    ...     b = militnet.plot.save(ax, pathlib.Path(d) / "b.svg").read_bytes()
    >>> a == b
    True
    """
    import matplotlib as mpl

    figure = fig.get_figure() if hasattr(fig, "get_figure") and not hasattr(fig, "savefig") else fig
    out = Path(path)
    fmt = kwargs.pop("format", None) or out.suffix.lstrip(".").lower() or "png"
    meta: dict[str, Any] = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
    }.get(fmt, {})
    meta.update(kwargs.pop("metadata", {}) or {})
    target: Any = figure
    supported = target.canvas.get_supported_filetypes()
    if fmt not in supported:
        from militnet._core.errors import ArgumentError

        raise ArgumentError(
            f"cannot save a figure in format {fmt!r}; expected one of "
            f"{', '.join(sorted(supported))}"
        )
    kwargs.setdefault("bbox_inches", "tight")  # legends sit outside the axes
    rc: Any = RC
    from militnet._dataset.outputs import check_output, write_atomic

    check_output(out)  # never into a bundled dataset or the installed package
    buf = io.BytesIO()
    with mpl.rc_context(rc):
        target.draw_without_rendering()  # run the layout before the tight bounding box
        target.savefig(buf, format=fmt, dpi=dpi, metadata=meta or None, **kwargs)
    return write_atomic(out, buf.getvalue())
