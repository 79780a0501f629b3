"""Inline suppressions: `claimcheck: ignore` and `claimcheck: disable` / `enable` directives.

In Markdown and HTML a directive is an HTML comment (from `Document.comments`,
so a comment inside a code block is not one):

- `<!-- claimcheck: ignore CC301 -->` after prose on a line suppresses that
  line; alone on its line it suppresses the next line that is not blank and not
  only comments. Several codes may be given, separated by commas or spaces;
  none (or `ALL`) means every code.
- `<!-- claimcheck: disable CC5 -->` … `<!-- claimcheck: enable -->` suppresses
  every line from the `disable` line to the `enable` line (to the end of the
  file without an `enable`). `enable CODES` closes only the regions opened with
  those codes or with more specific ones; a bare `enable` closes all.

In plain text the same directives are written anywhere on a line, for example
`[claimcheck: ignore CC301]` or `# claimcheck: disable`. Codes are prefixes as
in `select` (`CC3` covers CC301). Text after `--`, `—` or `;` is a free-text
reason. Codes are matched as written: a code that exists nowhere simply
suppresses nothing, and is reported as unused.

A finding is suppressed when its primary `line` is covered; the lines of its
related figures do not count, so one directive next to the reported figure is
always enough and a directive elsewhere never hides it by accident. Suppressed
findings are dropped whatever their status, but only a failed or ambiguous
finding counts as a use: a directive that hides only passed checks is unused.
CC910 findings (unused suppressions) cannot themselves be suppressed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from claimcheck.document import Document
from claimcheck.models import FINDING_ORDER, Finding

UNUSED_CODE = "CC910"
UNUSED_RULE = "inputs.unused-suppression"

Verb = Literal["ignore", "disable", "enable"]

# The body of a directive, after "claimcheck:". Group `args` runs to the end of
# the comment (Markdown/HTML) or to the first closing bracket (plain text).
_COMMENT_RE = re.compile(r"^\s*claimcheck\s*:\s*(?P<verb>ignore|disable|enable)\b(?P<args>.*)$", re.I | re.S)
_TEXT_RE = re.compile(
    r"claimcheck\s*:\s*(?P<verb>ignore|disable|enable)\b(?P<args>[^\]\)\n]*?)(?=-->|\*/|[\]\)]|$)",
    re.I,
)
_REASON_RE = re.compile(r"--|\u2014|;")
_TOKEN_SPLIT_RE = re.compile(r"[\s,]+")
_COMMENT_SPAN_RE = re.compile(r"<!--.*?-->", re.S)
_TEXT_MARKUP_RE = re.compile(r"[\s\[\]\(\)#/*<>!\-]+")


@dataclass(slots=True)
class Directive:
    """One parsed directive: what it says, where it is, and which of its codes were used.

    `codes` is empty for "every code". `target` is the line an `ignore`
    covers (None when no line follows it) or the first line of a `disable`
    region; `ends` maps each code of a `disable` ('' for every code) to the
    line of the `enable` that closed it, a missing code running to the end of
    the document. `used` collects the codes that suppressed a finding.
    """

    verb: Verb
    codes: tuple[str, ...]
    line: int
    col: int
    end_line: int
    end_col: int
    target: int | None = None
    ends: dict[str, int] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    @property
    def end(self) -> int | None:
        """Return the last line of a `disable` region (None: the end of the document)."""
        keys = self.codes or ("",)
        if any(k not in self.ends for k in keys):
            return None
        return max(self.ends[k] for k in keys)

    def matching(self, code: str, line: int | None = None) -> list[str]:
        """Return the directive's codes that cover `code` ('' stands for every code).

        With `line`, codes whose `disable` region was closed before it are left out.
        """
        keys = self.codes or ("",)
        hits = [c for c in keys if c in ("", "ALL") or code.startswith(c)]
        if line is not None and self.ends:
            hits = [c for c in hits if c not in self.ends or self.ends[c] >= line]
        return hits


def _parse_args(args: str) -> tuple[str, ...]:
    """Return the upper-cased codes in a directive's argument text, reason removed."""
    args = _REASON_RE.split(args, maxsplit=1)[0]
    codes = tuple(t.upper() for t in _TOKEN_SPLIT_RE.split(args) if t)
    return () if "ALL" in codes and len(codes) == 1 else codes


def _comment_directives(doc: Document) -> tuple[list[Directive], set[int]]:
    """Return the directives among `doc.comments` and the lines that hold only comments."""
    starts = doc.line_starts
    found: list[Directive] = []
    # Lines whose text is only comments and whitespace are skipped when looking
    # for the line an `ignore` applies to.
    comment_only: set[int] = set()
    per_line: dict[int, list[tuple[int, int]]] = {}
    for line, col, body in doc.comments:
        start_line = line
        end_line = line + body.count("\n")
        if "\n" in body:
            end_col = len(body) - body.rfind("\n") + 3
        else:
            end_col = col + len(body) + 7
        for n in range(start_line, end_line + 1):
            lo = col - 1 if n == start_line else 0
            hi = end_col - 1 if n == end_line else None
            per_line.setdefault(n, []).append((lo, hi if hi is not None else 1 << 30))
        m = _COMMENT_RE.match(body)
        if m:
            found.append(Directive(
                verb=m.group("verb").lower(), codes=_parse_args(m.group("args")),
                line=start_line, col=col, end_line=end_line, end_col=end_col,
            ))
    for n, spans in per_line.items():
        if n > len(starts):
            continue
        text = doc.line_text(n)
        rest = []
        pos = 0
        for lo, hi in sorted(spans):
            rest.append(text[pos:max(lo, pos)])
            pos = max(pos, hi)
        rest.append(text[pos:])
        if not "".join(rest).strip():
            comment_only.add(n)
    return found, comment_only


def _text_directives(doc: Document) -> tuple[list[Directive], set[int]]:
    """Return the directives written in plain text and the lines that hold nothing else."""
    found: list[Directive] = []
    marker_only: set[int] = set()
    if "claimcheck" not in doc.source.lower():
        return found, marker_only
    for number, text in enumerate(doc.source.split("\n"), start=1):
        if "claimcheck" not in text.lower():
            continue
        rest = []
        pos = 0
        for m in _TEXT_RE.finditer(text):
            found.append(Directive(
                verb=m.group("verb").lower(), codes=_parse_args(m.group("args")),
                line=number, col=m.start() + 1, end_line=number, end_col=m.end() + 1,
            ))
            rest.append(text[pos:m.start()])
            pos = m.end()
        if rest:
            rest.append(text[pos:])
            if not _TEXT_MARKUP_RE.sub("", "".join(rest)):
                marker_only.add(number)
    return found, marker_only


def _has_prose_before(doc: Document, directive: Directive, markup: re.Pattern[str]) -> bool:
    """Return True when the directive's line has words before the directive."""
    before = doc.line_text(directive.line)[: directive.col - 1]
    before = _COMMENT_SPAN_RE.sub("", before)
    before = markup.sub("", before)
    return bool(re.search(r"\w", before))


# Markup that is not prose: tags, and the block markers of Markdown lines
# (headings, quotes, list bullets and numbers).
_HTML_TAG_RE = re.compile(r"<[^>]*>|^\s*(?:(?:#{1,6}|>|[*+-]|\d{1,9}[.)])\s+)+")
_TEXT_DIRECTIVE_RE = re.compile(r"claimcheck\s*:\s*(?:ignore|disable|enable)\b[^\]\)\n]*", re.I)


def parse_directives(doc: Document) -> list[Directive]:
    """Return the suppression directives of `doc` with the lines each one covers.

    `ignore` directives get `target` (the covered line, None when nothing
    follows); `disable` directives get `target`/`end` (the region). `enable`
    directives are returned too, already applied to the regions they close.
    """
    if doc.fmt == "text":
        directives, skip = _text_directives(doc)
        markup = _TEXT_DIRECTIVE_RE
    else:
        directives, skip = _comment_directives(doc)
        markup = _HTML_TAG_RE
    directives.sort(key=lambda d: (d.line, d.col))
    next_content = _NextContentLine(doc, skip)
    open_regions: list[Directive] = []
    for d in directives:
        if d.verb == "ignore":
            d.target = d.line if _has_prose_before(doc, d, markup) else next_content(d.end_line + 1)
        elif d.verb == "disable":
            d.target = d.line
            open_regions.append(d)
        else:
            for region in open_regions:
                for code in region.codes or ("",):
                    if code not in region.ends and _closes(d.codes, code):
                        region.ends[code] = d.line
            open_regions = [r for r in open_regions if r.end is None]
    return directives


class _NextContentLine:
    """Find the first line at or after `n` that is neither blank nor in `skip`.

    Every line scanned is remembered with its answer, so the directives of a
    document together scan each line at most once.
    """

    __slots__ = ("doc", "skip", "count", "memo")

    def __init__(self, doc: Document, skip: set[int]) -> None:
        self.doc = doc
        self.skip = skip
        self.count = len(doc.line_starts)
        self.memo: dict[int, int | None] = {}

    def __call__(self, n: int) -> int | None:
        """Return the line number, or None when only blank or skipped lines follow."""
        scanned = []
        found: int | None = None
        while n <= self.count:
            if n in self.memo:
                found = self.memo[n]
                break
            if n not in self.skip and self.doc.line_text(n).strip():
                found = n
                break
            scanned.append(n)
            n += 1
        for k in scanned:
            self.memo[k] = found
        return found


def _closes(enable_codes: tuple[str, ...], region_code: str) -> bool:
    """Return True when `enable enable_codes` ends the region of one disabled code.

    A bare `enable` ends every region; `enable CC5` ends `disable CC5` and
    `disable CC501`, but not `disable` (every code) or `disable CC`.
    """
    if not enable_codes:
        return True
    return bool(region_code) and any(region_code.startswith(e) for e in enable_codes)


def apply_suppressions(doc: Document, findings: Iterable[Finding], report_unused: bool = False) -> list[Finding]:
    """Return `findings` without those suppressed by `doc`'s directives, sorted.

    With `report_unused`, add a CC910 warning at every `ignore`/`disable`
    directive (or code within one) that suppressed no failed or ambiguous
    finding. Findings of other files, and CC910 findings, pass through.
    """
    findings = list(findings)
    directives = [d for d in parse_directives(doc) if d.verb != "enable"]
    if not directives:
        return sorted(findings, key=FINDING_ORDER)

    by_line: dict[int, list[Directive]] = {}
    regions: list[Directive] = []
    for d in directives:
        if d.verb == "ignore":
            if d.target is not None:
                by_line.setdefault(d.target, []).append(d)
        else:
            regions.append(d)
    regions.sort(key=lambda d: d.line)

    kept: list[Finding] = []
    candidates = [f for f in findings if f.path == doc.path and f.code != UNUSED_CODE]
    others = [f for f in findings if not (f.path == doc.path and f.code != UNUSED_CODE)]
    candidates.sort(key=lambda f: f.line)
    # Sweep the findings in line order over the regions sorted by start line.
    active: list[Directive] = []
    next_region = 0
    for finding in candidates:
        line = finding.line
        while next_region < len(regions) and regions[next_region].line <= line:
            active.append(regions[next_region])
            next_region += 1
        active = [r for r in active if r.end is None or r.end >= line]
        code = finding.code.upper()
        suppressed = False
        for d in by_line.get(line, ()):
            hits = d.matching(code)
            if hits:
                suppressed = True
                if finding.status != "pass":
                    d.used.update(hits)
        for d in active:
            hits = d.matching(code, line)
            if hits:
                suppressed = True
                if finding.status != "pass":
                    d.used.update(hits)
        if not suppressed:
            kept.append(finding)

    kept.extend(others)
    if report_unused:
        kept.extend(_unused_findings(doc, directives))
    return sorted(kept, key=FINDING_ORDER)


def _unused_findings(doc: Document, directives: list[Directive]) -> list[Finding]:
    """Return one CC910 finding per directive with codes that suppressed nothing."""
    out = []
    for d in directives:
        unused = [c for c in d.codes if c not in d.used] if d.codes else ([] if d.used else [""])
        if not unused:
            continue
        quoted = " ".join([d.verb, ", ".join(c for c in unused if c)]).strip()
        out.append(Finding(
            code=UNUSED_CODE,
            severity="warning",
            status="fail",
            message=f"unused suppression '{quoted}'",
            path=doc.path,
            line=d.line,
            col=d.col,
            end_line=d.end_line,
            end_col=d.end_col,
            rule=UNUSED_RULE,
            suggestion="remove the directive" if len(unused) == max(len(d.codes), 1)
            else "remove the unused codes from the directive",
        ))
    return out


__all__ = ["Directive", "apply_suppressions", "parse_directives"]
