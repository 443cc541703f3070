"""Reading and checking answers: pure functions, no database.

A *response* is what the student sent; a *verdict* is whether it is right (None when a teacher
must decide, as for short text) with a score 0–1 for partial credit.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

NUMBER_FORMATS = (
    "a whole number (12 or -4), a decimal with a point or a comma (3.5 or 3,5), "
    "or a fraction (7/2), without spaces inside or thousands separators"
)

_DECIMAL = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_FRACTION = re.compile(r"^([+-]?\d+)/(\d+)$")


class NumberFormatError(ValueError):
    pass


def parse_number(text: str) -> Decimal:
    """'3,5' -> 3.5; '7/2' -> 3.5; '−2' (a typographic minus) -> -2. Raises NumberFormatError."""
    raw = (text or "").strip().replace("\u2212", "-").replace("\u00a0", "")
    if not raw:
        raise NumberFormatError("empty")
    m = _FRACTION.match(raw)
    if m:
        denominator = int(m.group(2))
        if denominator == 0:
            raise NumberFormatError("A fraction cannot have 0 below the line.")
        return (Decimal(m.group(1)) / Decimal(denominator)).quantize(Decimal("0.000001"))
    if not _DECIMAL.match(raw):
        raise NumberFormatError(raw)
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation:
        raise NumberFormatError(raw) from None


def normalise_text(text: str) -> str:
    """Case, accents kept; punctuation dropped; runs of whitespace made one space."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    kept = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in text)
    return " ".join(kept.split())[:500]


@dataclass(frozen=True)
class Verdict:
    correct: bool | None
    score: float | None


def check_choice(correct_keys: list[str], chosen: list[str], *, multiple: bool) -> Verdict:
    right = set(correct_keys)
    picked = set(chosen)
    if not multiple:
        ok = picked == right
        return Verdict(ok, 1.0 if ok else 0.0)
    if picked == right:
        return Verdict(True, 1.0)
    # Partial credit: each right option picked counts, each wrong one picked takes one back.
    hits = len(picked & right)
    misses = len(picked - right)
    return Verdict(False, max(0.0, (hits - misses) / max(1, len(right))))


def check_number(answer: Decimal, tolerance: Decimal, given: Decimal) -> Verdict:
    ok = abs(given - answer) <= abs(tolerance)
    return Verdict(ok, 1.0 if ok else 0.0)
