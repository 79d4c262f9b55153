"""Argument checks shared by the public API: seeds, frequencies, sizes, types.

Each check raises :class:`~militnet.ArgumentError` (or :class:`~militnet.DateError`
for frequencies) with a message naming the argument and the value, so bad
arguments never reach networkx, numpy or pandas as raw errors.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Literal, overload

from militnet._core.errors import ArgumentError, DateError

__all__ = ["MAX_SEED", "check_freq", "check_int", "check_number", "check_seed", "check_str"]

#: Largest seed accepted: numpy and networkx seeds are 32-bit.
MAX_SEED = 2**32 - 1


@overload
def check_seed(seed: Any, *, name: str = ..., allow_none: Literal[False]) -> int: ...
@overload
def check_seed(seed: Any, *, name: str = ..., allow_none: bool = ...) -> int | None: ...
def check_seed(seed: Any, *, name: str = "seed", allow_none: bool = True) -> int | None:
    """A seed as a plain ``int`` in ``0..2**32-1`` (numpy integers accepted).

    Examples
    --------
    >>> import numpy as np
    >>> check_seed(np.int64(7))
    7
    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    militnet.ArgumentError: seed must be an integer from 0 to 4294967295 or None, got -1
    """
    if seed is None and allow_none:
        return None
    if (
        isinstance(seed, bool)
        or not isinstance(seed, numbers.Integral)
        or not 0 <= int(seed) <= MAX_SEED
    ):
        none = " or None" if allow_none else ""
        raise ArgumentError(
            f"{name} must be an integer from 0 to {MAX_SEED}{none}, got {_show(seed)}"
        )
    return int(seed)


@overload
def check_int(
    value: Any,
    name: str,
    *,
    low: int | None = ...,
    high: int | None = ...,
    allow_none: Literal[False] = ...,
) -> int: ...
@overload
def check_int(
    value: Any, name: str, *, low: int | None = ..., high: int | None = ..., allow_none: bool = ...
) -> int | None: ...
def check_int(
    value: Any,
    name: str,
    *,
    low: int | None = None,
    high: int | None = None,
    allow_none: bool = False,
) -> int | None:
    """An integer argument (not ``bool``) within ``low..high``."""
    if value is None and allow_none:
        return None
    ok = not isinstance(value, bool) and isinstance(value, numbers.Integral)
    if ok and ((low is not None and int(value) < low) or (high is not None and int(value) > high)):
        ok = False
    if not ok:
        span = (f" from {low}" if low is not None else "") + (
            f" to {high}" if high is not None else ""
        )
        raise ArgumentError(f"{name} must be an integer{span}, got {_show(value)}")
    return int(value)


def check_number(
    value: Any, name: str, *, positive: bool = False, allow_none: bool = False
) -> float | None:
    """A finite real number (not ``bool``, not NaN), optionally ``> 0``."""
    if value is None and allow_none:
        return None
    ok = not isinstance(value, bool) and isinstance(value, numbers.Real)
    if ok:
        f = float(value)
        ok = math.isfinite(f) and (f > 0 or not positive)
    if not ok:
        what = "a positive finite number" if positive else "a finite number"
        raise ArgumentError(f"{name} must be {what}, got {_show(value)}")
    return float(value)


def check_str(value: Any, name: str, *, max_len: int = 10_000) -> str:
    """A string argument of reasonable size, without NUL or lone surrogates."""
    if not isinstance(value, str):
        raise ArgumentError(f"{name} must be a string, got {_show(value)}")
    if len(value) > max_len:
        raise ArgumentError(f"{name} is too long ({len(value)} characters; at most {max_len})")
    if "\x00" in value or not _encodable(value):
        raise ArgumentError(f"{name} contains a NUL character or a lone surrogate: {value!r}")
    return value


def check_freq(freq: Any) -> str:
    """A pandas frequency of a day or more (``"D"``, ``"7D"``, ``"MS"``, ``"YS"``...).

    Sub-day frequencies (``"h"``, ``"min"``, ``"1ns"``...) are refused: a
    snapshot is taken on a day, so they would repeat each day (or ask for
    billions of days).

    Examples
    --------
    >>> check_freq("MS")
    'MS'
    >>> check_freq("h")
    Traceback (most recent call last):
    ...
    militnet.DateError: bad frequency 'h': shorter than a day; snapshots are daily at most
    """
    if not isinstance(freq, str) or not freq.strip() or len(freq) > 64:
        raise DateError(
            f"bad frequency {_show(freq)}: expected a pandas frequency string "
            f"such as 'YS', 'QS', 'MS' or '7D'"
        )
    import pandas as pd

    try:
        off = pd.tseries.frequencies.to_offset(freq)
    except (ValueError, TypeError, OverflowError):
        raise DateError(
            f"bad frequency {freq!r}: not a pandas frequency such as 'YS', 'QS', 'MS' or '7D'"
        ) from None
    nanos = getattr(off, "nanos", None) if _is_tick(off) else None
    if nanos is not None:
        if nanos <= 0:
            raise DateError(f"bad frequency {freq!r}: the step must be positive")
        if nanos < 86_400 * 10**9 or nanos % (86_400 * 10**9):
            raise DateError(
                f"bad frequency {freq!r}: shorter than a day; snapshots are daily at most"
            )
    elif getattr(off, "n", 1) == 0:
        raise DateError(f"bad frequency {freq!r}: a zero step")
    return freq


def _is_tick(off: Any) -> bool:
    from pandas.tseries.offsets import Tick

    return isinstance(off, Tick)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _show(value: Any) -> str:
    """``repr`` of a value, shortened and safe to print."""
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__
        text = f"<{type(value).__name__}>"
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 80 else text[:77] + "..."
