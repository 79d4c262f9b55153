import subprocess
import sys

import pytest

HEAVY = ("matplotlib", "pyvis", "networkx", "pandas", "scipy", "jinja2")


def test_import_militnet_is_light():
    code = (
        "import sys, militnet\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"import militnet imported {out}"


@pytest.mark.slow
def test_loading_a_dataset_does_not_import_plotting():
    code = (
        "import sys, militnet\n"
        "militnet.load_dataset('afpak').at('2016-01-01')\n"
        "print(','.join(m for m in ('matplotlib', 'pyvis') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
