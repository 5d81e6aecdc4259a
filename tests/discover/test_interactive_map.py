"""The interactive map (``discover --format html``) in a real headless browser.

Chromium (the system one, ``/usr/bin/chromium``; ``make setup`` installs it)
is driven by Playwright with every network request refused: the page must
load from its one file, draw the Graphviz layout, react to the sliders and
the view switch, show figures on hover and log no console error.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from support import PUBLIC_LOGS

from ketenmining.discover.labels import load_labels
from ketenmining.discover.run import DiscoverOptions, discover
from ketenmining.engine import connect
from ketenmining.log import open_log
from ketenmining.logspec import LogSpec

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VISIBLE_EDGES = "els => els.filter(e => e.style.display !== 'none').length"


def _page(tmp_path: Path) -> tuple[Path, dict]:
    con = connect()
    open_log(LogSpec(PUBLIC_LOGS / "sepsis.csv"), con=con)
    result = discover(con, load_labels("en"), DiscoverOptions(formats=("html", "json")))
    page = tmp_path / "activity-map.html"
    page.write_bytes(result.files["activity-map.html"])
    return page, json.loads(result.files["discover.json"])


def _set(page, selector: str, value: str) -> None:
    page.eval_on_selector(
        selector,
        "(el, v) => { el.value = v; el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input')); }",
        value,
    )


@pytest.mark.public_logs("sepsis.csv")
def test_interactive_map_works_offline_in_chromium(tmp_path: Path) -> None:
    path, record = _page(tmp_path)
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # nothing to fetch
    published_edges = len(record["maps"]["activity"]["edges"])
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(offline=True)

        def guard(route) -> None:
            url = route.request.url
            if url == path.as_uri():
                route.continue_()
            else:
                requests.append(url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_selector("svg g.edge")
        drawn = page.eval_on_selector_all("svg g.edge[id^=e]", "els => els.length")
        assert drawn == published_edges  # the k-suppressed arrows, every one laid out once

        _set(page, "#activities", "1")
        _set(page, "#paths", "1")
        everything = page.eval_on_selector_all("svg g.edge[id^=e]", VISIBLE_EDGES)
        _set(page, "#paths", "0.2")
        fewer = page.eval_on_selector_all("svg g.edge[id^=e]", VISIBLE_EDGES)
        _set(page, "#activities", "0.5")
        fewest = page.eval_on_selector_all("svg g.edge[id^=e]", VISIBLE_EDGES)
        assert everything == published_edges > fewer > fewest > 0
        assert f"{fewest} of {published_edges} paths" in page.inner_text("#shown")

        label = "svg g.edge[id=e0] text"
        before = page.text_content(label)
        _set(page, "#view", "performance")
        after = page.text_content(label)
        assert before != after and "p90" in after

        _set(page, "#activities", "1")
        page.hover("svg g.node[id=n0]")
        shown = page.inner_text("#info")
        first = record["maps"]["activity"]["nodes"][0]
        assert first["label"] in shown and "cases" in shown
        browser.close()
    assert errors == []
    assert requests == []
