"""Currencies written beside amounts: `$10`, `US$ 5`, `100 NOK`, `12,50 €`, `50 kr`, `1000원`.

A translation may convert example prices into the local currency ("$10 a week" -> "100 NOK per uke"):
its amounts then differ from the source's on purpose. `currency_at` tells which currency an amount of
a text is written in, `currencies` which ones a text uses; both give a currency's family, so that `$`
and `USD`, or `kr` and `NOK`, count as one.
"""

from __future__ import annotations

import functools

import regex

from mtqa.util import patterns

# Families of spellings of one currency (or of currencies written alike: `$` is dollars and pesos, `kr`
# the Nordic crowns, `¥` yen and yuan).
_FAMILIES = (
    "$ US$ USD CA$ C$ CAD A$ AUD NZ$ NZD HK$ HKD S$ SGD NT$ TWD MX$ MXN",
    "€ EUR", "£ GBP", "¥ JPY CNY RMB 元 円 ￥", "kr kr. NOK SEK DKK ISK", "₹ INR Rs Rs.", "₽ RUB руб руб.",
    "zł PLN", "Kč CZK", "Ft HUF", "lei RON", "лв лв. BGN", "₩ KRW 원", "₺ TRY TL", "R$ BRL", "CHF",
    "₴ UAH грн", "₪ ILS", "฿ THB บาท", "₫ VND đ", "₱ PHP", "Rp IDR", "RM MYR", "ZAR", "﷼ SAR IRR", "₦ NGN",
    "EGP", "AED", "ARS", "CLP", "COP", "PEN", "KES", "HRK kn",
)
_FAMILY = {spelling: family.split()[0] for family in _FAMILIES for spelling in family.split()}
_SPELLINGS = "|".join(regex.escape(s) for s in sorted(_FAMILY, key=patterns.longest_first))
_GAP = r"[ \u00a0\u202f]?"
# A currency just before an amount, or just after it; a spelling of letters stands alone as a word.
_BEFORE = patterns.compile(rf"(?:(?<![\p{{L}}\p{{N}}])(?:{_SPELLINGS})|\p{{Sc}}){_GAP}$")
_AFTER = patterns.compile(rf"^{_GAP}(?:(?:{_SPELLINGS})(?![\p{{L}}\p{{N}}])|\p{{Sc}})")
_AMOUNT = patterns.compile(rf"(?:(?<![\p{{L}}\p{{N}}])(?P<c>{_SPELLINGS})|(?P<c>\p{{Sc}})){_GAP}\d"
                        rf"|\d{_GAP}(?:(?P<c>{_SPELLINGS})(?![\p{{L}}\p{{N}}])|(?P<c>\p{{Sc}}))")


def _family(spelling: str) -> str:
    spelling = spelling.strip(" \u00a0\u202f")
    return _FAMILY.get(spelling, spelling)


def currency_at(text: str, start: int, end: int) -> str | None:
    """The currency family of the amount at text[start:end], from what is written just before or after it."""
    before = _BEFORE.search(text[max(0, start - 6):start])
    if before:
        return _family(before.group())
    after = _AFTER.match(text[end:end + 6])
    return _family(after.group()) if after else None


@functools.lru_cache(maxsize=1024)
def currencies(text: str) -> frozenset[str]:
    """The currency families of the amounts written in `text`."""
    if not any(c.isdigit() for c in text):
        return frozenset()
    return frozenset(_family(m.group("c")) for m in _AMOUNT.finditer(text))
