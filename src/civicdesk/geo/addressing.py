"""Reading typed US-style addresses: normalisation and parsing, shared by import and geocoding.

`street_key("North Alder Street")` and `street_key("n. alder st")` are both `N ALDER ST`: case,
punctuation, street types and directions are folded to USPS abbreviations (Publication 28), so
the gazetteer and a resident's typing meet on the same spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STREET_TYPES: dict[str, str] = {
    "ALLEY": "ALY",
    "ALLY": "ALY",
    "AVENUE": "AVE",
    "AVENU": "AVE",
    "AVN": "AVE",
    "AV": "AVE",
    "BOULEVARD": "BLVD",
    "BOUL": "BLVD",
    "BLV": "BLVD",
    "CIRCLE": "CIR",
    "CIRC": "CIR",
    "COURT": "CT",
    "CRT": "CT",
    "CRESCENT": "CRES",
    "DRIVE": "DR",
    "DRV": "DR",
    "EXPRESSWAY": "EXPY",
    "FREEWAY": "FWY",
    "HIGHWAY": "HWY",
    "HIWAY": "HWY",
    "LANE": "LN",
    "LOOP": "LOOP",
    "PARKWAY": "PKWY",
    "PKY": "PKWY",
    "PLACE": "PL",
    "PLAZA": "PLZ",
    "ROAD": "RD",
    "ROW": "ROW",
    "SQUARE": "SQ",
    "SQR": "SQ",
    "STREET": "ST",
    "STR": "ST",
    "STRT": "ST",
    "TERRACE": "TER",
    "TERR": "TER",
    "TRAIL": "TRL",
    "TURNPIKE": "TPKE",
    "WAY": "WAY",
    "WHARF": "WHF",
    "PARK": "PARK",
    "PIKE": "PIKE",
    "POINT": "PT",
    "HILL": "HL",
    "HEIGHTS": "HTS",
    "GARDENS": "GDNS",
    "GARDEN": "GDN",
    "BRIDGE": "BRG",
    "CROSSING": "XING",
    "COVE": "CV",
    "GREEN": "GRN",
    "GROVE": "GRV",
    "PATH": "PATH",
    "WALK": "WALK",
    "MALL": "MALL",
    "PASSAGE": "PSGE",
    "CAUSEWAY": "CSWY",
    "CENTER": "CTR",
}
STREET_TYPE_ABBREVIATIONS = frozenset(STREET_TYPES.values())
DIRECTIONS: dict[str, str] = {
    "NORTH": "N",
    "SOUTH": "S",
    "EAST": "E",
    "WEST": "W",
    "NORTHEAST": "NE",
    "NORTHWEST": "NW",
    "SOUTHEAST": "SE",
    "SOUTHWEST": "SW",
}
ORDINALS: dict[str, str] = {
    "FIRST": "1ST",
    "SECOND": "2ND",
    "THIRD": "3RD",
    "FOURTH": "4TH",
    "FIFTH": "5TH",
    "SIXTH": "6TH",
    "SEVENTH": "7TH",
    "EIGHTH": "8TH",
    "NINTH": "9TH",
    "TENTH": "10TH",
}
UNIT_WORDS = frozenset({"APT", "APARTMENT", "UNIT", "STE", "SUITE", "FL", "FLOOR", "RM", "ROOM"})
US_STATES = frozenset(
    {
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
    }
)
_ZIP = re.compile(r"^\d{5}(?:-\d{4})?$")
_NUMBER = re.compile(r"^(\d+)([A-Z]?)(?:-(\d+)([A-Z]?))?$")
_PUNCTUATION = re.compile(r"[^\w#/\- ]+")


def _tokens(text: str) -> list[str]:
    text = _PUNCTUATION.sub(" ", text.upper().replace("#", " # "))
    return [token.strip("-") for token in text.split() if token.strip("-")]


def _fold(token: str, *, position: int, count: int) -> str:
    if token in DIRECTIONS and (position == 0 or position == count - 1):
        return DIRECTIONS[token]
    if token in ORDINALS:
        return ORDINALS[token]
    if position == count - 1 or (position == count - 2 and token in STREET_TYPES):
        return STREET_TYPES.get(token, token)
    return token


def street_key(street: str) -> str:
    """The normalised spelling of a street name: `Martin Luther King Jr. Blvd` → `MARTIN …`."""
    tokens = _tokens(street)
    return " ".join(
        _fold(token, position=position, count=len(tokens)) for position, token in enumerate(tokens)
    )


def house_number_value(text: str) -> int | None:
    """The leading whole number of a house number: `12A` → 12, `12-14` → 12, `rear` → None."""
    match = re.match(r"\s*(\d+)", text)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class ParsedAddress:
    house_number: str
    number: int | None
    street_key: str
    unit: str
    zip_code: str
    # Street spellings to try, longest first, when trailing words may be a city or
    # neighbourhood name ("12 Main St Dorchester MA 02122").
    street_candidates: tuple[str, ...]


def parse_address(text: str) -> ParsedAddress:
    """Split a typed one-line address into house number, street, unit and ZIP code."""
    zip_code = ""
    first_line, *rest = [part for part in text.split(",") if part.strip()] or [""]
    tokens = _tokens(first_line)
    trailing = [token for part in rest for token in _tokens(part)]
    for pool in (trailing, tokens):
        for position in range(len(pool) - 1, -1, -1):
            if _ZIP.match(pool[position]):
                zip_code = pool[position][:5]
                del pool[position:]
                break
        if zip_code:
            break
    if tokens and tokens[-1] in US_STATES and len(tokens) > 2:
        tokens.pop()
    house_number = ""
    if tokens and _NUMBER.match(tokens[0]):
        house_number = tokens.pop(0)
    elif len(tokens) > 1 and tokens[0].isdigit() and len(tokens[1]) == 1 and tokens[1].isalpha():
        house_number = tokens.pop(0) + tokens.pop(0)
    unit = ""
    for position, word in enumerate(tokens):
        if word in UNIT_WORDS or word == "#":
            unit = " ".join(tokens[position + 1 :][:1])
            del tokens[position:]
            break
    folded = street_key(" ".join(tokens))
    candidates = [folded] if folded else []
    # Cut trailing words back to the last street type, or a direction right after one
    # ("MAIN ST DORCHESTER" → "MAIN ST", "A ST SOUTH BOSTON" → "A ST S", then "A ST").
    for end in range(len(tokens) - 1, 1, -1):
        last, before = tokens[end - 1], tokens[end - 2]
        is_type = last in STREET_TYPES or last in STREET_TYPE_ABBREVIATIONS
        is_post_direction = (last in DIRECTIONS or last in DIRECTIONS.values()) and (
            before in STREET_TYPES or before in STREET_TYPE_ABBREVIATIONS
        )
        if is_type or is_post_direction:
            candidate = street_key(" ".join(tokens[:end]))
            if candidate not in candidates:
                candidates.append(candidate)
    return ParsedAddress(
        house_number=house_number,
        number=house_number_value(house_number),
        street_key=folded,
        unit=unit,
        zip_code=zip_code,
        street_candidates=tuple(candidates),
    )
