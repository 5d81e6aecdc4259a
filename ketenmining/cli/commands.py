"""The list of top-level commands, in the order ``--help`` shows them.

Each command lives in its own module under ``ketenmining.cli``; add it here.
"""

from __future__ import annotations

import click

ALL: list[click.Command] = []

from ketenmining.cli.discover import discover_command  # noqa: E402

ALL.append(discover_command)
