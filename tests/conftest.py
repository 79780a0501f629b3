"""Shared pytest configuration: `--update-goldens` rewrites golden files; no hypothesis deadline."""

from __future__ import annotations

import pytest
from hypothesis import settings

# NOTE: hypothesis fails an example that takes over 200 ms by default: a
# wall-time assertion, which a loaded 2-core CI machine trips at random. Tests
# never assert on wall time, so no property test has a deadline.
settings.register_profile("claimcheck", deadline=None)
settings.load_profile("claimcheck")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output (review the diff like code)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Return True when the run was asked to rewrite golden files."""
    return bool(request.config.getoption("--update-goldens"))
