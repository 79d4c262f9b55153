"""The tie policy: which relations count as ties for metrics, and how."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, Literal

from militnet._dates import DATE_POLICIES
from militnet._errors import RecordError
from militnet._model import CONFIDENCE_LEVELS, RELATION_TYPES

__all__ = ["DEFAULT_TIE_POLICY", "TiePolicy", "check_types", "confidence_rank"]


def confidence_rank(level: str) -> int:
    """2 for confirmed, 1 for reported, 0 for alleged."""
    try:
        return len(CONFIDENCE_LEVELS) - 1 - CONFIDENCE_LEVELS.index(level)
    except ValueError:
        raise RecordError(f"unknown confidence {level!r}; expected one of "
                          f"{', '.join(CONFIDENCE_LEVELS)}") from None


def check_date_policy(date_policy: str) -> tuple[str, str]:
    """Validate a date policy; return its (start side, end side)."""
    try:
        return DATE_POLICIES[date_policy]
    except (KeyError, TypeError):
        raise RecordError(f"unknown date policy {date_policy!r}; expected one of "
                          f"{', '.join(DATE_POLICIES)}") from None


def check_undated(undated: str) -> str:
    """Validate what to do with relations of undocumented start."""
    if undated not in ("include", "exclude"):
        raise RecordError(f"undated must be 'include' or 'exclude', got {undated!r}")
    return undated


def check_types(types: Iterable[str] | str | None) -> tuple[str, ...]:
    """Validate a selection of relation types (``None`` is all of them)."""
    if types is None:
        return tuple(RELATION_TYPES)
    if isinstance(types, str):
        types = (types,)
    out = tuple(dict.fromkeys(types))
    bad = [t for t in out if t not in RELATION_TYPES]
    if bad:
        raise RecordError(f"unknown relation type {bad[0]!r}; expected one of "
                          f"{', '.join(RELATION_TYPES)}")
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

    Examples
    --------
    >>> from militnet import TiePolicy
    >>> TiePolicy().types
    ('alliance', 'pledge')
    >>> TiePolicy(signed=True, min_confidence="reported").relation_types
    ('alliance', 'pledge', 'rivalry')
    """

    types: tuple[str, ...] = ("alliance", "pledge")
    signed: bool = False
    min_confidence: str = "alleged"
    weight: Literal["count", "binary"] = "count"
    date_policy: str = "earliest"
    undated: Literal["include", "exclude"] = "include"

    def __post_init__(self) -> None:
        object.__setattr__(self, "types", check_types(self.types))
        if not self.types:
            raise RecordError("a tie policy needs at least one relation type; no relation "
                              "type selected")
        confidence_rank(self.min_confidence)
        if self.weight not in ("count", "binary"):
            raise RecordError(f"weight must be 'count' or 'binary', got {self.weight!r}")
        check_date_policy(self.date_policy)
        check_undated(self.undated)

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
