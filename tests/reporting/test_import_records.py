"""Reading an export's cells: the quick date readers agree with the documented layouts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from civicdesk.reporting.imports.records import (
    _DATETIME_FORMATS,
    DateReader,
    RowError,
    clean_text,
    read_zip,
)

EASTERN = ZoneInfo("America/New_York")


def _by_layouts(text: str) -> datetime | None:
    """What the layouts table says the text means (the first layout that reads it)."""
    for layout in _DATETIME_FORMATS:
        try:
            return datetime.strptime(text, layout).replace(tzinfo=EASTERN)
        except ValueError:
            continue
    return None


def _samples() -> list[str]:
    rng = random.Random(311)  # noqa: S311 - test data
    texts = [
        "01/05/2015 12:40:41 PM",
        "01/05/2015 12:40:41 AM",
        "12/31/2015 11:59:59 PM",
        "02/29/2016 01:00:00 AM",
        "02/29/2015 01:00:00 AM",  # no such day
        "13/01/2015 01:00:00 AM",  # no such month
        "01/05/2015 00:10:00 AM",  # no hour 0 on a 12-hour clock
        "01/05/2015 13:10:00 PM",
        "01/05/2015 12:40:41 pm",
        "1/5/2015 12:40:41 PM",
        "2019-12-31T23:59:11.000",
        "2019-12-31T23:59:11.5",
        "2019-12-31T23:59:11",
        "2019-12-31 23:59:11",
        "2019-12-31 23:59:11.123",  # no layout has a fraction after a space
        "2019-02-30T10:00:00",
        "10/21/18 0:00",
        "2015-01-01",
    ]
    for _ in range(300):
        moment = datetime(2008, 1, 1) + timedelta(seconds=rng.randrange(20 * 365 * 86400))  # noqa: DTZ001
        moment = moment.replace(microsecond=rng.choice([0, 1000, rng.randrange(10**6)]))
        texts += [
            moment.strftime("%m/%d/%Y %I:%M:%S %p"),
            moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[: rng.choice([19, 21, 23, 26])],
            moment.strftime("%Y-%m-%d %H:%M:%S"),
        ]
    return texts


def test_date_reader__reads_each_layout_as_its_format_says() -> None:
    reader = DateReader(EASTERN)
    for text in _samples():
        expected = _by_layouts(text)
        if expected is None:
            with pytest.raises(RowError, match="is not a date and time we can read"):
                reader.read(text, column="OPEN_DT")
        else:
            assert reader.read(text, column="OPEN_DT") == expected, text


def test_cells__placeholders_are_empty_and_zip_codes_are_restored() -> None:
    assert [clean_text(text) for text in (" N/A ", "Unspecified", "-", None, " x ")] == [
        "",
        "",
        "",
        "",
        "x",
    ]
    assert clean_text("  Unspecified street  ") == "Unspecified street"
    assert [read_zip(text) for text in ("2115.0", "2115.0", "94107-1234", "nan", "")] == [
        "02115",
        "02115",
        "94107-1234",
        "",
        "",
    ]
