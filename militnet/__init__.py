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

from militnet._datasets import list_datasets
from militnet._dates import DATE_POLICIES, PartialDate
from militnet._errors import (
    AmbiguousNameError,
    DatasetNotFoundError,
    DateError,
    MilitnetError,
    MissingDependencyError,
    UnknownGroupError,
    UnknownIdError,
    ValidationError,
)
from militnet._model import (
    CONFIDENCE_LEVELS,
    RELATION_TYPES,
    Group,
    RecordError,
    Relation,
    RelationType,
    Source,
)
from militnet._network import Network, load, load_dataset
from militnet._policy import TiePolicy
from militnet._report import Problem, ValidationReport
from militnet._validate import validate

__version__ = "0.1.0"

__all__ = [
    "CONFIDENCE_LEVELS",
    "DATE_POLICIES",
    "RELATION_TYPES",
    "AmbiguousNameError",
    "DatasetNotFoundError",
    "DateError",
    "Group",
    "MilitnetError",
    "MissingDependencyError",
    "Network",
    "PartialDate",
    "Problem",
    "RecordError",
    "Relation",
    "RelationType",
    "Source",
    "TiePolicy",
    "UnknownGroupError",
    "UnknownIdError",
    "ValidationError",
    "ValidationReport",
    "__version__",
    "list_datasets",
    "load",
    "load_dataset",
    "validate",
]

# Present the public API as militnet.X, as httpx does.
for _name in __all__:
    _obj = globals()[_name]
    if getattr(_obj, "__module__", "").startswith("militnet."):
        _obj.__module__ = "militnet"
del _name, _obj
