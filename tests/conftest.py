"""Shared fixtures: a small hand-made dataset written to disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import militnet
from militnet import Group, Relation, Source

HERE = Path(__file__).parent


def tiny_network() -> militnet.Network:
    """Five groups, seven relations: enough for every rule, small enough to check by hand."""
    groups = [
        Group("ttp", "Tehrik-i-Taliban Pakistan", aliases="TTP;Pakistani Taliban",
              founded="2007-12", orientation="deobandi", country="Pakistan", sources="s1"),
        Group("jua", "Jamaat-ul-Ahrar", aliases="JuA", founded="2014-08", ended="2020-08",
              country="Pakistan;Afghanistan", sources="s1"),
        Group("iskp", "Islamic State Khorasan Province", aliases="IS-K;ISKP;ISIS-K",
              founded="2015-01-26", country="Afghanistan", sources="s1;s2"),
        Group("jundallah-pk", "Jundallah (Pakistan)", aliases="Jundallah;Jundullah",
              founded="2004", sources="s2"),
        Group("jundallah-ir", "Jundallah (Iran)", aliases="Jundallah;Jundullah",
              founded="2003", ended="2012", sources="s2"),
    ]
    relations = [
        Relation("r1", "jua", "ttp", "split", start="2014-08", confidence="confirmed",
                 evidence="JuA broke away", sources="s1"),
        Relation("r2", "jua", "ttp", "merger", start="2020-08", confidence="confirmed",
                 evidence="JuA rejoined", sources="s1"),
        Relation("r3", "jundallah-pk", "ttp", "alliance", start="2010", end="2015-03-01",
                 confidence="reported", evidence="joint attacks", sources="s2"),
        Relation("r4", "jundallah-pk", "iskp", "pledge", start="2015-02",
                 confidence="alleged", evidence="a police claim", sources="s2"),
        Relation("r5", "iskp", "ttp", "rivalry", start="2016", confidence="reported",
                 evidence="clashes", sources="s1"),
        Relation("r6", "jua", "iskp", "alliance", start="", confidence="reported",
                 evidence="undated cooperation", sources="s1"),
        Relation("r7", "jundallah-pk", "ttp", "alliance", start="2016-06-15",
                 confidence="confirmed", evidence="renewed", sources="s1;s2"),
    ]
    sources = [
        Source("s1", title="A report", publisher="A publisher", date="2017-03",
               url="https://example.org/a"),
        Source("s2", title="Another report", document="report.pdf"),
    ]
    return militnet.Network(groups, relations, sources,
                            metadata={"name": "tiny", "version": "1.0", "title": "Tiny"})


@pytest.fixture
def tiny() -> militnet.Network:
    return tiny_network()


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
