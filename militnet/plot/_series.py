"""``militnet.plot.series``: measures over time, from :meth:`Network.series`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from militnet._core.errors import ArgumentError
from militnet._views.style import distinct_colors
from militnet.plot._common import literal, new_axes

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from militnet._classes.network import Network

_COLUMNS = ("date", "group", "measure", "value")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def series(
    df: pd.DataFrame,
    measure: str | None = None,
    groups: Iterable[str] | None = None,
    *,
    ax: Axes | None = None,
    top: int = 6,
    net: Network | None = None,
    legend: bool = True,
    title: str | None = None,
    figsize: tuple[float, float] = (9.0, 4.8),
) -> Axes:
    """Plot one measure over time for a few groups, from a tidy series table.

    Parameters
    ----------
    df : pandas.DataFrame
        Columns ``date, group, measure, value``, as :meth:`Network.series
        <militnet.Network.series>` returns.
    measure : str, optional
        The measure to plot; may be omitted when ``df`` holds only one.
    groups : iterable of str, optional
        Group ids to plot (default: the ``top`` groups by their highest value).
        With ``net``, names are accepted too.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    top : int
        How many groups when ``groups`` is not given.
    net : Network, optional
        Used to label lines with group names instead of ids.
    legend : bool
        Add a legend.
    title : str, optional
        Axes title (default: the measure).

    Returns
    -------
    matplotlib.axes.Axes
        One line per group (``ax.get_lines()``), a marker on each day; a
        group is absent on days it was not alive.

    Examples
    --------
    >>> import militnet, militnet.plot
    >>> net = militnet.load_dataset("afpak")
    >>> df = net.series("2010-01-01", "2020-01-01", measures="degree")
    >>> ax = militnet.plot.series(df, groups=["ttp", "iskp"], net=net)
    >>> [line.get_label() for line in ax.get_lines()]
    ['Tehrik-i-Taliban Pakistan', 'Islamic State Khorasan Province']
    """
    import pandas as pd

    missing = [c for c in _COLUMNS if c not in df.columns]
    if missing:
        raise ArgumentError(
            f"series table lacks column(s) {', '.join(missing)}; expected the "
            f"output of Network.series (date, group, measure, value)"
        )
    measures = list(dict.fromkeys(df["measure"]))
    if measure is None:
        if len(measures) != 1:
            raise ArgumentError(
                f"the table holds several measures ({', '.join(measures)}); "
                f"choose one with measure="
            )
        measure = measures[0]
    elif measure not in measures:
        raise ArgumentError(
            f"measure {measure!r} is not in the table; it has {', '.join(measures) or 'none'}"
        )
    d = df[df["measure"] == measure]
    if groups is None:
        peak = (
            d.groupby("group", sort=False)["value"]
            .max()
            .sort_values(ascending=False, kind="stable")
        )
        chosen = [str(g) for g in peak.index[:top]]
    else:
        chosen = [net.resolve(g) if net is not None else str(g) for g in groups]
        absent = [g for g in chosen if g not in set(d["group"])]
        if absent:
            raise ArgumentError(f"no {measure} values for {', '.join(absent)} in the table")
    names: dict[str, str] = (
        {str(k): str(v) for k, v in net.groups["name"].items()} if net is not None else {}
    )

    ax = new_axes(ax, figsize)
    wide = d.pivot(index="date", columns="group", values="value").sort_index()
    dates = pd.to_datetime(wide.index)
    colors = distinct_colors(len(chosen))  # one colour per group, never repeated
    for i, g in enumerate(chosen):
        ax.plot(
            dates,
            wide[g].to_numpy(dtype=float),
            label=literal(names.get(g, g)),
            color=colors[i],
            marker=_MARKERS[i % len(_MARKERS)],
            markersize=4,
            lw=1.8,
        )
    ax.set_ylabel(measure)
    ax.set_title(title if title is not None else measure)
    ax.grid(color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if legend and chosen:
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    return ax
