"""The module import graph of militnet, read from the source with ``ast``.

militnet is a house with floors (docs/architecture.md): each private subpackage
is a floor, and a module may import only from its own floor or the floors below
it. This script reads every ``import`` in ``militnet/`` without importing the
package, and

* draws the floors and the imports between them (``--png``, by default
  ``docs/architecture.png``; the same source gives the same picture);
* prints every import that climbs from a lower floor to a higher one, and every
  import cycle among modules;
* with ``--check``, exits 1 if a module-level import climbs, or if the
  module-level imports form a cycle.

An import is *module-level* when it runs as the module is imported (at the top,
in a class body, under ``try`` or ``if``), *function-level* when it sits in a
function and runs on first call (a lazy import), and *type-only* under
``if TYPE_CHECKING:`` (it never runs). ``importlib.import_module("militnet.x")``
with a literal name counts as a function-level import. Only module-level
imports can make an import loop, so only they must go downward; function-level
imports that climb are listed (tests/test_architecture.py keeps the list).

Run from the repository root::

    python benchmarks/import_graph.py            # print, draw docs/architecture.png
    python benchmarks/import_graph.py --check    # print; exit 1 on a climb or a loop
    python benchmarks/import_graph.py --modules  # also print every module's imports
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "militnet"

# The floors, bottom to top. A module's floor is its subpackage under militnet;
# "__init__" is the package's own militnet/__init__.py (the public entrance).
FLOORS: tuple[str, ...] = (
    "_core",
    "_dataset",
    "_engine",
    "_classes",
    "_algorithms",
    "_readwrite",
    "_views",
    "_text",
    "plot",
    "cli",
    "__init__",
)

# What each floor holds (the labels of the drawing; docs/architecture.md says more).
ROOMS: dict[str, str] = {
    "_core": "records, dates, names, places, policy, errors, schema, Table",
    "_dataset": "read, screen, validate, evidence checks, atomic save, registry",
    "_engine": "TimeIndex, snapshots, ties, measures, kernels, attestation",
    "_classes": "Network",
    "_algorithms": "measures, communities, diff, combine, lineage, events",
    "_readwrite": "exports (GEXF, GraphML, JSON, CSV), MMP import",
    "_views": "HTML page, report, style",
    "_text": "candidate ties from news text",
    "plot": "figures and maps (public: militnet.plot)",
    "cli": "the militnet command (public: militnet.cli)",
    "__init__": "the public API: militnet.X",
}

MODULE, FUNCTION, TYPE_ONLY = "module", "function", "type-only"


@dataclass(frozen=True, order=True)
class Import:
    """One import of a militnet module by another."""

    source: str  # dotted module name of the importer
    target: str  # dotted module name of the imported module (or its package)
    kind: str  # MODULE, FUNCTION or TYPE_ONLY
    line: int

    @property
    def source_floor(self) -> str:
        return floor_of(self.source)

    @property
    def target_floor(self) -> str:
        return floor_of(self.target)

    @property
    def climbs(self) -> bool:
        """True if the import goes from a lower floor to a higher one."""
        return FLOORS.index(self.target_floor) > FLOORS.index(self.source_floor)

    def __str__(self) -> str:
        path = self.source.replace(".", "/")
        return f"{path}:{self.line}: {self.source} -> {self.target} ({self.kind})"


def floor_of(module: str) -> str:
    """The floor of a dotted module name: ``militnet._core.dates`` -> ``_core``."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        raise ValueError(f"not a {PACKAGE} module: {module}")
    if len(parts) == 1:
        return "__init__"
    if parts[1] not in FLOORS:
        raise ValueError(
            f"{module}: {parts[1]!r} is on no floor; add it to FLOORS in benchmarks/import_graph.py"
        )
    return parts[1]


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the package: dotted name -> file, sorted by name."""
    found = {}
    for path in sorted((root / PACKAGE).rglob("*.py")):
        rel = path.relative_to(root).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return dict(sorted(found.items()))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, kind: str) -> Iterator[tuple[ast.AST, str]]:
    """Every node below ``node`` with the kind of import it would be."""
    for child in ast.iter_child_nodes(node):
        child_kind = kind
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            child_kind = FUNCTION if kind == MODULE else kind
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            yield child.test, kind
            for stmt in child.body:
                yield stmt, TYPE_ONLY
                yield from _walk(stmt, TYPE_ONLY)
            for stmt in child.orelse:
                yield stmt, kind
                yield from _walk(stmt, kind)
            continue
        yield child, child_kind
        yield from _walk(child, child_kind)


def _resolve(name: str, known: dict[str, Path]) -> str:
    """The module a dotted name lives in: itself if it is a module, else the
    longest module prefix (``militnet._core.dates.PartialDate`` -> ``..dates``)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return PACKAGE


def imports_of(module: str, path: Path, known: dict[str, Path]) -> list[Import]:
    """The imports of militnet modules in one module, in source order."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: list[Import] = []
    for node, kind in _walk(tree, MODULE):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x, from ..y import z
                base = module.split(".")
                if not is_package:
                    base = base[:-1]
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # `from militnet._core import dates` imports the module militnet._core.dates
            targets = [f"{prefix}.{alias.name}" for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            targets = [node.args[0].value]
            kind = FUNCTION if kind == MODULE else kind
        for target in targets:
            if target != PACKAGE and not target.startswith(PACKAGE + "."):
                continue
            resolved = _resolve(target, known)
            if resolved != module:
                found.append(Import(module, resolved, kind, getattr(node, "lineno", 0)))
    return found


def all_imports(root: Path = ROOT) -> list[Import]:
    """Every import of a militnet module by a militnet module, sorted."""
    known = modules(root)
    return sorted(imp for mod, path in known.items() for imp in imports_of(mod, path, known))


def cycles(imports: list[Import], kinds: tuple[str, ...] = (MODULE,)) -> list[list[str]]:
    """The import cycles among modules (strongly connected components of more
    than one module, or a module importing itself), each sorted, sorted."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if imp.kind in kinds:
            graph.setdefault(imp.source, set()).add(imp.target)
            graph.setdefault(imp.target, set())
    # Tarjan's algorithm, iterative, over sorted nodes so the output is stable
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in graph[node]:
                        components.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return sorted(components)


def climbing(imports: list[Import], kinds: tuple[str, ...] = (MODULE, FUNCTION)) -> list[Import]:
    """The imports of the given kinds that go from a lower floor to a higher one."""
    return [imp for imp in imports if imp.kind in kinds and imp.climbs]


def floor_edges(imports: list[Import]) -> Counter[tuple[str, str, str]]:
    """How many imports go from one floor to another (or within one), by kind."""
    return Counter((imp.source_floor, imp.target_floor, imp.kind) for imp in imports)


UP, DOWN, LAZY, TYPES = "#c0392b", "#2c3e50", "#7f8c8d", "#9b9b9b"


def _draw_floors(ax: Any, imports: list[Import], per_floor: Counter[str]) -> None:
    """The floors, bottom to top, and the imports between them as arcs:
    module-level on the right; on the left, the imports that climb (red:
    function-level dashed, type-only dotted). The many downward lazy imports
    are counted in the matrix, not drawn."""
    import numpy as np
    from matplotlib.patches import FancyBboxPatch

    edges = floor_edges(imports)
    box_w, box_h = 8.4, 0.74
    level = {floor: i for i, floor in enumerate(FLOORS)}
    ax.set_xlim(-7.8, 10.6)
    ax.set_ylim(-0.75, len(FLOORS) - 0.1)
    ax.axis("off")
    for floor in FLOORS:
        y = level[floor]
        public = floor in ("plot", "cli", "__init__")
        ax.add_patch(
            FancyBboxPatch(
                (-box_w / 2, y - box_h / 2),
                box_w,
                box_h,
                boxstyle="round,pad=0.0,rounding_size=0.1",
                facecolor="#e3eef8" if public else "#f5f1e8",
                edgecolor="#4a6a8a" if public else "#8a7a5a",
                linewidth=1.2,
                zorder=3,
            )
        )
        name = "militnet/__init__.py" if floor == "__init__" else f"militnet/{floor}/"
        n = per_floor[floor]
        ax.text(
            0,
            y + 0.13,
            f"{name}  ({n} module{'s' if n != 1 else ''})",
            ha="center",
            va="center",
            fontsize=10.5,
            fontweight="bold",
            family="monospace",
            zorder=4,
        )
        ax.text(0, y - 0.16, ROOMS[floor], ha="center", va="center", fontsize=8.5, zorder=4)

    def arc(src: str, dst: str, side: int, count: int, style: str, color: str) -> None:
        # a half ellipse from the side of one box to the side of the other; the
        # longer the span, the wider the arc and the farther from the box's
        # middle its ends, so arcs from one floor nest instead of crossing
        span = abs(level[src] - level[dst])
        direction = 1 if level[dst] > level[src] else -1
        shift = 0.3 * (span - 5.5) / 4.5
        y0 = level[src] - direction * shift
        y1 = level[dst] + direction * shift
        x0 = side * box_w / 2
        bulge = 0.3 + 0.55 * span
        t = np.linspace(0.0, 1.0, 60)
        xs = x0 + side * bulge * np.sin(np.pi * t)
        ys = y0 + (y1 - y0) * t
        width = 0.7 + 0.55 * min(count, 30) ** 0.5
        ax.plot(xs[:-2], ys[:-2], linestyle=style, color=color, linewidth=width, zorder=2)
        ax.annotate(
            "",
            xy=(xs[-1], ys[-1]),
            xytext=(xs[-4], ys[-4]),
            arrowprops={"arrowstyle": "-|>", "color": color, "lw": 0.8, "mutation_scale": 12},
            zorder=2,
        )
        ax.text(
            x0 + side * bulge,
            (y0 + y1) / 2,
            str(count),
            ha="center",
            va="center",
            fontsize=7.5,
            color=color,
            zorder=5,
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none"},
        )

    # widest arcs first, so the narrow ones are drawn over them
    order = sorted(edges.items(), key=lambda e: (-abs(level[e[0][0]] - level[e[0][1]]), e[0]))
    for (src, dst, kind), count in order:
        if src == dst:
            continue
        up = level[dst] > level[src]
        if kind == MODULE:
            arc(src, dst, +1, count, "-", UP if up else DOWN)
        elif up:
            arc(src, dst, -1, count, "--" if kind == FUNCTION else ":", UP)
    ax.text(
        10.5,
        len(FLOORS) - 0.45,
        "module-level imports\n(run on import): all go down",
        ha="right",
        va="center",
        fontsize=9,
        color=DOWN,
    )
    ax.text(
        -7.7,
        len(FLOORS) - 0.45,
        "imports that climb: lazy (dashed,\nrun on first call) or type-only\n(dotted, never run)",
        ha="left",
        va="center",
        fontsize=9,
        color=UP,
    )


def _draw_matrix(ax: Any, imports: list[Import]) -> None:
    """The floor-by-floor matrix: the importer's row, the imported floor's
    column; below the diagonal goes down, above it climbs."""
    from matplotlib.patches import Rectangle

    edges = floor_edges(imports)
    n = len(FLOORS)
    ax.set_xlim(-0.5, n - 0.5)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_aspect("equal")
    top = FLOORS[::-1]  # the top floor first, as in the drawing of the floors
    for r, src in enumerate(top):
        for c, dst in enumerate(top):
            mod = edges.get((src, dst, MODULE), 0)
            lazy = edges.get((src, dst, FUNCTION), 0)
            types = edges.get((src, dst, TYPE_ONLY), 0)
            climbs = FLOORS.index(dst) > FLOORS.index(src)
            if r == c:
                face = "#ececec"
            elif climbs and (mod or lazy or types):
                face = "#f6d5d1"
            elif mod:
                face = "#d6e4f0"
            elif lazy or types:
                face = "#f3f3f3"
            else:
                face = "white"
            ax.add_patch(
                Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor=face, edgecolor="#cccccc", lw=0.6)
            )
            lines = []
            if mod:
                lines.append((str(mod), UP if climbs else DOWN, "bold", 9))
            if lazy:
                lines.append((f"{lazy} lazy", UP if climbs else LAZY, "normal", 6.5))
            if types and climbs:  # downward type-only imports are harmless noise
                lines.append((f"{types} type", UP if climbs else TYPES, "normal", 6.5))
            for k, (text, color, weight, size) in enumerate(lines):
                y = r + (k - (len(lines) - 1) / 2) * 0.27
                ax.text(
                    c,
                    y,
                    text,
                    ha="center",
                    va="center",
                    fontsize=size,
                    color=color,
                    fontweight=weight,
                )
    labels = ["__init__" if f == "__init__" else f for f in top]
    ax.set_xticks(range(n), labels, rotation=55, ha="right", fontsize=8.5, family="monospace")
    ax.set_yticks(range(n), labels, fontsize=8.5, family="monospace")
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xlabel("imports from this floor", fontsize=9)
    ax.set_ylabel("this floor", fontsize=9)
    ax.set_title(
        "Imports between floors (diagonal: within a floor). Bold: module-level;\n"
        "lazy: function-level. Below the diagonal: downward; above it: climbing (red).",
        fontsize=9.5,
    )


def draw(imports: list[Import], out: Path, root: Path = ROOT) -> None:
    """Draw the floors with the imports between them, and the floor-by-floor
    matrix of imports, into one PNG (the same source gives the same bytes)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    per_floor = Counter(floor_of(m) for m in modules(root))
    with plt.rc_context({"font.family": "DejaVu Sans", "svg.hashsalt": "militnet"}):
        fig = plt.figure(figsize=(17, 9.6), dpi=100)
        fig.subplots_adjust(left=0.01, right=0.99, top=0.9, bottom=0.06)
        grid = fig.add_gridspec(1, 2, width_ratios=[1.35, 1], wspace=0.16)
        _draw_floors(fig.add_subplot(grid[0]), imports, per_floor)
        _draw_matrix(fig.add_subplot(grid[1]), imports)
        n_mod = sum(1 for i in imports if i.kind == MODULE)
        n_lazy = sum(1 for i in imports if i.kind == FUNCTION)
        n_types = sum(1 for i in imports if i.kind == TYPE_ONLY)
        up = climbing(imports, (MODULE, FUNCTION, TYPE_ONLY))
        kinds_up = Counter(imp.kind for imp in up)
        fig.suptitle(
            "militnet: the floors and the imports between them (bottom to top; "
            "a module imports only from its own floor or below)",
            fontsize=13,
            fontweight="bold",
            y=0.99,
        )
        fig.text(
            0.5,
            0.95,
            f"{len(modules(root))} modules, {len(imports)} imports between them: "
            f"{n_mod} module-level, {n_lazy} function-level (lazy), {n_types} type-only. "
            f"Numbers on the arcs: imports between two floors. Red: {len(up)} imports that "
            f"climb ({kinds_up[MODULE]} module-level, {kinds_up[FUNCTION]} lazy, "
            f"{kinds_up[TYPE_ONLY]} type-only).",
            ha="center",
            fontsize=9.5,
        )
        fig.text(
            0.5,
            0.012,
            "Drawn from the source by benchmarks/import_graph.py "
            "(python benchmarks/import_graph.py; --check in CI).",
            ha="center",
            fontsize=8.5,
            color="#555555",
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        # no date or software version in the file: the same source gives the same bytes
        fig.savefig(out, metadata={"Software": None})
        plt.close(fig)


def report(
    imports: list[Import], show_modules: bool = False
) -> tuple[list[Import], list[list[str]]]:
    """Print the climbing imports and the cycles; return the module-level ones."""
    known_floors = Counter(imp.source_floor for imp in imports)
    print(f"{len(imports)} imports between militnet modules ({len(known_floors)} floors import)")
    if show_modules:
        for imp in imports:
            print(f"  {imp}")
    up_module = climbing(imports, (MODULE,))
    up_lazy = climbing(imports, (FUNCTION,))
    up_types = climbing(imports, (TYPE_ONLY,))
    print(f"\nmodule-level imports that climb to a higher floor: {len(up_module)}")
    for imp in up_module:
        print(f"  {imp}")
    print(f"function-level (lazy) imports that climb: {len(up_lazy)}")
    for imp in up_lazy:
        print(f"  {imp}")
    print(f"type-only imports that climb (never run): {len(up_types)}")
    for imp in up_types:
        print(f"  {imp}")
    loops = cycles(imports, (MODULE,))
    print(f"\nimport cycles among module-level imports: {len(loops)}")
    for loop in loops:
        print("  " + " <-> ".join(loop))
    lazy_loops = [c for c in cycles(imports, (MODULE, FUNCTION)) if c not in loops]
    print(f"cycles that close only through function-level imports: {len(lazy_loops)}")
    for loop in lazy_loops:
        print("  " + " <-> ".join(loop))
    return up_module, loops


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 on a module-level import that climbs or a module-level import cycle",
    )
    parser.add_argument("--modules", action="store_true", help="print every import")
    parser.add_argument(
        "--png",
        type=Path,
        default=None,
        help="where to draw the graph (default docs/architecture.png; not drawn with --check)",
    )
    args = parser.parse_args(argv)
    imports = all_imports()
    up_module, loops = report(imports, args.modules)
    if args.png is not None or not args.check:
        out = args.png or ROOT / "docs" / "architecture.png"
        draw(imports, out)
        print(f"\nwrote {out}")
    if args.check and (up_module or loops):
        print("\nFAIL: module-level imports must go downward and must not loop", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
