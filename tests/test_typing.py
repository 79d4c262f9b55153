"""A user's type checker sees militnet's real types (py.typed, lazy names included)."""

from __future__ import annotations

from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parent.parent

USER_CODE = """
import militnet
from militnet import Group, Relation, Source

net = militnet.Network(
    groups=[Group("ttp", "Tehrik-i-Taliban Pakistan", aliases="TTP;Pakistani Taliban",
                  founded="2007-12", sources="s")],
    relations=[Relation("r1", "ttp", "ttp2", "alliance", start="2010", sources=["s"])],
    sources=[Source("s", title="Report", date="2016-11")])
reveal_type(militnet.centrality)
reveal_type(militnet.centrality(net, "2016-01-01", measures="degree"))
reveal_type(militnet.balance(net, "2016-01-01").share)
reveal_type(militnet.plot.series)
reveal_type(Group("a", "A").aliases)
"""


@pytest.mark.slow
def test_lazy_public_names_have_their_real_types(tmp_path):
    script = tmp_path / "user.py"
    script.write_text(USER_CODE, encoding="utf-8")
    out, err, _ = api.run(
        [
            str(script),
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-error-summary",
        ]
    )
    notes = [line for line in out.splitlines() if "user.py" in line]
    errors = [line for line in notes if ": error:" in line]
    assert not errors, errors
    revealed = [line.split("Revealed type is ", 1)[1] for line in notes if "Revealed" in line]
    assert len(revealed) == 5, out + err
    assert revealed[0].startswith('"def (net: militnet._classes.network.Network, at: Any, *')
    assert revealed[1] == '"pandas.core.frame.DataFrame"'
    assert revealed[2] in ('"float"', '"builtins.float"')
    assert revealed[3].startswith('"def (') and "matplotlib" in revealed[3]
    assert revealed[4].replace("builtins.", "") == '"tuple[str, ...]"'
