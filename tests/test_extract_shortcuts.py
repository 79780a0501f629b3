"""The extractor's shortcuts give what the code or pattern they stand in for gives.

Each shortcut in `claimcheck.extract.scanner` skips a pattern or a look-up
when a cheaper test shows the answer; these tests hold each one to the slow
path on many random inputs (as `test_interpret_shortcuts.py` does for the
interpret stage).
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import pytest

from claimcheck.extract.lexicon import DIGIT, lexicon
from claimcheck.extract.numbers import (
    D1,
    GROUP_SEPARATORS,
    HALF,
    NUMERAL_RE,
    Token,
    parse_digits,
    parse_phrase,
    phrase_follows,
    read_tokens,
)
from claimcheck.extract.scanner import (
    _CANDIDATE_ERRORS,
    _DIGITS,
    _INVISIBLE_RE,
    Amount,
    _ascii_twins,
    _interval,
    _scaled,
    _Scanner,
    _scan_text,
)


def _read_digit(text: str, start: int, digits_end: int = -1) -> tuple:
    """Return what `_at_digit` returns (or raises) for the digit run at `start`, with the rows it wrote."""
    scanner = _Scanner(text, lexicon())
    try:
        resume = scanner._at_digit(start, digits_end)
    except _CANDIDATE_ERRORS as exc:
        resume = type(exc)
    return resume, [row if isinstance(row, tuple) else repr(row) for row in scanner.out]


@pytest.mark.parametrize("seed", range(4))
def test_numeral_without_pattern(seed):
    """`_at_digit` with the digit run's end (no NUMERAL_RE for plain runs and fractions) reads as without it."""
    lex = lexicon()
    rng = random.Random(seed)
    alphabet = list("0123456789" * 3) + list(".,.eE+-  \u2009\u202f\u00a0x$%k") + ["\uff11", "\uff0e", " million"]
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16)))
        for m in lex.digits_re.finditer(text):
            assert _read_digit(text, m.start()) == _read_digit(text, m.start(), m.end()), text


def test_percent_sign_alone():
    """A "%" right after a number: the suffix pattern matches it alone, as the percent marker."""
    lex = lexicon()
    assert lex.percent_sign_alone
    rng = random.Random(7)
    tails = ["", " ", "s", "pts", " points", " pp", "-", ".", ",", "%", "a", "1", " of", "\n"]
    for _ in range(2000):
        text = str(rng.randint(0, 999)) + "%" + rng.choice(tails) + rng.choice(tails)
        pos = text.index("%")
        m = lex.suffix.match(text, pos)
        assert m is not None and m.lastgroup == "pct" and m.span() == (pos, pos + 1), text


def test_hedge_pattern_for_ascii():
    """`hedge_before_ascii` on the lowercased text finds what `hedge_before` finds on ASCII text."""
    lex = lexicon()
    words = [w for hedge in lex.hedges for w in hedge.split(" ")]
    words += [w.upper() for w in words[:20]] + ["x", "A", "(", "-", "\n", "\r", "1", "$", "In", "The"]
    gaps = ["", " ", " ", "  ", "\t", "\n", "\r\n", "\n\n"]
    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(1, 7)))
        low = text.lower()
        for lo in {0, rng.randint(0, len(text))}:
            slow = lex.hedge_before.search(text, lo, len(text))
            fast = lex.hedge_before_ascii.search(low, lo, len(text))
            assert (slow and (slow.span(), slow.group("h").lower())) == (
                fast and (fast.span(), fast.group("h"))), (text, lo)


def test_scan_text_as_plain_steps():
    """The scan text drops invisible characters and translates look-alikes as the plain steps would."""
    rng = random.Random(11)
    pieces = ["１２３", "４５％", "＄", "．", "，", "٣٬٤٥٠", "١٢٫٥٪", "३४", "\u3000", "売上高は", "a", " ", "5",
              "\u200b", "\ufeff", "\u00ad", "\u202e", "€", "\u2212", "\u0660", "\u06f5"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        scanned, dropped = _scan_text(text)
        kept = _INVISIBLE_RE.sub("", text)
        assert scanned == kept.translate(_ascii_twins(kept)), text
        positions = [m.start() for m in _INVISIBLE_RE.finditer(text)]
        assert dropped == [p - k for k, p in enumerate(positions)], text


def test_and_after_numeral_without_tokens():
    """Where `phrase_follows` skips "and" after a numeral, the tokens would not make a longer phrase."""
    lex = lexicon()
    rng = random.Random(5)
    tails = ["", " ", "5", "12", " 3", "-4", " 1,000", " million", " a half", " three quarters", " an", " and",
             " x", ",", ".", " 2 thirds", "\t7", " five", " 3/4"]
    for _ in range(5000):
        text = rng.choice(["4", "12", "1.5", "300"]) + rng.choice([" and", " And", "  and", " AND", "-and"]) \
            + rng.choice(tails) + rng.choice(tails)
        end = NUMERAL_RE.match(text).end()
        first = Token("", 0, end, *parse_digits(text[:end]), False)
        if phrase_follows(text, end, lex) is None:
            tokens = read_tokens(text, end, lex, first=first)
            phrase = parse_phrase(tokens, lex) if len(tokens) > 1 else None
            assert phrase is None or phrase.ntokens == 1, text


def _parse_digits_reference(numeral: str) -> tuple[Decimal, Decimal, Decimal]:
    """`parse_digits` as first written: NFKC, then the exponent and digits of `Decimal.as_tuple`."""
    plain = unicodedata.normalize("NFKC", numeral).translate(str.maketrans("", "", GROUP_SEPARATORS))
    value = Decimal(plain)
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise InvalidOperation(numeral)
    strict = HALF.scaleb(exponent)
    if exponent < 0 or "." in plain:
        return value, strict, strict
    zeros = 0
    for d in reversed(digits):
        if d != 0:
            break
        zeros += 1
    if zeros == len(digits):
        return value, strict, strict
    return value, HALF.scaleb(exponent + zeros), strict


def test_parse_digits_as_reference():
    """`parse_digits` reads strings off the numeral where it can, with the reference's results."""
    rng = random.Random(2)
    alphabet = "0000123456789.,e+- \u2009\u00a0\uff11\uff10"
    for _ in range(50000):
        numeral = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9)))
        try:
            expected = repr(_parse_digits_reference(numeral))
        except (ArithmeticError, ValueError) as exc:
            expected = type(exc)
        try:
            got = repr(parse_digits.__wrapped__(numeral))
        except (ArithmeticError, ValueError) as exc:
            got = type(exc)
        assert got == expected, numeral


def test_interval_as_scaled_amount():
    """`_interval` (inlined scaling, one conversion for one half-width object) gives what `_scaled` of an end gives."""
    rng = random.Random(4)
    values = [Decimal(x) for x in ("0", "1", "0.5", "5E+1", "12.5", "0.05", "1E+9", "2024", "0.01", "1234567.891",
                                   "1E+30", "0.005", "7", "1E+400")]
    scales = [D1, Decimal(1), Decimal("1E+6"), Decimal("1E+9")]
    factors = [D1, Decimal("0.01"), Decimal(1), Decimal(10)]
    for _ in range(20000):
        raw, half, strict = (rng.choice(values) for _ in range(3))
        if rng.random() < 0.4:
            strict = half
        scale, factor, negative = rng.choice(scales), rng.choice(factors), rng.random() < 0.3
        value, h, s = _scaled(Amount(0, 0, raw, half, strict, scale, factor=factor, negative=negative))
        expected = (float(value), float(value - h), float(value + h), float(value - s), float(value + s))
        if not math.isfinite(expected[0]):
            expected = None
        assert repr(_interval.__wrapped__(raw, half, strict, scale, factor, negative)) == repr(expected)


def test_digit_characters_are_the_pattern_s():
    """The scanner's `_DIGITS` are exactly the characters `DIGIT` matches (the numeral shortcut relies on it)."""
    digit = re.compile(DIGIT)
    assert all((digit.fullmatch(chr(cp)) is not None) == (chr(cp) in _DIGITS) for cp in range(0x10000))
