"""The catalogue in a real browser: Debian's headless Chromium driven by Playwright, checked by axe-core (WCAG 2.2 AA)."""
from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO
from validators import vnu_errors

from handouts.load.brand import load_brand
from handouts.load.brief import Brief, load_brief
from handouts.load.discover import discover
from handouts.project import Project

pytestmark = pytest.mark.slow

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


@dataclass(frozen=True)
class Site:
    url: str                # http://127.0.0.1:PORT/, serving dist/
    dist: Path
    published: list[Brief]  # what the catalogue must list


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The sample briefs built (every format) in a copy of the project, dist/ served on a free local port."""
    root = tmp_path_factory.mktemp("browser")
    for name in ("briefs", "layouts", "assets"):
        shutil.copytree(REPO / name, root / name)
    for name in ("_brand.yml", "tasks.py"):
        shutil.copy(REPO / name, root / name)
    result = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=root, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=str(root / "dist")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_address[1]}/", root / "dist", _published(root))
    finally:
        server.shutdown()
        server.server_close()


def _published(root: Path) -> list[Brief]:
    project = Project.at(root)
    brand, _ = load_brand(project)
    briefs = [load_brief(source, project, brand.defaults)[0] for source in discover(project)[0]]
    published = {brief.slug for brief in briefs if brief.published}
    # One card per text: a translation is on its source's card (issue 19), not on a card of its own.
    return [brief for brief in briefs if brief.published and brief.translation_of not in published]


@pytest.fixture
def open_page(browser):
    """open_page(url, viewport=..., javascript=...) -> a page; fails the test on a script error or a broken fetch."""
    contexts, errors = [], []

    def opener(url: str, viewport: dict = DESKTOP, javascript: bool = True):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
                if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
        page.goto(url)
        return page

    yield opener
    for context in contexts:
        context.close()
    assert errors == []


def visible_titles(page) -> list[str]:
    return page.locator("#catalog-list > li:visible h2").all_inner_texts()


def axe_violations(page) -> list[str]:
    """Every axe-core violation of the WCAG 2.0-2.2 A and AA rules, one line each."""
    assert AXE.is_file(), f"{AXE} is missing: run `npm install` (invoke test does it)"
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in results["violations"]]


# -- what members do -----------------------------------------------------------
def test_every_published_brief_is_listed_with_working_links(site, open_page):
    page = open_page(site.url)
    assert sorted(visible_titles(page)) == sorted(b.title for b in site.published)
    urls = page.eval_on_selector_all("a[href], link[href], img[src], script[src]",
                                     "els => els.map(el => el.href || el.src)")
    local = sorted({url.split("#")[0] for url in urls if url.startswith(site.url)})
    downloads = [url for url in local if url.endswith((".pdf", ".epub"))]
    assert len(downloads) >= len(site.published), "the sample build has PDFs: each card links to one"
    for url in local:
        response = page.request.get(url)
        assert response.status == 200, url
    for brief in site.published:
        page.goto(site.url)
        page.get_by_role("link", name=brief.title, exact=True).click()
        assert page.url == f"{site.url}{brief.slug}/"
        page.get_by_role("link", name="All handouts").click()
        assert page.url == site.url


def test_filter_by_topic_shows_fewer_cards_and_can_be_shared(site, open_page):
    topic = _topic_of_some(site.published)
    expected = sorted(b.title for b in site.published if topic in b.topics)
    page = open_page(site.url)
    page.get_by_label("Topic", exact=True).select_option(topic)
    assert sorted(visible_titles(page)) == expected
    assert page.locator("#catalog-status").inner_text() == f"Showing {len(expected)} of {len(site.published)} handouts"
    assert page.url == f"{site.url}?topic={topic}"
    page.reload()  # the filtered view is an address members can share
    assert page.get_by_label("Topic", exact=True).input_value() == topic
    assert sorted(visible_titles(page)) == expected
    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function("() => !location.search")
    assert len(visible_titles(page)) == len(site.published)


def test_filter_by_kind(site, open_page):
    page = open_page(site.url)
    page.get_by_label("Kind", exact=True).select_option("factsheet")
    assert visible_titles(page) == [b.title for b in site.published if b.kind == "factsheet"]


def test_search_finds_words_in_any_case_and_says_when_nothing_matches(site, open_page):
    brief = next(b for b in site.published if "Nuremberg" in b.summary)
    page = open_page(site.url)
    page.get_by_label("Search", exact=True).fill("NUREMBERG")
    page.wait_for_function("() => document.querySelector('#catalog-status').textContent.startsWith('Showing 1 ')")
    assert visible_titles(page) == [brief.title]
    page.get_by_label("Search", exact=True).fill("no-such-word-anywhere")
    page.wait_for_function("() => document.querySelector('#catalog-status').textContent.startsWith('Showing 0 ')")
    assert page.locator("#catalog-empty").is_visible()


def test_search_finds_a_year_of_publication_or_update(site, open_page):
    expected = sorted(b.title for b in site.published
                      if "2026" in b.date.isoformat() + (b.updated.isoformat() if b.updated else ""))
    assert expected  # the samples have one, updated in 2026
    page = open_page(site.url)
    page.get_by_label("Search", exact=True).fill("2026")
    page.wait_for_function(f"() => document.querySelector('#catalog-status').textContent"
                           f".startsWith('Showing {len(expected)} ')")
    assert sorted(visible_titles(page)) == expected


def test_page_works_without_javascript(site, open_page):
    page = open_page(site.url, javascript=False)
    assert len(visible_titles(page)) == len(site.published)
    assert not page.locator("#catalog-filters").is_visible()
    assert page.locator("#catalog-status").inner_text() == f"{len(site.published)} handouts"


def _topic_of_some(briefs: list[Brief]) -> str:
    """A topic that some briefs have and others do not."""
    topics = sorted({t for b in briefs for t in b.topics}, key=lambda t: -sum(t in b.topics for b in briefs))
    return next(t for t in topics if sum(t in b.topics for b in briefs) < len(briefs))


# -- WCAG 2.2 AA by axe-core ---------------------------------------------------
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_catalogue_has_no_axe_violations(site, open_page, viewport):
    page = open_page(site.url, viewport=viewport)
    assert axe_violations(page) == []
    page.get_by_label("Search", exact=True).fill("nuremberg")  # the filtered state too: hidden cards, the status message
    page.wait_for_function("() => document.querySelector('#catalog-status').textContent.startsWith('Showing')")
    assert axe_violations(page) == []


def test_catalogue_passes_the_nu_html_checker(site):
    assert vnu_errors([site.dist / "index.html"]) == []


def test_web_editions_have_no_axe_violations(site, open_page):
    problems = {}
    for brief in site.published:
        for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            violations = axe_violations(open_page(f"{site.url}{brief.slug}/", viewport=viewport))
            if violations:
                problems[f"{brief.slug} ({name})"] = violations
    assert problems == {}


def test_reference_rules_its_sections_but_not_the_contents_heading(site, open_page):
    page = open_page(f"{site.url}rome-statute/")
    rules = page.eval_on_selector_all("h2", "els => els.map(h => [h.closest('.toc') !== null, "
                                            "getComputedStyle(h).borderTopStyle])")
    assert [style for in_toc, style in rules if in_toc] == ["none"]
    body = [style for in_toc, style in rules if not in_toc]
    assert len(body) > 10 and set(body) == {"solid"}


def test_a_long_pages_contents_fold_on_a_phone_and_stand_beside_the_text_on_a_wide_screen(site, open_page):
    """The Rome Statute: on a phone Article 1 is on the first screens, the contents one tap away; on a wide
    screen the contents are a column beside the text that stays in view as it scrolls; the end leads back up."""
    phone = open_page(f"{site.url}rome-statute/", viewport=PHONE)
    first = phone.locator(".brief-body h2").first
    assert first.bounding_box()["y"] < 1.5 * PHONE["height"]
    entry = phone.locator(".toc a", has_text="Article 8: War crimes")
    assert not entry.is_visible()
    phone.locator(".toc summary").click()
    assert entry.is_visible()
    assert phone.locator(".back-to-top a").get_attribute("href") == "#content"

    wide = open_page(f"{site.url}rome-statute/", viewport=DESKTOP)
    contents, body = wide.locator("nav.toc").bounding_box(), wide.locator(".brief-body").bounding_box()
    assert contents["x"] + contents["width"] <= body["x"] and wide.locator(".toc a").first.is_visible()
    wide.mouse.wheel(0, 20000)
    wide.wait_for_function("window.scrollY > 15000")
    assert 0 <= wide.locator("nav.toc").bounding_box()["y"] < 100  # in the viewport's top, after 15,000 px
    assert wide.get_by_role("navigation", name="Contents").count() == 1


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "390px"])
def test_cards_of_a_row_are_as_tall_and_their_buttons_on_one_row(site, open_page, viewport):
    """The Rome Statute card's buttons wrapped onto two rows, and cards left gaps above their buttons. The web
    edition is not a download: the card's title links to it."""
    page = open_page(site.url, viewport=viewport)
    cards = page.evaluate("""() => [...document.querySelectorAll('.card')].map(card => ({
        top: Math.round(card.getBoundingClientRect().top), height: Math.round(card.getBoundingClientRect().height),
        buttons: [...card.querySelectorAll('.card-files a')].map(a => Math.round(a.getBoundingClientRect().top)),
        labels: [...card.querySelectorAll('.card-files a')].map(a => a.textContent.trim())}))""")
    assert len(cards) >= 5
    for card in cards:
        assert card["buttons"] and len(set(card["buttons"])) == 1, card
        assert not any(label.startswith("Web page") for label in card["labels"]), card
    rows: dict[int, set[int]] = {}
    for card in cards:
        rows.setdefault(card["top"], set()).add(card["height"])
    assert all(len(heights) == 1 for heights in rows.values()), rows
