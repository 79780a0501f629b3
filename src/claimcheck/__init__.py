"""claimcheck: a linter for the numbers in prose.

Public API (imported lazily so `import claimcheck` stays cheap):

- `extract_text(text, fmt="text") -> list[Figure]`
- `lint_text(text, ...) -> list[Finding]`
- `lint_path(paths, ...) -> LintReport`
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "extract_text", "lint_text", "lint_path"]


def __getattr__(name: str):
    if name in ("extract_text", "lint_text", "lint_path", "extract_path"):
        from claimcheck import api

        return getattr(api, name)
    raise AttributeError(name)
