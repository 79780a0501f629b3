"""Extra CLI command modules (`facts`, `batch`): each defines `COMMAND`, a click command or group.

`claimcheck.cli` adds every module listed in `COMMAND_MODULES`; a test asserts
they all load, so a missing module fails the suite rather than vanishing.
"""

COMMAND_MODULES = ("facts", "batch")
