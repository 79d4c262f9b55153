"""The names of the node measures: defined once, on the floor that computes them
(:mod:`militnet._engine.backend`), light enough for :class:`~militnet.Network`
to name them in its signatures."""

__all__ = ["DEFAULT_MEASURES", "MEASURES"]

#: Node measures :func:`militnet.centrality` and :meth:`militnet.Network.series` compute
#: (defined here, once, so that the light modules can name them without loading the
#: measures).
MEASURES: tuple[str, ...] = (
    "degree",
    "in_degree",
    "out_degree",
    "betweenness",
    "eigenvector",
    "pagerank",
    "community",
)

#: The measures computed when none are named (centrality, series, report, the CLI).
DEFAULT_MEASURES: tuple[str, ...] = ("degree", "betweenness", "eigenvector", "pagerank")
