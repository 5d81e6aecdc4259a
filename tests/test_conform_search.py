"""Alignments per variant: optimal costs equal to pm4py's, deviations named right, workers.

Expected costs come from pm4py's own aligners (state-equation A* and
Dijkstra) or are worked out by hand in the comments; nothing here is copied
from ketenmining's output.
"""

from __future__ import annotations

import random

import pytest

from ketenmining.conform import alignments as al
from ketenmining.conform.alignments import align_variants, fitness_summary
from ketenmining.conform.deviations import Move, name_deviations
from ketenmining.conform.netcompile import compile_net
from ketenmining.errors import KetenError


def _pm4py():
    from ketenmining._pm4py import pm4py_quiet

    return pm4py_quiet()


def _net(arcs: list[tuple[str, str]], labels: dict[str, str | None], start: str, end: str):
    """A Petri net from arcs between place names (p*) and transition names (t*)."""
    _pm4py()
    from pm4py.objects.petri_net.obj import Marking, PetriNet
    from pm4py.objects.petri_net.utils import petri_utils

    net = PetriNet("test")
    nodes = {}
    for a, b in arcs:
        for name in (a, b):
            if name in nodes:
                continue
            if name.startswith("p"):
                nodes[name] = petri_utils.add_place(net, name)
            else:
                nodes[name] = petri_utils.add_transition(net, name, labels[name])
    for a, b in arcs:
        petri_utils.add_arc_from_to(nodes[a], nodes[b], net)
    return net, Marking({nodes[start]: 1}), Marking({nodes[end]: 1})


def _sequence_with_optional_b():
    """a, then optionally b (silent skip), then c."""
    arcs = [
        ("p0", "ta"),
        ("ta", "p1"),
        ("p1", "tb"),
        ("tb", "p2"),
        ("p1", "tskip"),
        ("tskip", "p2"),
    ]
    arcs += [("p2", "tc"), ("tc", "p3")]
    labels = {"ta": "a", "tb": "b", "tskip": None, "tc": "c"}
    return _net(arcs, labels, "p0", "p3")


def _pm4py_cost(trace: tuple[str, ...], net, im, fm, variant: str = "astar") -> tuple[int, float]:
    _pm4py()
    from pm4py.algo.conformance.alignments.petri_net import algorithm as alignments
    from pm4py.objects.log.obj import Event, Trace

    chosen = {
        "astar": alignments.Variants.VERSION_STATE_EQUATION_A_STAR,
        "dijkstra": alignments.Variants.VERSION_DIJKSTRA_NO_HEURISTICS,
    }[variant]
    result = alignments.apply_trace(
        Trace([Event({"concept:name": a}) for a in trace]), net, im, fm, variant=chosen
    )
    return result["cost"], result["fitness"]


def test_costs_by_hand_on_a_small_sequence() -> None:
    net, im, fm = _sequence_with_optional_b()
    compiled = compile_net(net, im, fm)
    # cheapest run of the model alone: a, silent skip, c = 2 visible moves + 1 silent
    assert compiled.best_worst_cost == 2 * 10000 + 1
    traces = [("a", "b", "c"), ("a", "c"), ("a", "b"), ("c", "a"), ("a", "x", "c")]
    result = align_variants(compiled, [(t, 1) for t in traces], workers=1)
    by_trace = {r.activities: r for r in result}
    assert by_trace[("a", "b", "c")].raw_cost == 0
    assert by_trace[("a", "c")].raw_cost == 1  # one silent skip, no deviation
    assert by_trace[("a", "c")].fitness == 1.0
    assert by_trace[("a", "b")].raw_cost == 10000  # c missing
    # (c, a): either c is extra and c is skipped later, or a is skipped and a extra: 2 deviations
    assert by_trace[("c", "a")].cost == 2
    assert by_trace[("a", "x", "c")].cost == 1
    # pm4py's fitness: 1 - cost / (len + cheapest run) = 1 - 1 / (3 + 2)
    assert by_trace[("a", "x", "c")].fitness == 1 - 1 / 5


def test_deviations_are_named_plainly() -> None:
    strict = _net(
        [("p0", "ta"), ("ta", "p1"), ("p1", "tb"), ("tb", "p2"), ("p2", "tc"), ("tc", "p3")],
        {"ta": "a", "tb": "b", "tc": "c"},
        "p0",
        "p3",
    )
    [wrong] = align_variants(compile_net(*strict), [(("a", "c", "b"), 1)], workers=1)
    # b and c swapped: two optimal alignments name either b or c; both are one wrong_order
    # record (not an extra plus a skipped), at the event where the step happened
    [record] = wrong.deviations
    assert record.kind == "wrong_order" and record.step in ("b", "c")
    assert record.position == {"b": 2, "c": 1}[record.step]
    assert record.expected_before == {"b": 1, "c": 3}[record.step]
    net, im, fm = _sequence_with_optional_b()
    compiled = compile_net(net, im, fm)
    [late_b, unknown, missing, twice] = align_variants(
        compiled,
        [(("a", "c", "b"), 1), (("a", "x", "c"), 1), (("a",), 1), (("a", "a", "c"), 1)],
        workers=1,
    )
    # with b optional, the cheapest reading is: b skipped silently, the late b is extra
    assert [(d.kind, d.step, d.position) for d in late_b.deviations] == [("extra", "b", 2)]
    assert [(d.kind, d.step, d.position) for d in unknown.deviations] == [
        ("not_in_protocol", "x", 1)
    ]
    assert [(d.kind, d.step, d.position) for d in missing.deviations] == [("skipped", "c", -1)]
    assert missing.deviations[0].expected_before == 1
    assert [(d.kind, d.step) for d in twice.deviations] == [("extra", "a")]
    assert all(m.kind != "silent" for m in unknown.visible_moves())


def test_name_deviations_pairs_wrong_order_per_step() -> None:
    moves = [
        Move("model", "b", "tb", 0),
        Move("sync", "a", "ta", 0),
        Move("log", "b", None, 1),
        Move("log", "b", None, 2),
        Move("model", "d", "td", 3),
    ]
    found = name_deviations(moves, {"a", "b", "d"})
    kinds = sorted((d.kind, d.step) for d in found)
    assert kinds == [("extra", "b"), ("skipped", "d"), ("wrong_order", "b")]
    wrong = next(d for d in found if d.kind == "wrong_order")
    assert (wrong.position, wrong.expected_before) == (1, 0)


def _random_tree_net(seed: int):
    pm4py = _pm4py()
    from pm4py.algo.simulation.tree_generator.variants import ptandloggenerator as gen

    random.seed(seed)
    tree = pm4py.generate_process_tree(
        parameters={
            gen.Parameters.MODE: 5,
            gen.Parameters.MIN: 3,
            gen.Parameters.MAX: 7,
            gen.Parameters.SILENT: 0.2,
            gen.Parameters.DUPLICATE: 0.1,
            gen.Parameters.LOOP: 0.2,
        }
    )
    return pm4py.convert_to_petri_net(tree)


@pytest.mark.parametrize("seed", range(6))
def test_optimal_cost_equals_pm4py_on_random_models(seed: int) -> None:
    net, im, fm = _random_tree_net(seed)
    compiled = compile_net(net, im, fm)
    assert compiled.complete
    rng = random.Random(seed)
    alphabet = [*sorted(compiled.labels), "zz-unknown"]
    # random words (many deviations) and runs of the model with one small change (few)
    traces = {tuple(rng.choice(alphabet) for _ in range(rng.randint(1, 7))) for _ in range(8)}
    traces |= {_noisy(run, alphabet, rng) for run in _runs(net, im, fm, seed)}
    traces = sorted(traces)
    result = align_variants(compiled, [(t, 1) for t in traces], workers=1)
    for trace, ours in zip(traces, result, strict=True):
        cost, fitness = _pm4py_cost(trace, net, im, fm)
        assert ours.raw_cost == cost, trace
        assert ours.fitness == fitness, trace
    # and Dijkstra without heuristics agrees on the deviating part for a few of them
    for trace, ours in list(zip(traces, result, strict=True))[:3]:
        cost, _ = _pm4py_cost(trace, net, im, fm, "dijkstra")
        assert ours.cost == cost // 10000


def _runs(net, im, fm, seed: int) -> list[tuple[str, ...]]:
    pm4py = _pm4py()
    random.seed(seed)
    log = pm4py.play_out(net, im, fm, parameters={"noTraces": 30})
    runs = sorted(
        {tuple(e["concept:name"] for e in trace) for trace in log}, key=lambda r: (len(r), r)
    )
    return [r for r in runs if len(r) <= 14][:8]


def _noisy(run: tuple[str, ...], alphabet: list[str], rng: random.Random) -> tuple[str, ...]:
    events = list(run)
    change = rng.choice(["keep", "swap", "drop", "insert"])
    if change == "swap" and len(events) > 1:
        i = rng.randrange(len(events) - 1)
        events[i], events[i + 1] = events[i + 1], events[i]
    elif change == "drop" and len(events) > 1:
        del events[rng.randrange(len(events))]
    elif change == "insert":
        events.insert(rng.randrange(len(events) + 1), rng.choice(alphabet))
    return tuple(events)


def test_fallback_to_pm4py_search_gives_the_same_costs() -> None:
    net, im, fm = _random_tree_net(3)
    fast = compile_net(net, im, fm)
    slow = compile_net(net, im, fm, max_states=1)
    assert fast.complete and not slow.complete
    assert slow.best_worst_cost == fast.best_worst_cost
    rng = random.Random(7)
    alphabet = sorted(fast.labels)
    variants = [
        (tuple(rng.choice(alphabet) for _ in range(rng.randint(1, 6))), 1) for _ in range(5)
    ]
    a = align_variants(fast, variants, workers=1)
    b = align_variants(slow, variants, workers=1)
    assert [x.raw_cost for x in a] == [x.raw_cost for x in b]
    assert [x.cost for x in a] == [
        len([m for m in x.moves if m.kind in ("log", "model")]) for x in b
    ]


def test_workers_do_not_change_the_result(monkeypatch: pytest.MonkeyPatch) -> None:
    net, im, fm = _random_tree_net(1)
    compiled = compile_net(net, im, fm)
    rng = random.Random(1)
    alphabet = sorted(compiled.labels)
    variants = [
        (tuple(rng.choice(alphabet) for _ in range(rng.randint(1, 6))), i + 1) for i in range(30)
    ]
    pooled_chunks: list[int] = []
    original = al._align_in_pool

    def spy(net, traces, workers, step):
        pooled_chunks.append(len(traces))
        return original(net, traces, workers, step)

    # start the pool right after the first variant
    monkeypatch.setattr(al, "PROBE_SECONDS", 0.0)
    monkeypatch.setattr(al, "POOL_MIN_SECONDS", 0.0)
    monkeypatch.setattr(al, "_align_in_pool", spy)
    alone = align_variants(compiled, variants, workers=1)
    assert pooled_chunks == []
    pooled = align_variants(compiled, variants, workers=2)
    assert pooled_chunks == [len(variants) - 1]
    assert [(a.variant_id, a.raw_cost, a.moves) for a in alone] == [
        (a.variant_id, a.raw_cost, a.moves) for a in pooled
    ]


def test_fitness_summary_follows_pm4py_formulas() -> None:
    net, im, fm = _sequence_with_optional_b()
    compiled = compile_net(net, im, fm)
    result = align_variants(compiled, [(("a", "b", "c"), 2), (("a", "b"), 1)], workers=1)
    summary = fitness_summary(result, [1, 2, 1])
    # trace fitness: 1 and 1 - 1/(2 + 2); the average over three cases, left to right
    assert summary.average_trace_fitness == (1.0 + 0.75 + 1.0) / 3
    # log fitness: 1 - sum(raw cost) / sum(len * 10000 + cheapest run)
    assert summary.log_fitness == 1 - 10000 / (2 * (30000 + 20001) + (20000 + 20001))
    assert summary.percentage_of_fitting_traces == 100 * 2 / 3
    assert (summary.cases, summary.variants, summary.fitting_cases) == (3, 2, 2)


def test_unreachable_final_marking_is_a_keten_error() -> None:
    arcs = [("p0", "ta"), ("ta", "p1"), ("p2", "tb"), ("tb", "p3")]
    net, im, fm = _net(arcs, {"ta": "a", "tb": "b"}, "p0", "p3")
    with pytest.raises(KetenError, match="final marking cannot be reached"):
        compile_net(net, im, fm)


def test_prefix_alignment_judges_a_running_case_on_what_it_did() -> None:
    """A case still running is aligned as a prefix: steps still to come are not skipped."""
    net, im, fm = _sequence_with_optional_b()
    compiled = compile_net(net, im, fm)
    variants = [(("a",), 1), (("a",), 1), (("a", "c", "c"), 1), (("c",), 1)]
    full, prefix = [], []
    for a in align_variants(compiled, variants, workers=1, prefix=[False, True, True, True]):
        (prefix if a.variant_id > 1 else full).append(a)
    # as a finished case, 'a' skipped c (one model move); as a running case it is fine so far
    assert full[0].cost == 1 and [d.kind for d in full[0].deviations] == ["skipped"]
    assert prefix[0].cost == 0 and prefix[0].fitness == 1.0
    # a running case is still held to what it did: a second c is extra; a c without a costs one move
    assert prefix[1].cost == 1 and [d.kind for d in prefix[1].deviations] == ["extra"]
    assert prefix[2].cost == 1 and prefix[2].fitness < 1
