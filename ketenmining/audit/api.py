"""The audit stage's entry point: a log and the protocol in, an :class:`AuditRecord` out."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ketenmining.progress import SILENT, Progress


@dataclass
class AuditRecord:
    """An audit: the JSON-ready record every report renders, and the conformance behind it.

    ``record`` is the audit record (``ketenmining-audit-record/1``: findings
    in ISO classes, rules, seams, the sample, provenance); ``result`` the
    :class:`~ketenmining.conform.result.ConformResult` with the tables per
    case. The reports (html, md, json, junit) are rendered by
    :func:`ketenmining.report.audit.write_audit`.
    """

    record: dict[str, Any]
    result: Any
    log: Any = None

    @property
    def findings(self) -> list[dict[str, Any]]:
        """The findings, in report order (each with ``class``, ``title``, ``rule``, …)."""
        return list(self.record.get("findings", []))

    def count(self, cls: str) -> int:
        """Number of findings of class ``major``, ``minor``, ``observation`` or ``ofi``."""
        return sum(1 for f in self.findings if f.get("class") == cls)

    @property
    def cases(self) -> int:
        """Cases audited."""
        return int(self.result.cases.num_rows)

    @property
    def fitness(self) -> float | None:
        """Mean route fitness of the cases (0..1)."""
        return self.result.fitness.get("overall")

    def exit_code(self, fail_on: str = "never") -> int:
        """1 when findings of class ``fail_on`` (``major``, ``minor``) or worse exist, else 0."""
        from ketenmining.audit.fail_on import fail_exit_code

        return int(fail_exit_code(self.record, fail_on))

    def to_dict(self) -> dict[str, Any]:
        """The audit record (what ``audit.json`` holds)."""
        return self.record


def audit(
    log: Any,
    protocol: Any,
    *,
    settings: Any = None,
    seed: int | None = None,
    data_end: str | None = None,
    auditor: str | None = None,
    client: str | None = None,
    report_info: str | os.PathLike[str] | None = None,
    review: str | os.PathLike[str] | None = None,
    final: bool = False,
    previous: Any = None,
    lang: str = "nl",
    argv: list[str] | None = None,
    filters: Any = None,
    progress: Progress = SILENT,
) -> AuditRecord:
    """Audit the whole chain route against the agreed protocol (ISO 19011 style).

    ``log`` is a ChainLog or anything :func:`ketenmining.open_log` opens (a
    chain log, a ``keten.yaml``, one event-log file); ``protocol`` a protocol
    YAML or a loaded ``Protocol``. Every case in the configured period is
    checked against the route, the rules and the seams; findings are
    classified (major / minor nonconformity, observation, opportunity for
    improvement) and a reproducible sample is drawn for file review.
    ``settings`` is an audit settings YAML or ``AuditSettings``; ``seed``
    overrides its sampling seed. ``report_info`` (``rapport.yaml``),
    ``review`` (the filled-in ``sample.csv``), ``previous`` (the previous
    ``audit.json`` or its record), ``final`` and ``argv`` (the command line
    the provenance records) are what ``ketenmining audit`` passes on.

    >>> import ketenmining as km
    >>> a = km.audit("out/demo/keten.parquet", "configs/protocols/meldcode-keten.yaml")
    >>> a.count("major"), a.cases, round(a.fitness, 3)
    (3, 2067, 0.976)
    >>> a.exit_code("major")  # what --fail-on major exits with
    1
    """
    from ketenmining.audit.provenance import file_entry, provenance_record
    from ketenmining.audit.run import run_audit
    from ketenmining.audit.settings import AuditSettings, load_settings
    from ketenmining.audit.status import load_report_info, read_previous
    from ketenmining.conform.api import load_protocol_if_path
    from ketenmining.errors import KetenError
    from ketenmining.log import as_log, parse_data_end
    from ketenmining.protocol.calendar import WorkCalendar

    if not isinstance(previous, dict):
        previous = read_previous(Path(previous) if previous is not None else None)
    info = load_report_info(
        Path(report_info) if report_info else None, auditor=auditor, client=client
    )
    review_file = Path(review) if review is not None else None
    if review_file is not None and not review_file.is_file():
        raise KetenError(f"{review_file}: no such file", hint="give the filled-in sample.csv")
    if not isinstance(settings, AuditSettings):
        settings = load_settings(settings)
    if seed is not None:
        settings = dataclasses.replace(settings, seed=seed)
    protocol = load_protocol_if_path(protocol)
    end = parse_data_end(data_end, protocol.calendar.timezone)
    opened = as_log(log, filters, progress).within_period()
    end = opened.data_end(end)
    inputs = [*opened.inputs, file_entry("protocol", protocol.file, protocol.sha256 or None)]
    provenance = provenance_record(
        argv,
        inputs,
        WorkCalendar(protocol.calendar).describe(lang or protocol.language or "nl"),
        extra={"data_end": end.isoformat() if end else None},
    )
    run = run_audit(
        opened.con,
        protocol,
        end,
        quality=opened.quality,
        settings=settings,
        provenance=provenance,
        chain={
            "name": opened.chain_name,
            "organisations": opened.organisations,
            "auditor": auditor,
            "period": opened.period,
        },
        lang=lang,
        progress=progress,
        unexported=opened.unexported_steps(protocol),
        info=info,
        review_file=review_file,
        final=final,
        previous=previous,
    )
    run.result.log, run.result.protocol = opened, protocol
    return AuditRecord(run.record, run.result, opened)
