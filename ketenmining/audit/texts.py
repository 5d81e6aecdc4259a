"""The audit's fixed texts in Dutch and English: ISO classes and the parts of a finding's statement.

Dutch follows the usage of Dutch quality officers and certification bodies:
*tekortkoming (major/minor)*, *observatie*, *verbeterpunt*, *eis*,
*objectief bewijs*.
"""

from __future__ import annotations

from ketenmining.i18n import Catalogue

TEXTS: Catalogue = {
    # ISO classes
    "class.major": {"nl": "Tekortkoming (major)", "en": "Major nonconformity"},
    "class.minor": {"nl": "Tekortkoming (minor)", "en": "Minor nonconformity"},
    "class.observation": {"nl": "Observatie", "en": "Observation"},
    "class.ofi": {"nl": "Verbeterpunt", "en": "Opportunity for improvement"},
    "short.major": {"nl": "major", "en": "major"},
    "short.minor": {"nl": "minor", "en": "minor"},
    "short.observation": {"nl": "observatie", "en": "observation"},
    "short.ofi": {"nl": "verbeterpunt", "en": "OFI"},
    "short.absent": {"nl": "koppeling?", "en": "linkage?"},
    "class.absent": {
        "nl": "Geen gebeurtenis bij de eigenaar (mogelijk koppelingsfout)",
        "en": "No event at the owner (possible linkage artefact)",
    },
    "source.seam": {"nl": "naad", "en": "seam"},
    "source.route": {"nl": "route", "en": "route"},
    "source.data": {"nl": "datakwaliteit", "en": "data quality"},
    "part.requirement": {"nl": "Eis", "en": "Requirement"},
    "part.evidence": {"nl": "Objectief bewijs", "en": "Evidence"},
    "part.conclusion.major": {"nl": "Tekortkoming", "en": "Nonconformity"},
    "part.conclusion.minor": {"nl": "Tekortkoming", "en": "Nonconformity"},
    "part.conclusion.observation": {"nl": "Observatie", "en": "Observation"},
    "part.conclusion.ofi": {"nl": "Verbeterpunt", "en": "Opportunity for improvement"},
    # titles
    "title.accumulated": {
        "nl": "Meerdere minor tekortkomingen op één criterium: {clause}",
        "en": "Several minor nonconformities on one criterion: {clause}",
    },
    "title.lost": {
        "nl": "Overdrachten van {src} aan {dst} niet opgepakt",
        "en": "Handovers from {src} to {dst} not picked up",
    },
    "title.ping_pong": {"nl": "Rondpompen tussen {place}", "en": "Case bounced between {place}"},
    "title.duplicate": {
        "nl": "Dubbel werk: ‘{step}’ door twee organisaties ({place})",
        "en": "Duplicate work: ‘{step}’ by two organisations ({place})",
    },
    "title.wrong_org": {
        "nl": "‘{step}’ uitgevoerd door {place}, die daarvoor niet verantwoordelijk is",
        "en": "‘{step}’ done by {place}, which is not responsible for it",
    },
    "title.late_pickup": {
        "nl": "Overdracht te laat opgepakt ({place})",
        "en": "Handover picked up late ({place})",
    },
    "title.route": {"nl": "Route: ‘{step}’ {what}", "en": "Route: ‘{step}’ {what}"},
    "title.clock": {
        "nl": "Vermoedelijke klokafwijking bij {late} (naad {a}–{b})",
        "en": "Suspected clock skew at {late} (seam {a}–{b})",
    },
    "short.skipped": {"nl": "overgeslagen", "en": "skipped"},
    "short.extra": {
        "nl": "op een moment dat de route niet voorziet",
        "en": "at a point the route does not provide for",
    },
    "short.not_in_protocol": {"nl": "is geen protocolstap", "en": "is not a protocol step"},
    "short.wrong_order": {"nl": "in de verkeerde volgorde", "en": "in the wrong order"},
    # requirement (Eis)
    "req.rule": {
        "nl": "{clause} ({id}): “{text}”. Norm: {norm_text}",
        "en": "{clause} ({id}): “{text}”. Norm: {norm_text}",
    },
    "norm.all": {"nl": "in alle zaken (100 %)", "en": "in every case (100%)"},
    "norm.share": {"nl": "in ten minste {norm} van de zaken", "en": "in at least {norm} of cases"},
    "req.no_clause": {"nl": "Ketenprotocol {cite}", "en": "Chain protocol {cite}"},
    "req.lost": {
        "nl": "Sluitende keten: iedere overdracht van {src} aan {dst} wordt door {dst} opgepakt "
        "(ketenprotocol {cite}, overdrachten).",
        "en": "Closed chain: every handover from {src} to {dst} is picked up by {dst} "
        "(chain protocol {cite}, handovers).",
    },
    "req.ping_pong": {
        "nl": "Algemeen ketenprincipe (het protocol heeft hiervoor geen regel): een zaak wordt niet "
        "heen en weer verwezen tussen organisaties.",
        "en": "General chain principle (the protocol has no rule for it): a case is not referred "
        "back and forth between organisations.",
    },
    "req.duplicate": {
        "nl": "Algemeen ketenprincipe (het protocol heeft hiervoor geen regel): het gezin hoeft zijn "
        "verhaal niet opnieuw te doen; dezelfde stap wordt niet door twee organisaties gedaan.",
        "en": "General chain principle (the protocol has no rule for it): the family need not tell "
        "its story twice; the same step is not done by two organisations.",
    },
    "req.wrong_org": {
        "nl": "Algemeen ketenprincipe (het protocol heeft hiervoor geen regel): iedere stap wordt "
        "uitgevoerd door de organisatie die ervoor verantwoordelijk is.",
        "en": "General chain principle (the protocol has no rule for it): every step is done by "
        "the organisation responsible for it.",
    },
    "req.late_pickup": {
        "nl": "Algemeen ketenprincipe (het protocol heeft hiervoor geen regel): een overdracht wordt "
        "tijdig opgepakt door de ontvangende organisatie.",
        "en": "General chain principle (the protocol has no rule for it): a handover is picked up "
        "promptly by the receiving organisation.",
    },
    "req.route": {
        "nl": "De afgesproken route van ketenprotocol {cite}.",
        "en": "The agreed route of chain protocol {cite}.",
    },
    "req.clock": {
        "nl": "Betrouwbare registratie van tijdstippen door alle ketenpartners; voorwaarde om "
        "termijnen te kunnen toetsen.",
        "en": "Reliable recording of times by all chain partners; a precondition for checking "
        "deadlines.",
    },
    # evidence (Objectief bewijs)
    "ev.rule": {
        "nl": "Getoetst: {judged} zaken; {violated} ({share}) niet conform (naleving "
        "{compliance}){pending}.",
        "en": "Assessed: {judged} cases; {violated} ({share}) not conforming (compliance "
        "{compliance}){pending}.",
    },
    "ev.pending": {
        "nl": "; {pending} nog binnen termijn (niet meegeteld)",
        "en": "; {pending} still within their window (not counted)",
    },
    "ev.pending1": {
        "nl": "; 1 nog binnen termijn (niet meegeteld)",
        "en": "; 1 still within its window (not counted)",
    },
    "ev.orgs": {
        "nl": " Organisaties in deze zaken (ter informatie; de eigenaar staat bij de bevinding): {orgs}.",
        "en": " Organisations in these cases (for information; the owner is named with the finding): {orgs}.",
    },
    "ev.group": {
        "nl": "Eén verschijnsel in {cases} zaken, elke zaak één keer geteld; het raakt {n} criteria: "
        "{keys}.",
        "en": "One phenomenon in {cases} cases, each case counted once; it touches {n} criteria: "
        "{keys}.",
    },
    "ev.elsewhere": {
        "nl": " {n} van de {total} niet-conforme zaken van {rule} horen bij {where} en tellen daar; "
        "deze bevinding gaat over de overige {rest}.",
        "en": " {n} of the {total} nonconforming cases of {rule} belong to {where} and are counted "
        "there; this finding is about the other {rest}.",
    },
    "ev.absent": {
        "nl": " In {n} van deze {cases} zaken staat geen enkele gebeurtenis van {actors}. Uit de "
        "registraties is dan niet te onderscheiden of de zaak niet is ontvangen, niet is "
        "geregistreerd of niet te koppelen was (zie de beperking over de koppeling). Alle {n} "
        "zaken zijn in het dossieronderzoek opgenomen.",
        "en": " In {n} of these {cases} cases there is no event at all of {actors}. The records "
        "cannot tell whether the case was not received, not recorded or could not be linked "
        "(see the limitation on linkage). All {n} cases are in the file review.",
    },
    "con.provisional": {
        "nl": " Voorlopig: deze tekortkoming kan (deels) een koppelingsfout zijn; het oordeel wordt "
        "definitief na het dossieronderzoek.",
        "en": " Provisional: this nonconformity may (partly) be a linkage artefact; the judgement "
        "becomes final after the file review.",
    },
    "ev.seams": {"nl": " Naden: {seams}.", "en": " Seams: {seams}."},
    "ev.trend": {
        "nl": " Naleving per kwartaal: {trend}.",
        "en": " Compliance per quarter: {trend}.",
    },
    "ev.lost": {
        "nl": "{lost} van de {handovers} overdrachten van {src} aan {dst} zijn nooit opgepakt; "
        "{late} zijn te laat opgepakt (mediaan {median} dagen tot het oppakken).",
        "en": "{lost} of {handovers} handovers from {src} to {dst} were never picked up; "
        "{late} were picked up late (median {median} days to pick-up).",
    },
    "ev.deviation": {
        "nl": "{cases} zaken ({share}) {what}.",
        "en": "{cases} cases ({share}) {what}.",
    },
    "what.ping_pong": {
        "nl": "werden heen en weer verwezen ({place})",
        "en": "were referred back and forth ({place})",
    },
    "what.duplicate": {
        "nl": "kregen de stap ‘{step}’ van twee organisaties ({place})",
        "en": "had the step ‘{step}’ done by two organisations ({place})",
    },
    "what.wrong_org": {
        "nl": "bevatten de stap ‘{step}’, uitgevoerd door {place} in plaats van de verantwoordelijke organisatie",
        "en": "contain the step ‘{step}’ done by {place} instead of the organisation responsible",
    },
    "what.late_pickup": {
        "nl": "hadden een overdracht die te laat is opgepakt ({place})",
        "en": "had a handover that was picked up late ({place})",
    },
    "what.skipped": {
        "nl": "missen de stap ‘{step}’, die de route op dat punt vereist",
        "en": "lack the step ‘{step}’, which the route requires at that point",
    },
    "what.extra": {
        "nl": "bevatten de stap ‘{step}’ op een moment dat de route niet voorziet",
        "en": "contain the step ‘{step}’ where the route does not allow it",
    },
    "what.not_in_protocol": {
        "nl": "bevatten de activiteit ‘{step}’, die geen stap van het protocol is",
        "en": "contain the activity ‘{step}’, which is not a step of the protocol",
    },
    "what.wrong_order": {
        "nl": "bevatten de stap ‘{step}’ in de verkeerde volgorde",
        "en": "contain the step ‘{step}’ in the wrong order",
    },
    # conclusion (Tekortkoming / Observatie / Verbeterpunt)
    "con.not_met": {
        "nl": "Niet voldaan: de naleving van {compliance} ligt {gap} procentpunt onder de norm van {norm}.",
        "en": "Not met: compliance of {compliance} is {gap} percentage points below the norm of {norm}.",
    },
    "con.severity.major": {
        "nl": " Major, vanwege de gevolgen voor de veiligheid van het kind: {impact}",
        "en": " Major, because of what it means for the child's safety: {impact}",
    },
    "con.severity.minor": {
        "nl": " Minor: {impact}",
        "en": " Minor: {impact}",
    },
    "impact.handover": {
        "nl": "zolang een melding of overdracht niet is opgepakt, heeft geen organisatie zicht op "
        "de veiligheid van het kind.",
        "en": "as long as a report or handover has not been picked up, no organisation keeps sight "
        "of the child's safety.",
    },
    "impact.response": {
        "nl": "een volgende stap die te laat of niet komt, laat het kind langer zonder beoordeling "
        "of hulp.",
        "en": "a next step that comes late or not at all leaves the child longer without "
        "assessment or help.",
    },
    "impact.duration": {
        "nl": "een onderzoek dat langer duurt, stelt het besluit over de veiligheid van het kind uit.",
        "en": "a longer investigation delays the decision on the child's safety.",
    },
    "impact.no_duplicate": {
        "nl": "het gezin moet zijn verhaal opnieuw doen; dat belast het gezin en vertraagt de hulp, "
        "maar het kind blijft in beeld.",
        "en": "the family has to tell its story again; that burdens the family and delays help, "
        "but the child stays in sight.",
    },
    "impact.no_ping_pong": {
        "nl": "heen en weer verwijzen vertraagt de hulp en vergroot de kans dat het kind tussen "
        "organisaties uit beeld raakt.",
        "en": "referring back and forth delays help and makes it likelier that the child drops out "
        "of sight between organisations.",
    },
    "impact.by": {
        "nl": "een stap door een organisatie die er niet voor verantwoordelijk is, maakt onduidelijk "
        "wie verantwoordelijk is voor de veiligheid van het kind.",
        "en": "a step done by an organisation not responsible for it blurs who is responsible for "
        "the child's safety.",
    },
    "impact.not_succession": {
        "nl": "een nieuwe melding kort na afsluiting wijst erop dat de veiligheid niet duurzaam is "
        "bereikt.",
        "en": "a new report soon after closing suggests that safety was not reached for good.",
    },
    "impact.other": {
        "nl": "de eis beschermt de veiligheid van het kind in de keten.",
        "en": "the requirement protects the child's safety in the chain.",
    },
    "con.severity.observation": {"nl": "", "en": ""},
    "con.escalated": {
        "nl": " Omdat de norm met {escalate} procentpunt of meer wordt gemist, is deze minor "
        "tekortkoming opgeschaald naar major.",
        "en": " Because the norm is missed by {escalate} percentage points or more, this minor "
        "nonconformity is raised to major.",
    },
    "con.accumulated": {
        "nl": "Niet voldaan aan {n} eisen onder hetzelfde criterium ({clause}): {rules}. Vanaf {m} "
        "minor tekortkomingen op één criterium tellen zij samen als één major tekortkoming: dit "
        "wijst op een tekortkoming in de werkwijze, niet op losse incidenten.",
        "en": "Not met for {n} requirements under the same criterion ({clause}): {rules}. From {m} "
        "minor nonconformities on one criterion on, they add up to one major nonconformity: this "
        "points to a failure of the way of working rather than to separate incidents.",
    },
    "con.observation_rule": {
        "nl": "Niet voldaan (naleving {compliance}, norm {norm}). Het protocol kent deze eis de ernst "
        "‘observatie’ toe; daarom telt dit als observatie en niet als tekortkoming.",
        "en": "Not met (compliance {compliance}, norm {norm}). The protocol gives this requirement "
        "the severity ‘observation’; it therefore counts as an observation, not a nonconformity.",
    },
    "con.trend": {
        "nl": "De norm wordt gehaald, maar de naleving daalde van {first} in {q1} naar {last} in {q2} "
        "({drop} procentpunt). Zonder bijsturing dreigt een tekortkoming.",
        "en": "The norm is met, but compliance fell from {first} in {q1} to {last} in {q2} ({drop} "
        "percentage points). Without correction a nonconformity is likely.",
    },
    "con.margin": {
        "nl": "De norm wordt gehaald, maar met een naleving van {compliance} blijft de marge boven de "
        "norm van {norm} kleiner dan {margin} procentpunt.",
        "en": "The norm is met, but at {compliance} compliance stays less than {margin} percentage "
        "points above the norm of {norm}.",
    },
    "con.lost": {
        "nl": "Op de naad {src}→{dst} raken kinderen uit beeld: de keten is hier niet sluitend. Geen "
        "regel van het protocol die deze naad bewaakt is als tekortkoming vastgesteld; daarom is "
        "dit vastgelegd als observatie.",
        "en": "Children drop out of sight at the seam {src}→{dst}: the chain is not closed here. No "
        "rule of the protocol that guards this seam was found not met; this is therefore recorded "
        "as an observation.",
    },
    "con.uncovered": {
        "nl": "Dit wijkt af van goede ketensamenwerking, maar het protocol bevat er geen regel over. "
        "Overweeg een regel toe te voegen.",
        "en": "This departs from good chain practice, but the protocol has no rule about it. "
        "Consider adding one.",
    },
    "con.route": {
        "nl": "De praktijk volgt de afgesproken route op dit punt niet. Stel vast of de praktijk of "
        "het protocol moet veranderen.",
        "en": "Practice does not follow the agreed route at this point. Establish whether practice "
        "or the protocol should change.",
    },
    "con.clock": {
        "nl": "Een observatie over de datakwaliteit, geen oordeel over de zorg: {hint}.",
        "en": "An observation about data quality, not a judgement of the care given: {hint}.",
    },
}
