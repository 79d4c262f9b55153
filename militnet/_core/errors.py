"""The militnet exception family.

Every error militnet raises on purpose is a :class:`MilitnetError`. Each
concrete error also subclasses the matching built-in exception, so existing
``except KeyError`` / ``except ValueError`` code keeps working.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from militnet._core.problems import ValidationReport

__all__ = [
    "AmbiguousNameError",
    "ArgumentError",
    "ArgumentTypeError",
    "DatasetNotFoundError",
    "DateError",
    "MilitnetError",
    "MissingDependencyError",
    "RecordError",
    "SaveError",
    "UnknownGroupError",
    "UnknownIdError",
    "ValidationError",
]


class MilitnetError(Exception):
    """Base class of every error raised by militnet."""


class ArgumentError(MilitnetError, ValueError):
    """A function, option or record was given an invalid value (a bad argument).

    Until militnet 0.2 this error was called ``RecordError``; that name is a
    deprecated alias of this class (``militnet.RecordError`` warns, and
    ``except militnet.RecordError`` still catches it) and will be removed in 0.3.
    """


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument of the wrong type (``to_html(title=5)``): an
    :class:`ArgumentError` that is also a ``TypeError``, as Python's own
    wrong-type errors are, so that ``except TypeError`` still catches it."""


#: Deprecated alias of :class:`ArgumentError` (the same class). Internal code
#: uses ``ArgumentError``; ``militnet.RecordError`` warns when accessed.
RecordError = ArgumentError


class DateError(MilitnetError, ValueError):
    """A partial date could not be parsed or compared."""


class ValidationError(MilitnetError, ValueError):
    """A dataset failed validation.

    The full :class:`~militnet.ValidationReport` is available as ``report``;
    the message lists every error (file, row, column, value).
    """

    def __init__(self, report: ValidationReport, *, header: str = "invalid dataset") -> None:
        self.report = report
        super().__init__(f"{header}\n{report.format(errors_only=True)}")


class _KeyErrorMessage(MilitnetError, KeyError):
    # KeyError.__str__ wraps the message in quotes; keep the plain message.
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownGroupError(_KeyErrorMessage):
    """A name or id matches no group.

    Attributes
    ----------
    name : str
        The name that was looked up.
    suggestions : list of str
        Close matches, as ``"Name (id)"`` strings, best first.
    """

    def __init__(self, name: str, suggestions: Sequence[str] = ()) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        msg = f"unknown group {name!r}"
        if self.suggestions:
            msg += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(msg)


class AmbiguousNameError(_KeyErrorMessage):
    """A name matches more than one group; militnet never guesses.

    Attributes
    ----------
    name : str
        The name that was looked up.
    candidates : list of str
        The ids of every group the name matches.
    """

    def __init__(self, name: str, candidates: Sequence[str], labels: Sequence[str] = ()) -> None:
        self.name = name
        self.candidates = list(candidates)
        shown = list(labels) or self.candidates
        super().__init__(
            f"ambiguous group name {name!r} matches {len(self.candidates)} groups: "
            + ", ".join(shown)
            + "; use one of the ids"
        )


class UnknownIdError(_KeyErrorMessage):
    """A relation or source id that is not in the network."""


class DatasetNotFoundError(MilitnetError, FileNotFoundError):
    """A dataset path or bundled dataset name does not exist."""


class SaveError(MilitnetError, OSError):
    """A dataset or output file could not be written (the previous one is left as it was)."""


class MissingDependencyError(MilitnetError, ImportError):
    """An optional dependency needed for a feature is not installed."""
