"""The ``militnet`` command line.

Each subcommand lives in its own module under :mod:`militnet.cli` with a
``register(subparsers)`` function; add the module's name to
:data:`COMMAND_MODULES` to expose it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from militnet._core.errors import MilitnetError

__all__ = ["main"]

#: Modules under ``militnet.cli`` that register subcommands, in help order.
COMMAND_MODULES: tuple[str, ...] = (
    "_core",
    "_export",
    "_analysis",
    "_temporal",
    "_sensitivity",
    "_render",
    "_report",
    "_extract",
    "_events",
    "_groups",
    "_diff",
    "_combine",
    "_crosswalk",
)


def build_parser() -> argparse.ArgumentParser:
    from militnet._core.version import __version__

    parser = argparse.ArgumentParser(
        prog="militnet",
        description="Temporal affiliation networks of militant groups. DATA is a dataset "
        "folder or the name of a bundled dataset (e.g. 'afpak').",
    )
    parser.add_argument("--version", action="version", version=f"militnet {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for mod in COMMAND_MODULES:
        importlib.import_module(f"militnet.cli.{mod}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 problems found,
    2 usage error)."""
    from militnet._core.escape import terminal_safe
    from militnet.cli._common import check_output

    for stream in (sys.stdout, sys.stderr):  # text from data may not fit the console encoding
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        check_output(args)  # every output against every input, for every command
        return int(args.func(args) or 0)
    except MilitnetError as exc:
        print(terminal_safe(f"militnet: error: {exc}"), file=sys.stderr)
        return 1
    except BrokenPipeError:  # pragma: no cover - e.g. `militnet ... | head`
        return 0
    except OSError as exc:  # e.g. an output file in a folder that does not exist
        where = f": {exc.filename}" if exc.filename else ""
        print(terminal_safe(f"militnet: error: {exc.strerror or exc}{where}"), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
