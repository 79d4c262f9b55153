"""Shared fixtures: the tiny hand-made network (in memory and on disk), the
synthetic network, an MMP-schema folder. The networks themselves are built in
``networks.py`` (import helpers from there, not from this file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from networks import synthetic_network, tiny_network

import militnet

HERE = Path(__file__).parent


@pytest.fixture
def tiny() -> militnet.Network:
    return tiny_network()


@pytest.fixture(scope="session")
def synth() -> militnet.Network:
    """The synthetic network (benchmarks/synth.py): every date precision, undated
    relations, all types; read-only, shared by the whole session."""
    return synthetic_network()


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    return tiny_network().save(tmp_path / "tiny")


@pytest.fixture
def mmp_dir(tmp_path: Path) -> Path:
    dst = tmp_path / "mmp"
    shutil.copytree(HERE / "data" / "mmp", dst)
    return dst


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI (``MILITNET_REQUIRE_ALL=1``), a skipped test is a failure: the
    browser, notebook and docs tests must run there, not quietly skip."""
    import os

    if os.environ.get("MILITNET_REQUIRE_ALL") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        for rep in skipped:
            reporter.write_line(f"MILITNET_REQUIRE_ALL: skipped: {rep.nodeid} {rep.longrepr}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
