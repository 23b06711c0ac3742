"""The web edition of the golden fixture matches the stored copy (regenerate with `invoke golden`)."""
from __future__ import annotations

import difflib

from golden import GOLDEN, render_fixture


def test_web_edition_matches_golden(tmp_path):
    pages = render_fixture(tmp_path)
    assert pages, "the fixture built no page"
    for slug, html in pages.items():
        expected = (GOLDEN / f"{slug}.html").read_text("utf-8")
        if html != expected:
            diff = "".join(difflib.unified_diff(expected.splitlines(True), html.splitlines(True),
                                                f"golden/{slug}.html", "built", n=2))
            raise AssertionError(f"web edition of {slug} differs from its golden file "
                                 f"(run `invoke golden` if the change is intended):\n{diff[:4000]}")
