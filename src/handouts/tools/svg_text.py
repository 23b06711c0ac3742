"""Tools stage (SVG): how large a drawing sets its text, read from the SVG parsed as XML (tools/svg.py)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from .svg import SVG_NS, parsed

# CSS lengths in CSS pixels (the SVG's user unit when nothing scales it).
UNITS = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4,
         "q": 96 / 101.6}
# CSS's absolute font-size keywords (medium is the default of an SVG viewed alone), and the relative ones.
KEYWORDS = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0, "x-large": 24.0,
            "xx-large": 32.0, "xxx-large": 48.0}
RELATIVE = {"smaller": 1 / 1.2, "larger": 1.2}
DEFAULT_SIZE = KEYWORDS["medium"]
TEXT = {"text", "tspan", "textPath"}
# What is drawn only where something else uses it (a <use>, a clip, a fill): its text is not set where it is.
NOT_DRAWN = {"defs", "symbol", "clipPath", "mask", "pattern", "marker", "title", "desc", "style"}


@dataclass(frozen=True)
class TextSize:
    """One run of text: its size in the units of the drawing's viewBox, the SVG's line and its words."""

    size: float
    line: int | None
    words: str


@dataclass(frozen=True)
class Drawing:
    """What sets a drawing's printed scale: its viewBox's width and its own width (None: as wide as the
    column), in CSS pixels, its height over its width, and its smallest text."""

    units_wide: float
    width_px: float | None
    aspect: float
    smallest: TextSize | None


def drawing(data: bytes) -> Drawing | None:
    """The drawing's geometry and its smallest text; None when it has no viewBox or width to scale by."""
    root = parsed(data)
    box = _view_box(root.get("viewBox"))
    width_px, height_px = _length(root.get("width")), _length(root.get("height"))
    if box is None and width_px and height_px:
        box = (width_px, height_px)
    if box is None or box[0] <= 0 or box[1] <= 0:
        return None
    aspect = height_px / width_px if width_px and height_px else box[1] / box[0]
    sizes = list(_text_sizes(root))
    return Drawing(box[0], width_px, aspect, min(sizes, key=lambda t: t.size) if sizes else None)


def _text_sizes(root):
    """Each run of text drawn, with its font size inherited down the tree and scaled by the transforms."""
    sheet = _sheet_font_sizes(root)
    stack = [(root, DEFAULT_SIZE, 1.0)]
    while stack:
        node, parent_size, parent_scale = stack.pop()
        name = _local(node)
        if name is None or name in NOT_DRAWN:
            continue
        size = font_size(_declared_font_size(node, sheet), parent_size)
        scale = parent_scale * transform_scale(node.get("transform") or "")
        words = _own_words(node) if name in TEXT else ""
        if words:
            yield TextSize(size * scale, node.sourceline, words)
        stack.extend((child, size, scale) for child in reversed(node))


def _local(node) -> str | None:
    if not isinstance(node.tag, str) or not node.tag.startswith(f"{{{SVG_NS}}}"):
        return None
    return node.tag.rpartition("}")[2]


def _own_words(node) -> str:
    """The text the element itself sets (its children's is theirs, the text after a child is its own)."""
    pieces = [node.text or ""] + [child.tail or "" for child in node]
    return " ".join(" ".join(pieces).split())


def _declared_font_size(node, sheet: dict) -> str | None:
    """The element's font-size as the cascade gives it: its style attribute, then the drawing's <style>
    sheets, then its font-size attribute (presentation attributes come last)."""
    style = node.get("style")
    if style and "font" in style:
        import tinycss2

        declared = _size_declaration(tinycss2.parse_blocks_contents(style, skip_comments=True,
                                                                    skip_whitespace=True))
        if declared is not None:
            return declared
    return sheet.get(node, node.get("font-size"))


def _sheet_font_sizes(root) -> dict:
    """The font-size each element gets from the drawing's <style> sheets (an editor's `.st0 {font-size: 8px}`):
    the most specific rule's, the last of equals."""
    sheets = [node.text or "" for node in root.iter(f"{{{SVG_NS}}}style")]
    if not any("font" in sheet for sheet in sheets):
        return {}
    import cssselect2
    import tinycss2

    matcher = cssselect2.Matcher()
    for sheet in sheets:
        for rule in tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True):
            size = _size_declaration(tinycss2.parse_blocks_contents(rule.content, skip_comments=True,
                                                                    skip_whitespace=True)) \
                if rule.type == "qualified-rule" else None
            for selector in _selectors(rule.prelude, cssselect2) if size is not None else ():
                matcher.add_selector(selector, size)
    found = {}
    for element in cssselect2.ElementWrapper.from_xml_root(root).iter_subtree():
        matches = [match for match in matcher.match(element) if match[2] is None]  # no ::pseudo-elements
        if matches:
            found[element.etree_element] = max(matches, key=lambda match: match[:2])[3]
    return found


def _selectors(prelude, cssselect2) -> list:
    try:
        return list(cssselect2.compile_selector_list(prelude))
    except cssselect2.SelectorError:  # a selector a renderer would skip as well
        return []


def _size_declaration(declarations) -> str | None:
    """The size a declaration list sets: its last font-size, or the size in a `font` shorthand
    (`font: bold 12px/1.2 sans-serif`: the first length, percentage or size keyword)."""
    import tinycss2

    size = None
    for declaration in declarations:
        name = getattr(declaration, "lower_name", "")
        if name == "font-size":
            size = tinycss2.serialize(declaration.value).strip()
        elif name == "font":
            sizes = [token for token in declaration.value if token.type in ("dimension", "percentage")
                     or token.type == "ident" and token.lower_value in KEYWORDS]
            size = tinycss2.serialize(sizes[:1]) or size
    return size


def font_size(value: str | None, parent: float) -> float:
    """A CSS font-size in user units, `parent` being the inherited size (for em, %, smaller, inherit)."""
    text = (value or "").strip().lower().removesuffix("!important").strip()
    if not text or text in ("inherit", "unset", "revert"):
        return parent
    if text in KEYWORDS:
        return KEYWORDS[text]
    if text in RELATIVE:
        return parent * RELATIVE[text]
    number, unit = _split_number(text)
    if number is None:
        return parent  # an invalid value is ignored, as a renderer ignores it
    if unit in ("em", "%", "rem", "ex"):
        return number * {"em": parent, "%": parent / 100, "rem": DEFAULT_SIZE, "ex": parent / 2}[unit]
    return number * UNITS[unit] if unit in UNITS else parent


def transform_scale(transform: str) -> float:
    """How much a transform attribute enlarges what it draws: the square root of its matrix's determinant
    (a rotation keeps the size, scale(2) doubles it, scale(2, 0.5) keeps the area)."""
    if not transform.strip():
        return 1.0
    import tinycss2

    determinant = 1.0
    for token in tinycss2.parse_component_value_list(transform, skip_comments=True):
        if getattr(token, "type", "") != "function":
            continue
        numbers = [float(a.value) for a in token.arguments if getattr(a, "type", "") == "number"]
        determinant *= _determinant(token.lower_name, numbers)
    return math.sqrt(abs(determinant))


def _determinant(name: str, numbers: list[float]) -> float:
    if name == "scale" and numbers:
        return numbers[0] * (numbers[1] if len(numbers) > 1 else numbers[0])
    if name == "matrix" and len(numbers) == 6:
        return numbers[0] * numbers[3] - numbers[1] * numbers[2]
    return 1.0  # translate, rotate and skews keep the area


def _split_number(text: str) -> tuple[float | None, str]:
    """'12.5px' as (12.5, 'px'), read by tinycss2 as a CSS dimension."""
    import tinycss2

    tokens = [t for t in tinycss2.parse_component_value_list(text) if getattr(t, "type", "") != "whitespace"]
    if len(tokens) != 1 or tokens[0].type not in ("number", "dimension", "percentage"):
        return None, ""
    token = tokens[0]
    unit = token.lower_unit if token.type == "dimension" else {"number": "", "percentage": "%"}[token.type]
    return float(token.value), unit


def _length(value: str | None) -> float | None:
    """An absolute length attribute (width="800", width="5in") in CSS pixels; None for a percentage or none."""
    if not value:
        return None
    number, unit = _split_number(value)
    return number * UNITS[unit] if number is not None and unit in UNITS and number > 0 else None


def _view_box(value: str | None) -> tuple[float, float] | None:
    """The viewBox's width and height (its four numbers are separated by spaces or commas)."""
    try:
        numbers = [float(n) for n in (value or "").replace(",", " ").split()]
    except ValueError:
        return None
    return (numbers[2], numbers[3]) if len(numbers) == 4 else None
