"""Chinese and Japanese numerals as values: 三, 二十五, 3万, 1万2000, 二〇二〇 (digit by digit), 两/兩, 俩, 双."""

from __future__ import annotations

from mtqa.util import patterns

CJK_LANGS = frozenset({"zh", "ja"})
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "俩": 2, "倆": 2, "双": 2, "雙": 2, "三": 3,
          "仨": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "兆": 10**12}
CHARS = "".join((*DIGITS, *UNITS, *BIG))
NUMERAL = patterns.compile(rf"[{CHARS}]+")
# Digits mixed with CJK scale characters: "１万１０００" (11,000), "3亿5000万". A run of digits and numeral
# characters is matched whole and then tested for a scale character, so that a long run of bare digits
# costs one pass, not one pass per starting digit.
MIXED = patterns.compile(rf"[\d{CHARS}]+")
_SCALE = patterns.compile(rf"[{''.join((*UNITS, *BIG))}]")
SCALE_AFTER = patterns.compile(rf"\s*([{''.join(BIG)}])")
# A numeral in CJK characters or digits (for patterns such as eras and counters).
NUMBER = rf"(?:\d+(?:\.\d+)?|[{CHARS}]+)"
_PIECES = patterns.compile(r"\d+|\D")


def cjk_value(text: str) -> float | None:
    """The value of a numeral such as "二十五" or "1万2000"; digit characters alone read digit by digit
    ("二〇二〇" is 2020)."""
    if len(text) > 1 and all(c in DIGITS or c.isdigit() for c in text) and not text.isdigit():
        return float("".join(str(DIGITS[c]) if c in DIGITS else c for c in text))
    total = section = digit = 0.0  # float(), not int(): a run of any length of digits has a value
    seen = False
    for piece in _PIECES.findall(text):
        if piece[0].isdigit():
            digit = float(piece)
            seen = True
        elif piece in DIGITS:
            digit = DIGITS[piece]
            seen = True
        elif piece in UNITS:
            section += (digit or 1) * UNITS[piece]
            digit = 0
            seen = True
        elif piece in BIG:
            total += (section + digit or 1) * BIG[piece]
            section = digit = 0
            seen = True
    return float(total + section + digit) if seen else None


def number_value(text: str) -> float | None:
    """The value of `NUMBER`: digits ("3", "2.5") or a CJK numeral."""
    try:
        return float(text)
    except ValueError:
        return cjk_value(text)


def cjk_values(text: str) -> set[float]:
    """Every value the CJK numerals of `text` may state: each numeral, scaled by a following 万/亿, and
    each digit character on its own ("两三天": 2, 3)."""
    values: set[float] = set()
    for match in NUMERAL.finditer(text):
        value = cjk_value(match.group())
        if value is not None:
            values.add(value)
            scale = SCALE_AFTER.match(text, match.end())
            if scale:
                values.add(value * BIG[scale.group(1)])
        values.update(float(DIGITS[char]) for char in match.group() if char in DIGITS)
    for match in MIXED.finditer(text):
        if not _SCALE.search(match.group()):
            continue
        value = cjk_value(match.group())
        if value is not None:
            values.add(value)
    return values
