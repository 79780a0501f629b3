"""Input family (CC9xx): files that could not be read or parsed.

These codes are raised by the readers and the pipeline, not computed from
figures, so they have no check function; they are registered here so that
`claimcheck rules`, `explain` and SARIF know them.
"""

from __future__ import annotations

from claimcheck.rules.registry import Rule


def _input_rule(code: str, name: str, doc: str, severity: str = "error") -> Rule:
    return Rule(code=code, name=name, severity=severity, fn=None, doc=doc, family="inputs")


RULES = (
    _input_rule("CC901", "inputs.unreadable", """File could not be read.

## What it does
Reports a path that does not exist, is a directory, is not a regular file
(a pipe, socket or device, which could block the run), or cannot be opened
(permission denied, I/O error, a symlink loop).

## Why is this bad?
Nothing in the file was checked. The other files are still linted and the run
exits with code 2.

## Example
claimcheck lint missing.md

## Use instead
claimcheck lint existing.md
"""),
    _input_rule("CC902", "inputs.not-text", """File is not UTF-8 text.

## What it does
Reports a binary file (it contains NUL bytes) or a file that is not valid
UTF-8, naming the byte offset and the line and column of the first bad byte.

## Why is this bad?
claimcheck reads UTF-8 (with or without a byte-order mark). A file in another
encoding would be misread, so it is not linted at all.

## Example
A file saved as Latin-1 with the byte 0xe9 for "é".

## Use instead
The same file saved as UTF-8.
"""),
    _input_rule("CC903", "inputs.unsupported", """File type is not supported.

## What it does
Reports a file whose extension is none of .md, .markdown, .html, .htm, .txt,
.text when it is named explicitly on the command line.

## Why is this bad?
claimcheck does not know how to find the prose in it.

## Example
claimcheck lint report.docx

## Use instead
claimcheck lint report.md
"""),
    _input_rule("CC904", "inputs.too-large", """File is larger than the size limit.

## What it does
Reports a file over the per-file size limit (`--max-bytes`, default 20 MB)
instead of silently truncating it.

## Why is this bad?
A partial lint would look like a clean one.

## Example
claimcheck lint archive-dump.txt   # 300 MB

## Use instead
claimcheck lint --max-bytes 400000000 archive-dump.txt
"""),
    _input_rule("CC905", "inputs.time-budget", """Document exceeded its time budget.

## What it does
Reports a document whose checks did not finish within the per-document time
budget; the findings found before the budget ran out are kept.

## Why is this bad?
Some checks did not run on this document.

## Example
A 20 MB single-paragraph document of figures.

## Use instead
Split the document, or raise the budget with `--time-budget`.
"""),
    _input_rule("CC906", "inputs.parse-error", """File could not be parsed.

## What it does
Reports a Markdown or HTML file that its parser rejected, with the position
the parser gave.

## Why is this bad?
Nothing in the file was checked; the other files are still linted.

## Example
A file named .html whose parser failed.

## Use instead
A well-formed HTML or Markdown file.
"""),
    _input_rule("CC907", "inputs.internal-error", """claimcheck failed on this document.

## What it does
In `claimcheck batch`, reports a document on which the pipeline raised an
unexpected error, or whose worker process died twice, instead of failing the
whole archive. The message names the exception.

## Why is this bad?
Nothing in the document was checked. It is a bug in claimcheck: please report
it with the document.

## Example
claimcheck batch archive.jsonl --output findings.jsonl   # one record crashes a rule

## Use instead
claimcheck batch archive.jsonl --output findings.jsonl   # after the fix, the record is linted
"""),
    _input_rule("CC908", "inputs.figure-run", """A run of figures with no word between them was only partly read.

## What it does
Reports where claimcheck stopped reading a run of more than
`--max-figure-run` figures (default 1,000; `max-figure-run` in the
configuration) with no letter between any two of them: a data series such as
a pasted CSV line, "$1,$1,$1,…", or a table of thousands of numeric cells with
no labels. The first figures of the run are checked; the rest of it, up to
the next letter, is not read. The finding spans the part not read.

## Why is this bad?
No check can relate figures that no word describes, and reading hundreds of
thousands of them would make one file cost minutes; but a partial lint must
never look like a complete one, so the skipped span is reported. A table of
figures with row labels is never cut: each label ends a run.

## Example
A text file holding one line of 5,000 × "$1,".

## Use instead
claimcheck lint --max-figure-run 0 series.txt   # read every figure, however long the run
""", severity="warning"),
    _input_rule("CC910", "inputs.unused-suppression", """Suppression comment matched no finding.

## What it does
With `--report-unused-ignores`, reports a `claimcheck: ignore` or `disable`
comment that suppressed nothing.

## Why is this bad?
Stale suppressions hide future problems on the same line.

## Example
Revenue was $5 million. <!-- claimcheck: ignore CC301 -->

## Use instead
Revenue was $5 million.
""", severity="warning"),
)
