"""Texts of the cli area: message id (after "cli.") → English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # ketenmining/cli/keys.py
    "key.new": {
        "en": "wrote a new key to {file} (mode 600). Keep it secret; never put it in git.",
        "nl": "nieuwe sleutel geschreven naar {file} (modus 600). Houd hem geheim; nooit in git.",
    },
    "key.check": {
        "en": "{file}: {n} bytes, fingerprint {fp}",
        "nl": "{file}: {n} bytes, vingerafdruk {fp}",
    },
    # ketenmining/cli/init.py
    "init.project": {
        "en": "chain project '{chain}' in {directory}:",
        "nl": "ketenproject '{chain}' in {directory}:",
    },
    "init.next": {
        "en": "next: ketenmining key new <outside this folder>/keten.key, put the exports in exports/, adapt keten.yaml",
        "nl": "volgende stap: ketenmining key new <buiten deze map>/keten.key, zet de exports in exports/, pas keten.yaml aan",
    },
    # ketenmining/cli/pseudonymise.py
    "pseudonymise.summary": {
        "en": "{source} ({org}): {rows} rows read, {events} events written, {rejected} set aside, key fingerprint {fp}",
        "nl": "{source} ({org}): {rows} rijen gelezen, {events} gebeurtenissen geschreven, {rejected} apart gezet, vingerafdruk van de sleutel {fp}",
    },
    "pseudonymise.unmapped": {
        "en": "unmapped activity names (kept as they are): {names}",
        "nl": "niet-gekoppelde activiteitnamen (ongewijzigd gelaten): {names}",
    },
    "pseudonymise.wrote": {"en": "wrote:", "nl": "geschreven:"},
    # ketenmining/cli/analyse.py
    "analyse.seams": {
        "en": "Seams: handovers per pair",
        "nl": "Naden: overdrachten per organisatiepaar",
    },
    "analyse.org_weeks": {"en": "Per organisation and week", "nl": "Per organisatie en week"},
    "analyse.cases": {"en": "Per case", "nl": "Per zaak"},
    "analyse.compare": {"en": "Two cohorts compared", "nl": "Vergelijking van twee cohorten"},
    "analyse.changes": {
        "en": "What changed: edges more or less frequent, faster or slower",
        "nl": "Wat veranderde: overgangen vaker of minder vaak, sneller of trager",
    },
    "analyse.holm": {
        "en": "p_adjusted: Holm correction across this table's {n} tests",
        "nl": "p_adjusted: Holm-correctie over de {n} toetsen van deze tabel",
    },
    "analyse.suppressed": {
        "en": "{n} cells < k = {k} suppressed",
        "nl": "{n} cellen < k = {k} onderdrukt",
    },
    # ketenmining/cli/conform.py
    "conform.title": {"en": "Route conformance", "nl": "Conformiteit van de route"},
    "conform.model": {"en": "Model", "nl": "Model"},
    "conform.cases": {"en": "Cases", "nl": "Casussen"},
    "conform.variants": {"en": "Variants", "nl": "Varianten"},
    "conform.avg_fitness": {"en": "Average trace fitness", "nl": "Gemiddelde fitness per casus"},
    "conform.log_fitness": {"en": "Log fitness", "nl": "Fitness van het log"},
    "conform.fitting": {"en": "Cases without deviation", "nl": "Casussen zonder afwijking"},
    "conform.top": {"en": "Most frequent deviations", "nl": "Meest voorkomende afwijkingen"},
    "conform.step": {"en": "Step", "nl": "Stap"},
    "conform.measure": {"en": "Measure", "nl": "Maat"},
    "conform.value": {"en": "Value", "nl": "Waarde"},
    "conform.kind": {"en": "Kind", "nl": "Soort"},
    "conform.none": {"en": "No deviations found.", "nl": "Geen afwijkingen gevonden."},
    "conform.wrote": {"en": "wrote", "nl": "geschreven"},
    "conform.left_out": {
        "en": "note: the period is {from} – {to}; {before} events before and {after} after it were left out",
        "nl": "let op: de periode is {from} – {to}; {before} gebeurtenissen ervóór en {after} erna zijn buiten beschouwing gelaten",
    },
    "conform.skipped": {"en": "skipped", "nl": "overgeslagen"},
    "conform.extra": {"en": "extra (not allowed here)", "nl": "extra (hier niet toegestaan)"},
    "conform.not_in_protocol": {"en": "not in the model", "nl": "niet in het model"},
    "conform.wrong_order": {"en": "wrong order", "nl": "verkeerde volgorde"},
    "conform.rules": {"en": "Rules (compliance / norm)", "nl": "Regels (naleving / norm)"},
    "conform.met": {"en": "met", "nl": "voldaan"},
    "conform.not_met": {"en": "NOT met", "nl": "NIET voldaan"},
    "conform.violated": {"en": "violated", "nl": "overtreden"},
    "conform.pending": {"en": "pending", "nl": "nog niet te beoordelen"},
    "conform.seams": {"en": "Seams (handovers)", "nl": "Naden (overdrachten)"},
    "conform.handovers": {"en": "handovers", "nl": "overdrachten"},
    "conform.lost": {"en": "never picked up", "nl": "nooit opgepakt"},
    "conform.late": {"en": "late", "nl": "te laat"},
    "conform.joint": {"en": "joint", "nl": "gezamenlijk"},
    "conform.deviations": {"en": "Deviations (by kind)", "nl": "Afwijkingen (per soort)"},
    "conform.with_dev": {
        "en": "Cases with a deviation (route, organisation or seam): {n} of {m}; with a violated rule: {r}",
        "nl": "Zaken met een afwijking (route, organisatie of naad): {n} van {m}; met een overtreden regel: {r}",
    },
    "conform.lost_handover": {"en": "lost handover", "nl": "overdracht nooit opgepakt"},
    "conform.late_pickup": {"en": "late pickup", "nl": "te laat opgepakt"},
    "conform.ping_pong": {"en": "ping-pong", "nl": "rondpompen"},
    "conform.duplicate": {"en": "duplicate work", "nl": "dubbel werk"},
    "conform.wrong_org": {
        "en": "wrong organisation",
        "nl": "andere organisatie dan verantwoordelijk",
    },
    # ketenmining/cli/example.py
    "example.done": {
        "en": "example chain Midden-Brabant (synthetic: {children} children, {cases} cases) in {out}, in {seconds:.1f} s:",
        "nl": "voorbeeldketen Midden-Brabant (verzonnen: {children} kinderen, {cases} zaken) in {out}, in {seconds:.1f} s:",
    },
    "example.data": {
        "en": "the six exports, each in its own format",
        "nl": "de zes exports, elk in eigen formaat",
    },
    "example.config": {"en": "the chain config", "nl": "de ketenconfiguratie"},
    "example.protocol": {
        "en": "the chain protocol (the audit criteria)",
        "nl": "het ketenprotocol (de auditcriteria)",
    },
    "example.truth": {
        "en": "the ground truth: which case carries which deviation",
        "nl": "de grondwaarheid: welke zaak welke afwijking heeft",
    },
    "example.key": {
        "en": "DEMO KEY: public, for this synthetic example only; never use it for real data",
        "nl": "DEMO-SLEUTEL: openbaar, alleen voor dit verzonnen voorbeeld; nooit voor echte gegevens",
    },
    "example.readme": {"en": "what is in the folder", "nl": "wat er in de map staat"},
    "example.next": {"en": "next:", "nl": "verder:"},
    # ketenmining/cli/audit.py
    "audit.report": {"en": "report: {path}", "nl": "rapport: {path}"},
    "audit.tables": {"en": "tables per case: {path}", "nl": "tabellen per zaak: {path}"},
    # ketenmining/cli/discover.py (the English "wrote {name}.dot instead" stays as it was)
    "discover.map_failed": {
        "en": "warning: map {name}: {reason}; wrote {name}.dot instead",
        "nl": "warning: kaart {name}: {reason}; wrote {name}.dot instead",
    },
    "discover.finding": {"en": "finding: {problem}", "nl": "bevinding: {problem}"},
    # ketenmining/cli/export.py
    "export.wrote": {
        "en": "wrote {n} events to {output}",
        "nl": "{n} gebeurtenissen geschreven naar {output}",
    },
    # ketenmining/cli/lookup.py
    "lookup.summary": {
        "en": "{found} of {sample} sampled cases are known at {org} ({source}); wrote {output} — internal use only: it holds your dossier numbers.",
        "nl": "{found} van {sample} getrokken zaken zijn bekend bij {org} ({source}); {output} geschreven — alleen voor intern gebruik: het bevat uw dossiernummers.",
    },
    # ketenmining/cli/unwrap.py
    "unwrap.summary": {
        "en": "{n} of {sample} sampled cases belong to {org}; wrote {output} — for {org} only.",
        "nl": "{n} van {sample} getrokken zaken horen bij {org}; {output} geschreven — alleen voor {org}.",
    },
    # ketenmining/cli/stitch.py
    "stitch.chain_log": {
        "en": "chain log: {events} events of {clients} clients from {sources} sources; {rejected} rows set aside",
        "nl": "ketenlog: {events} gebeurtenissen van {clients} cliënten uit {sources} bronnen; {rejected} rijen apart gezet",
    },
    "stitch.quality": {
        "en": "data quality: {findings} findings, {warnings} warnings",
        "nl": "datakwaliteit: {findings} bevindingen, waarvan {warnings} waarschuwingen",
    },
    "stitch.wrote": {"en": "wrote:", "nl": "geschreven:"},
    # ketenmining/cli/conform.py
    "conform.warning": {"en": "warning: {text}", "nl": "let op: {text}"},
}
