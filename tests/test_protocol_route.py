"""The route's language: automaton, soundness of the compiled net, routes from BPMN/PNML files."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from ketenmining.protocol import load_protocol
from ketenmining.protocol.load import read_protocol_text
from ketenmining.protocol.model import RouteNode
from ketenmining.protocol.route import build_automaton, nullable

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "configs" / "protocols" / "meldcode-keten.yaml"


def S(x: str) -> RouteNode:
    return RouteNode("step", step=x)


def N(kind: str, *children: RouteNode) -> RouteNode:
    return RouteNode(kind, children=children)


def language(route: RouteNode, alphabet: str, max_len: int) -> set[str]:
    auto = build_automaton(route)
    return {
        "".join(w)
        for n in range(max_len + 1)
        for w in itertools.product(alphabet, repeat=n)
        if auto.accepts(list(w))
    }


def test_operators_have_the_documented_languages() -> None:
    assert language(N("sequence", S("a"), S("b")), "ab", 3) == {"ab"}
    assert language(N("choice", S("a"), S("b")), "ab", 3) == {"a", "b"}
    assert language(N("parallel", S("a"), N("sequence", S("b"), S("c"))), "abc", 3) == {
        "abc",
        "bac",
        "bca",
    }
    assert language(N("loop", S("a")), "a", 4) == {"a", "aa", "aaa", "aaaa"}  # one or more
    assert language(N("optional", S("a")), "a", 3) == {"", "a"}  # zero or one
    assert language(N("sequence", N("optional", S("a")), N("loop", S("b")), S("c")), "abc", 4) == {
        "bc",
        "abc",
        "bbc",
        "abbc",
        "bbbc",
    }
    # a loop whose body may be empty still ends
    assert language(N("loop", N("optional", S("a"))), "a", 3) == {"", "a", "aa", "aaa"}
    assert nullable(N("parallel", N("optional", S("a")), N("loop", N("optional", S("b")))))


def test_example_route_accepts_and_rejects() -> None:
    proto = load_protocol(EXAMPLE)
    auto = build_automaton(proto.route)
    regular = [
        "melding_gedaan",
        "melding",
        "veiligheidsbeoordeling",
        "overdracht",
        "intake",
        "huisbezoek",
        "huisbezoek",
        "stabiele_veiligheid",
        "monitoring",
        "afsluiting",
    ]
    assert auto.accepts(regular)
    assert auto.accepts(
        ["signalering", "melding_gedaan", "melding", "veiligheidsbeoordeling", "afsluiting"]
    )
    assert auto.accepts(
        [
            "melding_gedaan",
            "melding",
            "veiligheidsbeoordeling",
            "onderzoek",
            "verzoek_raad",
            "raadsonderzoek",
            "afsluiting",
        ]
    )
    assert not auto.accepts(regular[:-1])  # not finished
    assert not auto.accepts(["melding", "melding_gedaan", "veiligheidsbeoordeling", "afsluiting"])
    assert not auto.accepts(
        [
            "melding_gedaan",
            "melding",
            "veiligheidsbeoordeling",
            "overdracht",
            "intake",
            "monitoring",
            "stabiele_veiligheid",
            "afsluiting",
        ]
    )  # no home visit
    assert auto.end_steps() == {"afsluiting"}
    assert auto.match(["melding_gedaan", "melding", "afsluiting"]) == (2, False)
    assert auto.expected_after(["melding_gedaan", "melding"]) == {"veiligheidsbeoordeling"}


def test_budget_bounds_parallel_explosion() -> None:
    route = N("parallel", *(N("sequence", S(f"{b}1"), S(f"{b}2"), S(f"{b}3")) for b in "abcdefgh"))
    auto = build_automaton(route, budget=1000)
    assert auto.bounded
    assert auto.size == 1000


def test_example_route_compiles_to_a_sound_workflow_net() -> None:
    from ketenmining._pm4py import pm4py_quiet
    from ketenmining.protocol.compile import to_petri_net

    pm4py = pm4py_quiet()
    from pm4py.algo.analysis.woflan import algorithm as woflan

    proto = load_protocol(EXAMPLE)
    net, im, fm = to_petri_net(proto.route)
    assert (
        woflan.apply(
            net, im, fm, parameters={"return_asap_when_not_sound": True, "print_diagnostics": False}
        )
        is True
    )
    labels = {t.label for t in net.transitions if t.label}
    assert labels == set(proto.route.steps())
    # the net accepts exactly what the automaton accepts, on a conforming and a deviating trace
    from pm4py.objects.log.obj import Event, EventLog, Trace

    def log_of(seq: list[str]) -> EventLog:
        return EventLog([Trace([Event({"concept:name": a}) for a in seq])])

    ok = ["melding_gedaan", "melding", "veiligheidsbeoordeling", "afsluiting"]
    bad = ["melding", "afsluiting"]
    fit = pm4py.conformance_diagnostics_token_based_replay(log_of(ok), net, im, fm)[0][
        "trace_is_fit"
    ]
    unfit = pm4py.conformance_diagnostics_token_based_replay(log_of(bad), net, im, fm)[0][
        "trace_is_fit"
    ]
    assert fit and not unfit


@pytest.mark.parametrize("kind", ["bpmn", "pnml"])
def test_route_from_a_model_file_matches_steps_by_label(tmp_path: Path, kind: str) -> None:
    from ketenmining._pm4py import pm4py_quiet
    from ketenmining.protocol.compile import resolve_route

    pm4py = pm4py_quiet()
    from pm4py.objects.process_tree.obj import Operator, ProcessTree

    # drawn by a consultant: activities named by their Dutch labels
    root = ProcessTree(operator=Operator.SEQUENCE)
    a = ProcessTree(label="Melding ontvangen", parent=root)
    xor = ProcessTree(operator=Operator.XOR, parent=root)
    b = ProcessTree(label="Onderzoek", parent=xor)
    tau = ProcessTree(parent=xor)
    xor.children.extend([b, tau])
    c = ProcessTree(label="Afsluiting", parent=root)
    root.children.extend([a, xor, c])
    if kind == "bpmn":
        pm4py.write_bpmn(pm4py.convert_to_bpmn(root), str(tmp_path / "route.bpmn"))
    else:
        net, im, fm = pm4py.convert_to_petri_net(root)
        pm4py.write_pnml(net, im, fm, str(tmp_path / "route.pnml"))
    text = f"""
protocol: uit-model
version: 1.0.0
organisations: {{VT: Veilig Thuis}}
steps:
  melding: {{label: Melding ontvangen, by: VT}}
  onderzoek: {{label: Onderzoek, by: VT}}
  afsluiting: {{label: Afsluiting, by: VT}}
route: {{{kind}: route.{kind}}}
"""
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    proto = resolve_route(load_protocol(path))
    auto = build_automaton(proto.route)
    assert auto.accepts(["melding", "afsluiting"])
    assert auto.accepts(["melding", "onderzoek", "afsluiting"])
    assert not auto.accepts(["melding", "onderzoek"])
    from click.testing import CliRunner

    from ketenmining.cli import main
    from ketenmining.protocol.lint import lint_file

    assert lint_file(path).findings == []
    with path.open("a", encoding="utf-8") as fh:
        fh.write(
            "tests:\n  - {name: kort, trace: [melding@2024-03-04, afsluiting@2024-03-05], expect: conforms}\n"
        )
    result = CliRunner().invoke(main, ["protocol", "test", "--lang", "en", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 passed, 0 failed" in result.output


def test_model_file_with_unknown_activity_is_a_clear_error(tmp_path: Path) -> None:
    from ketenmining._pm4py import pm4py_quiet
    from ketenmining.errors import KetenError
    from ketenmining.protocol.compile import resolve_route

    pm4py = pm4py_quiet()
    from pm4py.objects.process_tree.obj import Operator, ProcessTree

    root = ProcessTree(operator=Operator.SEQUENCE)
    root.children.extend(
        [
            ProcessTree(label="Melding ontvangen", parent=root),
            ProcessTree(label="Koffie", parent=root),
        ]
    )
    pm4py.write_bpmn(pm4py.convert_to_bpmn(root), str(tmp_path / "r.bpmn"))
    result = read_protocol_text(
        "protocol: m\nversion: 1.0.0\norganisations: {VT: V}\nsteps: {melding: {label: Melding ontvangen, by: VT}}\nroute: {bpmn: r.bpmn}\n",
        str(tmp_path / "p.yaml"),
    )
    with pytest.raises(KetenError, match=r"'Koffie'.*matches no step"):
        resolve_route(result.protocol)
