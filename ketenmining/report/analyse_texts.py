"""Dutch and English texts of the ``analyse report`` page and the audit's seam chapter."""

from __future__ import annotations

from ketenmining.i18n import Catalogue

TEXTS: Catalogue = {
    "title": {"nl": "Ketenanalyse", "en": "Chain analysis"},
    "subtitle": {
        "nl": "Waar zaken wachten en rondgaan, wat een werkwijze oplevert, en welk werk eraan komt",
        "en": "Where cases wait and bounce, what a way of working achieves, and the work coming",
    },
    "log": {"nl": "Logboek", "en": "Log"},
    "data_end": {"nl": "Einde van de gegevens", "en": "End of the data"},
    "k": {"nl": "Kleine aantallen", "en": "Small cells"},
    "k_text": {
        "nl": "aantallen onder {k} zaken staan als \u201c< {k}\u201d; {n} cellen onderdrukt",
        "en": "counts below {k} cases show as \u201c< {k}\u201d; {n} cells suppressed",
    },
    "confidential": {
        "nl": "Vertrouwelijk: gepseudonimiseerde ketengegevens",
        "en": "Confidential: pseudonymised chain data",
    },
    "seams": {"nl": "Naden tussen organisaties", "en": "Seams between organisations"},
    "seams_intro": {
        "nl": "Per naad (organisatie A draagt over aan B): hoe vaak, hoe lang de zaak wacht tot B "
        "haar oppakt (mediaan en p90 met een bootstrap-95 %-interval), hoeveel overdrachten "
        "nooit zijn opgepakt terwijl de termijn vóór het einde van de gegevens verstreek, of "
        "nog lopen, het Kaplan-Meier-aandeel dat niet binnen de termijn is "
        "opgepakt (lopende overdrachten gecensureerd), pingpong, dubbel werk en samenwerking.",
        "en": "Per seam (organisation A hands over to B): how often, how long the case waits "
        "until B picks it up (median and p90 with a bootstrap 95 % interval), how many "
        "handovers were lost (never picked up and the deadline passed before the data end) or "
        "are still pending, the Kaplan-Meier share not picked up within the deadline (pending "
        "ones censored), ping-pong, duplicate and joint work.",
    },
    "seam": {"nl": "Naad", "en": "Seam"},
    "handovers": {"nl": "Overdrachten", "en": "Handovers"},
    "picked_up": {"nl": "Opgepakt", "en": "Picked up"},
    "lost": {"nl": "Niet opgepakt", "en": "Lost"},
    "pending": {"nl": "Lopend", "en": "Pending"},
    "deadline": {"nl": "Termijn", "en": "Deadline"},
    "km_late": {"nl": "Niet binnen termijn (KM)", "en": "Not within deadline (KM)"},
    "median": {"nl": "Mediaan dagen (95 %-BI)", "en": "Median days (95 % CI)"},
    "p90": {"nl": "p90 dagen (95 %-BI)", "en": "p90 days (95 % CI)"},
    "ping_pong": {"nl": "Pingpong", "en": "Ping-pong"},
    "duplicate": {"nl": "Dubbel werk", "en": "Duplicate work"},
    "joint": {"nl": "Samen", "en": "Joint"},
    "waits_fig": {
        "nl": "Wachttijd van overdracht tot oppakken per naad (doos: kwartielen, snorren: 5e–95e "
        "percentiel; tussen haakjes het aantal opgepakte overdrachten).",
        "en": "Waiting time from handover to pickup per seam (box: quartiles, whiskers: 5th–95th "
        "percentile; in brackets the number of handovers picked up).",
    },
    "orgs": {"nl": "Per organisatie", "en": "Per organisation"},
    "org": {"nl": "Organisatie", "en": "Organisation"},
    "weeks": {"nl": "Weken", "en": "Weeks"},
    "inflow": {"nl": "Instroom (zaken)", "en": "Inflow (cases)"},
    "inflow_week": {"nl": "Instroom per week", "en": "Inflow per week"},
    "wip_mean": {"nl": "Onderhanden (gem.)", "en": "In progress (mean)"},
    "wip_peak": {"nl": "Onderhanden (piek)", "en": "In progress (peak)"},
    "wait_first": {
        "nl": "Wachttijd tot eerste activiteit (mediaan dagen)",
        "en": "Wait before first activity (median days)",
    },
    "wip_fig": {
        "nl": "Onderhanden werk per organisatie en week: zaken tussen de eerste en laatste "
        "gebeurtenis van de organisatie (weken met < {k} zaken zijn een onderbreking).",
        "en": "Work in progress per organisation and week: cases between the organisation's "
        "first and last event (weeks with < {k} cases are a gap).",
    },
    "cases": {"nl": "Per zaak", "en": "Per case"},
    "episodes": {"nl": "Episodes", "en": "Episodes"},
    "handovers_mean": {
        "nl": "Overdrachten per episode (gem.)",
        "en": "Handovers per episode (mean)",
    },
    "three_plus": {
        "nl": "Episodes met 3 of meer overdrachten",
        "en": "Episodes with 3 or more handovers",
    },
    "orgs_mean": {
        "nl": "Organisaties per episode (gem.)",
        "en": "Organisations per episode (mean)",
    },
    "reached": {"nl": "Uitkomst bereikt ({outcome})", "en": "Outcome reached ({outcome})"},
    "open": {"nl": "Nog niet bereikt (gecensureerd)", "en": "Not reached yet (censored)"},
    "km_outcome": {
        "nl": "Dagen van de eerste gebeurtenis tot de uitkomst (Kaplan-Meier-mediaan; "
        "zonder uitkomst gecensureerd)",
        "en": "Days from the first event to the outcome (Kaplan-Meier median; "
        "censored without the outcome)",
    },
    "reentry": {
        "nl": "Nieuwe melding binnen 12 maanden na afsluiting",
        "en": "New report within 12 months of closing",
    },
    "reentry_of": {"nl": "{n} van {of} ({share})", "en": "{n} of {of} ({share})"},
    "compare": {"nl": "Twee cohorten vergeleken", "en": "Two cohorts compared"},
    "compare_intro": {
        "nl": "Cohort B ({b}) tegen cohort A ({a}), tijd tot {outcome} vanaf {start}. Open zaken "
        "zijn gecensureerd, niet weggelaten. Het verschil is B min A met een 95 %-interval; "
        "p gecorrigeerd volgens Holm over de {n} toetsen van de tabel.",
        "en": "Cohort B ({b}) against cohort A ({a}), time to {outcome} from {start}. Open cases "
        "are censored, not dropped. The difference is B minus A with a 95 % interval; p "
        "corrected by Holm across the table's {n} tests.",
    },
    "first_event": {"nl": "de eerste gebeurtenis", "en": "the first event"},
    "measure": {"nl": "Maat", "en": "Measure"},
    "difference": {"nl": "Verschil (95 %-BI)", "en": "Difference (95 % CI)"},
    "test": {"nl": "Toets", "en": "Test"},
    "p": {"nl": "p (Holm)", "en": "p (Holm)"},
    "reading": {"nl": "Lezing", "en": "Reading"},
    "km_fig": {
        "nl": "Kaplan-Meier-curven per cohort met 95 %-band; daaronder het aantal zaken nog in beeld.",
        "en": "Kaplan-Meier curves per cohort with 95 % band; below, the number of cases at risk.",
    },
    "changes_fig": {
        "nl": "Wat veranderde: per overgang (stap X direct gevolgd door Y) het aandeel episodes "
        "per cohort en de mediane dagen ertussen. Blauw: vaker in B, oranje: minder vaak in B "
        "(Fisher, Holm over de overgangen); sneller/trager is beschrijvend (mediaan ≥ 10 % anders).",
        "en": "What changed: per edge (step X directly followed by Y) the share of episodes per "
        "cohort and the median days between them. Blue: more often in B, orange: less often in B "
        "(Fisher, Holm across the edges); faster/slower is descriptive (median ≥ 10 % apart).",
    },
    "m.km_median_days": {"nl": "Kaplan-Meier-mediaan (dagen)", "en": "Kaplan-Meier median (days)"},
    "m.rmst_days": {
        "nl": "Gemiddelde tijd tot uitkomst tot {h} dagen (RMST)",
        "en": "Mean time to outcome up to {h} days (RMST)",
    },
    "m.median_days_finished": {
        "nl": "Mediaan dagen, afgeronde zaken",
        "en": "Median days, finished cases",
    },
    "m.handovers_per_episode": {"nl": "Overdrachten per episode", "en": "Handovers per episode"},
    "m.reentry_12m_share": {"nl": "Aandeel nieuwe melding ≤ 12 mnd", "en": "Re-entry ≤ 12 months"},
    "forecast": {"nl": "Verwachte instroom", "en": "Expected inflow"},
    "forecast_missing": {
        "nl": "PLEK VOOR DE PROGNOSE: de prognose (analyse forecast) zit nog niet in deze versie.",
        "en": "SLOT FOR THE FORECAST: the forecast (analyse forecast) is not in this build yet.",
    },
    "forecast_none": {
        "nl": "Geen prognose gevraagd (geef --weeks N).",
        "en": "No forecast asked for (give --weeks N).",
    },
    "left_out": {
        "nl": "Alleen de {seams_shown} drukste naden en de {orgs_shown} organisaties met het meeste "
        "onderhanden werk staan hier; {seams} naden en {orgs} organisaties meer staan in de "
        "tabellen van analyse seams -o.",
        "en": "Only the {seams_shown} busiest seams and the {orgs_shown} organisations with the most "
        "work in progress are shown; {seams} more seams and {orgs} more organisations are in the "
        "tables of analyse seams -o.",
    },
    "chapter": {"nl": "Naden in de keten", "en": "Seams in the chain"},
    "chapter_intro": {
        "nl": "Dit hoofdstuk komt uit ketenmining analyse seams op hetzelfde logboek en protocol.",
        "en": "This chapter comes from ketenmining analyse seams on the same log and protocol.",
    },
}
