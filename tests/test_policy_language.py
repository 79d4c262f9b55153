"""One filter language (issue 25): every public function that selects ties takes
``policy=TiePolicy(...)``; the loose keywords of 0.1 still work with one
DeprecationWarning naming the replacement; ``policy=None`` is ``TiePolicy()``
everywhere; and the consistency fixes (extract's argument order, the
``RecordError`` alias, one ``DEFAULT_MEASURES``, one tie-collapse, one seed
convention, ``diff_dates``/``diff_datasets``)."""

from __future__ import annotations

import importlib
import inspect
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import militnet
from militnet import TiePolicy
from militnet._core.model import RELATION_TYPES

DAY = "2016-10-24"
LOOSE = {"types": ["alliance", "rivalry"], "min_confidence": "reported", "stale_after": None}
EQUIVALENT = TiePolicy.all_types(
    types=("alliance", "rivalry"), min_confidence="reported", stale_after=None
)


@pytest.fixture(scope="module")
def afpak() -> militnet.Network:
    return militnet.load_dataset("afpak")


def _deprecated(call: Any) -> tuple[Any, warnings.WarningMessage]:
    """Run ``call``; return its result and the one DeprecationWarning it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = call()
    dep = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(dep) == 1, [str(w.message) for w in dep]
    return out, dep[0]


def _quiet(call: Any) -> Any:
    """Run ``call``; no DeprecationWarning allowed."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        return call()


def _edges(G: Any) -> tuple[Any, ...]:
    return tuple(sorted(G.edges(keys=True)))


# -- the policy entrance ---------------------------------------------------------------
def test_at_policy_equals_deprecated_keywords(afpak):
    new = _quiet(lambda: afpak.at(DAY, policy=EQUIVALENT))
    old, w = _deprecated(lambda: afpak.at(DAY, **LOOSE))
    assert _edges(old) == _edges(new) and old.graph == new.graph
    assert str(w.message) == (
        "Network.at(types=..., min_confidence=..., stale_after=...) is deprecated since "
        "militnet 0.2 and will be removed in 0.3; pass "
        "policy=militnet.TiePolicy(types=..., min_confidence=..., stale_after=...)"
    )
    _, w = _deprecated(lambda: afpak.at(DAY, stale_after=None))
    assert str(w.message).endswith("pass policy=militnet.TiePolicy.all_types(stale_after=...)")
    assert Path(w.filename) == Path(__file__)  # stacklevel: the user's call


def test_at_default_unchanged(afpak):
    G = afpak.at(DAY)
    assert G.graph["types"] == list(RELATION_TYPES)
    assert G.graph["stale_after"] == "5y"
    assert {d["type"] for *_, d in G.edges(data=True)} >= {"alliance", "pledge", "rivalry"}
    assert _edges(G) == _edges(afpak.at(DAY, policy=TiePolicy.all_types()))


def test_loose_keywords_apply_on_top_of_policy(afpak):
    base = TiePolicy(min_confidence="reported")
    G, w = _deprecated(lambda: afpak.at(DAY, policy=base, types="pledge"))
    assert _edges(G) == _edges(
        afpak.at(DAY, policy=TiePolicy(types="pledge", min_confidence="reported"))
    )
    assert "pass policy=dataclasses.replace(policy, types=...)" in str(w.message)


def test_timeline_replacement_keeps_its_default_types():
    from militnet._core.policy import tie_policy
    from militnet.plot._timeline import TIMELINE_POLICY

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pol = tie_policy(
            TIMELINE_POLICY, {"min_confidence": "reported"}, call="f", default=TIMELINE_POLICY
        )
    assert pol.types == TIMELINE_POLICY.types and pol.min_confidence == "reported"
    assert str(caught[0].message).endswith(
        "pass policy=militnet.TiePolicy(min_confidence=..., "
        "types=('split', 'merger', 'pledge', 'alliance'))"
    )


def test_unknown_keyword_is_a_type_error(afpak):
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        afpak.at(DAY, colour="red")
    with pytest.raises(militnet.ArgumentError, match=r"policy must be a militnet\.TiePolicy"):
        afpak.at(DAY, policy={"types": "pledge"})


def test_policy_none_is_the_default_policy_everywhere(afpak, tmp_path):
    default = TiePolicy()
    assert _edges(afpak.at(DAY, policy=None)) == _edges(afpak.at(DAY, policy=default))
    assert afpak.at(DAY, policy=None).graph["types"] == ["alliance", "pledge"]
    assert afpak.ties(DAY, None).graph["policy"] == default.to_dict()
    assert militnet.balance(afpak, DAY, policy=None).to_dict() == (
        militnet.balance(afpak, DAY, policy=default).to_dict()
    )
    a = militnet.diff(afpak, "2014-01-01", DAY, policy=None).to_frame()
    b = militnet.diff(afpak, "2014-01-01", DAY, policy=default).to_frame()
    assert a.equals(b)
    for name in ("to_graphml", "to_json"):
        fn = getattr(militnet, name)
        x = fn(afpak, tmp_path / f"none.{name}", DAY, policy=None).read_bytes()
        y = fn(afpak, tmp_path / f"default.{name}", DAY, policy=default).read_bytes()
        assert x == y
    x = militnet.to_gexf(afpak, tmp_path / "none.gexf", policy=None).read_bytes()
    y = militnet.to_gexf(afpak, tmp_path / "default.gexf", policy=default).read_bytes()
    assert x == y
    assert afpak.to_html(policy=None, seed=0).html == afpak.to_html(policy=default, seed=0).html


def test_signature_defaults_say_what_they_are():
    from militnet._algorithms.balance import balance
    from militnet._readwrite.export import to_csv, to_gexf, to_graphml, to_json
    from militnet._views.html import render_html
    from militnet.plot import network

    for fn in (militnet.Network.at, to_gexf, to_graphml, to_json, to_csv, render_html, network):
        default = inspect.signature(fn).parameters["policy"].default
        assert default == TiePolicy.all_types(), fn
    assert inspect.signature(militnet.diff).parameters["policy"].default == TiePolicy.all_types()
    assert inspect.signature(balance).parameters["policy"].default == TiePolicy.signed_ties()
    assert "= TiePolicy.all_types()" in str(inspect.signature(militnet.Network.at))
    assert "= TiePolicy(signed=True)" in str(inspect.signature(balance))
    for fn in (militnet.centrality, militnet.communities, militnet.report, militnet.Network.ties):
        assert inspect.signature(fn).parameters["policy"].default is None, fn


def test_exports_accept_policy_and_deprecated_keywords(afpak, tmp_path):
    for name in ("to_graphml", "to_json"):
        fn = getattr(militnet, name)
        new = _quiet(lambda fn=fn, n=name: fn(afpak, tmp_path / f"new.{n}", DAY, policy=EQUIVALENT))
        old, w = _deprecated(lambda fn=fn, n=name: fn(afpak, tmp_path / f"old.{n}", DAY, **LOOSE))
        assert new.read_bytes() == old.read_bytes()
        assert str(w.message).startswith(f"militnet.{name}(types=..., min_confidence=...")
        assert Path(w.filename) == Path(__file__)
    (n1, e1) = _quiet(lambda: militnet.to_csv(afpak, tmp_path / "new", DAY, policy=EQUIVALENT))
    (n2, e2), _ = _deprecated(lambda: militnet.to_csv(afpak, tmp_path / "old", DAY, **LOOSE))
    assert e1.read_bytes() == e2.read_bytes() and n1.read_bytes() == n2.read_bytes()
    for at in (None, DAY):
        new = _quiet(
            lambda at=at: militnet.to_gexf(afpak, tmp_path / "n.gexf", at=at, policy=EQUIVALENT)
        )
        text = new.read_bytes()
        old, w = _deprecated(
            lambda at=at: militnet.to_gexf(afpak, tmp_path / "o.gexf", at=at, **LOOSE)
        )
        assert old.read_bytes() == text
        assert Path(w.filename) == Path(__file__)


def test_html_accepts_policy_and_deprecated_keywords(afpak, tmp_path):
    from militnet._views.html import render_html, to_html, write_html

    new = _quiet(lambda: afpak.to_html(policy=EQUIVALENT, seed=0)).html
    old, w = _deprecated(lambda: afpak.to_html(seed=0, **LOOSE))
    assert old.html == new
    assert str(w.message).startswith("Network.to_html(types=...")
    assert Path(w.filename) == Path(__file__)
    page, w = _deprecated(lambda: render_html(afpak, seed=0, **LOOSE))
    assert page == new and Path(w.filename) == Path(__file__)
    view, w = _deprecated(lambda: to_html(afpak, seed=0, **LOOSE))
    assert view.html == new and Path(w.filename) == Path(__file__)
    path, w = _deprecated(lambda: write_html(afpak, tmp_path / "p.html", seed=0, **LOOSE))
    assert path.read_text("utf-8") == new and Path(w.filename) == Path(__file__)
    path = _quiet(lambda: afpak.to_html(tmp_path / "q.html", policy=EQUIVALENT, seed=0))
    assert path.read_text("utf-8") == new


@pytest.mark.slow
def test_plots_accept_policy_and_deprecated_keywords(afpak):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import militnet.plot

    def drawn(ax: Any) -> tuple[Any, ...]:
        return (ax.get_title(), len(ax.lines), len(ax.collections), len(ax.patches))

    try:
        new = drawn(_quiet(lambda: militnet.plot.network(afpak, DAY, policy=EQUIVALENT)))
        ax, w = _deprecated(lambda: militnet.plot.network(afpak, DAY, **LOOSE))
        assert drawn(ax) == new and Path(w.filename) == Path(__file__)
        assert "alliance+rivalry relations (reported or firmer), no lapse" in new[0]
        assert "size: degree over alliance ties" in new[0]  # the cooperative ties drawn
        groups = ["ttp", "jua", "hizb-ul-ahrar", "taliban"]
        pol = TiePolicy(types=("split", "pledge"), min_confidence="reported", stale_after=None)
        new = drawn(_quiet(lambda: militnet.plot.timeline(afpak, groups, policy=pol)))
        ax, w = _deprecated(
            lambda: militnet.plot.timeline(
                afpak,
                groups,
                types=("split", "pledge"),
                min_confidence="reported",
                stale_after=None,
            )
        )
        assert drawn(ax) == new and Path(w.filename) == Path(__file__)
        assert "pass policy=militnet.TiePolicy(types=..., min_confidence=..." in str(w.message)
    finally:
        plt.close("all")


def test_analysis_functions_take_the_policy(afpak):
    pol = TiePolicy(types=("pledge",), stale_after=None)
    T = afpak.ties(DAY, pol)
    assert {d for *_, d in afpak.at(DAY, policy=pol).edges(data="type")} <= {"pledge"}
    assert T.graph["policy"]["types"] == ["pledge"]
    df = afpak.series(dates=[DAY], measures="degree", policy=pol)
    assert df.attrs["provenance"]["policy"] == pol.to_dict()
    text = militnet.report(afpak, DAY, policy=pol, measures="degree", top=2)
    assert "| tie types | pledge |" in text
    res = militnet.balance(afpak, DAY, policy=TiePolicy(stale_after=None))
    assert res.provenance["policy"]["signed"] is True  # balance signs whatever it is given
    d = militnet.diff(afpak, "2014-01-01", DAY, policy=pol)
    assert set(d.ties["type"]) <= {"pledge"}


# -- one tie-collapse -------------------------------------------------------------------
@pytest.mark.parametrize(
    "pol",
    [
        TiePolicy(),
        TiePolicy(weight="binary"),
        TiePolicy.all_types(),
        TiePolicy.signed_ties(stale_after=None),
    ],
    ids=repr,
)
def test_network_ties_and_measure_ties_are_one_collapse(afpak, pol):
    from militnet._engine.snapshot import snapshot

    for day in ("2008-01-01", DAY, "2021-09-15"):
        T = afpak.ties(day, pol)
        t = snapshot(afpak, day, pol).ties
        if pol.signed:  # the measures' ties leave rivalries out; Network.ties signs them
            continue
        pairs = {
            tuple(sorted((t.nodes[a], t.nodes[b]))): w
            for a, b, w in zip(t.src.tolist(), t.tgt.tolist(), t.weight.tolist(), strict=True)
        }
        assert pairs == {
            tuple(sorted((u, v))): float(d["weight"]) for u, v, d in T.edges(data=True)
        }
        assert list(T.nodes) == list(t.nodes)


def test_network_ties_signs_and_relations(afpak):
    T = afpak.ties(DAY, TiePolicy.signed_ties())
    M = afpak.at(DAY, policy=TiePolicy.signed_ties())
    for u, v, d in T.edges(data=True):
        rels = sorted(k for a, b, k in M.edges(keys=True) if {a, b} == {u, v})
        assert d["relations"] == rels
        signs = [
            RELATION_TYPES[M.edges[a, b, k]["type"]].sign
            for a, b, k in M.edges(keys=True)
            if k in rels
        ]
        neg = sum(s < 0 for s in signs)
        assert d["sign"] == int(np.sign(len(signs) - 2 * neg))
        assert d["weight"] == len(rels)


# -- consistency -------------------------------------------------------------------------
def test_record_error_is_a_deprecated_alias():
    with pytest.warns(
        DeprecationWarning, match="militnet.RecordError is deprecated.*ArgumentError"
    ):
        alias = militnet.RecordError
    assert alias is militnet.ArgumentError
    assert issubclass(alias, (militnet.MilitnetError, ValueError))
    with pytest.warns(DeprecationWarning):
        from militnet import RecordError
    with pytest.raises(RecordError):
        TiePolicy(types=[])
    with pytest.raises(militnet.ArgumentError):
        TiePolicy(weight="heavy")
    assert "RecordError" not in militnet.__all__ and "ArgumentError" in militnet.__all__


def test_one_default_measures():
    from militnet._algorithms import centrality as c
    from militnet._engine.measures import DEFAULT_MEASURES
    from militnet._views import report as r

    assert c.DEFAULT_MEASURES is DEFAULT_MEASURES and r.DEFAULT_MEASURES is DEFAULT_MEASURES
    for fn in (militnet.centrality, militnet.report, militnet.Network.series):
        assert inspect.signature(fn).parameters["measures"].default is DEFAULT_MEASURES


def test_diff_dispatches_to_diff_dates_and_diff_datasets(afpak):
    a = militnet.diff(afpak, "2014-01-01", DAY).to_frame()
    assert a.equals(militnet.diff_dates(afpak, "2014-01-01", DAY).to_frame())
    other = militnet.Network(groups=[{"id": "a", "name": "A"}])
    x = militnet.diff(afpak, other).to_frame()
    assert x.equals(militnet.diff_datasets(afpak, other).to_frame())
    assert {"diff_dates", "diff_datasets"} <= set(militnet.__all__)


PUBLIC_SEEDED = [
    ("militnet", "centrality"),
    ("militnet", "communities"),
    ("militnet", "community_evolution"),
    ("militnet", "sensitivity"),
    ("militnet", "report"),
    ("militnet.Network", "series"),
    ("militnet.plot", "network"),
    ("militnet._views.html", "render_html"),
]


@pytest.mark.parametrize(("module", "name"), PUBLIC_SEEDED)
def test_one_seed_convention(module, name):
    if module == "militnet.Network":
        fn = militnet.Network.series
    else:
        fn = getattr(importlib.import_module(module), name)
    p = inspect.signature(fn).parameters["seed"]
    assert p.default == 0
    assert str(p.annotation).replace(" ", "") == "int|None"


def test_extract_takes_the_network_first():
    pytest.importorskip("spacy")
    net = militnet.load_dataset("afpak")
    text = "Jamaat-ul-Ahrar split from the Pakistani Taliban."
    new = _quiet(lambda: militnet.extract(net, text))
    old, w = _deprecated(lambda: militnet.extract(text, net))
    assert old.equals(new)
    assert "militnet.extract(text, net) is deprecated" in str(w.message)
    assert "militnet.extract(net, text)" in str(w.message)
    assert Path(w.filename) == Path(__file__)
