"""The tie policy: which relations count as ties for metrics, and how."""

from __future__ import annotations

import dataclasses
import math
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal, TypedDict

from militnet._core.arguments import user_stacklevel
from militnet._core.dates import DATE_POLICIES
from militnet._core.errors import ArgumentError
from militnet._core.model import CONFIDENCE_LEVELS, RELATION_TYPES

__all__ = [
    "ALL_TYPES",
    "DEFAULT_STALE_AFTER",
    "DEFAULT_TIE_POLICY",
    "SIGNED",
    "STALE_WARNING_MONTHS",
    "TieKeywords",
    "TiePolicy",
    "check_stale_after",
    "check_types",
    "confidence_rank",
    "format_months",
    "tie_policy",
]

#: Default lapse threshold of :class:`TiePolicy`: an open-ended tie whose last
#: attestation (or, without one, its start) is more than five years old lapses.
DEFAULT_STALE_AFTER = "5y"

#: A result that rests on ties unattested for longer than this says so
#: (``provenance["attestation"]``, report lines, marks in the page and figures).
STALE_WARNING_MONTHS = 60

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(y|m)", re.IGNORECASE)


def confidence_rank(level: str) -> int:
    """2 for confirmed, 1 for reported, 0 for alleged."""
    try:
        return len(CONFIDENCE_LEVELS) - 1 - CONFIDENCE_LEVELS.index(level)
    except ValueError:
        raise ArgumentError(
            f"unknown confidence {level!r}; expected one of {', '.join(CONFIDENCE_LEVELS)}"
        ) from None


def check_date_policy(date_policy: str) -> tuple[str, str]:
    """Validate a date policy; return its (start side, end side)."""
    try:
        return DATE_POLICIES[date_policy]
    except (KeyError, TypeError):
        raise ArgumentError(
            f"unknown date policy {date_policy!r}; expected one of {', '.join(DATE_POLICIES)}"
        ) from None


def check_undated(undated: str) -> str:
    """Validate what to do with relations of undocumented start."""
    if undated not in ("include", "exclude"):
        raise ArgumentError(f"undated must be 'include' or 'exclude', got {undated!r}")
    return undated


def check_stale_after(value: float | str | None) -> int | None:
    """A lapse threshold as a whole number of months (``None``: ties never lapse).

    Accepts a number of years (``5``, ``2.5``) or a string: ``"5y"``, ``"18m"``,
    ``"1y6m"``. Fractions of a month are refused, as are zero and negatives.

    Examples
    --------
    >>> check_stale_after("18m"), check_stale_after(5), check_stale_after("1y6m")
    (18, 60, 18)
    >>> check_stale_after(None) is None
    True
    """
    if value is None:
        return None
    months: float
    if isinstance(value, bool):
        raise ArgumentError(
            f"stale_after must be a number of years or a duration such as "
            f"'5y' or '18m', got {value!r}"
        )
    if isinstance(value, (int, float)) or hasattr(value, "__index__"):
        months = float(value) * 12
    elif isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        if text in ("none", "never", "off"):
            return None
        if re.fullmatch(r"\d+(?:\.\d+)?", text):  # a bare number: years
            text += "y"
        parts = _DURATION.findall(text)
        if not parts or "".join(n + u for n, u in parts) != text:
            raise ArgumentError(
                f"stale_after: cannot read the duration {value!r}; write a "
                f"number of years (5) or e.g. '5y', '18m', '1y6m'"
            )
        months = sum(float(n) * (12 if u == "y" else 1) for n, u in parts)
    else:
        raise ArgumentError(
            f"stale_after must be a number of years or a duration such as "
            f"'5y' or '18m', got {value!r}"
        )
    if not math.isfinite(months) or months <= 0:
        raise ArgumentError(f"stale_after must be a positive duration, got {value!r}")
    if abs(months - round(months)) > 1e-9:
        raise ArgumentError(
            f"stale_after must be a whole number of months, got {value!r} ({months:g} months)"
        )
    return round(months)


def format_months(months: int | None) -> str | None:
    """``60`` → ``"5y"``, ``18`` → ``"18m"``, ``None`` → ``None``."""
    if months is None:
        return None
    return f"{months // 12}y" if months % 12 == 0 else f"{months}m"


def check_types(types: Iterable[str] | str | None) -> tuple[str, ...]:
    """Validate a selection of relation types (``None`` is all of them)."""
    if types is None:
        return tuple(RELATION_TYPES)
    if isinstance(types, str):
        types = (types,)
    if not isinstance(types, Iterable) or isinstance(types, (bytes, bytearray)):
        raise ArgumentError(
            f"types must be relation type names (text or a list of them), got "
            f"{type(types).__name__} {types!r}"[:200]
        )
    out = tuple(dict.fromkeys(types))
    bad = [t for t in out if t not in RELATION_TYPES]
    if bad:
        raise ArgumentError(
            f"unknown relation type {bad[0]!r}; expected one of {', '.join(RELATION_TYPES)}"
        )
    return out


@dataclass(frozen=True, repr=False)
class TiePolicy:
    """Which relations count as ties, and how parallel relations collapse into one tie.

    One filter language: every militnet function that selects ties
    (:meth:`Network.at <militnet.Network.at>`, :meth:`~militnet.Network.ties`,
    :meth:`~militnet.Network.series`, the measures, :func:`~militnet.diff`,
    :func:`~militnet.balance`, :func:`~militnet.report`, the exports, the HTML
    page and the figures) takes ``policy=TiePolicy(...)``. ``policy=None`` is
    ``TiePolicy()`` everywhere. A function whose natural default is another
    policy shows it in its signature: a snapshot (:meth:`Network.at
    <militnet.Network.at>`), :func:`~militnet.diff`, the exports and the page
    show every relation type (``policy=TiePolicy.all_types()``);
    :func:`~militnet.balance` uses signed ties (``policy=TiePolicy.signed_ties()``).
    The loose keywords of militnet 0.1 (``types=``, ``min_confidence=``,
    ``date_policy=``, ``undated=``, ``stale_after=``) still work until 0.3,
    with a :class:`DeprecationWarning`; given together with ``policy=``, they
    change it (:func:`dataclasses.replace`).

    Parameters
    ----------
    types : tuple of str
        Relation types that make a tie. Default: the cooperative ones,
        ``("alliance", "pledge")``. Lineage types (split, merger) are not
        cooperation and are left out by default.
    signed : bool
        Also include rivalries as negative ties (for structural balance).
        A pair with both cooperative and rivalry relations active on the same
        day gets the sign of the majority, or 0 (mixed) on a tie.
    min_confidence : str
        Weakest confidence included: ``"reported"`` (default: reported and
        confirmed relations), ``"alleged"`` (everything) or ``"confirmed"``.
        Alleged relations (a government's attribution, "some member states
        reported") are left out of measures and views unless asked for: on
        afpak they are a fifth of the cooperative relations, rarely
        corroborated, and most of some groups' scores (see "Why these
        defaults" in the concepts); :func:`militnet.alleged_reliance` and
        :func:`militnet.sensitivity` show what they would change.
    weight : {"count", "binary"}
        ``"count"``: a tie's weight is the number of active relations behind
        it; ``"binary"``: every tie weighs 1.
    date_policy : str
        How partial dates compare with the snapshot day (see
        :data:`~militnet.DATE_POLICIES`).
    undated : {"include", "exclude"}
        Relations with an undocumented start: ``"include"`` treats them as
        active from the founding of both groups; ``"exclude"`` leaves them out.
    stale_after : float, str or None
        When open-ended ties **lapse**: a number of years (``5``) or a duration
        (``"5y"``, ``"18m"``). On day *t*, a relation without an ``end`` whose
        ``last_attested`` date (or, without one, its ``start``) lies more than
        ``stale_after`` before *t* is lapsed and not active. A relation with an
        ``end`` never lapses; one with neither date cannot lapse (results count
        it as unattested). Default ``"5y"``; ``None``: ties never lapse. Stored
        normalised (``"5y"``, ``"18m"``). See "Lapsing ties" in the concepts.

    Examples
    --------
    >>> from militnet import TiePolicy
    >>> TiePolicy().types
    ('alliance', 'pledge')
    >>> TiePolicy().stale_after, TiePolicy(stale_after=1.5).stale_after
    ('5y', '18m')
    >>> TiePolicy(stale_after=None).stale_months is None
    True
    >>> TiePolicy().min_confidence
    'reported'
    >>> TiePolicy(signed=True, min_confidence="alleged").relation_types
    ('alliance', 'pledge', 'rivalry')
    >>> TiePolicy.all_types(min_confidence="alleged")
    TiePolicy.all_types(min_confidence='alleged')
    >>> TiePolicy.all_types().cooperative() == TiePolicy()
    True
    """

    types: tuple[str, ...] = ("alliance", "pledge")
    signed: bool = False
    min_confidence: str = "reported"
    weight: Literal["count", "binary"] = "count"
    date_policy: str = "earliest"
    undated: Literal["include", "exclude"] = "include"
    stale_after: float | str | None = DEFAULT_STALE_AFTER

    def __post_init__(self) -> None:
        object.__setattr__(self, "stale_after", format_months(check_stale_after(self.stale_after)))
        object.__setattr__(self, "types", check_types(self.types))
        if not self.types:
            raise ArgumentError(
                "a tie policy needs at least one relation type; no relation type selected"
            )
        confidence_rank(self.min_confidence)
        if self.weight not in ("count", "binary"):
            raise ArgumentError(f"weight must be 'count' or 'binary', got {self.weight!r}")
        check_date_policy(self.date_policy)
        check_undated(self.undated)

    @property
    def stale_months(self) -> int | None:
        """The lapse threshold in months (``None``: ties never lapse)."""
        return check_stale_after(self.stale_after)

    @property
    def relation_types(self) -> tuple[str, ...]:
        """The relation types a snapshot must contain for this policy."""
        if self.signed and "rivalry" not in self.types:
            return (*self.types, "rivalry")
        return self.types

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form, recorded in the provenance of every result."""
        d = asdict(self)
        d["types"] = list(self.types)
        return d

    @classmethod
    def all_types(cls, **changes: Any) -> TiePolicy:
        """Every relation type (alliance, pledge, split, merger, rivalry), and the
        other fields as given: what a snapshot, :func:`~militnet.diff`, the
        exports and the page show by default.

        Examples
        --------
        >>> from militnet import TiePolicy
        >>> TiePolicy.all_types().types
        ('alliance', 'pledge', 'split', 'merger', 'rivalry')
        """
        return cls(**{"types": tuple(RELATION_TYPES), **changes})

    @classmethod
    def signed_ties(cls, **changes: Any) -> TiePolicy:
        """Cooperative ties positive, rivalries negative (``signed=True``), and
        the other fields as given: the default of :func:`~militnet.balance`.
        (Not called ``signed``, which is the field.)

        Examples
        --------
        >>> from militnet import TiePolicy
        >>> TiePolicy.signed_ties().relation_types
        ('alliance', 'pledge', 'rivalry')
        """
        return cls(**{"signed": True, **changes})

    def cooperative(self) -> TiePolicy:
        """This policy with its types narrowed to the cooperative ones (alliance,
        pledge): the ties that node sizes, community colours and centrality
        changes are measured on where every relation type is shown. A policy
        without a cooperative type is returned as it is."""
        coop = tuple(t for t in self.types if RELATION_TYPES[t].kind == "cooperation")
        if not coop or coop == self.types:
            return self
        return dataclasses.replace(self, types=coop)

    def __repr__(self) -> str:
        """The fields that differ from ``TiePolicy()``; ``TiePolicy.all_types(...)``
        for a policy of every relation type (so signatures show their default)."""
        ctor = "TiePolicy"
        changed = {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(DEFAULT_TIE_POLICY, f.name)
        }
        if changed.get("types") == tuple(RELATION_TYPES):
            ctor = "TiePolicy.all_types"
            del changed["types"]
        return f"{ctor}({', '.join(f'{k}={v!r}' for k, v in changed.items())})"


#: ``TiePolicy()``: what ``policy=None`` means everywhere.
DEFAULT_TIE_POLICY = TiePolicy()
#: ``TiePolicy.all_types()``: the default of snapshots, diff, exports and the page.
ALL_TYPES = TiePolicy.all_types()
#: ``TiePolicy.signed_ties()``: the default of :func:`militnet.balance`.
SIGNED = TiePolicy.signed_ties()

#: The tie-selecting keywords of militnet 0.1, deprecated in favour of ``policy=``.
LOOSE_KEYWORDS: tuple[str, ...] = (
    "types",
    "min_confidence",
    "date_policy",
    "undated",
    "stale_after",
)
DEPRECATED_SINCE = "0.2"
REMOVED_IN = "0.3"


class TieKeywords(TypedDict, total=False):
    """The deprecated loose keywords a public function still accepts (``**deprecated``)."""

    types: Iterable[str] | str | None
    min_confidence: str
    date_policy: str
    undated: str
    stale_after: float | str | None


def tie_policy(
    policy: TiePolicy | None,
    deprecated: Mapping[str, Any],
    *,
    call: str,
    default: TiePolicy | None = None,
    stacklevel: int = 3,
) -> TiePolicy:
    """The one entrance of a tie policy: resolve a public function's ``policy=``
    and its deprecated loose keywords into one immutable :class:`TiePolicy`.

    Called once, by the public function the user called; below it only the
    returned policy travels.

    Parameters
    ----------
    policy : TiePolicy or None
        What the caller passed (or the function's signature default);
        ``None`` is ``TiePolicy()``.
    deprecated : mapping
        The loose keywords the caller passed (``types``, ``min_confidence``,
        ``date_policy``, ``undated``, ``stale_after``): applied on top of
        ``policy`` (:func:`dataclasses.replace`), with one
        :class:`DeprecationWarning` that names the replacement.
    call : str
        The public name, for messages (``"Network.at"``).
    default : TiePolicy, optional
        The function's signature default, so the warning suggests the
        equivalent policy (``TiePolicy.all_types(...)``).
    stacklevel : int
        Of the warning: 3 points at the caller of the public function.

    Raises
    ------
    TypeError
        For a keyword that is not one of the loose keywords.
    ArgumentError
        If ``policy`` is not a TiePolicy, or a keyword has a bad value.

    Examples
    --------
    >>> import warnings
    >>> tie_policy(None, {}, call="f") == TiePolicy()
    True
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     pol = tie_policy(ALL_TYPES, {"stale_after": None}, call="Network.at",
    ...                      default=ALL_TYPES, stacklevel=2)
    >>> pol
    TiePolicy.all_types(stale_after=None)
    >>> print(w[0].message)
    Network.at(stale_after=...) is deprecated since militnet 0.2 and will be removed in 0.3;
    pass policy=militnet.TiePolicy.all_types(stale_after=...)
    """
    if policy is None:
        pol = DEFAULT_TIE_POLICY
    elif isinstance(policy, TiePolicy):
        pol = policy
    else:
        raise ArgumentError(f"{call}: policy must be a militnet.TiePolicy or None, got {policy!r}")
    if not deprecated:
        return pol
    for k in deprecated:
        if k not in LOOSE_KEYWORDS:
            raise TypeError(f"{call}() got an unexpected keyword argument {k!r}")
    names = list(deprecated)
    warnings.warn(
        f"{call}({', '.join(f'{k}=...' for k in names)}) is deprecated since militnet "
        f"{DEPRECATED_SINCE} and will be removed in {REMOVED_IN}; pass policy="
        + _replacement(policy, default, names),
        DeprecationWarning,
        stacklevel=max(stacklevel, user_stacklevel()),  # the user's line
    )
    return dataclasses.replace(pol, **deprecated)


def _replacement(policy: TiePolicy | None, default: TiePolicy | None, names: list[str]) -> str:
    """The ``policy=`` expression that replaces the loose keywords ``names``."""
    given = ", ".join(f"{k}=..." for k in names)
    if policy is not None and policy is not default:  # the caller's own policy, changed
        return f"dataclasses.replace(policy, {given})"
    base = policy or DEFAULT_TIE_POLICY
    ctor = "militnet.TiePolicy"
    kept = {
        f.name: getattr(base, f.name)
        for f in dataclasses.fields(base)
        if f.name not in names and getattr(base, f.name) != getattr(DEFAULT_TIE_POLICY, f.name)
    }
    if kept.get("types") == tuple(RELATION_TYPES):
        ctor = "militnet.TiePolicy.all_types"
        del kept["types"]
    elif kept.get("signed") is True:
        ctor = "militnet.TiePolicy.signed_ties"
        del kept["signed"]
    args = [given, *(f"{k}={v!r}" for k, v in kept.items())]
    return f"{ctor}({', '.join(a for a in args if a)})"


def resolve_policy(policy: TiePolicy | None) -> TiePolicy:
    """``None`` → ``TiePolicy()``; a TiePolicy as it is (engine helpers that take an
    optional policy; public functions resolve theirs with :func:`tie_policy`)."""
    return DEFAULT_TIE_POLICY if policy is None else policy


def pop_loose(options: dict[str, Any]) -> dict[str, Any]:
    """Take the loose tie keywords out of a function's ``**options`` (for
    :func:`tie_policy`), leaving the others."""
    return {k: options.pop(k) for k in list(options) if k in LOOSE_KEYWORDS}
