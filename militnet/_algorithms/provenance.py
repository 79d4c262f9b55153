"""Provenance: what produced a result, recorded in ``DataFrame.attrs["provenance"]``.

A number cited in a report ("betweenness of the TTP on 2016-01-01") must be
reproducible: the provenance says which data (name, version, content hash),
which dates, which tie policy, what the ties rest on (``attestation``: ties
that lapsed, and warnings about ties unattested for more than five years or
not dated at all), which parameters and seed, and which library
versions produced it, and which graph library ran betweenness and Louvain
(``backend``, see :func:`militnet.set_backend`). It holds plain data only
(str, int, float, bool, None, lists and dicts), so it can be written as JSON
next to the result; it holds no clock time, so equal inputs give equal
provenance.
"""

from __future__ import annotations

import json
import platform
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from militnet._classes.network import Network
    from militnet._core.policy import TiePolicy

__all__ = ["library_versions", "provenance", "provenance_json"]


def _networkx_version() -> str:
    """networkx's version, without importing it (0.1 s) when nothing did."""
    module = sys.modules.get("networkx")
    if module is not None:
        return str(module.__version__)
    from importlib.metadata import version

    return version("networkx")


def library_versions() -> dict[str, str]:
    """Versions of militnet, networkx, pandas, numpy and Python."""
    import numpy
    import pandas

    from militnet._core.version import __version__

    return {
        "militnet": __version__,
        "networkx": _networkx_version(),
        "pandas": pandas.__version__,
        "numpy": numpy.__version__,
        "python": platform.python_version(),
    }


def provenance(
    net: Network,
    *,
    function: str,
    dates: Iterable[Any],
    policy: TiePolicy | Mapping[str, Any] | None,
    parameters: Mapping[str, Any] | None = None,
    seed: int | None = None,
) -> dict[str, Any]:
    """The provenance record of one result.

    Parameters
    ----------
    net : Network
        The data the result was computed from.
    function : str
        Public name of the function (``"militnet.centrality"``).
    dates : iterable
        Snapshot days (``datetime.date`` or ISO strings).
    policy : TiePolicy, dict or None
        The tie policy used (``None`` if the result does not depend on one).
    parameters : mapping, optional
        Further parameters (measures, ``k``, method...).
    seed : int or None
        The random seed, if the result depends on one.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network
    >>> from militnet._algorithms.provenance import provenance
    >>> net = Network(groups=[Group("a", "A")], metadata={"name": "tiny", "version": "1"})
    >>> p = provenance(net, function="militnet.centrality", dates=["2020-01-01"],
    ...                policy=militnet.TiePolicy(), parameters={"k": None}, seed=0)
    >>> p["dataset"]["name"], p["dates"], p["policy"]["types"], p["seed"]
    ('tiny', ['2020-01-01'], ['alliance', 'pledge'], 0)
    >>> p["attestation"]["stale_after"], p["attestation"]["warnings"]
    ('5y', [])
    >>> sorted(p["versions"])
    ['militnet', 'networkx', 'numpy', 'pandas', 'python']
    >>> p["backend"]["louvain"] in ("compiled", "networkx", "igraph")
    True
    """
    from militnet._engine.attestation import attestation_summary
    from militnet._engine.backend import backend_info

    days = [d if isinstance(d, str) else d.isoformat() for d in dates]
    if policy is None:
        pol: dict[str, Any] | None = None
    elif hasattr(policy, "to_dict"):
        pol = policy.to_dict()
    else:
        pol = dict(policy)
    return {
        "function": function,
        "dataset": {
            "name": net.name,
            "version": net.version,
            "content_hash": f"sha256:{net.content_hash}",
        },
        "dates": days,
        "policy": pol,
        "attestation": attestation_summary(net, days, policy),
        "lifetimes": {
            # groups without a founding date, bounded by their dated evidence
            # (docs/concepts.md, "Groups without dates")
            "inferred": net.time_index.inferred_lifetimes(),
            "groups": len(net.groups),
        },
        "parameters": _plain(dict(parameters or {})),
        "seed": seed,
        "versions": library_versions(),
        "backend": backend_info(),
    }


def _plain(value: Any) -> Any:
    """Tuples → lists, numpy scalars → Python, recursively (JSON-ready)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def provenance_json(prov: Mapping[str, Any]) -> str:
    """A provenance record as stable, indented JSON (sorted keys)."""
    return json.dumps(prov, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
