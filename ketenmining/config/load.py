"""Load ``keten.yaml`` into a :class:`~ketenmining.config.model.ChainConfig`.

Every problem in the file is collected and reported at once, each with
``file:line:column`` and a hint (unknown keys get a "did you mean").
Files named by the config are resolved relative to the config's folder;
whether they exist is checked by :func:`check_source_files`, so a config
can be validated before the exports arrive.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path
from typing import Any

from ketenmining.config.model import (
    ActivityPattern,
    ChainConfig,
    ColumnMap,
    ReadOptions,
    SourceConfig,
    TimestampSpec,
    format_from_path,
)
from ketenmining.config.spec import (
    ATTRIBUTE_NAME,
    CLIENT_ID,
    COLUMNS,
    EPISODES,
    LIFECYCLES,
    OPTIONS,
    ORG_CODE,
    PERIOD,
    SOURCE,
    TIMESTAMP,
    TOP,
)
from ketenmining.errors import KetenError, Problem
from ketenmining.fsutil import sha256_bytes
from ketenmining.idmask import mask_path
from ketenmining.yamldoc import PathKey, YamlDoc, load_yaml_file
from ketenmining.yamlspec.checker import Checker, close_match
from ketenmining.yamlspec.nodes import Choice, Record

_CODE = re.compile(ORG_CODE)
_ATTRIBUTE = re.compile(ATTRIBUTE_NAME)


def load_config(path: str | Path) -> ChainConfig:
    """Read and validate a chain config; raise one KetenError listing every problem."""
    p = Path(path)
    doc = load_yaml_file(p, what="chain config")
    return parse_config(doc, p)


def parse_config(doc: YamlDoc, path: Path) -> ChainConfig:
    """Validate a loaded YAML document as a chain config."""
    v = _Validator(doc)
    data = doc.data
    if not isinstance(data, dict):
        raise KetenError(
            "a chain config must be a mapping with keten, organisations and sources",
            hint="start from 'ketenmining init DIR', which writes a commented keten.yaml",
            where=doc.where(()),
        )
    v.unknown_keys(data, TOP, ())
    name = v.key_text(data, "keten", (), TOP) or "keten"
    timezone = v.read_fields((), data, TOP, only=("timezone",))["timezone"]
    orgs = v.organisations(data.get("organisations"))
    period_from, period_to = v.period(data.get("period"))
    gap = None
    if "episodes" in data:
        ep = data["episodes"]
        if not isinstance(ep, dict) or "gap" not in ep:
            v.add(
                "episodes needs a gap, e.g. {gap: 12 months}",
                ("episodes",),
                "write episodes: {gap: 12 months}",
            )
        else:
            v.unknown_keys(ep, EPISODES, ("episodes",))
            gap = v.read(("episodes", "gap"), ep["gap"], EPISODES.field("gap").node, "gap")
    protocol = None
    if data.get("protocol") is not None:
        ptext = v.key_text(data, "protocol", ())
        if ptext:
            protocol = (path.parent / ptext).resolve()
            if not protocol.is_file():
                v.add(
                    f"protocol file not found: {mask_path(ptext)}",
                    ("protocol",),
                    "give the path of the chain protocol relative to this file",
                )
    sources_raw = data.get("sources")
    sources: list[SourceConfig] = []
    if not isinstance(sources_raw, list) or not sources_raw:
        v.add(
            "sources must be a list with at least one source",
            ("sources",),
            "add a '- id: ...' entry per export",
        )
    else:
        seen: dict[str, int] = {}
        for i, entry in enumerate(sources_raw):
            sid = entry.get("id") if isinstance(entry, dict) else None
            if sid is not None and str(sid) in seen:
                v.add(
                    f"duplicate source id '{sid}' (also source {seen[str(sid)] + 1})",
                    ("sources", i, "id"),
                    "give every source its own id",
                )
            elif sid is not None:
                seen[str(sid)] = i
            src = v.source(entry, ("sources", i), path.parent, timezone, {c for c, _ in orgs})
            if src is not None:
                sources.append(src)
    if v.problems:
        raise KetenError.from_problems(v.problems, f"{len(v.problems)} problem(s) in {path}")
    return ChainConfig(
        name=name,
        file=path.resolve(),
        sha256=sha256_bytes(path.read_bytes()),
        sources=tuple(sources),
        organisations=tuple(orgs),
        title=data.get("title"),
        timezone=timezone,
        protocol=protocol,
        period_from=period_from,
        period_to=period_to,
        episode_gap=gap,
    )


def check_mapped_steps(config: ChainConfig, steps: set[str], protocol_file: str) -> None:
    """Raise one KetenError naming every mapped step the chain's protocol does not have.

    A typo such as ``monitorring`` would otherwise leave the rules on that
    step with nothing to check, and the chain would look *better*.
    """
    problems = []
    for source in config.sources:
        for step, where in source.mapped_steps():
            if step in steps:
                continue
            close = close_match(step, sorted(steps))
            problems.append(
                Problem(
                    f"source {source.id} maps to step '{step}', which {protocol_file} does not have",
                    where,
                    f"did you mean '{close}'?"
                    if close
                    else "use a step id of the protocol (ketenmining protocol show lists them)",
                )
            )
    if problems:
        raise KetenError.from_problems(problems, f"{len(problems)} problem(s) in {config.file}")


def check_source_files(config: ChainConfig, only: list[str] | None = None) -> None:
    """Raise one KetenError listing every source file that does not exist."""
    problems = []
    for s in config.sources:
        if only and s.id not in only:
            continue
        if not s.path.is_file():
            problems.append(
                Problem(
                    f"source '{s.id}': file not found: {mask_path(str(s.path))}",
                    s.where,
                    "check 'path' (relative to the config file) or place the export there",
                )
            )
    if problems:
        raise KetenError.from_problems(problems)


class _Validator(Checker):
    """Walks the YAML data, collecting problems with their positions.

    Keys are checked by the shared :class:`~ketenmining.yamlspec.checker.Checker`
    against the declarations in :mod:`ketenmining.config.spec`; required fields
    are said missing as they are read (an empty value is missing too).
    """

    def __init__(self, doc: YamlDoc) -> None:
        super().__init__(doc)
        self.problems: list[Problem] = []

    #: keten.yaml: a number or true/false where a text is declared is its text (column 2024).
    scalar_text = True

    def add(self, message: str, path: PathKey, hint: str | None = None, key: bool = False) -> None:
        self.problems.append(Problem(message, self.doc.where(path, key=key), hint))

    def unknown_keys(self, mapping: dict[str, Any], allowed: Record, path: PathKey) -> None:
        """Report every key ``allowed`` does not declare."""
        self.check_keys(path, mapping, allowed, required=())

    def unknown_key(
        self, path: PathKey, key: Any, close: str | None, allowed: tuple[str, ...], **context: Any
    ) -> None:
        """Say 'unknown key', with a did-you-mean or the allowed keys."""
        hint = f"did you mean '{close}'?" if close else "allowed: " + ", ".join(sorted(allowed))
        self.add(f"unknown key '{key}'", path, hint, key=True)

    def missing_key(self, path: PathKey, key: str, **context: Any) -> None:
        """Say that the mapping at ``path`` needs ``key``."""
        self.add(f"'{key}' is required", path, f"add '{key}: ...'")

    def refuse(self, path: PathKey, kind: str, what: str, value: Any, **detail: Any) -> None:
        """Word what a typed read of :class:`Checker` found wrong (English, with a hint)."""
        if kind == "text":
            self.add(f"'{what}' must be a text, not a {type(value).__name__}", path)
        elif kind == "flag":
            self.add(f"{what} must be true or false", path)
        elif kind == "count":
            self.add(f"{what} must be a whole number >= 0", path)
        elif kind == "choice":
            *first, last = detail["options"]
            self.add(f"unknown {what} '{value}'", path, f"use {', '.join(first)} or {last}")
        elif kind == "date":
            self.add(f"{what} must be a date like 2024-01-31", path)
        elif kind == "duration":
            self.add(
                str(detail["error"]), path, "write e.g. '12 months', '90 days' or '10 working days'"
            )
        elif kind == "timezone":
            self.add(
                f"unknown time zone '{value}'",
                path,
                "use an IANA name such as Europe/Amsterdam or UTC",
            )
        elif kind == "pattern":
            self.add(
                f"invalid regular expression: {detail['error'].msg}",
                path,
                "check brackets and escapes",
            )
        elif kind == "names":
            self.add(
                f"'{what}' must be a text or a list of texts, not a {type(value).__name__}", path
            )
        else:  # mapping, list
            self.add(f"{what} must be a {kind}", path)

    def key_text(
        self, mapping: dict[str, Any], key: str, path: PathKey, record: Record | None = None
    ) -> str | None:
        """The text at ``key``; missing is a problem when ``record`` declares it required."""
        value = mapping.get(key)
        if value is None:
            if record is not None and key in record.required():
                self.missing_key(path, key)
            return None
        return self.text((*path, key), value, key)

    def organisations(self, value: Any) -> list[tuple[str, str]]:
        if value is None:
            return []
        if not isinstance(value, dict):
            self.add(
                "organisations must map codes to names", ("organisations",), "e.g. VT: Veilig Thuis"
            )
            return []
        out = []
        for code, name in value.items():
            if not _CODE.match(str(code)):
                self.add(
                    f"organisation code '{code}' is not a short code",
                    ("organisations", code),
                    "use letters, e.g. VT",
                    key=True,
                )
            if isinstance(name, dict):
                name = name.get("name", code)
            out.append((str(code), str(name)))
        return out

    def period(self, value: Any) -> tuple[dt.date | None, dt.date | None]:
        if value is None:
            return None, None
        if not isinstance(value, dict):
            self.add("period must be {from: DATE, to: DATE}", ("period",))
            return None, None
        path: PathKey = ("period",)
        self.unknown_keys(value, PERIOD, path)
        dates = [
            None if value.get(key) is None else self.date((*path, key), value[key], f"period {key}")
            for key in PERIOD.names()
        ]
        if dates[0] and dates[1] and dates[0] > dates[1]:
            self.add("period from is after period to", ("period",))
        return dates[0], dates[1]

    def source(
        self, entry: Any, path: PathKey, base: Path, default_tz: str, orgs: set[str]
    ) -> SourceConfig | None:
        if not isinstance(entry, dict):
            self.add("each source must be a mapping (id, org, path, id, columns, ...)", path)
            return None
        before = len(self.problems)
        self.unknown_keys(entry, SOURCE, path)
        sid = self.key_text(entry, "id", path, SOURCE)
        org = self.key_text(entry, "org", path, SOURCE)
        if org and orgs and org not in orgs:
            close = close_match(org, sorted(orgs))
            self.add(
                f"organisation '{org}' is not listed under organisations",
                (*path, "org"),
                f"did you mean '{close}'?" if close else "add it to organisations",
            )
        ptext = self.key_text(entry, "path", path, SOURCE)
        fpath = (base / ptext) if ptext else base
        fmt = entry.get("format") or (format_from_path(fpath) if ptext else None)
        formats = SOURCE.options("format")
        if fmt not in formats:
            self.add(
                f"unknown format '{fmt}'" if fmt else "cannot tell the format from the file name",
                (*path, "format") if "format" in entry else (*path, "path"),
                "format is one of " + ", ".join(formats),
            )
        options = self.options(entry.get("options"), (*path, "options"))
        id_column, id_kind = self.id_spec(entry.get("client_id"), (*path, "client_id"))
        columns = self.columns(entry.get("columns"), (*path, "columns"))
        ts = self.timestamp(entry.get("timestamp"), (*path, "timestamp"), default_tz)
        lifecycle = self.lifecycle(entry.get("lifecycle"), (*path, "lifecycle"))
        amap, patterns = self.activities(entry.get("activities"), (*path, "activities"))
        step_where = tuple((name, self.where((*path, "activities", name))) for name, _step in amap)
        ignore_names, ignore_patterns = self.ignore(entry.get("ignore"), (*path, "ignore"))
        dossier = self.key_text(entry, "dossier", path, SOURCE)
        if len(self.problems) > before or not (sid and org and ptext and columns and id_column):
            return None
        return SourceConfig(
            id=sid,
            org=org,
            path=fpath.resolve(),
            format=str(fmt),
            id_column=id_column,
            id_kind=id_kind,
            columns=columns,
            options=options,
            timestamp=ts,
            dossier_column=dossier,
            lifecycle_map=lifecycle,
            activity_map=amap,
            patterns=patterns,
            ignore_names=ignore_names,
            ignore_patterns=ignore_patterns,
            where=self.where((*path, "id")),
            step_where=step_where,
        )

    def options(self, value: Any, path: PathKey) -> ReadOptions:
        if value is None:
            return ReadOptions()
        if not isinstance(value, dict):
            self.add("options must be a mapping", path)
            return ReadOptions()
        self.unknown_keys(value, OPTIONS, path)
        kwargs: dict[str, Any] = {}
        for key in ("delimiter", "decimal", "quote"):
            if key in value:
                text = str(value[key]).replace("\\t", "\t")
                if len(text) != 1:
                    self.add(f"{key} must be one character", (*path, key), 'e.g. ";" or "\\t"')
                kwargs[key] = text
        if "encoding" in value:
            enc = str(value["encoding"])
            try:
                codecs.lookup(enc)
            except LookupError:
                self.add(
                    f"unknown encoding '{enc}'",
                    (*path, "encoding"),
                    "use utf-8, utf-8-sig, cp1252 or latin-1",
                )
            kwargs["encoding"] = enc
        if "sheet" in value:
            kwargs["sheet"] = value["sheet"]
        if "skip_rows" in value:
            skip = self.read(
                (*path, "skip_rows"),
                value["skip_rows"],
                OPTIONS.field("skip_rows").node,
                "skip_rows",
            )
            if skip is not None:
                kwargs["skip_rows"] = skip
        return ReadOptions(**kwargs)

    def id_spec(self, value: Any, path: PathKey) -> tuple[str | None, str]:
        if not isinstance(value, dict) or "column" not in value:
            self.add(
                "client_id must say which column holds the client id: {column: BSN, kind: bsn}",
                path,
                "kind is bsn, opaque or pseudonym",
            )
            return None, "bsn"
        self.unknown_keys(value, CLIENT_ID, path)
        node = CLIENT_ID.field("kind").node
        assert isinstance(node, Choice)
        kind = self.choice(
            (*path, "kind"), value.get("kind", node.default), "id kind", node.options
        )
        return str(value["column"]), kind or str(node.default)

    def columns(self, value: Any, path: PathKey) -> ColumnMap | None:
        if not isinstance(value, dict):
            self.add(
                "columns must map activity and timestamp to source columns",
                path,
                "e.g. columns: {activity: Actie, timestamp: Datum}",
            )
            return None
        self.unknown_keys(value, COLUMNS, path)
        missing = [k for k in COLUMNS.required() if not value.get(k)]
        for k in missing:
            self.add(f"columns.{k} is required", path, f"name the source column that holds the {k}")
        attrs: list[tuple[str, str]] = []
        raw_attrs = value.get("attributes") or {}
        if not isinstance(raw_attrs, dict):
            self.add("attributes must map names to source columns", (*path, "attributes"))
        else:
            for name, col in raw_attrs.items():
                if not _ATTRIBUTE.match(str(name)):
                    self.add(
                        f"attribute name '{name}' must be a simple name",
                        (*path, "attributes", name),
                        key=True,
                    )
                attrs.append((str(name), str(col)))
        if missing:
            return None
        return ColumnMap(
            activity=str(value["activity"]),
            timestamp=str(value["timestamp"]),
            lifecycle=str(value["lifecycle"]) if value.get("lifecycle") else None,
            org=str(value["org"]) if value.get("org") else None,
            attributes=tuple(attrs),
        )

    def timestamp(self, value: Any, path: PathKey, default_tz: str) -> TimestampSpec:
        if value is None:
            return TimestampSpec(timezone=default_tz)
        if not isinstance(value, dict):
            self.add("timestamp must be a mapping {format, timezone, date_only}", path)
            return TimestampSpec(timezone=default_tz)
        self.unknown_keys(value, TIMESTAMP, path)
        fmt = value.get("format")
        node = TIMESTAMP.field("format").node
        formats = () if fmt is None else self.read((*path, "format"), fmt, node, "format")
        for i, f in enumerate(formats):
            if f != "iso8601" and "%" not in f:
                self.add(
                    f"'{f}' is not a strftime format",
                    (*path, "format", i) if len(formats) > 1 else (*path, "format"),
                    "use e.g. '%d-%m-%Y %H:%M' or iso8601",
                )
        tz = self.timezone((*path, "timezone"), value.get("timezone", default_tz), "timezone")
        date_only = self.read_fields(path, value, TIMESTAMP, only=("date_only",))["date_only"]
        return TimestampSpec(formats=formats, timezone=tz or default_tz, date_only=date_only)

    def lifecycle(self, value: Any, path: PathKey) -> tuple[tuple[str, str], ...]:
        if value is None:
            return ()
        if not isinstance(value, dict):
            self.add("lifecycle must map source values to start/complete", path)
            return ()
        out = []
        for raw, canon in value.items():
            if str(canon).lower() not in LIFECYCLES:
                self.add(
                    f"'{canon}' is not a lifecycle transition",
                    (*path, raw),
                    "use start or complete",
                )
            out.append((str(raw), str(canon).lower()))
        return tuple(out)

    def activities(
        self, value: Any, path: PathKey
    ) -> tuple[tuple[tuple[str, str], ...], tuple[ActivityPattern, ...]]:
        if value is None:
            return (), ()
        if not isinstance(value, dict):
            self.add("activities must map the source's names to protocol step ids", path)
            return (), ()
        exact = []
        patterns: list[ActivityPattern] = []
        for name, step in value.items():
            if name == "patterns":
                patterns = self.patterns(step, (*path, "patterns"), need_step=True)
                continue
            if not isinstance(step, str) or not step:
                self.add(f"activity '{name}' must map to a step id", (*path, name))
                continue
            exact.append((str(name), step))
        return tuple(exact), tuple(patterns)

    def patterns(self, value: Any, path: PathKey, need_step: bool) -> list[ActivityPattern]:
        if not isinstance(value, list):
            self.add("patterns must be a list of {match: REGEX, step: ID}", path)
            return []
        out: list[ActivityPattern] = []
        for i, item in enumerate(value):
            out.extend(self.patterns_at(item, (*path, i), need_step))
        return out

    def patterns_at(self, item: Any, path: PathKey, need_step: bool) -> list[ActivityPattern]:
        if (
            not isinstance(item, dict)
            or "match" not in item
            or (need_step and not item.get("step"))
        ):
            self.add(
                "a pattern needs match (a regular expression)" + (" and step" if need_step else ""),
                path,
            )
            return []
        regex = self.pattern((*path, "match"), item["match"], "match")
        if regex is None:
            return []
        at = (*path, "step") if item.get("step") else path
        return [ActivityPattern(regex, item.get("step"), self.where(at))]

    def ignore(
        self, value: Any, path: PathKey
    ) -> tuple[tuple[str, ...], tuple[ActivityPattern, ...]]:
        if value is None:
            return (), ()
        if not isinstance(value, list):
            self.add("ignore must be a list of activity names or {match: REGEX}", path)
            return (), ()
        names: list[str] = []
        pats: list[ActivityPattern] = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                pats.extend(self.patterns_at(item, (*path, i), need_step=False))
            else:
                names.append(str(item))
        return tuple(names), tuple(pats)
