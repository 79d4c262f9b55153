"""The house has floors (docs/architecture.md): module-level imports go only
downward, they form no loop, and the few lazy imports that climb back up are
the ones listed here. The imports are read from the source with ``ast``
(benchmarks/import_graph.py), so this test imports nothing of militnet."""

from __future__ import annotations

import pytest

from benchmarks import import_graph as ig

# Function-level (lazy) imports that climb to a higher floor, as
# (importer, imported module). Each runs on first call, when both floors are
# loaded, so it cannot make a loop; each is a convenience method of Network
# that hands over to the floor above. A new one must be added here on purpose,
# with its reason in docs/architecture.md ("Imports only downward").
ALLOWED_LAZY_CLIMBS = {
    # Network.history, Network.lineage -> militnet.history, militnet.lineage
    ("militnet._classes.network", "militnet._algorithms.lineage"),
    # Network.series -> the series of measures
    ("militnet._classes.network", "militnet._algorithms.series"),
    # Network.to_html -> the HTML view
    ("militnet._classes.network", "militnet._views.html"),
    # Network.to_pyvis -> the pyvis view
    ("militnet._classes.network", "militnet._views.pyvis"),
}


@pytest.fixture(scope="module")
def imports() -> list[ig.Import]:
    return ig.all_imports()


def test_every_module_is_on_a_floor(imports):
    for module in ig.modules():
        assert ig.floor_of(module) in ig.FLOORS
    assert ig.floor_of("militnet") == "__init__"


def test_the_reader_sees_the_imports_it_should(imports):
    # a known module-level import, a known lazy one and a known type-only one
    kinds = {(i.source, i.target): i.kind for i in imports}
    assert kinds[("militnet", "militnet._classes.network")] == ig.MODULE
    assert kinds[("militnet._classes.network", "militnet._views.html")] == ig.FUNCTION
    assert kinds[("militnet._engine.snapshot", "militnet._classes.network")] == ig.TYPE_ONLY


def test_module_level_imports_only_go_downward(imports):
    up = ig.climbing(imports, (ig.MODULE,))
    assert not up, "module-level imports that climb to a higher floor:\n" + "\n".join(map(str, up))


def test_no_import_cycle_at_module_level(imports):
    assert ig.cycles(imports, (ig.MODULE,)) == []


def test_lazy_imports_that_climb_are_the_documented_ones(imports):
    found = {(i.source, i.target) for i in ig.climbing(imports, (ig.FUNCTION,))}
    new = found - ALLOWED_LAZY_CLIMBS
    assert not new, (
        f"new function-level imports that climb: {sorted(new)}; move the code to the "
        "higher floor, or list the import in ALLOWED_LAZY_CLIMBS and docs/architecture.md"
    )
    gone = ALLOWED_LAZY_CLIMBS - found
    assert not gone, f"no longer imported lazily, remove from ALLOWED_LAZY_CLIMBS: {sorted(gone)}"


def test_cycle_finder_finds_a_planted_loop():
    a = ig.Import("militnet._core.a", "militnet._core.b", ig.MODULE, 1)
    b = ig.Import("militnet._core.b", "militnet._core.a", ig.MODULE, 1)
    lazy = ig.Import("militnet._core.b", "militnet._core.a", ig.FUNCTION, 1)
    assert ig.cycles([a, b]) == [["militnet._core.a", "militnet._core.b"]]
    assert ig.cycles([a, lazy]) == []
    up = ig.Import("militnet._core.a", "militnet._views.html", ig.MODULE, 1)
    assert ig.climbing([a, up]) == [up]


def test_check_mode_passes(capsys):
    # what CI runs (python benchmarks/import_graph.py --check), in process
    rc = ig.main(["--check"])
    out = capsys.readouterr()
    assert rc == 0, out.out + out.err
    assert "import cycles among module-level imports: 0" in out.out
