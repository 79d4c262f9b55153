"""Argument types checked at the public boundary, from the annotations.

:func:`checked` wraps a public function (or method). The function runs first;
when it fails with anything but a ``MilitnetError`` (a raw ``TypeError`` or
``AttributeError`` deep inside networkx, pandas or matplotlib), its arguments
are compared with its annotations, and one that does not fit raises
:class:`~militnet.ArgumentError` (an ``ArgumentTypeError``, also a
``TypeError``) naming the function, the argument, what it should be and what
it got::

    militnet.Network.to_html: title must be str or None, got int 5

So the function's own checks and messages stand, and whatever it accepts
beyond its annotations (``None`` for a default, say) is accepted. Only the
outer type is checked (``Iterable[str]`` is any iterable; ``tuple[float,
float]`` a pair of numbers), and only for the names below; an annotation
naming anything else (``Any``, a ``Literal``, an alias) is not checked. A NaN
given for a number is refused before the call (no function takes one, and
some would loop on it).
"""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
import numbers
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from militnet._core.errors import ArgumentTypeError, MilitnetError

__all__ = ["check_class", "checked", "user_stacklevel"]

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep

F = TypeVar("F", bound=Callable[..., Any])

#: Classes checked by name (their modules are not imported here): a value
#: passes when a class of that name is in its type's MRO.
_BY_NAME = {
    "Network": "a militnet.Network",
    "TiePolicy": "a militnet.TiePolicy",
    "DataFrame": "a pandas DataFrame",
    "Series": "a pandas Series",
    "Axes": "matplotlib Axes",
    "Figure": "a matplotlib Figure",
    "Lineage": "a militnet.Lineage",
    "PartialDate": "a militnet.PartialDate",
    "ValidationReport": "a militnet.ValidationReport",
}


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool) or type(v).__name__ == "bool_"


def _iterable(v: Any) -> bool:
    return isinstance(v, Iterable) and not isinstance(v, (bytes, bytearray))


_SIMPLE: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "None": ("None", lambda v: v is None),
    "str": ("str", lambda v: isinstance(v, str)),
    "bytes": ("bytes", lambda v: isinstance(v, (bytes, bytearray))),
    "int": ("int", lambda v: isinstance(v, numbers.Integral) and not _is_bool(v)),
    "float": (
        "a number (not NaN)",
        lambda v: isinstance(v, numbers.Real) and not _is_bool(v) and v == v,
    ),
    "bool": ("True or False", _is_bool),
    "Path": ("a path", lambda v: isinstance(v, os.PathLike)),
    "PathLike": ("a path", lambda v: isinstance(v, os.PathLike)),
    "Iterable": ("an iterable", _iterable),
    "Sequence": ("a sequence", _iterable),
    "Collection": ("a collection", _iterable),
    "list": ("a list", _iterable),
    "tuple": ("a tuple", _iterable),
    "set": ("a set", _iterable),
    "frozenset": ("a set", _iterable),
    "Mapping": ("a mapping", lambda v: isinstance(v, Mapping)),
    "dict": ("a dict", lambda v: isinstance(v, Mapping)),
    "date": ("a date", lambda v: isinstance(v, _dt.date)),
    "datetime": ("a datetime", lambda v: isinstance(v, _dt.datetime)),
    "timedelta": ("a timedelta", lambda v: isinstance(v, _dt.timedelta)),
    "Callable": ("callable", callable),
}


def _split(text: str) -> list[str]:
    """Top-level alternatives of ``A | B[C | D] | None``."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        if ch == "|" and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    out.append(cur.strip())
    return out


def _alternatives(annotation: Any) -> list[tuple[str, Callable[[Any], bool]]] | None:
    """The checks an annotation stands for, or ``None`` if it is not checked."""
    if not isinstance(annotation, str):
        annotation = getattr(annotation, "__name__", None) if isinstance(annotation, type) else None
        if annotation is None:
            return None
    text = annotation.strip().strip("'\"")
    if text.startswith("Optional[") and text.endswith("]"):
        text = text[len("Optional[") : -1] + " | None"
    alts: list[tuple[str, Callable[[Any], bool]]] = []
    for alt in _split(text):
        base = alt.split("[", 1)[0].strip().rsplit(".", 1)[-1]
        pair = _fixed_tuple(alt) if base == "tuple" else None
        if pair is not None:
            alts.append(pair)
        elif base in _SIMPLE:
            alts.append(_SIMPLE[base])
        elif base in _BY_NAME:
            alts.append((_BY_NAME[base], functools.partial(_has_class, base)))
        else:
            return None  # Any, Literal, an alias...: not checked
    return alts or None


def _fixed_tuple(alt: str) -> tuple[str, Callable[[Any], bool]] | None:
    """``tuple[float, float]``: a sequence of that length whose items have those
    types (``None`` for ``tuple[X, ...]`` or items not checked)."""
    inner = alt.split("[", 1)[1].rsplit("]", 1)[0] if "[" in alt else ""
    items = [i.strip() for i in inner.split(",")] if inner else []
    if not items or "..." in items or any("[" in i or "|" in i for i in items):
        return None
    checks = [_SIMPLE.get(i.rsplit(".", 1)[-1]) for i in items]
    if any(c is None for c in checks):
        return None
    oks = [c[1] for c in checks if c is not None]

    def ok(v: Any) -> bool:
        if isinstance(v, (str, bytes)) or not isinstance(v, Iterable):
            return False
        try:
            vals = list(v)
        except Exception:
            return False
        return len(vals) == len(oks) and all(f(x) for f, x in zip(oks, vals, strict=True))

    return f"a pair ({', '.join(items)})" if len(items) == 2 else f"({', '.join(items)})", ok


def _has_class(name: str, v: Any) -> bool:
    return any(c.__name__ == name for c in type(v).__mro__)


def _show(v: Any) -> str:
    try:
        text = repr(v)
    except Exception:  # a hostile __repr__
        text = "..."
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 60 else text[:57] + "..."


def _expected(alts: list[tuple[str, Callable[[Any], bool]]]) -> str:
    names = list(dict.fromkeys(n for n, _ in alts))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


class _Plan:
    """What to check for one function: per parameter, its alternatives."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.sig = inspect.signature(fn)
        self.checks: dict[str, list[tuple[str, Callable[[Any], bool]]]] = {}
        self.var: set[str] = set()
        self.varkw: str | None = None
        self.options: str | None = getattr(fn, "__militnet_options__", None)
        for p in self.sig.parameters.values():
            if p.kind == p.VAR_KEYWORD:
                self.varkw = p.name
                continue
            alts = _alternatives(p.annotation)
            if alts is None:
                continue
            self.checks[p.name] = alts
            if p.kind == p.VAR_POSITIONAL:
                self.var.add(p.name)


def _qualname(fn: Callable[..., Any]) -> str:
    q = getattr(fn, "__qualname__", getattr(fn, "__name__", "function"))
    return f"militnet.{q}"


def _mismatch(
    fn: Callable[..., Any], p: _Plan, args: Any, kwargs: Any, *, nan_only: bool
) -> str | None:
    """What is wrong with the arguments of a call, or ``None``. ``nan_only``: look
    only for NaN given for a number (which no function accepts, and which some
    would loop on)."""
    try:
        bound = p.sig.bind(*args, **kwargs)
    except TypeError as exc:
        return None if nan_only else f"{_qualname(fn)}: {exc}"
    items = list(bound.arguments.items())
    if p.varkw is not None and p.options and p.varkw in bound.arguments:
        target = _options_plan(p.options)  # **options passed on: checked as typed there
        if target is not None:
            for k, v in bound.arguments[p.varkw].items():
                if k in target.checks and k not in p.checks:
                    p.checks[k] = target.checks[k]
                items.append((k, v))
    for name, value in items:
        alts = p.checks.get(name)
        if alts is None:
            continue
        values = value if name in p.var else (value,)
        for v in values:
            if nan_only:
                bad = (
                    isinstance(v, float)
                    and v != v
                    and any(n.startswith(("int", "a number")) for n, _ in alts)
                )
            else:
                bad = not any(ok(v) for _, ok in alts)
            if bad:
                what = "each of " + name if name in p.var else name
                return (
                    f"{_qualname(fn)}: {what} must be {_expected(alts)}, "
                    f"got {type(v).__name__} {_show(v)}"
                )
    return None


_PLANS: dict[Any, _Plan | None] = {}


def _options_plan(where: str) -> _Plan | None:
    """The plan of the function ``"module:name"`` that receives ``**options``."""
    if where not in _PLANS:
        import importlib

        mod, _, name = where.partition(":")
        try:
            _PLANS[where] = _Plan(getattr(importlib.import_module(mod), name))
        except (ImportError, AttributeError, TypeError, ValueError):
            _PLANS[where] = None
    return _PLANS[where]


def _frame_function(frame: Any) -> Callable[..., Any] | None:
    """The function a traceback frame runs (a module function or a method)."""
    code = frame.f_code
    cand = frame.f_globals.get(code.co_name)
    if cand is None and code.co_varnames[:1] == ("self",) and "self" in frame.f_locals:
        cand = getattr(type(frame.f_locals["self"]), code.co_name, None)
    cand = inspect.unwrap(cand) if callable(cand) else None
    return cand if getattr(cand, "__code__", None) is code else None


def _inner_mismatch(exc: BaseException, public: str) -> str | None:
    """An argument of a militnet function inside the failed call (outermost
    first) whose type does not fit its annotation: an option passed on through
    ``**options`` is checked where it is typed."""
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_code.co_filename.startswith(_PACKAGE) and not frame.f_code.co_filename.endswith(
            "arguments.py"
        ):
            fn = _frame_function(frame)
            if fn is not None:
                if fn.__code__ not in _PLANS:
                    try:
                        _PLANS[fn.__code__] = _Plan(fn)
                    except (TypeError, ValueError):
                        _PLANS[fn.__code__] = None
                plan = _PLANS[fn.__code__]
                checks = plan.checks if plan is not None else {}
                var = plan.var if plan is not None else set()
                for name, alts in checks.items():
                    if name in var or name not in frame.f_locals:
                        continue
                    v = frame.f_locals[name]
                    if not any(ok(v) for _, ok in alts):
                        return (
                            f"{public}: {name} must be {_expected(alts)}, "
                            f"got {type(v).__name__} {_show(v)}"
                        )
        tb = tb.tb_next
    return None


def checked(fn: F) -> F:
    """``fn`` with its arguments checked against its annotations (see the
    module docstring).

    The function runs first: its own checks and messages stand, and what it
    accepts beyond its annotations (``None`` for a default, say) is accepted.
    Only when it raises something other than a ``MilitnetError`` are the
    arguments compared with the annotations; an argument that does not fit (or
    a call that does not fit the signature) then raises
    :class:`ArgumentTypeError` naming it, in place of the raw error. A NaN for
    a number is refused before the call."""
    if getattr(fn, "__militnet_checked__", False):
        return fn
    plan: list[_Plan] = []

    def _plan() -> _Plan:
        if not plan:
            plan.append(_Plan(fn))
        return plan[0]

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if any(isinstance(v, float) and v != v for v in (*args, *kwargs.values())):
            msg = _mismatch(fn, _plan(), args, kwargs, nan_only=True)
            if msg is not None:
                raise ArgumentTypeError(msg)
        try:
            return fn(*args, **kwargs)
        except MilitnetError:
            raise
        except Exception as exc:
            msg = _mismatch(fn, _plan(), args, kwargs, nan_only=False)
            if msg is None:  # an option passed on through **options, checked where typed
                msg = _inner_mismatch(exc, _qualname(fn))
            if msg is None:
                raise
        raise ArgumentTypeError(msg)

    wrapper.__militnet_checked__ = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def user_stacklevel() -> int:
    """The ``stacklevel`` that makes a warning issued by the caller of this
    function name the first frame outside the militnet package (the user's
    line), however many militnet frames (argument checks included) lie between.
    """
    import sys

    frame = sys._getframe(1)
    level = 1
    while frame.f_back is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
        level += 1
    return level


def check_class(cls: type, *, init: bool = True) -> type:
    """Check the arguments of ``cls``'s public methods (and of ``__init__``):
    each is replaced by :func:`checked` of itself. Properties, class and static
    methods are left alone. Returns ``cls``."""
    for name, attr in list(vars(cls).items()):
        if name.startswith("_") and not (init and name == "__init__"):
            continue
        if inspect.isfunction(attr):
            setattr(cls, name, checked(attr))
    return cls
