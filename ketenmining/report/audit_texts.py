"""Headings and labels of the audit report in Dutch and English (html, md, csv, junit)."""

from __future__ import annotations

from ketenmining.i18n import Catalogue

T: Catalogue = {
    "doc": {"nl": "Ketenaudit", "en": "Chain audit"},
    "confidential": {"nl": "VERTROUWELIJK", "en": "CONFIDENTIAL"},
    "page": {"nl": "pagina", "en": "page"},
    "of": {"nl": "van", "en": "of"},
    "criteria_short": {"nl": "Auditcriteria", "en": "Audit criteria"},
    "period": {"nl": "Periode", "en": "Period"},
    "data_end": {"nl": "Gegevens tot en met", "en": "Data up to"},
    "population": {"nl": "Populatie", "en": "Population"},
    "population_text": {
        "nl": "{clients} cliënten, {cases} zaken ({ended} afgerond, {running} lopend), "
        "{events} gebeurtenissen, {variants} varianten",
        "en": "{clients} clients, {cases} cases ({ended} ended, {running} running), "
        "{events} events, {variants} variants",
    },
    "organisations": {"nl": "Organisaties", "en": "Organisations"},
    "report_date": {"nl": "Datum rapport", "en": "Report date"},
    "auditor": {"nl": "Auditor", "en": "Auditor"},
    "client": {"nl": "Opdrachtgever", "en": "Audit client"},
    "not_given": {"nl": "(in te vullen)", "en": "(to be filled in)"},
    "verdict": {"nl": "Oordeel", "en": "Verdict"},
    "summary": {"nl": "Overzicht van de bevindingen", "en": "Summary of findings"},
    "summary_counts": {
        "nl": "{major} major · {minor} minor · {observation} observaties · {ofi} verbeterpunten",
        "en": "{major} major · {minor} minor · {observation} observations · {ofi} "
        "opportunities for improvement",
    },
    "no_findings": {"nl": "Geen bevindingen.", "en": "No findings."},
    "col.nr": {"nl": "Nr.", "en": "No."},
    "col.class": {"nl": "Klasse", "en": "Class"},
    "col.criterion": {"nl": "Criterium", "en": "Criterion"},
    "col.finding": {"nl": "Bevinding", "en": "Finding"},
    "col.compliance": {"nl": "Naleving / norm", "en": "Compliance / norm"},
    "col.cases": {"nl": "Zaken", "en": "Cases"},
    "col.rule": {"nl": "Regel", "en": "Rule"},
    "col.text": {"nl": "Omschrijving", "en": "Description"},
    "col.severity": {"nl": "Ernst", "en": "Severity"},
    "col.norm": {"nl": "Norm", "en": "Norm"},
    "col.judged": {"nl": "Beoordeeld", "en": "Judged"},
    "col.violated": {"nl": "Niet voldaan", "en": "Not met"},
    "col.pending": {"nl": "Lopend", "en": "Pending"},
    "col.result": {"nl": "Oordeel", "en": "Result"},
    "col.org": {"nl": "Organisatie", "en": "Organisation"},
    "col.name": {"nl": "Naam", "en": "Name"},
    "col.judgements": {"nl": "Oordelen", "en": "Judgements"},
    "col.fitness": {"nl": "Fitness", "en": "Fitness"},
    "col.seam": {"nl": "Naad", "en": "Seam"},
    "col.handovers": {"nl": "Overdrachten", "en": "Handovers"},
    "col.picked_up": {"nl": "Opgepakt", "en": "Picked up"},
    "col.lost": {"nl": "Verloren", "en": "Lost"},
    "col.late": {"nl": "Te laat", "en": "Late"},
    "col.median": {"nl": "Mediaan (dagen)", "en": "Median (days)"},
    "col.p90": {"nl": "P90 (dagen)", "en": "P90 (days)"},
    "col.ping_pong": {"nl": "Rondpompen", "en": "Ping-pong"},
    "col.duplicates": {"nl": "Dubbel", "en": "Duplicate"},
    "col.joint": {"nl": "Samen", "en": "Joint"},
    "col.source": {"nl": "Bron", "en": "Source"},
    "col.file": {"nl": "Bestand", "en": "File"},
    "col.format": {"nl": "Formaat", "en": "Format"},
    "col.rows": {"nl": "Rijen", "en": "Rows"},
    "col.events": {"nl": "Gebeurtenissen", "en": "Events"},
    "col.rejected": {"nl": "Apart gezet", "en": "Set aside"},
    "col.sha": {"nl": "SHA-256", "en": "SHA-256"},
    "col.case": {"nl": "Zaak (pseudoniem)", "en": "Case (pseudonym)"},
    "col.episode": {"nl": "Ep.", "en": "Ep."},
    "col.stratum": {"nl": "Stratum", "en": "Stratum"},
    "col.variant": {"nl": "Variant", "en": "Variant"},
    "col.reason": {"nl": "Reden", "en": "Reason"},
    "col.population": {"nl": "Populatie", "en": "Population"},
    "col.sample": {"nl": "Steekproef", "en": "Sample"},
    "col.role": {"nl": "Rol", "en": "Role"},
    "col.setting": {"nl": "Instelling", "en": "Setting"},
    "col.value": {"nl": "Waarde", "en": "Value"},
    "met": {"nl": "voldaan", "en": "met"},
    "not_met": {"nl": "niet voldaan", "en": "not met"},
    "not_assessed": {"nl": "niet beoordeeld", "en": "not assessed"},
    "sev.major": {"nl": "major", "en": "major"},
    "sev.minor": {"nl": "minor", "en": "minor"},
    "sev.observation": {"nl": "observatie", "en": "observation"},
    # sections
    "s.objectives": {"nl": "Auditdoelstellingen", "en": "Audit objectives"},
    "s.scope": {"nl": "Reikwijdte", "en": "Audit scope"},
    "s.criteria": {"nl": "Auditcriteria", "en": "Audit criteria"},
    "s.method": {"nl": "Auditmethode", "en": "Audit method"},
    "s.findings": {"nl": "Bevindingen", "en": "Audit findings"},
    "s.conclusions": {"nl": "Conclusies", "en": "Audit conclusions"},
    "s.degree": {
        "nl": "Mate waarin aan de auditcriteria is voldaan",
        "en": "Degree to which the audit criteria are fulfilled",
    },
    "s.limitations": {"nl": "Beperkingen en onzekerheid", "en": "Limitations and uncertainty"},
    "s.maps": {
        "nl": "Kaarten: afgesproken route en werkelijke keten",
        "en": "Maps: agreed route and real chain",
    },
    "s.sample": {
        "nl": "Bijlage A. Steekproef voor dossieronderzoek",
        "en": "Annex A. Sample for file review",
    },
    "s.provenance": {
        "nl": "Bijlage B. Herleidbaarheid van deze audit",
        "en": "Annex B. Provenance of this audit",
    },
    "s.signature": {"nl": "Vaststelling", "en": "Approval"},
    # sub-headings and notes
    "h.protocol": {"nl": "Ketenprotocol", "en": "Chain protocol"},
    "h.calendar": {"nl": "Kalender voor termijnen", "en": "Calendar for deadlines"},
    "h.file_hash": {"nl": "Bestand en SHA-256", "en": "File and SHA-256"},
    "h.rules": {
        "nl": "Regels (eisen) van het protocol",
        "en": "Rules (requirements) of the protocol",
    },
    "h.sources": {"nl": "Bronnen", "en": "Sources"},
    "h.linkage": {"nl": "Koppeling van cliënten", "en": "Linkage of clients"},
    "linkage_text": {
        "nl": "{clients} cliënten; {single} ({share}) komen bij één organisatie voor (niet "
        "doorverwezen, of niet te koppelen).",
        "en": "{clients} clients; {single} ({share}) appear at one organisation only (not referred "
        "on, or not linkable).",
    },
    "no_sources": {
        "nl": "Geen bronnen vermeld (geen datakwaliteitsrapport).",
        "en": "No sources listed (no data-quality report).",
    },
    "h.conformance": {"nl": "Toetsing van route en regels", "en": "Checking route and rules"},
    "conformance_text": {
        "nl": "De route is getoetst met optimale alignments tegen het uit het protocol afgeleide "
        "procesmodel, één keer per variant ({variants} varianten) en toegepast op alle zaken van "
        "die variant. Iedere regel is op iedere zaak beoordeeld met de evaluator van het protocol "
        "({evaluator}), met termijnen in de kalender van het protocol. Lopende zaken zijn alleen "
        "beoordeeld op wat al had moeten gebeuren.",
        "en": "The route was checked with optimal alignments against the process model compiled "
        "from the protocol, once per variant ({variants} variants) and applied to every case of "
        "that variant. Every rule was judged on every case with the protocol's evaluator "
        "({evaluator}), with deadlines in the protocol's calendar. Running cases were judged "
        "only on what should already have happened.",
    },
    "h.classification": {"nl": "Classificatie van bevindingen", "en": "Classification of findings"},
    "classification_text": {
        "nl": "Een regel is voldaan als de naleving ten minste de norm is. Niet voldaan: ernst "
        "‘major’ geeft een major tekortkoming, ‘minor’ een minor tekortkoming (major als de norm "
        "met {escalate} procentpunt of meer wordt gemist), ‘observatie’ een observatie. Vanaf "
        "{minors} minor tekortkomingen op hetzelfde criterium tellen die samen als één major. "
        "Voldaan, maar met afwijkingen en een daling van {drop} procentpunt of meer tussen het "
        "eerste en laatste kwartaal, of minder dan {margin} procentpunt boven de norm: een "
        "verbeterpunt. Verloren overdrachten, afwijkingen waarvoor het protocol geen regel heeft, "
        "routeafwijkingen in ten minste {route} van de zaken en vermoedelijke klokafwijkingen "
        "zijn observaties.",
        "en": "A rule is met when compliance is at least the norm. Not met: severity ‘major’ "
        "gives a major nonconformity, ‘minor’ a minor one (major when the norm is missed by "
        "{escalate} percentage points or more), ‘observation’ an observation. {minors} or more "
        "minor nonconformities on the same criterion add up to one major. Met, but with "
        "deviations and a drop of {drop} percentage points or more from the first to the last "
        "quarter, or less than {margin} percentage points above the norm: an opportunity for "
        "improvement. Lost handovers, deviations the protocol has no rule for, route deviations "
        "in at least {route} of cases and suspected clock skew are observations.",
    },
    "h.sampling": {"nl": "Steekproefmethode", "en": "Sampling method"},
    "sampling_text": {
        "nl": "Steekproef voor dossieronderzoek volgens ISO 19011:2018 bijlage A.6: "
        "betrouwbaarheid {confidence}, nauwkeurigheid ±{precision}, verwacht afwijkingspercentage "
        "{rate} ({rate_source}), populatie N = {population} zaken. Gestratificeerd naar bevinding "
        "en organisatie (zaken zonder bevinding: controlestratum per organisatieroute), binnen "
        "een stratum gespreid over varianten; minimaal {minimum} per stratum; seed {seed}. "
        "Dezelfde gegevens en seed geven dezelfde steekproef.",
        "en": "Sample for file review following ISO 19011:2018 Annex A.6: confidence "
        "{confidence}, precision ±{precision}, expected deviation rate {rate} ({rate_source}), "
        "population N = {population} cases. Stratified by finding and organisation (cases "
        "without a finding: a control stratum per organisation path), spread over variants "
        "within a stratum; at least {minimum} per stratum; seed {seed}. The same data and seed "
        "give the same sample.",
    },
    "rate.setting": {"nl": "ingesteld", "en": "setting"},
    "rate.observed": {"nl": "waargenomen", "en": "observed"},
    "rate.default": {"nl": "standaard", "en": "default"},
    "sample_result": {
        "nl": "Steekproefomvang: {total} zaken over {strata} strata.",
        "en": "Sample size: {total} cases over {strata} strata.",
    },
    "f.criterion": {"nl": "Criterium", "en": "Criterion"},
    "f.cases": {"nl": "Betrokken zaken", "en": "Cases involved"},
    "f.orgs": {"nl": "Organisaties", "en": "Organisations"},
    "f.seams": {"nl": "Naden", "en": "Seams"},
    "f.sample": {
        "nl": "Voorbeeldzaken (pseudoniemen)",
        "en": "Example cases (pseudonyms)",
    },
    "f.trend": {"nl": "Naleving per kwartaal", "en": "Compliance per quarter"},
    "d.overall": {"nl": "Totaal", "en": "Overall"},
    "d.overall_text": {
        "nl": "{met} van {assessed} beoordeelde regels voldaan ({rules} regels in het protocol); "
        "naleving over alle {judgements} oordelen: {compliance}; gemiddelde fitness van de "
        "route: {fitness} (logfitness {log_fitness}).",
        "en": "{met} of {assessed} assessed rules met ({rules} rules in the protocol); compliance "
        "over all {judgements} judgements: {compliance}; mean route fitness: {fitness} (log "
        "fitness {log_fitness}).",
    },
    "d.rules": {"nl": "Per regel", "en": "Per rule"},
    "d.orgs": {"nl": "Per organisatie", "en": "Per organisation"},
    "d.seams": {"nl": "Per naad (overdrachten tussen organisaties)", "en": "Per seam (handovers)"},
    "map.route": {"nl": "Afgesproken route (ketenprotocol)", "en": "Agreed route (chain protocol)"},
    "map.real": {"nl": "Werkelijke keten (uit de gegevens)", "en": "Real chain (from the data)"},
    "map.none": {"nl": "Kaart niet beschikbaar.", "en": "Map not available."},
    "map.note": {
        "nl": "Op de route zijn afwijkingen gemarkeerd: overgeslagen stappen, late naden en "
        "verloren overdrachten.",
        "en": "Deviations are marked on the route: skipped steps, late seams and lost handovers.",
    },
    "sample_intro": {
        "nl": "Iedere organisatie zoekt de eigen dossiers bij deze pseudoniemen op met "
        "‘ketenmining lookup’ (eigen export en sleutel nodig). Het bestand sample.csv bevat "
        "dezelfde lijst.",
        "en": "Each organisation finds its own files for these pseudonyms with ‘ketenmining "
        "lookup’ (its own export and key are needed). The file sample.csv holds the same list.",
    },
    "control": {"nl": "controle", "en": "control"},
    "reason.control": {
        "nl": "controle: geen bevinding (toets van de registratie)",
        "en": "control: no finding (check of the records)",
    },
    "reason.also": {"nl": "; ook in {ids}", "en": "; also in {ids}"},
    "also_short": {"nl": "ook", "en": "also"},
    "p.tool": {"nl": "Programma en versie", "en": "Tool and version"},
    "p.command": {"nl": "Opdrachtregel", "en": "Command line"},
    "p.created": {"nl": "Tijdstip van uitvoering", "en": "Time of run"},
    "p.calendar": {"nl": "Kalender", "en": "Calendar"},
    "p.inputs": {"nl": "Invoerbestanden", "en": "Input files"},
    "p.settings": {"nl": "Instellingen van de audit", "en": "Audit settings"},
    "p.schema": {"nl": "Recordschema", "en": "Record schema"},
    "sig.intro": {
        "nl": "Dit rapport is vastgesteld door:",
        "en": "This report was approved by:",
    },
    "sig.name": {"nl": "Naam", "en": "Name"},
    "sig.role": {"nl": "Functie", "en": "Role"},
    "sig.role_value": {"nl": "Kwaliteitsfunctionaris", "en": "Quality officer"},
    "sig.date": {"nl": "Datum", "en": "Date"},
    "sig.sign": {"nl": "Handtekening", "en": "Signature"},
    "junit.suite": {"nl": "Ketenaudit {cite}", "en": "Chain audit {cite}"},
    "junit.not_assessed": {
        "nl": "niet beoordeeld: geen enkele zaak viel onder deze regel",
        "en": "not assessed: no case fell under this rule",
    },
}
