"""Build hook: compile militnet's C kernels (``militnet/_engine/_ckernels.c``).

An *optional* extension, as MarkupSafe's speedups: where a C compiler and
Python's headers are present, the wheel carries the compiled module and is
tagged for this platform; where they are not, the build says so and makes a
pure-Python wheel, whose kernels run in numba (the same numbers, bit for
bit; only a fresh process's first call is slower). ``MILITNET_NO_EXTENSION=1``
skips the extension on purpose (to test the fallback).

The flags keep IEEE double arithmetic operation for operation: no
fast-math, no fused multiply-adds (``-ffp-contract=off``), so the kernels
give numba's and networkx's bits.

An editable install (``pip install -e .``) puts the compiled module next to
its source in the checkout (ignored by git), where the editable import finds it.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULE = "militnet._engine._ckernels"
SOURCE = "militnet/_engine/_ckernels.c"


def _compile(root: Path, build_dir: Path) -> Path:
    """Compile the extension with setuptools' compiler set-up (the compiler
    and flags Python was built with); the path of the built module."""
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    if sysconfig.get_platform().startswith("win"):
        flags = ["/O2", "/fp:precise"]
    else:
        flags = ["-O2", "-fno-fast-math", "-ffp-contract=off"]
    ext = Extension(MODULE, sources=[SOURCE], extra_compile_args=flags)
    dist = Distribution({"name": "militnet-ckernels", "ext_modules": [ext]})
    cmd = build_ext(dist)
    cmd.build_lib = str(build_dir / "lib")
    cmd.build_temp = str(build_dir / "temp")
    cmd.ensure_finalized()
    here = os.getcwd()
    os.chdir(root)  # the source path is relative to the project
    try:
        cmd.run()
    finally:
        os.chdir(here)
    return Path(cmd.get_ext_fullpath(MODULE))  # in build_lib, an absolute path


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg,unused-ignore]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        if os.environ.get("MILITNET_NO_EXTENSION", "").strip() not in ("", "0"):
            self.app.display_info(
                "militnet: MILITNET_NO_EXTENSION set, the C kernels are not built"
            )
            return
        root = Path(self.root)
        build_dir = Path(tempfile.mkdtemp(prefix="militnet-ext-"))
        try:
            built = _compile(root, build_dir)
        except Exception as exc:  # no compiler, no headers: the numba kernels run
            self.app.display_warning(
                f"militnet: the C kernels were not built ({type(exc).__name__}: {exc}); "
                "the numba build of the same kernels will run instead"
            )
            shutil.rmtree(build_dir, ignore_errors=True)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version == "editable":
            target = root / "militnet" / "_engine" / built.name
            shutil.copyfile(built, target)
            shutil.rmtree(build_dir, ignore_errors=True)
        else:
            build_data["force_include"][str(built)] = f"militnet/_engine/{built.name}"
            self._build_dir = build_dir

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        build_dir = getattr(self, "_build_dir", None)
        if build_dir is not None:
            shutil.rmtree(build_dir, ignore_errors=True)


if __name__ == "__main__":  # pragma: no cover - a manual check
    print(_compile(Path(__file__).parent, Path(tempfile.mkdtemp())), file=sys.stderr)
