import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from militnet import DATE_POLICIES, DateError, PartialDate
from militnet._core.dates import as_day


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2014", "year", dt.date(2014, 1, 1), dt.date(2014, 12, 31)),
        ("2014-08", "month", dt.date(2014, 8, 1), dt.date(2014, 8, 31)),
        ("2016-02", "month", dt.date(2016, 2, 1), dt.date(2016, 2, 29)),
        ("2014-08-26", "day", dt.date(2014, 8, 26), dt.date(2014, 8, 26)),
    ],
)
def test_parse_keeps_precision(text, precision, first, last):
    d = PartialDate.parse(text)
    assert d.precision == precision
    assert (d.first_day(), d.last_day()) == (first, last)
    assert str(d) == text


def test_unknown_date():
    d = PartialDate.parse("")
    assert not d and d.precision == "unknown" and str(d) == ""
    with pytest.raises(DateError):
        d.first_day()


@pytest.mark.parametrize(
    "bad",
    ["2014-8", "14", "2014-13", "2015-02-29", "2014/08/26", "Aug 2014", "2014-08-26T00:00", "0000"],
)
def test_malformed_dates_raise_date_error(bad):
    with pytest.raises(DateError, match="malformed date"):
        PartialDate.parse(bad)


def test_date_error_is_value_error():
    with pytest.raises(ValueError):
        PartialDate.parse("nope")


def test_policies_map_each_side():
    assert set(DATE_POLICIES) == {"earliest", "latest", "strict", "lenient"}
    assert DATE_POLICIES["strict"] == ("last", "first")
    assert DATE_POLICIES["lenient"] == ("first", "last")


def test_query_day_needs_day_precision():
    assert as_day("2016-01-01") == dt.date(2016, 1, 1)
    assert as_day(dt.datetime(2016, 1, 1, 12)) == dt.date(2016, 1, 1)
    with pytest.raises(DateError, match="day precision"):
        as_day("2016")
    with pytest.raises(DateError):
        as_day(3.5)


def test_pandas_and_numpy_dates_accepted():
    import numpy as np
    import pandas as pd

    assert as_day(pd.Timestamp("2016-10-24")) == dt.date(2016, 10, 24)
    assert as_day(np.datetime64("2016-10-24")) == dt.date(2016, 10, 24)


def test_as_day_refuses_missing_timestamps():
    import numpy as np
    import pandas as pd

    import militnet
    from militnet._core.dates import as_day

    for missing in (pd.NaT, np.datetime64("NaT"), pd.Timestamp("NaT")):
        with pytest.raises(militnet.DateError, match="NaT"):
            as_day(missing)
    net = militnet.Network(groups=[{"id": "a", "name": "A"}])
    with pytest.raises(militnet.DateError):
        net.at(pd.NaT)


def test_missing_values_are_the_unknown_date():
    import math

    import pandas as pd

    assert PartialDate.parse(pd.NaT) == PartialDate()
    assert PartialDate.parse(math.nan) == PartialDate()
    with pytest.raises(DateError):
        as_day(pd.NaT)


# -- the vectorised column parser agrees with PartialDate, value for value ------
_DATE_TEXT = st.one_of(
    st.builds(
        lambda y, m, d, w: f"{y:04d}-{m:02d}-{d:02d}"[:w],
        st.integers(0, 9999),
        st.integers(0, 13),
        st.integers(0, 32),
        st.sampled_from([4, 7, 10]),
    ),
    st.text(alphabet=st.sampled_from(list("0123456789-/ \t\u0662\uff12Tx")), max_size=11),
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(values=st.lists(_DATE_TEXT, max_size=40))
def test_date_column_parses_each_cell_as_partial_date_does(values):
    from militnet._core.dates import DateColumn

    col = DateColumn.parse(values)
    for i, v in enumerate(values):
        try:
            d = PartialDate.parse(v)
        except DateError:
            assert not col.ok[i], v
            continue
        assert col.ok[i] and col.known[i] == d.is_known, v
        if d.is_known:
            assert (col.first[i], col.last[i], col.day[i]) == (
                d.first_day().toordinal(),
                d.last_day().toordinal(),
                d.precision == "day",
            ), v
