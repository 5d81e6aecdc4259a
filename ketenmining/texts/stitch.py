"""Texts of the stitch stage (data-quality findings): id (after "stitch.") → English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # ketenmining/stitch/quality.py: title, message and hint of each data-quality finding
    "DQ001.title": {"en": "rows set aside", "nl": "rijen apart gezet"},
    "DQ001.message": {
        "en": "source {source}: {count} rows set aside ({reasons}); first rows: {rows}",
        "nl": "bron {source}: {count} rijen apart gezet ({reasons}); eerste rijen: {rows}",
    },
    "DQ001.hint": {
        "en": "the owner can look these rows up in the export and the rejects file",
        "nl": "de eigenaar kan deze rijen opzoeken in de export en het rejects-bestand",
    },
    "DQ002.title": {"en": "unmapped activities", "nl": "niet-gekoppelde activiteiten"},
    "DQ002.message": {
        "en": "source {source}: {count} activity names not mapped to a step: {names}",
        "nl": "bron {source}: {count} activiteitnamen niet aan een stap gekoppeld: {names}",
    },
    "DQ002.hint": {
        "en": "map them under 'activities' or list them under 'ignore' in keten.yaml",
        "nl": "koppel ze onder 'activities' of zet ze onder 'ignore' in keten.yaml",
    },
    "DQ003.title": {"en": "duplicate events", "nl": "dubbele gebeurtenissen"},
    "DQ003.message": {
        "en": "source {source}: {count} events are exact duplicates (same client, activity, time)",
        "nl": "bron {source}: {count} gebeurtenissen zijn exacte dubbelingen (zelfde cliënt, activiteit, tijd)",
    },
    "DQ003.hint": {
        "en": "check whether the export repeats rows",
        "nl": "controleer of de export rijen herhaalt",
    },
    "DQ004.title": {"en": "events outside the period", "nl": "gebeurtenissen buiten de periode"},
    "DQ004.message": {
        "en": "source {source}: {before} events before and {after} after the configured period",
        "nl": "bron {source}: {before} gebeurtenissen vóór en {after} na de ingestelde periode",
    },
    "DQ004.hint": {
        "en": "check the export's selection or the config's period",
        "nl": "controleer de selectie van de export of de periode in keten.yaml",
    },
    "DQ005.title": {"en": "events in the future", "nl": "gebeurtenissen in de toekomst"},
    "DQ005.message": {
        "en": "source {source}: {count} events lie in the future",
        "nl": "bron {source}: {count} gebeurtenissen liggen in de toekomst",
    },
    "DQ005.hint": {
        "en": "a date format or time-zone problem?",
        "nl": "een probleem met datumnotatie of tijdzone?",
    },
    "DQ006.title": {
        "en": "clients seen by one organisation only",
        "nl": "cliënten bij één organisatie",
    },
    "DQ006.message": {
        "en": "{single} of {clients} clients ({share}) appear at one organisation only",
        "nl": "{single} van {clients} cliënten ({share}) komen bij één organisatie voor",
    },
    "DQ006.hint": {
        "en": "they never went further in the chain, or their ids could not be linked: compare with the rejects",
        "nl": "zij gingen niet verder in de keten, of hun id kon niet gekoppeld worden: vergelijk met de rejects",
    },
    "DQ007.title": {
        "en": "suspected clock skew at a seam",
        "nl": "vermoedelijke klokafwijking op een naad",
    },
    "DQ007.message": {
        "en": "{late} records the same joint activities about {minutes} minutes later than {early} ({pairs} pairs, {consistency} consistent), {when}",
        "nl": "{late} registreert dezelfde gezamenlijke activiteiten ongeveer {minutes} minuten later dan {early} ({pairs} paren, {consistency} consistent), {when}",
    },
    "DQ007.hint": {
        "en": "ask {late} whether its export writes local time, UTC or a fixed offset; deadlines in hours at this seam are unreliable until fixed",
        "nl": "vraag {late} of de export lokale tijd, UTC of een vaste afwijking schrijft; termijnen in uren op deze naad zijn onbetrouwbaar tot dit is opgelost",
    },
    "DQ008.title": {"en": "daylight-saving times", "nl": "zomertijdovergangen"},
    "DQ008.message": {
        "en": "source {source}: {ambiguous} local times fall in the repeated autumn hour and {nonexistent} in the skipped spring hour",
        "nl": "bron {source}: {ambiguous} lokale tijden vallen in het dubbele herfstuur en {nonexistent} in het overgeslagen voorjaarsuur",
    },
    "DQ008.hint": {
        "en": "ask the owner whether the export's times are local or UTC",
        "nl": "vraag de eigenaar of de tijden in de export lokaal of UTC zijn",
    },
    "DQ009.title": {"en": "dates without times", "nl": "datums zonder tijd"},
    "DQ009.message": {
        "en": "source {source} records dates only: events on the same day are ordered by file order",
        "nl": "bron {source} registreert alleen datums: gebeurtenissen op dezelfde dag staan in bestandsvolgorde",
    },
    "DQ009.hint": {
        "en": "working-day deadlines are unaffected; same-day order with other organisations is uncertain",
        "nl": "termijnen in werkdagen kloppen; de volgorde op dezelfde dag met andere organisaties is onzeker",
    },
    "DQ011.title": {
        "en": "BSN-shaped numbers in data values",
        "nl": "BSN-achtige nummers in waarden",
    },
    "DQ011.message": {
        "en": "source {source}: {count} activity names or attribute values held a number that passes the BSN check; it was masked as [BSN] in the chain log",
        "nl": "bron {source}: {count} activiteitnamen of attribuutwaarden bevatten een nummer dat aan de BSN-controle voldoet; het is als [BSN] gemaskeerd in het ketenlog",
    },
    "DQ011.hint": {
        "en": "map no free-text column with ids; ask the owner to keep ids out of activity names",
        "nl": "koppel geen vrije-tekstkolom met nummers; vraag de eigenaar nummers uit activiteitnamen te houden",
    },
    "DQ013.title": {
        "en": "the source's own client numbers in data values",
        "nl": "eigen cliëntnummers van de bron in waarden",
    },
    "DQ013.message": {
        "en": "source {source}: {count} activity names or attribute values held one of the source's own client or dossier numbers; it was masked as [ID] in the chain log",
        "nl": "bron {source}: {count} activiteitnamen of attribuutwaarden bevatten een eigen cliënt- of dossiernummer van de bron; het is als [ID] gemaskeerd in het ketenlog",
    },
    "DQ013.hint": {
        "en": "map no free-text column with ids; ask the owner to keep ids out of activity names",
        "nl": "koppel geen vrije-tekstkolom met nummers; vraag de eigenaar nummers uit activiteitnamen te houden",
    },
    "DQ012.title": {"en": "NUL bytes in data values", "nl": "NUL-tekens in waarden"},
    "DQ012.message": {
        "en": "source {source}: {count} activity names or attribute values held NUL bytes; they were dropped",
        "nl": "bron {source}: {count} activiteitnamen of attribuutwaarden bevatten NUL-tekens; die zijn weggelaten",
    },
    "DQ012.hint": {
        "en": "the export is probably damaged or binary: check it with its owner",
        "nl": "de export is waarschijnlijk beschadigd of binair: controleer hem met de eigenaar",
    },
    "DQ010.title": {
        "en": "protocol steps no source exports",
        "nl": "protocolstappen die geen bron levert",
    },
    "DQ010.message": {
        "en": "{count} protocol steps are mapped by no source, so the data cannot show them: {steps}",
        "nl": "{count} protocolstappen worden door geen bron geleverd, dus de data kan ze niet tonen: {steps}",
    },
    "DQ010.hint": {
        "en": "rules on these steps cannot be judged (a limitation of the data, not a nonconformity); map the step in keten.yaml or add the export that records it",
        "nl": "regels over deze stappen zijn niet te beoordelen (een beperking van de data, geen tekortkoming); koppel de stap in keten.yaml of voeg de export toe die hem vastlegt",
    },
    # DQ007: when the clock is off
    "when.dst": {
        "en": "in summer time only (a daylight-saving bug)",
        "nl": "alleen in de zomertijd (een zomertijdfout)",
    },
    "when.constant": {"en": "all year round", "nl": "het hele jaar door"},
}
