"""The list of top-level commands, in the order ``--help`` shows them.

Each command lives in its own module under ``ketenmining.cli``; add it here.
Command modules import only click and light modules at import time.
"""

from __future__ import annotations

import click

from ketenmining.cli.analyse import analyse_group
from ketenmining.cli.analyse_forecast import forecast_command
from ketenmining.cli.audit import audit_command
from ketenmining.cli.conform import conform_command
from ketenmining.cli.discover import discover_command
from ketenmining.cli.example import example_command
from ketenmining.cli.export import export_command
from ketenmining.cli.init import init_command
from ketenmining.cli.keys import key_group
from ketenmining.cli.lookup import lookup_command
from ketenmining.cli.protocol import protocol
from ketenmining.cli.pseudonymise import pseudonymise_command
from ketenmining.cli.stitch import stitch_command
from ketenmining.cli.unwrap import unwrap_command

analyse_group.add_command(forecast_command)

ALL: list[click.Command] = [
    init_command,
    example_command,
    key_group,
    pseudonymise_command,
    stitch_command,
    protocol,
    discover_command,
    unwrap_command,
    lookup_command,
    conform_command,
    audit_command,
    analyse_group,
    export_command,
]
