"""Every fixed text of the audit exists in Dutch and English with the same placeholders."""

from __future__ import annotations

import string

import pytest

from ketenmining.audit.texts import TEXTS
from ketenmining.audit.texts_record import RECORD_TEXTS
from ketenmining.report.audit_texts import T

#: Placeholders for grammar (verb and plural forms) that exist in one language only.
GRAMMAR = {"is_are", "tekortkoming", "nonconformity", "was_were", "met_is", "met_was"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name} - GRAMMAR


@pytest.mark.parametrize("catalogue", [TEXTS, RECORD_TEXTS, T], ids=["audit", "record", "report"])
def test_catalogue_is_bilingual_with_matching_placeholders(catalogue):
    for key, entry in catalogue.items():
        assert set(entry) == {"nl", "en"}, key
        assert _fields(entry["nl"]) == _fields(entry["en"]), key


def test_dutch_uses_the_terms_of_dutch_quality_officers():
    nl = " ".join(e["nl"] for cat in (TEXTS, RECORD_TEXTS, T) for e in cat.values())
    for term in ("Tekortkoming (major)", "Tekortkoming (minor)", "Observatie", "Verbeterpunt",
                 "Auditcriteria", "Reikwijdte", "steekproef", "Bevindingen", "Conclusies",
                 "Beperkingen", "Objectief bewijs"):  # fmt: skip
        assert term in nl, term
