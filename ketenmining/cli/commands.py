"""The list of top-level commands, in the order ``--help`` shows them.

Each command lives in its own module under ``ketenmining.cli``; add it here.
"""

from __future__ import annotations

import click

from ketenmining.cli.conform import conform_command

ALL: list[click.Command] = [
    conform_command,
]
