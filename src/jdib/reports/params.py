"""The meaning of the parameters every report shares: ``as_of`` and ``lang``.

The reports read these values; the build checks them with the same functions
before any kernel starts.
"""

from __future__ import annotations

import datetime as dt
import re

from jdib.errors import InputError

LANGS = ("en", "ja")
LATEST = "latest"  # as_of: every document, whatever its date
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_as_of(value: object) -> dt.date | None:
    """The ``as_of`` parameter: ``latest`` (None, every document) or an ISO date.

    Raises:
        InputError: Anything else.

    Example:
        >>> parse_as_of("2026-02-01"), parse_as_of("latest")
        (datetime.date(2026, 2, 1), None)
    """
    if value == LATEST:
        return None
    try:
        if not (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError("parameter as_of",
                         f"{value!r} is not a date (expected YYYY-MM-DD or {LATEST})") from None


def check_lang(value: object) -> str:
    """The ``lang`` parameter, when it is a report language.

    Raises:
        InputError: It is not ``en`` or ``ja``.
    """
    if value not in LANGS:
        raise InputError("parameter lang", f"{value!r} is not a report language (expected en or ja)")
    return str(value)
