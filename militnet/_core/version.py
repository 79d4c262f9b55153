"""The version of militnet (one place; ``militnet.__version__`` re-exports it)."""

__version__ = "0.1.0"
