"""The WeasyPrint wrapper: one place for its import, fonts, URL policy, logs and PDF options."""
from __future__ import annotations

import functools
import logging
import mimetypes
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

MAX_FETCH_BYTES = 20 * 1024 * 1024
SLOW_SUBSETTER = "Using fontTools instead of HarfBuzz-Subset"  # its warning without libharfbuzz-subset0
_AT_LINE = re.compile(r"\bat (\d+):(\d+)")
_INTEGER = re.compile(r"\s*([+-]?\d+)")  # an HTML integer attribute (start, value), as browsers read one
_LIST_NUMBERING = {"ol": ("start", "counter-reset: list-item {}; counter-increment: list-item -1"),
                   "li": ("value", "counter-reset: list-item {}; counter-increment: none")}


@functools.cache
def weasyprint():
    """WeasyPrint, imported once per process (the import alone costs about a second)."""
    import weasyprint as module

    return module


def version() -> str:
    return weasyprint().__version__


@functools.cache
def font_config():
    """One FontConfiguration per process: a new one per render costs 0.3-0.4 s."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# What a process's first render pays once: the hyphenation dictionary, cffi's parse of the C declarations it
# uses, Pango's first fonts (about 0.25 s). The fork server pays it before forking a worker (build/warm.py).
_WARM_HTML = ('<html lang="en"><body><h1>Warm</h1><p style="hyphens: auto">A paragraph long enough to be '
              'hyphenated, with <a href="#x">a link</a> and <em>emphasis</em>.</p></body></html>')


def warm() -> None:
    """A short tagged paragraph laid out and written, so that the process's next render starts warm. Its font
    configuration is the process's own: it has no font files yet, so a forked worker adds its own."""
    document = weasyprint().HTML(string=_WARM_HTML).render(font_config=font_config(), **PDF_OPTIONS)
    document.write_pdf(**PDF_OPTIONS)


@dataclass
class Captured:
    """What WeasyPrint logged, and the URLs the policy refused, during one step."""

    messages: list[tuple[str, str]] = field(default_factory=list)  # (level, message)
    refused: list[str] = field(default_factory=list)


class _ListHandler(logging.Handler):
    def __init__(self, captured: Captured):
        super().__init__(logging.WARNING)
        self.captured = captured

    def emit(self, record: logging.LogRecord) -> None:
        self.captured.messages.append((record.levelname.lower(), record.getMessage()))


@contextmanager
def capture_logs(captured: Captured):
    """Collect WeasyPrint's warnings and errors instead of letting them reach the terminal."""
    logger = logging.getLogger("weasyprint")
    handler = _ListHandler(captured)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield captured
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def position(message: str) -> tuple[int | None, int | None]:
    """The 'at LINE:COL' a CSS message names, if any."""
    match = _AT_LINE.search(message)
    return (int(match.group(1)), int(match.group(2))) if match else (None, None)


def fetcher(allowed_roots: list[Path], captured: Captured):
    """A URL fetcher that reads only regular files under `allowed_roots` (folders, or single files such as the
    brand's logos and fonts) and data: URLs; no network."""
    urls = weasyprint().urls

    class PolicyFetcher(urls.URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file" and not parts.netloc:
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(root) for root in allowed_roots) and path.is_file() \
                        and path.stat().st_size <= MAX_FETCH_BYTES:
                    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return urls.URLFetcherResponse(url, path.read_bytes(), {"Content-Type": media_type})
            captured.refused.append(url)
            raise ValueError(f"refused by the resource policy: {url}")

    return PolicyFetcher(allowed_protocols={"file", "data"}, fail_on_errors=False)


def stylesheet(captured: Captured, url_fetcher, *, filename: Path | None = None, string: str | None = None,
               base_url: str | None = None):
    """A parsed CSS stylesheet; its parse warnings land in `captured`.

    WeasyPrint files a stylesheet's @counter-style rules in the dictionary it is given, not in the
    stylesheet, and a document knows only the one passed to `render`: each sheet keeps its own here, as
    `counter_styles`, and `render_pdf` hands the document those of all its sheets."""
    from weasyprint.css.counters import CounterStyle

    counter_styles = CounterStyle()
    with capture_logs(captured):
        sheet = weasyprint().CSS(filename=str(filename) if filename else None, string=string, base_url=base_url,
                                 url_fetcher=url_fetcher, font_config=font_config(), counter_style=counter_styles)
    sheet.counter_styles = counter_styles
    return sheet


@functools.lru_cache(maxsize=16)  # the brand's, and each layout stylesheet of the kinds
def shared_stylesheet(text: str, base_url: str, fetcher_roots: tuple[Path, ...]):
    """A stylesheet of ours parsed once per process (parsing registers its @font-face fonts, which is slow), and
    what parsing it logged and refused, for each brief it styles to report."""
    captured = Captured()
    sheet = stylesheet(captured, fetcher(list(fetcher_roots), captured), string=text, base_url=base_url)
    return sheet, captured


@functools.cache
def tag_languages() -> bool:
    """Make WeasyPrint's structure tree carry the language of parts: /Lang on elements with a `lang` attribute.

    WeasyPrint 70 sets /Lang on the catalog only, so a screen reader would read an Arabic passage with the
    document's voice. Its tree builder sees each box and its HTML element; we wrap it (its recursive calls
    go through the module's name, so through the wrapper) and copy an element's own `lang` onto the
    structure elements of its boxes. Anonymous boxes share their parent's element but add no element of
    their own meaning, so they are left alone. False when a WeasyPrint release no longer has that builder:
    `invoke validate` then reports the unmarked passages (pdf.lang-parts).
    """
    import pydyf  # WeasyPrint's PDF writer
    from weasyprint.css import AnonymousStyle
    from weasyprint.pdf import tags

    build = getattr(tags, "_build_box_tree", None)
    if build is None:
        return False

    def build_with_languages(box, *args):
        lang = None
        if box.element is not None and box.element_tag not in ("html", "body") \
                and not isinstance(box.style, AnonymousStyle):
            lang = (box.element.get("lang") or "").strip()
        for element in build(box, *args):
            if lang:
                element["Lang"] = pydyf.String(lang)
            yield element

    tags._build_box_tree = build_with_languages
    return True


# When a line overflows the page but breaking before it would leave an orphan, WeasyPrint 70 moves the notes
# already set on the page to the next page to make room (layout/block.py, `_linebox_layout`), then sets that
# line without laying out its own notes: in the backgrounder, note 7 went to the next page and note 8 to no
# page at all. That branch is skipped in multi-column layout (`context.in_column`), where the line is broken
# by the widows and orphans rules alone, which is what a page needs too: so lines are laid out as if in a
# column, while the footnote area still takes its room from the page (`_update_footnote_area` reads
# `in_column` for that). A line whose note does not fit still moves with its note (`footnote-policy: line`).
# The only other reads of `in_column` below a line are the break rules of an inline-block's own blocks, where
# `break-before: column` would then count as a page break: our layouts use no columns.
# False when a WeasyPrint release no longer has these functions: the build's read-back of the PDF then
# reports any note off its call's page (pdf.note-page).
@functools.cache
def keep_notes_with_calls() -> bool:
    """Stop WeasyPrint from moving notes away from their calls, and from dropping notes (see above)."""
    from weasyprint.layout import LayoutContext, block

    linebox_layout = getattr(block, "_linebox_layout", None)
    update_area = getattr(LayoutContext, "_update_footnote_area", None)
    if linebox_layout is None or update_area is None:
        return False

    def lines_without_moving_notes(context, *args, **kwargs):
        if hasattr(context, "handouts_in_column"):  # a line inside an inline-block inside a line
            return linebox_layout(context, *args, **kwargs)
        context.handouts_in_column, context.in_column = context.in_column, True
        try:
            return linebox_layout(context, *args, **kwargs)
        finally:
            context.in_column = context.handouts_in_column
            del context.handouts_in_column

    def update_with_real_column(self):
        if not hasattr(self, "handouts_in_column"):
            return update_area(self)
        pretended, self.in_column = self.in_column, self.handouts_in_column
        try:
            return update_area(self)
        finally:
            self.in_column = pretended

    block._linebox_layout = lines_without_moving_notes
    LayoutContext._update_footnote_area = update_with_real_column
    return True


RANGE = "-range"  # a named string whose name ends so is shown as the range of its page's values
SECTION = "section"  # what a range shows on a page with none of its values in force: the section (print.css)


@functools.cache
def name_ranges() -> bool:
    """`string(provision-range)` names the range of the page: from the value in force at its top to the last one
    set on it ("Article 7-9"), or the one value ("Article 8") where CSS's `start` and `last` would say "8-8".
    A value set empty (at a part's heading) is in force until the next: the part's first article opens the range.
    A page with none in force (the contents, a preamble, a part's opening page) shows the section in force."""
    from weasyprint.layout import LayoutContext

    string_for = getattr(LayoutContext, "get_string_set_for", None)
    if string_for is None:
        return False  # the head then shows the value at the top of the page alone

    def with_ranges(self, page, name, keyword="first"):
        if not name.endswith(RANGE):
            return string_for(self, page, name, keyword)
        # In force at the top of the page, then each value set on it; an empty one (a new part) ends the last
        values = [v for v in (*string_for(self, page, name, "start"), *string_for(self, page, name, "all-once")) if v]
        return (span(values[0], values[-1]),) if values else string_for(self, page, SECTION, "start")

    LayoutContext.get_string_set_for = with_ranges
    return True


def span(first: str, last: str) -> str:
    """Two labels as a range: "Article 7" and "Article 9" as "Article 7–9", one label when they are the same."""
    if first == last:
        return first
    word, _space, rest = last.partition(" ")
    shared = rest and first.split(" ", 1)[0] == word
    return f"{first}–{rest if shared else last}"


@dataclass(frozen=True)
class LaidOutPage:
    """What a page holds, from WeasyPrint's layout (no need to read the PDF back)."""

    anchors: frozenset[str]  # the ids of the elements set on the page (its destinations)
    footnotes: dict[str, str]  # id -> the text shown, of each element with an id in the page's footnote area


# Rendering and writing each take the options: layout needs the tags, the writer the variant.
PDF_OPTIONS = dict(pdf_variant="pdf/ua-1", pdf_tags=True)


def lay_out(html: str, base_url: str, stylesheets: list, url_fetcher, captured: Captured, language: str | None = None):
    """`html` laid out into WeasyPrint's pages, tagged, not yet written (a packet binds the pages of several).
    `language`: marked on the document's top-level parts, for a PDF whose catalog /Lang is another document's."""
    module = weasyprint()
    tag_languages()
    keep_notes_with_calls()
    name_ranges()
    counter_styles = _counter_styles(stylesheets)
    with capture_logs(captured):
        parsed = module.HTML(string=html, base_url=base_url, url_fetcher=url_fetcher)
        number_lists(parsed)
        if language:
            mark_parts(parsed, language)
        return parsed.render(font_config=font_config(), counter_style=counter_styles, stylesheets=stylesheets,
                             **PDF_OPTIONS)


def write_pdf(document, identifier: bytes, captured: Captured) -> bytes:
    """A laid-out document's tagged PDF/UA-1 bytes, with a stable /ID."""
    with capture_logs(captured), _font_timestamps_fixed():
        return document.write_pdf(pdf_identifier=identifier, **PDF_OPTIONS)


def laid_out(document) -> tuple[LaidOutPage, ...]:
    """Each page of a rendered WeasyPrint document: its anchors, and the footnotes its footnote area shows."""
    return tuple(LaidOutPage(frozenset(page.anchors), _footnotes(page)) for page in document.pages)


def fill(page) -> float:
    """The share of a laid-out page's height its content and notes take (0 to 1), read from its page box (an
    internal of WeasyPrint's layout, as _footnotes is): its notes' area, and down to the last box in flow."""
    from weasyprint.formatting_structure import boxes

    box = page._page_box
    top, height = box.content_box_y(), box.height
    used = sum(child.margin_height() for child in box.children if isinstance(child, boxes.FootnoteAreaBox))
    for child in box.children:
        if isinstance(child, boxes.BlockBox) and not isinstance(child, boxes.FootnoteAreaBox):
            used += max(0.0, _content_bottom(child) - top)
    return min(1.0, used / height) if height else 1.0


def _content_bottom(box) -> float:
    """Where the last in-flow box laid out inside `box` ends (its own height may be stretched to the page's)."""
    from weasyprint.formatting_structure import boxes

    children = [child for child in getattr(box, "children", ()) if isinstance(child, boxes.Box)
                and not child.is_absolutely_positioned() and not child.is_floated()]
    if not children or not isinstance(box, boxes.BlockContainerBox) or isinstance(box.children[-1], boxes.LineBox):
        return box.position_y + box.margin_height()
    return _content_bottom(children[-1])


def _footnotes(page) -> dict[str, str]:
    from weasyprint.formatting_structure import boxes

    # The page box's children are its content, its footnote area and its margin boxes (an internal of WeasyPrint's
    # layout, as keep_notes_with_calls is): a note is printed on a page when its box is in that page's area.
    areas = [box for box in page._page_box.children if isinstance(box, boxes.FootnoteAreaBox)]
    shown: dict[str, str] = {}
    for box in (box for area in areas for box in area.descendants()):
        ident = box.element.get("id") if box.element is not None and box.element_tag else None
        if ident and ident not in shown and isinstance(box, boxes.ParentBox):
            shown[ident] = "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox))
    return shown


@contextmanager
def _font_timestamps_fixed():
    """Without libharfbuzz-subset0, WeasyPrint subsets fonts with fontTools, which stamps each subset's
    `head.modified` with the time of the build (so the PDF's bytes changed from one build to the next)
    unless SOURCE_DATE_EPOCH is set: set it, to the user's value if they gave one, while the PDF is written."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = previous or "0"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]


def number_lists(parsed) -> None:
    """Make WeasyPrint count an <ol start="3"> from 3 and an <li value="5"> as 5, as browsers do.

    WeasyPrint reads `start` and `value` only with its presentational hints, and those are author rules that
    beat our stylesheets (user rules, for WeasyPrint) everywhere: img width/height attributes over our sizes,
    ol[type] over our list markers. So the parsed document gets, on those elements alone, the style the hints
    would give (the UA rules of CSS Lists 3); `type` is styled in layouts/base/lists.css."""
    for element in parsed.etree_element.iter():
        attribute, rule = _LIST_NUMBERING.get(element.tag, (None, None))
        if attribute is None:
            continue
        match = _INTEGER.match(element.get(attribute) or "")
        if match:
            rule = rule.format(int(match.group(1)))
            style = element.get("style")
            element.set("style", f"{style}; {rule}" if style else rule)


def mark_parts(parsed, language: str) -> None:
    """`lang` on each child of <body> that has none: tag_languages writes it as /Lang on their structure elements
    (WeasyPrint writes <html>'s only as the catalog's, which in a packet is the cover's)."""
    for body in parsed.etree_element.iter("body"):
        for part in body:
            if isinstance(part.tag, str) and not part.get("lang"):
                part.set("lang", language)


def _counter_styles(stylesheets: list):
    """The @counter-style rules of all `stylesheets` (later sheets win, as in the cascade)."""
    from weasyprint.css.counters import CounterStyle

    merged = CounterStyle()
    for sheet in stylesheets:
        merged.update(getattr(sheet, "counter_styles", {}))
    return merged
