"""SQL of the ingest stage: parsing source timestamps, reading JSON lines, ordering quick-mode events."""

from __future__ import annotations

#: An ISO 8601 date-time with a UTC offset (``Z``, ``+02``, ``+0200``, ``+02:00``).
ISO_ZONED = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)"
#: An ISO 8601 date or date-time without an offset (local time).
ISO_LOCAL = r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?"
_OFFSET_SUFFIX = r"(Z|[+-]\d{2}(:?\d{2})?)$"


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def timestamp_parse_sql(
    table: str,
    iso: bool,
    zoned_formats: bool = False,
    local_formats: bool = False,
    date_only: bool = False,
) -> str:
    """SQL turning the text column ``s`` of ``table`` into instants, one output row per input row.

    Output columns: ``present`` (the trimmed text is not empty), ``utc``
    (TIMESTAMPTZ, for values that carry an offset) and ``local`` (naive
    TIMESTAMP, for wall-clock values the caller localises with the source's
    time zone). A present value with both ``utc`` and ``local`` null did not parse.

    ``iso`` accepts strict ISO 8601 (with or without offset); strptime formats
    are passed as parameters: first the list of formats with ``%z``/``%Z``
    when ``zoned_formats``, then the list without when ``local_formats``.
    ``date_only`` keeps the date as written (an offset is ignored) at midnight.
    """
    zoned_iso = f"regexp_full_match(v, {_sql_str(ISO_ZONED)})"
    local_iso = f"regexp_full_match(v, {_sql_str(ISO_LOCAL)})"
    utc_parts: list[str] = []
    local_parts: list[str] = []
    if iso and date_only:
        stripped = f"regexp_replace(v, {_sql_str(_OFFSET_SUFFIX)}, '')"
        local_parts.append(
            f"CASE WHEN {zoned_iso} THEN TRY_CAST({stripped} AS TIMESTAMP) "
            f"WHEN {local_iso} THEN TRY_CAST(v AS TIMESTAMP) END"
        )
    elif iso:
        utc_parts.append(f"CASE WHEN {zoned_iso} THEN TRY_CAST(v AS TIMESTAMPTZ) END")
        local_parts.append(f"CASE WHEN {local_iso} THEN TRY_CAST(v AS TIMESTAMP) END")
    if zoned_formats:
        utc_parts.append("try_strptime(v, ?)")
    if local_formats:
        local_parts.append("try_strptime(v, ?)")
    utc_expr = f"COALESCE({', '.join(utc_parts)})" if utc_parts else "CAST(NULL AS TIMESTAMPTZ)"
    local_expr = (
        f"CASE WHEN utc IS NULL THEN COALESCE({', '.join(local_parts)}) END"
        if local_parts
        else "CAST(NULL AS TIMESTAMP)"
    )
    if date_only:
        local_expr = f"date_trunc('day', {local_expr})"
    return (
        f"WITH src AS (SELECT NULLIF(trim(s), '') AS v FROM {table}), "
        f"zoned AS (SELECT v, {utc_expr} AS utc FROM src) "
        f"SELECT v IS NOT NULL AS present, utc, CAST({local_expr} AS TIMESTAMP) AS local FROM zoned"
    )


def read_json_sql(columns: list[str]) -> str:
    """SQL reading a JSON-lines (or JSON array) file, given as the first parameter.

    Every requested key comes back as text (numbers and booleans as written;
    nested values as JSON text); absent keys are null. Rows keep file order.
    """
    spec = ", ".join(f"{_sql_str(c)}: 'VARCHAR'" for c in columns)
    return f"SELECT * FROM read_json(?, format='auto', columns={{{spec}}})"


def json_columns_sql(sample_size: int = 1000) -> str:
    """SQL describing the keys of a JSON-lines file (first parameter); -1 scans every record."""
    return f"DESCRIBE SELECT * FROM read_json(?, format='auto', sample_size={int(sample_size)})"
