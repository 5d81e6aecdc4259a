"""Texts of the discover area: message id (after "discover.") → English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # ketenmining/discover/labels.py
    "activity_map": {"en": "Activity map", "nl": "Activiteitenkaart"},
    "view.frequency": {"en": "frequency", "nl": "frequentie"},
    "view.performance": {"en": "performance", "nl": "doorlooptijd"},
    "org_map": {
        "en": "Organisation map: handovers between organisations",
        "nl": "Organisatiekaart: overdrachten tussen organisaties",
    },
    "swimlane_map": {
        "en": "Swimlane map: activities per organisation",
        "nl": "Zwembaankaart: activiteiten per organisatie",
    },
    "variants_title": {"en": "Most frequent routes", "nl": "Meest voorkomende routes"},
    "start": {"en": "Start", "nl": "Start"},
    "end": {"en": "End", "nl": "Einde"},
    "cases": {"en": "cases", "nl": "zaken"},
    "case": {"en": "case", "nl": "zaak"},
    "events": {"en": "events", "nl": "gebeurtenissen"},
    "times": {"en": "{n}×", "nl": "{n}×"},
    "summary": {
        "en": "{cases} cases · {traces} routes · {events} events",
        "nl": "{cases} zaken · {traces} trajecten · {events} gebeurtenissen",
    },
    "summary_no_events": {
        "en": "{cases} cases · {traces} routes · number of events withheld (small counts)",
        "nl": "{cases} zaken · {traces} trajecten · aantal gebeurtenissen afgeschermd (kleine aantallen)",
    },
    "coverage": {
        "en": "{kept} most frequent routes ({share} of routes)",
        "nl": "{kept} meest voorkomende routes ({share} van de trajecten)",
    },
    "suppressed": {
        "en": "Privacy: everything concerning fewer than {k} cases is left out ({n} cells)",
        "nl": "Privacy: alles wat minder dan {k} zaken betreft is weggelaten ({n} cellen)",
    },
    "suppressed_variants": {
        "en": "Privacy: routes of fewer than {k} cases are merged into 'other routes' ({n} routes)",
        "nl": "Privacy: routes van minder dan {k} zaken zijn samengevoegd onder 'overige routes' ({n} routes)",
    },
    "no_suppression": {
        "en": "Note: small counts not suppressed (k=1), internal use only",
        "nl": "Let op: kleine aantallen niet afgeschermd (k=1), alleen voor intern gebruik",
    },
    "edge_note_freq": {
        "en": "Number on arrow: cases (×: times, when different) · thickness by cases",
        "nl": "Getal bij pijl: aantal zaken (×: aantal keer, als dat afwijkt) · dikte naar aantal zaken",
    },
    "edge_note_perf": {
        "en": "On arrow: median waiting time · p90 (90% wait less) · colour: grey short, red long · thickness by cases",
        "nl": "Bij pijl: mediane wachttijd · p90 (90% wacht korter) · kleur: grijs kort, rood lang · dikte naar aantal zaken",
    },
    "swim_note": {
        "en": "Number on arrow: cases · thickness by cases · red arrow: handover to another organisation",
        "nl": "Getal bij pijl: aantal zaken · dikte naar aantal zaken · rode pijl: overdracht naar een andere organisatie",
    },
    "org_note": {
        "en": "Arrow: handover with cases, waiting time at the seam (median / p90) and return A→B→A · loop: work inside the organisation",
        "nl": "Pijl: overdracht met aantal zaken, wachttijd op de naad (mediaan / p90) en terugkeer A→B→A · lus: werk binnen de organisatie",
    },
    "median": {"en": "median", "nl": "mediaan"},
    "back": {"en": "back", "nl": "terug"},
    "inside": {"en": "inside", "nl": "intern"},
    "fewer_than": {"en": "<{k}", "nl": "<{k}"},
    "legend": {"en": "Organisations", "nl": "Organisaties"},
    "simplified": {
        "en": "Shown: {nodes} of {nodes_total} {what}, {edges} of {edges_total} paths ({share} of the transitions; --activities {activities} --paths {paths}; 1 = all)",
        "nl": "Getoond: {nodes} van {nodes_total} {what}, {edges} van {edges_total} paden ({share} van de overgangen; --activities {activities} --paths {paths}; 1 = alles)",
    },
    "fitted_a4": {
        "en": "Cut to what stays legible on A4 (type ≥ 8 pt); all detail: --no-fit-a4",
        "nl": "Ingekort tot wat op A4 leesbaar blijft (letters ≥ 8 pt); alle detail: --no-fit-a4",
    },
    "fitted_routes": {
        "en": "The {n} most followed routes: as many as fit legibly on A4; the full list is in variants.md and variants.csv",
        "nl": "De {n} meest gevolgde routes: zo veel als op A4 leesbaar past; de volledige lijst staat in variants.md en variants.csv",
    },
    "what_activities": {"en": "activities", "nl": "activiteiten"},
    "what_orgs": {"en": "organisations", "nl": "organisaties"},
    "duration": {"en": "takes", "nl": "duur"},
    "other_variants": {"en": "other routes", "nl": "overige routes"},
    "share": {"en": "share", "nl": "aandeel"},
    "route": {"en": "route", "nl": "route"},
    "rank": {"en": "no.", "nl": "nr."},
    # ketenmining/discover/labels.py (fmt_duration)
    "unit.s": {"en": "{n} s", "nl": "{n} s"},
    "unit.min": {"en": "{n} min", "nl": "{n} min"},
    "unit.h": {"en": "{n} h", "nl": "{n} uur"},
    "unit.d": {"en": "{n} days", "nl": "{n} dagen"},
    "unit.d1": {"en": "{n} day", "nl": "{n} dag"},
    "unit.w": {"en": "{n} weeks", "nl": "{n} weken"},
    "unit.w1": {"en": "{n} week", "nl": "{n} week"},
    # ketenmining/discover/interactive.py (the interactive map's page)
    "interactive.title": {"en": "Interactive activity map", "nl": "Interactieve activiteitenkaart"},
    "interactive.activities": {"en": "Activities", "nl": "Activiteiten"},
    "interactive.paths": {"en": "Paths", "nl": "Paden"},
    "interactive.frequency": {"en": "Frequency", "nl": "Frequentie"},
    "interactive.performance": {"en": "Performance", "nl": "Doorlooptijd"},
    "interactive.view": {"en": "View", "nl": "Weergave"},
    "interactive.shown": {
        "en": "{nodes} of {nodes_total} activities, {edges} of {edges_total} paths",
        "nl": "{nodes} van {nodes_total} activiteiten, {edges} van {edges_total} paden",
    },
    "interactive.hint": {
        "en": "Scroll: zoom · drag: pan · mouse over an activity or arrow: figures",
        "nl": "Scrollen: zoomen · slepen: verschuiven · muis op een activiteit of pijl: cijfers",
    },
    "interactive.cases": {"en": "cases", "nl": "zaken"},
    "interactive.times": {"en": "times", "nl": "keer"},
    "interactive.median": {"en": "median wait", "nl": "mediane wachttijd"},
    "interactive.p90": {"en": "p90", "nl": "p90"},
    "interactive.starts": {"en": "starts here", "nl": "begint hier"},
    "interactive.ends": {"en": "ends here", "nl": "eindigt hier"},
    "interactive.duration": {"en": "takes (median)", "nl": "duur (mediaan)"},
    "interactive.reset": {"en": "Fit", "nl": "Passend"},
    "interactive.privacy": {
        "en": "Only figures of at least {k} cases (smaller cells are left out).",
        "nl": "Alleen cijfers van minstens {k} zaken (kleinere cellen zijn weggelaten).",
    },
    "interactive.no_privacy": {
        "en": "No small-cell suppression (--k 1): internal use only.",
        "nl": "Geen onderdrukking van kleine aantallen (--k 1): alleen voor intern gebruik.",
    },
    # ketenmining/discover/variants.py
    "variants_head": {
        "en": "| no. | routes | cases | share | steps | route |",
        "nl": "| nr. | trajecten | zaken | aandeel | stappen | route |",
    },
    # ketenmining/discover/run.py (fit lines, k problems, BPMN name)
    "fit.routes": {
        "en": "{name}: the {routes} most followed routes, so that the type is {pt} pt on A4; every route: variants.md",
        "nl": "{name}: de {routes} meest gevolgde routes, zodat de letters op A4 {pt} pt zijn; alle routes: variants.md",
    },
    "fit.cut": {
        "en": "{name}: cut to --activities {activities} --paths {paths}, so that the type is {pt} pt on A4; all detail: --no-fit-a4",
        "nl": "{name}: ingekort tot --activities {activities} --paths {paths}, zodat de letters op A4 {pt} pt zijn; alle detail: --no-fit-a4",
    },
    "fit.illegible": {
        "en": "{name}: smallest type {pt} pt on A4 (below 8 pt); print on A3 or use --format html",
        "nl": "{name}: kleinste letters {pt} pt op A4 (onder 8 pt); print op A3 of gebruik --format html",
    },
    "k.all_hidden": {
        "en": "k = {k} hides all {cases} cases of this log; for data that is not about people use --k 1",
        "nl": "k = {k} verbergt alle {cases} zaken van dit log; voor gegevens die niet over mensen gaan: --k 1",
    },
    "k.paths_hidden": {
        "en": "k = {k} hides {pct}% of the paths on the activity map (fewer than {k} cases each); for data that is not about people use --k 1",
        "nl": "k = {k} verbergt {pct}% van de paden op de activiteitenkaart (minder dan {k} zaken); voor gegevens die niet over mensen gaan: --k 1",
    },
    "bpmn_name": {"en": "Discovered process", "nl": "Ontdekt proces"},
}
