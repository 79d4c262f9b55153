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

from typing import TYPE_CHECKING, Any

from militnet._classes.network import Network, load, load_dataset
from militnet._core.dates import DATE_POLICIES, PartialDate
from militnet._core.errors import (
    AmbiguousNameError,
    ArgumentError,
    DatasetNotFoundError,
    DateError,
    MilitnetError,
    MissingDependencyError,
    SaveError,
    UnknownGroupError,
    UnknownIdError,
    ValidationError,
)
from militnet._core.model import (
    CONFIDENCE_LEVELS,
    RELATION_TYPES,
    Group,
    Relation,
    RelationType,
    Source,
)
from militnet._core.policy import TiePolicy
from militnet._core.problems import Problem, ValidationReport
from militnet._core.version import __version__
from militnet._dataset.registry import list_datasets
from militnet._dataset.validate import validate
from militnet._readwrite.mmp import read_mmp

if TYPE_CHECKING:  # the real types of the lazily loaded names below (see _LAZY)
    from militnet import plot as plot
    from militnet._algorithms.balance import BalanceResult, balance
    from militnet._algorithms.brokerage import brokerage
    from militnet._algorithms.centrality import centrality
    from militnet._algorithms.citations import cite_events, event_citations
    from militnet._algorithms.combine import CombineReport, combine
    from militnet._algorithms.communities import communities, community_evolution
    from militnet._algorithms.crosswalk import crosswalk
    from militnet._algorithms.diff import DatasetDiff, DateDiff, diff, diff_datasets, diff_dates
    from militnet._algorithms.ends import suggest_ends
    from militnet._algorithms.events import activity, candidates_from_events, events
    from militnet._algorithms.explain import explain
    from militnet._algorithms.lifecycle import community_lifecycle
    from militnet._algorithms.lineage import Lineage, history, lineage
    from militnet._algorithms.reliance import alleged_reliance
    from militnet._algorithms.sensitivity import SensitivityResult, sensitivity
    from militnet._algorithms.temporal import (
        journey,
        reachability,
        temporal_betweenness,
        temporal_closeness,
        temporal_paths,
    )
    from militnet._algorithms.tracks import community_tracks
    from militnet._core.errors import RecordError as RecordError  # deprecated alias
    from militnet._engine.backend import get_backend, set_backend
    from militnet._readwrite.acled import read_acled
    from militnet._readwrite.export import to_csv, to_gexf, to_graphml, to_json
    from militnet._readwrite.gtd import read_gtd
    from militnet._readwrite.ucdp import read_ucdp_ged
    from militnet._text.extract import accept_candidates, accept_events, extract
    from militnet._views.html import HtmlView
    from militnet._views.report import report


__all__ = [
    "CONFIDENCE_LEVELS",
    "DATE_POLICIES",
    "RELATION_TYPES",
    "AmbiguousNameError",
    "ArgumentError",
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
    "accept_events",
    "activity",
    "alleged_reliance",
    "balance",
    "brokerage",
    "candidates_from_events",
    "centrality",
    "cite_events",
    "combine",
    "communities",
    "community_evolution",
    "community_lifecycle",
    "community_tracks",
    "crosswalk",
    "diff",
    "diff_datasets",
    "diff_dates",
    "event_citations",
    "events",
    "explain",
    "extract",
    "get_backend",
    "history",
    "journey",
    "lineage",
    "list_datasets",
    "load",
    "load_dataset",
    "reachability",
    "read_acled",
    "read_gtd",
    "read_mmp",
    "read_ucdp_ged",
    "report",
    "sensitivity",
    "set_backend",
    "suggest_ends",
    "temporal_betweenness",
    "temporal_closeness",
    "temporal_paths",
    "to_csv",
    "to_gexf",
    "to_graphml",
    "to_json",
    "validate",
]

# Heavier parts of the API load on first use, so `import militnet` stays light.
# name -> module under militnet that defines it.
_LAZY: dict[str, str] = {
    "cite_events": "militnet._algorithms.citations",
    "event_citations": "militnet._algorithms.citations",
    "HtmlView": "militnet._views.html",
    "BalanceResult": "militnet._algorithms.balance",
    "balance": "militnet._algorithms.balance",
    "brokerage": "militnet._algorithms.brokerage",
    "centrality": "militnet._algorithms.centrality",
    "alleged_reliance": "militnet._algorithms.reliance",
    "communities": "militnet._algorithms.communities",
    "community_evolution": "militnet._algorithms.communities",
    "community_lifecycle": "militnet._algorithms.lifecycle",
    "temporal_paths": "militnet._algorithms.temporal",
    "journey": "militnet._algorithms.temporal",
    "reachability": "militnet._algorithms.temporal",
    "temporal_betweenness": "militnet._algorithms.temporal",
    "temporal_closeness": "militnet._algorithms.temporal",
    "community_tracks": "militnet._algorithms.tracks",
    "explain": "militnet._algorithms.explain",
    "events": "militnet._algorithms.events",
    "activity": "militnet._algorithms.events",
    "candidates_from_events": "militnet._algorithms.events",
    "suggest_ends": "militnet._algorithms.ends",
    "extract": "militnet._text.extract",
    "accept_candidates": "militnet._text.extract",
    "accept_events": "militnet._text.extract",
    "get_backend": "militnet._engine.backend",
    "set_backend": "militnet._engine.backend",
    "plot": "militnet.plot",
    "report": "militnet._views.report",
    "SensitivityResult": "militnet._algorithms.sensitivity",
    "sensitivity": "militnet._algorithms.sensitivity",
    "to_csv": "militnet._readwrite.export",
    "to_gexf": "militnet._readwrite.export",
    "combine": "militnet._algorithms.combine",
    "CombineReport": "militnet._algorithms.combine",
    "crosswalk": "militnet._algorithms.crosswalk",
    "diff": "militnet._algorithms.diff",
    "diff_dates": "militnet._algorithms.diff",
    "diff_datasets": "militnet._algorithms.diff",
    "DateDiff": "militnet._algorithms.diff",
    "DatasetDiff": "militnet._algorithms.diff",
    "history": "militnet._algorithms.lineage",
    "lineage": "militnet._algorithms.lineage",
    "Lineage": "militnet._algorithms.lineage",
    "to_graphml": "militnet._readwrite.export",
    "to_json": "militnet._readwrite.export",
    "read_gtd": "militnet._readwrite.gtd",
    "read_ucdp_ged": "militnet._readwrite.ucdp",
    "read_acled": "militnet._readwrite.acled",
}


#: Deprecated names: name -> (replacement, the object). Accessing one warns.
_DEPRECATED: dict[str, tuple[str, object]] = {
    "RecordError": ("militnet.ArgumentError", ArgumentError),
}


def __getattr__(name: str) -> object:
    if name in _DEPRECATED:
        import warnings

        replacement, value = _DEPRECATED[name]
        warnings.warn(
            f"militnet.{name} is deprecated since militnet 0.2 and will be removed in 0.3; "
            f"use {replacement} (the same class)",
            DeprecationWarning,
            stacklevel=2,
        )
        return value
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'militnet' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(mod)
    value = module if mod == f"militnet.{name}" else getattr(module, name)  # a subpackage
    value = _checked(value)
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
    if not home.startswith("militnet.") or not (inspect.isclass(obj) or inspect.isfunction(obj)):
        return
    sys.modules[home].__dict__.setdefault("__test__", {})[name] = obj
    obj.__module__ = "militnet"


def _checked(obj: Any) -> Any:
    """A public function with its argument types checked at the call
    (:func:`militnet._core.arguments.checked`): a wrong type raises
    ``ArgumentError`` naming the argument, not a raw error deep inside."""
    import inspect

    from militnet._core.arguments import checked

    return checked(obj) if inspect.isfunction(obj) else obj


for _name in __all__:
    if _name not in _LAZY:
        _present_as_militnet(globals()[_name], _name)
        globals()[_name] = _checked(globals()[_name])
del _name
