"""Texts of the analyse area: message id (after "analyse.") → English and Dutch."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # ketenmining/analyse/changes.py
    "changes.more": {"en": "more often in B", "nl": "vaker in B"},
    "changes.less": {"en": "less often in B", "nl": "minder vaak in B"},
    "changes.faster": {"en": "faster", "nl": "sneller"},
    "changes.slower": {"en": "slower", "nl": "trager"},
    "changes.days": {"en": "d", "nl": "d"},
    "changes.title": {
        "en": "What changed from A ({a}) to B ({b}): blue more often, orange less often (Fisher, Holm); thick = frequent",
        "nl": "Wat veranderde van A ({a}) naar B ({b}): blauw vaker, oranje minder vaak (Fisher, Holm); dik = vaker",
    },
    # ketenmining/analyse/forecast_run.py
    "forecast.wins": {
        "en": "{org}: over horizons {span} weeks the model's error (MAE) is {rel_sn:.2f} × that of seasonal-naive ({dm_sn}) and {rel_rm:.2f} × that of the recent mean ({dm_rm}); the 80% interval covered {cov:.0%} of the weeks.",
        "nl": "{org}: over horizon {span} weken is de fout (MAE) van het model {rel_sn:.2f} × die van seizoensnaïef ({dm_sn}) en {rel_rm:.2f} × die van het recente gemiddelde ({dm_rm}); het 80%-interval omvatte {cov:.0%} van de weken.",
    },
    "forecast.sig": {"en": "DM p = {p:.3f}: not chance", "nl": "DM p = {p:.3f}: geen toeval"},
    "forecast.nosig": {
        "en": "DM p = {p:.3f}: not shown to be better",
        "nl": "DM p = {p:.3f}: niet aantoonbaar beter",
    },
    "forecast.loses": {
        "en": "{org}: the model does not beat {base} at horizon {hs}.",
        "nl": "{org}: het model wint niet van {base} op horizon {hs}.",
    },
    "forecast.seasonal_naive": {"en": "seasonal-naive", "nl": "seizoensnaïef"},
    "forecast.recent_mean": {"en": "the recent mean", "nl": "het recente gemiddelde"},
    "forecast.none": {"en": "–", "nl": "–"},
    # ketenmining/analyse/pictures.py
    "pictures.waits_title": {
        "en": "Waiting time to pickup per seam",
        "nl": "Wachttijd tot oppakken per naad",
    },
    "pictures.waits_x": {
        "en": "days to pickup (log scale)",
        "nl": "dagen tot oppakken (logaritmische schaal)",
    },
    "pictures.wip_title": {
        "en": "Work in progress per organisation (cases per week)",
        "nl": "Onderhanden werk per organisatie (zaken per week)",
    },
    "pictures.wip_y": {"en": "open cases", "nl": "lopende zaken"},
    "pictures.week": {"en": "week", "nl": "week"},
    "pictures.km_title": {
        "en": "Time to {outcome}: Kaplan-Meier per cohort (95 % band)",
        "nl": "Tijd tot {outcome}: Kaplan-Meier per cohort (95 %-band)",
    },
    "pictures.km_y": {"en": "share not yet reached", "nl": "aandeel nog niet bereikt"},
    "pictures.km_x": {"en": "days from {start}", "nl": "dagen vanaf {start}"},
    "pictures.at_risk": {"en": "at risk", "nl": "nog in beeld"},
    "pictures.first_event": {"en": "the first event", "nl": "de eerste gebeurtenis"},
    "pictures.more_seams": {
        "en": "{n} quieter seams not shown",
        "nl": "{n} rustiger naden niet getoond",
    },
    "pictures.suppressed": {
        "en": "{n} seams with < {k} handovers not shown",
        "nl": "{n} naden met < {k} overdrachten niet getoond",
    },
    # ketenmining/analyse/pictures_forecast.py
    "fan.title": {"en": "{org}: inflow per week", "nl": "{org}: instroom per week"},
    "fan.observed": {"en": "observed (4-week mean)", "nl": "waargenomen (4-weeks gemiddelde)"},
    "fan.expected": {"en": "expected", "nl": "verwacht"},
    "fan.band": {"en": "80% prediction interval", "nl": "80%-voorspelinterval"},
    "fan.cases": {"en": "cases per week", "nl": "zaken per week"},
    "fan.bt_title": {
        "en": "Backtest: error per horizon ({n} cut-offs)",
        "nl": "Backtest: fout per horizon ({n} peilmomenten)",
    },
    "fan.horizon": {"en": "weeks ahead", "nl": "weken vooruit"},
    "fan.mae": {"en": "mean absolute error (cases)", "nl": "gemiddelde absolute fout (zaken)"},
    "fan.model": {"en": "model", "nl": "model"},
    "fan.seasonal_naive": {"en": "seasonal-naive", "nl": "seizoensnaïef"},
    "fan.recent_mean": {"en": "recent mean (13 wk)", "nl": "recent gemiddelde (13 wk)"},
    "fan.coverage": {"en": "80% interval coverage", "nl": "dekking 80%-interval"},
    "fan.suppressed": {"en": "< k: not shown", "nl": "< k: niet getoond"},
    # ketenmining/report/analyse_forecast.py
    "heads.forecast": {
        "en": "Expected inflow per organisation and week",
        "nl": "Verwachte instroom per organisatie en week",
    },
    "heads.backtest": {
        "en": "Backtest: error per organisation and horizon (model against seasonal-naive and recent mean)",
        "nl": "Backtest: fout per organisatie en horizon (model tegen seizoensnaïef en recent gemiddelde)",
    },
    "heads.organisation": {"en": "organisation", "nl": "organisatie"},
    "heads.week": {"en": "week", "nl": "week"},
    "heads.expected": {"en": "expected", "nl": "verwacht"},
    "heads.interval": {"en": "80% interval", "nl": "80%-interval"},
    "heads.horizon": {"en": "horizon (wk)", "nl": "horizon (wk)"},
    "heads.cutoffs": {"en": "cut-offs", "nl": "peilmomenten"},
    "heads.mae_model": {"en": "MAE model", "nl": "MAE model"},
    "heads.mae_seasonal_naive": {"en": "MAE seasonal-naive", "nl": "MAE seizoensnaïef"},
    "heads.mae_recent_mean": {"en": "MAE recent mean", "nl": "MAE recent gem."},
    "heads.mase_model": {"en": "MASE model", "nl": "MASE model"},
    "heads.relative_mae": {"en": "model/seasonal-naive", "nl": "model/seizoensnaïef"},
    "heads.dm": {"en": "DM p", "nl": "DM p"},
    "heads.relative_mae_recent_mean": {"en": "model/recent mean", "nl": "model/recent gem."},
    "heads.dm_recent": {"en": "DM p (recent)", "nl": "DM p (recent)"},
    "heads.coverage": {"en": "80% coverage", "nl": "dekking 80%"},
    "heads.small": {"en": "< k", "nl": "< k"},
    "heads.suppressed_orgs": {
        "en": "{n} organisations left out (< k = {k} cases): {orgs}",
        "nl": "{n} organisaties weggelaten (< k = {k} zaken): {orgs}",
    },
    # ketenmining/analyse/compare.py (effect_text)
    "effect.none": {
        "en": "no significant difference ({name})",
        "nl": "geen significant verschil ({name})",
    },
    "effect.points": {"en": "{n} percentage points", "nl": "{n} %-punt"},
    "effect.share_up": {"en": "higher", "nl": "hoger"},
    "effect.share_down": {"en": "lower", "nl": "lager"},
    "effect.days": {"en": "{n} days", "nl": "{n} dagen"},
    "effect.handovers": {"en": "{n} handovers", "nl": "{n} overdrachten"},
    "effect.time_up": {"en": "later/more", "nl": "later/meer"},
    "effect.time_down": {"en": "sooner/fewer", "nl": "eerder/minder"},
}
