"""A PDF read back as a reader checks it: on each page, the note calls in the text against the notes at its foot.

Independent of the build's own check (which uses the destinations it writes): calls are the small raised
numbers in the headings font's semibold (print.css sets them at 0.67rem, about 7pt; a figure's source line, as
small, is in its regular weight), notes start with their marker
"N. " at 8pt, in the same font's semibold."""
from __future__ import annotations

import re

from pypdf import PdfReader

CALL_SIZES = (6.5, 7.5)
MARKER = re.compile(r"(\d+)\. ?$")
SEMIBOLD = re.compile(r"semi-?bold", re.I)


def plain(text: str) -> str:
    """Letters and digits only: line breaks, hyphenation and punctuation do not matter when looking for a text."""
    return re.sub(r"[\W_]+", "", text)


def page_holding(pages: list[str], text: str, after: int = 0) -> int:
    """The index of the first page (of their extracted texts, from `after` on) that holds `text`: tests find a page by
    what it prints, so that a layout change that moves the text does not break them for no reason."""
    wanted = plain(text)
    found = [n for n, page in enumerate(pages) if n >= after and wanted in plain(page)]
    assert found, f"no page holds {text!r}"
    return found[0]


def pieces(page) -> list[tuple[str, str, float]]:
    """The page's text as set: (text, font name, size in points) for each piece."""
    found = []

    def text(string, cm, tm, font, size):
        if string.strip():
            found.append((string, str(font["/BaseFont"]) if font else "", round(size * tm[0] * cm[0], 1)))

    page.extract_text(visitor_text=text)
    return found


def calls_and_notes(path) -> list[tuple[list[int], list[int]]]:
    """For each page: the numbers of the calls it prints, and the numbers of the notes it prints."""
    found = []
    for page in PdfReader(path).pages:
        calls, notes = [], []
        for text, font, size in pieces(page):
            if "Sans" not in font:
                continue
            marker = MARKER.fullmatch(text.strip() + " ") if size == 8.0 and SEMIBOLD.search(font) else None
            if marker:
                notes.append(int(marker.group(1)))
            elif CALL_SIZES[0] <= size <= CALL_SIZES[1] and SEMIBOLD.search(font):
                calls += [int(number) for number in re.findall(r"\d+", text)]
        found.append((calls, notes))
    return found


def misplaced(path) -> list[str]:
    """What a reader would object to: a note not on its call's page, a note printed twice or on no page."""
    pages = calls_and_notes(path)
    wrong = [f"page {n}: calls {sorted(calls)}, notes {sorted(notes)}"
             for n, (calls, notes) in enumerate(pages, start=1) if sorted(calls) != sorted(notes)]
    printed = sorted(number for _calls, notes in pages for number in notes)
    if printed != list(range(1, len(printed) + 1)):
        wrong.append(f"notes printed: {printed}")
    return wrong


# WeasyPrint alone, as the build calls it but without the pipeline's layout fix (a process of its own: the fix,
# once made, holds for the rest of the process).
_RAW = """
import json, sys
import weasyprint
from weasyprint.css.counters import CounterStyle
from weasyprint.text.fonts import FontConfiguration
from handouts.tools import weasy
call = json.load(open(sys.argv[1]))
css, fonts, counters = call["css"], FontConfiguration(), CounterStyle()
sheets = [weasyprint.CSS(string=text, base_url=css["base_url"], font_config=fonts, counter_style=counters)
          for text in css["strings"]]
sheets += [weasyprint.CSS(filename=name, font_config=fonts, counter_style=counters) for name in css["files"]]
parsed = weasyprint.HTML(string=call["html"], base_url=call["base_url"])
weasy.number_lists(parsed)
document = parsed.render(stylesheets=sheets, font_config=fonts, counter_style=counters, pdf_variant="pdf/ua-1",
                         pdf_tags=True)
document.write_pdf(sys.argv[2], pdf_variant="pdf/ua-1", pdf_tags=True)
print(json.dumps([{"anchors": sorted(page.anchors), "footnotes": page.footnotes} for page in weasy.laid_out(document)]))
"""


def raw_weasyprint(record, target) -> tuple[str, tuple]:
    """Render the one WeasyPrint call recorded in `record` (HANDOUTS_RECORD) with WeasyPrint alone into `target`:
    its HTML, and its pages as WeasyPrint laid them out."""
    import json
    import subprocess
    import sys

    from handouts.tools.weasy import LaidOutPage

    (call,) = record.glob("weasyprint-*.json")
    done = subprocess.run([sys.executable, "-c", _RAW, str(call), str(target)], check=True, capture_output=True,
                          text=True)
    pages = tuple(LaidOutPage(frozenset(page["anchors"]), page["footnotes"]) for page in json.loads(done.stdout))
    return json.loads(call.read_text("utf-8"))["html"], pages
