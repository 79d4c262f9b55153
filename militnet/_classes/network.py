"""The :class:`Network`: groups, relations and sources, over time."""

from __future__ import annotations

import dataclasses
import html
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from militnet._core.arguments import check_class
from militnet._core.dates import PartialDate
from militnet._core.errors import ArgumentError, UnknownIdError, ValidationError
from militnet._core.model import (
    CONFIDENCE_LEVELS,
    EVENT_KINDS,
    LIST_SEP,
    RELATION_TYPES,
    Group,
    Relation,
    Source,
    as_cell,
)
from militnet._core.names import NameIndex
from militnet._core.policy import ALL_TYPES, TieKeywords, TiePolicy, pop_loose, tie_policy
from militnet._core.problems import ValidationReport
from militnet._core.schema import COLUMNS, EVENT_TABLES
from militnet._core.table import Table
from militnet._dataset.read import read_folder
from militnet._dataset.validate import check_tables
from militnet._dataset.write import metadata_json, tables_hash, write_folder
from militnet._engine.measures import DEFAULT_MEASURES

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from militnet._algorithms.lineage import Lineage
    from militnet._engine.snapshot import TimeIndex

__all__ = ["Network", "load", "load_dataset"]

TableLike = Any  # DataFrame, iterable of records or of mappings


def _to_table(name: str, data: TableLike) -> Table:
    """Turn a DataFrame, records or mappings into a :class:`Table` of strings."""
    label = f"<{name} table>"
    cols = list(COLUMNS[name])
    if data is None:
        return Table(name, label, cols, [])
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # DataFrame
        df = data
        if "id" not in cols:  # event_actors: a plain table, its index is not data
            df = df.reset_index(drop=True)
        elif "id" not in df.columns:
            df = df.reset_index()
            if "id" not in df.columns:
                df = df.rename(columns={df.columns[0]: "id"})
        names = [str(c) for c in df.columns]  # 1 and "1" both kept: validation refuses
        first: dict[str, int] = {}
        for j, n in enumerate(names):
            first.setdefault(n, j)
        extra_at = [j for j, n in enumerate(names) if n not in cols]
        n_rows = len(df)
        cells = [
            _cells(df.iloc[:, first[c]].tolist()) if c in first else [""] * n_rows for c in cols
        ]
        cells += [_cells(df.iloc[:, j].tolist()) for j in extra_at]
        return Table(name, label, cols + [names[j] for j in extra_at], cols=cells)
    else:
        if isinstance(data, (str, bytes)) or not hasattr(data, "__iter__"):
            raise ArgumentError(
                f"{name}: expected a DataFrame, or records or mappings, got {data!r}"
            )
        dicts: list[dict[str, Any]] = []
        extra: list[str] = []
        for rec in data:
            if hasattr(rec, "to_dict") and not isinstance(rec, Mapping):
                d = rec.to_dict()
            elif isinstance(rec, Mapping):
                d = dict(rec)
            else:
                raise ArgumentError(
                    f"{name}: expected a DataFrame, or records or mappings, got {rec!r}"
                )
            named = {str(k): v for k, v in d.items()}
            if len(named) != len(d):
                same = sorted({str(k) for k in d if sum(str(j) == str(k) for j in d) > 1})
                raise ArgumentError(
                    f"{name}: row {len(dicts)}: column names {same} appear "
                    f"more than once when written as text (e.g. 1 and '1')"
                )
            dicts.append(named)
            extra.extend(k for k in named if k not in cols and k not in extra)
    columns = cols + extra
    rows = [[as_cell(d.get(c, "")) for c in columns] for d in dicts]
    return Table(name, label, columns, rows)


class Network:
    """Militant groups, the dated relations between them, and their sources.

    A network is immutable: its tables are exposed as copies, and every
    analysis returns new objects.

    Parameters
    ----------
    groups, relations, sources : DataFrame, or iterable of records or mappings
        The three tables, with the columns documented in ``docs/format.md``
        (an ``id`` column or index). Records are :class:`Group`,
        :class:`Relation`, :class:`Source`. Further columns are kept.
    events, event_actors : DataFrame, or iterable of mappings, optional
        The evidence events (an ``id`` column or index: ``date``, ``kind``, place,
        ``summary``, ``sources``...) and the groups that took part in them (columns
        ``event``, ``group``, ``role``, ``confidence``). Relations cite events in their
        optional ``events`` column. Give both or neither (one alone means the other is
        empty); a network without events has ``events`` and ``event_actors`` empty and
        saves without the two files.
    metadata : mapping, optional
        Dataset metadata (``name``, ``title``, ``version``, ``licenses``,
        ``citation``...), as in ``datapackage.json``.

    Raises
    ------
    ValidationError
        If the tables have errors; ``exc.report`` lists all of them.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Relation, Source
    >>> net = militnet.Network(
    ...     groups=[Group("ttp", "Tehrik-i-Taliban Pakistan", aliases="TTP", founded="2007-12",
    ...                   sources="s1"),
    ...             Group("jua", "Jamaat-ul-Ahrar", founded="2014-08", sources="s1")],
    ...     relations=[Relation("r1", "jua", "ttp", "split", start="2014-08",
    ...                         confidence="confirmed", sources="s1"),
    ...                Relation("r2", "jua", "ttp", "merger", start="2020-08",
    ...                         confidence="confirmed", sources="s1")],
    ...     sources=[Source("s1", title="A report")],
    ... )
    >>> net
    <Network: 2 groups, 2 relations (split 1, merger 1), 1 source, 2007-12 to 2020-08>
    >>> net.relations[["source", "target", "type", "start"]]
         source target    type    start
    id
    r1    jua    ttp   split  2014-08
    r2    jua    ttp  merger  2020-08
    """

    def __init__(
        self,
        groups: TableLike = None,
        relations: TableLike = None,
        sources: TableLike = None,
        *,
        events: TableLike = None,
        event_actors: TableLike = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        tables = {
            "groups": _to_table("groups", groups),
            "relations": _to_table("relations", relations),
            "sources": _to_table("sources", sources),
        }
        if events is not None or event_actors is not None:
            tables["events"] = _to_table("events", events)
            tables["event_actors"] = _to_table("event_actors", event_actors)
        metadata_json(dict(metadata or {}))  # refuse metadata that would not save as JSON
        report = ValidationReport(check_tables(tables))
        if not report.ok:
            raise ValidationError(report, header="the tables do not make a valid network")
        self._init(tables, dict(metadata or {}), report)

    def _init(
        self, tables: dict[str, Table], metadata: dict[str, Any], report: ValidationReport
    ) -> None:
        import pandas as pd

        self._tables = tables
        self._meta = {k: v for k, v in metadata.items() if k != "resources"}
        self._report = report
        self._frames: dict[str, pd.DataFrame] = {}
        for name in EVENT_TABLES:  # both or neither
            if name not in tables and any(n in tables for n in EVENT_TABLES):
                tables[name] = Table(name, f"<{name} table>", list(COLUMNS[name]), [])
        for name, t in tables.items():
            cells = {c: t.array(c) for c in t.columns}
            if "id" not in COLUMNS[name]:  # event_actors: rows numbered from 0
                self._frames[name] = pd.DataFrame(cells, columns=list(cells), dtype=object)
                continue
            index = pd.Index(cells.pop("id"), name="id", dtype=object)
            self._frames[name] = pd.DataFrame(
                cells, index=index, columns=list(cells), dtype=object, copy=False
            )

    @classmethod
    def _from_tables(
        cls, tables: dict[str, Table], metadata: dict[str, Any], report: ValidationReport
    ) -> Network:
        net = cls.__new__(cls)
        net._init(tables, metadata, report)
        return net

    # -- tables --------------------------------------------------------------
    @property
    def groups(self) -> pd.DataFrame:
        """Groups, indexed by id: ``name, aliases, founded, ended, orientation, country,
        notes, sources`` and any further columns. Every cell is a string; lists are
        ``;``-separated; dates keep their precision (``"2014"``, ``"2014-08"``...)."""
        return self._frames["groups"].copy()

    @property
    def has_events(self) -> bool:
        """Whether the network carries evidence events (``events.csv``)."""
        return "events" in self._tables

    @property
    def events(self) -> pd.DataFrame:
        """Evidence events, indexed by id: ``date, end, kind, country, admin1, admin2,
        place, latitude, longitude, fatalities, summary, sources, notes`` and any
        further columns (strings, as on disk; empty without events). See
        :func:`militnet.events` for a tidy, filtered table with the actors."""
        return self._frame("events").copy()

    @property
    def event_actors(self) -> pd.DataFrame:
        """Who took part in each event: ``event, group, role, confidence, notes`` (one
        row per group and role; rows numbered from 0; empty without events)."""
        return self._frame("event_actors").copy()

    def _frame(self, name: str) -> pd.DataFrame:
        frame = self._frames.get(name)
        if frame is None:  # no events: empty tables with the documented columns
            import pandas as pd

            cols = [c for c in COLUMNS[name] if c != "id"]
            if "id" in COLUMNS[name]:
                index = pd.Index([], name="id", dtype=object)
                frame = pd.DataFrame(columns=cols, index=index, dtype=object)
            else:
                frame = pd.DataFrame(columns=cols, dtype=object)
            self._frames[name] = frame
        return frame

    @property
    def relations(self) -> pd.DataFrame:
        """Relations, indexed by id: ``source, target, type, start, end, confidence,
        evidence, sources, notes`` and any further columns (strings, as on disk)."""
        return self._frames["relations"].copy()

    @property
    def sources(self) -> pd.DataFrame:
        """Sources, indexed by id: ``title, publisher, date, url, document, notes``."""
        return self._frames["sources"].copy()

    @property
    def metadata(self) -> dict[str, Any]:
        """Dataset metadata from ``datapackage.json`` (without the resource schemas)."""
        import copy

        return copy.deepcopy(self._meta)

    @property
    def name(self) -> str:
        """Dataset name (``""`` if none)."""
        return str(self._meta.get("name", ""))

    @property
    def version(self) -> str:
        """Dataset version (``""`` if none)."""
        return str(self._meta.get("version", ""))

    @property
    def validation(self) -> ValidationReport:
        """The validation report of this network's data (warnings and notes;
        a network with errors is never built)."""
        return self._report

    @property
    def report(self) -> ValidationReport:
        """Deprecated alias of :attr:`validation` (the name said nothing about
        validation; :func:`militnet.report` writes citable reports)."""
        import warnings

        warnings.warn(
            "Network.report is deprecated; use Network.validation", DeprecationWarning, stacklevel=2
        )
        return self._report

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the three tables as :meth:`save` writes them.

        Two networks with the same data have the same hash, whatever their
        metadata; any change to any cell changes it.
        """
        return tables_hash(self._tables)

    # -- records -------------------------------------------------------------
    def group(self, name: str) -> Group:
        """The :class:`Group` for an id or any of its names (see :meth:`resolve`)."""
        gid = self.resolve(name)
        row = self._frames["groups"].loc[gid].to_dict()
        return _record(Group, gid, row, COLUMNS["groups"])

    def relation(self, rid: str) -> Relation:
        """The :class:`Relation` with this id."""
        try:
            row = self._frames["relations"].loc[rid].to_dict()
        except KeyError:
            raise UnknownIdError(f"unknown relation id {rid!r}") from None
        return _record(Relation, rid, row, COLUMNS["relations"])

    def source(self, sid: str) -> Source:
        """The :class:`Source` with this id."""
        try:
            row = self._frames["sources"].loc[sid].to_dict()
        except KeyError:
            raise UnknownIdError(f"unknown source id {sid!r}") from None
        return _record(Source, sid, row, COLUMNS["sources"])

    # -- names ---------------------------------------------------------------
    @cached_property
    def _names(self) -> NameIndex:
        g = self._frames["groups"]
        return NameIndex(
            (gid, name, [a.strip() for a in aliases.split(LIST_SEP) if a.strip()])
            for gid, name, aliases in zip(g.index, g["name"], g["aliases"], strict=True)
        )

    def resolve(self, name: str) -> str:
        """The id of the group called ``name``; never a guess.

        Matching ignores case, diacritics, punctuation and hyphens, and folds
        common transliteration variants (Tehreek/Tehrik, Jundullah/Jundallah,
        Lashkar-e/Lashkar-i). Ids, canonical names and aliases all match.

        Raises
        ------
        AmbiguousNameError
            If the name matches several groups (``exc.candidates`` lists them).
        UnknownGroupError
            If it matches none (``exc.suggestions`` has close matches).

        Examples
        --------
        >>> import militnet
        >>> net = militnet.load_dataset("afpak")
        >>> net.resolve("Tehreek-e-Taliban Pakistan")
        'ttp'
        >>> net.resolve("Jundallah")
        Traceback (most recent call last):
        ...
        militnet.AmbiguousNameError: ambiguous group name 'Jundallah' matches 2 groups: ...
        """
        return self._names.resolve(name)

    # -- time ----------------------------------------------------------------
    @cached_property
    def _time(self) -> TimeIndex:
        from militnet._engine.snapshot import TimeIndex

        ev = self._tables.get("events")
        return TimeIndex(
            self._frames["groups"],
            self._frames["relations"],
            self._frames.get("events"),
            self._frames.get("event_actors"),
            (ev.dates("date"), ev.dates("end")) if ev is not None else None,
        )

    def at(
        self,
        date: Any,
        *,
        policy: TiePolicy | None = ALL_TYPES,
        **deprecated: Unpack[TieKeywords],
    ) -> nx.MultiDiGraph:
        """The network on one day, as a new :class:`networkx.MultiDiGraph`.

        Nodes are the groups alive on ``date`` (founded ≤ date < ended), with
        their attributes and ``alive=True``. Edges are the relations active on
        it (start ≤ date < end, half-open), one edge per relation record, keyed
        by relation id, from ``source`` to ``target``, with ``type``,
        ``directional``, ``sign``, ``kind``, ``confidence``, ``start``,
        ``end``, ``evidence``, ``sources`` and ``notes``. Undirected types
        (alliance, rivalry) keep their stored orientation and carry
        ``directional=False``. A relation is only present if both its groups
        are alive, except a merger in its lineage window: for twelve months
        from its start it is shown, and its absorbed group (ended on the
        merger's day) is a node with ``alive=False`` (see "Mergers" in the
        concepts; the measures never count these). No attribute name collides
        with an argument of networkx or pyvis, so
        ``pyvis.network.Network().from_nx(G)`` works (the edge attribute was
        ``directed`` before 0.2; ``d["directed"]`` still reads, with a
        :class:`DeprecationWarning`, until 0.3).

        Parameters
        ----------
        date : str, datetime.date or pandas.Timestamp
            The day (``"2016-10-24"``).
        policy : TiePolicy or None
            Which relations are present: their types (with rivalries when
            ``signed``), weakest confidence, date policy, undated relations and
            lapse (``stale_after``). Default ``TiePolicy.all_types()``: every
            relation type, open-ended relations lapsing after five years
            unattested; ``None`` is ``TiePolicy()`` (alliance and pledge).
            ``weight`` plays no part here (see :meth:`ties`).
        **deprecated
            ``types``, ``min_confidence``, ``date_policy``, ``undated``,
            ``stale_after``: deprecated since 0.2 (a :class:`DeprecationWarning`
            names the replacement), applied on top of ``policy``.

        Returns
        -------
        networkx.MultiDiGraph
            The caller's to modify. ``G.graph`` records the date and the policy.

        Examples
        --------
        >>> import militnet
        >>> net = militnet.load_dataset("afpak")
        >>> G = net.at("2016-10-24", policy=militnet.TiePolicy(types="pledge"))
        >>> G.has_edge("ttp", "taliban") or G.has_edge("iskp", "is")
        True
        >>> G.graph["date"], G.graph["stale_after"]
        ('2016-10-24', '5y')
        """
        pol = tie_policy(policy, deprecated, call="Network.at", default=ALL_TYPES)
        return self.graph_at(date, pol)

    def ties(self, date: Any, policy: TiePolicy | None = None) -> nx.Graph:
        """The collapsed tie graph on one day, under a :class:`TiePolicy`.

        One undirected edge per pair of groups with at least one active
        relation of the policy's types; ``weight`` (number of relations, or 1),
        ``sign`` (+1, -1, or 0 for mixed), and ``relations`` (their ids). Every
        group alive on the day is a node, ties or not. ``G.graph["policy"]``
        records the policy (``None`` is ``TiePolicy()``).

        Examples
        --------
        >>> import militnet
        >>> net = militnet.load_dataset("afpak")
        >>> T = net.ties("2016-01-01")
        >>> T.graph["policy"]["types"]
        ['alliance', 'pledge']
        """
        return self.tie_graph(date, tie_policy(policy, {}, call="Network.ties"))

    def series(
        self,
        start: Any = None,
        end: Any = None,
        freq: str = "YS",
        *,
        dates: Iterable[Any] | None = None,
        measures: Iterable[str] | str = DEFAULT_MEASURES,
        policy: TiePolicy | None = None,
        seed: int | None = 0,
        k: int | None = None,
        progress: bool = False,
        n_jobs: int | None = None,
    ) -> pd.DataFrame:
        """Centrality measures of every group over a series of days, as one tidy table.

        Each day is a snapshot as in :func:`militnet.centrality` (same
        measures, policy and meaning). A day whose alive groups and active
        relations are the same as the previous day's reuses its results.

        Parameters
        ----------
        start, end : date, optional
            First and last day (default: the data's date range).
        freq : str
            A pandas frequency (``"YS"`` yearly on 1 January, ``"MS"``
            monthly, ``"QS"``...); the days are ``pandas.date_range(start,
            end, freq=freq)``.
        dates : iterable of dates, optional
            Explicit days instead of ``start``/``end``/``freq`` (sorted,
            duplicates dropped).
        measures : str or iterable of str
            As in :func:`militnet.centrality`, including ``community`` (each
            group's seeded Louvain community label, computed in the same pass).
        policy : TiePolicy or None
            Which relations are ties (default ``None``: ``TiePolicy()``).
        seed : int, optional
            Seed for sampled betweenness (``k``) and ``community``.
        k : int, optional
            Estimate betweenness from ``k`` pivots.
        progress : bool
            Show a progress bar (tqdm if installed, else a line on stderr).
        n_jobs : int, optional
            Workers computing the snapshots (-1: one per core): threads when
            militnet's compiled kernels run betweenness or Louvain (they
            release the GIL; nothing is loaded or copied again), forked
            processes when networkx does. The default, None, measures: it
            computes the largest snapshot, extrapolates the time of the rest
            from it, and uses one thread per core (at most 4) only when
            that estimate pays for them and the cores are not already
            oversubscribed (load average), else one;
            ``attrs["provenance"]["parameters"]["parallel"]`` records the
            decision, the measured time and the estimate (``threads`` and
            ``processes``: how many ran). The table is the same whatever
            ``n_jobs``. Degree-type measures alone are computed for all
            days at once and ignore it.

        Returns
        -------
        pandas.DataFrame
            Columns ``date`` (``datetime64[ns]``), ``group`` (id), ``measure``,
            ``value`` (float); one row per day, group alive on that day and
            measure. ``attrs["provenance"]`` lists the days, policy and
            parameters; ``attrs["reused_snapshots"]`` counts days that reused
            the previous day's results.

        Examples
        --------
        >>> import militnet
        >>> from militnet import Group, Relation, Source
        >>> net = militnet.Network(
        ...     groups=[Group("a", "A", founded="2000", sources="s"),
        ...             Group("b", "B", founded="2000", sources="s"),
        ...             Group("c", "C", founded="2011", sources="s")],
        ...     relations=[Relation("r1", "a", "b", "alliance", start="2010", sources="s"),
        ...                Relation("r2", "c", "a", "pledge", start="2012-06", sources="s")],
        ...     sources=[Source("s", title="Report")])
        >>> df = net.series("2010-01-01", "2013-01-01", measures="degree")
        >>> df.pivot(index="date", columns="group", values="value")
        group         a    b    c
        date
        2010-01-01  1.0  1.0  NaN
        2011-01-01  1.0  1.0  0.0
        2012-01-01  1.0  1.0  0.0
        2013-01-01  2.0  1.0  1.0
        >>> df.attrs["reused_snapshots"]
        1
        """
        from militnet._algorithms.series import series

        pol = tie_policy(policy, {}, call="Network.series")
        return series(
            self,
            start,
            end,
            freq,
            dates=dates,
            measures=measures,
            policy=pol,
            seed=seed,
            k=k,
            progress=progress,
            n_jobs=n_jobs,
        )

    def date_range(self) -> tuple[str, str]:
        """Earliest and latest date in the data (group lifetimes and relation dates),
        as partial-date strings; ``("", "")`` if there is none."""
        vals: list[PartialDate] = []
        for table, cols in (("groups", ("founded", "ended")), ("relations", ("start", "end"))):
            df = self._frames[table]
            for c in cols:
                vals.extend(PartialDate.parse(v) for v in set(df[c]) if v.strip())
        if not vals:
            return ("", "")
        # ties ("2025" and "2025-12" end on the same day) go to the same value
        # whatever the order the dates were read in
        lo = min(vals, key=lambda p: (p.first_day(), p.last_day()))
        hi = max(vals, key=lambda p: (p.last_day(), p.first_day()))
        return (str(lo), str(hi))

    def to_pyvis(
        self,
        at: Any,
        *,
        policy: TiePolicy | None = ALL_TYPES,
        color_by: str | None = "orientation",
        seed: int | None = 0,
        height: str = "750px",
        width: str = "100%",
        heading: str | None = None,
        physics: bool = False,
        notebook: bool = False,
    ) -> Any:
        """The network on one day as a :class:`pyvis.network.Network`, drawn as the page draws it.

        The groups and relations of :meth:`at` (``net.at(at, policy=policy)``:
        one edge per relation, mergers in their lineage window with their
        absorbed group faded), at the page's positions, coloured, dashed and
        sized by the shared style; an arrow only on directed types (pledge,
        split, merger); plain-text tooltips. ``write_html`` writes one file
        that works offline: vis-network in line and no Bootstrap from a CDN
        (see :mod:`militnet._views.pyvis`). Needs ``pyvis``.

        Parameters
        ----------
        at : date
            The day (``"2016-10-24"``).
        policy : TiePolicy or None
            Which relations are drawn (default ``TiePolicy.all_types()``, as
            the page; ``None`` is ``TiePolicy()``).
        color_by : str or None
            A group column (``"orientation"``, ``"country"``...), ``"community"``
            or None, coloured as in the page.
        seed : int or None
            Seed of the layout (and of communities), as in the page.
        height, width : str
            CSS size of the drawing.
        heading : str, optional
            Heading above the drawing (default: the dataset name and the day);
            HTML-escaped.
        physics : bool
            Let vis-network's physics move the nodes (default False: the
            page's fixed positions).
        notebook : bool
            Passed to pyvis (for ``show`` in Jupyter).

        Returns
        -------
        pyvis.network.Network
            Yours to change; ``write_html(path)`` writes the page.

        Examples
        --------
        >>> import militnet
        >>> net = militnet.load_dataset("afpak")
        >>> pv = net.to_pyvis("2016-10-24")
        >>> len(pv.edges) == net.at("2016-10-24").number_of_edges()
        True
        >>> sorted({e["arrows"]["to"]["enabled"] for e in pv.edges})
        [False, True]
        """
        from militnet._views.pyvis import pyvis_network

        pol = tie_policy(policy, {}, call="Network.to_pyvis", default=ALL_TYPES)
        return pyvis_network(
            self,
            at,
            pol,
            color_by=color_by,
            seed=seed,
            height=height,
            width=width,
            heading=heading,
            physics=physics,
            notebook=notebook,
        )

    def to_html(
        self,
        path: str | Path | None = None,
        *,
        policy: TiePolicy | None = ALL_TYPES,
        **options: Any,
    ) -> Any:
        """Interactive offline HTML with a time control (see
        :func:`militnet._views.html.render_html` for ``options``: ``at``,
        ``step``, ``color_by``, ``size_by``, ``seed``, ``title``, ``height``,
        ``max_relations``). The page opens on the day with most ties unless
        ``at`` is given; a network of more than ``max_relations`` relations
        (default 20,000) is shown as a filtered view that its header states.

        ``policy`` says what the page shows at first (default
        ``TiePolicy.all_types()``: every relation type; ``None`` is
        ``TiePolicy()``). The loose keywords ``types``, ``min_confidence``,
        ``date_policy``, ``undated`` and ``stale_after`` are deprecated since
        0.2 (applied on top of ``policy``, with a :class:`DeprecationWarning`).

        With ``path``, writes one self-contained file there and returns its
        :class:`~pathlib.Path`; without, returns an :class:`~militnet.HtmlView` that
        displays in Jupyter and VS Code notebooks.

        Examples
        --------
        >>> import militnet
        >>> net = militnet.Network(groups=[{"id": "a", "name": "A", "founded": "2001"}])
        >>> "<!DOCTYPE html>" in net.to_html(seed=0).html
        True
        """
        from militnet._views.html import html_output

        pol = tie_policy(policy, pop_loose(options), call="Network.to_html", default=ALL_TYPES)
        return html_output(self, path, pol, **options)

    # -- persistence ---------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the dataset folder (three CSV files and ``datapackage.json``).

        Output is byte-identical for equal networks: load → save → load →
        save gives the same bytes. Unknown columns are written back. A changed
        copy of a bundled dataset (same name and version, other content) is
        saved as version ``<version>+derived`` with a ``derived_from`` record
        naming the parent and its content hash (see ``docs/format.md``).

        Refuses (:class:`ArgumentError`) a folder inside the one the network
        was loaded from, holding it, or inside a bundled dataset or the installed
        package (saving back into the folder it was loaded from is allowed).

        Returns
        -------
        pathlib.Path
            The folder written.
        """
        from militnet._dataset.identity import saved_metadata
        from militnet._dataset.outputs import check_output, source_folder

        check_output(path, [source_folder(self)], allow_same_folder=True, replaces_folder=True)
        folder = Path(path)
        write_folder(
            folder,
            {n: (t.columns, t.rows) for n, t in self._tables.items()},
            saved_metadata(self.metadata, self.content_hash),
        )
        return folder

    # -- comparison and display ---------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Network):
            return NotImplemented
        return self.content_hash == other.content_hash and _plain(self._meta) == _plain(other._meta)

    __hash__ = None  # type: ignore[assignment]

    #: The folder the network was loaded from (set by :func:`load`).
    _source_folder: str | None = None

    def summary(self) -> dict[str, Any]:
        """Counts and date range, as a plain dict (what ``militnet info`` prints)."""
        rel = self._frames["relations"]
        by_type = Counter(rel["type"])
        by_conf = Counter(rel["confidence"])
        lo, hi = self.date_range()
        return {
            "name": self.name,
            "title": str(self._meta.get("title", "")),
            "version": self.version,
            "groups": len(self._frames["groups"]),
            "relations": len(rel),
            "sources": len(self._frames["sources"]),
            "relations_by_type": {t: by_type[t] for t in RELATION_TYPES if by_type[t]},
            "relations_by_confidence": {c: by_conf[c] for c in CONFIDENCE_LEVELS if by_conf[c]},
            "undated_relations": int((rel["start"].str.strip() == "").sum()),
            "first_date": lo,
            "last_date": hi,
            "content_hash": self.content_hash,
            **self._event_summary(),
        }

    def _event_summary(self) -> dict[str, Any]:
        if not self.has_events:
            return {}
        ev = self._frames["events"]
        by_kind = Counter(ev["kind"])
        return {
            "events": len(ev),
            "event_actors": len(self._frames["event_actors"]),
            "events_by_kind": {k: by_kind[k] for k in EVENT_KINDS if by_kind[k]},
        }

    def __repr__(self) -> str:
        s = self.summary()
        label = f" {s['name']!r}" if s["name"] else ""
        if s["version"]:
            label += f" v{s['version']}"
        types = ", ".join(f"{t} {n}" for t, n in s["relations_by_type"].items())
        types = f" ({types})" if types else ""
        span = f", {s['first_date']} to {s['last_date']}" if s["first_date"] else ""
        n_src = s["sources"]
        n_ev = s.get("events")
        events = "" if n_ev is None else f", {n_ev} event{'s' * (n_ev != 1)}"
        return (
            f"<Network{label}: {s['groups']} groups, {s['relations']} relations{types}, "
            f"{n_src} source{'s' * (n_src != 1)}{events}{span}>"
        )

    def _repr_html_(self) -> str:
        s = self.summary()
        esc = html.escape
        title = esc(s["title"] or s["name"] or "militnet network")
        rows = [
            ("Groups", s["groups"]),
            ("Relations", s["relations"]),
            ("Sources", s["sources"]),
            ("Dates", f"{s['first_date']} – {s['last_date']}" if s["first_date"] else "–"),
        ]
        rows += [(f"&nbsp;&nbsp;{esc(t)}", n) for t, n in s["relations_by_type"].items()]
        body = "".join(
            f"<tr><th style='text-align:left'>{k}</th><td>{esc(str(v))}</td></tr>" for k, v in rows
        )
        ver = f" <small>v{esc(s['version'])}</small>" if s["version"] else ""
        return (
            f"<div class='militnet-network'><strong>{title}</strong>{ver}"
            f"<table>{body}</table></div>"
        )

    # -- internal API for militnet's own modules ---------------------------
    def graph_at(self, date: Any, policy: TiePolicy, *, lineage: bool = True) -> nx.MultiDiGraph:
        """:meth:`at` under a resolved policy (internal: the public entrances
        resolve the policy, then call this). ``lineage=False`` leaves out the
        mergers shown only by their lineage window, and their ended groups
        (for measures, which never count them)."""
        from militnet._engine.snapshot import build_multigraph, shown

        day, alive, active, window = shown(self._time, date, policy, policy.relation_types)
        attrs = {
            "name": self.name,
            "version": self.version,
            "date": day.isoformat(),
            "types": list(policy.relation_types),
            "min_confidence": policy.min_confidence,
            "date_policy": policy.date_policy,
            "undated": policy.undated,
            "stale_after": policy.stale_after,
        }
        return build_multigraph(self._time, alive, active, attrs, window if lineage else None)

    def tie_graph(self, date: Any, policy: TiePolicy) -> nx.Graph:
        """:meth:`ties` under a resolved policy (internal). The ties come from
        :func:`militnet._engine.ties.collapse`, as the measures' do."""
        import networkx as nx
        import numpy as np

        from militnet._engine.snapshot import build_multigraph, select
        from militnet._engine.ties import collapse

        idx = self._time
        day, alive, active = select(idx, date, policy, policy.relation_types)
        nodes = build_multigraph(idx, alive, np.zeros_like(active), {}).nodes(data=True)
        c = collapse(idx, alive, active, dataclasses.replace(policy, weight="count"))
        t = nx.Graph(
            name=self.name, version=self.version, date=day.isoformat(), policy=policy.to_dict()
        )
        t.add_nodes_from(nodes)
        rel_ids, names = idx.rel_ids, c.ties.nodes
        off = c.offsets.tolist()
        binary = policy.weight == "binary"
        for i, (a, b, n, sign) in enumerate(
            zip(
                c.ties.src.tolist(),
                c.ties.tgt.tolist(),
                c.count.tolist(),
                c.sign.tolist(),
                strict=True,
            )
        ):
            rids = sorted(rel_ids[r] for r in c.relations[off[i] : off[i + 1]].tolist())
            t.add_edge(names[a], names[b], weight=1 if binary else n, sign=sign, relations=rids)
        return t

    @property
    def time_index(self) -> TimeIndex:
        """The interval index the snapshot engine works on (internal; built once)."""
        return self._time

    def frame(self, name: str) -> pd.DataFrame:
        """The internal table ``name`` (``"groups"``, ``"relations"``, ``"sources"``),
        indexed by id, not copied: read it, never change it (internal)."""
        if name not in self._frames:
            raise ArgumentError(
                f"no table {name!r}; tables: {', '.join(self._frames)}".encode(
                    "utf-8", "backslashreplace"
                ).decode("utf-8")
            )
        return self._frames[name]

    # -- group-centred views (militnet._algorithms.lineage) ----------------------------
    def history(self, group: str) -> pd.DataFrame:
        """Every relation of ``group`` in time order, with dates, confidence and
        sources (see :func:`militnet.history`)."""
        from militnet._algorithms.lineage import history

        return history(self, group)

    def lineage(self, group: str, *, depth: int | None = None) -> Lineage:
        """The family of ``group`` through split and merger relations, both ways,
        within ``depth`` steps if given (see :func:`militnet.lineage`)."""
        from militnet._algorithms.lineage import lineage

        return lineage(self, group, depth=depth)


def _cells(values: list[Any]) -> list[str]:
    """Values as cell text (:func:`as_cell`); a column of strings as it is."""
    return values if set(map(type, values)) <= {str} else list(map(as_cell, values))


def _plain(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if k not in ("resources", "profile")}


def _record(cls: type, rid: str, row: Mapping[Any, Any], known: tuple[str, ...]) -> Any:
    fields = {k: row[k] for k in known if k != "id"}
    extra = {str(k): v for k, v in row.items() if k not in known}
    return cls(rid, **fields, extra=extra)


def load(path: str | Path) -> Network:
    """Load a dataset folder (or a bundled dataset by name) as a :class:`Network`.

    Parameters
    ----------
    path : str or path-like
        A folder with ``groups.csv``, ``relations.csv``, ``sources.csv`` and
        ``datapackage.json``; or its ``datapackage.json``; or the name of a
        bundled dataset (``"afpak"``).

    Raises
    ------
    ValidationError
        If the dataset has errors. ``exc.report`` lists **every** problem
        (file, row, column, value); nothing is loaded.
    DatasetNotFoundError
        If there is no such folder or bundled dataset.

    Examples
    --------
    >>> import militnet
    >>> net = militnet.load("afpak")
    >>> net.name
    'afpak'
    """
    from militnet._dataset.registry import resolve_path

    folder = resolve_path(path)
    tables, meta, problems = read_folder(folder)
    problems.extend(check_tables(tables))
    report = ValidationReport(problems)
    if not report.ok:
        raise ValidationError(report, header=f"cannot load dataset {str(folder)!r}")
    if "name" not in meta:
        meta = {"name": folder.name, **meta}
    net = Network._from_tables(tables, meta, report)
    net._source_folder = str(folder)  # outputs may not overwrite it (_dataset.outputs)
    return net


def load_dataset(name: str) -> Network:
    """Load a dataset bundled with militnet (see :func:`list_datasets`).

    Examples
    --------
    >>> import militnet
    >>> net = militnet.load_dataset("afpak")
    >>> len(net.groups) >= 25
    True
    """
    from militnet._dataset.registry import bundled_path

    return load(bundled_path(name))


# Every public method checks its argument types at the call (ArgumentError naming
# the argument, not a raw TypeError deep inside): militnet._core.arguments. The
# page's **options are typed in build_data.
Network.to_html.__militnet_options__ = "militnet._views.html:build_data"  # type: ignore[attr-defined]
check_class(Network)
