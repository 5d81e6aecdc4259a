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
        "{steps} gebeurtenissen, {variants} varianten",
        "en": "{clients} clients, {cases} cases ({ended} ended, {running} running), "
        "{steps} events, {variants} variants",
    },
    "organisations": {"nl": "Organisaties", "en": "Organisations"},
    "report_date": {"nl": "Datum rapport", "en": "Report date"},
    "auditor": {"nl": "Auditor", "en": "Auditor"},
    "client": {"nl": "Opdrachtgever", "en": "Audit client"},
    "not_given": {"nl": "(in te vullen)", "en": "(to be filled in)"},
    "verdict": {"nl": "Oordeel", "en": "Verdict"},
    "verdict_provisional": {"nl": "Voorlopig oordeel", "en": "Provisional verdict"},
    "st.block": {
        "nl": "Identiteit en status van het rapport",
        "en": "Identity and status of the report",
    },
    "st.kind": {"nl": "Soort audit", "en": "Kind of audit"},
    "st.kind_value": {
        "nl": "Interne ketenaudit volgens de richtlijn ISO 19011; geen certificatie (ISO 9001 "
        "certificeert organisaties, geen ketenroute).",
        "en": "Internal chain audit following the ISO 19011 guideline; not a certification (ISO "
        "9001 certifies organisations, not a chain route).",
    },
    "st.status": {"nl": "Status", "en": "Status"},
    "st.concept": {
        "nl": "Concept – voorlopig oordeel, tot dossieronderzoek en hoor en wederhoor zijn vastgelegd",
        "en": "Draft – provisional verdict until the file review and the responses are recorded",
    },
    "st.final": {"nl": "Definitief", "en": "Final"},
    "st.version": {"nl": "Versie", "en": "Version"},
    "st.team": {"nl": "Auditteam", "en": "Audit team"},
    "st.activities": {"nl": "Auditactiviteiten", "en": "Audit activities"},
    "st.activities_value": {
        "nl": "Bureauonderzoek van de registraties van alle ketenpartners (geen interviews of "
        "observaties ter plaatse), gevolgd door dossieronderzoek van de verificatieselectie.",
        "en": "Desk review of the records of all chain partners (no interviews or on-site "
        "observation), followed by a file review of the verification selection.",
    },
    "st.deadline": {"nl": "Reactietermijn eigenaren", "en": "Owners' response deadline"},
    "st.distribution": {"nl": "Verspreiding", "en": "Distribution"},
    "st.distribution_value": {
        "nl": "Opdrachtgever en de eigenaren van de eisen; iedere organisatie ontvangt alleen de "
        "selectiebijlage met haar eigen zaken.",
        "en": "The audit client and the owners of the requirements; each organisation receives "
        "only the selection annex with its own cases.",
    },
    "mgmt": {"nl": "Managementsamenvatting", "en": "Management summary"},
    "mgmt.messages": {"nl": "Kernboodschappen", "en": "Key messages"},
    "mgmt.owners": {
        "nl": "Per organisatie: eigen bevindingen en termijn",
        "en": "Per organisation: own findings and term",
    },
    "col.owner": {"nl": "Eigenaar van de eis", "en": "Owner of the requirement"},
    "col.own_findings": {"nl": "Eigen bevindingen", "en": "Own findings"},
    "col.term": {"nl": "Termijn", "en": "Term"},
    "km.scope": {
        "nl": "Alle {cases} zaken van {clients} cliënten zijn getoetst aan de {rules} regels van "
        "het protocol; {met} van de {assessed} beoordeelde regels worden gehaald.",
        "en": "All {cases} cases of {clients} clients were checked against the {rules} rules of "
        "the protocol; {met} of the {assessed} assessed rules are met.",
    },
    "km.major": {
        "nl": "{id} {title}: {cases} zaken; eigenaar van de eis: {owners}.",
        "en": "{id} {title}: {cases} cases; owner of the requirement: {owners}.",
    },
    "km.provisional": {
        "nl": "{ids} voorlopig: in {n} zaken staat bij de eigenaar geen enkele gebeurtenis; het "
        "dossieronderzoek moet uitwijzen of dit een koppelingsfout is.",
        "en": "{ids} provisional: in {n} cases the owner has no event at all; the file review "
        "must show whether this is a linkage artefact.",
    },
    "km.pending": {
        "nl": "{n} oordelen zijn nog binnen termijn (het venster is niet gesloten) en tellen niet "
        "als voldaan.",
        "en": "{n} judgements are still within their window and do not count as met.",
    },
    "km.joint": {
        "nl": "Sterk punt: {n} keer gingen organisaties samen op huisbezoek.",
        "en": "Strength: organisations visited families together {n} times.",
    },
    "term.plan": {
        "nl": "oorzaakanalyse en plan van aanpak binnen {weeks} weken",
        "en": "root-cause analysis and action plan within {weeks} weeks",
    },
    "term.none": {"nl": "geen termijn (ter kennisname)", "en": "no term (for information)"},
    "term.follow": {
        "nl": "eigenaar levert binnen {weeks} weken oorzaakanalyse en plan van aanpak; "
        "effectiviteit van majors na {months} maanden getoetst",
        "en": "owner delivers root-cause analysis and action plan within {weeks} weeks; "
        "effectiveness of majors checked after {months} months",
    },
    "resp.head": {"nl": "Hoor en wederhoor", "en": "Responses (hearing both sides)"},
    "resp.owner": {"nl": "Reactie eigenaar", "en": "Owner's response"},
    "resp.position": {"nl": "Standpunt auditor na reactie", "en": "Auditor's position after it"},
    "resp.diverging": {"nl": "Afwijkende meningen", "en": "Diverging opinions"},
    "resp.deadline": {"nl": "Reageren vóór", "en": "Respond by"},
    "resp.term": {"nl": "Opvolging", "en": "Follow-up"},
    "f.owners": {"nl": "Eigenaar van de eis", "en": "Owner of the requirement"},
    "f.provisional": {"nl": "Voorlopig", "en": "Provisional"},
    "f.grouped": {"nl": "Samengevoegd", "en": "Grouped"},
    "grp.core": {
        "nl": "{what} ({cls}): {cases} zaken, waarvan {here} hier geteld",
        "en": "{what} ({cls}): {cases} cases, {here} counted here",
    },
    "grp.consequence": {
        "nl": "{what} ({cls}, gevolg): {cases} zaken, waarvan {here} hier geteld",
        "en": "{what} ({cls}, consequence): {cases} cases, {here} counted here",
    },
    "trend.volume": {
        "nl": "Let op: het aantal zaken per kwartaal wijkt sterk af van de mediaan ({median}) in "
        "{quarters}. Een verandering in volume of in de gegevens kan de naleving verklaren; lees "
        "de trend niet zonder meer als verbetering of verslechtering.",
        "en": "Note: the number of cases per quarter departs strongly from the median ({median}) "
        "in {quarters}. A change in volume or in the data may explain the compliance; do not "
        "read the trend as improvement or decline without checking.",
    },
    "trend.below": {
        "nl": "Kwartalen onder de norm binnen een periode die de norm haalt: {quarters}.",
        "en": "Quarters below the norm within a period that meets it: {quarters}.",
    },
    "s.review": {"nl": "Resultaten dossieronderzoek", "en": "Results of the file review"},
    "rev.none": {
        "nl": "Het dossieronderzoek is nog niet vastgelegd; dit rapport is een concept.",
        "en": "The file review has not been recorded yet; this report is a draft.",
    },
    "rev.intro": {
        "nl": "{reviewed} van de {selected} geselecteerde zaken zijn beoordeeld: {c} bevestigd, "
        "{nc} niet bevestigd, {err} registratiefout.",
        "en": "{reviewed} of {selected} selected cases were reviewed: {c} confirmed, {nc} not "
        "confirmed, {err} recording error.",
    },
    "rev.selected": {"nl": "Geselecteerd", "en": "Selected"},
    "rev.reviewed": {"nl": "Beoordeeld", "en": "Reviewed"},
    "rev.c": {"nl": "Bevestigd", "en": "Confirmed"},
    "rev.nc": {"nl": "Niet bevestigd", "en": "Not confirmed"},
    "rev.err": {"nl": "Registratiefout", "en": "Recording error"},
    "rev.v": {"nl": "Bevinding", "en": "Finding"},
    "rev.confirmed": {"nl": "staat", "en": "stands"},
    "rev.not_confirmed": {
        "nl": "niet bevestigd – telt niet mee in het oordeel",
        "en": "not confirmed – not counted in the verdict",
    },
    "gloss": {"nl": "Begrippen", "en": "Glossary"},
    "h.document": {"nl": "Criteriumdocument", "en": "Criteria document"},
    "h.document_value": {
        "nl": "Ketenprotocol {cite}, beheerd door {owner}. Alleen de regels van dit protocol zijn "
        "eisen; een visiedocument waarnaar een regel verwijst is context (zie Documenten).",
        "en": "Chain protocol {cite}, kept by {owner}. Only the rules of this protocol are "
        "requirements; a vision document a rule refers to is context (see Documents).",
    },
    "map.part": {
        "nl": "deel {i} van {n} (de delen overlappen; elk label is op papier ten minste 8 pt)",
        "en": "part {i} of {n} (the parts overlap; every label prints at 8 pt or more)",
    },
    "h.documents": {"nl": "Documenten", "en": "Documents"},
    "col.document": {"nl": "Document", "en": "Document"},
    "col.version": {"nl": "Versie", "en": "Version"},
    "col.date": {"nl": "Datum", "en": "Date"},
    "col.agreed": {"nl": "Vastgesteld door", "en": "Agreed by"},
    "doc.criterion": {"nl": "normenkader (eisen)", "en": "criteria (requirements)"},
    "doc.context": {"nl": "context, geen eis", "en": "context, not a requirement"},
    "doc.all_agreed": {"nl": "alle ketenpartners: {orgs}", "en": "every chain partner: {orgs}"},
    "doc.not_agreed": {
        "nl": "{orgs}; nog niet vastgesteld door {missing}",
        "en": "{orgs}; not yet agreed by {missing}",
    },
    "doc.none_given": {
        "nl": "Geen documenten opgegeven: de vastlegging dat alle ketenpartners met deze versie "
        "hebben ingestemd ontbreekt (sectie documents in --report-info).",
        "en": "No documents given: the record that every chain partner agreed to this version "
        "is missing (section documents in --report-info).",
    },
    "doc.intro": {
        "nl": "Alleen documenten met de rol normenkader zijn eisen; een visiedocument is context "
        "bij het lezen van de bevindingen, er wordt niet tegen getoetst.",
        "en": "Only documents in the role of criteria are requirements; a vision document is "
        "context for reading the findings and is not audited against.",
    },
    "stratum.absent": {
        "nl": "geen gebeurtenis bij de eigenaar (alle zaken)",
        "en": "no event at the owner (all cases)",
    },
    "s.programme": {"nl": "Auditprogramma en opvolging", "en": "Audit programme and follow-up"},
    "prog.text": {
        "nl": "Deze ketenaudit wordt iedere {months} maanden herhaald; de volgende audit staat "
        "gepland rond {next}.",
        "en": "This chain audit is repeated every {months} months; the next audit is planned "
        "around {next}.",
    },
    "prog.none": {
        "nl": "Er is geen vorige audit opgegeven (--previous).",
        "en": "No previous audit was given (--previous).",
    },
    "prog.previous": {
        "nl": "Status van de bevindingen van de vorige audit ({date}):",
        "en": "Status of the findings of the previous audit ({date}):",
    },
    "prog.status": {"nl": "Status nu", "en": "Status now"},
    "prog.open": {"nl": "open – opnieuw vastgesteld", "en": "open – found again"},
    "prog.closed": {"nl": "gesloten", "en": "closed"},
    "prog.effective": {
        "nl": "gesloten en effectief – de eisen worden nu gehaald",
        "en": "closed and effective – the requirements are met now",
    },
    "scope.excluded": {
        "nl": "Buiten de reikwijdte (geen gegevens aangeleverd): {orgs}. Wat deze organisaties "
        "deden, ziet de audit niet: een zaak die daar wel is opgepakt, kan hier als ‘niet "
        "opgepakt’ verschijnen, en hun eigen eisen zijn niet getoetst.",
        "en": "Out of scope (no data supplied): {orgs}. The audit cannot see what these "
        "organisations did: a case picked up there may show here as ‘not picked up’, and their "
        "own requirements were not assessed.",
    },
    "map.in_html": {"nl": "opgenomen in audit.html", "en": "included in audit.html"},
    "gl.zaak": {"nl": "Zaak", "en": "Case"},
    "gl.zaak.text": {
        "nl": "Eén episode van één kind (cliënt) in de keten, over alle organisaties heen; de "
        "eenheid waarop iedere regel wordt getoetst.",
        "en": "One episode of one child (client) in the chain, across all organisations; the unit "
        "every rule is judged on.",
    },
    "gl.episode": {"nl": "Episode", "en": "Episode"},
    "gl.episode.text": {
        "nl": "Een periode van hulp aan hetzelfde kind; na meer dan 12 maanden stilte begint een "
        "nieuwe episode (een nieuwe zaak).",
        "en": "A period of help to the same child; after more than 12 months of silence a new "
        "episode (a new case) begins.",
    },
    "gl.variant": {"nl": "Variant", "en": "Variant"},
    "gl.variant.text": {
        "nl": "Een volgorde van stappen die in één of meer zaken precies zo voorkomt.",
        "en": "A sequence of steps that occurs exactly so in one or more cases.",
    },
    "gl.naad": {"nl": "Naad", "en": "Seam"},
    "gl.naad.text": {
        "nl": "De overgang van een zaak van de ene organisatie naar de andere (bijv. VT→TT).",
        "en": "The passage of a case from one organisation to another (e.g. VT→TT).",
    },
    "gl.pseudoniem": {"nl": "Pseudoniem", "en": "Pseudonym"},
    "gl.pseudoniem.text": {
        "nl": "Versleutelde code in plaats van het BSN; alleen de organisatie met de sleutel kan "
        "de eigen dossiers terugvinden. In dit rapport staan zaken met hun selectienummer (A-07).",
        "en": "Keyed code instead of the BSN; only the organisation holding the key can find its "
        "own files. This report cites cases by their selection number (A-07).",
    },
    "gl.lopend": {"nl": "Lopend / nog binnen termijn", "en": "Running / within the window"},
    "gl.lopend.text": {
        "nl": "Een zaak die aan het einde van de gegevens nog niet is afgesloten; een regel waarvan "
        "het venster nog openstaat, is nog niet te beoordelen en telt niet als voldaan.",
        "en": "A case not yet closed at the end of the data; a rule whose window is still open "
        "cannot be judged yet and does not count as met.",
    },
    "gl.voorlopig": {"nl": "Voorlopig", "en": "Provisional"},
    "gl.voorlopig.text": {
        "nl": "Een bevinding of oordeel dat nog door dossieronderzoek en hoor en wederhoor moet "
        "worden bevestigd.",
        "en": "A finding or verdict still to be confirmed by file review and the owners' "
        "responses.",
    },
    "grouping_text": {
        "nl": "Eén bevinding per verschijnsel: regels en naad- of routebevindingen die voor ten "
        "minste {overlap} in dezelfde zaken worden geschonden (van beide kanten), zijn samengevoegd; "
        "een regel die in ten minste {overlap} van de zaken van een bevinding ook wordt geschonden, "
        "is daar mede-criterium (‘gevolg’) en die zaken tellen daar, niet nog eens apart. Iedere "
        "zaak telt één keer per bevinding. Eigenaar van de eis is de organisatie die het protocol "
        "verantwoordelijk maakt (de ‘by’ van de stap, of beide kanten van een overdracht); de "
        "organisaties in de zaken staan erbij ter informatie.",
        "en": "One finding per phenomenon: rules and seam or route findings violated in the same "
        "cases for at least {overlap} (both ways) are merged; a rule also violated in at least "
        "{overlap} of a finding's cases is a co-criterion there (‘consequence’) and those cases "
        "count there, not again separately. Every case counts once per finding. The owner of a "
        "requirement is the organisation the protocol makes responsible (the step's ‘by’, or both "
        "sides of a handover); the organisations in the cases are listed for information.",
    },
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
    "col.judged": {"nl": "Getoetst", "en": "Assessed"},
    "col.violated": {"nl": "Niet conform", "en": "Not conforming"},
    "col.pending": {"nl": "Binnen termijn", "en": "Window open"},
    "small_cells": {
        "nl": "Kleine-celregel: aantallen van 1 tot {k} staan als ‘< {k}’.",
        "en": "Small-cell rule: counts from 1 to {k} are shown as ‘< {k}’.",
    },
    "col.result": {"nl": "Oordeel", "en": "Result"},
    "col.org": {"nl": "Organisatie", "en": "Organisation"},
    "col.name": {"nl": "Naam", "en": "Name"},
    "col.judgements": {"nl": "Oordelen", "en": "Judgements"},
    "col.fitness": {"nl": "Fitness", "en": "Fitness"},
    "col.owned": {"nl": "Eigenaar van de eisen", "en": "Owner of the requirements"},
    "d.orgs_note": {
        "nl": "Per organisatie telt alleen de naleving van de eisen waarvan zij eigenaar is (de "
        "stap die zij volgens het protocol uitvoert, of een kant van een overdracht). ‘Zaken’ is "
        "het aantal zaken waarin de organisatie voorkomt, ter informatie.",
        "en": "Per organisation only the requirements it owns count (the step the protocol makes "
        "it responsible for, or one side of a handover). ‘Cases’ is the number of cases it "
        "appears in, for information.",
    },
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
    "col.ignored": {"nl": "Genegeerd", "en": "Ignored"},
    "col.other": {"nl": "Overig", "en": "Other"},
    "col.count": {"nl": "Aantal", "en": "Number"},
    "h.reconcile": {
        "nl": "Aansluiting: van gelezen rijen naar zaken",
        "en": "Reconciliation: from rows read to cases",
    },
    "reconcile_intro": {
        "nl": "Elk aantal in dit rapport komt uit deze telling; elke stap sluit aan op de vorige.",
        "en": "Every count in this report comes from this tally; each step adds up to the next.",
    },
    "rec.rows_read": {"nl": "Rijen gelezen uit de bronnen", "en": "Rows read from the sources"},
    "rec.rejected": {
        "nl": "− apart gezet (ongeldig of ontbrekend id)",
        "en": "− set aside (invalid or missing id)",
    },
    "rec.ignored": {
        "nl": "− genegeerd (activiteit die de mapping niet meeneemt)",
        "en": "− ignored (activity the mapping leaves out)",
    },
    "rec.other": {
        "nl": "− overig (dubbel of buiten de periode van de ketenlog)",
        "en": "− other (duplicate or outside the chain log's period)",
    },
    "rec.chain_events": {
        "nl": "= gebeurtenissen in de ketenlog",
        "en": "= events in the chain log",
    },
    "rec.left_out": {"nl": "− buiten de auditperiode", "en": "− outside the audit period"},
    "rec.events": {"nl": "= getoetste gebeurtenissen", "en": "= events audited"},
    "rec.clients": {"nl": "Cliënten (pseudoniemen)", "en": "Clients (pseudonyms)"},
    "rec.cases": {"nl": "Zaken (episodes van een cliënt)", "en": "Cases (episodes of a client)"},
    "rec.ended": {"nl": "  waarvan afgerond", "en": "  of which ended"},
    "rec.running": {"nl": "  waarvan lopend", "en": "  of which running"},
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
        "nl": "Bijlage A. Verificatieselectie voor dossieronderzoek",
        "en": "Annex A. Verification selection for file review",
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
        "nl": "Per zaak is de volgorde van de stappen vergeleken met de afgesproken route uit het "
        "protocol (voor zaken met precies dezelfde volgorde één keer: {variants} varianten). "
        "Iedere regel is op iedere zaak getoetst met dezelfde beoordelingsregels als de tests van "
        "het protocol ({evaluator}), met termijnen in werkdagen volgens de kalender van het "
        "protocol. Lopende zaken zijn alleen beoordeeld op wat al had moeten gebeuren; een regel "
        "waarvan de termijn nog loopt, telt als ‘binnen termijn’, niet als voldaan.",
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
        "nl": "Verificatieselectie voor dossieronderzoek (ISO 19011:2018 bijlage A.6). Dit is een "
        "gerichte selectie om de bevindingen in de dossiers te verifiëren, geen statistische "
        "schatting over de hele keten. Alle zaken waarin van de organisatie die moest handelen "
        "geen enkele gebeurtenis staat, zijn opgenomen ({absent}). Per major tekortkoming is de "
        "omvang bepaald op haar eigen aantal zaken, zodat het aandeel dat het dossieronderzoek "
        "bevestigt met betrouwbaarheid {confidence} en nauwkeurigheid ±{precision} vast te "
        "stellen is (verwacht aandeel {rate}, {rate_source}). Overige strata: {minimum} zaken "
        "(of alle als het er minder zijn), zonder nauwkeurigheidsclaim. Binnen een stratum "
        "gespreid over varianten; seed {seed}: dezelfde gegevens en seed geven dezelfde selectie.",
        "en": "Verification selection for file review (ISO 19011:2018 Annex A.6). It is a "
        "targeted selection to verify the findings in the files, not a statistical estimate "
        "over the whole chain. Every case in which the organisation that had to act has no "
        "event at all is included ({absent}). For each major nonconformity the size follows "
        "from its own number of cases, so that the share the file review confirms can be "
        "stated with confidence {confidence} and precision ±{precision} (expected share "
        "{rate}, {rate_source}). Other strata: {minimum} cases (or all when fewer), with no "
        "claim of precision. Within a stratum spread over variants; seed {seed}: the same data "
        "and seed give the same selection.",
    },
    "sampling_major": {
        "nl": "{finding}: {n} van {population} zaken (n₀ = {n0}; n = ⌈n₀ / (1 + (n₀ − 1) / N)⌉).",
        "en": "{finding}: {n} of {population} cases (n₀ = {n0}; n = ⌈n₀ / (1 + (n₀ − 1) / N)⌉).",
    },
    "rate.setting": {"nl": "ingesteld", "en": "setting"},
    "rate.observed": {"nl": "waargenomen", "en": "observed"},
    "rate.default": {"nl": "standaard", "en": "default"},
    "sample_result": {
        "nl": "Omvang van de selectie: {total} zaken over {strata} strata.",
        "en": "Size of the selection: {total} cases over {strata} strata.",
    },
    "f.criterion": {"nl": "Criterium", "en": "Criterion"},
    "f.cases": {"nl": "Betrokken zaken", "en": "Cases involved"},
    "f.orgs": {"nl": "Organisaties", "en": "Organisations"},
    "f.seams": {"nl": "Naden", "en": "Seams"},
    "f.sample": {
        "nl": "Zaken in de verificatieselectie (bijlage A)",
        "en": "Cases in the verification selection (annex A)",
    },
    "f.trend": {"nl": "Naleving per kwartaal", "en": "Compliance per quarter"},
    "d.overall": {"nl": "Totaal", "en": "Overall"},
    "d.overall_text": {
        "nl": "{met} van {assessed} beoordeelde regels voldaan ({rules} regels in het protocol). "
        "De naleving staat per criterium hieronder; een gemiddelde over regels met verschillende "
        "normen zegt niets en wordt niet gegeven.",
        "en": "{met} of {assessed} assessed rules met ({rules} rules in the protocol). Compliance "
        "is given per criterion below; an average over rules with different norms means nothing "
        "and is not given.",
    },
    "d.rules": {"nl": "Naleving per criterium", "en": "Compliance per criterion"},
    "d.orgs": {"nl": "Per organisatie", "en": "Per organisation"},
    "d.seams": {"nl": "Per naad (overdrachten tussen organisaties)", "en": "Per seam (handovers)"},
    "map.route": {"nl": "Afgesproken route (ketenprotocol)", "en": "Agreed route (chain protocol)"},
    "map.real": {"nl": "Werkelijke keten (uit de gegevens)", "en": "Real chain (from the data)"},
    "map.none": {"nl": "Kaart niet beschikbaar.", "en": "Map not available."},
    "map.note": {
        "nl": "Op de route zijn afwijkingen gemarkeerd: ontbrekende stappen, late naden en "
        "overdrachten die niet zijn opgepakt.",
        "en": "Deviations are marked on the route: missing steps, late seams and handovers that "
        "were not picked up.",
    },
    "sample_intro": {
        "nl": "De zaken staan hier met hun selectienummer (A-01, …); de volledige pseudoniemen "
        "staan alleen in sample.csv. Iedere organisatie zoekt daarmee de eigen dossiers op met "
        "‘ketenmining lookup’ (eigen export en sleutel nodig) en ontvangt alleen de regels van de "
        "eigen zaken. Vul per zaak in sample.csv één van ‘bevestigd’, ‘niet bevestigd’ of "
        "‘registratiefout’ in, met toelichting, beoordelaar en datum.",
        "en": "Cases are listed with their selection number (A-01, …); the full pseudonyms are in "
        "sample.csv only. Each organisation finds its own files with ‘ketenmining lookup’ (its "
        "own export and key are needed) and receives the rows of its own cases only. Mark one "
        "of ‘bevestigd’, ‘niet bevestigd’ or ‘registratiefout’ per case in sample.csv, with a "
        "note, the reviewer and the date.",
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
