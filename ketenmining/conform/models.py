"""Read a process model file (PNML or BPMN) as a Petri net with its markings.

``conform --model`` takes a model drawn elsewhere (ProM, a BPMN editor,
pm4py). Whatever the source, the result is a :class:`RouteNet`: a pm4py
Petri net with initial and final marking, the same thing a compiled protocol
gives, so the conformance stage does not care where the route came from.

The file is first checked with a hardened XML parser (no entities, no
external references), then read by pm4py. Every problem is a one-line
:class:`~ketenmining.errors.KetenError` saying what is wrong and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ketenmining.errors import KetenError, Location
from ketenmining.fsutil import require_file, sha256_file

_ROOTS = {".pnml": "pnml", ".bpmn": "definitions"}


@dataclass(frozen=True)
class RouteNet:
    """A Petri net with initial and final marking, and where it came from."""

    net: Any
    initial_marking: Any
    final_marking: Any
    source: str
    sha256: str | None = None

    @property
    def labels(self) -> frozenset[str]:
        """Labels of the visible transitions."""
        return frozenset(t.label for t in self.net.transitions if t.label is not None)


def load_model(path: str | Path) -> RouteNet:
    """Read a ``.pnml`` or ``.bpmn`` file as a :class:`RouteNet`."""
    p = Path(path)
    if not p.exists():
        raise KetenError(
            "model file not found",
            hint="give the path of a .pnml or .bpmn file",
            where=Location(str(p)),
        )
    require_file(p, "model file")
    suffix = p.suffix.lower()
    if suffix not in _ROOTS:
        raise KetenError(
            f"'{p.suffix or p.name}' is not a model format ketenmining reads",
            hint="give a Petri net (.pnml) or a BPMN model (.bpmn)",
            where=Location(str(p)),
        )
    _check_xml(p, _ROOTS[suffix])
    net, im, fm = _read_pnml(p) if suffix == ".pnml" else _read_bpmn(p)
    where = Location(str(p))
    if not net.transitions:
        raise KetenError(
            "the model has no transitions", hint="give a model with at least one step", where=where
        )
    if not im:
        raise KetenError(
            "the model has no initial marking",
            hint="mark the start place of the net (<initialMarking> in PNML)",
            where=where,
        )
    if not fm:
        raise KetenError(
            "the model has no final marking",
            hint="add a <finalmarkings> section naming the end place (ProM and pm4py write one)",
            where=where,
        )
    return RouteNet(net, im, fm, str(p), sha256_file(p))


def _check_xml(path: Path, root: str) -> None:
    """Parse once with defusedxml: refuse entities and external references, check the root."""
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    kind = "PNML" if root == "pnml" else "BPMN"
    try:
        tree = SafeET.parse(path, forbid_dtd=True)
    except DefusedXmlException:
        raise KetenError(
            f"the {kind} file uses a DTD or XML entities, which are refused for safety",
            hint="export the model again without a DOCTYPE",
            where=Location(str(path)),
        ) from None
    except SafeET.ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        raise KetenError(
            f"not a well-formed {kind} file (XML syntax error)",
            hint="export the model again from the modelling tool",
            where=Location(str(path), line=line, column=column),
        ) from None
    tag = tree.getroot().tag.rsplit("}", 1)[-1]
    if tag != root:
        raise KetenError(
            f"not a {kind} file: the XML root is <{tag}>, expected <{root}>",
            hint="give a Petri net (.pnml) or a BPMN model (.bpmn)",
            where=Location(str(path)),
        )


def _read_pnml(path: Path) -> tuple[Any, Any, Any]:
    from ketenmining._pm4py import pm4py_quiet

    pm4py = pm4py_quiet()
    try:
        return pm4py.read_pnml(str(path))
    except Exception as exc:  # pm4py raises many kinds on a broken net
        raise KetenError(
            f"pm4py could not read this PNML net ({type(exc).__name__})",
            hint="check that arcs connect existing places and transitions",
            where=Location(str(path)),
        ) from None


def _read_bpmn(path: Path) -> tuple[Any, Any, Any]:
    from ketenmining._pm4py import pm4py_quiet

    pm4py = pm4py_quiet()
    try:
        bpmn = pm4py.read_bpmn(str(path))
        return pm4py.convert_to_petri_net(bpmn)
    except Exception as exc:
        raise KetenError(
            f"pm4py could not read or convert this BPMN model ({type(exc).__name__})",
            hint="check that the process has a start and an end event and connected flows",
            where=Location(str(path)),
        ) from None
