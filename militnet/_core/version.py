"""The version of militnet (one place; ``militnet.__version__`` re-exports it)."""

__version__ = "0.2.0.dev0"
