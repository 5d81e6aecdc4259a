"""Texts of the protocol area: message id (after "protocol.") → English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # ketenmining/protocol/reader.py
    "load.wrong_type": {
        "en": "{what} must be {kind}, not {got}",
        "nl": "{what} moet {kind} zijn, niet {got}",
    },
    "load.wrong_type.hint": {
        "en": "see docs/protocol.md for the format",
        "nl": "zie docs/protocol.md voor het formaat",
    },
    "load.unknown_field": {
        "en": "unknown field '{key}'{what}",
        "nl": "onbekend veld '{key}'{what}",
    },
    "load.needs_field": {
        "en": "{what} needs the field '{key}'",
        "nl": "{what} mist het veld '{key}'",
    },
    "load.needs_field.hint": {"en": "add '{key}: ...'", "nl": "voeg '{key}: ...' toe"},
    "load.must_one_not": {
        "en": "{what} must be one of {opts}, not {got}",
        "nl": "{what} moet een van {opts} zijn, niet {got}",
    },
    "load.must_one_not.hint": {"en": "write one of: {opts}", "nl": "schrijf een van: {opts}"},
    "load.must_date_yyyy_mm": {
        "en": "{what} must be a date YYYY-MM-DD, not {got}",
        "nl": "{what} moet een datum JJJJ-MM-DD zijn, niet {got}",
    },
    "load.must_date_yyyy_mm.hint": {"en": "write e.g. 2024-05-10", "nl": "schrijf bv. 2024-05-10"},
    "load.norm_must_percentage_such": {
        "en": "norm must be a percentage such as 90% (or a share such as 0.9), not {got}",
        "nl": "norm moet een percentage zijn zoals 90% (of een aandeel zoals 0.9), niet {got}",
    },
    "load.norm_must_percentage_such.hint": {
        "en": "write e.g. 'norm: 90%'",
        "nl": "schrijf bv. 'norm: 90%'",
    },
    "load.bad_duration": {"en": "{what}: {err}", "nl": "{what}: {err}"},
    "load.bad_duration.hint": {
        "en": "write e.g. '5 working days', '10 weeks' or '3 months'",
        "nl": "schrijf bv. '5 werkdagen', '10 weken' of '3 maanden'",
    },
    # ketenmining/protocol/load.py
    "load.protocol_id_must_kebab": {
        "en": "protocol id '{pid}' must be kebab-case (lower-case letters, digits and dashes)",
        "nl": "protocol-id '{pid}' moet kebab-case zijn (kleine letters, cijfers en streepjes)",
    },
    "load.protocol_id_must_kebab.hint": {
        "en": "e.g. meldcode-keten-midden-brabant",
        "nl": "bv. meldcode-keten-midden-brabant",
    },
    "load.protocol": {"en": "the protocol", "nl": "het protocol"},
    "load.organisation_code_must_short": {
        "en": "organisation code '{code}' must be a short name of letters and digits",
        "nl": "organisatiecode '{code}' moet een korte naam van letters en cijfers zijn",
    },
    "load.organisation_code_must_short.hint": {"en": "e.g. VT, TT, RvdK", "nl": "bv. VT, TT, RvdK"},
    "load.step_id_must_start": {
        "en": "step id '{sid}' must start with a letter and hold only letters, digits, _ . -",
        "nl": "stap-id '{sid}' moet met een letter beginnen en alleen letters, cijfers, _ . - bevatten",
    },
    "load.step_id_must_start.hint": {
        "en": "e.g. veiligheidsbeoordeling",
        "nl": "bv. veiligheidsbeoordeling",
    },
    # ketenmining/protocol/load_route.py
    "load.route_node_must_step": {
        "en": "a route node must be a step id or one of {ops} with its parts",
        "nl": "een routeonderdeel moet een stap-id zijn of een van {ops} met onderdelen",
    },
    "load.route_node_must_step.hint": {
        "en": "e.g. 'sequence: [melding, afsluiting]'",
        "nl": "bv. 'sequence: [melding, afsluiting]'",
    },
    "load.needs_list_at_least": {
        "en": "'{op}' needs a list of at least one part",
        "nl": "'{op}' heeft een lijst met minstens één onderdeel nodig",
    },
    "load.needs_list_at_least.hint": {"en": "write '{op}: [a, b]'", "nl": "schrijf '{op}: [a, b]'"},
    "load.unknown_subroute": {
        "en": "unknown subroute '{name}'",
        "nl": "onbekende deelroute '{name}'",
    },
    "load.unknown_subroute.hint": {
        "en": "define it under 'subroutes:' or fix the name",
        "nl": "definieer hem onder 'subroutes:' of verbeter de naam",
    },
    "load.subroute_refers_itself": {
        "en": "subroute '{name}' refers to itself ({cycle})",
        "nl": "deelroute '{name}' verwijst naar zichzelf ({cycle})",
    },
    "load.subroute_refers_itself.hint": {
        "en": "a route must be finite: remove the circular reference",
        "nl": "een route moet eindig zijn: haal de kringverwijzing weg",
    },
    # ketenmining/protocol/load_rules.py
    "load.rule_needs_id": {"en": "a rule needs an 'id'", "nl": "een regel heeft een 'id' nodig"},
    "load.rule_needs_id.hint": {
        "en": "add 'id: VT-5WD' or similar",
        "nl": "voeg 'id: VT-5WD' of iets dergelijks toe",
    },
    "load.rule_needs_text_saying": {
        "en": "rule needs a 'text' saying what is agreed",
        "nl": "regel heeft een 'text' nodig die zegt wat is afgesproken",
    },
    "load.rule_needs_text_saying.hint": {
        "en": "add 'text: ...' in plain words",
        "nl": "voeg 'text: ...' in gewone woorden toe",
    },
    "load.rule_needs_exactly_one": {
        "en": "a rule needs exactly one kind ({found})",
        "nl": "een regel heeft precies één soort nodig ({found})",
    },
    "load.rule_needs_exactly_one.hint": {"en": "kinds: {kinds}", "nl": "soorten: {kinds}"},
    "load.duration_takes_either_step": {
        "en": "duration takes either 'step' (one step, start to complete) or 'from' and 'to' (a span)",
        "nl": "duration neemt óf 'step' (één stap, van start tot afronding) óf 'from' en 'to' (een periode)",
    },
    "load.duration_takes_either_step.hint": {
        "en": "e.g. 'duration: {step: onderzoek, within: 10 weeks}'",
        "nl": "bv. 'duration: {step: onderzoek, within: 10 weken}'",
    },
    "load.duration_needs_within_after": {
        "en": "duration needs 'within' (or 'after')",
        "nl": "duration heeft 'within' (of 'after') nodig",
    },
    "load.duration_needs_within_after.hint": {
        "en": "e.g. 'within: 10 weeks'",
        "nl": "bv. 'within: 10 weken'",
    },
    "load.no_duplicate_takes_either": {
        "en": "no_duplicate takes either 'step' or 'steps'",
        "nl": "no_duplicate neemt óf 'step' óf 'steps'",
    },
    "load.no_duplicate_takes_either.hint": {
        "en": "e.g. 'no_duplicate: {step: intake, within: 3 months}'",
        "nl": "bv. 'no_duplicate: {step: intake, within: 3 maanden}'",
    },
    "load.rule_extends_which_not": {
        "en": "rule extends '{parent}', which is not a rule in this protocol",
        "nl": "regel bouwt voort op '{parent}', maar die regel staat niet in dit protocol",
    },
    "load.rule_extends_which_not.hint": {
        "en": "use the id of another rule",
        "nl": "gebruik de id van een andere regel",
    },
    "load.rule_extends_itself": {
        "en": "rule '{rid}' extends itself ({cycle})",
        "nl": "regel '{rid}' bouwt voort op zichzelf ({cycle})",
    },
    "load.rule_extends_itself.hint": {
        "en": "remove the circular 'extends'",
        "nl": "haal de kringverwijzing in 'extends' weg",
    },
    "load.rule": {"en": "a rule", "nl": "een regel"},
    "load.rule_id_may_hold": {
        "en": "rule id '{rid}' may hold only letters, digits, - _ .",
        "nl": "regel-id '{rid}' mag alleen letters, cijfers, - _ . bevatten",
    },
    "load.rule_id_may_hold.hint": {"en": "e.g. VT-5WD", "nl": "bv. VT-5WD"},
    "load.span_needs_both_from": {
        "en": "a span needs both 'from' and 'to'",
        "nl": "een periode heeft zowel 'from' als 'to' nodig",
    },
    "load.span_needs_both_from.hint": {
        "en": "add the missing one",
        "nl": "voeg de ontbrekende toe",
    },
    "load.none_given": {"en": "none given", "nl": "geen gegeven"},
    # ketenmining/protocol/load_tests.py
    "load.expect_must_conforms_deviates": {
        "en": "expect must be 'conforms', 'deviates' or a mapping with violates/satisfies lists",
        "nl": "expect moet 'conforms', 'deviates' of een mapping met violates/satisfies-lijsten zijn",
    },
    "load.expect_must_conforms_deviates.hint": {
        "en": "e.g. 'expect: {violates: [VT-5WD]}'",
        "nl": "bv. 'expect: {violates: [VT-5WD]}'",
    },
    "load.expect_says_nothing_check": {
        "en": "expect says nothing to check",
        "nl": "expect zegt niets om te controleren",
    },
    "load.expect_says_nothing_check.hint": {
        "en": "add 'violates: [...]' or 'satisfies: [...]'",
        "nl": "voeg 'violates: [...]' of 'satisfies: [...]' toe",
    },
    "load.trace_item_not_step": {
        "en": "trace item '{item}' is not step[/ORG][:lifecycle]@YYYY-MM-DD[THH:MM]",
        "nl": "trace-onderdeel '{item}' is niet stap[/ORG][:levenscyclus]@JJJJ-MM-DD[THH:MM]",
    },
    "load.trace_item_not_step.hint": {
        "en": "e.g. melding@2024-03-04 or intake/VT@2024-01-10T09:30",
        "nl": "bv. melding@2024-03-04 of intake/VT@2024-01-10T09:30",
    },
    "load.test": {"en": "a test", "nl": "een test"},
    "load.allowed_here": {"en": "allowed here: {allowed}", "nl": "hier toegestaan: {allowed}"},
    "type.mapping": {"en": "a mapping (key: value)", "nl": "een mapping (sleutel: waarde)"},
    "type.list": {"en": "a list", "nl": "een lijst"},
    "type.text": {"en": "text", "nl": "tekst"},
    "type.yes/no": {"en": "true or false", "nl": "true of false"},
    "type.number": {"en": "a whole number", "nl": "een heel getal"},
    # ketenmining/protocol/show.py (the route picture)
    "show.start": {"en": "start", "nl": "start"},
    "show.end": {"en": "end", "nl": "einde"},
    "show.repeat": {"en": "1 or more times", "nl": "1 of meer keer"},
    "show.handover": {"en": "handover to {org}", "nl": "overdracht aan {org}"},
    "show.skip": {"en": "skip", "nl": "overslaan"},
    "show.duration": {"en": "takes", "nl": "duur"},
    "show.joint": {"en": "joint", "nl": "samen"},
    "show.legend": {
        "en": "thick orange arrow: handover between organisations · dotted blue arrow: deadline between steps · dashed: skip or repeat · + in parallel",
        "nl": "dikke oranje pijl: overdracht tussen organisaties · blauwe stippellijn: termijn tussen stappen · gestippeld: overslaan of herhalen · + tegelijk",
    },
    # ketenmining/protocol/testrun.py, report/protocol_test.py (protocol test)
    "status.violated": {"en": "violated", "nl": "geschonden"},
    "status.satisfied": {"en": "satisfied", "nl": "nageleefd"},
    "status.pending": {"en": "pending", "nl": "nog niet te beoordelen"},
    "status.not_applicable": {"en": "not applicable", "nl": "niet van toepassing"},
    "test.expected_deviation": {
        "en": "expected the trace to deviate, but it follows the route and breaks no rule",
        "nl": "verwacht: wijkt af; maar het spoor volgt de route en schendt geen regel",
    },
    "test.unknown_rule": {"en": "unknown rule {rid}", "nl": "onbekende regel {rid}"},
    "test.expected_got": {
        "en": "{rid}: expected {want}, got {got}",
        "nl": "{rid}: verwacht {want}, maar {got}",
    },
    "test.the_end": {"en": "the end", "nl": "einde"},
    "test.off_route": {
        "en": "step {n} ({step}) does not fit the route; expected: {expected}",
        "nl": "stap {n} ({step}) past niet in de route; verwacht: {expected}",
    },
    "test.stops_early": {
        "en": "the trace stops before the route is complete; expected next: {expected}",
        "nl": "het spoor stopt voordat de route klaar is; verwacht nog: {expected}",
    },
    "test.rule_violated": {"en": "rule {rid} violated", "nl": "regel {rid} geschonden"},
    "test.summary": {
        "en": "{passed} passed, {failed} failed in {s} s",
        "nl": "{passed} geslaagd, {failed} mislukt in {s} s",
    },
    # ketenmining/report/protocol_diff.py (protocol diff)
    "diff.no_changes": {"en": "no changes", "nl": "geen wijzigingen"},
    "diff.ok": {"en": "ok", "nl": "in orde"},
    "diff.too_small": {"en": "TOO SMALL", "nl": "TE KLEIN"},
    "diff.verdict": {
        "en": "bump needed: {required}; made: {made} — {ok}",
        "nl": "benodigde versiesprong: {required}; gemaakt: {made} — {ok}",
    },
    # ketenmining/protocol/calendar.py (Calendar.describe)
    "calendar.describe": {
        "en": "working days {country}: weekends and Dutch public holidays off, {good_friday}, {liberation_day}, {own} own closing day(s); timezone {timezone}",
        "nl": "werkdagen {country}: weekend en Nederlandse feestdagen vrij, {good_friday}, {liberation_day}, {own} eigen sluitingsdag(en); tijdzone {timezone}",
    },
    "calendar.good_friday.closed": {"en": "Good Friday closed", "nl": "Goede Vrijdag gesloten"},
    "calendar.good_friday.open": {"en": "Good Friday open", "nl": "Goede Vrijdag open"},
    "calendar.liberation_day.every_year": {
        "en": "5 May closed every year",
        "nl": "5 mei elk jaar gesloten",
    },
    "calendar.liberation_day.lustrum": {
        "en": "5 May closed in lustrum years",
        "nl": "5 mei gesloten in lustrumjaren",
    },
    "calendar.liberation_day.open": {"en": "5 May open", "nl": "5 mei open"},
}
