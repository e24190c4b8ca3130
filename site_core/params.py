"""One tested set of helpers to read what a request carries (GET parameters, form values, headers).

Whatever a client sends, these never raise: an unreadable value is treated as absent. Integers
accept ASCII digits only (``"²".isdigit()`` is true but ``int("²")`` fails), lengths are bounded
before any parsing (Python refuses to convert integer strings longer than 4 300 digits), and NUL
and other control characters are refused (PostgreSQL rejects NUL in text).
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping

ASCII_INT_RE = re.compile(r"[0-9]{1,18}")
SIGNED_ASCII_INT_RE = re.compile(r"-?[0-9]{1,18}")
DEFAULT_MAX_LENGTH = 200


def has_control_characters(value: str) -> bool:
    """True when the text holds NUL or another control character (tabs and newlines excepted)."""
    return any(
        unicodedata.category(char) == "Cc" and char not in "\t\n\r" for char in value
    ) or any(0xD800 <= ord(char) <= 0xDFFF for char in value)


def parse_int(
    value: object,
    default: int | None = None,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    signed: bool = False,
) -> int | None:
    """An integer written in ASCII digits, within [minimum, maximum]; else ``default``."""
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        pattern = SIGNED_ASCII_INT_RE if signed else ASCII_INT_RE
        if not pattern.fullmatch(text):
            return default
        number = int(text)
    else:
        return default
    if minimum is not None and number < minimum:
        return default
    if maximum is not None and number > maximum:
        return default
    return number


def parse_text(
    value: object, default: str = "", *, max_length: int = DEFAULT_MAX_LENGTH, strip: bool = True
) -> str:
    """A piece of text without control characters, cut to ``max_length``; else ``default``."""
    if not isinstance(value, str):
        return default
    text = value.strip() if strip else value
    if has_control_characters(text):
        return default
    return text[:max_length]


def get_int(
    data: Mapping,
    name: str,
    default: int | None = None,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int | None:
    """``parse_int`` on ``data[name]`` (a QueryDict, a dict of headers…)."""
    return parse_int(data.get(name), default, minimum=minimum, maximum=maximum)


def get_text(
    data: Mapping, name: str, default: str = "", *, max_length: int = DEFAULT_MAX_LENGTH
) -> str:
    """``parse_text`` on ``data[name]``."""
    return parse_text(data.get(name), default, max_length=max_length)


def get_int_list(
    data, name: str, *, minimum: int | None = 1, maximum: int | None = None, limit: int = 500
) -> list[int]:
    """Every readable integer among the values of ``name`` (``?id=1&id=2``), at most ``limit``."""
    values: Iterable = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
    numbers = []
    for raw in list(values)[:limit]:
        number = parse_int(raw, minimum=minimum, maximum=maximum)
        if number is not None:
            numbers.append(number)
    return numbers


def get_text_list(
    data, name: str, *, max_length: int = DEFAULT_MAX_LENGTH, limit: int = 50
) -> list[str]:
    """Every readable, non-empty text among the values of ``name``, at most ``limit``."""
    values: Iterable = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
    texts = []
    for raw in list(values)[:limit]:
        text = parse_text(raw, max_length=max_length)
        if text:
            texts.append(text)
    return texts


def get_page_number(data: Mapping, name: str = "page") -> int:
    """A page number for ``Paginator.get_page``: 1 unless a sane positive integer was given."""
    return parse_int(data.get(name), 1, minimum=1, maximum=1_000_000) or 1
