"""Options shared by several commands: the log to read, filters, language, privacy.

Every command that reads a chain log takes ``LOG`` (a chain log ``.parquet``,
a ``keten.yaml`` or, in quick mode, any single event-log file) plus the quick
mode column options, and the shared filters. Decorators here turn them into
the plain :class:`~ketenmining.logspec.LogSpec` and
:class:`~ketenmining.logspec.Filters` the stages take.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ketenmining.errors import KetenError, Location
from ketenmining.logspec import Filters, LogSpec, QuickMapping

KEY_ENV = "KETENMINING_KEY_FILE"


#: ``ctx.meta`` entry set by ``--allow-shared-key-file``.
ALLOW_SHARED_META = "ketenmining.allow_shared_key_file"


def _allow_shared(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[ALLOW_SHARED_META] = True


allow_shared_key_option = click.option(
    "--allow-shared-key-file",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_allow_shared,
    envvar="KETENMINING_ALLOW_SHARED_KEY_FILE",
    show_envvar=True,
    help="Accept key files that other users can read or write (refused by default: chmod 600 "
    "them instead); a warning is still printed.",
)


def shared_key_allowed() -> bool:
    """True when the running command was given ``--allow-shared-key-file``."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.find_root().meta.get(ALLOW_SHARED_META))


def key_file_option(required: bool = False, help_text: str | None = None) -> Callable[..., Any]:
    """``--key-file`` (or ``$KETENMINING_KEY_FILE``) and ``--allow-shared-key-file``: the secret
    key is only ever read from a file, never given as a command-line value."""
    key_option = click.option(
        "--key-file",
        "key_file",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar=KEY_ENV,
        show_envvar=True,
        required=required,
        help=help_text
        or "File holding the pseudonymisation key (32 random bytes as hex, from 'ketenmining key "
        "new'). The key itself is never given on the command line.",
    )

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        return key_option(allow_shared_key_option(func))

    return decorate


lang_option = click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default="nl",
    show_default=True,
    help="Language of labels and texts.",
)

summary_format_option = click.option(
    "--summary-format",
    "summary_format",
    type=click.Choice(["auto", "text", "csv", "markdown", "json"]),
    default="auto",
    show_default=True,
    help="How the summary table is printed: auto (a table on a terminal, full-width text "
    "otherwise: nothing is cut), text, csv, markdown or json.",
)

quiet_option = click.option("-q", "--quiet", is_flag=True, help="No progress display (for CI).")

engine_option = click.option(
    "--engine",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="Where the event-level queries run: embedded DuckDB, or Apache Spark (needs "
    "ketenmining[spark] and Java 17+; KETENMINING_SPARK_MASTER/_MEMORY/_CONF, docs/scale.md).",
)

k_option = click.option(
    "--k",
    "k",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Small-cell threshold: anything seen in fewer than k cases is suppressed. "
    "--k 1 turns suppression off (internal use only).",
)


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD") from None


def log_input(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the ``LOG`` argument and quick-mode options; pass ``log_spec`` to the command."""

    @click.argument("log", type=click.Path(path_type=Path))
    @click.option("--case", "q_case", metavar="COLUMN", help="Quick mode: case id column.")
    @click.option("--activity", "q_activity", metavar="COLUMN", help="Quick mode: activity column.")
    @click.option(
        "--timestamp", "q_timestamp", metavar="COLUMN", help="Quick mode: timestamp column."
    )
    @click.option(
        "--org", "q_org", metavar="COLUMN", help="Quick mode: organisation column (optional)."
    )
    @click.option(
        "--lifecycle",
        "q_lifecycle",
        metavar="COLUMN",
        help="Quick mode: lifecycle column (optional).",
    )
    @click.option(
        "--timestamp-format",
        "q_ts_format",
        metavar="FMT",
        help="Quick mode: strftime format of the timestamps, e.g. '%d-%m-%Y %H:%M' (default: ISO 8601).",
    )
    @click.option(
        "--delimiter",
        "q_delimiter",
        metavar="CHAR",
        help="Quick mode: CSV delimiter (default: sniffed).",
    )
    @click.option(
        "--attributes",
        "q_attributes",
        metavar="COL,COL",
        help="Quick mode: case attribute columns to carry (for --cohort, --a/--b), "
        "e.g. --attributes casetype,speciality.",
    )
    @key_file_option(
        help_text="Chain key: needed when LOG is a keten.yaml with raw exports; in quick mode it "
        "pseudonymises the case ids."
    )
    @click.option(
        "--raw-ids",
        is_flag=True,
        help="Quick mode without --key-file: keep case ids that look like BSNs as they are "
        "(the outputs then hold them: keep them inside the organisation).",
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        log: Path,
        q_case: str | None,
        q_activity: str | None,
        q_timestamp: str | None,
        q_org: str | None,
        q_lifecycle: str | None,
        q_ts_format: str | None,
        q_delimiter: str | None,
        q_attributes: str | None,
        key_file: Path | None,
        raw_ids: bool,
        **kwargs: Any,
    ) -> Any:
        quick = QuickMapping(
            case=q_case,
            activity=q_activity,
            timestamp=q_timestamp,
            org=q_org,
            lifecycle=q_lifecycle,
            timestamp_format=q_ts_format,
            delimiter=q_delimiter,
            attributes=tuple(a.strip() for a in (q_attributes or "").split(",") if a.strip()),
        )
        spec = LogSpec(
            path=log,
            quick=quick,
            key_file=key_file,
            raw_ids=raw_ids,
            allow_shared_key=shared_key_allowed(),
        )
        if not log.exists():
            raise KetenError(
                "log file not found",
                hint="give a chain log (.parquet), a keten.yaml or an event-log file",
                where=Location(str(log)),
            )
        return func(*args, log_spec=spec, **kwargs)

    return wrapper


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared filters; pass ``filters`` to the command."""

    @click.option(
        "--from",
        "date_from",
        callback=_parse_date,
        metavar="DATE",
        help="Keep events on or after DATE (YYYY-MM-DD).",
    )
    @click.option(
        "--to",
        "date_to",
        callback=_parse_date,
        metavar="DATE",
        help="Keep events on or before DATE (YYYY-MM-DD).",
    )
    @click.option(
        "--orgs",
        "orgs",
        metavar="CODES",
        help="Keep these organisations only, comma-separated (e.g. VT,TT).",
    )
    @click.option(
        "--episode", "episode", type=int, metavar="N", help="Keep episode N of each client only."
    )
    @click.option(
        "--cohort",
        "cohort",
        multiple=True,
        metavar="ATTR=VALUE",
        help="Keep cases whose attribute ATTR equals VALUE (repeatable), e.g. --cohort regio=Tilburg.",
    )
    @click.option(
        "--filter-scope",
        "scope",
        type=click.Choice(["events", "cases"]),
        default="events",
        show_default=True,
        help="events: keep matching events only; cases: keep whole cases with a matching event.",
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        date_from: dt.date | None,
        date_to: dt.date | None,
        orgs: str | None,
        episode: int | None,
        cohort: tuple[str, ...],
        scope: str,
        **kwargs: Any,
    ) -> Any:
        pairs: list[tuple[str, str]] = []
        for item in cohort:
            if "=" not in item:
                raise click.BadParameter(f"'{item}' is not ATTR=VALUE", param_hint="--cohort")
            name, value = item.split("=", 1)
            pairs.append((name.strip(), value.strip()))
        if date_from and date_to and date_from > date_to:
            raise click.BadParameter("--from is after --to")
        filters = Filters(
            date_from=date_from,
            date_to=date_to,
            orgs=tuple(o.strip() for o in orgs.split(",") if o.strip()) if orgs else (),
            episode=episode,
            cohort=tuple(pairs),
            scope=scope,
        )
        return func(*args, filters=filters, **kwargs)

    return wrapper


def show_progress(quiet: bool) -> bool:
    """True when a progress display should be shown (a terminal, and not --quiet)."""
    return not quiet and sys.stderr.isatty() and not os.environ.get("CI")


def echo_table(table: Any, fmt: str, styles: Any = ()) -> None:
    """Print a :class:`~ketenmining.tables.PrintedTable` on stdout in ``fmt`` (``auto``: rich
    on a terminal, full-width text otherwise)."""
    echo_tables([table], fmt, [styles])


def echo_tables(tables: list[Any], fmt: str, styles: list[Any] | None = None) -> None:
    """Print several tables on stdout in ``fmt`` (one JSON array for ``json``)."""
    from ketenmining.tables import render_many, resolve, rich_table

    chosen = resolve(fmt, sys.stdout.isatty())
    if chosen == "rich":
        from rich.console import Console

        console = Console()
        for i, table in enumerate(tables):
            console.print(
                rich_table(table, (styles or [])[i] if styles and i < len(styles) else ())
            )
    else:
        click.echo(render_many(tables, chosen), nl=False)


def progress_for(quiet: bool) -> Any:
    """A context manager yielding a Progress: rich on a terminal, silent otherwise."""
    import contextlib

    from ketenmining.progress import SILENT

    if show_progress(quiet):
        from ketenmining.progress import RichProgress

        return RichProgress()
    return contextlib.nullcontext(SILENT)


def load_key(path: Path | None, what: str = "key file") -> bytes:
    """Read a key file for a command: refused when weak, and when others can read it unless
    ``--allow-shared-key-file`` was given (then a warning on stderr)."""
    from ketenmining.privacy.pseudonym import key_is_private, read_key

    allowed = shared_key_allowed()
    key = read_key(path, what, allow_shared=allowed)
    if path is not None and not key_is_private(path):
        click.echo(
            f"warning: {what} {path} is readable by other users; restrict it with: chmod 600 {path}",
            err=True,
        )
    return key


def echo_quick_choice(info: Any, lang: str, quiet: bool) -> None:
    """In quick mode, say on stderr which columns and timestamp format were used (not with -q)."""
    record = (getattr(info, "meta", None) or {}).get("quick")
    if record and not quiet:
        from ketenmining.ingest.quick import choice_line

        click.echo(choice_line(record, lang), err=True)
