"""Texts of the audit area: message id (after "audit.") → English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # ketenmining/audit/maps.py
    "map.cases": {"en": "clients", "nl": "cliënten"},
    "map.case": {"en": "client", "nl": "cliënt"},
    "map.summary": {
        "en": "{cases} clients · {traces} cases · {events} events",
        "nl": "{cases} cliënten · {traces} zaken · {events} gebeurtenissen",
    },
    "map.summary_no_events": {
        "en": "{cases} clients · {traces} cases · number of events withheld (small counts)",
        "nl": "{cases} cliënten · {traces} zaken · aantal gebeurtenissen afgeschermd (kleine aantallen)",
    },
    "map.suppressed": {
        "en": "Privacy: everything concerning fewer than {k} clients is left out ({n} cells)",
        "nl": "Privacy: alles wat minder dan {k} cliënten betreft is weggelaten ({n} cellen)",
    },
    "map.org_note": {
        "en": "Arrow: handover with clients, waiting time at the seam (median / p90) and return A→B→A · loop: work inside the organisation",
        "nl": "Pijl: overdracht met aantal cliënten, wachttijd op de naad (mediaan / p90) en terugkeer A→B→A · lus: werk binnen de organisatie",
    },
    # ketenmining/audit/maps.py
    "maps.skipped": {
        "en": "missing in {n} cases ({share})",
        "nl": "ontbreekt in {n} zaken ({share})",
    },
    "maps.wrong_org": {"en": "{n}× by another organisation", "nl": "{n}× door andere organisatie"},
    "maps.compliance": {
        "en": "{share} on time (norm {norm})",
        "nl": "{share} op tijd (norm {norm})",
    },
    "maps.handover": {
        "en": "{lost} never picked up, {late} late",
        "nl": "{lost} nooit opgepakt, {late} te laat",
    },
    # ketenmining/audit/record.py (the audit record: objectives, conclusions, limitations)
    "record.confidential": {
        "en": "Confidential – contains pseudonymised personal data (GDPR). For the chain partners only; do not pass on.",
        "nl": "Vertrouwelijk – bevat gepseudonimiseerde persoonsgegevens (AVG). Alleen voor de ketenpartners; niet verder verspreiden.",
    },
    "record.objectives": {
        "en": "To establish to what extent the route of children and families through the chain – from the first signal to stable safety – follows the agreed chain protocol {cite}; to show where it fails at the seams between organisations; and to give the chain partners starting points for correction and improvement.",
        "nl": "Vaststellen in hoeverre de route van kinderen en gezinnen door de keten – van het eerste signaal tot stabiele veiligheid – verloopt volgens het afgesproken ketenprotocol {cite}; zichtbaar maken waar dat op de naden tussen organisaties misgaat; en de ketenpartners aanknopingspunten geven voor correctie en verbetering.",
    },
    "record.sampling_statement": {
        "en": "An audit is a sampling exercise: its findings rest on the information available and an element of uncertainty always remains. This audit checks every recorded case in the period against the rules of the protocol, but it can only see what the organisations recorded. The file-review sample serves to verify the findings in the files and to check that the records reflect what happened. Those relying on the conclusions should be aware of this uncertainty.",
        "nl": "Een audit is een steekproef: de bevindingen berusten op de beschikbare informatie en er blijft altijd een element van onzekerheid. Deze audit toetst alle geregistreerde zaken in de periode aan de regels van het protocol, maar kan alleen zien wat de organisaties hebben vastgelegd. De dossiersteekproef dient om de bevindingen in de dossiers te verifiëren en na te gaan of de registratie de werkelijkheid weergeeft. Wie op de conclusies vertrouwt, moet zich van deze onzekerheid bewust zijn.",
    },
    "record.verdict.not_met": {
        "en": "The route does not meet the audit criteria: {major} major {noun} {verb} found.",
        "nl": "De route voldoet niet aan de auditcriteria: er {verb} {major} major {noun} vastgesteld.",
    },
    "record.verdict.met_with_minors": {
        "en": "The route largely meets the audit criteria; {minor} minor {noun} {verb} found that need correction.",
        "nl": "De route voldoet in hoofdzaak aan de auditcriteria; er {verb} {minor} minor {noun} vastgesteld die herstel vragen.",
    },
    "record.verdict.met": {
        "en": "The route meets the audit criteria: no nonconformities were found.",
        "nl": "De route voldoet aan de auditcriteria: er zijn geen tekortkomingen vastgesteld.",
    },
    "record.verdict.met_partly": {
        "en": "As far as assessed, the route meets the audit criteria: no nonconformities were found.",
        "nl": "Voor zover beoordeeld voldoet de route aan de auditcriteria: er zijn geen tekortkomingen vastgesteld.",
    },
    "record.conclusion.partial": {
        "en": " The route could only be partly judged: {n} of {rules} criteria ({majors} major) were not assessed for lack of evidence ({ids}); this audit says nothing about them.",
        "nl": " De route kon maar gedeeltelijk worden beoordeeld: {n} van de {rules} criteria (waarvan {majors} major) zijn niet beoordeeld, omdat er geen bewijs voor was ({ids}); over die criteria doet deze audit geen uitspraak.",
    },
    "record.conclusion.counts": {
        "en": " Of the {assessed} rules assessed, {met} {verb} met and {not_met} not. There are also {observation} and {ofi}.",
        "nl": " Van de {assessed} beoordeelde regels {verb} er {met} gehaald en {not_met} niet. Daarnaast zijn er {observation} en {ofi}.",
    },
    "record.conclusion.provisional": {
        "en": " This verdict is provisional until the file review and the owners' responses have been recorded.",
        "nl": " Dit oordeel is voorlopig tot het dossieronderzoek en de reacties van de eigenaren (hoor en wederhoor) zijn vastgelegd.",
    },
    "record.conclusion.action": {
        "en": " For every nonconformity the owner of the requirement delivers a root-cause analysis and an action plan (correction and corrective action) within {weeks} weeks; the effectiveness of the actions on major nonconformities is checked after {months} months.",
        "nl": " Per tekortkoming levert de eigenaar van de eis binnen {weeks} weken een oorzaakanalyse en een plan van aanpak (correctie en corrigerende maatregel); de effectiviteit van de maatregelen bij major tekortkomingen wordt na {months} maanden getoetst.",
    },
    "record.lim.no_quality": {
        "en": "No data-quality report of the chain log was available; the quality of the linkage and of the sources has not been assessed.",
        "nl": "Er was geen datakwaliteitsrapport van de ketenlog beschikbaar; de kwaliteit van de koppeling en van de bronnen is niet beoordeeld.",
    },
    "record.lim.running": {
        "en": "{running} of {cases} cases ({share}) were still running at the end of the data ({data_end}). They were judged only on what should already have happened: a deadline that has not passed yet does not count as missed.",
        "nl": "{running} van de {cases} zaken ({share}) liepen nog aan het einde van de gegevens ({data_end}). Zij zijn alleen beoordeeld op wat al had moeten gebeuren: een termijn die nog niet verstreken is, telt niet als overschrijding.",
    },
    "record.lim.pending": {
        "en": "{pending} rule judgements are still open (the deadline has not passed) and do not count in compliance.",
        "nl": "{pending} oordelen over regels staan nog open (de termijn loopt nog) en tellen niet mee in de naleving.",
    },
    "record.lim.period": {
        "en": "The audit covers the configured period {start} – {end}: {before} events before and {after} events after it were left out.",
        "nl": "De audit beslaat de ingestelde periode {start} – {end}: {before} gebeurtenissen ervóór en {after} erna zijn buiten beschouwing gelaten.",
    },
    "record.lim.data_limited": {
        "en": "No source exports the protocol steps {steps}. The rules that name them were therefore not assessed ({rules}) and the absence of those steps does not count as a route deviation: a limitation of the data, not a nonconformity of the organisations.",
        "nl": "Geen enkele bron levert de protocolstappen {steps}. Daarom zijn de regels die ze noemen niet beoordeeld ({rules}) en telt het ontbreken van die stappen niet als afwijking van de route: een beperking van de data, geen tekortkoming van de organisaties.",
    },
    "record.lim.not_assessed": {
        "en": "Could not be assessed because no case fell under them: {rules}.",
        "nl": "Niet te beoordelen, omdat geen enkele zaak eronder viel: {rules}.",
    },
    "record.lim.recorded": {
        "en": "The audit rests on what the organisations record. What was not recorded (a home visit missing from the system, a phone call) the audit cannot see; what was recorded wrongly counts as recorded.",
        "nl": "De audit berust op wat de organisaties registreren. Wat niet is vastgelegd (een huisbezoek dat niet in het systeem staat, een telefoontje), ziet de audit niet; wat onjuist is vastgelegd, telt mee zoals het is vastgelegd.",
    },
    # grammar of the record's conclusions
    "record.verb.one": {"en": "was", "nl": "is"},
    "record.verb.many": {"en": "were", "nl": "zijn"},
    "record.nonconformity.one": {"en": "nonconformity", "nl": "tekortkoming"},
    "record.nonconformity.many": {"en": "nonconformities", "nl": "tekortkomingen"},
    "record.observation.one": {"en": "{n} observation", "nl": "{n} observatie"},
    "record.observation.many": {"en": "{n} observations", "nl": "{n} observaties"},
    "record.ofi.one": {"en": "{n} opportunity for improvement", "nl": "{n} verbeterpunt"},
    "record.ofi.many": {"en": "{n} opportunities for improvement", "nl": "{n} verbeterpunten"},
    "record.title": {"en": "Chain audit {chain}", "nl": "Ketenaudit {chain}"},
    # ketenmining/audit/fmt.py
    "quarter": {"en": "{year}-Q{n}", "nl": "{year}-K{n}"},
    "months": {
        "en": "January February March April May June July August September October November December",
        "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    },
    "more": {"en": "+{n} more", "nl": "+{n} andere"},
    # ketenmining/report/audit_summary.py (the findings table on the terminal, --fail-on)
    "summary.title": {"en": "Findings of the chain audit", "nl": "Bevindingen van de ketenaudit"},
    "summary.none": {"en": "No findings.", "nl": "Geen bevindingen."},
    "summary.head.no": {"en": "No.", "nl": "Nr."},
    "summary.head.class": {"en": "Class", "nl": "Klasse"},
    "summary.head.criterion": {"en": "Criterion", "nl": "Criterium"},
    "summary.head.finding": {"en": "Finding", "nl": "Bevinding"},
    "summary.head.compliance": {"en": "Compliance/norm", "nl": "Naleving/norm"},
    "summary.head.cases": {"en": "Cases", "nl": "Zaken"},
    "summary.major.one": {"en": "{n} major nonconformity", "nl": "{n} major tekortkoming"},
    "summary.major.many": {"en": "{n} major nonconformities", "nl": "{n} major tekortkomingen"},
    "summary.minor.one": {"en": "{n} minor nonconformity", "nl": "{n} minor tekortkoming"},
    "summary.minor.many": {"en": "{n} minor nonconformities", "nl": "{n} minor tekortkomingen"},
    "summary.failed": {
        "en": "audit failed: {parts} — --fail-on {fail_on}",
        "nl": "audit mislukt: {parts} — --fail-on {fail_on}",
    },
    # ketenmining/audit/statements.py and the renderers: ISO classes and the parts of a finding (Dutch as Dutch quality officers write it: tekortkoming, observatie, verbeterpunt, eis, objectief bewijs)
    "class.major": {"en": "Major nonconformity", "nl": "Tekortkoming (major)"},
    "class.minor": {"en": "Minor nonconformity", "nl": "Tekortkoming (minor)"},
    "class.observation": {"en": "Observation", "nl": "Observatie"},
    "class.ofi": {"en": "Opportunity for improvement", "nl": "Verbeterpunt"},
    "short.major": {"en": "major", "nl": "major"},
    "short.minor": {"en": "minor", "nl": "minor"},
    "short.observation": {"en": "observation", "nl": "observatie"},
    "short.ofi": {"en": "OFI", "nl": "verbeterpunt"},
    "short.absent": {"en": "linkage?", "nl": "koppeling?"},
    "class.absent": {
        "en": "No event at the owner (possible linkage artefact)",
        "nl": "Geen gebeurtenis bij de eigenaar (mogelijk koppelingsfout)",
    },
    "source.seam": {"en": "seam", "nl": "naad"},
    "source.route": {"en": "route", "nl": "route"},
    "source.data": {"en": "data quality", "nl": "datakwaliteit"},
    "part.requirement": {"en": "Requirement", "nl": "Eis"},
    "part.evidence": {"en": "Evidence", "nl": "Objectief bewijs"},
    "part.conclusion.nonconformity": {"en": "Nonconformity", "nl": "Tekortkoming"},
    "title.accumulated": {
        "en": "Several minor nonconformities on one criterion: {clause}",
        "nl": "Meerdere minor tekortkomingen op één criterium: {clause}",
    },
    "title.lost": {
        "en": "Handovers from {src} to {dst} not picked up",
        "nl": "Overdrachten van {src} aan {dst} niet opgepakt",
    },
    "title.ping_pong": {"en": "Case bounced between {place}", "nl": "Rondpompen tussen {place}"},
    "title.duplicate": {
        "en": "Duplicate work: ‘{step}’ by two organisations ({place})",
        "nl": "Dubbel werk: ‘{step}’ door twee organisaties ({place})",
    },
    "title.wrong_org": {
        "en": "‘{step}’ done by {place}, which is not responsible for it",
        "nl": "‘{step}’ uitgevoerd door {place}, die daarvoor niet verantwoordelijk is",
    },
    "title.late_pickup": {
        "en": "Handover picked up late ({place})",
        "nl": "Overdracht te laat opgepakt ({place})",
    },
    "title.route": {"en": "Route: ‘{step}’ {what}", "nl": "Route: ‘{step}’ {what}"},
    "title.clock": {
        "en": "Suspected clock skew at {late} (seam {a}–{b})",
        "nl": "Vermoedelijke klokafwijking bij {late} (naad {a}–{b})",
    },
    "short.skipped": {"en": "skipped", "nl": "overgeslagen"},
    "short.extra": {
        "en": "at a point the route does not provide for",
        "nl": "op een moment dat de route niet voorziet",
    },
    "short.not_in_protocol": {"en": "is not a protocol step", "nl": "is geen protocolstap"},
    "short.wrong_order": {"en": "in the wrong order", "nl": "in de verkeerde volgorde"},
    "req.rule": {
        "en": "{clause} ({id}): “{text}”. Norm: {norm_text}",
        "nl": "{clause} ({id}): “{text}”. Norm: {norm_text}",
    },
    "norm.all": {"en": "in every case (100%)", "nl": "in alle zaken (100 %)"},
    "norm.share": {"en": "in at least {norm} of cases", "nl": "in ten minste {norm} van de zaken"},
    "req.no_clause": {"en": "Chain protocol {cite}", "nl": "Ketenprotocol {cite}"},
    "req.lost": {
        "en": "Closed chain: every handover from {src} to {dst} is picked up by {dst} (chain protocol {cite}, handovers).",
        "nl": "Sluitende keten: iedere overdracht van {src} aan {dst} wordt door {dst} opgepakt (ketenprotocol {cite}, overdrachten).",
    },
    "req.ping_pong": {
        "en": "General chain principle (the protocol has no rule for it): a case is not referred back and forth between organisations.",
        "nl": "Algemeen ketenprincipe (het protocol heeft hiervoor geen regel): een zaak wordt niet heen en weer verwezen tussen organisaties.",
    },
    "req.duplicate": {
        "en": "General chain principle (the protocol has no rule for it): the family need not tell its story twice; the same step is not done by two organisations.",
        "nl": "Algemeen ketenprincipe (het protocol heeft hiervoor geen regel): het gezin hoeft zijn verhaal niet opnieuw te doen; dezelfde stap wordt niet door twee organisaties gedaan.",
    },
    "req.wrong_org": {
        "en": "General chain principle (the protocol has no rule for it): every step is done by the organisation responsible for it.",
        "nl": "Algemeen ketenprincipe (het protocol heeft hiervoor geen regel): iedere stap wordt uitgevoerd door de organisatie die ervoor verantwoordelijk is.",
    },
    "req.late_pickup": {
        "en": "General chain principle (the protocol has no rule for it): a handover is picked up promptly by the receiving organisation.",
        "nl": "Algemeen ketenprincipe (het protocol heeft hiervoor geen regel): een overdracht wordt tijdig opgepakt door de ontvangende organisatie.",
    },
    "req.route": {
        "en": "The agreed route of chain protocol {cite}.",
        "nl": "De afgesproken route van ketenprotocol {cite}.",
    },
    "req.clock": {
        "en": "Reliable recording of times by all chain partners; a precondition for checking deadlines.",
        "nl": "Betrouwbare registratie van tijdstippen door alle ketenpartners; voorwaarde om termijnen te kunnen toetsen.",
    },
    "ev.rule": {
        "en": "Assessed: {judged} cases; {violated} ({share}) not conforming (compliance {compliance}){pending}.",
        "nl": "Getoetst: {judged} zaken; {violated} ({share}) niet conform (naleving {compliance}){pending}.",
    },
    "ev.pending": {
        "en": "; {pending} still within their window (not counted)",
        "nl": "; {pending} nog binnen termijn (niet meegeteld)",
    },
    "ev.pending1": {
        "en": "; 1 still within its window (not counted)",
        "nl": "; 1 nog binnen termijn (niet meegeteld)",
    },
    "ev.orgs": {
        "en": " Organisations in these cases (for information; the owner is named with the finding): {orgs}.",
        "nl": " Organisaties in deze zaken (ter informatie; de eigenaar staat bij de bevinding): {orgs}.",
    },
    "ev.group": {
        "en": "One phenomenon in {cases} cases, each case counted once; it touches {n} criteria: {keys}.",
        "nl": "Eén verschijnsel in {cases} zaken, elke zaak één keer geteld; het raakt {n} criteria: {keys}.",
    },
    "ev.elsewhere": {
        "en": " {n} of the {total} nonconforming cases of {rule} belong to {where} and are counted there; this finding is about the other {rest}.",
        "nl": " {n} van de {total} niet-conforme zaken van {rule} horen bij {where} en tellen daar; deze bevinding gaat over de overige {rest}.",
    },
    "ev.absent": {
        "en": " In {n} of these {cases} cases there is no event at all of {actors}. The records cannot tell whether the case was not received, not recorded or could not be linked (see the limitation on linkage). All {n} cases are in the file review.",
        "nl": " In {n} van deze {cases} zaken staat geen enkele gebeurtenis van {actors}. Uit de registraties is dan niet te onderscheiden of de zaak niet is ontvangen, niet is geregistreerd of niet te koppelen was (zie de beperking over de koppeling). Alle {n} zaken zijn in het dossieronderzoek opgenomen.",
    },
    "con.provisional": {
        "en": " Provisional: this nonconformity may (partly) be a linkage artefact; the judgement becomes final after the file review.",
        "nl": " Voorlopig: deze tekortkoming kan (deels) een koppelingsfout zijn; het oordeel wordt definitief na het dossieronderzoek.",
    },
    "ev.seams": {"en": " Seams: {seams}.", "nl": " Naden: {seams}."},
    "ev.lost": {
        "en": "{lost} of {handovers} handovers from {src} to {dst} were never picked up; {late} were picked up late (median {median} days to pick-up).",
        "nl": "{lost} van de {handovers} overdrachten van {src} aan {dst} zijn nooit opgepakt; {late} zijn te laat opgepakt (mediaan {median} dagen tot het oppakken).",
    },
    "ev.deviation": {
        "en": "{cases} cases ({share}) {what}.",
        "nl": "{cases} zaken ({share}) {what}.",
    },
    "what.ping_pong": {
        "en": "were referred back and forth ({place})",
        "nl": "werden heen en weer verwezen ({place})",
    },
    "what.duplicate": {
        "en": "had the step ‘{step}’ done by two organisations ({place})",
        "nl": "kregen de stap ‘{step}’ van twee organisaties ({place})",
    },
    "what.wrong_org": {
        "en": "contain the step ‘{step}’ done by {place} instead of the organisation responsible",
        "nl": "bevatten de stap ‘{step}’, uitgevoerd door {place} in plaats van de verantwoordelijke organisatie",
    },
    "what.late_pickup": {
        "en": "had a handover that was picked up late ({place})",
        "nl": "hadden een overdracht die te laat is opgepakt ({place})",
    },
    "what.skipped": {
        "en": "lack the step ‘{step}’, which the route requires at that point",
        "nl": "missen de stap ‘{step}’, die de route op dat punt vereist",
    },
    "what.extra": {
        "en": "contain the step ‘{step}’ where the route does not allow it",
        "nl": "bevatten de stap ‘{step}’ op een moment dat de route niet voorziet",
    },
    "what.not_in_protocol": {
        "en": "contain the activity ‘{step}’, which is not a step of the protocol",
        "nl": "bevatten de activiteit ‘{step}’, die geen stap van het protocol is",
    },
    "what.wrong_order": {
        "en": "contain the step ‘{step}’ in the wrong order",
        "nl": "bevatten de stap ‘{step}’ in de verkeerde volgorde",
    },
    "con.not_met": {
        "en": "Not met: compliance of {compliance} is {gap} percentage points below the norm of {norm}.",
        "nl": "Niet voldaan: de naleving van {compliance} ligt {gap} procentpunt onder de norm van {norm}.",
    },
    "con.severity.major": {
        "en": " Major, because of what it means for the child's safety: {impact}",
        "nl": " Major, vanwege de gevolgen voor de veiligheid van het kind: {impact}",
    },
    "con.severity.minor": {"en": " Minor: {impact}", "nl": " Minor: {impact}"},
    "impact.handover": {
        "en": "as long as a report or handover has not been picked up, no organisation keeps sight of the child's safety.",
        "nl": "zolang een melding of overdracht niet is opgepakt, heeft geen organisatie zicht op de veiligheid van het kind.",
    },
    "impact.response": {
        "en": "a next step that comes late or not at all leaves the child longer without assessment or help.",
        "nl": "een volgende stap die te laat of niet komt, laat het kind langer zonder beoordeling of hulp.",
    },
    "impact.duration": {
        "en": "a longer investigation delays the decision on the child's safety.",
        "nl": "een onderzoek dat langer duurt, stelt het besluit over de veiligheid van het kind uit.",
    },
    "impact.no_duplicate": {
        "en": "the family has to tell its story again; that burdens the family and delays help, but the child stays in sight.",
        "nl": "het gezin moet zijn verhaal opnieuw doen; dat belast het gezin en vertraagt de hulp, maar het kind blijft in beeld.",
    },
    "impact.no_ping_pong": {
        "en": "referring back and forth delays help and makes it likelier that the child drops out of sight between organisations.",
        "nl": "heen en weer verwijzen vertraagt de hulp en vergroot de kans dat het kind tussen organisaties uit beeld raakt.",
    },
    "impact.by": {
        "en": "a step done by an organisation not responsible for it blurs who is responsible for the child's safety.",
        "nl": "een stap door een organisatie die er niet voor verantwoordelijk is, maakt onduidelijk wie verantwoordelijk is voor de veiligheid van het kind.",
    },
    "impact.not_succession": {
        "en": "a new report soon after closing suggests that safety was not reached for good.",
        "nl": "een nieuwe melding kort na afsluiting wijst erop dat de veiligheid niet duurzaam is bereikt.",
    },
    "impact.other": {
        "en": "the requirement protects the child's safety in the chain.",
        "nl": "de eis beschermt de veiligheid van het kind in de keten.",
    },
    "con.escalated": {
        "en": " Because the norm is missed by {escalate} percentage points or more, this minor nonconformity is raised to major.",
        "nl": " Omdat de norm met {escalate} procentpunt of meer wordt gemist, is deze minor tekortkoming opgeschaald naar major.",
    },
    "con.accumulated": {
        "en": "Not met for {n} requirements under the same criterion ({clause}): {rules}. From {m} minor nonconformities on one criterion on, they add up to one major nonconformity: this points to a failure of the way of working rather than to separate incidents.",
        "nl": "Niet voldaan aan {n} eisen onder hetzelfde criterium ({clause}): {rules}. Vanaf {m} minor tekortkomingen op één criterium tellen zij samen als één major tekortkoming: dit wijst op een tekortkoming in de werkwijze, niet op losse incidenten.",
    },
    "con.observation_rule": {
        "en": "Not met (compliance {compliance}, norm {norm}). The protocol gives this requirement the severity ‘observation’; it therefore counts as an observation, not a nonconformity.",
        "nl": "Niet voldaan (naleving {compliance}, norm {norm}). Het protocol kent deze eis de ernst ‘observatie’ toe; daarom telt dit als observatie en niet als tekortkoming.",
    },
    "con.trend": {
        "en": "The norm is met, but compliance fell from {first} in {q1} to {last} in {q2} ({drop} percentage points). Without correction a nonconformity is likely.",
        "nl": "De norm wordt gehaald, maar de naleving daalde van {first} in {q1} naar {last} in {q2} ({drop} procentpunt). Zonder bijsturing dreigt een tekortkoming.",
    },
    "con.margin": {
        "en": "The norm is met, but at {compliance} compliance stays less than {margin} percentage points above the norm of {norm}.",
        "nl": "De norm wordt gehaald, maar met een naleving van {compliance} blijft de marge boven de norm van {norm} kleiner dan {margin} procentpunt.",
    },
    "con.lost": {
        "en": "Children drop out of sight at the seam {src}→{dst}: the chain is not closed here. No rule of the protocol that guards this seam was found not met; this is therefore recorded as an observation.",
        "nl": "Op de naad {src}→{dst} raken kinderen uit beeld: de keten is hier niet sluitend. Geen regel van het protocol die deze naad bewaakt is als tekortkoming vastgesteld; daarom is dit vastgelegd als observatie.",
    },
    "con.uncovered": {
        "en": "This departs from good chain practice, but the protocol has no rule about it. Consider adding one.",
        "nl": "Dit wijkt af van goede ketensamenwerking, maar het protocol bevat er geen regel over. Overweeg een regel toe te voegen.",
    },
    "con.route": {
        "en": "Practice does not follow the agreed route at this point. Establish whether practice or the protocol should change.",
        "nl": "De praktijk volgt de afgesproken route op dit punt niet. Stel vast of de praktijk of het protocol moet veranderen.",
    },
    "con.clock": {
        "en": "An observation about data quality, not a judgement of the care given: {hint}.",
        "nl": "Een observatie over de datakwaliteit, geen oordeel over de zorg: {hint}.",
    },
}
