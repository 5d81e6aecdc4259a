"""One finding per phenomenon: group the rule, seam and route findings violated by the same cases.

Several rules often fire on the same children: a handover that is never
picked up also misses the warm-handover deadline and the monitoring, and the
route alignment sees the handover as an extra step. Reported separately,
that is four findings about one phenomenon, and every child is counted four
times. The grouping, with ``θ`` = the ``group_overlap`` setting (80 %):

1. **Core.** Two findings are about the same cases when the cases they share
   are at least ``θ`` of the cases of *each* of them. Findings linked this
   way (transitively) form one group; its cases are the union of theirs.
2. **Consequence.** A finding outside a group whose rule is also violated in
   at least ``θ`` of the group's cases is a *consequence* of that group: it
   becomes one of the group's criteria, and those shared cases are counted
   with the group, not again with the finding's own group.
3. **Own cases.** A group keeps the cases that are not explained by another
   group (a case is explained when every finding of the group it violates is
   a consequence of another group that holds the case). A group left without
   cases of its own is not reported separately: its rule is a criterion of
   the groups that explain its cases.

A group's class is the worst class of its criteria; each case counts once
per group; the record keeps, per group, its core and consequence findings
and how many of each rule's violations were counted with another group.
Findings without cases (data quality) are never grouped.
"""

from __future__ import annotations

from typing import Any

from ketenmining.audit.finding import SOURCES, AuditFinding, class_rank

Key = tuple[str, int]


def _components(sets: list[set[Key]], overlap: float) -> list[list[int]]:
    parent = list(range(len(sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            inter = len(sets[i] & sets[j])
            if inter and inter >= overlap * len(sets[i]) and inter >= overlap * len(sets[j]):
                parent[find(j)] = find(i)
    comps: dict[int, list[int]] = {}
    for i in range(len(sets)):
        comps.setdefault(find(i), []).append(i)
    return list(comps.values())


def group_findings(findings: list[AuditFinding], overlap: float) -> list[AuditFinding]:
    """The findings with those about the same phenomenon merged (see the module docstring)."""
    units = [f for f in findings if f.case_keys]
    rest = [f for f in findings if not f.case_keys]
    if len(units) < 2:
        return findings
    sets = [set(f.case_keys) for f in units]
    comps = _components(sets, overlap)
    comp_cases = [set().union(*(sets[i] for i in c)) for c in comps]
    comp_of = {i: g for g, c in enumerate(comps) for i in c}
    # consequences: unit u (outside g) violated in at least θ of g's cases
    conseq: list[list[int]] = [[] for _ in comps]
    explained: list[set[Key]] = [set() for _ in units]
    for g, cases in enumerate(comp_cases):
        for u in range(len(units)):
            if comp_of[u] == g:
                continue
            shared = cases & sets[u]
            if shared and len(shared) >= overlap * len(cases):
                conseq[g].append(u)
                explained[u] |= shared
    own: list[set[Key]] = []
    for g, cases in enumerate(comp_cases):
        mine = set()
        for k in cases:
            hit = [u for u in comps[g] if k in sets[u]]
            if not all(k in explained[u] for u in hit):
                mine.add(k)
        own.append(mine)
    # a case explained away everywhere stays with the group in which it violates most findings
    placed = set().union(*own)
    for k in set().union(*comp_cases) - placed:
        best = max(
            (g for g in range(len(comps)) if k in comp_cases[g]),
            key=lambda g: (sum(k in sets[u] for u in comps[g] + conseq[g]), -g),
        )
        own[best].add(k)
    out: list[AuditFinding] = []
    for g, c in enumerate(comps):
        if not own[g]:
            continue
        out.append(_group(units, c, conseq[g], own[g]))
    return out + rest


def _order(units: list[AuditFinding], idx: list[int]) -> list[int]:
    return sorted(idx, key=lambda i: (class_rank(units[i].cls), SOURCES.index(units[i].source), i))


def _group(
    units: list[AuditFinding],
    core: list[int],
    conseq: list[int],
    own: set[Key],
) -> AuditFinding:
    core = _order(units, core)
    conseq = _order(units, conseq)
    members = [units[i] for i in core + conseq]
    head = units[core[0]]
    lost = next((m for m in members if "lost_handover" in m.basis), None)
    title_from = lost or head
    keys: dict[Key, str] = {}
    for i in core + conseq:
        for k, place in units[i].case_keys.items():
            if k in own:
                keys.setdefault(k, place)
    rules: list[dict[str, Any]] = []
    for m in members:
        for r in m.rules:
            if all(r["id"] != x["id"] for x in rules):
                rules.append(r)
    seams: dict[str, int] = {}
    for m in members:
        for s, n in m.seams.items():
            seams[s] = max(seams.get(s, 0), n)
    cls = min((m.cls for m in members), key=class_rank)
    basis: list[str] = []
    for m in members:
        basis += [b for b in m.basis if b not in basis]
    single = len(members) == 1
    f = AuditFinding(
        cls=cls,
        source=head.source,
        basis=basis,
        key=head.key if single else "+".join(units[i].key for i in core),
        clause=head.clause,
        rules=rules,
        cases=len(keys),
        share=head.share if single and len(keys) == head.cases else None,
        orgs=dict(head.orgs),
        seams=seams or dict(head.seams),
        values=dict(head.values),
        case_keys=keys,
        owners=list(dict.fromkeys(o for m in members for o in m.owners)),
        absent=dict(head.absent),
    )
    for m in members[1:]:
        for k, place in m.absent.items():
            if k in keys:
                f.absent.setdefault(k, place)
    f.members = [
        {
            "key": units[i].key,
            "role": "core" if i in core else "consequence",
            "class": units[i].cls,
            "source": units[i].source,
            "basis": list(units[i].basis),
            "cases": len(units[i].case_keys),
            "counted_here": len(set(units[i].case_keys) & set(keys)),
            "counted_elsewhere": len(set(units[i].case_keys) - set(keys)) if i in core else 0,
            "title": {},  # filled in with the member's title once described
            "_unit": units[i],
        }
        for i in core + conseq
    ]
    f.title_from = title_from
    return f
