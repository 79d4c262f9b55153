"""The metric seam: every function handles empty input and agrees with networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

import militnet
from militnet import _backend
from militnet._snapshot import snapshot

EMPTY = _backend.Ties(nodes=(), src=np.zeros(0, np.int64), tgt=np.zeros(0, np.int64),
                      weight=np.zeros(0))
ISOLATES = _backend.Ties(nodes=("a", "b"), src=np.zeros(0, np.int64),
                         tgt=np.zeros(0, np.int64), weight=np.zeros(0))


@pytest.mark.parametrize("fn", ["degree", "in_degree", "out_degree", "betweenness",
                                "pagerank", "eigenvector"])
def test_node_measures_on_empty_and_tieless_graphs(fn):
    assert getattr(_backend, fn)(EMPTY).shape == (0,)
    out = getattr(_backend, fn)(ISOLATES)
    assert out.shape == (2,) and np.isfinite(out).all()


@pytest.mark.parametrize("fn", ["louvain", "greedy_modularity", "label_propagation"])
def test_community_functions_on_empty_and_tieless_graphs(fn):
    labels, q = getattr(_backend, fn)(EMPTY, seed=0)
    assert labels.shape == (0,) and np.isnan(q)
    labels, q = getattr(_backend, fn)(ISOLATES, seed=0)
    assert sorted(labels.tolist()) == [0, 1] and np.isnan(q)


@pytest.mark.parametrize("fn", ["louvain", "greedy_modularity", "label_propagation"])
@pytest.mark.parametrize("resolution", [0.5, 1.0, 1.5])
def test_modularity_agrees_with_networkx(fn, resolution):
    net = militnet.load_dataset("afpak")
    t = snapshot(net, "2018-01-01").ties
    labels, q = getattr(_backend, fn)(t, seed=2, resolution=resolution)
    g = _backend.to_networkx(t)
    comms = [{t.nodes[i] for i in np.flatnonzero(labels == lab)} for lab in set(labels)]
    ref = nx.community.modularity(g, comms, weight="weight", resolution=resolution)
    assert q == pytest.approx(ref, abs=1e-12)


def test_to_networkx_round_trip():
    net = militnet.load_dataset("afpak")
    t = snapshot(net, "2016-01-01").ties
    g = _backend.to_networkx(t)
    assert list(g.nodes) == list(t.nodes)
    assert g.number_of_edges() == t.m
    assert sum(d["weight"] for *_, d in g.edges(data=True)) == t.weight.sum()
    assert (_backend.degree(t) == np.array([g.degree(v) for v in t.nodes])).all()
