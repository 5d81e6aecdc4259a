"""The two sides of a comparison: ``ATTR=VALUE``, or episodes before / after a date."""

from __future__ import annotations

from typing import Any

from ketenmining.errors import KetenError


def side_sql(spec: str, columns: set[str]) -> tuple[str, list[Any], str]:
    """SQL selecting the (case_id, episode) of one side: ``ATTR=VALUE``, ``before:DATE``, ``after:DATE``."""
    if spec.startswith(("before:", "after:")):
        kind, date = spec.split(":", 1)
        op = "<" if kind == "before" else ">="
        q = (
            f"SELECT case_id, episode FROM events GROUP BY ALL "
            f"HAVING min(timestamp) {op} CAST(? AS TIMESTAMPTZ)"
        )
        return q, [date], spec
    if "=" not in spec:
        raise KetenError(f"'{spec}' is not ATTR=VALUE", hint="e.g. --a werkwijze=Regulier")
    attr, value = spec.split("=", 1)
    col = attr if attr in columns else f"attr_{attr}"
    if col not in columns:
        known = ", ".join(sorted(c.removeprefix("attr_") for c in columns if c.startswith("attr_")))
        raise KetenError(
            f"cohort attribute '{attr}' is not in the log",
            hint=f"attributes in this log: {known or 'none'}",
        )
    q = f'SELECT DISTINCT case_id, episode FROM events WHERE CAST("{col}" AS VARCHAR) = ?'
    return q, [value], value


def sides(
    side_a: str | None, side_b: str | None, before: str | None, after: str | None
) -> tuple[str, str]:
    """The two cohort specs from ``--a/--b`` or ``--before/--after``."""
    if before or after:
        if not (before and after) or side_a or side_b:
            raise KetenError(
                "give --before and --after together, or --a and --b",
                hint="e.g. --before 2024-01-01 --after 2024-01-01",
            )
        return f"before:{before}", f"after:{after}"
    if not side_a or not side_b:
        raise KetenError("two cohorts are needed", hint="give --a ATTR=VALUE --b ATTR=VALUE")
    return side_a, side_b


def sides_table(con: Any, side_a: str, side_b: str) -> tuple[str, str]:
    """Create ``__sides`` (case_id, episode, in_a, in_b): the episodes of both cohorts.

    Returns the two cohorts' names. An episode may be in both.
    """
    from ketenmining.analyse import sql

    columns = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
    qa, pa, name_a = side_sql(side_a, columns)
    qb, pb, name_b = side_sql(side_b, columns)
    con.execute(sql.SIDES.format(a=qa, b=qb), [*pa, *pb])
    return name_a, name_b
