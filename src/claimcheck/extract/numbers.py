"""Numerals: digits with their written precision, and number-word phrases.

Digits are read exactly with `Decimal`, so "4.30" keeps its last written digit.
A number phrase is a run of tokens (digit numerals and number words) read by a
small left-to-right automaton: "4 thousand 3 hundred and 21", "twenty-one
trillion", "one and a half", "two thirds of a million", "nine point nought four",
"one over three".

Every parse carries two half-widths: `half` (the default precision: half a unit
of the last non-zero digit of an integer, of the last written digit of a
decimal) and `strict_half` (half a unit of the last written digit). Fractions
written in words ("two thirds", "a half") are exact.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from claimcheck.extract.lexicon import DIGIT, SP, Lexicon

D0 = Decimal(0)
D1 = Decimal(1)
HALF = Decimal("0.5")
TEN = Decimal(10)

# Longest digit run kept as a figure; longer runs are identifiers or noise.
MAX_DIGITS = 30

# The separators of digit groups ("1,234", "1 234", thin and no-break spaces).
GROUP_SEPARATORS = ",\u2009\u202f\u00a0 "
# A digit numeral: "1,234,567.89", "1 234 567", "40 000" (thin and no-break
# spaces too), "4.800", "1e10", "12.32e+14". Groups after the first are exactly
# three digits; the separator is the same throughout.
NUMERAL_RE = re.compile(
    r"(?:" + DIGIT + r"{1,3}(?P<sep>[" + GROUP_SEPARATORS + r"])" + DIGIT + r"{3}(?!" + DIGIT + r")"
    r"(?:(?P=sep)" + DIGIT + r"{3}(?!" + DIGIT + r"))*|" + DIGIT + r"+)"
    r"(?P<frac>\." + DIGIT + r"+)?"
    r"(?P<exp>[eE][+-]?" + DIGIT + r"{1,3}(?![0-9A-Za-z]))?"
)

# The gap before the next token of a phrase, then a word or the start of digits.
_GAP_TOKEN_RE = re.compile(
    r"(?P<gap>" + SP + r"*(?:-" + SP + r"*)?)(?:(?P<word>[A-Za-z]+)(?![0-9])|(?=" + DIGIT + r"))"
)

_SEPARATORS = str.maketrans("", "", GROUP_SEPARATORS)
_ASCII_SEPARATORS = tuple(sep for sep in GROUP_SEPARATORS if sep.isascii())


@lru_cache(maxsize=None)
def _half_unit(exponent: int) -> Decimal:
    """Return `HALF.scaleb(exponent)`: half a unit of the digit at 10**exponent."""
    return HALF.scaleb(exponent)


@lru_cache(maxsize=8192)
def parse_digits(numeral: str) -> tuple[Decimal, Decimal, Decimal]:
    """Return (value, half, strict_half) of a digit numeral such as "240,000" or "4.30".

    `half` is half a unit of the last non-zero digit for an integer ("700" ->
    50) and of the last written digit for a decimal ("4.3" -> 0.05);
    `strict_half` is always half a unit of the last written digit.
    Raises `InvalidOperation` for a string that is not a numeral.
    Cached: numerals repeat ("12", "2025", "4.5"), and Decimals are immutable.
    """
    if numeral.isascii():
        # NOTE: ASCII is its own NFKC form, and only the ASCII separators can
        # be in it (`replace` costs less than `translate`).
        plain = numeral
        for sep in _ASCII_SEPARATORS:
            if sep in plain:
                plain = plain.replace(sep, "")
    else:
        plain = unicodedata.normalize("NFKC", numeral).translate(_SEPARATORS)
    value = Decimal(plain)
    # NOTE: an ASCII integer or plain decimal shows its exponent and trailing
    # zeros in the string; `as_tuple` (a named tuple of every digit) costs
    # more than the rest of the parse. Other numerals (exponents) take the
    # general path.
    if plain.isascii():
        point = plain.find(".")
        if point < 0:
            if plain.isdigit():
                stripped = plain.rstrip("0")
                if not stripped.lstrip("0"):  # the numeral zero
                    return value, _half_unit(0), _half_unit(0)
                return value, _half_unit(len(plain) - len(stripped)), _half_unit(0)
        elif plain[:point].isdigit() and plain[point + 1:].isdigit():
            strict = _half_unit(point + 1 - len(plain))
            return value, strict, strict
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
    if zeros == len(digits):  # the numeral zero
        return value, strict, strict
    return value, HALF.scaleb(exponent + zeros), strict


def integer_half(value: Decimal) -> Decimal:
    """Return half a unit of the last non-zero digit of an integral `value` (0.5 otherwise)."""
    if value != value.to_integral_value() or value == 0:
        return HALF
    sign, digits, exponent = value.normalize().as_tuple()
    return HALF.scaleb(max(int(exponent), 0))


@dataclass(slots=True)
class Token:
    """One token of a number phrase: a digit numeral (`word` is "") or a word."""

    word: str
    start: int
    end: int
    value: Decimal | None = None
    half: Decimal | None = None
    strict_half: Decimal | None = None
    point: bool = False


_DIGIT_JOINERS = frozenset({"and", "hundred", "over", "of", "minus", "negative", "a", "an"})
_JOINERS = frozenset({"and", "a", "an", "point", "of", "over", "out", "minus", "negative"})


def phrase_follows(text: str, pos: int, lex: Lexicon) -> re.Match | None:
    """Return the next token's match if a digit numeral ending at `pos` is followed by a word that continues its phrase.

    This is the first step of `read_tokens` after a digit numeral (only a
    word of the number vocabulary or a joiner may follow one: "4.3 billion",
    "3 and a half"), so the scanner can skip building tokens for "12 stores";
    otherwise it returns None. Pass the match on to `read_tokens` as `next_match`.
    """
    m = _GAP_TOKEN_RE.match(text, pos)
    if m is None:
        return None
    word = m.group("word")
    if word is None:
        return None
    lw = word.lower()
    if lw == "and":
        # NOTE: "4 and 5", "4 and" never make one phrase (`cardinal_ends`
        # stops at "and" after a numeral; only "and a half", "and three
        # quarters" go on, as a fraction): no need to read the tokens when a
        # word does not follow.
        after = _GAP_TOKEN_RE.match(text, m.end())
        if after is None or after.group("word") is None:
            return None
        return m
    return m if lw in lex.number_words or lw in _JOINERS or lw in lex.compound_ordinals else None


def read_tokens(text: str, pos: int, lex: Lexicon, first: Token | None = None, limit: int = 12,
                next_match: re.Match | None = None) -> list[Token]:
    """Return the number-phrase tokens from `pos`: words of the number vocabulary and digit numerals.

    Reading stops at the first other word, punctuation, line break or after
    `limit` tokens, so the cost is bounded per candidate. `next_match` is the
    token pattern's match where reading starts, when the caller has it
    (`phrase_follows`).
    """
    tokens: list[Token] = [first] if first is not None else []
    p = first.end if first is not None else pos
    vocab = lex.number_words
    ordinals = lex.compound_ordinals
    n = len(text)
    while len(tokens) < limit and p < n:
        if next_match is not None:
            m, next_match = next_match, None
        else:
            m = _GAP_TOKEN_RE.match(text, p)
        if m is None:
            break
        if not tokens and m.group("gap"):
            break
        word = m.group("word")
        if word is not None:
            lw = word.lower()
            if lw not in vocab and lw not in _JOINERS and lw not in ordinals:
                break
            tokens.append(Token(lw, m.start("word"), m.end("word")))
            p = m.end()
            continue
        if tokens and tokens[-1].word not in lex.scale_words and tokens[-1].word not in _DIGIT_JOINERS:
            break  # "4000 3", "one 2": a digit numeral only follows a scale, "hundred" or "and"
        start = m.end()
        nm = NUMERAL_RE.match(text, start)
        if nm is None:
            break
        end = nm.end()
        if end < n and (text[end].isalpha() or text[end] in "._/"):
            break  # "3D", "1.2.3", "3/4": not a plain token of a phrase
        if end - start > MAX_DIGITS + 10:
            break
        try:
            value, half, strict = parse_digits(nm.group())
        except (InvalidOperation, ValueError):
            break
        tokens.append(Token("", start, end, value, half, strict, bool(nm.group("frac") or nm.group("exp"))))
        p = end
    return tokens


@dataclass(slots=True)
class Phrase:
    """A parsed number phrase: its value, precision and how many tokens it used.

    `raw`/`scale`: when the phrase ends with a scale word applied to all of it
    ("three million"), `raw` is the number before the scale (3) and `scale` the
    scale (1e6), so a range's second end can lend its scale to the first.
    Otherwise `raw` is the value and `scale` is 1.
    """

    ntokens: int
    raw: Decimal
    half: Decimal
    strict_half: Decimal
    scale: Decimal = D1
    words: bool = False
    exact: bool = False


_UNIT, _TEEN, _TENS = "unit", "teen", "tens"


def _word_class(v: int) -> str:
    if v < 10:
        return _UNIT
    if v < 20:
        return _TEEN
    return _TENS


def cardinal_ends(toks: list[Token], i: int, n: int, lex: Lexicon) -> dict[int, Phrase]:
    """Return every complete cardinal starting at toks[i], keyed by the index just after it."""
    out: dict[int, Phrase] = {}
    cardinal = lex.cardinal
    multipliers = lex.multipliers
    scales = lex.scale_words
    total = D0
    group: Decimal | None = None
    small = D0
    last: str | None = None
    has_hundred = False
    prev_scale: Decimal | None = None
    a_start = False
    pending_and = False
    half = HALF
    strict = HALF
    digit_led = False
    words = False
    # Scale split: value = split_raw * split_scale when the phrase ends on a scale.
    split: tuple[Decimal, Decimal, Decimal, Decimal] | None = None
    j = i
    while j < n:
        tk = toks[j]
        w = tk.word
        if not w:  # digits
            v = tk.value
            if last is None and not a_start and j == i:
                group, small = v, v
                half, strict = tk.half, tk.strict_half
                digit_led = True
                last = "num"
            elif last in ("hundred", "scale") and not tk.point and v is not None and v >= 0:
                cap = Decimal(100) if last == "hundred" else (prev_scale or D1)
                if v >= cap or (last == "hundred" and group is not None and group % 100 != 0):
                    break
                if last == "scale" and j + 1 < n and toks[j + 1].word in scales:
                    break  # "12 million and 3 million": two figures, not 12,000,003
                group = (group or D0) + v
                small = v
                half, strict = tk.half, tk.strict_half
                digit_led = True
                last = "num"
            else:
                break
            pending_and = False
        elif w in ("a", "an"):
            if j != i:
                break
            a_start = True
            last = "a"
            j += 1
            continue
        elif w == "and":
            if last in (None, "a") or pending_and:
                break
            pending_and = True
            j += 1
            continue
        elif w in cardinal:
            v = Decimal(cardinal[w])
            cls = _word_class(cardinal[w])
            if last is None:
                group, small = v, v
            elif last in ("hundred", "scale"):
                if last == "scale":
                    group, small = v, v
                elif group is not None and group % 100 == 0:
                    group += v
                    small = v
                else:
                    break
            elif last == _TENS and cls == _UNIT and v > 0:
                group += v
                small += v
            else:
                break
            last = cls
            half = strict = HALF
            digit_led = False
            words = True
            pending_and = False
        elif w in multipliers:
            m = multipliers[w]
            if m == 100:
                if pending_and or has_hundred or last in (None, "hundred", "scale", "dozen"):
                    break
                base = D1 if last == "a" else group
                if base is None or (base >= 1000 and not digit_led):
                    break
                group = base * 100
                small = D0
                has_hundred = True
                half *= 100
                strict *= 100
                last = "hundred"
            else:  # dozen: multiplies the words since the last hundred or scale
                if pending_and or last in (None, "scale", "dozen"):
                    break
                if last == "a":
                    group = Decimal(m)
                else:
                    group = group - small + small * m
                small = D0
                last = "dozen"
            words = True
        elif w in scales:
            s = scales[w]
            if pending_and:
                break
            if last == "scale" and group is None:
                if prev_scale is not None and s <= prev_scale:
                    break
                total *= s
                half *= s
                strict *= s
                if split is not None:
                    split = (split[0], split[1], split[2], split[3] * s)
                prev_scale = s
            else:
                if group is None:
                    if last != "a":
                        break
                    group = D1
                if prev_scale is not None and s >= prev_scale:
                    break
                only = total == 0
                split = (group, half, strict, s) if only else None
                total += group * s
                half *= s
                strict *= s
                group = None
                prev_scale = s
                has_hundred = False
            last = "scale"
            words = True
        else:
            break
        j += 1
        value = total + (group if group is not None else D0)
        if split is not None and last == "scale":
            raw, rh, rs, sc = split
            out[j] = Phrase(j - i, raw, rh, rs, sc, words)
        else:
            out[j] = Phrase(j - i, value, half, strict, D1, words)
    if not digit_led:
        for ph in out.values():
            if ph.words and ph.scale == 1:
                ph.half = max(integer_half(ph.raw), ph.strict_half)
    return out


def _ordinal_value(toks: list[Token], a: int, b: int, lex: Lexicon) -> int | None:
    """Return the denominator spelled by toks[a:b] ("fifths", "thirty fifths", "one hundred fifth")."""
    words = [t.word for t in toks[a:b]]
    if not words or any(not w for w in words):
        return None
    last = words[-1]
    head = words[:-1]
    den = lex.denominators.get(last)
    unit = lex.compound_ordinals.get(last)
    base = 0
    if head and head[0] == "one" and len(head) >= 2 and head[1] in ("hundred", "thousand"):
        base = 100 if head[1] == "hundred" else 1000
        head = head[2:]
        if head and head[0] == "and":
            head = head[1:]
    if not head:
        if den is not None:
            return base + den if base else den
        return None
    if len(head) == 1 and lex.cardinal.get(head[0], 0) >= 20 and lex.cardinal[head[0]] % 10 == 0:
        if unit is not None:
            return base + lex.cardinal[head[0]] + unit
    return None


def _is_plural(word: str) -> bool:
    return word.endswith("s") or word == "halves"


def _fraction(toks: list[Token], n: int, lex: Lexicon) -> Phrase | None:
    """Return the fraction phrase at toks[0:] ("two thirds", "one and a half", "a hundred trillionths")."""
    dens = lex.denominators
    k = None
    for idx in range(n):
        w = toks[idx].word
        if not w:
            continue
        if w in dens or (idx > 0 and w in lex.compound_ordinals and toks[idx - 1].word in lex.cardinal):
            k = idx
            break
    if k is None:
        return None
    best: tuple[Decimal, int] | None = None
    # "X and a half", "twenty and three fifths": a small numerator after "and" adds.
    for a in range(k - 1, 0, -1):
        if toks[a].word == "and":
            num = [t.word for t in toks[a + 1:k]]
            if num in (["a"], ["an"]) or (len(num) == 1 and num[0] in lex.cardinal and 0 < lex.cardinal[num[0]] < 10):
                den = _ordinal_value(toks, k, k + 1, lex)
                if den is None:
                    break
                numerator = 1 if num[0] in ("a", "an") else lex.cardinal[num[0]]
                if numerator > 1 and not _is_plural(toks[k].word):
                    break
                head = cardinal_ends(toks, 0, a, lex).get(a)
                if head is None:
                    break
                frac = Decimal(numerator) / Decimal(den)
                end = k + 1
                follow = _scale_after(toks, end, n, lex)
                if follow is not None:
                    frac *= follow[0]
                    end = follow[1]
                    value = head.raw * head.scale + frac
                elif head.scale != 1:
                    value = (head.raw + frac) * head.scale
                else:
                    value = head.raw + frac
                best = (value, end)
            break
    if best is None and not any(not t.word for t in toks[:k]):
        # Digits never head a fraction word: "100 millionths" is a rank.
        ends = cardinal_ends(toks, 0, k, lex) if k > 0 else {}
        for k1 in range(1, k + 1):
            num = ends.get(k1)
            if num is None:
                if k1 == 1 and toks[0].word in ("a", "an"):
                    num_value = D1
                else:
                    continue
            else:
                num_value = num.raw * num.scale
            den = _ordinal_value(toks, k1, k + 1, lex)
            if den is None:
                continue
            if num_value != 1 and not _is_plural(toks[k].word):
                continue
            value = num_value / Decimal(den)
            end = k + 1
            follow = _scale_after(toks, end, n, lex)
            if follow is not None:
                value *= follow[0]
                end = follow[1]
            best = (value, end)
            break
        if best is None and k == 0 and toks[0].word in ("half", "quarter"):
            value = HALF if toks[0].word == "half" else Decimal("0.25")
            end = 1
            follow = _scale_after(toks, end, n, lex, allow_a=True)
            if follow is not None:
                value *= follow[0]
                end = follow[1]
            elif toks[0].word == "quarter":
                return None
            best = (value, end)
    if best is None:
        return None
    return Phrase(best[1], best[0], D0, D0, D1, True, True)


def _scale_after(toks: list[Token], j: int, n: int, lex: Lexicon, allow_a: bool = True) -> tuple[Decimal, int] | None:
    """Return (multiplier, end) of "million" / "of a million" / "a dozen" after a fraction."""
    k = j
    if k + 1 < n and toks[k].word == "of" and toks[k + 1].word in ("a", "an"):
        k += 2
    elif allow_a and k < n and toks[k].word in ("a", "an"):
        k += 1
    if k < n:
        w = toks[k].word
        if w in lex.scale_words:
            return lex.scale_words[w], k + 1
        if w in lex.multipliers:
            return Decimal(lex.multipliers[w]), k + 1
    return None


def _point(toks: list[Token], j: int, n: int, lex: Lexicon) -> tuple[str, int] | None:
    """Return (decimal digits, end) for "point zero three" / "point seventy-one" at toks[j]."""
    if j + 1 >= n or toks[j].word != "point":
        return None
    card = lex.cardinal
    k = j + 1
    first = toks[k].word
    if first not in card:
        return None
    v = card[first]
    if v < 10:
        digits = []
        while k < n and toks[k].word in card and card[toks[k].word] < 10:
            digits.append(str(card[toks[k].word]))
            k += 1
        return "".join(digits), k
    digits_value = v
    k += 1
    if v >= 20 and v % 10 == 0 and k < n and toks[k].word in card and 0 < card[toks[k].word] < 10:
        digits_value += card[toks[k].word]
        k += 1
    return str(digits_value), k


def parse_phrase(toks: list[Token], lex: Lexicon) -> Phrase | None:
    """Return the longest number phrase at the start of `toks`, or None."""
    n = len(toks)
    if n == 0:
        return None
    first = toks[0]
    if n == 2 and not first.word and toks[1].word in lex.scale_words:
        # Fast path for the commonest shape: "4.3 billion".
        return Phrase(2, first.value, first.half, first.strict_half, lex.scale_words[toks[1].word], True)
    ends = cardinal_ends(toks, 0, n, lex)
    best = ends[max(ends)] if ends else None
    frac = _fraction(toks, n, lex)
    if frac is not None and (best is None or frac.ntokens >= best.ntokens):
        best = frac
    if best is None:
        return None
    j = best.ntokens
    if not best.exact and best.scale == 1 and j < n and toks[j].word == "point":
        pt = _point(toks, j, n, lex)
        if pt is not None and best.raw == best.raw.to_integral_value():
            digits, end = pt
            try:
                value = best.raw + Decimal("0." + digits)
            except InvalidOperation:
                return best
            h = HALF.scaleb(-len(digits))
            best = Phrase(end, value, h, h, D1, True)
    return best


def division(toks: list[Token], best: Phrase, text: str, lex: Lexicon) -> Phrase | None:
    """Return "one over three" / "1 out of 3" as a fraction when nothing follows the divisor."""
    j = best.ntokens
    n = len(toks)
    if j >= n:
        return None
    if toks[j].word == "over":
        k = j + 1
    elif toks[j].word == "out" and j + 1 < n and toks[j + 1].word == "of":
        k = j + 2
    else:
        return None
    if k >= n:
        return None
    ends = cardinal_ends(toks, k, n, lex)
    if not ends:
        return None
    end = max(ends)
    den = ends[end]
    after = toks[end - 1].end
    rest = text[after:after + 40].lstrip()
    if rest[:1].isalpha() or rest[:1].isdigit():
        return None
    den_value = den.raw * den.scale
    if den_value == 0:
        return None
    return Phrase(end, (best.raw * best.scale) / den_value, D0, D0, D1, True, True)
