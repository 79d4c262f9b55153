"""militnet: temporal affiliation networks of militant groups.

Groups, and the dated, typed, sourced relations between them (alliance,
pledge, split, merger, rivalry); snapshots on any day, measures over time,
interactive HTML and report figures.

Examples
--------
>>> import militnet
>>> net = militnet.load_dataset("afpak")
>>> net.resolve("Pakistani Taliban")
'ttp'
"""

from typing import TYPE_CHECKING

from militnet._datasets import list_datasets
from militnet._dates import DATE_POLICIES, PartialDate
from militnet._errors import (
    AmbiguousNameError,
    DatasetNotFoundError,
    DateError,
    MilitnetError,
    MissingDependencyError,
    RecordError,
    SaveError,
    UnknownGroupError,
    UnknownIdError,
    ValidationError,
)
from militnet._mmp import read_mmp
from militnet._model import CONFIDENCE_LEVELS, RELATION_TYPES, Group, Relation, RelationType, Source
from militnet._network import Network, load, load_dataset
from militnet._policy import TiePolicy
from militnet._problems import Problem, ValidationReport
from militnet._validate import validate

if TYPE_CHECKING:  # the real types of the lazily loaded names below (see _LAZY)
    from militnet import plot as plot
    from militnet._backend import get_backend, set_backend
    from militnet._balance import BalanceResult, balance
    from militnet._brokerage import brokerage
    from militnet._centrality import centrality
    from militnet._combine import CombineReport, combine
    from militnet._communities import communities, community_evolution
    from militnet._diff import DatasetDiff, DateDiff, diff
    from militnet._explain import explain
    from militnet._export import to_csv, to_gexf, to_graphml, to_json
    from militnet._extract import accept_candidates, extract
    from militnet._html import HtmlView
    from militnet._lineage import Lineage, history, lineage
    from militnet._report import report
    from militnet._sensitivity import SensitivityResult, sensitivity

__version__ = "0.1.0"

__all__ = [
    "CONFIDENCE_LEVELS",
    "DATE_POLICIES",
    "RELATION_TYPES",
    "AmbiguousNameError",
    "BalanceResult",
    "CombineReport",
    "DatasetDiff",
    "DatasetNotFoundError",
    "DateDiff",
    "DateError",
    "Group",
    "HtmlView",
    "Lineage",
    "MilitnetError",
    "MissingDependencyError",
    "Network",
    "PartialDate",
    "Problem",
    "RecordError",
    "Relation",
    "RelationType",
    "SaveError",
    "SensitivityResult",
    "Source",
    "TiePolicy",
    "UnknownGroupError",
    "UnknownIdError",
    "ValidationError",
    "ValidationReport",
    "__version__",
    "accept_candidates",
    "balance",
    "brokerage",
    "centrality",
    "combine",
    "communities",
    "community_evolution",
    "diff",
    "explain",
    "extract",
    "get_backend",
    "history",
    "lineage",
    "list_datasets",
    "load",
    "load_dataset",
    "read_mmp",
    "report",
    "sensitivity",
    "set_backend",
    "to_csv",
    "to_gexf",
    "to_graphml",
    "to_json",
    "validate",
]

# Heavier parts of the API load on first use, so `import militnet` stays light.
# name -> module under militnet that defines it.
_LAZY: dict[str, str] = {
    "HtmlView": "militnet._html",
    "BalanceResult": "militnet._balance",
    "balance": "militnet._balance",
    "brokerage": "militnet._brokerage",
    "centrality": "militnet._centrality",
    "communities": "militnet._communities",
    "community_evolution": "militnet._communities",
    "explain": "militnet._explain",
    "extract": "militnet._extract",
    "accept_candidates": "militnet._extract",
    "get_backend": "militnet._backend",
    "set_backend": "militnet._backend",
    "plot": "militnet.plot",
    "report": "militnet._report",
    "SensitivityResult": "militnet._sensitivity",
    "sensitivity": "militnet._sensitivity",
    "to_csv": "militnet._export",
    "to_gexf": "militnet._export",
    "combine": "militnet._combine",
    "CombineReport": "militnet._combine",
    "diff": "militnet._diff",
    "DateDiff": "militnet._diff",
    "DatasetDiff": "militnet._diff",
    "history": "militnet._lineage",
    "lineage": "militnet._lineage",
    "Lineage": "militnet._lineage",
    "to_graphml": "militnet._export",
    "to_json": "militnet._export",
}


def __getattr__(name: str) -> object:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'militnet' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(mod)
    value = module if mod == f"militnet.{name}" else getattr(module, name)  # a subpackage
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


def _present_as_militnet(obj: object, name: str) -> None:
    """Show a public class or function as ``militnet.X`` (as httpx does), keeping
    its doctests.

    doctest skips objects whose ``__module__`` is not the module it scans, so
    the object is listed in its home module's ``__test__`` to stay tested.
    """
    import inspect
    import sys

    home = getattr(obj, "__module__", "") or ""
    if not home.startswith("militnet.") or not (inspect.isclass(obj) or
                                                 inspect.isfunction(obj)):
        return
    sys.modules[home].__dict__.setdefault("__test__", {})[name] = obj
    obj.__module__ = "militnet"


for _name in __all__:
    if _name not in _LAZY:
        _present_as_militnet(globals()[_name], _name)
del _name
