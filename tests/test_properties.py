"""Property-based tests: arbitrary input never produces anything but a MilitnetError."""

import csv
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from networks import tiny_network

import militnet
from militnet import PartialDate
from militnet._core.names import normalize, skeleton
from militnet._readwrite.mmp import convert_date

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

FILES = ["groups.csv", "relations.csv", "sources.csv", "datapackage.json"]


def _attempt(folder: Path) -> None:
    try:
        net = militnet.load(folder)
    except militnet.MilitnetError as exc:
        if isinstance(exc, militnet.ValidationError):
            assert not exc.report.ok
        return
    # whatever loads must also save and load again identically
    out = folder.parent / (folder.name + "-out")
    assert militnet.load(net.save(out)) == net
    net.at("2016-01-01")
    militnet.validate(folder)


@pytest.fixture(scope="module")
def tiny_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny dataset on disk, once for the module (pytest removes it)."""
    return tiny_network().save(tmp_path_factory.mktemp("prop") / "tiny")


def _copy(src: Path, tmp: Path) -> Path:
    dst = tmp / "d"
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    return dst


@pytest.mark.slow
@SETTINGS
@given(name=st.sampled_from(FILES), data=st.binary(max_size=400))
def test_arbitrary_bytes_in_any_file(tiny_folder, name, data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = _copy(tiny_folder, Path(tmp))
        (folder / name).write_bytes(data)
        _attempt(folder)


CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


@pytest.mark.slow
@SETTINGS
@given(name=st.sampled_from(FILES[:3]), row=st.integers(0, 6), col=st.integers(0, 10), value=CELL)
def test_arbitrary_cell_anywhere(tiny_folder, name, row, col, value):
    with tempfile.TemporaryDirectory() as tmp:
        folder = _copy(tiny_folder, Path(tmp))
        path = folder / name
        rows = list(csv.reader(io.StringIO(path.read_text(), newline="")))
        r = rows[row % len(rows)]
        r[col % len(r)] = value
        buf = io.StringIO(newline="")
        csv.writer(buf, lineterminator="\n").writerows(rows)
        path.write_text(buf.getvalue())
        _attempt(folder)


@given(st.text(max_size=30))
def test_partial_date_parse_total(text):
    try:
        d = PartialDate.parse(text)
    except militnet.DateError:
        return
    assert PartialDate.parse(str(d)) == d


@given(st.text(max_size=30))
def test_mmp_dates_total(text):
    try:
        out, _ = convert_date(text)
    except militnet.DateError:
        return
    PartialDate.parse(out)


@pytest.mark.slow
@given(st.text(max_size=40))
def test_resolve_never_guesses(text):
    net = tiny_network()
    try:
        gid = net.resolve(text)
    except (militnet.UnknownGroupError, militnet.AmbiguousNameError):
        return
    assert gid in net.groups.index


@given(st.text(max_size=40))
def test_normalisation_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)
    assert skeleton(text) == skeleton(normalize(text))
