"""The tie policy: which relations count as ties for metrics, and how."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from militnet._core.dates import DATE_POLICIES
from militnet._core.errors import RecordError
from militnet._core.model import CONFIDENCE_LEVELS, RELATION_TYPES

__all__ = [
    "DEFAULT_STALE_AFTER",
    "DEFAULT_TIE_POLICY",
    "STALE_WARNING_MONTHS",
    "TiePolicy",
    "check_stale_after",
    "check_types",
    "confidence_rank",
    "format_months",
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
        raise RecordError(
            f"unknown confidence {level!r}; expected one of {', '.join(CONFIDENCE_LEVELS)}"
        ) from None


def check_date_policy(date_policy: str) -> tuple[str, str]:
    """Validate a date policy; return its (start side, end side)."""
    try:
        return DATE_POLICIES[date_policy]
    except (KeyError, TypeError):
        raise RecordError(
            f"unknown date policy {date_policy!r}; expected one of {', '.join(DATE_POLICIES)}"
        ) from None


def check_undated(undated: str) -> str:
    """Validate what to do with relations of undocumented start."""
    if undated not in ("include", "exclude"):
        raise RecordError(f"undated must be 'include' or 'exclude', got {undated!r}")
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
        raise RecordError(
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
            raise RecordError(
                f"stale_after: cannot read the duration {value!r}; write a "
                f"number of years (5) or e.g. '5y', '18m', '1y6m'"
            )
        months = sum(float(n) * (12 if u == "y" else 1) for n, u in parts)
    else:
        raise RecordError(
            f"stale_after must be a number of years or a duration such as "
            f"'5y' or '18m', got {value!r}"
        )
    if not math.isfinite(months) or months <= 0:
        raise RecordError(f"stale_after must be a positive duration, got {value!r}")
    if abs(months - round(months)) > 1e-9:
        raise RecordError(
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
    out = tuple(dict.fromkeys(types))
    bad = [t for t in out if t not in RELATION_TYPES]
    if bad:
        raise RecordError(
            f"unknown relation type {bad[0]!r}; expected one of {', '.join(RELATION_TYPES)}"
        )
    return out


@dataclass(frozen=True)
class TiePolicy:
    """Which relations count as ties for metrics, and how parallel relations
    collapse into one tie.

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
        Weakest confidence included: ``"alleged"`` (everything, default),
        ``"reported"`` or ``"confirmed"``.
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
    >>> TiePolicy(signed=True, min_confidence="reported").relation_types
    ('alliance', 'pledge', 'rivalry')
    """

    types: tuple[str, ...] = ("alliance", "pledge")
    signed: bool = False
    min_confidence: str = "alleged"
    weight: Literal["count", "binary"] = "count"
    date_policy: str = "earliest"
    undated: Literal["include", "exclude"] = "include"
    stale_after: float | str | None = DEFAULT_STALE_AFTER

    def __post_init__(self) -> None:
        object.__setattr__(self, "stale_after", format_months(check_stale_after(self.stale_after)))
        object.__setattr__(self, "types", check_types(self.types))
        if not self.types:
            raise RecordError(
                "a tie policy needs at least one relation type; no relation type selected"
            )
        confidence_rank(self.min_confidence)
        if self.weight not in ("count", "binary"):
            raise RecordError(f"weight must be 'count' or 'binary', got {self.weight!r}")
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


DEFAULT_TIE_POLICY = TiePolicy()


def resolve_policy(policy: TiePolicy | None) -> TiePolicy:
    if policy is None:
        return DEFAULT_TIE_POLICY
    if not isinstance(policy, TiePolicy):
        raise RecordError(f"policy must be a militnet.TiePolicy, got {policy!r}")
    return policy
