"""Stage 5b: the figure lint: an SVG figure's smallest text at its printed width and on a phone (figure.small-text)."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from ..load.brief import Brief
from ..problems import Problems
from ..project import Project
from ..tools import svg_text

MIN_PRINT_PT = 7.0
MIN_PHONE_PX = 11.0
PHONE_VIEWPORT_PX = 390  # a common phone's width in CSS pixels
PHONE_MARGINS_PX = 2 * 20  # web.css: .wrap { padding-inline: 1.25rem }, each side
PAPER_WIDTH_PT = {"letter": 8.5 * 72, "a4": 210 / 25.4 * 72}
PX_PER_PT = 96 / 72


@dataclass(frozen=True)
class PrintBox:
    """Where the print edition sets a figure: the text block's width and a figure's greatest height (pt)."""

    width: float
    max_height: float | None


def check_text_size(data: bytes, raw: str, brief: Brief, project: Project, problems: Problems,
                    line: int) -> None:
    """A warning when the SVG's smallest text prints under 7 pt or shows under 11 px on a 390 px phone."""
    drawing = svg_text.drawing(data)
    if drawing is None or drawing.smallest is None:
        return
    box = print_box(project.layouts, brief.kind, brief.paper)
    points = drawing.smallest.size * printed_width_pt(drawing, box) / drawing.units_wide
    pixels = drawing.smallest.size * phone_width_px(drawing) / drawing.units_wide
    if points >= MIN_PRINT_PT and pixels >= MIN_PHONE_PX:
        return
    needed = drawing.smallest.size * max(MIN_PRINT_PT / points, MIN_PHONE_PX / pixels)
    words = drawing.smallest.words if len(drawing.smallest.words) <= 40 else drawing.smallest.words[:39] + "…"
    where = f", line {drawing.smallest.line} of the SVG" if drawing.smallest.line else ""
    problems.warning(
        f"figure '{raw}' sets text at {points:.1f} pt in print and {pixels:.1f} px on a phone "
        f"('{words}'{where}): under {MIN_PRINT_PT:g} pt or {MIN_PHONE_PX:g} px it is too small to read",
        "figure.small-text", line,
        hint=f"make that text at least {needed:.1f} units high (the drawing is {drawing.units_wide:g} units wide), "
             "or draw the figure narrower with fewer words per label, so it is scaled down less")


def printed_width_pt(drawing: svg_text.Drawing, box: PrintBox) -> float:
    """The figure's printed width: its own width, the text block's, or what its greatest height allows."""
    widths = [box.width]
    if drawing.width_px:
        widths.append(drawing.width_px / PX_PER_PT)
    if box.max_height:
        widths.append(box.max_height / drawing.aspect)
    return min(widths)


def phone_width_px(drawing: svg_text.Drawing) -> float:
    """The figure's width on a 390 px phone: the column's, or its own when it is narrower."""
    column = PHONE_VIEWPORT_PX - PHONE_MARGINS_PX
    return min(column, drawing.width_px) if drawing.width_px else column


def print_box(layouts: Path, kind: str, paper: str) -> PrintBox:
    """The text column and a figure's greatest height from the layout's print stylesheets (base, then the
    kind's, which wins): the page's left and right margins, `.brief-body`'s (the side column) and its
    `columns`, and `figure img { max-width; max-height }`."""
    sizes: dict[str, float] = {}
    for sheet in (layouts / "base" / "print.css", layouts / kind / "print.css"):
        if sheet.is_file():
            sizes.update(_sheet_sizes(sheet.read_text(encoding="utf-8")))
    page = PAPER_WIDTH_PT.get(paper, PAPER_WIDTH_PT["letter"]) - sizes.get("page-left", 0) - sizes.get("page-right", 0)
    body = page - sizes.get("body-left", 0) - sizes.get("body-right", 0)
    columns = max(1, int(sizes.get("columns", 1)))
    width = (body - (columns - 1) * sizes.get("column-gap", 12.0)) / columns  # CSS's normal gap is 1em
    return PrintBox(min(width, sizes.get("max-width", width)), sizes.get("max-height"))


@functools.lru_cache(maxsize=32)  # by the sheet's text: an edited layout is read again (invoke serve)
def _sheet_sizes(css: str) -> tuple[tuple[str, float], ...]:
    """The sizes print_box needs from one sheet, in points: `@page { margin }` (of every page, not :first or a
    named page) as page-left/right, `.brief-body`'s margins as body-left/right with its columns and column-gap,
    and `figure img`'s max-width/height: (("page-left", 61.2), ...)."""
    import tinycss2

    sizes: dict[str, float] = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        prelude = " ".join(tinycss2.serialize(getattr(rule, "prelude", None) or []).split())
        if rule.type == "at-rule" and rule.lower_at_keyword == "page" and not prelude and rule.content:
            sizes.update(_margins(rule.content, "page-"))
        elif rule.type == "qualified-rule" and prelude == ".brief-body":
            sizes.update(_margins(rule.content, "body-"))
            sizes.update(_columns(rule.content))
        elif rule.type == "qualified-rule" and prelude == "figure img":
            sizes.update(_lengths_of(rule.content, ("max-width", "max-height")))
    return tuple(sizes.items())


def _columns(content) -> dict[str, float]:
    """A rule's column count (`columns` or `column-count`) and `column-gap`."""
    sizes = _lengths_of(content, ("column-gap",))
    for name, value in _declarations(content):
        if name in ("columns", "column-count"):
            counts = [token.value for token in value if token.type == "number" and token.is_integer]
            sizes["columns"] = float(counts[0]) if counts else 1.0
    return sizes


def _lengths_of(content, names: tuple[str, ...]) -> dict[str, float]:
    """The first absolute length of each of a rule's declarations named in `names`, in points."""
    return {name: _lengths(value)[0] for name, value in _declarations(content) if name in names and _lengths(value)}


def _margins(content, prefix: str) -> dict[str, float]:
    """The left and right margins a rule's declarations set (`margin` shorthand or longhands), in points."""
    margins: dict[str, float] = {}
    for name, value in _declarations(content):
        sides = _lengths(value)
        if name == "margin" and sides:
            margins[prefix + "right"] = sides[1 % len(sides)]
            margins[prefix + "left"] = sides[{1: 0, 2: 1, 3: 1, 4: 3}[len(sides)]]
        elif name in ("margin-left", "margin-right") and sides:
            margins[prefix + name.removeprefix("margin-")] = sides[0]
    return margins


def _declarations(content):
    import tinycss2

    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            yield item.lower_name, item.value


def _lengths(value) -> list[float]:
    """The absolute lengths of a declaration's value, in points (a percentage or `auto` is none)."""
    out = []
    for token in value:
        if token.type == "dimension" and token.lower_unit in svg_text.UNITS:
            out.append(token.value * svg_text.UNITS[token.lower_unit] / PX_PER_PT)
        elif token.type == "number" and token.value == 0:
            out.append(0.0)
        elif token.type not in ("whitespace", "comment"):
            return []
    return out
