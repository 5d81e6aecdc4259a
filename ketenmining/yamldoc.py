"""Safe YAML loading that remembers where every value came from.

Chain configs and protocols are YAML written by people. Messages about them
must point at ``file:line:column``, so this module loads YAML with PyYAML's
safe loader into plain Python values *and* a table of positions keyed by the
path of each value (``("steps", "melding", "by")``).

It also refuses what the plain safe loader lets through: duplicate keys
(PyYAML silently keeps the last), tabs used for indentation, files that are
too large, and alias "bombs" (documents that expand to millions of nodes
through anchors and aliases), as well as alias cycles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenmining.errors import KetenError, Location, Problem

PathKey = tuple[Any, ...]

#: Largest YAML file we read (configs and protocols are a few kB).
MAX_BYTES = 2 * 1024 * 1024
#: Largest number of nodes a document may expand to through aliases.
MAX_NODES = 200_000


@dataclass
class YamlDoc:
    """A loaded YAML document: its data and the position of every value and key."""

    data: Any
    file: str
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: PathKey = (), key: bool = False) -> Location:
        """Location of the value (or, with ``key=True``, the key) at ``path``.

        Falls back to the nearest ancestor that has a position, so callers
        can ask for a path that does not exist (a missing field) and still
        point at the mapping that should have held it.
        """
        path = tuple(path)
        table = self.key_positions if key else self.positions
        probe = path
        while True:
            pos = table.get(probe) or (self.positions.get(probe) if key else None)
            if pos is not None:
                return Location(self.file, pos[0], pos[1])
            if not probe:
                return Location(self.file, 1, 1)
            probe = probe[:-1]


def load_yaml_file(
    path: str | Path, what: str = "YAML file", max_bytes: int = MAX_BYTES
) -> YamlDoc:
    """Read and parse a YAML file safely; raise KetenError with a position on any problem."""
    p = Path(path)
    if not p.exists():
        raise KetenError(f"{what} not found", hint="check the path", where=Location(str(p)))
    if not p.is_file():
        raise KetenError(
            f"{what} is not a file", hint="give the path of a .yaml file", where=Location(str(p))
        )
    size = p.stat().st_size
    if size > max_bytes:
        raise KetenError(
            f"{what} is too large ({size // 1024} kB; the limit is {max_bytes // 1024} kB)",
            hint="a config or protocol is a few kB: is this the right file?",
            where=Location(str(p)),
        )
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise KetenError(
            "file is not valid UTF-8",
            hint="save the file as UTF-8",
            where=Location(str(p), line),
        ) from None
    return load_yaml_text(text, str(p))


def load_yaml_text(text: str, file: str = "<string>") -> YamlDoc:
    """Parse YAML text safely into a :class:`YamlDoc`."""
    import yaml

    _check_tabs(text, file)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        problem = (exc.problem or exc.context or "YAML syntax error").strip()
        raise KetenError(
            f"YAML syntax error: {problem}",
            hint="check indentation, colons and quotes around this position",
            where=where,
        ) from None
    except yaml.reader.ReaderError as exc:  # a NUL or another character YAML forbids
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        raise KetenError(
            f"a character YAML does not allow (#x{exc.character:04x}, a control character)",
            hint="remove it; save the file as plain UTF-8 text",
            where=Location(file, line, column),
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - defensive, composer errors are marked
        raise KetenError(
            f"YAML error ({type(exc).__name__})", hint="check the YAML", where=Location(file)
        ) from None
    doc = YamlDoc(data=None, file=file)
    if node is None:
        return doc
    builder = _Builder(doc)
    doc.data = builder.build(node, ())
    if builder.problems:
        raise KetenError.from_problems(builder.problems)
    return doc


def _check_tabs(text: str, file: str) -> None:
    """Reject tab characters in indentation with a clear position."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            col = len(line) - len(stripped) + 1
            raise KetenError(
                "tab character used for indentation",
                hint="YAML indentation must use spaces; replace the tab by spaces",
                where=Location(file, lineno, col),
            )


class _Builder:
    """Turn a composed node graph into plain values, recording positions."""

    def __init__(self, doc: YamlDoc) -> None:
        import yaml

        self._yaml = yaml
        self.doc = doc
        self.count = 0
        self.problems: list[Problem] = []
        self._stack: set[int] = set()
        self._constructor = yaml.SafeLoader("")

    def _where(self, node: Any) -> Location:
        return Location(self.doc.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: Any, path: PathKey) -> Any:
        yaml = self._yaml
        self.count += 1
        if self.count > MAX_NODES:
            raise KetenError(
                f"document expands to more than {MAX_NODES:,} values",
                hint="anchors and aliases expand to too much data (an alias bomb?); write the values out",
                where=self._where(node),
            )
        self.doc.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if id(node) in self._stack:
            raise KetenError(
                "alias refers to itself (a cycle)",
                hint="remove the recursive anchor/alias",
                where=self._where(node),
            )
        if isinstance(node, yaml.ScalarNode):
            try:
                return self._constructor.construct_object(node, deep=True)
            except yaml.constructor.ConstructorError as exc:
                self.problems.append(
                    Problem(
                        f"cannot read value: {exc.problem}", self._where(node), "quote the value"
                    )
                )
                return None
            except (ValueError, OverflowError) as exc:  # 2024-02-30, a year 0, a huge number
                self.problems.append(self._impossible(node, exc))
                return None
        self._stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
        finally:
            self._stack.discard(id(node))
        raise KetenError("unsupported YAML node", where=self._where(node))  # pragma: no cover

    def _impossible(self, node: Any, exc: Exception) -> Problem:
        """A value the YAML grammar accepts but Python cannot hold (``2024-02-30``)."""
        if node.tag == "tag:yaml.org,2002:timestamp":
            return Problem(
                f"impossible date or time ({exc})",
                self._where(node),
                "write a date that exists, as YYYY-MM-DD (e.g. 2024-02-29)",
            )
        return Problem(  # pragma: no cover - only timestamps fail this way in the safe loader
            f"cannot read value ({type(exc).__name__})", self._where(node), "quote the value"
        )

    def _mapping(self, node: Any, path: PathKey) -> dict[Any, Any]:
        yaml = self._yaml
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                merged = self.build(value_node, path)
                items = merged if isinstance(merged, list) else [merged]
                for item in items:
                    if isinstance(item, dict):
                        for k, v in item.items():
                            out.setdefault(k, v)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem(
                        "a mapping key must be a plain value",
                        self._where(key_node),
                        "use a simple name as key",
                    )
                )
                continue
            key = self._constructor.construct_object(key_node, deep=True)
            if isinstance(key, (list, dict)):  # pragma: no cover - scalar nodes give scalars
                key = str(key)
            kpath = (*path, key)
            kpos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in out:
                first = self.doc.key_positions.get(kpath)
                at = f" (first at line {first[0]})" if first else ""
                self.problems.append(
                    Problem(
                        f"duplicate key '{key}'{at}",
                        Location(self.doc.file, *kpos),
                        "each key may appear once in a mapping; remove or rename one",
                    )
                )
                continue
            self.doc.key_positions[kpath] = kpos
            out[key] = self.build(value_node, kpath)
        return out
