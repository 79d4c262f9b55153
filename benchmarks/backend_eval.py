"""Throwaway-quality but honest evaluation of graph backends for militnet.

    python benchmarks/backend_eval.py            # M scale, seed 0 (~3-4 min on 2 cores)
    python benchmarks/backend_eval.py --scale S
    python benchmarks/backend_eval.py --skip-naive-series   # only the quick parts

Measures, on data from ``benchmarks/synth.py``:

1. one snapshot as a ``networkx.MultiDiGraph`` (all relation types, one edge per
   relation record keyed by relation id, node/edge attributes): naive pandas +
   ``add_edges_from`` vs a precomputed interval index + vectorised mask, with
   ``add_*_from`` or with the graph's internal dicts filled directly;
2. metrics on the *collapsed undirected tie graph* (alliance + pledge among
   alive groups, parallel relations collapse to one tie, weight = count),
   unweighted degree / PageRank / exact betweenness (normalized) / Louvain,
   at one mid date and over 36 yearly snapshots: naive networkx vs
   igraph, networkit, rustworkx, and numpy/scipy (+ the best combination);
3. degree over 432 monthly snapshots: naive vs vectorised numpy.

Agreement with networkx: max |difference| for betweenness and PageRank;
Louvain is scored by ``networkx.community.modularity`` of each candidate's
partition on the same graph, compared with networkx's own Louvain (seeded).

Dates: partial dates are read as the first day of their period (one policy;
the naive and fast paths use the same one). Active on t: start <= t < end;
a group is alive on t: founded <= t < ended.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing as mp
import operator
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.synth import SCALES, make_tables

COOP = ("alliance", "pledge")
SIGN = {"alliance": 1, "pledge": 1, "rivalry": -1, "split": 0, "merger": 0}
NO_END = np.iinfo(np.int64).max
SEED = 42

try:
    import igraph as ig
except ImportError:  # pragma: no cover
    ig = None
try:
    import networkit as nk
except ImportError:  # pragma: no cover
    nk = None
try:
    import rustworkx as rx
except ImportError:  # pragma: no cover
    rx = None


# ------------------------------------------------------------------ helpers
def parse_lo(col: pd.Series) -> pd.Series:
    """Partial ISO dates -> datetime64 (first day of the period); '' -> NaT."""
    s = col.astype(str)
    full = s.where(s.str.len() != 4, s + "-01-01")
    full = full.where(full.str.len() != 7, full + "-01")
    return pd.to_datetime(full.where(s != "", None), format="%Y-%m-%d")


def day(d: str) -> int:
    return int(np.datetime64(d, "D").astype(np.int64))


def timeit(fn, repeat=5, number=1):
    """min and median seconds per call over ``repeat`` rounds of ``number`` calls."""
    ts = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        ts.append((time.perf_counter() - t0) / number)
    return min(ts), statistics.median(ts)


def clock(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


# --------------------------------------------------------------- the naive
class Naive:
    """What a user does today: pandas filter + fresh networkx graph + nx algorithms."""

    def __init__(self, groups, relations):
        self.g = groups.assign(f=parse_lo(groups.founded), e=parse_lo(groups.ended))
        self.r = relations.assign(s=parse_lo(relations.start), e=parse_lo(relations.end))

    def alive(self, t):
        g = self.g
        return g[(g.f <= t) & ~(g.e <= t)]

    def active(self, t, alive_ids, types=None):
        r = self.r
        m = (r.s <= t) & ~(r.e <= t) & r.source.isin(alive_ids) & r.target.isin(alive_ids)
        if types is not None:
            m &= r.type.isin(types)
        return r[m]

    def tie_graph(self, t):
        t = pd.Timestamp(t)
        alive = self.alive(t)
        rel = self.active(t, alive.id, COOP)
        G = nx.Graph()
        G.add_nodes_from(alive.id)
        for u, v in zip(rel.source, rel.target, strict=False):
            if G.has_edge(u, v):
                G[u][v]["weight"] += 1
            else:
                G.add_edge(u, v, weight=1)
        return G

    def multidigraph(self, t):
        t = pd.Timestamp(t)
        alive = self.alive(t)
        rel = self.active(t, alive.id)
        G = nx.MultiDiGraph()
        G.add_nodes_from(
            (row.pop("id"), row)
            for row in alive[["id", "name", "founded", "ended", "orientation", "country"]].to_dict(
                "records"
            )
        )
        cols = ["id", "source", "target", "type", "start", "end", "confidence", "sources"]
        G.add_edges_from(
            (d["source"], d["target"], d["id"], d) for d in rel[cols].to_dict("records")
        )
        return G


def nx_metrics(G, seed=SEED):
    out = {}
    out["degree"], out["t_degree"] = clock(lambda: dict(G.degree()))
    out["pagerank"], out["t_pagerank"] = clock(lambda: nx.pagerank(G, weight=None))
    out["betweenness"], out["t_betweenness"] = clock(
        lambda: nx.betweenness_centrality(G, normalized=True, weight=None)
    )
    comms, out["t_louvain"] = clock(
        lambda: nx.community.louvain_communities(G, weight=None, seed=seed)
    )
    out["modularity"] = safe_modularity(G, comms)
    return out


def safe_modularity(G, comms):
    """networkx modularity, NaN for a graph without edges (undefined)."""
    if G.number_of_edges() == 0:
        return float("nan")
    return nx.community.modularity(G, comms, weight=None)


# ------------------------------------------------------- the interval index
def parse_days(col: pd.Series, missing: int) -> np.ndarray:
    """Partial ISO dates -> day ordinals; numpy reads 'YYYY' / 'YYYY-MM' as the
    first day of the period natively; '' -> ``missing``."""
    d = np.array(col.tolist(), dtype="datetime64[D]")
    out = d.astype(np.int64)
    out[np.isnat(d)] = missing
    return out


class Index:
    """What militnet would cache once per Network: int endpoints, day ordinals."""

    def __init__(self, groups, relations):
        self.groups, self.relations = groups, relations
        self.ids = groups.id.to_numpy()
        self.n = len(self.ids)
        pos = dict(zip(groups.id.tolist(), range(self.n), strict=False))
        self.S = np.fromiter(
            map(pos.__getitem__, relations.source.tolist()), np.int64, len(relations)
        )
        self.T = np.fromiter(
            map(pos.__getitem__, relations.target.tolist()), np.int64, len(relations)
        )
        self.f = parse_days(groups.founded, NO_END)  # undated founding: never alive
        self.e = parse_days(groups.ended, NO_END)  # no end: alive for ever
        self.rs = parse_days(relations.start, NO_END)  # undated start: excluded here
        self.re = parse_days(relations.end, NO_END)
        self.coop = relations.type.isin(COOP).to_numpy()
        lo_, hi_ = np.minimum(self.S, self.T), np.maximum(self.S, self.T)
        self.pair = lo_ * self.n + hi_  # undirected pair key
        self._edges = None

    def build_attrs(self):
        """Per-relation (u, v, key, attrs) and per-group attrs, for MultiDiGraphs."""
        r, g = self.relations, self.groups
        cols = ["id", "source", "target", "type", "start", "end", "confidence", "sources"]
        recs = [
            dict(zip(cols, row, strict=False))
            for row in zip(*(r[c].tolist() for c in cols), strict=False)
        ]
        for d in recs:
            d["sign"] = SIGN[d["type"]]
        self._edges = [(d["source"], d["target"], d["id"], d) for d in recs]
        ncols = ["name", "founded", "ended", "orientation", "country"]
        self.node_attr = [
            dict(zip(ncols, row, strict=False))
            for row in zip(*(g[c].tolist() for c in ncols), strict=False)
        ]
        self.id_list = self.ids.tolist()

    @property
    def edges(self):
        if self._edges is None:
            self.build_attrs()
        return self._edges

    def alive(self, t):
        return (self.f <= t) & (t < self.e)

    def active(self, t, alive, coop_only):
        m = (self.rs <= t) & (t < self.re)
        if coop_only:
            m &= self.coop
        return m & alive[self.S] & alive[self.T]

    def ties(self, t):
        """Collapsed undirected ties among alive groups, relabelled 0..k-1."""
        alive = self.alive(t)
        m = self.active(t, alive, True)
        keys, w = np.unique(self.pair[m], return_counts=True)
        remap = np.cumsum(alive) - 1
        u = remap[keys // self.n]
        v = remap[keys % self.n]
        nodes = np.flatnonzero(alive)
        return nodes, u, v, w

    # ---- MultiDiGraph builders
    def _select(self, t):
        alive = self.alive(t)
        sel = np.flatnonzero(self.active(t, alive, False)).tolist()
        edges = self.edges
        picked = operator.itemgetter(*sel)(edges) if len(sel) > 1 else [edges[j] for j in sel]
        return np.flatnonzero(alive).tolist(), picked

    def mdg_add_from(self, t):
        nodes, picked = self._select(t)
        G = nx.MultiDiGraph()
        na, ids = self.node_attr, self.id_list
        G.add_nodes_from((ids[i], na[i].copy()) for i in nodes)
        G.add_edges_from((u, v, k, d.copy()) for u, v, k, d in picked)
        return G

    def mdg_direct(self, t):
        """Fill the graph's own dicts (_node, _succ is _adj, _pred) directly.

        A MultiDiGraph stores succ[u][v] and pred[v][u] as the *same* key dict
        {key: attrs}; attrs are copied so the graph is the caller's to modify."""
        nodes, picked = self._select(t)
        G = nx.MultiDiGraph()
        na, ids = self.node_attr, self.id_list
        names = [ids[i] for i in nodes]
        G._node = {ids[i]: na[i].copy() for i in nodes}
        succ = {k: {} for k in names}
        pred = {k: {} for k in names}
        for u, v, k, d in picked:
            su = succ[u]
            kd = su.get(v)
            if kd is None:
                su[v] = pred[v][u] = {k: d.copy()}
            else:
                kd[k] = d.copy()
        G._succ = G._adj = succ
        G._pred = pred
        return G

    def mdg_view(self, t, full):
        """O(1) read-only view of a prebuilt full graph (not the caller's to modify)."""
        alive = self.alive(t)
        m = self.active(t, alive, False)
        nodes = set(self.ids[alive].tolist())
        keys = set(self.relations.id.to_numpy()[m].tolist())
        return nx.subgraph_view(
            full, filter_node=nodes.__contains__, filter_edge=lambda u, v, k: k in keys
        )


# ------------------------------------------------------------ fast metrics
def pagerank_nx_equivalent(n, u, v, w=None, alpha=0.85, tol=1.0e-6, max_iter=100):
    """networkx.pagerank on an undirected graph, the same power iteration in numpy.

    networkx: x <- alpha * (x @ D^-1 A + sum(x[dangling]) * p) + (1 - alpha) * p,
    stop when ||x - xlast||_1 < n * tol, start and personalisation uniform.
    For symmetric A, x @ D^-1 A = A @ (x / d): one gather + bincount per step."""
    if n == 0:
        return np.zeros(0)
    rows, cols = np.concatenate([u, v]), np.concatenate([v, u])
    wt = None if w is None else np.concatenate([w, w]).astype(float)
    deg = np.bincount(rows, weights=wt, minlength=n).astype(float)
    inv = np.zeros(n)
    nz = deg != 0
    inv[nz] = 1.0 / deg[nz]
    dangling = ~nz
    p = np.full(n, 1.0 / n)
    x = p.copy()
    for _ in range(max_iter):
        xlast = x
        y = (x * inv)[cols]
        if wt is not None:
            y *= wt
        x = (
            alpha * (np.bincount(rows, weights=y, minlength=n) + x[dangling].sum() * p)
            + (1 - alpha) * p
        )
        if np.abs(x - xlast).sum() < n * tol:
            return x
    raise RuntimeError("pagerank did not converge")


def degree_sweep(idx, days):
    """Tie degree of every group on every date at once (n_groups x n_dates).

    Each cooperative relation is active on a contiguous run of the sorted dates:
    [first date >= max(start, both foundings), first date >= min(end, both ends)).
    Parallel relations of one pair are de-duplicated by keeping, per relation,
    only the part not covered by earlier-starting relations of the same pair
    (sorted by start, that covered part is [a, running max of b)). Each kept
    run adds +1 to both endpoints through a difference array; a cumulative sum
    over dates gives the degree. Also returns the alive matrix."""
    D = np.asarray(days, dtype=np.int64)
    k = len(D)
    c = np.flatnonzero(idx.coop)
    S, T = idx.S[c], idx.T[c]
    lo = np.maximum(idx.rs[c], np.maximum(idx.f[S], idx.f[T]))
    hi = np.minimum(idx.re[c], np.minimum(idx.e[S], idx.e[T]))
    a = np.searchsorted(D, lo, "left")
    b = np.searchsorted(D, hi, "left")
    keep = b > a
    a, b, pair, S, T = a[keep], b[keep], idx.pair[c][keep], S[keep], T[keep]
    order = np.lexsort((a, pair))
    a, b, pair, S, T = a[order], b[order], pair[order], S[order], T[order]
    grp = np.concatenate([[0], np.cumsum(pair[1:] != pair[:-1])])  # pair rank
    off = grp * (k + 2)
    run_max = np.maximum.accumulate(b + off) - off  # max b so far, per pair
    prev = np.concatenate([[-1], run_max[:-1]])
    prev[np.concatenate([[True], grp[1:] != grp[:-1]])] = -1  # first of its pair
    a2 = np.maximum(a, prev)
    ok = b > a2
    a2, b, S, T = a2[ok], b[ok], S[ok], T[ok]
    diff = np.zeros((idx.n, k + 1), dtype=np.int64)
    np.add.at(diff, (S, a2), 1)
    np.add.at(diff, (T, a2), 1)
    np.add.at(diff, (S, b), -1)
    np.add.at(diff, (T, b), -1)
    deg = np.cumsum(diff[:, :k], axis=1)
    alive = (idx.f[:, None] <= D[None, :]) & (D[None, :] < idx.e[:, None])
    return deg, alive


def simple_degree(n, u, v):
    return np.bincount(u, minlength=n) + np.bincount(v, minlength=n)


def modularity_of(G, nodes_ids, membership):
    comms = {}
    for node, c in zip(nodes_ids, membership, strict=False):
        comms.setdefault(c, set()).add(node)
    return safe_modularity(G, list(comms.values()))


def bc_scale(n):
    return 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0


class IgraphBackend:
    name = "igraph"

    def run(self, n, u, v, seed=SEED):
        out = {}
        g, out["t_build"] = clock(lambda: ig.Graph(n=n, edges=np.column_stack([u, v]).tolist()))
        out["degree"], out["t_degree"] = clock(lambda: np.asarray(g.degree()))
        out["pagerank"], out["t_pagerank"] = clock(lambda: np.asarray(g.pagerank(damping=0.85)))
        out["betweenness"], out["t_betweenness"] = clock(
            lambda: np.asarray(g.betweenness(directed=False)) * bc_scale(n)
        )

        def louv():
            random.seed(seed)  # python-igraph draws from Python's `random`
            return g.community_multilevel().membership

        out["membership"], out["t_louvain"] = clock(louv)
        return out


class NetworkitBackend:
    name = "networkit"

    def run(self, n, u, v, seed=SEED):
        out = {}
        g, out["t_build"] = clock(lambda: nk.GraphFromCoo((u, v), n=n, directed=False))
        out["degree"], out["t_degree"] = clock(lambda: np.array([g.degree(i) for i in range(n)]))

        def pr():
            a = nk.centrality.PageRank(
                g, damp=0.85, tol=1e-12, distributeSinks=nk.centrality.SinkHandling.DistributeSinks
            )
            a.run()
            x = np.asarray(a.scores())
            return x / x.sum()

        out["pagerank"], out["t_pagerank"] = clock(pr)

        def bc():
            a = nk.centrality.Betweenness(g, normalized=False)
            a.run()
            return np.asarray(a.scores()) * bc_scale(n) / 2  # nk sums ordered pairs

        out["betweenness"], out["t_betweenness"] = clock(bc)

        def louv():
            nk.setSeed(seed, True)
            a = nk.community.PLM(g, refine=False, par="none")
            a.run()
            return a.getPartition().getVector()

        out["membership"], out["t_louvain"] = clock(louv)
        return out


class RustworkxBackend:
    name = "rustworkx"

    def run(self, n, u, v, seed=SEED):
        out = {}

        def build():
            g = rx.PyGraph(multigraph=False)
            g.add_nodes_from(range(n))
            g.add_edges_from_no_data(list(zip(u.tolist(), v.tolist(), strict=False)))
            return g

        g, out["t_build"] = clock(build)
        out["degree"], out["t_degree"] = clock(lambda: np.array([g.degree(i) for i in range(n)]))

        def pr():
            d = rx.PyDiGraph()
            d.add_nodes_from(range(n))
            uu, vv = u.tolist(), v.tolist()
            d.add_edges_from_no_data(list(zip(uu + vv, vv + uu, strict=False)))
            r = rx.pagerank(d, alpha=0.85, tol=1e-6)
            return np.array([r[i] for i in range(n)])

        out["pagerank"], out["t_pagerank"] = clock(pr)

        def bc():
            r = rx.betweenness_centrality(g, normalized=True)
            return np.array([r[i] for i in range(n)])

        out["betweenness"], out["t_betweenness"] = clock(bc)
        out["membership"], out["t_louvain"] = None, float("nan")  # no Louvain in rustworkx
        return out


class ScipyBackend:
    """numpy only: degree + PageRank; no betweenness, no Louvain."""

    name = "numpy"

    def run(self, n, u, v, seed=SEED):
        out = {"t_build": 0.0}
        out["degree"], out["t_degree"] = clock(lambda: simple_degree(n, u, v))
        out["pagerank"], out["t_pagerank"] = clock(lambda: pagerank_nx_equivalent(n, u, v))
        out["betweenness"], out["t_betweenness"] = None, float("nan")
        out["membership"], out["t_louvain"] = None, float("nan")
        return out


def igraph_louvain(g, seed=SEED, starts=1):
    """igraph multilevel, seeded; best modularity of ``starts`` seeds seed, seed+1, ..."""
    best, bq = None, -2.0
    for k in range(starts):
        random.seed(seed + k)  # python-igraph draws from Python's `random`
        m = g.community_multilevel().membership
        q = g.modularity(m) if starts > 1 else 0.0
        if q > bq:
            best, bq = m, q
    return best


class ComboBackend:
    """Recommended mix: numpy degree + PageRank (nx-identical), igraph BC + Louvain."""

    name = "combo: numpy+igraph"
    starts = 1

    def run(self, n, u, v, seed=SEED):
        out = {}
        g, out["t_build"] = clock(lambda: ig.Graph(n=n, edges=np.column_stack([u, v]).tolist()))
        out["degree"], out["t_degree"] = clock(lambda: simple_degree(n, u, v))
        out["pagerank"], out["t_pagerank"] = clock(lambda: pagerank_nx_equivalent(n, u, v))
        out["betweenness"], out["t_betweenness"] = clock(
            lambda: np.asarray(g.betweenness(directed=False)) * bc_scale(n)
        )
        out["membership"], out["t_louvain"] = clock(lambda: igraph_louvain(g, seed, self.starts))
        return out


class Combo3Backend(ComboBackend):
    name = "combo, Louvain best of 3"
    starts = 3


# ---------------------------------------------- numba Brandes (a candidate)
try:
    import numba

    @numba.njit(cache=True, nogil=True)
    def _brandes_one(indptr, indices, s, sigma, dist, order, delta, bc):
        n = len(indptr) - 1
        for i in range(n):
            sigma[i] = 0.0
            dist[i] = -1
            delta[i] = 0.0
        sigma[s] = 1.0
        dist[s] = 0
        head, tail = 0, 1
        order[0] = s
        while head < tail:
            x = order[head]
            head += 1
            dx, sx = dist[x] + 1, sigma[x]
            for k in range(indptr[x], indptr[x + 1]):
                y = indices[k]
                if dist[y] < 0:
                    dist[y] = dx
                    order[tail] = y
                    tail += 1
                if dist[y] == dx:
                    sigma[y] += sx
        for h in range(tail - 1, 0, -1):
            y = order[h]
            coef = (1.0 + delta[y]) / sigma[y]
            dy = dist[y] - 1
            for k in range(indptr[y], indptr[y + 1]):
                x = indices[k]
                if dist[x] == dy:
                    delta[x] += sigma[x] * coef
            bc[y] += delta[y]

    @numba.njit(cache=True, parallel=True, nogil=True)
    def _brandes(indptr, indices, nchunks):
        n = len(indptr) - 1
        out = np.zeros((nchunks, n))
        for c in numba.prange(nchunks):
            sigma, delta = np.empty(n), np.empty(n)
            dist, order = np.empty(n, np.int64), np.empty(n, np.int64)
            for s in range(c, n, nchunks):
                _brandes_one(indptr, indices, s, sigma, dist, order, delta, out[c])
        return out.sum(axis=0)

    def numba_betweenness(n, u, v):
        A = sp.csr_array(
            (np.ones(2 * len(u)), (np.concatenate([u, v]), np.concatenate([v, u]))), shape=(n, n)
        )
        raw = _brandes(A.indptr.astype(np.int64), A.indices.astype(np.int64), 8)
        return raw * bc_scale(n) / 2  # both directions summed -> undirected, then nx normalisation
except ImportError:  # pragma: no cover
    numba = None


class NumbaBackend(ComboBackend):
    """numpy PageRank + own Brandes in numba (parallel over sources) + igraph Louvain."""

    name = "numba BC + igraph Louvain"

    def run(self, n, u, v, seed=SEED):
        out = super().run(n, u, v, seed)
        out["betweenness"], out["t_betweenness"] = clock(lambda: numba_betweenness(n, u, v))
        return out


# ------------------------------------------------- Louvain/Leiden variants
def louvain_variants(n, u, v, seed=SEED):
    """name -> (membership, seconds)."""
    out = {}
    if ig:
        g = ig.Graph(n=n, edges=np.column_stack([u, v]).tolist())

        def ml():
            random.seed(seed)
            return g.community_multilevel().membership

        def ml3():
            best, bq = None, -2.0
            for k in range(3):
                random.seed(seed + k)
                m = g.community_multilevel().membership
                q = g.modularity(m)
                if q > bq:
                    best, bq = m, q
            return best

        def leiden():
            random.seed(seed)
            return g.community_leiden(objective_function="modularity", n_iterations=-1).membership

        out["igraph multilevel"] = clock(ml)
        out["igraph multilevel best of 3"] = clock(ml3)
        out["igraph leiden (modularity)"] = clock(leiden)
    if nk:
        k = nk.GraphFromCoo((u, v), n=n, directed=False)
        for label, refine in (("networkit PLM", False), ("networkit PLM refine", True)):

            def plm(refine=refine):
                threads = nk.getMaxNumberOfThreads()
                nk.setNumberOfThreads(1)  # par="none"; idle OpenMP threads spin on a busy machine
                try:
                    nk.setSeed(seed, True)
                    a = nk.community.PLM(k, refine=refine, par="none")
                    a.run()
                    return a.getPartition().getVector()
                finally:
                    nk.setNumberOfThreads(threads)

            out[label] = clock(plm)
    return out


# ----------------------------------------- the combo over 2 forked processes
_WORKER_INDEX = None


def _combo_worker(args):
    d, starts = args
    nodes, u, v, _w = _WORKER_INDEX.ties(day(d))
    b = ComboBackend()
    b.starts = starts
    r = b.run(len(nodes), u, v)
    r.pop("t_build")
    return d, nodes, r


def combo_parallel(idx, dates, processes=2, starts=1):
    """Yearly series split over a fork pool; the index is inherited, not pickled."""
    global _WORKER_INDEX
    _WORKER_INDEX = idx
    t0 = time.perf_counter()
    with mp.get_context("fork").Pool(processes) as pool:
        t_pool = time.perf_counter() - t0
        order = sorted(dates, reverse=True)  # biggest (latest) snapshots first
        res = dict(
            (d, (nodes, r))
            for d, nodes, r in pool.imap_unordered(_combo_worker, [(d, starts) for d in order])
        )
    return res, time.perf_counter() - t0, t_pool


def louvain_table(refs, idx, years, results):
    """Louvain-type variants over the series, scored against networkx's Louvain
    (seed 42) and networkx's own seed-to-seed spread."""
    print(
        "  Louvain-type variants over the series (dQ = modularity minus networkx louvain seed=42):"
    )
    var_t, var_dq, nx_spread = {}, {}, 0.0
    for d in years:
        if d not in refs or refs[d][0].number_of_edges() == 0:
            continue
        G, m = refs[d]
        nodes, u, v, _w = idx.ties(day(d))
        ids_ = idx.ids[nodes].tolist()
        qs = [
            safe_modularity(G, nx.community.louvain_communities(G, weight=None, seed=k))
            for k in range(5)
        ]
        nx_spread = max(nx_spread, max(qs) - min(qs))
        for name, (memb, t) in louvain_variants(len(nodes), u, v).items():
            var_t[name] = var_t.get(name, 0.0) + t
            var_dq[name] = min(
                var_dq.get(name, 0.0), modularity_of(G, ids_, memb) - m["modularity"]
            )
    print(
        "    networkx louvain itself, seeds 0..4: max spread of Q within a snapshot "
        f"{nx_spread:.4f}"
    )
    for name in var_t:
        print(f"    {name:30s} total {var_t[name]:.3f} s   min dQ {var_dq[name]:+.4f}")
    results["louvain_variants"] = {
        "nx_seed_spread": nx_spread,
        **{k: {"t": var_t[k], "dQ_min": var_dq[k]} for k in var_t},
    }


def compare(G, node_ids, ref, res):
    """max |diff| vs the networkx reference, modularity difference."""

    def maxdiff(key):
        if res.get(key) is None:
            return float("nan")
        a = np.array([ref[key][i] for i in node_ids], dtype=float)
        return float(np.max(np.abs(a - np.asarray(res[key], dtype=float)))) if len(a) else 0.0

    out = {k: maxdiff(k) for k in ("degree", "pagerank", "betweenness")}
    if res.get("membership") is not None:
        out["modularity_diff"] = modularity_of(G, node_ids, res["membership"]) - ref["modularity"]
    else:
        out["modularity_diff"] = float("nan")
    return out


def _fmt_ms(x):
    return "     n/a" if x != x else f"{x * 1e3:8.2f}"


# -------------------------------------------------------------------- main
def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="M", choices=sorted(SCALES))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--mid", default="2010-01-01")
    ap.add_argument("--skip-naive-series", action="store_true")
    ap.add_argument(
        "--only",
        default=None,
        help="comma-separated substrings: run only the backends whose name matches",
    )
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the yearly series")
    ap.add_argument("--json", default=None, help="write results here")
    a = ap.parse_args(argv)

    n_g, n_r = SCALES[a.scale]
    (groups, relations, _), t_gen = clock(lambda: make_tables(n_g, n_r, seed=a.seed))
    print(f"# {a.scale}: {n_g} groups / {n_r} relations, seed {a.seed}; generated in {t_gen:.2f}s")
    print(
        f"# python {platform.python_version()}, networkx {nx.__version__}, "
        f"igraph {ig.__version__ if ig else '-'}, networkit {nk.__version__ if nk else '-'}, "
        f"rustworkx {rx.__version__ if rx else '-'}, numba {numba.__version__ if numba else '-'}, "
        f"cores {os.cpu_count()}, networkit threads {nk.getMaxNumberOfThreads() if nk else '-'}"
    )
    results = {
        "scale": a.scale,
        "seed": a.seed,
        "cores": os.cpu_count(),
        "load_start": os.getloadavg(),
    }
    print(
        f"# load average at start {os.getloadavg()[0]:.2f} (other processes share these cores; "
        "timings are minima over repeats)"
    )

    naive = Naive(groups, relations)  # dates parsed once, outside any timing: generous to naive
    idx, t_index_first = clock(lambda: Index(groups, relations))
    t_index = min(clock(lambda: Index(groups, relations))[1] for _ in range(3))
    _, t_attrs_first = clock(idx.build_attrs)
    t_attrs = min(clock(idx.build_attrs)[1] for _ in range(3))
    print(
        f"\n## setup (once per dataset): interval index {t_index * 1e3:.1f} ms (first build "
        f"{t_index_first * 1e3:.1f}); MultiDiGraph attribute dicts {t_attrs * 1e3:.1f} ms (first "
        f"{t_attrs_first * 1e3:.1f})"
    )
    results["t_index"], results["t_attrs"] = t_index, t_attrs
    mid = pd.Timestamp(a.mid)
    tm = day(a.mid)

    # ---------------------------------------------------- 1. one MultiDiGraph
    print(f"\n## 1. one snapshot as networkx.MultiDiGraph at {a.mid} (all types, all confidences)")
    Gn = naive.multidigraph(mid)
    for G in (idx.mdg_add_from(tm), idx.mdg_direct(tm)):
        assert set(G.nodes) == set(Gn.nodes)
        assert sorted(G.edges(keys=True)) == sorted(Gn.edges(keys=True))
        assert all(G.edges[e]["type"] == Gn.edges[e]["type"] for e in Gn.edges(keys=True))
        assert dict(G.nodes(data="name")) == dict(Gn.nodes(data="name"))
        assert dict(G.in_degree()) == dict(Gn.in_degree())
        assert dict(G.out_degree()) == dict(Gn.out_degree())
    # a directly filled graph behaves: mutate, copy, reverse, algorithms; no aliasing with the cache
    Gd = idx.mdg_direct(tm)
    e0 = next(iter(Gd.edges(keys=True)))
    Gd.edges[e0]["type"] = "changed"
    assert idx.mdg_direct(tm).edges[e0]["type"] != "changed"
    Gd.add_edge("x", "y", key="k")
    Gd.remove_node(e0[0])
    assert Gd.reverse().number_of_edges() == Gd.number_of_edges()
    if Gn.number_of_nodes() <= 500:  # VF2 gets slow on big graphs; edge sets are compared above
        assert nx.is_isomorphic(nx.DiGraph(idx.mdg_direct(tm)), nx.DiGraph(Gn))
    G_all = nx.MultiDiGraph()
    G_all.add_nodes_from((idx.id_list[i], idx.node_attr[i].copy()) for i in range(idx.n))
    G_all.add_edges_from((u, v, k, d.copy()) for u, v, k, d in idx.edges)
    assert sorted(idx.mdg_view(tm, G_all).edges(keys=True)) == sorted(Gn.edges(keys=True))
    print(
        f"nodes {Gn.number_of_nodes()}, edges {Gn.number_of_edges()}  (timings with the garbage "
        "collector on)"
    )
    rows = [
        ("naive: pandas filter + add_*_from", lambda: naive.multidigraph(mid), 5, 3),
        (
            "mask only (numpy: alive + active)",
            lambda: idx.active(tm, idx.alive(tm), False),
            20,
            100,
        ),
        ("mask + add_nodes_from/add_edges_from", lambda: idx.mdg_add_from(tm), 20, 20),
        ("mask + fill G._node/_succ/_pred", lambda: idx.mdg_direct(tm), 20, 20),
        ("mask + subgraph_view (read-only)", lambda: idx.mdg_view(tm, G_all), 20, 20),
    ]
    res1 = {"nodes": Gn.number_of_nodes(), "edges": Gn.number_of_edges()}
    for label, fn, rep, num in rows:
        best, med = timeit(fn, rep, num)
        res1[label] = {"min_ms": best * 1e3, "median_ms": med * 1e3}
        print(f"  {label:42s} min {best * 1e3:8.3f} ms  median {med * 1e3:8.3f} ms")
    for d in ("2000-01-01", "2020-01-01", "2025-01-01"):
        Gl = idx.mdg_direct(day(d))
        best, med = timeit(lambda d=d: idx.mdg_direct(day(d)), 10, 5)
        print(
            f"  direct fill at {d}: {Gl.number_of_nodes():5d} nodes "
            f"{Gl.number_of_edges():6d} edges "
            f"min {best * 1e3:.3f} ms median {med * 1e3:.3f} ms"
        )
        res1[f"direct {d}"] = {
            "nodes": Gl.number_of_nodes(),
            "edges": Gl.number_of_edges(),
            "min_ms": best * 1e3,
            "median_ms": med * 1e3,
        }
    results["multidigraph"] = res1

    # ------------------------------------------------ 2a. metrics, mid date
    backends = [
        b()
        for b, mod in (
            (ScipyBackend, True),
            (IgraphBackend, ig),
            (NetworkitBackend, nk),
            (RustworkxBackend, rx),
            (ComboBackend, ig),
            (Combo3Backend, ig),
            (NumbaBackend, ig and numba),
        )
        if mod
    ]
    if a.only:
        backends = [b for b in backends if any(x in b.name for x in a.only.split(","))]
    print(f"\n## 2a. metrics on the collapsed tie graph at {a.mid} (unweighted; warm second run)")
    Gt, t_naive_build = clock(lambda: naive.tie_graph(mid))
    ref = nx_metrics(Gt)
    nodes, u, v, w = idx.ties(tm)
    node_ids = idx.ids[nodes].tolist()
    assert Gt.number_of_nodes() == len(nodes) and Gt.number_of_edges() == len(u)
    print(
        f"nodes {len(nodes)}, ties {len(u)}; naive filter+build {t_naive_build * 1e3:.1f} ms; "
        f"fast ties {timeit(lambda: idx.ties(tm), 5, 20)[0] * 1e3:.3f} ms"
    )
    print(
        f"  {'backend':28s} {'build':>8s} {'degree':>8s} {'pagerank':>9s} {'betw.':>9s} "
        f"{'louvain':>9s}  "
        f"{'|dPR|':>8s} {'|dBC|':>8s} {'dQ':>7s}"
    )
    print(
        f"  {'networkx (ms)':28s} {t_naive_build * 1e3:8.2f} {_fmt_ms(ref['t_degree'])} "
        f"{_fmt_ms(ref['t_pagerank'])} {_fmt_ms(ref['t_betweenness'])} {_fmt_ms(ref['t_louvain'])}"
        f"  Q={ref['modularity']:.4f}"
    )
    res2 = {
        "networkx": {k: x for k, x in ref.items() if k.startswith("t_")}
        | {"modularity": ref["modularity"]}
    }
    for b in backends:
        b.run(len(nodes), u, v)
        r = b.run(len(nodes), u, v)  # second run: warm (numba compiled / loaded from cache)
        c = compare(Gt, node_ids, ref, r)
        res2[b.name] = {k: x for k, x in r.items() if k.startswith("t_")} | c
        print(
            f"  {b.name:28s} {_fmt_ms(r['t_build'])} {_fmt_ms(r['t_degree'])} "
            f"{_fmt_ms(r['t_pagerank'])} "
            f"{_fmt_ms(r['t_betweenness'])} {_fmt_ms(r['t_louvain'])}  {c['pagerank']:8.1e} "
            f"{c['betweenness']:8.1e} {c['modularity_diff']:+7.4f}"
        )
    prw = nx.pagerank(Gt, weight="weight")
    mine = pagerank_nx_equivalent(len(nodes), u, v, w)
    print(
        f"  weighted PageRank (weight = parallel relations), numpy vs nx: max |d| = "
        f"{max(abs(prw[i] - x) for i, x in zip(node_ids, mine, strict=False)):.1e}"
    )
    if ig:
        qw_nx = nx.community.modularity(
            Gt, nx.community.louvain_communities(Gt, seed=SEED), weight="weight"
        )
        gw = ig.Graph(n=len(nodes), edges=np.column_stack([u, v]).tolist())
        random.seed(SEED)
        memb = gw.community_multilevel(weights=w.astype(float).tolist()).membership
        comms = {}
        for node, c in zip(node_ids, memb, strict=False):
            comms.setdefault(c, set()).add(node)
        qw_ig = nx.community.modularity(Gt, list(comms.values()), weight="weight")
        print(f"  weighted Louvain: networkx Q={qw_nx:.4f}, igraph multilevel Q={qw_ig:.4f}")
    results["mid"] = res2

    # ------------------------------------------------ 2b. 36 yearly snapshots
    years = [f"{y}-01-01" for y in range(1990, 2026)]
    print(
        f"\n## 2b. {len(years)} yearly snapshots {years[0]}..{years[-1]}: degree, PageRank, "
        f"exact betweenness, Louvain"
    )
    series = {}
    refs = {}
    rounds = {}  # name -> list of (total, parts, worst)

    def naive_series():
        parts = {
            "build": 0.0,
            "t_degree": 0.0,
            "t_pagerank": 0.0,
            "t_betweenness": 0.0,
            "t_louvain": 0.0,
        }
        for d in years:
            G, tb = clock(lambda d=d: naive.tie_graph(pd.Timestamp(d)))
            m = nx_metrics(G)
            refs.setdefault(d, (G, m))
            parts["build"] += tb
            for k in ("t_degree", "t_pagerank", "t_betweenness", "t_louvain"):
                parts[k] += m[k]
        return sum(parts.values()), parts, {}

    def check(d, nodes, r, worst):
        if d not in refs:
            return
        G, m = refs[d]
        c = compare(G, idx.ids[nodes].tolist(), m, r)
        for k in ("pagerank", "betweenness", "degree"):
            if c[k] == c[k]:
                worst[k] = max(worst[k], c[k])
        if c["modularity_diff"] == c["modularity_diff"]:
            worst["dQ_min"] = min(worst["dQ_min"], c["modularity_diff"])

    def fast_series(b):
        worst = {"pagerank": 0.0, "betweenness": 0.0, "degree": 0.0, "dQ_min": 0.0}
        parts = {
            "ties+build": 0.0,
            "t_degree": 0.0,
            "t_pagerank": 0.0,
            "t_betweenness": 0.0,
            "t_louvain": 0.0,
        }
        for d in years:
            (nodes, u, v, _w), tt = clock(lambda d=d: idx.ties(day(d)))
            r = b.run(len(nodes), u, v)
            parts["ties+build"] += tt + r["t_build"]
            for k in ("t_degree", "t_pagerank", "t_betweenness", "t_louvain"):
                parts[k] += 0.0 if r[k] != r[k] else r[k]
            check(d, nodes, r, worst)
        return sum(parts.values()) + t_index, parts, worst

    def parallel_series(starts):
        worst = {"pagerank": 0.0, "betweenness": 0.0, "degree": 0.0, "dQ_min": 0.0}
        res, wall, t_pool = combo_parallel(idx, years, starts=starts)
        for d, (nodes, r) in res.items():
            check(d, nodes, r, worst)
        return wall + t_index, {"pool start": t_pool}, worst

    jobs = [] if a.skip_naive_series else [("naive networkx", naive_series)]
    jobs += [(b.name, lambda b=b: fast_series(b)) for b in backends]
    if ig and (not a.only or "parallel" in a.only):
        combo_parallel(idx, years[:2])  # warm the code path once
        jobs += [
            ("combo, 2 processes", lambda: parallel_series(1)),
            ("combo best-of-3, 2 processes", lambda: parallel_series(3)),
        ]
    for _rnd in range(a.rounds):  # interleaved rounds; the minimum total of each is kept
        for name, fn in jobs:
            rounds.setdefault(name, []).append(fn())
    t_naive = (
        min(x[0] for x in rounds["naive networkx"]) if "naive networkx" in rounds else float("nan")
    )
    print(
        f"  {a.rounds} interleaved rounds, minimum total of each shown; fast totals include the "
        f"interval index ({t_index * 1e3:.1f} ms, built once)"
    )
    for name, runs in rounds.items():
        total, parts, worst = min(runs, key=lambda x: x[0])
        spread = f"{min(x[0] for x in runs):.3f}..{max(x[0] for x in runs):.3f}"
        partial = name in ("numpy", "rustworkx")
        line = f"  {name:30s} total {total:7.3f} s (rounds {spread})"
        if name != "naive networkx":
            line += (
                f"  ratio {t_naive / total:5.1f}x{' PARTIAL' if partial else ''}  worst |dPR| "
                f"{worst['pagerank']:.0e} |dBC| {worst['betweenness']:.0e} "
                f"min dQ {worst['dQ_min']:+.4f}"
            )
        print(
            line
            + "  ["
            + ", ".join(f"{k.removeprefix('t_')} {x:.3f}" for k, x in parts.items())
            + "]"
        )
        series[name] = {
            "total_s": total,
            "rounds_s": [x[0] for x in runs],
            "ratio": t_naive / total,
            "complete": not partial,
            **worst,
            **parts,
        }
    # Louvain variants over the series, scored like networkx's own seed-to-seed spread
    if refs:
        louvain_table(refs, idx, years, results)
    results["yearly"] = series

    # ------------------------------------------------ 3. 432 monthly degrees
    months = [f"{y}-{m:02d}-01" for y in range(1990, 2026) for m in range(1, 13)]
    print(f"\n## 3. {len(months)} monthly degree snapshots (distinct tie partners)")

    def naive_monthly():
        return {d: dict(naive.tie_graph(pd.Timestamp(d)).degree()) for d in months}

    def fast_monthly():
        out = {}
        for d in months:
            nodes, u, v, _w = idx.ties(day(d))
            out[d] = (nodes, simple_degree(len(nodes), u, v))
        return out

    mdays = np.array([day(d) for d in months])
    fm, _ = clock(fast_monthly)
    t_fast = timeit(fast_monthly, 3, 1)[0]
    (sw_deg, sw_alive), _ = clock(lambda: degree_sweep(idx, mdays))
    t_sweep = timeit(lambda: degree_sweep(idx, mdays), 5, 1)[0]
    for j, d in enumerate(months):  # sweep == per-date masks
        nodes, deg = fm[d]
        assert (np.flatnonzero(sw_alive[:, j]) == nodes).all() and (sw_deg[nodes, j] == deg).all()
    if not a.skip_naive_series:
        nm, t_nv = clock(naive_monthly)
        for _ in range(a.rounds - 1):  # interleaved with the fast paths, minimum kept
            t_nv = min(t_nv, clock(naive_monthly)[1])
            t_fast = min(t_fast, clock(fast_monthly)[1])
            t_sweep = min(t_sweep, clock(lambda: degree_sweep(idx, mdays))[1])
        bad = 0
        for d in months:
            nodes, deg = fm[d]
            ref_d = nm[d]
            bad += sum(
                ref_d[idx.ids[i]] != x for i, x in zip(nodes.tolist(), deg.tolist(), strict=False)
            )
            bad += len(ref_d) != len(nodes)
        print(f"  naive {t_nv:.2f} s (minimum of {a.rounds}); mismatches vs naive {bad}")
        print(
            f"  per-date numpy masks   {t_fast * 1e3:6.1f} ms + index {t_index * 1e3:.1f} ms "
            "-> ratio "
            f"{t_nv / (t_fast + t_index):.0f}x (index included), {t_nv / t_fast:.0f}x (excluded)"
        )
        print(
            f"  interval sweep (all dates at once) {t_sweep * 1e3:6.1f} ms + index -> ratio "
            f"{t_nv / (t_sweep + t_index):.0f}x (index included), {t_nv / t_sweep:.0f}x (excluded)"
        )
        results["monthly"] = {
            "naive_s": t_nv,
            "masks_s": t_fast,
            "sweep_s": t_sweep,
            "index_s": t_index,
            "mismatches": int(bad),
            "ratio_masks": t_nv / (t_fast + t_index),
            "ratio_sweep": t_nv / (t_sweep + t_index),
        }
    else:
        print(f"  per-date masks {t_fast * 1e3:.1f} ms; sweep {t_sweep * 1e3:.1f} ms")
    print(f"\n# load average at end {os.getloadavg()[0]:.2f}")
    results["load_end"] = os.getloadavg()
    if a.json:
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps(results, indent=1, default=float))
    return 0


if __name__ == "__main__":
    sys.exit(main())
