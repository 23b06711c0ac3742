"""The real validators the tests run on outputs: the package's own wrappers (handouts.validators), one home each."""
from __future__ import annotations

from pathlib import Path

from handouts.validators import ERROR, Tools
from handouts.validators.vnu import check_pages

REPO = Path(__file__).resolve().parent.parent


def vnu_errors(files: list[Path]) -> list[str]:
    """Every error the Nu HTML Checker (npm vnu-jar, on Java) reports on the files, as 'file: line N: message'."""
    tools = Tools.find(REPO)
    assert tools.vnu_jar, "node_modules/vnu-jar is missing: run `npm install` (invoke test does it)"
    return [f"{r.file}: {r.message}" for r in check_pages(Path("/"), list(files), tools) if r.severity == ERROR]


def in_browser(dist: Path, page: str, script: str, width: int = 1280, height: int = 900):
    """The value of `script` (a JavaScript function of axe's WCAG tags) evaluated on dist/<page> in headless
    Chromium, with axe-core loaded, at a viewport `width` px wide."""
    from playwright.sync_api import sync_playwright

    from handouts.validators.browser import served
    from handouts.validators.model import CHROMIUM_ARGS, WCAG_TAGS

    tools = Tools.find(REPO)
    assert tools.chromium and tools.axe, "Chromium and node_modules/axe-core are needed"
    with served(dist) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(tools.chromium), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            context.add_init_script(path=str(tools.axe))
            tab = context.new_page()
            tab.goto(url + page)
            return tab.evaluate(script, WCAG_TAGS)
        finally:
            browser.close()


def axe_violations(dist: Path, page: str, width: int = 1280, height: int = 900) -> list[str]:
    """axe-core's WCAG violations on dist/<page> at a viewport `width` px wide (the package's gate checks
    at the browser's default size only), as 'rule: nodes'."""
    found = in_browser(dist, page, "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", width, height)
    return [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found["violations"]]
