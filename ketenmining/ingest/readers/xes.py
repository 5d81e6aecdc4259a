"""XES reader (IEEE 1849): streaming, with element clearing, and safe.

``.xes`` and ``.xes.gz`` (decompressed as a stream) are parsed with lxml's
``iterparse``; each event and trace is dropped from the tree once read, so
memory stays flat whatever the file size. Event attributes come back under
their key, trace attributes under ``case:<key>`` (pm4py's convention), all as
text (dates keep their ISO text); nested attributes are not flattened.
``__row`` is the event number in file order.

Safety: XES needs no DTD. A file whose prolog holds a ``<!DOCTYPE`` (the
only place where entities can be declared, so billion-laughs and external
entities alike) is refused before parsing starts; the parser itself is also
set never to resolve entities, load a DTD or touch the network.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ketenmining.config.model import ReadOptions
from ketenmining.errors import KetenError
from ketenmining.ingest.readers.common import ROW, require_columns, row_numbers, where
from ketenmining.progress import SILENT, Progress, StepHandle

CASE_PREFIX = "case:"
_PROLOG_LIMIT = 1 << 20
_PEEK_EVENTS = 1000
_TICK = 8192
#: lxml parser settings: never resolve entities, load a DTD or use the network.
PARSER_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}
_REFUSED_HINT = (
    "XES files need no DTD: remove the <!DOCTYPE ...> declaration (and any entities) and try again"
)


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _open(path: Path) -> tuple[BinaryIO, BinaryIO]:
    """(decompressed stream, raw file) — the raw file tells how far we are."""
    raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    if _is_gzip(path):
        return gzip.GzipFile(fileobj=raw, mode="rb"), raw
    return raw, raw


def _decode_head(head: bytes) -> str | None:
    """The prolog bytes as text for scanning markup (None: an encoding we do not accept)."""
    if head.startswith(
        (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\x00<", b"<\x00\x00\x00")
    ):
        return None  # UTF-32
    if head.startswith((b"\xff\xfe", b"<\x00?\x00")):
        return head.decode("utf-16-le", errors="replace").lstrip("\ufeff")
    if head.startswith((b"\xfe\xff", b"\x00<\x00?")):
        return head.decode("utf-16-be", errors="replace").lstrip("\ufeff")
    # ASCII-compatible (UTF-8, latin-1, ...): markup is ASCII, so latin-1 shows it faithfully
    return head.decode("latin-1").removeprefix("\xef\xbb\xbf")


def prolog_problem(head: bytes, complete: bool) -> str | None:
    """Why the XML prolog in ``head`` is refused, or None when it is acceptable.

    The prolog (before the root element) may hold only the XML declaration,
    processing instructions, comments and white space; a DOCTYPE (with its
    entity declarations) is the only other thing that can appear there.
    ``complete`` says ``head`` is the whole document.
    """
    text = _decode_head(head)
    if text is None:
        return "UTF-32 encoded XML is not supported"
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            return None if complete else "the XML prolog is too long"
        if text.startswith("<?", i) or text.startswith("<!--", i):
            close = "?>" if text[i + 1] == "?" else "-->"
            j = text.find(close, i + 2)
            if j < 0:
                return None if complete else "the XML prolog is too long"
            i = j + len(close)
            continue
        if text.startswith("<!", i):
            return "the file declares a DTD (<!DOCTYPE ...>); DTDs and entities are refused"
        return None  # the root element (or something the parser will reject)


def _check_prolog(path: Path) -> None:
    stream, raw = _open(path)
    try:
        head = stream.read(_PROLOG_LIMIT)
        complete = len(head) < _PROLOG_LIMIT
    except (OSError, EOFError, zlib.error) as exc:
        raise _gzip_error(path, exc) from None
    finally:
        stream.close()
        raw.close()
    problem = prolog_problem(head, complete)
    if problem:
        raise KetenError(
            f"unsafe or unsupported XES: {problem}", hint=_REFUSED_HINT, where=where(path)
        )


def _gzip_error(path: Path, exc: Exception) -> KetenError:
    return KetenError(
        f"not a readable gzip file ({type(exc).__name__})",
        hint="the .xes.gz file is damaged or incomplete: copy or export it again",
        where=where(path),
    )


@dataclass
class _Scan:
    """What one pass over the XES collected."""

    events: int = 0
    traces: int = 0
    event_cols: dict[str, list[Any]] = field(default_factory=dict)
    trace_cols: dict[str, list[Any]] = field(default_factory=dict)
    trace_of: list[int] = field(default_factory=list)
    event_keys: set[str] = field(default_factory=set)  # keys seen in the first events
    trace_keys: set[str] = field(default_factory=set)


def _collect(cols: dict[str, list[Any]], element: Any, index: int, wanted: set[str] | None) -> None:
    """Store the attributes that are direct children of ``element`` at position ``index``.

    Each wanted key has a list of values, padded with None where an element
    lacked it; the same key twice in one element: the last one wins.
    """
    for child in element:
        key = child.get("key")
        if key is None or (wanted is not None and key not in wanted):
            continue
        lst = cols.get(key)
        if lst is None:
            lst = cols[key] = [None] * index
        else:
            gap = index - len(lst)
            if gap > 0:
                lst.extend([None] * gap)
            elif gap < 0:
                lst[index] = child.get("value")
                continue
        lst.append(child.get("value"))


def _keys(element: Any) -> set[str]:
    return {k for c in element if (k := c.get("key")) is not None}


def _scan(
    path: Path,
    event_wanted: set[str] | None,
    trace_wanted: set[str] | None,
    limit: int | None = None,
    step: StepHandle | None = None,
    data: bytes | None = None,
) -> _Scan:
    from lxml import etree

    if data is None:
        _check_prolog(path)
    out = _Scan()
    event_cols, trace_cols, trace_of = out.event_cols, out.trace_cols, out.trace_of
    events = traces = position = 0
    checked = False
    if data is None:
        stream, raw = _open(path)
    else:
        stream = raw = io.BytesIO(data)
    parsed = etree.iterparse(
        stream, events=("end",), tag=("{*}event", "{*}trace"), **PARSER_OPTIONS
    )
    try:
        for _, el in parsed:
            if not checked:  # belt and braces: the prolog check already refused any DTD
                checked = True
                if el.getroottree().docinfo.doctype:
                    raise KetenError(
                        "unsafe XES: the file declares a DTD", hint=_REFUSED_HINT, where=where(path)
                    )
            if el.tag[-1] == "t":  # 'event' (the other tag is 'trace')
                if events < _PEEK_EVENTS:
                    out.event_keys |= _keys(el)
                _collect(event_cols, el, events, event_wanted)
                trace_of.append(traces)
                events += 1
                if step is not None and not events % _TICK:
                    step.advance(raw.tell() - position)
                    position = raw.tell()
            else:
                out.trace_keys |= _keys(el)
                _collect(trace_cols, el, traces, trace_wanted)
                traces += 1
                if limit is not None and events >= limit:
                    break
            parent = el.getparent()
            el.clear()
            if parent is not None:
                parent.remove(el)
    except etree.XMLSyntaxError as exc:
        line, column = (exc.position or (None, None))[:2]
        message = str(exc.msg or "syntax error").splitlines()[0][:160]
        raise KetenError(
            f"not well-formed XML: {message}",
            hint="the XES file is damaged or incomplete: export it again",
            where=where(path, line=line, column=column),
        ) from None
    except (OSError, EOFError, zlib.error) as exc:
        raise _gzip_error(path, exc) from None
    finally:
        stream.close()
        raw.close()
    out.events, out.traces = events, traces
    return out


#: Files at least this large (uncompressed bytes) are parsed in two processes by :func:`scan_packed`.
PARALLEL_BYTES = 16 << 20


def _merge(first: _Scan, second: _Scan) -> _Scan:
    """The scan of a document whose traces are those of ``first`` then those of ``second``."""
    out = _Scan(
        events=first.events + second.events,
        traces=first.traces + second.traces,
        event_keys=first.event_keys | second.event_keys,
        trace_keys=first.trace_keys | second.trace_keys,
    )
    for mine, theirs, size, target in (
        (first.event_cols, second.event_cols, first.events, out.event_cols),
        (first.trace_cols, second.trace_cols, first.traces, out.trace_cols),
    ):
        for key in dict.fromkeys([*mine, *theirs]):
            values = mine.get(key, [])
            values.extend([None] * (size - len(values)))
            values.extend(theirs.get(key, []))
            target[key] = values
    out.trace_of = first.trace_of + [t + first.traces for t in second.trace_of]
    return out


#: Separator of the values of one column in a :class:`Packed` text, and the mark of a missing
#: value: control characters XML 1.0 cannot hold (not even as character references).
SEP, NULL = "\x1f", "\x1e"


class _Unparsed(Exception):
    """expat could not (or would not) parse a part: the caller reads the file with lxml."""


def _scan_expat(
    parts: Sequence[Any], event_wanted: set[str] | None, trace_wanted: set[str] | None
) -> _Scan:
    """:func:`_scan` of a document in memory (``parts``: its bytes, in pieces), by expat.

    Gives the same :class:`_Scan` as lxml's pass with about half the CPU: the
    attributes that are direct children of each event and trace, last one winning.
    Raises :class:`_Unparsed` on anything unusual — a syntax error, a DOCTYPE or an
    entity declaration (refused; :func:`_check_prolog` already refused the prolog),
    a prefixed element name, an encoding expat does not know — so that the caller
    reads the file with lxml, which reports the error at its line and column.
    """
    from xml.parsers import expat

    out = _Scan()
    ecols, tcols, trace_of, ekeys, tkeys = (
        out.event_cols,
        out.trace_cols,
        out.trace_of,
        out.event_keys,
        out.trace_keys,
    )
    stack: list[tuple[Any, int, bool]] = []
    depth = events = traces = 0
    cur: dict[str, Any] = {}  # attributes of the innermost open event or trace
    cur_depth, cur_event = -1, False

    def start(name: str, attrs: list[str]) -> None:  # attrs: [name, value, name, value, ...]
        nonlocal depth, cur, cur_depth, cur_event
        depth += 1
        if name == "event" or name == "trace":
            stack.append((cur, cur_depth, cur_event))
            cur, cur_depth, cur_event = {}, depth, name == "event"
        elif depth - 1 == cur_depth:
            if len(attrs) == 4 and attrs[0] == "key" and attrs[2] == "value":
                cur[attrs[1]] = attrs[3]
                return
            found = dict(zip(attrs[::2], attrs[1::2], strict=True))
            key = found.get("key")
            if key is not None:
                cur[key] = found.get("value")
            elif ":" in name:
                raise _Unparsed  # a prefixed element: lxml matches events by local name
        elif ":" in name:
            raise _Unparsed

    def end(name: str) -> None:
        nonlocal depth, cur, cur_depth, cur_event, events, traces
        if depth == cur_depth:
            d = cur
            if cur_event:
                n = events
                if n < _PEEK_EVENTS:
                    ekeys.update(d)
                cols, wanted = ecols, event_wanted
                trace_of.append(traces)
                events = n + 1
            else:
                n = traces
                tkeys.update(d)
                cols, wanted = tcols, trace_wanted
                traces = n + 1
            for key, value in d.items():
                if wanted is not None and key not in wanted:
                    continue
                lst = cols.get(key)
                if lst is None:
                    lst = cols[key] = [None] * n
                elif len(lst) < n:  # (one value per element: ``cur`` kept the last)
                    lst.extend([None] * (n - len(lst)))
                lst.append(value)
            cur, cur_depth, cur_event = stack.pop()
        depth -= 1

    def refuse(*_: Any) -> None:
        raise _Unparsed

    parser = expat.ParserCreate()
    parser.ordered_attributes = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        for part in parts:
            parser.Parse(part, False)
        parser.Parse(b"", True)
    except (expat.ExpatError, ValueError, LookupError) as exc:
        raise _Unparsed from exc
    out.events, out.traces = events, traces
    return out


@dataclass
class Packed:
    """The wanted columns of every event, each as one text (values joined by :data:`SEP`,
    a missing value as :data:`NULL`) — cheap to send between processes and to hand to
    DuckDB, which splits it. Trace attributes (``case:<key>``) are repeated on their events."""

    events: int
    columns: dict[str, str]
    event_keys: set[str]
    trace_keys: set[str]


def _pack(scan: _Scan, wanted: Sequence[str]) -> Packed:
    """``scan`` as a :class:`Packed` of the ``wanted`` columns that the file has."""
    columns: dict[str, str] = {}
    for name in wanted:
        key = name[len(CASE_PREFIX) :] if name.startswith(CASE_PREFIX) else None
        if key is not None and key in scan.trace_cols:
            per_trace = [NULL if v is None else v for v in scan.trace_cols[key]]
            per_trace.extend([NULL] * (scan.traces + 1 - len(per_trace)))
            values = [per_trace[t] for t in scan.trace_of]
        elif name in scan.event_cols:
            values = [NULL if v is None else v for v in scan.event_cols[name]]
            values.extend([NULL] * (scan.events - len(values)))
        else:
            continue
        columns[name] = SEP.join(values)
    return Packed(scan.events, columns, scan.event_keys, scan.trace_keys)


def _join(first: Packed, second: Packed) -> Packed:
    """The packed columns of a document whose events are those of ``first`` then ``second``."""
    columns: dict[str, str] = {}
    for name in dict.fromkeys([*first.columns, *second.columns]):
        parts = [
            part.columns.get(name, SEP.join([NULL] * part.events))
            for part in (first, second)
            if part.events
        ]
        columns[name] = SEP.join(parts)
    return Packed(
        first.events + second.events,
        columns,
        first.event_keys | second.event_keys,
        first.trace_keys | second.trace_keys,
    )


def scan_packed(path: Path, event_wanted: set[str], trace_wanted: set[str]) -> Packed:
    """The ``event_wanted`` and ``case:``-prefixed ``trace_wanted`` attributes of every event, packed.

    A large file is parsed in two processes, by expat (:func:`_scan_expat`): the
    document is cut at a trace boundary (:func:`part_bytes`); this process parses
    the first half while a forked child parses the second and sends its packed
    columns back. Anything unusual (a small file, one CPU, no ``fork``, anything
    expat will not parse in either half) falls back to one sequential pass by lxml,
    which also gives an error its line and column in the original file. The prolog
    check (no DTD, no entities) runs before either half is parsed.
    """
    import multiprocessing as mp
    import os

    wanted = sorted(event_wanted) + sorted(CASE_PREFIX + k for k in trace_wanted)

    def alone() -> Packed:
        return _pack(_scan(path, event_wanted, trace_wanted), wanted)

    raw_size = path.stat().st_size * (8 if _is_gzip(path) else 1)
    if (os.cpu_count() or 1) < 2 or raw_size < PARALLEL_BYTES:
        return alone()
    try:
        ctx = mp.get_context("fork")
    except ValueError:
        return alone()
    data = _whole(path)  # checks the prolog first
    halves = [_pieces(data, i, 2) for i in range(2)]  # views: the forked child shares the bytes
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        import signal

        # Ctrl-C or SIGTERM ends the child quietly (the parent reports the stop), and with
        # its copy of the reading end closed, a send to a parent that stopped reading fails
        # instead of waiting for ever
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        receive.close()
        try:
            send.send(_pack(_scan_expat(halves[1], event_wanted, trace_wanted), wanted))
        except Exception:  # any failure: the parent reads the file alone
            with contextlib.suppress(OSError):
                send.send(None)
        finally:
            send.close()

    worker = ctx.Process(target=child, daemon=True)
    worker.start()
    send.close()
    first: Packed | None = None
    second: Packed | None = None
    try:
        first = _pack(_scan_expat(halves[0], event_wanted, trace_wanted), wanted)
        second = receive.recv()
    except (_Unparsed, EOFError, OSError):
        second = None
    except BaseException:  # stopped (Ctrl-C, SIGTERM) or failed: the child's work is not wanted
        worker.kill()
        raise
    finally:
        receive.close()
        worker.join()
        halves.clear()  # the views go, then the document
        del data
    if first is None or second is None:
        return alone()
    return _join(first, second)


def columns(path: Path, options: ReadOptions) -> list[str]:
    """Event attribute keys and ``case:``-prefixed trace attribute keys seen in the first events."""
    scan = _scan(path, set(), set(), limit=_PEEK_EVENTS)
    return sorted(scan.event_keys) + sorted(CASE_PREFIX + k for k in scan.trace_keys)


def sample(path: Path, options: ReadOptions, column: str, n: int) -> list[Any]:
    """Up to ``n`` non-empty values of ``column`` from the first events."""
    table = _table(path, [column], _scan(path, {column}, _trace_key({column}), limit=n))
    return [v for v in table.column(0).to_pylist() if v not in (None, "")][:n]


def _trace_key(wanted: set[str] | None) -> set[str] | None:
    if wanted is None:
        return None
    return {c[len(CASE_PREFIX) :] for c in wanted if c.startswith(CASE_PREFIX)}


def _table(path: Path, cols: list[str], scan: _Scan) -> Any:
    import pyarrow as pa

    trace_of = pa.array(scan.trace_of, type=pa.int64())
    arrays, missing = [], []
    for name in cols:
        key = name[len(CASE_PREFIX) :] if name.startswith(CASE_PREFIX) else None
        if key is not None and key in scan.trace_cols:
            values = scan.trace_cols[key]
            values.extend([None] * (scan.traces + 1 - len(values)))
            arrays.append(pa.array(values, type=pa.string()).take(trace_of))
        elif name in scan.event_cols:
            values = scan.event_cols[name]
            values.extend([None] * (scan.events - len(values)))
            arrays.append(pa.array(values, type=pa.string()))
        else:
            missing.append(name)
    if missing:
        available = sorted(scan.event_keys | set(scan.event_cols))
        available += sorted(CASE_PREFIX + k for k in scan.trace_keys)
        require_columns(path, cols, available, what="attributes")
    return pa.table(arrays, names=cols)


def part_bytes(path: Path, part: tuple[int, int]) -> bytes:
    """Part ``i`` of ``n`` of an XES document: whole traces, as a well-formed document of its own.

    The document is cut at ``<trace`` boundaries near equal sizes; every part
    keeps the log header (extensions, globals, classifiers) so it parses on
    its own. Event numbers restart at 1 in each part: the caller adds the
    events of the parts before it.
    """
    return _cut(_whole(path), *part)


def _whole(path: Path) -> bytes:
    """The whole (decompressed) document, after the prolog check."""
    _check_prolog(path)
    stream, raw = _open(path)
    try:
        return stream.read()
    except (OSError, EOFError, zlib.error) as exc:
        raise _gzip_error(path, exc) from None
    finally:
        stream.close()
        raw.close()


def _cut(data: bytes, index: int, count: int) -> bytes:
    """Part ``index`` of ``count`` of the document ``data`` (see :func:`part_bytes`)."""
    return b"".join(_pieces(data, index, count))


def _pieces(data: bytes, index: int, count: int) -> list[Any]:
    """:func:`_cut` as pieces (the header, a view of the traces, the closing tag): no copy."""
    first = data.find(b"<trace")
    end = data.rfind(b"</log>")
    view = memoryview(data)
    if first < 0 or end < 0 or count <= 1:
        return [data] if index == 0 else [view[: max(first, 0)], b"</log>"]
    cuts = [first]
    for k in range(1, count):
        target = first + (end - first) * k // count
        cut = data.find(b"<trace", target)
        cuts.append(cut if 0 <= cut < end else end)
    cuts.append(end)
    return [view[:first], view[cuts[index] : cuts[index + 1]], b"</log>\n"]


def read(
    path: Path,
    options: ReadOptions,
    wanted: Sequence[str] | None,
    progress: Progress = SILENT,
    part: tuple[int, int] | None = None,
) -> Any:
    """Read the ``wanted`` attributes of every event as text, plus ``__row`` (event number).

    With ``part=(i, n)`` only the i-th of n parts (whole traces) is read, so
    several processes can share a large file.
    """
    wanted_set = None if wanted is None else set(wanted)
    step = progress.step(f"reading {path.name}", total=path.stat().st_size)
    data = part_bytes(path, part) if part is not None else None
    scan = _scan(path, wanted_set, _trace_key(wanted_set), step=step, data=data)
    step.done()
    if wanted is None:
        cols = sorted(scan.event_cols) + sorted(CASE_PREFIX + k for k in scan.trace_cols)
    else:
        cols = list(wanted)
    table = _table(path, cols, scan)
    return table.append_column(ROW, row_numbers(table.num_rows))
