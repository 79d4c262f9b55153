"""Records of the data model: :class:`Group`, :class:`Relation`, :class:`Source`.

Records are small, frozen and validated on construction. The tables of a
:class:`~militnet.Network` hold the same fields as columns; records are the
typed, per-row view of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NamedTuple

from militnet._dates import PartialDate
from militnet._errors import DateError, RecordError

__all__ = [
    "CONFIDENCE_LEVELS",
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
            "alliance", False, +1, "cooperation",
            "the two groups work together (joint attacks, shared fighters, declared alliance)",
        ),
        "pledge": RelationType(
            "pledge", True, +1, "cooperation",
            "source swears allegiance (bay'a) to target, or becomes its affiliate or province",
        ),
        "split": RelationType(
            "split", True, 0, "lineage",
            "source breaks away from target; lineage, not cooperation",
        ),
        "merger": RelationType(
            "merger", True, 0, "lineage",
            "source folds into target (source usually ends)",
        ),
        "rivalry": RelationType(
            "rivalry", False, -1, "conflict",
            "open conflict or competition between the groups",
        ),
    }
)

#: Confidence levels, strongest first. ``alleged`` is a single government
#: claim or an unconfirmed report.
CONFIDENCE_LEVELS: tuple[str, ...] = ("confirmed", "reported", "alleged")

LIST_SEP = ";"


def split_list(cell: str) -> tuple[str, ...]:
    """Split a ``;``-separated cell into stripped, non-empty items."""
    return tuple(p.strip() for p in cell.split(LIST_SEP) if p.strip())


def _as_tuple(value: Any, name: str) -> tuple[str, ...]:
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


def _as_date(value: Any, name: str) -> PartialDate:
    try:
        return PartialDate.parse(value)
    except DateError as exc:
        raise RecordError(f"{name}: {exc}") from None


def _as_text(value: Any, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{name}: expected text, got {value!r}")
    return value


def _set(obj: object, name: str, value: Any) -> None:
    object.__setattr__(obj, name, value)


def _check_id(value: Any, what: str) -> None:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise RecordError(f"{what} id must be a non-empty string without surrounding "
                          f"spaces, got {value!r}")
    if LIST_SEP in value:
        raise RecordError(f"{what} id may not contain {LIST_SEP!r}: {value!r}")


def _freeze_extra(obj: object) -> None:
    extra = obj.extra
    _set(obj, "extra", MappingProxyType({str(k): _as_text(v, str(k)) for k, v in extra.items()}))


def _cell(value: Any) -> str:
    if isinstance(value, tuple):
        return LIST_SEP.join(value)
    return str(value)


class _Record:
    """Shared conversion of records to table rows."""

    __slots__ = ()

    def to_dict(self) -> dict[str, str]:
        """The record as a table row: every value a string, lists ``;``-joined."""
        names = [f for f in self.__dataclass_fields__ if f != "extra"]  # type: ignore[attr-defined]
        row = {n: _cell(getattr(self, n)) for n in names}
        row.update(self.extra)
        return row


@dataclass(frozen=True, slots=True)
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
        Ids of the sources behind the record.
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
    aliases: tuple[str, ...] = ()
    founded: PartialDate = field(default_factory=PartialDate)
    ended: PartialDate = field(default_factory=PartialDate)
    orientation: str = ""
    country: str = ""
    notes: str = ""
    sources: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        _check_id(self.id, "group")
        if not isinstance(self.name, str) or not self.name.strip():
            raise RecordError(f"group {self.id!r}: name must be non-empty")
        _set(self, "aliases", _as_tuple(self.aliases, "aliases"))
        _set(self, "sources", _as_tuple(self.sources, "sources"))
        _set(self, "founded", _as_date(self.founded, "founded"))
        _set(self, "ended", _as_date(self.ended, "ended"))
        for n in ("orientation", "country", "notes"):
            _set(self, n, _as_text(getattr(self, n), n))
        _check_order(self.founded, self.ended, f"group {self.id!r}", "founded", "ended")
        _freeze_extra(self)

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases."""
        return (self.name, *self.aliases)


def _check_order(start: PartialDate, end: PartialDate, what: str, a: str, b: str) -> None:
    if start.is_known and end.is_known and end.last_day() < start.first_day():
        raise RecordError(f"{what}: {b} {end} is before {a} {start}")


@dataclass(frozen=True, slots=True)
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
        unknown, an unknown end means still active.
    confidence : str
        One of :data:`CONFIDENCE_LEVELS`.
    evidence, notes : str
        A short quote or paraphrase, and free notes.
    sources : tuple of str
        Ids of the sources behind the relation.
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
    militnet.RecordError: relation 'r2': unknown type 'friendship'; expected one of ...
    """

    id: str
    source: str
    target: str
    type: str
    start: PartialDate = field(default_factory=PartialDate)
    end: PartialDate = field(default_factory=PartialDate)
    confidence: str = "reported"
    evidence: str = ""
    sources: tuple[str, ...] = ()
    notes: str = ""
    last_attested: PartialDate = field(default_factory=PartialDate)
    extra: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        _check_id(self.id, "relation")
        _check_id(self.source, "source group")
        _check_id(self.target, "target group")
        if self.source == self.target:
            raise RecordError(f"relation {self.id!r}: a group cannot relate to itself "
                              f"({self.source!r})")
        if self.type not in RELATION_TYPES:
            raise RecordError(f"relation {self.id!r}: unknown type {self.type!r}; expected "
                              f"one of {', '.join(RELATION_TYPES)}")
        if self.confidence not in CONFIDENCE_LEVELS:
            raise RecordError(f"relation {self.id!r}: unknown confidence {self.confidence!r}; "
                              f"expected one of {', '.join(CONFIDENCE_LEVELS)}")
        _set(self, "start", _as_date(self.start, "start"))
        _set(self, "end", _as_date(self.end, "end"))
        _set(self, "sources", _as_tuple(self.sources, "sources"))
        for n in ("evidence", "notes"):
            _set(self, n, _as_text(getattr(self, n), n))
        _set(self, "last_attested", _as_date(self.last_attested, "last_attested"))
        _check_order(self.start, self.end, f"relation {self.id!r}", "start", "end")
        _check_order(self.start, self.last_attested, f"relation {self.id!r}", "start",
                     "last_attested")
        _check_order(self.last_attested, self.end, f"relation {self.id!r}", "last_attested",
                     "end")
        _freeze_extra(self)

    @property
    def directed(self) -> bool:
        """Whether the type is directed (pledge, split, merger)."""
        return RELATION_TYPES[self.type].directed

    @property
    def sign(self) -> int:
        """+1 cooperation, -1 conflict, 0 lineage."""
        return RELATION_TYPES[self.type].sign


@dataclass(frozen=True, slots=True)
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
    title: str = ""
    publisher: str = ""
    date: PartialDate = field(default_factory=PartialDate)
    url: str = ""
    document: str = ""
    notes: str = ""
    kind: str = ""
    extra: Mapping[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        _check_id(self.id, "source")
        _set(self, "date", _as_date(self.date, "date"))
        for n in ("title", "publisher", "url", "document", "notes", "kind"):
            _set(self, n, _as_text(getattr(self, n), n))
        if self.url and not is_web_url(self.url):
            raise RecordError(f"source {self.id!r}: url must start with http:// or https://, "
                              f"got {self.url!r}")
        _freeze_extra(self)


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an absolute ``http`` or ``https`` URL."""
    low = url.strip().lower()
    return (low.startswith("http://") or low.startswith("https://")) and len(low) > 8 and (
        not any(c.isspace() or ord(c) < 32 for c in url.strip())
    )
