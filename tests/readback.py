"""A PDF read back as a reader checks it: on each page, the note calls in the text against the notes at its foot.

Independent of the build's own check (which uses the destinations it writes): calls are the small raised
numbers in the headings font's semibold (print.css sets them at 0.67rem, about 7pt; a figure's source line, as
small, is in its regular weight), notes start with their marker
"N. " at 8pt, in the same font's semibold."""
from __future__ import annotations

import re
from collections import Counter

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


def words(path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words as poppler places them: (left, top, right, bottom, text), in points from the top left."""
    import subprocess
    from xml.etree import ElementTree

    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    return [[(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
             for w in page.iterfind(".//x:word", ns)] for page in ElementTree.fromstring(out).iterfind(".//x:page", ns)]


def body_lines(path) -> list[str]:
    """The lines of body text that run the full measure, column by column: lines of the body's size (the height most
    of the document's words have), a line cut where a gap wider than a word space opens (between two columns), each
    followed one line below, at the same starting edge (the left, or the right in a right-to-left text), by another
    (a paragraph's last line, which stops where its words end, is left out)."""
    pages = words(path)
    height = Counter(round(bottom - top, 1) for page in pages for _l, top, _r, bottom, _t in page).most_common(1)[0][0]
    segments = [_segments(page, height) for page in pages]
    pitch = Counter(round(below[0] - line[0], 1) for page in segments for line, below in _columns(page)).most_common(1)
    return [line[3] for page in segments for line, below in _columns(page) if abs(below[0] - line[0] - pitch[0][0]) < 0.5]


def _segments(page_words, height) -> list[tuple[float, float, float, str]]:
    """The page's lines of the body's size, (baseline, left edge, right edge, text), a line cut in two where its
    words are a column gap apart. A line is the words whose tops are within a point of each other, not only those of
    one bottom: in Arabic, a word with a period in it is set partly in another font, its box less deep."""
    lines: list[list] = []
    for word in sorted(page_words, key=lambda w: w[1]):
        if lines and word[1] - lines[-1][0][1] < 1.0:
            lines[-1].append(word)
        else:
            lines.append([word])
    found = []
    for line in lines:
        sizes = Counter(round(w[3] - w[1], 1) for w in line)
        if sizes.most_common(1)[0][0] != height:
            continue  # a heading, a note, a caption
        baseline = max(w[3] for w in line if round(w[3] - w[1], 1) == height)
        line.sort()
        start = 0
        for n in range(1, len(line) + 1):
            if n == len(line) or line[n][0] - line[n - 1][2] > 1.5 * height:
                found.append((baseline, line[start][0], line[n - 1][2], " ".join(w[4] for w in line[start:n])))
                start = n
    return found


def _columns(segments):
    """Each line with the next one below it that starts at the same edge, left or right."""
    for n, line in enumerate(segments):
        below = next((other for other in segments[n + 1:]
                      if abs(other[1] - line[1]) < 0.5 or abs(other[2] - line[2]) < 0.5), None)
        if below:
            yield line, below


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


def raw_weasyprint(record, target, then_css=None) -> tuple[str, tuple]:
    """Render the one WeasyPrint call recorded in `record` (HANDOUTS_RECORD) with WeasyPrint alone into `target`,
    with the stylesheet file `then_css` after the layouts' if given: its HTML, and its pages as WeasyPrint laid
    them out."""
    import json
    import subprocess
    import sys

    from handouts.tools.weasy import LaidOutPage

    (call,) = record.glob("weasyprint-*.json")
    if then_css:
        recorded = json.loads(call.read_text("utf-8"))
        recorded["css"]["files"].append(str(then_css))
        call = target.with_suffix(".json")
        call.write_text(json.dumps(recorded), "utf-8")
    done = subprocess.run([sys.executable, "-c", _RAW, str(call), str(target)], check=True, capture_output=True,
                          text=True)
    pages = tuple(LaidOutPage(frozenset(page["anchors"]), page["footnotes"]) for page in json.loads(done.stdout))
    return json.loads(call.read_text("utf-8"))["html"], pages
