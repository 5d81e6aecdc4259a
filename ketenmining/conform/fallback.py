"""Alignments with pm4py's own A*, for models too large to compile.

When a model's reachability graph is larger than the compile limit (or
unbounded), each variant is aligned with pm4py's default search (state
equation A*) instead. Costs and fitness are pm4py's by construction; it is
just slower. The result is converted to the same raw moves the fast search
returns.
"""

from __future__ import annotations

from ketenmining.conform.netcompile import CompiledNet
from ketenmining.conform.search import LOG, MODEL, SILENT, SYNC, RawMove

_SKIP = ">>"


def align_with_pm4py(net: CompiledNet, trace: tuple[str, ...]) -> tuple[int, list[RawMove]]:
    """Align one trace with pm4py's state-equation A*; return raw cost and raw moves."""
    from ketenmining._pm4py import pm4py_quiet

    pm4py_quiet()
    from pm4py.algo.conformance.alignments.petri_net.variants import state_equation_a_star as astar
    from pm4py.objects.log.obj import Event, Trace

    pn, im, fm = net.fallback
    result = astar.apply(
        Trace([Event({"concept:name": a}) for a in trace]),
        pn,
        im,
        fm,
        parameters={astar.Parameters.PARAM_ALIGNMENT_RESULT_IS_SYNC_PROD_AWARE: True},
    )
    index = {name: i for i, (name, _label) in enumerate(net.transitions)}
    moves: list[RawMove] = []
    consumed = 0
    for (_log_name, model_name), (_log_label, model_label) in result["alignment"]:
        if model_name == _SKIP:
            moves.append((LOG, -1, consumed))
            consumed += 1
        elif _log_name == _SKIP:
            kind = SILENT if model_label is None else MODEL
            moves.append((kind, index[model_name], consumed))
        else:
            moves.append((SYNC, index[model_name], consumed))
            consumed += 1
    return int(result["cost"]), moves
