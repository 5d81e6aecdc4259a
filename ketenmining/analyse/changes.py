"""The map of what changed between two cohorts: directly-follows edges more or less frequent,
faster or slower.

Per edge (activity X directly followed by Y in an episode): the share of each
cohort's episodes with the edge and the median days between the two events.
Whether an edge is more or less frequent in cohort B is Fisher's exact test
per edge, Holm-corrected across the edges shown; faster or slower is
descriptive (the medians, a change of at least 10 %). Edges with fewer than
``k`` episodes in both cohorts are left out; counts below ``k`` show as
"< k". The DOT text escapes every label with :func:`ketenmining.safetext.dot_quoted`.
"""

from __future__ import annotations

from typing import Any

from ketenmining.analyse import sql
from ketenmining.i18n import local_number

FASTER = 0.9  # median B / median A at or below this: faster (at or above 1/FASTER: slower)


def cohort_edges(con: Any) -> tuple[int, int, dict[tuple[str, str], tuple[int, float, int, float]]]:
    """Episodes of each cohort and their edges, in one pass over the events.

    Needs ``__sides`` (:func:`.sides.sides_table`). Returns the two cohorts' episode
    counts and, per edge (from, to): the episodes with the edge and the median days,
    for A and for B (0 and NaN where a cohort lacks the edge).
    """
    na, nb = con.execute(
        "SELECT count(*) FILTER (WHERE in_a), count(*) FILTER (WHERE in_b) FROM __sides"
    ).fetchall()[0]

    def days(d: float | None) -> float:
        return float(d) if d is not None else float("nan")

    edges = {
        (a, b): (int(ca), days(da), int(cb), days(db))
        for a, b, ca, da, cb, db in con.execute(sql.COHORT_EDGES).fetchall()
    }
    return int(na), int(nb), edges


def edge_changes(con: Any, k: int = 10) -> list[dict[str, Any]]:
    """One row per edge seen in either cohort (at least ``k`` episodes in one of them).

    Needs ``__sides``, the two cohorts' episodes (:func:`.sides.sides_table`).
    """
    from scipy.stats import fisher_exact
    from statsmodels.stats.multitest import multipletests

    na, nb, edges = cohort_edges(con)
    ea = {e: (ca, da) for e, (ca, da, _cb, _db) in edges.items() if ca}
    eb = {e: (cb, db) for e, (_ca, _da, cb, db) in edges.items() if cb}
    rows = []
    for edge in sorted(set(ea) | set(eb)):
        ca, da = ea.get(edge, (0, float("nan")))
        cb, db = eb.get(edge, (0, float("nan")))
        if max(ca, cb) < k or not na or not nb:
            continue
        p = float(fisher_exact([[ca, na - ca], [cb, nb - cb]]).pvalue)
        ratio = db / da if da and da == da and db == db else float("nan")
        rows.append(
            {
                "from": edge[0],
                "to": edge[1],
                "episodes_a": ca,
                "episodes_b": cb,
                "share_a": ca / na,
                "share_b": cb / nb,
                "days_a": None if da != da else da,
                "days_b": None if db != db else db,
                "p_value": p,
                "p_adjusted": None,
                "frequency": "same",
                "time": "faster"
                if ratio <= FASTER
                else "slower"
                if ratio >= 1 / FASTER
                else "same",
            }
        )
    if rows:
        adjusted = multipletests([r["p_value"] for r in rows], method="holm")[1]
        for r, q in zip(rows, adjusted, strict=True):
            r["p_adjusted"] = float(q)
            if q < 0.05:
                r["frequency"] = "more" if r["share_b"] > r["share_a"] else "less"
    return rows


COLOURS = {"more": "#1d4ed8", "less": "#b45309", "same": "#8a9199"}


def _num(x: float | None, lang: str) -> str:
    if x is None:
        return "–"
    text = f"{x:.1f}" if x >= 1 else f"{x:.2f}"
    return local_number(text, lang)


def changes_dot(rows: list[dict[str, Any]], name_a: str, name_b: str, k: int, lang: str) -> str:
    """The map as DOT text: one node per activity, one edge per row, labels escaped."""
    from ketenmining.safetext import dot_quoted as q
    from ketenmining.texts import tr

    def share(n: int, of: float) -> str:
        if 0 < n < k:
            return f"< {k}"
        return f"{of * 100:.0f}%"

    nodes = sorted({r["from"] for r in rows} | {r["to"] for r in rows})
    ids = {n: f"n{i}" for i, n in enumerate(nodes)}
    out = [
        "digraph changes {",
        "  rankdir=LR; bgcolor=white;",
        f'  label="{q(tr("analyse.changes.title", lang, a=name_a, b=name_b))}"; labelloc=t; fontsize=12;',
        '  node [shape=box, style="rounded,filled", fillcolor="#f3f5f7", fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=8];',
    ]
    out += [f'  {ids[n]} [label="{q(n)}"];' for n in nodes]
    for r in rows:
        words = [tr(f"analyse.changes.{r['frequency']}", lang)] if r["frequency"] != "same" else []
        if r["time"] != "same":
            words.append(tr(f"analyse.changes.{r['time']}", lang))
        label = (
            f"A {share(r['episodes_a'], r['share_a'])} · {_num(r['days_a'], lang)} d\\n"
            f"B {share(r['episodes_b'], r['share_b'])} · {_num(r['days_b'], lang)} d"
        )
        if words:
            label += "\\n" + q(", ".join(words))
        width = 0.6 + 4.0 * max(r["share_a"], r["share_b"])
        out.append(
            f'  {ids[r["from"]]} -> {ids[r["to"]]} [label="{label}", color="{COLOURS[r["frequency"]]}", '
            f'fontcolor="{COLOURS[r["frequency"]]}", penwidth={width:.2f}];'
        )
    out.append("}")
    return "\n".join(out) + "\n"
