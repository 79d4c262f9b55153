"""Records of the data model: :class:`Group`, :class:`Relation`, :class:`Source`.

Records are small, frozen and validated on construction. The tables of a
:class:`~militnet.Network` hold the same fields as columns; records are the
typed, per-row view of them.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar, NamedTuple

from militnet._core.dates import PartialDate
from militnet._core.errors import DateError, RecordError

__all__ = [
    "CONFIDENCE_LEVELS",
    "EVENT_KINDS",
    "EVENT_ROLES",
    "RELATION_TYPES",
    "Group",
    "Relation",
    "RelationType",
    "Source",
]


class RelationType(NamedTuple):
    """Semantics of one relation type (see ``docs/concepts.md``)."""

    name: str
    directed: bool
    sign: int
    kind: str
    meaning: str


#: The relation types, as in the domain notes. ``sign`` is +1 for
#: cooperation, -1 for conflict and 0 for lineage (split, merger).
RELATION_TYPES: Mapping[str, RelationType] = MappingProxyType(
    {
        "alliance": RelationType(
            "alliance",
            False,
            +1,
            "cooperation",
            "the two groups work together (joint attacks, shared fighters, declared alliance)",
        ),
        "pledge": RelationType(
            "pledge",
            True,
            +1,
            "cooperation",
            "source swears allegiance (bay'a) to target, or becomes its affiliate or province",
        ),
        "split": RelationType(
            "split",
            True,
            0,
            "lineage",
            "source breaks away from target; lineage, not cooperation",
        ),
        "merger": RelationType(
            "merger",
            True,
            0,
            "lineage",
            "source folds into target (source usually ends)",
        ),
        "rivalry": RelationType(
            "rivalry",
            False,
            -1,
            "conflict",
            "open conflict or competition between the groups",
        ),
    }
)

#: Confidence levels, strongest first. ``alleged`` is a single government
#: claim or an unconfirmed report.
CONFIDENCE_LEVELS: tuple[str, ...] = ("confirmed", "reported", "alleged")

LIST_SEP = ";"

#: Kinds of evidence event (``events.csv``, column ``kind``).
EVENT_KINDS: tuple[str, ...] = (
    "attack",
    "clash",
    "claim",
    "statement",
    "pledge",
    "denial",
    "meeting",
    "killing",
    "arrest",
)

#: Roles of a group in an event (``event_actors.csv``, column ``role``):
#: ``perpetrator`` (carried it out, possibly only suspected: see its confidence),
#: ``claimant`` (said it did), ``target`` (was attacked), ``participant`` (took part,
#: e.g. either side of a clash, a meeting), ``signatory`` (of a pledge, agreement or
#: statement), ``denier`` (denied a link or a role).
EVENT_ROLES: tuple[str, ...] = (
    "perpetrator",
    "claimant",
    "target",
    "participant",
    "signatory",
    "denier",
)


def split_list(cell: str) -> tuple[str, ...]:
    """Split a ``;``-separated cell into stripped, non-empty items."""
    return tuple(p.strip() for p in cell.split(LIST_SEP) if p.strip())


#: What a list field of a record accepts: a ``;``-separated string or strings.
ListInput = str | Iterable[str] | None
#: What a date field of a record accepts (see :meth:`PartialDate.parse`).
DateInput = PartialDate | str | _dt.date | None


# -- rules, in the words validation uses (militnet._dataset.validate reports the same problems
# with file, row and column; a record raises them at once, naming the record)
SELF_LOOP = "self-loop: a group cannot relate to itself"
EMPTY_NAME = "empty name"
BAD_URL = "url must be an absolute http:// or https:// URL"


def id_problem(value: object, kind: str = "") -> str | None:
    """What is wrong with an id (of a ``kind`` of record: ``"group"`` for the
    group columns of a relation), or None."""
    if not isinstance(value, str) or not value.strip():
        return f"empty {kind} id" if kind else "empty id"
    if value != value.strip():
        return "id has leading or trailing spaces"
    if LIST_SEP in value:
        return f"id may not contain {LIST_SEP!r}"
    return None


def type_problem(value: object) -> str | None:
    """What is wrong with a relation type, or None."""
    if isinstance(value, str) and value in RELATION_TYPES:
        return None
    return f"unknown relation type; expected one of {', '.join(RELATION_TYPES)}"


def confidence_problem(value: object) -> str | None:
    """What is wrong with a confidence level, or None."""
    if isinstance(value, str) and value in CONFIDENCE_LEVELS:
        return None
    return f"unknown confidence; expected one of {', '.join(CONFIDENCE_LEVELS)}"


def _check_id(value: object, what: str, kind: str = "") -> str:
    msg = id_problem(value, kind)
    if msg is not None:
        raise RecordError(f"{what} {value!r}: {msg}")
    return value  # type: ignore[return-value]  # a str, as id_problem checked


def _as_tuple(value: ListInput, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return split_list(value)
    if isinstance(value, Iterable):
        out = tuple(str(v).strip() for v in value if str(v).strip())
        bad = [v for v in out if LIST_SEP in v]
        if bad:
            raise RecordError(f"{name}: items may not contain {LIST_SEP!r}: {bad[0]!r}")
        return out
    raise RecordError(f"{name}: expected a string or a list of strings, got {value!r}")


def _as_date(value: DateInput, name: str) -> PartialDate:
    try:
        return PartialDate.parse(value)
    except DateError as exc:
        raise RecordError(f"{name}: {exc}") from None


def _as_text(value: object, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{name}: expected text, got {value!r}")
    return value


def _as_extra(extra: Mapping[str, object] | None) -> Mapping[str, str]:
    if extra is not None and not isinstance(extra, Mapping):
        raise RecordError(
            f"extra: expected a mapping of column names to text, got {type(extra).__name__}"
        )
    return MappingProxyType({str(k): _as_text(v, str(k)) for k, v in (extra or {}).items()})


def _set(obj: object, name: str, value: Any) -> None:
    object.__setattr__(obj, name, value)


def _check_order(start: PartialDate, end: PartialDate, what: str, a: str, b: str) -> None:
    if start.is_known and end.is_known and end.last_day() < start.first_day():
        raise RecordError(f"{what}: {b} {end} is before {a} {start}")


def as_cell(value: Any) -> str:
    """A value as the text of a table cell: lists and tuples ``;``-joined, dates
    in partial-date form, missing values (None, NaN, NaT, pandas.NA) empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, (list, tuple)):
        return LIST_SEP.join(str(v) for v in value)
    # missing values: NaN and pandas.NaT are unequal to themselves; pandas.NA has no truth
    if type(value).__name__ == "NAType" or (
        isinstance(value, float | _dt.datetime) and value != value
    ):
        return ""
    return str(value)


class _Record:
    """Shared conversion of records to table rows."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Any]]
    extra: Mapping[str, str]

    def to_dict(self) -> dict[str, str]:
        """The record as a table row: every value a string, lists ``;``-joined."""
        row = {n: as_cell(getattr(self, n)) for n in self.__dataclass_fields__ if n != "extra"}
        row.update(self.extra)
        return row


# Records are dataclasses with a written-out __init__: it takes what users pass
# (";"-separated strings, date strings) and stores the converted values, so the
# field types say what a record holds and the parameters what it accepts.


@dataclass(frozen=True, slots=True, init=False)
class Group(_Record):
    """A militant group.

    Parameters
    ----------
    id : str
        Stable identifier (``"ttp"``).
    name : str
        Canonical name.
    aliases : tuple of str
        Other names and spellings (a ``;``-separated string is accepted).
    founded, ended : PartialDate
        Lifetime bounds, at the precision the sources give (strings accepted).
    orientation, country, notes : str
        Descriptive attributes.
    sources : tuple of str
        Ids of the sources behind the record (a ``;``-separated string is accepted).
    extra : mapping
        Further columns, kept as they are.

    Examples
    --------
    >>> from militnet import Group
    >>> g = Group("ttp", "Tehrik-i-Taliban Pakistan", aliases="TTP;Pakistani Taliban",
    ...           founded="2007-12")
    >>> g.aliases
    ('TTP', 'Pakistani Taliban')
    >>> g.founded.precision
    'month'
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    founded: PartialDate
    ended: PartialDate
    orientation: str
    country: str
    notes: str
    sources: tuple[str, ...]
    extra: Mapping[str, str] = field(hash=False)

    def __init__(
        self,
        id: str,
        name: str,
        aliases: ListInput = (),
        founded: DateInput = None,
        ended: DateInput = None,
        orientation: str = "",
        country: str = "",
        notes: str = "",
        sources: ListInput = (),
        extra: Mapping[str, object] | None = None,
    ) -> None:
        _set(self, "id", _check_id(id, "group id"))
        if not isinstance(name, str) or not name.strip():
            raise RecordError(f"group {id!r}: name {name!r}: {EMPTY_NAME}")
        _set(self, "name", name)
        _set(self, "aliases", _as_tuple(aliases, "aliases"))
        _set(self, "founded", _as_date(founded, "founded"))
        _set(self, "ended", _as_date(ended, "ended"))
        for n, v in (("orientation", orientation), ("country", country), ("notes", notes)):
            _set(self, n, _as_text(v, n))
        _set(self, "sources", _as_tuple(sources, "sources"))
        _set(self, "extra", _as_extra(extra))
        _check_order(self.founded, self.ended, f"group {self.id!r}", "founded", "ended")

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True, init=False)
class Relation(_Record):
    """A dated, typed, sourced relation between two groups.

    Parameters
    ----------
    id : str
        Stable identifier.
    source, target : str
        Group ids. For directed types the direction is meaningful: a pledge
        points to the group pledged to, a split from the splinter to its
        parent, a merger from the absorbed group to the absorbing one.
    type : str
        One of :data:`RELATION_TYPES`.
    start, end : PartialDate
        Half-open interval ``[start, end)``; an unknown start is kept as
        unknown, an unknown end means still active (strings accepted).
    confidence : str
        One of :data:`CONFIDENCE_LEVELS` (default ``"reported"``).
    evidence, notes : str
        A short quote or paraphrase, and free notes.
    sources : tuple of str
        Ids of the sources behind the relation (a ``;``-separated string is accepted).
    last_attested : PartialDate or str
        The latest date at which a cited source shows the tie still in force
        (empty: unknown). Open-ended ties lapse when it is older than a tie
        policy's ``stale_after``; it can be neither before ``start`` nor after
        ``end``.
    extra : mapping
        Further columns, kept as they are.

    Examples
    --------
    >>> from militnet import Relation
    >>> r = Relation("r1", "jua", "ttp", "split", start="2014-08", confidence="confirmed")
    >>> r.directed, r.sign
    (True, 0)
    >>> Relation("r2", "a", "b", "friendship")
    Traceback (most recent call last):
    ...
    militnet.ArgumentError: relation 'r2': type 'friendship': unknown relation type; expected ...
    """

    id: str
    source: str
    target: str
    type: str
    start: PartialDate
    end: PartialDate
    confidence: str
    evidence: str
    sources: tuple[str, ...]
    notes: str
    last_attested: PartialDate
    extra: Mapping[str, str] = field(hash=False)

    def __init__(
        self,
        id: str,
        source: str,
        target: str,
        type: str,
        start: DateInput = None,
        end: DateInput = None,
        confidence: str = "reported",
        evidence: str = "",
        sources: ListInput = (),
        notes: str = "",
        last_attested: DateInput = None,
        extra: Mapping[str, object] | None = None,
    ) -> None:
        what = f"relation {id!r}"
        _set(self, "id", _check_id(id, "relation id"))
        _set(self, "source", _check_id(source, f"{what}: source", "group"))
        _set(self, "target", _check_id(target, f"{what}: target", "group"))
        if source == target:
            raise RecordError(f"{what}: target {target!r}: {SELF_LOOP}")
        for column, value, problem in (
            ("type", type, type_problem),
            ("confidence", confidence, confidence_problem),
        ):
            msg = problem(value)
            if msg is not None:
                raise RecordError(f"{what}: {column} {value!r}: {msg}")
        _set(self, "type", type)
        _set(self, "confidence", confidence)
        _set(self, "start", _as_date(start, "start"))
        _set(self, "end", _as_date(end, "end"))
        _set(self, "sources", _as_tuple(sources, "sources"))
        for n, v in (("evidence", evidence), ("notes", notes)):
            _set(self, n, _as_text(v, n))
        _set(self, "last_attested", _as_date(last_attested, "last_attested"))
        _set(self, "extra", _as_extra(extra))
        _check_order(self.start, self.end, what, "start", "end")
        _check_order(self.start, self.last_attested, what, "start", "last_attested")
        _check_order(self.last_attested, self.end, what, "last_attested", "end")

    @property
    def directed(self) -> bool:
        """Whether the type is directed (pledge, split, merger)."""
        return RELATION_TYPES[self.type].directed

    @property
    def sign(self) -> int:
        """+1 cooperation, -1 conflict, 0 lineage."""
        return RELATION_TYPES[self.type].sign


@dataclass(frozen=True, slots=True, init=False)
class Source(_Record):
    """A source document: a news article, report, or profile.

    ``kind`` says what sort of source it is (``"wire"``, ``"research"``,
    ``"mirror"``...; see ``SOURCE_KINDS`` in the dataset format): reports and
    :func:`militnet.explain` cite the strongest kind first.

    Examples
    --------
    >>> from militnet import Source
    >>> Source("seed-001", title="Islamic State Group Flourishes", date="2016-11").date
    PartialDate('2016-11')
    """

    id: str
    title: str
    publisher: str
    date: PartialDate
    url: str
    document: str
    notes: str
    kind: str
    extra: Mapping[str, str] = field(hash=False)

    def __init__(
        self,
        id: str,
        title: str = "",
        publisher: str = "",
        date: DateInput = None,
        url: str = "",
        document: str = "",
        notes: str = "",
        kind: str = "",
        extra: Mapping[str, object] | None = None,
    ) -> None:
        _set(self, "id", _check_id(id, "source id"))
        _set(self, "date", _as_date(date, "date"))
        for n, v in (
            ("title", title),
            ("publisher", publisher),
            ("url", url),
            ("document", document),
            ("notes", notes),
            ("kind", kind),
        ):
            _set(self, n, _as_text(v, n))
        if self.url and not is_web_url(self.url):
            raise RecordError(f"source {self.id!r}: url {self.url!r}: {BAD_URL}")
        _set(self, "extra", _as_extra(extra))


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an absolute ``http`` or ``https`` URL."""
    low = url.strip().lower()
    return (
        (low.startswith("http://") or low.startswith("https://"))
        and len(low) > 8
        and (not any(c.isspace() or ord(c) < 32 for c in url.strip()))
    )
