"""The audit's Dutch texts use the terms of Dutch quality officers (placeholders and both
languages of every text: tests/test_texts.py)."""

from __future__ import annotations

from ketenmining import texts


def test_dutch_uses_the_terms_of_dutch_quality_officers():
    nl = " ".join(
        texts.entry(i)["nl"] for area in ("audit", "report") for i in texts.ids(f"{area}.")
    )
    for term in ("Tekortkoming (major)", "Tekortkoming (minor)", "Observatie", "Verbeterpunt",
                 "Auditcriteria", "Reikwijdte", "steekproef", "Bevindingen", "Conclusies",
                 "Beperkingen", "Objectief bewijs"):  # fmt: skip
        assert term in nl, term
