"""The emptying dates of an estimate as an iCalendar file (RFC 5545): one all-day event per emptying.

Each event's UID is made from the day and the container's description, so that the same set-up
gives the same UIDs and a calendar that imports the file again updates its events instead of
doubling them. Lines are folded at 75 octets and text is escaped as RFC 5545 § 3.1 and § 3.3.11 say.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from .emptyings import Emptying, emptyings
from .estimate import Estimate
from .finnish import eur_fi

PRODUCT = "-//jatetaksa//Jätemaksulaskuri//FI"
MAX_OCTETS = 75


def emptying_calendar(result: Estimate, stamp: dt.datetime) -> str:
    """The file's text (CRLF line ends); `stamp` (UTC) is when it was made (DTSTAMP)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for emptying in emptyings(result):
        lines += _event(emptying, stamp)
    lines.append("END:VCALENDAR")
    return "".join(_fold(text) + "\r\n" for text in lines)


def _event(emptying: Emptying, stamp: dt.datetime) -> list[str]:
    day, line, name = emptying.day, emptying.line, emptying.name
    price = eur_fi(line.unit_price * emptying.container.count)
    uid = hashlib.sha256(f"{day.isoformat()} {emptying.index} {line.label}".encode()).hexdigest()[:24]
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}@jatetaksa",
        f"DTSTAMP:{stamp.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{_escape(f'Tyhjennys: {name}, {price} €')}",
        f"DESCRIPTION:{_escape(f'{line.label}. Tyhjennyksen hinta {price} € (sis. alv), {line.version.title}.')}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _escape(text: str) -> str:
    """TEXT as RFC 5545 § 3.3.11 writes it: backslash, semicolon, comma and line breaks escaped."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(text: str) -> str:
    """A content line folded after at most 75 octets (RFC 5545 § 3.1), never inside a UTF-8 character."""
    parts, current, size = [], "", 0
    for char in text:
        octets = len(char.encode("utf-8"))
        limit = MAX_OCTETS if not parts else MAX_OCTETS - 1  # a continuation line starts with a space
        if size + octets > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += octets
    parts.append(current)
    return "\r\n ".join(parts)
