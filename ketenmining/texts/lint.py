"""Texts of the lint area: message id (after "lint.") → English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # ketenmining/protocol/lint/p002_unknown_step.py
    "P002.unknown_step": {"en": "unknown step '{sid}'", "nl": "onbekende stap '{sid}'"},
    # ketenmining/protocol/lint/p003_unknown_organisation.py
    "P003.step_hands_over_unknown": {
        "en": "step '{step}' hands over to unknown organisation '{code}'",
        "nl": "stap '{step}' draagt over aan onbekende organisatie '{code}'",
    },
    "P003.step_unknown_organisation": {
        "en": "step '{step}': unknown organisation '{code}'",
        "nl": "stap '{step}': onbekende organisatie '{code}'",
    },
    # ketenmining/protocol/lint/p004_duplicate_id.py
    "P004.used_twice_first_at": {
        "en": "{what} '{value}' is used twice (first at line {line})",
        "nl": "{what} '{value}' komt twee keer voor (eerst op regel {line})",
    },
    "P004.used_twice_first_at.hint": {
        "en": "give each its own {what}",
        "nl": "geef elk een eigen {what}",
    },
    # ketenmining/protocol/lint/p005_unreachable_step.py
    "P005.step_declared_but_route": {
        "en": "step '{sid}' is declared but the route never reaches it",
        "nl": "stap '{sid}' is gedeclareerd maar de route komt er nooit langs",
    },
    "P005.step_declared_but_route.hint": {
        "en": "add it to the route, or mark it 'in_route: false' if it is recorded but not part of the agreed route",
        "nl": "neem hem op in de route, of zet 'in_route: false' als hij wel geregistreerd wordt maar geen deel van de afgesproken route is",
    },
    "P005.step_marked_route_false": {
        "en": "step '{sid}' is marked in_route: false but the route uses it",
        "nl": "stap '{sid}' heeft in_route: false maar de route gebruikt hem",
    },
    "P005.step_marked_route_false.hint": {
        "en": "remove 'in_route: false'",
        "nl": "haal 'in_route: false' weg",
    },
    # ketenmining/protocol/lint/p006_unproducible_step.py
    "P006.no_source_chain_config": {
        "en": "no source in the chain config maps an activity to route step '{sid}'",
        "nl": "geen bron in de ketenconfiguratie koppelt een activiteit aan routestap '{sid}'",
    },
    "P006.no_source_chain_config.hint": {
        "en": "map a source activity to '{sid}' in keten.yaml (activities: or patterns:)",
        "nl": "koppel een activiteit van een bron aan '{sid}' in keten.yaml (activities: of patterns:)",
    },
    # ketenmining/protocol/lint/p007_dead_rule.py
    "P007.rule_can_never_met": {
        "en": "rule {rid} can never be met by a case that follows the route (e.g. {ex})",
        "nl": "regel {rid} kan nooit worden nageleefd door een zaak die de route volgt (bv. {ex})",
    },
    "P007.rule_can_never_met.hint": {
        "en": "the rule and the route contradict each other: correct one of them",
        "nl": "regel en route spreken elkaar tegen: verbeter een van beide",
    },
    # ketenmining/protocol/lint/p008_vacuous_rule.py
    "P008.rule_never_applies_case": {
        "en": "rule {rid} never applies to a case that follows the route",
        "nl": "regel {rid} is nooit van toepassing op een zaak die de route volgt",
    },
    "P008.rule_never_applies_case.hint": {
        "en": "check the steps it names; if it is meant for cases that leave the route, mark those steps 'in_route: false'",
        "nl": "controleer de genoemde stappen; is de regel bedoeld voor zaken die van de route afwijken, zet die stappen dan op 'in_route: false'",
    },
    "P008.rule_can_never_violated": {
        "en": "rule {rid} can never be violated by any case",
        "nl": "regel {rid} kan door geen enkele zaak worden geschonden",
    },
    "P008.rule_can_never_violated.hint": {
        "en": "check what the rule should forbid or require",
        "nl": "controleer wat de regel moet verbieden of eisen",
    },
    # ketenmining/protocol/lint/p009_conflicting_rules.py
    "P009.rules_cannot_all_met": {
        "en": "rules {ids} cannot all be met by any case that follows the route",
        "nl": "regels {ids} kunnen niet samen worden nageleefd door een zaak die de route volgt",
    },
    "P009.rules_cannot_all_met.hint": {
        "en": "relax or remove one of them, or change the route",
        "nl": "versoepel of verwijder een ervan, of pas de route aan",
    },
    # ketenmining/protocol/lint/p010_windows.py
    "P010.windows_rules_cannot_all": {
        "en": "the windows of rules {ids} cannot all hold on a case that passes {steps}",
        "nl": "de termijnen van regels {ids} kunnen niet allemaal gelden voor een zaak die langs {steps} gaat",
    },
    "P010.windows_rules_cannot_all.hint": {
        "en": "relax one of the windows",
        "nl": "versoepel een van de termijnen",
    },
    "P010.rule_after_longer_than": {
        "en": "rule {rid}: 'after: {a}' is longer than 'within: {w}'",
        "nl": "regel {rid}: 'after: {a}' is langer dan 'within: {w}'",
    },
    "P010.rule_after_longer_than.hint": {
        "en": "swap them, or correct one",
        "nl": "draai ze om, of verbeter er een",
    },
    # ketenmining/protocol/lint/p011_version.py
    "P011.version_not_major_minor": {
        "en": "version '{v}' is not MAJOR.MINOR.PATCH",
        "nl": "versie '{v}' is niet MAJOR.MINOR.PATCH",
    },
    "P011.version_not_major_minor.hint": {
        "en": 'write e.g. version: "2.1.0"',
        "nl": 'schrijf bv. version: "2.1.0"',
    },
    # ketenmining/protocol/lint/p012_calendar.py
    "P012.unknown_calendar_country": {
        "en": "unknown calendar country '{c}'",
        "nl": "onbekend kalenderland '{c}'",
    },
    "known": {"en": "known: {known}", "nl": "bekend: {known}"},
    "P012.unknown_timezone": {"en": "unknown timezone '{tz}'", "nl": "onbekende tijdzone '{tz}'"},
    "P012.unknown_timezone.hint": {
        "en": "use an IANA name such as Europe/Amsterdam",
        "nl": "gebruik een IANA-naam zoals Europe/Amsterdam",
    },
    # ketenmining/protocol/lint/p013_test_references.py
    "P013.test_uses_unknown_step": {
        "en": "test '{test}' uses unknown step '{sid}'",
        "nl": "test '{test}' gebruikt onbekende stap '{sid}'",
    },
    "P013.test_expects_status_unknown": {
        "en": "test '{test}' expects a status of unknown rule '{rid}'",
        "nl": "test '{test}' verwacht een uitkomst van onbekende regel '{rid}'",
    },
    "P013.test_uses_unknown_organisation": {
        "en": "test '{test}' uses unknown organisation '{org}'",
        "nl": "test '{test}' gebruikt onbekende organisatie '{org}'",
    },
    # ketenmining/protocol/lint/p015_analysis_bounded.py
    "P015.analysis_stopped_at_its": {
        "en": "analysis stopped at its state budget ({what}); dead, vacuous and conflicting rules may be missed",
        "nl": "analyse gestopt bij de grens van het aantal toestanden ({what}); onhaalbare, lege en strijdige regels kunnen gemist zijn",
    },
    "P015.analysis_stopped_at_its.hint": {
        "en": "split large parallel blocks into sequences where the order is agreed",
        "nl": "splits grote parallelle blokken in volgordes waar de volgorde vastligt",
    },
    # ketenmining/protocol/lint/p016_handover_step.py
    "P016.rule_step_not_handover": {
        "en": "rule {rid}: step '{sid}' is not a handover (it has no handover_to)",
        "nl": "regel {rid}: stap '{sid}' is geen overdracht (hij heeft geen handover_to)",
    },
    "P016.rule_step_not_handover.hint": {
        "en": "add 'handover_to: ORG' to step '{sid}', or use a response rule",
        "nl": "voeg 'handover_to: ORG' toe aan stap '{sid}', of gebruik een response-regel",
    },
    "P016.step_hands_over_which": {
        "en": "step '{sid}' hands over to '{to}', which performs the step itself",
        "nl": "stap '{sid}' draagt over aan '{to}', die de stap zelf uitvoert",
    },
    "P016.step_hands_over_which.hint": {
        "en": "hand over to another organisation, or remove handover_to",
        "nl": "draag over aan een andere organisatie, of haal handover_to weg",
    },
    "P016.rule_pickup_step_not": {
        "en": "rule {rid}: pickup step '{p}' is not performed by the receiving organisation {to}",
        "nl": "regel {rid}: oppakstap '{p}' wordt niet uitgevoerd door de ontvangende organisatie {to}",
    },
    "P016.rule_pickup_step_not.hint": {
        "en": "pick a step of {to}, or add {to} to the step's 'by'",
        "nl": "kies een stap van {to}, of voeg {to} toe aan 'by' van de stap",
    },
    # shared hints
    "did_you_mean": {"en": "did you mean '{close}'?", "nl": "bedoelt u '{close}'?"},
    "P002.unknown_step.hint": {
        "en": "declare it under 'steps:' or use one of the declared steps",
        "nl": "declareer hem onder 'steps:' of gebruik een gedeclareerde stap",
    },
    "P003.declare_organisation": {
        "en": "declare it under 'organisations:' (known: {known})",
        "nl": "declareer hem onder 'organisations:' (bekend: {known})",
    },
    "P013.use_declared_step": {"en": "use a declared step", "nl": "gebruik een gedeclareerde stap"},
    "P013.use_rule_id": {
        "en": "use a rule id of this protocol",
        "nl": "gebruik een regel-id van dit protocol",
    },
    # rule titles (ketenmining/protocol/lint/p0*.py)
    "P000.title": {
        "en": "The file cannot be read as YAML",
        "nl": "Het bestand is geen leesbare YAML",
    },
    "P001.title": {"en": "Schema error", "nl": "Fout in de opbouw"},
    "P002.title": {"en": "Unknown step", "nl": "Onbekende stap"},
    "P003.title": {"en": "Unknown organisation", "nl": "Onbekende organisatie"},
    "P004.title": {"en": "Duplicate id", "nl": "Dubbele id"},
    "P005.title": {"en": "Step not reached by the route", "nl": "Stap niet bereikt door de route"},
    "P006.title": {
        "en": "No source produces this route step",
        "nl": "Geen bron levert deze routestap",
    },
    "P007.title": {"en": "Rule contradicts the route", "nl": "Regel is in strijd met de route"},
    "P008.title": {"en": "Rule checks nothing", "nl": "Regel controleert niets"},
    "P009.title": {
        "en": "Rules conflict on the route",
        "nl": "Regels zijn samen onhaalbaar op de route",
    },
    "P010.title": {
        "en": "Time windows contradict each other",
        "nl": "Termijnen spreken elkaar tegen",
    },
    "P011.title": {"en": "Version is not semver", "nl": "Versie is geen semver"},
    "P012.title": {"en": "Unknown calendar", "nl": "Onbekende kalender"},
    "P013.title": {"en": "Test uses an unknown name", "nl": "Test gebruikt een onbekende naam"},
    "P014.title": {
        "en": "Missing or circular reference",
        "nl": "Ontbrekende of rondgaande verwijzing",
    },
    "P015.title": {"en": "Analysis stopped at its budget", "nl": "Analyse gestopt bij haar grens"},
    "P016.title": {"en": "Handover cannot work as written", "nl": "Overdracht klopt niet"},
    "P004.what.rules": {"en": "rule id", "nl": "regel-id"},
    "P004.what.tests": {"en": "test name", "nl": "testnaam"},
    # ketenmining/report/lint.py
    "severity.error": {"en": "error", "nl": "fout"},
    "severity.warning": {"en": "warning", "nl": "waarschuwing"},
    "severity.info": {"en": "info", "nl": "info"},
    "hint": {"en": "hint: {hint}", "nl": "tip: {hint}"},
    "calendar": {"en": "calendar: {calendar}", "nl": "kalender: {calendar}"},
    "summary": {
        "en": "{files} file(s), {error} error(s), {warning} warning(s), {info} info",
        "nl": "{files} bestand(en), {error} fout(en), {warning} waarschuwing(en), {info} info",
    },
    "summary_clean": {"en": "{summary} — clean", "nl": "{summary} — in orde"},
}
