"""The JSON Schema of `claimcheck lint --format json`, generated from `LintReport`.

Regenerate the committed copy with::

    python -m claimcheck.report.schema > schemas/lint-report.schema.json

A test fails when the committed file and the models disagree.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from claimcheck.models import LintReport

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def lint_report_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12, as pydantic emits it) of a `LintReport`."""
    schema = LintReport.model_json_schema()
    return {
        "$schema": SCHEMA_DIALECT,
        "$comment": "Generated from claimcheck.models.LintReport by `python -m claimcheck.report.schema`; do not edit.",
        **schema,
    }


def schema_text() -> str:
    """Return the schema as the committed file holds it: indented JSON and a final newline."""
    return json.dumps(lint_report_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main() -> None:
    """Print the schema to standard output."""
    sys.stdout.write(schema_text())


if __name__ == "__main__":
    main()
