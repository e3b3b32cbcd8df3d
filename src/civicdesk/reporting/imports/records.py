"""One row of a city's 311 history, read from any export format, and the rules for reading it.

Exports are messy as published: dates in a dozen layouts (some re-saved by Excel, seconds lost),
placeholder coordinates (0, 0 or the city hall), empty cells written as "Unspecified" or "N/A",
ZIP codes turned into floats ("2115.0"), rows closed before they were opened. The helpers here
turn each cell into a clean value or raise `RowError` with a sentence saying what was wrong.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from civicdesk.crm.enums import Channel
from civicdesk.service_requests.enums import Status
from civicdesk.service_requests.workflow import CLOSED_STATUSES


class RowError(ValueError):
    """A row that cannot be imported; the message says why, for the import report."""


@dataclass(slots=True)
class HistoricalRecord:
    """A request as an export describes it, before it meets the catalog. (Not frozen: a frozen
    dataclass sets each field through `object.__setattr__`, which made building one, once per
    row, cost four times as much.)"""

    line: int
    source_id: str
    service_name: str
    opened_at: datetime
    status: Status
    service_group: str = ""
    department_name: str = ""
    description: str = ""
    closed_at: datetime | None = None
    due_at: datetime | None = None
    address: str = ""
    zip_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    channel: Channel = Channel.PHONE
    closure_note: str = ""
    # Things the reader changed to make the row importable, said in the report.
    adjustments: tuple[str, ...] = field(default=())


_EMPTY = frozenset({"", "unspecified", "n/a", "na", "none", "null", "nan", "-"})
_LONGEST_EMPTY = max(len(word) for word in _EMPTY)

# Layouts seen in real exports, most common first. A reader remembers which one worked last.
_DATETIME_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",  # Boston, NYC, SF (DataSF), LA: 01/05/2015 12:40:41 PM
    "%Y-%m-%dT%H:%M:%S.%f",  # Socrata API: 2019-12-31T23:59:11.000
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",  # LA 2020
    "%m/%d/%y %H:%M",  # re-saved by Excel: 10/21/18 0:00
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%Y-%m-%d",  # dates only (constituent services)
    "%m/%d/%Y",
)
_OFFSET = re.compile(r"(Z|[+-]\d\d:?\d\d)$")
# The two layouts of nearly every row, read without strptime (which costs ten times more).
# Anything else, or a value these cannot take, goes the long way through _DATETIME_FORMATS.
_US_SECONDS = re.compile(
    r"([0-9]{2})/([0-9]{2})/([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([AP])M"
)
_ISO_SECONDS = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?"
)


def clean_text(value: str | None) -> str:
    """Trimmed text, with the exports' ways of saying 'nothing' turned into ''."""
    if not value:
        return ""
    text = value.strip()
    if len(text) > _LONGEST_EMPTY:  # most cells: no need to compare
        return text
    return "" if text.lower() in _EMPTY else text


class DateReader:
    """Reads the dates of one file: local times in `timezone` unless the value says otherwise."""

    def __init__(self, timezone: ZoneInfo, *, offsets_are_local: bool = False) -> None:
        self.timezone = timezone
        # BigQuery's copy of SF311 writes "+00:00" on what are really local times.
        self.offsets_are_local = offsets_are_local
        self._last_format = _DATETIME_FORMATS[0]

    def read(self, value: str | None, *, column: str) -> datetime | None:
        text = clean_text(value)
        if not text:
            return None
        quick = _read_us_seconds(text, self.timezone)
        if quick is not None:
            return quick
        offset_match = _OFFSET.search(text)
        offset = offset_match.group(1) if offset_match else ""
        if offset:
            text = text[: -len(offset)].rstrip()
        parsed = self._parse(text)
        if parsed is None:
            raise RowError(f"{column} “{clean_text(value)}” is not a date and time we can read.")
        if offset and not self.offsets_are_local:
            if offset == "Z":
                return parsed.replace(tzinfo=UTC)
            sign = 1 if offset[0] == "+" else -1
            digits = offset[1:].replace(":", "")
            minutes = sign * (int(digits[:2]) * 60 + int(digits[2:]))
            return parsed.replace(tzinfo=timezone(timedelta(minutes=minutes)))
        return parsed.replace(tzinfo=self.timezone)

    def _parse(self, text: str) -> datetime | None:
        quick = _read_iso_seconds(text)
        if quick is not None:
            return quick
        try:
            return datetime.strptime(text, self._last_format)  # noqa: DTZ007 - zone added by caller
        except ValueError:
            pass
        for layout in _DATETIME_FORMATS:
            try:
                parsed = datetime.strptime(text, layout)  # noqa: DTZ007 - zone added by caller
            except ValueError:
                continue
            self._last_format = layout
            return parsed
        return None


def _read_us_seconds(text: str, zone: tzinfo) -> datetime | None:
    """'01/05/2015 12:40:41 PM' as strptime's "%m/%d/%Y %I:%M:%S %p" reads it, in `zone`; None
    otherwise."""
    match = _US_SECONDS.fullmatch(text)
    if match is None:
        return None
    month, day, year, hour, minute, second, half = match.groups()
    clock_hour = int(hour)
    if not 1 <= clock_hour <= 12:  # a 12-hour clock
        return None
    clock_hour = clock_hour % 12 + (12 if half == "P" else 0)
    try:
        return datetime(
            int(year), int(month), int(day), clock_hour, int(minute), int(second), tzinfo=zone
        )
    except ValueError:
        return None


def _read_iso_seconds(text: str) -> datetime | None:
    """'2019-12-31T23:59:11.000' (or with a space, or without the fraction) as strptime reads
    "%Y-%m-%dT%H:%M:%S.%f" and its siblings; None otherwise."""
    match = _ISO_SECONDS.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction = match.groups()
    if fraction is not None and text[10] == " ":
        return None  # "%Y-%m-%d %H:%M:%S" takes no fraction
    try:
        return datetime(  # noqa: DTZ001 - zone added by caller
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int(fraction.ljust(6, "0")) if fraction else 0,
        )
    except ValueError:
        return None


def read_coordinates(
    latitude: str | None,
    longitude: str | None,
    *,
    placeholders: tuple[tuple[float, float], ...] = (),
) -> tuple[float | None, float | None, str]:
    """(latitude, longitude, adjustment) — (None, None, why) for missing or placeholder points."""
    lat_text, long_text = clean_text(latitude), clean_text(longitude)
    if not lat_text or not long_text:
        return None, None, ""
    try:
        lat, long = float(lat_text.replace(",", "")), float(long_text.replace(",", ""))
    except ValueError:
        return None, None, f"coordinates “{lat_text}, {long_text}” are not numbers; dropped"
    problem = _coordinate_problem(lat, long, placeholders)
    if problem:
        return None, None, problem
    return lat, long, ""


def _coordinate_problem(
    lat: float, long: float, placeholders: tuple[tuple[float, float], ...]
) -> str:
    if not (math.isfinite(lat) and math.isfinite(long)):
        return "coordinates are not finite numbers; dropped"
    if abs(lat) < 1e-6 and abs(long) < 1e-6:
        return "placeholder coordinates 0, 0 dropped"
    if not (-90 <= lat <= 90 and -180 <= long <= 180):
        return f"coordinates {lat}, {long} are out of range; dropped"
    for placeholder_lat, placeholder_long in placeholders:
        if abs(lat - placeholder_lat) < 5e-5 and abs(long - placeholder_long) < 5e-5:
            return f"placeholder coordinates {lat}, {long} dropped"
    return ""


def read_point(text: str | None) -> tuple[str, str]:
    """'(42.35, -71.08)' or 'POINT (-71.08 42.35)' → ('42.35', '-71.08'); ('', '') otherwise."""
    value = clean_text(text)
    if not value:
        return "", ""
    numbers = re.findall(r"-?\d+(?:\.\d+)?", value)
    if len(numbers) != 2:
        return "", ""
    if value.upper().startswith("POINT"):
        return numbers[1], numbers[0]
    return numbers[0], numbers[1]


def read_zip(value: str | None) -> str:
    """US ZIP codes as exports mangle them: '2115.0' → '02115', '94107-1234' kept."""
    return _zip_of(clean_text(value))


@functools.lru_cache(maxsize=4096)
def _zip_of(text: str) -> str:
    if not text:
        return ""
    if _FLOAT_ZIP.fullmatch(text):
        text = text[:-2]
    if text.isdigit() and len(text) < 5:
        text = text.zfill(5)
    return text[:20]


_FLOAT_ZIP = re.compile(r"\d+\.0")

_CHANNEL_WORDS: tuple[tuple[tuple[str, ...], Channel], ...] = (
    (("twitter", "facebook", "social"), Channel.SOCIAL),
    (("e-mail", "email"), Channel.EMAIL),
    (("text", "sms"), Channel.SMS),
    (("chat",), Channel.CHAT),
    (("walk",), Channel.WALK_IN),
    (("ivr", "automated"), Channel.IVR),
    (
        ("employee", "city worker", "internal", "staff", "maximo", "integrated agency"),
        Channel.STAFF,
    ),
    (("app", "mobile", "open311", "solve sf"), Channel.APP),
    (("web", "self service", "online", "portal"), Channel.WEB),
    (("call", "voice", "phone", "hotline"), Channel.PHONE),
)


def read_channel(value: str | None, *, default: Channel = Channel.PHONE) -> Channel:
    return _channel_of(clean_text(value).lower()) or default


@functools.lru_cache(maxsize=4096)
def _channel_of(text: str) -> Channel | None:
    """The channel these (lower-case) words name; exports repeat a handful of them."""
    if not text:
        return None
    for words, channel in _CHANNEL_WORDS:
        if any(word in text for word in words):
            return channel
    return None


_STATUS_WORDS: tuple[tuple[tuple[str, ...], Status], ...] = (
    (("cancel",), Status.CANCELLED),
    (("refer",), Status.REFERRED),
    (("duplicate",), Status.CLOSED_DUPLICATE),
    (("closed", "resolved", "completed"), Status.CLOSED),
    (("progress", "started", "assigned", "scheduled"), Status.IN_PROGRESS),
    (("pending", "hold"), Status.ON_HOLD),
)


_STATUS_VALUES = frozenset(Status.values)


def read_status(value: str | None, *, closed: bool, note: str = "") -> Status:
    """Map an export's status (and its closure note) onto CivicDesk's workflow."""
    status = _status_of(clean_text(value).lower(), closed=closed)
    if status == Status.CLOSED and "duplicate" in note.lower():
        return Status.CLOSED_DUPLICATE
    return status


@functools.lru_cache(maxsize=4096)
def _status_of(text: str, *, closed: bool) -> Status:
    """The status these (lower-case) words name; exports repeat a handful of them."""
    if text in _STATUS_VALUES:  # CivicDesk's own words (the generic format)
        return Status(text)
    return next(
        (status for words, status in _STATUS_WORDS if any(word in text for word in words)),
        Status.CLOSED if closed and not text else Status.NEW,
    )


def settle_times(
    opened_at: datetime, closed_at: datetime | None, status: Status
) -> tuple[datetime | None, Status, tuple[str, ...]]:
    """The closing time and status made consistent; what was changed, for the report."""
    adjustments: list[str] = []
    final = status in CLOSED_STATUSES
    if closed_at is not None and closed_at < opened_at:
        adjustments.append(
            f"closed {closed_at.isoformat()} before it was opened; closing time set to opening"
        )
        closed_at = opened_at
    if final and closed_at is None:
        adjustments.append("closed without a closing time; closing time set to opening")
        closed_at = opened_at
    if not final and closed_at is not None:
        adjustments.append(f"still {status.value} but given a closing time; closing time ignored")
        closed_at = None
    return closed_at, status, tuple(adjustments)
