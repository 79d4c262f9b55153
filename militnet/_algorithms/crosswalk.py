"""Matching one dataset's groups to another's: a crosswalk that never guesses.

For every group of ``other`` one row says which group of ``net`` it is and how
that was decided, or why it was not matched:

- ``how``: ``crosswalk`` (the user's reviewed file), ``id`` (the same id),
  ``name`` (its canonical name is the other's id or canonical name) or
  ``alias`` (a match through an alias on either side); name matching forgives
  what :meth:`Network.resolve` forgives (case, accents, hyphens,
  transliteration variants), stage by stage, strictest first;
- ``why_not``: ``unknown`` (no group of that name), ``ambiguous`` (several
  candidates, or several groups of ``other`` match the same group: which one
  it is would be a guess), ``conflict`` (one candidate, but something says
  they are not the same group: their ``country`` columns are both filled and
  share no country, or the notes or aliases of either say "not to be confused
  with", "distinct from", "unrelated to"... naming the other).

A user crosswalk (``source, external, group``) settles anything; an empty
``group`` keeps the external group apart. :func:`militnet.combine` uses the
same matching.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from militnet._core.errors import ArgumentError, ValidationError
from militnet._core.problems import Problem, ValidationReport

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["CROSSWALK_COLUMNS", "crosswalk"]

#: Columns of the table :func:`crosswalk` returns (and of the draft file).
CROSSWALK_COLUMNS = (
    "dataset",
    "external",
    "external_name",
    "group",
    "how",
    "why_not",
    "candidates",
    "notes",
)
#: Accepted column names of a user crosswalk file: (dataset, external id, group).
USER_COLUMNS = (("source", "dataset"), ("external", "id"), ("group",))

# "not to be confused with X", "distinct from X", "unrelated to X", "NOT the X"...
_CONTRAST = re.compile(
    r"\b(?:not\s+to\s+be\s+(?:confused|mistaken|conflated)\s+with|"
    r"(?:is\s+|are\s+)?(?:distinct|different|separate)\s+from|unrelated\s+to|"
    r"not\s+(?:the\s+same\s+(?:group\s+)?as|related\s+to|linked\s+to)|"
    r"(?:must|should)\s+not\s+be\s+confused\s+with|NOT\s+the)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.;!?](?:\s|$)")


# -- names ------------------------------------------------------------------------
def _stages() -> tuple[Any, ...]:
    from militnet._core.names import _STAGES

    return _STAGES


@lru_cache(maxsize=65536)
def _keys(name: str) -> tuple[str, ...]:
    """The name's key at each matching stage (see :mod:`militnet._core.names`)."""
    return tuple(fold(name) for fold in _stages())


_ABBREVIATION = re.compile(r"[A-Za-z0-9-]{2,10}")


def _is_abbreviation(text: str) -> bool:
    return bool(_ABBREVIATION.fullmatch(text)) and sum(c.isupper() for c in text) >= 2


def _spelled_out(name: str) -> list[str]:
    """The parts of a name written with its abbreviation, as event datasets write
    them: GTD's "Tehrik-i-Taliban Pakistan (TTP)", ACLED's "TTP: Tehreek-i-Taliban
    Pakistan". Only an abbreviation is split off (two or more capitals, no space):
    "Islamic State (Afghanistan)" stays whole, since "Islamic State" alone would
    name another group.

    >>> _spelled_out("Tehrik-i-Taliban Pakistan (TTP)")
    ['Tehrik-i-Taliban Pakistan', 'TTP']
    >>> _spelled_out("LeJ: Lashkar-e-Jhangvi"), _spelled_out("Islamic State (Afghanistan)")
    (['Lashkar-e-Jhangvi', 'LeJ'], [])
    """
    name = name.strip()
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)
    if m and _is_abbreviation(m.group(2).strip()):
        return [m.group(1).strip(), m.group(2).strip()]
    m = re.fullmatch(r"([^:]+?)\s*:\s*(.+)", name)
    if m and _is_abbreviation(m.group(1).strip()):
        return [m.group(2).strip(), m.group(1).strip()]
    return []


def _split(cell: Any) -> list[str]:
    return [a.strip() for a in str(cell or "").split(";") if a.strip()]


@lru_cache(maxsize=4096)
def _country_key(name: str) -> str:
    from militnet._core.places import find_country, normalise

    rec = find_country(name)
    return str(rec["name"]) if rec else normalise(name)


def _countries(cell: Any) -> frozenset[str]:
    return frozenset(_country_key(c) for c in _split(cell))


@dataclass
class _Side:
    """One dataset's groups: names, countries and contrast clauses."""

    ids: list[str]
    names: list[str]
    aliases: list[list[str]]
    countries: list[frozenset[str]]
    texts: list[str]  # notes and aliases, scanned for "not to be confused with"
    pos: dict[str, int] = field(default_factory=dict)
    _clauses: dict[int, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, net: Network) -> _Side:
        g = net.groups
        n = len(g)

        def col(c: str) -> list[Any]:
            return list(g[c].tolist()) if n else []

        ids = [str(i) for i in g.index]
        empty = [""] * n
        country = col("country") if "country" in g.columns else empty
        if "event_countries" in g.columns:  # imported actors: where their events were
            country = [c or e for c, e in zip(country, col("event_countries"), strict=True)]
        notes = col("notes") if "notes" in g.columns else empty
        aliases = [_split(a) for a in col("aliases")]
        side = cls(
            ids,
            [str(x) for x in col("name")],
            aliases,
            [_countries(c) for c in country],
            [f"{nt or ''} {';'.join(al)}".strip() for nt, al in zip(notes, aliases, strict=True)],
        )
        side.pos = {gid: i for i, gid in enumerate(ids)}
        return side

    def all_names(self, i: int) -> list[str]:
        names = [self.names[i], *self.aliases[i]]
        return names + [d for n in names for d in _spelled_out(n) if d not in names]

    def clauses(self, i: int) -> tuple[str, ...]:
        """What follows each contrast cue in the group's notes and aliases."""
        hit = self._clauses.get(i)
        if hit is None:
            out = []
            for m in _CONTRAST.finditer(self.texts[i]):
                rest = self.texts[i][m.end() : m.end() + 240]
                end = _CLAUSE_END.search(rest)
                out.append(rest[: end.start()] if end else rest)
            hit = self._clauses[i] = tuple(out)
        return hit


class _Index:
    """Stage keys of the base's ids, names and aliases -> group positions."""

    def __init__(self, side: _Side) -> None:
        nst = len(_stages())
        self.any: list[dict[str, set[int]]] = [defaultdict(set) for _ in range(nst)]
        self.canonical: list[dict[str, set[int]]] = [defaultdict(set) for _ in range(nst)]
        for i, gid in enumerate(side.ids):
            for n, canon in (
                (gid, True),
                (side.names[i], True),
                *((a, False) for a in side.aliases[i]),
            ):
                for s, key in enumerate(_keys(n)):
                    if key:
                        self.any[s][key].add(i)
                        if canon:
                            self.canonical[s][key].add(i)
        self.side = side

    def lookup(self, name: str) -> tuple[set[int], set[int]]:
        """Groups the name matches at the first stage that matches anything, and
        which of them through their id or canonical name."""
        if name in self.side.pos:
            i = self.side.pos[name]
            return {i}, {i}
        for s, key in enumerate(_keys(name)):
            if not key:
                continue
            hits = self.any[s].get(key)
            if hits:
                return set(hits), set(self.canonical[s].get(key, ()))
        return set(), set()


def _mentions(clause: str, name: str) -> bool:
    """Does a contrast clause name ``name``? Long names are compared after
    normalisation (case, accents, hyphens); short ones (``AI``, ``IS``) must
    appear as typed, so that English words do not count."""
    from militnet._core.names import normalize

    key = normalize(name)
    if not key:
        return False
    if len(key) <= 3:
        return re.search(r"(?<!\w)" + re.escape(name.strip()) + r"(?!\w)", clause) is not None
    return f" {key} " in f" {normalize(clause)} "


def _contrast(a: _Side, i: int, b: _Side, j: int) -> str:
    """Why group ``i`` of ``a``'s notes or aliases say it is not group ``j`` of
    ``b`` (or ``""``): a contrast clause naming one of ``j``'s names that is not
    also one of ``i``'s own."""
    from militnet._core.names import normalize

    clauses = a.clauses(i)
    if not clauses:
        return ""
    own = {normalize(n) for n in a.all_names(i)} | {normalize(a.ids[i])}
    for clause in clauses:
        for name in b.all_names(j):
            if normalize(name) in own:
                continue
            if _mentions(clause, name):
                return f'{a.ids[i]}\'s notes say it is not {name!r} ("…{clause.strip()[:80]}")'
    return ""


def conflict(a: _Side, i: int, b: _Side, j: int) -> str:
    """Why group ``i`` of ``a`` and group ``j`` of ``b`` cannot be one group, or ``""``."""
    ca, cb = a.countries[i], b.countries[j]
    if ca and cb and not ca & cb:
        return f"countries differ ({';'.join(sorted(cb))} against {';'.join(sorted(ca))})"
    return _contrast(a, i, b, j) or _contrast(b, j, a, i)


# -- the user's crosswalk ------------------------------------------------------------
def read_user_crosswalk(
    crosswalk: Any,
    labels: list[str],
    networks: Iterable[Network],
    *,
    only: str | None = None,
) -> tuple[dict[tuple[str, str], str], list[Problem]]:
    """The user's decisions ``{(dataset, external id): group}`` and the problems
    found (unknown dataset, external id or group). ``only``: keep the rows of
    that dataset and ignore the others (a crosswalk file may cover several
    datasets)."""
    import pandas as pd

    from militnet._algorithms.ends import restore_cell

    if crosswalk is None:
        return {}, []
    where = "<crosswalk>"
    if isinstance(crosswalk, (str, Path)):
        where = str(crosswalk).encode("utf-8", "backslashreplace").decode("utf-8")
        try:
            df = pd.read_csv(crosswalk, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            msg = f"not UTF-8 text ({exc.reason})"
        except pd.errors.EmptyDataError:
            msg = "empty file: expected a header row"
        except (pd.errors.ParserError, ValueError) as exc:
            text = str(exc).encode("utf-8", "backslashreplace").decode("utf-8")[:200]
            msg = f"unreadable CSV: {text}"
        except OSError as exc:
            msg = f"cannot read: {exc.strerror or exc}"
        else:
            msg = ""
        if msg:  # the crosswalk file could not be read: one problem, no traceback
            return {}, [Problem("error", where, None, None, None, msg)]
    elif isinstance(crosswalk, Mapping):
        rows = []
        for key, g in crosswalk.items():
            if not (
                isinstance(key, tuple)
                and len(key) == 2
                and all(isinstance(k, str) for k in key)
                and isinstance(g, str)
            ):
                raise ArgumentError(
                    "crosswalk: a mapping must map (dataset, external id) pairs of text to a "
                    f"group id, got {key!r}: {g!r}"[:300]
                )
            rows.append({"source": key[0], "external": key[1], "group": g})
        df = pd.DataFrame(rows, columns=["source", "external", "group"])
    elif isinstance(crosswalk, pd.DataFrame):
        df = crosswalk.fillna("").astype(str)
        df.columns = [str(c) for c in df.columns]
    else:
        raise ArgumentError(
            "crosswalk must be a CSV path, a DataFrame or a mapping {(dataset, id): group}, "
            f"got {type(crosswalk).__name__}"
        )
    cols: list[str] = []
    problems: list[Problem] = []
    for names in USER_COLUMNS:
        found = next((c for c in names if c in df.columns), None)
        if found is None:
            problems.append(
                Problem("error", where, 1, names[0], None, f"missing crosswalk column {names[0]!r}")
            )
        else:
            cols.append(found)
    if problems:
        return {}, problems
    nets = list(networks)
    ids = {lab: set(net.groups.index) for lab, net in zip(labels, nets, strict=True)}
    out: dict[tuple[str, str], str] = {}
    for n, r in enumerate(df[cols].itertuples(index=False), start=2):
        d, i, g = (str(restore_cell(v)).strip() for v in r)
        if only is not None and d not in ids:
            continue  # a row for another dataset
        if d not in ids:
            problems.append(
                Problem(
                    "error",
                    where,
                    n,
                    cols[0],
                    d,
                    f"no dataset of that name (datasets: {', '.join(labels)})",
                )
            )
        elif i not in ids[d]:
            problems.append(Problem("error", where, n, cols[1], i, f"no group {i!r} in {d}"))
        elif g and g not in ids[labels[0]]:
            problems.append(
                Problem(
                    "error",
                    where,
                    n,
                    "group",
                    g,
                    f"no group {g!r} in {labels[0]} (the first dataset)",
                )
            )
        else:
            out[(d, i)] = g
    return out, problems


# -- matching ------------------------------------------------------------------------
@dataclass
class Match:
    """One group of the external dataset and its decision."""

    dataset: str
    external: str
    external_name: str
    group: str = ""
    how: str = ""
    why_not: str = ""
    candidates: str = ""
    notes: list[str] = field(default_factory=list)
    #: the reason combine words for an unmatched group (``ambiguous: 2 groups of ...``)
    reason: str = ""

    def row(self) -> dict[str, str]:
        return {
            "dataset": self.dataset,
            "external": self.external,
            "external_name": self.external_name,
            "group": self.group,
            "how": self.how,
            "why_not": self.why_not,
            "candidates": self.candidates,
            "notes": "; ".join(self.notes),
        }


@dataclass
class Duplicate:
    """Groups of one dataset that are the same group by name, or all match one
    group of the base."""

    dataset: str
    groups: list[str]
    names: list[str]
    detail: str


def _one(base: _Side, index: _Index, other: _Side, j: int, label: str) -> Match:
    gid, name = other.ids[j], other.names[j]
    m = Match(label, gid, name)
    named: set[int] = set()
    canonical: set[int] = set()
    ambiguous: set[int] = set()
    for k, n in enumerate(other.all_names(j)):
        hits, canon = index.lookup(n)
        if len(hits) == 1:
            named |= hits
            if k == 0:
                canonical |= canon
        else:
            ambiguous |= hits
    # an exact id: the same group unless its names point to another one
    if gid in base.pos:
        i = base.pos[gid]
        elsewhere = named - {i}
        why = (
            f"the id is {gid!r} of {base.names[i]!r}, but the name matches "
            + ", ".join(base.ids[x] for x in sorted(elsewhere))
            if elsewhere
            else conflict(base, i, other, j)
        )
        if why:
            m.why_not, m.candidates, m.reason = "conflict", base.ids[i], f"conflict: {why}"
            m.notes.append(why)
        else:
            m.group, m.how = base.ids[i], "id"
        return m
    found = named | ambiguous
    if not found:
        m.why_not = m.reason = "unknown"
        return m
    if len(found) > 1:
        m.why_not = m.reason = "ambiguous"
        m.candidates = ";".join(sorted(base.ids[x] for x in found))
        for x in sorted(found, key=lambda x: base.ids[x]):
            why = conflict(base, x, other, j)
            if why:
                m.notes.append(f"{base.ids[x]}: {why}")
        return m
    (i,) = found
    why = conflict(base, i, other, j)
    if why:
        m.why_not, m.candidates, m.reason = "conflict", base.ids[i], f"conflict: {why}"
        m.notes.append(why)
        return m
    m.group = base.ids[i]
    m.how = "name" if i in canonical else "alias"
    return m


def _same_names(other: _Side, label: str) -> list[Duplicate]:
    from militnet._core.names import normalize

    by: dict[str, list[int]] = defaultdict(list)
    for j, n in enumerate(other.names):
        key = normalize(n)
        if key:
            by[key].append(j)
    return [
        Duplicate(
            label,
            [other.ids[j] for j in js],
            [other.names[j] for j in js],
            f"{len(js)} groups of {label} have the same name",
        )
        for js in by.values()
        if len(js) > 1
    ]


def match_groups(
    base: Network,
    other: Network,
    label: str,
    user: Mapping[tuple[str, str], str] | None = None,
) -> tuple[list[Match], list[Duplicate]]:
    """Every group of ``other`` matched to ``base`` (see the module's docstring),
    and the duplicates found inside ``other``."""
    user = user or {}
    b, o = _Side.of(base), _Side.of(other)
    index = _Index(b)
    matches: list[Match] = []
    for j, gid in enumerate(o.ids):
        if (label, gid) in user:
            target = user[(label, gid)]
            m = Match(label, gid, o.names[j], group=target, how="crosswalk")
            if target:
                why = conflict(b, b.pos[target], o, j)
                if why:
                    m.notes.append(f"settled by the crosswalk although {why}")
            else:
                m.reason = "crosswalk: kept apart"
                m.notes.append("kept apart by the crosswalk")
            matches.append(m)
        else:
            matches.append(_one(b, index, o, j, label))
    dups = _same_names(o, label)
    for d in dups:
        for gid in d.groups:
            others = [x for x in d.groups if x != gid]
            matches[o.pos[gid]].notes.append(
                f"duplicate in {label}: same name as {', '.join(others)}"
            )
    # several groups of other matched by name to one group: which one it is, is a guess
    # (a group the crosswalk gave to one of them counts: the others are not it)
    by_target: dict[str, list[Match]] = defaultdict(list)
    for m in matches:
        if m.group:
            by_target[m.group].append(m)
    for target, ms in by_target.items():
        if len(ms) < 2 or all(m.how == "crosswalk" for m in ms):
            continue
        ids = [m.external for m in ms]
        for m in ms:
            if m.how == "crosswalk":
                continue
            m.group, m.how, m.why_not, m.candidates = "", "", "ambiguous", target
            m.reason = f"ambiguous: {len(ms)} groups of {label} match {target}"
            m.notes.append(
                f"duplicate: {len(ms)} groups of {label} ({', '.join(ids)}) match {target}"
            )
        dups.append(
            Duplicate(
                label,
                ids,
                [m.external_name for m in ms],
                f"{len(ms)} groups of {label} all match {target!r}",
            )
        )
    return matches, dups


def labels_of(networks: Iterable[Network]) -> list[str]:
    """Dataset labels: each network's name (``dataset<k>`` without one), made unique."""
    labels: list[str] = []
    for i, net in enumerate(networks):
        base = net.name or f"dataset{i + 1}"
        label, n = base, 2
        while label in labels:
            label, n = f"{base}-{n}", n + 1
        labels.append(label)
    return labels


def crosswalk(net: Network, other: Network, *, crosswalk: Any = None) -> pd.DataFrame:
    """Match every group of ``other`` to a group of ``net``, never by guesswork.

    Parameters
    ----------
    net : Network
        The reference network (e.g. ``afpak``).
    other : Network
        The network whose groups are matched (an import of MMP, GTD, UCDP,
        ACLED...); its name (``other.name``) is the ``dataset`` of each row.
    crosswalk : path, DataFrame or mapping, optional
        Reviewed decisions: a CSV or DataFrame with columns ``source``
        (the dataset's name), ``external`` (its group id) and ``group``
        (``net``'s id; empty keeps the group apart), or a mapping
        ``{(source, external): group}``. ``dataset``/``id`` are accepted as
        column names too, so a reviewed draft can be passed back as it is.
        Rows of other datasets are ignored. A decision here settles anything.

    Returns
    -------
    DataFrame
        One row per group of ``other``, in its order, with columns
        ``dataset, external, external_name, group, how, why_not, candidates,
        notes``. ``how`` is ``crosswalk``, ``id``, ``name`` or ``alias``;
        ``why_not`` is ``unknown``, ``ambiguous`` (the ``candidates``; also
        when several groups of ``other`` match one group) or ``conflict``
        (one candidate that their countries or notes contradict; ``notes``
        says why). ``notes`` also flags duplicates inside ``other`` (groups
        of the same name).

    Raises
    ------
    ValidationError
        If the crosswalk lacks a column or names an unknown external id or group.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network
    >>> afpak = militnet.load_dataset("afpak")
    >>> other = Network(groups=[Group("g1", "Ansar al-Islam", country="Iraq"),
    ...                         Group("g2", "Tehreek-e-Taliban Pakistan"),
    ...                         Group("g3", "Jundullah")], metadata={"name": "x"})
    >>> cw = militnet.crosswalk(afpak, other)
    >>> cw[["external", "group", "how", "why_not", "candidates"]]
      external group    how    why_not                 candidates
    0       g1                conflict             ansar-ul-islam
    1       g2   ttp  alias
    2       g3               ambiguous  jundallah-ir;jundallah-pk
    >>> print(cw.notes[0])
    countries differ (Iraq against Pakistan)
    """
    import pandas as pd

    from militnet._classes.network import Network as _Network

    if not isinstance(net, _Network) or not isinstance(other, _Network):
        raise TypeError("crosswalk() needs two militnet.Network objects")
    labels = labels_of((net, other))
    user, problems = read_user_crosswalk(crosswalk, labels, (net, other), only=labels[1])
    if problems:
        raise ValidationError(ValidationReport(problems), header="invalid crosswalk")
    matches, _dups = match_groups(net, other, labels[1], user)
    return pd.DataFrame([m.row() for m in matches], columns=list(CROSSWALK_COLUMNS), dtype=object)
