"""The generic JUnit and GitHub-annotation writers."""

from __future__ import annotations

import pytest
from junit_xsd import validate_junit

from ketenmining.formats.github import annotation
from ketenmining.formats.junit import JUnitCase, JUnitSuite, junit_xml


def test_github_annotation_escapes_properties_and_message() -> None:
    line = annotation(
        "error", "50% te laat\nzie regel", file="a,b:c.yaml", line=3, col=7, title="P010 x: y"
    )
    assert (
        line
        == "::error file=a%2Cb%3Ac.yaml,line=3,col=7,title=P010 x%3A y::50%25 te laat%0Azie regel"
    )
    assert annotation("info", "m") == "::notice::m"
    assert annotation("major", "m").startswith("::error")
    with pytest.raises(ValueError):
        annotation("loud", "m")


def test_junit_counts_failures_and_errors() -> None:
    suite = JUnitSuite(
        "s",
        [
            JUnitCase("ok", "c"),
            JUnitCase("bad", "c", failure="kapot <&>", text="details", file="f.yaml", line=4),
            JUnitCase("broke", "c", failure="crash", kind="error"),
        ],
        seconds=1.5,
        properties={"calendar": "NL"},
    )
    text = junit_xml([suite, JUnitSuite("empty")])
    validate_junit(text)
    assert 'tests="3" failures="1" errors="1"' in text
    assert "kapot &lt;&amp;&gt;" in text
    assert '<testsuites name="ketenmining" tests="3" failures="1" errors="1"' in text
