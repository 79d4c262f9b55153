"""The files that describe the project agree with it: CITATION.cff is valid
Citation File Format 1.2.0 with the package's version, and the CHANGELOG has a
section for that version and an Unreleased one."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import militnet

ROOT = Path(__file__).parent.parent


def _citation() -> dict[str, object]:
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_citation_cff_has_the_required_fields():
    cff = _citation()
    for key in ("cff-version", "message", "title", "authors", "type", "version", "license"):
        assert key in cff, f"CITATION.cff lacks {key!r}"
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "software"
    assert cff["title"] == "militnet"
    assert cff["license"] == "MIT"
    assert cff["authors"] == [{"name": "The militnet developers"}]


def test_citation_version_is_the_package_version():
    # yaml reads "0.1.0" as a string; str() guards against a version like 1.0
    assert str(_citation()["version"]) == militnet.__version__


def test_citation_references_the_bundled_dataset_and_its_licence():
    refs = _citation()["references"]
    assert isinstance(refs, list)
    afpak = [r for r in refs if "afpak" in str(r.get("title", ""))]
    assert len(afpak) == 1
    assert afpak[0]["license"] == "CC-BY-4.0"
    assert afpak[0]["type"] == "data"


def test_changelog_has_the_version_and_unreleased():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\]", text, re.M)
    assert headings and headings[0] == "Unreleased", headings
    # a development version (X.Y.Z.devN, as on main between releases) is described by
    # the Unreleased section, which names the release it leads to: "[Unreleased] (X.Y.Z)"
    release, dev = re.fullmatch(r"(\d+\.\d+\.\d+)(\.dev\d+)?", militnet.__version__).groups()
    if dev:
        assert re.search(rf"^## \[Unreleased\] \({re.escape(release)}\)$", text, re.M), release
    else:
        assert militnet.__version__ in headings, (
            f"CHANGELOG.md has no section for {militnet.__version__}: {headings}"
        )
    # every section heading has its link at the bottom (Keep a Changelog)
    for version in headings:
        assert re.search(rf"^\[{re.escape(version)}\]: ", text, re.M), version
