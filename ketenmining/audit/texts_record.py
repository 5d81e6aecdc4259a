"""Fixed texts of the audit record in Dutch and English: objectives, conclusions, limitations."""

from __future__ import annotations

from ketenmining.i18n import Catalogue

RECORD_TEXTS: Catalogue = {
    "confidential": {
        "nl": "Vertrouwelijk – bevat gepseudonimiseerde persoonsgegevens (AVG). Alleen voor de "
        "ketenpartners; niet verder verspreiden.",
        "en": "Confidential – contains pseudonymised personal data (GDPR). For the chain partners "
        "only; do not pass on.",
    },
    "objectives": {
        "nl": "Vaststellen in hoeverre de route van kinderen en gezinnen door de keten – van het "
        "eerste signaal tot stabiele veiligheid – verloopt volgens het afgesproken ketenprotocol "
        "{cite}; zichtbaar maken waar dat op de naden tussen organisaties misgaat; en de "
        "ketenpartners aanknopingspunten geven voor correctie en verbetering.",
        "en": "To establish to what extent the route of children and families through the chain – "
        "from the first signal to stable safety – follows the agreed chain protocol {cite}; to "
        "show where it fails at the seams between organisations; and to give the chain partners "
        "starting points for correction and improvement.",
    },
    "sampling_statement": {
        "nl": "Een audit is een steekproef: de bevindingen berusten op de beschikbare informatie en "
        "er blijft altijd een element van onzekerheid. Deze audit toetst alle geregistreerde zaken "
        "in de periode aan de regels van het protocol, maar kan alleen zien wat de organisaties "
        "hebben vastgelegd. De dossiersteekproef dient om de bevindingen in de dossiers te "
        "verifiëren en na te gaan of de registratie de werkelijkheid weergeeft. Wie op de "
        "conclusies vertrouwt, moet zich van deze onzekerheid bewust zijn.",
        "en": "An audit is a sampling exercise: its findings rest on the information available and "
        "an element of uncertainty always remains. This audit checks every recorded case in the "
        "period against the rules of the protocol, but it can only see what the organisations "
        "recorded. The file-review sample serves to verify the findings in the files and to "
        "check that the records reflect what happened. Those relying on the conclusions should "
        "be aware of this uncertainty.",
    },
    "verdict.not_met": {
        "nl": "De route voldoet niet aan de auditcriteria: er {is_are} {major} major "
        "{tekortkoming} vastgesteld.",
        "en": "The route does not meet the audit criteria: {major} major {nonconformity} "
        "{was_were} found.",
    },
    "verdict.met_with_minors": {
        "nl": "De route voldoet in hoofdzaak aan de auditcriteria; er {is_are} {minor} minor "
        "{tekortkoming} vastgesteld die herstel vragen.",
        "en": "The route largely meets the audit criteria; {minor} minor {nonconformity} "
        "{was_were} found that need correction.",
    },
    "verdict.met": {
        "nl": "De route voldoet aan de auditcriteria: er zijn geen tekortkomingen vastgesteld.",
        "en": "The route meets the audit criteria: no nonconformities were found.",
    },
    "conclusion.counts": {
        "nl": " Van de {assessed} beoordeelde regels {met_is} er {met} gehaald en {not_met} niet. "
        "Daarnaast zijn er {observation} en {ofi}.",
        "en": " Of the {assessed} rules assessed, {met} {met_was} met and {not_met} not. There are "
        "also {observation} and {ofi}.",
    },
    "conclusion.provisional": {
        "nl": " Dit oordeel is voorlopig tot het dossieronderzoek en de reacties van de eigenaren "
        "(hoor en wederhoor) zijn vastgelegd.",
        "en": " This verdict is provisional until the file review and the owners' responses have "
        "been recorded.",
    },
    "conclusion.action": {
        "nl": " Per tekortkoming levert de eigenaar van de eis binnen {weeks} weken een "
        "oorzaakanalyse en een plan van aanpak (correctie en corrigerende maatregel); de "
        "effectiviteit van de maatregelen bij major tekortkomingen wordt na {months} maanden "
        "getoetst.",
        "en": " For every nonconformity the owner of the requirement delivers a root-cause analysis "
        "and an action plan (correction and corrective action) within {weeks} weeks; the "
        "effectiveness of the actions on major nonconformities is checked after {months} months.",
    },
    "lim.no_quality": {
        "nl": "Er was geen datakwaliteitsrapport van de ketenlog beschikbaar; de kwaliteit van de "
        "koppeling en van de bronnen is niet beoordeeld.",
        "en": "No data-quality report of the chain log was available; the quality of the linkage "
        "and of the sources has not been assessed.",
    },
    "lim.running": {
        "nl": "{running} van de {cases} zaken ({share}) liepen nog aan het einde van de gegevens "
        "({data_end}). Zij zijn alleen beoordeeld op wat al had moeten gebeuren: een termijn die "
        "nog niet verstreken is, telt niet als overschrijding.",
        "en": "{running} of {cases} cases ({share}) were still running at the end of the data "
        "({data_end}). They were judged only on what should already have happened: a deadline "
        "that has not passed yet does not count as missed.",
    },
    "lim.pending": {
        "nl": "{pending} oordelen over regels staan nog open (de termijn loopt nog) en tellen niet "
        "mee in de naleving.",
        "en": "{pending} rule judgements are still open (the deadline has not passed) and do not "
        "count in compliance.",
    },
    "lim.not_assessed": {
        "nl": "Niet te beoordelen, omdat geen enkele zaak eronder viel: {rules}.",
        "en": "Could not be assessed because no case fell under them: {rules}.",
    },
    "lim.recorded": {
        "nl": "De audit berust op wat de organisaties registreren. Wat niet is vastgelegd (een "
        "huisbezoek dat niet in het systeem staat, een telefoontje), ziet de audit niet; wat "
        "onjuist is vastgelegd, telt mee zoals het is vastgelegd.",
        "en": "The audit rests on what the organisations record. What was not recorded (a home "
        "visit missing from the system, a phone call) the audit cannot see; what was recorded "
        "wrongly counts as recorded.",
    },
}
