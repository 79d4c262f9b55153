"""Call every public function and method with wrong-typed arguments; list what escapes.

For each public callable (``militnet.__all__``, the public methods of
``Network``, ``TiePolicy`` and the record classes, the ``militnet.plot``
functions) the script finds base arguments that work (on the bundled afpak
data), then replaces one argument at a time by a value of a wrong type (an
integer, a float, NaN, a list, a dict, bytes, a bare object, a bool, a
hostile string) and calls again. Anything raised that is not a
``MilitnetError`` is an escape (a raw ``TypeError`` deep inside, say); so is a
call that runs past ``--timeout`` seconds.

    python benchmarks/stress_types.py                # every callable
    python benchmarks/stress_types.py --only to_html,report

Prints one JSON line: callables, calls, escapes (with the callable, the
argument, the value and the exception), skipped callables.
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import io
import json
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

WRONG: dict[str, Any] = {
    "int": 5,
    "float": 2.5,
    "nan": float("nan"),
    "list": ["x"],
    "dict": {"x": 1},
    "bytes": b"x",
    "object": object(),
    "bool": True,
    "nul-text": "a\x00b",
}

#: Callables too slow on afpak to call a hundred times, or that need a network
#: library absent here; they are still called once with their base arguments.
SLOW = {"sensitivity", "temporal_betweenness", "temporal_closeness", "series"}


class Timeout(BaseException):
    pass


def _alarm(_sig: int, _frame: Any) -> None:
    raise Timeout()


def base_values(tmp: Path) -> dict[str, Any]:
    """A working value for each argument name the public API uses."""
    import militnet

    net = militnet.load_dataset("afpak")
    art = "Jamaat-ul-Ahrar split from the Pakistani Taliban in August 2014."
    cands = militnet.extract(net, art)
    series = net.series(start="2010-01-01", end="2012-01-01", freq="YS")
    csvs = tmp / "csvs"
    csvs.mkdir()
    (csvs / "mmp.csv").write_text(
        "Group1,Group2,Link,Year,Description\nA,B,Allies,2010,x\n", encoding="utf-8"
    )
    return {
        "net": net,
        "a": net,
        "b": net,
        "other": net,
        "networks": net,
        "at": "2016-01-01",
        "start": "2010-01-01",
        "end": "2016-01-01",
        "path": lambda: tmp / f"out-{time.time_ns()}",
        "folder": lambda: tmp / f"out-{time.time_ns()}",
        "group": "ttp",
        "groups": ["ttp", "jua"],
        "source": "ttp",
        "target": "jua",
        "id": "ttp",
        "name": "afpak",
        "text": art,
        "candidates": cands,
        "df": series,
        "relationships_csv": csvs / "mmp.csv",
        "rid": "r001",
        "sid": "seed-000",
        "date": "2016-01-01",
        "policy": militnet.TiePolicy(),
        "dates": ["2010-01-01", "2014-01-01"],
        "old": net,
        "new": net,
        "type": "alliance",
    }


def callables() -> Iterator[tuple[str, Callable[..., Any], Any]]:
    """(name, callable, bound instance or None) for the public API."""
    import militnet
    import militnet.plot

    for name in sorted(militnet.__all__):
        obj = getattr(militnet, name)
        if inspect.isclass(obj):
            if issubclass(obj, BaseException):
                continue
            yield name, obj, None
        elif callable(obj):
            yield name, obj, None
    for name in militnet.plot.__all__:
        if name != "save":
            yield f"plot.{name}", getattr(militnet.plot, name), None


def methods(net: Any) -> Iterator[tuple[str, Callable[..., Any], Any]]:
    import militnet

    pol = militnet.TiePolicy()
    for inst, label in ((net, "Network"), (pol, "TiePolicy")):
        for m in sorted(dir(inst)):
            if m.startswith("_"):
                continue
            attr = getattr(type(inst), m, None)
            if isinstance(attr, property) or not callable(getattr(inst, m, None)):
                continue
            yield f"{label}.{m}", getattr(inst, m), inst


def _args(sig: inspect.Signature, base: dict[str, Any]) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    for p in sig.parameters.values():
        if p.kind in (p.VAR_KEYWORD,):
            continue
        if p.kind == p.VAR_POSITIONAL:
            if p.name in base:
                out[p.name] = [base[p.name], base[p.name]]
            continue
        if p.default is not p.empty:
            continue
        if p.name not in base:
            return None
        v = base[p.name]
        out[p.name] = v() if callable(v) and not hasattr(v, "groups") else v
    return out


def _call(fn: Callable[..., Any], sig: inspect.Signature, kwargs: dict[str, Any]) -> Any:
    pos: list[Any] = []
    kw: dict[str, Any] = {}
    for p in sig.parameters.values():
        if p.name not in kwargs:
            continue
        if p.kind == p.VAR_POSITIONAL:
            pos.extend(kwargs[p.name])
        elif p.kind == p.POSITIONAL_ONLY:
            pos.append(kwargs[p.name])
        else:
            kw[p.name] = kwargs[p.name]
    return fn(*pos, **kw)


def run(only: set[str] | None = None, timeout: int = 60) -> dict[str, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import militnet

    signal.signal(signal.SIGALRM, _alarm)
    stats: dict[str, Any] = {"callables": 0, "calls": 0, "escapes": [], "skipped": []}
    with tempfile.TemporaryDirectory() as tmp:
        base = base_values(Path(tmp))
        todo = [*callables(), *methods(base["net"])]
        for name, fn, _inst in todo:
            if only and name not in only and name.split(".")[-1] not in only:
                continue
            try:
                sig = inspect.signature(fn)
            except (TypeError, ValueError):
                continue
            kwargs = _args(sig, base)
            if kwargs is None:
                stats["skipped"].append(name)
                continue
            stats["callables"] += 1
            params = [
                p
                for p in sig.parameters.values()
                if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
            ]
            if name.split(".")[-1] in SLOW:
                params = params[:0]
            for p in params:
                for label, value in WRONG.items():
                    trial = dict(kwargs)
                    trial[p.name] = value
                    stats["calls"] += 1
                    signal.alarm(timeout)
                    try:
                        with (
                            contextlib.redirect_stdout(io.StringIO()),
                            contextlib.redirect_stderr(io.StringIO()),
                        ):
                            _call(fn, sig, trial)
                    except militnet.MilitnetError:
                        pass
                    except Timeout:
                        stats["escapes"].append(f"{name}({p.name}={label}): timeout")
                    except Exception as exc:
                        where = traceback.extract_tb(exc.__traceback__)[-1]
                        stats["escapes"].append(
                            f"{name}({p.name}={label}): {type(exc).__name__}: "
                            f"{str(exc)[:120]} at {Path(where.filename).name}:{where.lineno}"
                        )
                    finally:
                        signal.alarm(0)
                        plt.close("all")
    stats["n_escapes"] = len(stats["escapes"])
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=None, help="comma-separated callable names")
    ap.add_argument("--timeout", type=int, default=60)
    a = ap.parse_args()
    t0 = time.perf_counter()
    stats = run(set(a.only.split(",")) if a.only else None, a.timeout)
    stats["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(stats, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    sys.exit(main())
