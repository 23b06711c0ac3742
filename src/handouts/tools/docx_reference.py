"""Tools stage: the reference document pandoc's DOCX writer takes its styles from, made from the brand."""
from __future__ import annotations

# pandoc's own reference.docx is the start (every style its writer names is there); python-docx gives its
# styles the brand's fonts, colors and sizes, and its one section the page size, a header with the short
# name and a footer with the page number. Nothing is kept in the repository: a rebrand changes the next
# build's document, which is cached by what it is made from.

import functools
import hashlib
import io
import os
from pathlib import Path

from ..load.brand import GENERIC_FAMILIES, ROLE_GENERIC, Brand
from . import pandoc_tool, wordml

GENERIC_FONTS = {"serif": "Times New Roman", "sans-serif": "Arial", "monospace": "Courier New"}
# Word's page sizes in twentieths of a point, width then height.
PAPER = {"letter": (12240, 15840), "a4": (11906, 16838)}
BASE_SIZE_PT = 11
HEADING_SIZES_PT = (20, 16, 13.5, 12, 11, 11, 11, 11, 11)


def reference_docx(brand: Brand, paper: str, cache: Path) -> Path:
    """The reference document for the brand and paper size, made once and kept in `cache`."""
    key = _key(brand, paper)
    path = cache / "docx" / f"reference-{key}.docx"
    if not path.is_file():
        data = _made(brand, paper)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(path)  # two workers making the same file: either copy is whole
    return path


def _key(brand: Brand, paper: str) -> str:
    """What the document is made from: the brand's name, colors, fonts and typography, the paper, pandoc's
    version (its default styles) and this module's code."""
    made_from = repr((brand.name_short, sorted(brand.colors.items()), brand.stacks, brand.typography,
                      [(f.family, len(f.files)) for f in brand.fonts], paper, pandoc_tool.version(),
                      Path(__file__).read_bytes()))
    return hashlib.sha256(made_from.encode("utf-8")).hexdigest()[:16]


@functools.cache
def _default_reference() -> bytes:
    """pandoc's own reference.docx, which its writer's styles all come from."""
    import subprocess

    return subprocess.run([pandoc_tool.pandoc_path(), "--print-default-data-file", "reference.docx"],
                          capture_output=True, check=True, timeout=60).stdout


def _made(brand: Brand, paper: str) -> bytes:
    import docx  # python-docx loads only when a DOCX is made

    document = docx.Document(io.BytesIO(_default_reference()))
    _style_text(document, brand)
    _style_title_block(document, brand)
    _style_headings(document, brand)
    _style_quotation_and_notes(document, brand)
    _page(document.sections[0], brand, paper)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def family(brand: Brand, role: str) -> str:
    """The family a text role is set in: the brand's own, else (none, or a CSS generic family such as
    `serif`, which Word knows no font by) the generic family's usual Word font."""
    own = brand.stacks.get(role, ())
    if own and own[0] not in GENERIC_FAMILIES:
        return own[0]
    return GENERIC_FONTS.get(own[0] if own else "", GENERIC_FONTS[ROLE_GENERIC.get(role, "serif")])


def _style_text(document, brand: Brand) -> None:
    """Body text in the brand's text font and color, at its line height; links in the link color; code in the
    monospace font."""
    styles = document.styles
    defaults = styles.element.find(_qn("w:docDefaults")).find(_qn("w:rPrDefault")).find(_qn("w:rPr"))
    _fonts(defaults, family(brand, "base"))
    _size(defaults, BASE_SIZE_PT)
    _color(_style(styles, "Normal"), brand.colors["foreground"])
    line_height = float(brand.typography.get("base", {}).get("line-height", "1.2"))
    # CSS line-height counts from the font size, Word's "multiple" from the font's own line (about 1.2 of it).
    _paragraph_spacing(_style(styles, "BodyText"), before=0, after=160, line=round(240 * line_height / 1.2))
    link = brand.typography.get("link", {})
    _color(_style(styles, "Hyperlink"), link.get("color", brand.colors["primary"]))
    _fonts(_rpr(_style(styles, "VerbatimChar")), family(brand, "monospace"))


def _style_title_block(document, brand: Brand) -> None:
    """Title, subtitle, authors and date: the headings' font, left-aligned as on the web edition."""
    styles, headings = document.styles, family(brand, "headings")
    for name, size, color in (("Title", 26, brand.colors["primary"]), ("Subtitle", 15, brand.colors["secondary"]),
                              ("Author", BASE_SIZE_PT, brand.colors["secondary"]),
                              ("Date", BASE_SIZE_PT, brand.colors["secondary"])):
        element = _style(styles, name)
        _fonts(_rpr(element), headings)
        _size(_rpr(element), size)
        _color(element, color)
        _justify(element, "left")
    _border(_style(styles, "Title"), "bottom", brand.colors["tertiary"], size=12)


def _style_headings(document, brand: Brand) -> None:
    headings = brand.typography.get("headings", {})
    color = headings.get("color", brand.colors["primary"])
    for level, size in enumerate(HEADING_SIZES_PT, start=1):
        element = _style(document.styles, f"Heading{level}")
        _fonts(_rpr(element), family(brand, "headings"))
        _size(_rpr(element), size)
        _color(element, color)
        _clear(_rpr(element), "w:i")  # pandoc's level 4 and beyond are italic; the brand's are not
        if int(headings.get("weight", "700")) >= 600:
            _child(_rpr(element), "w:b")


def _style_quotation_and_notes(document, brand: Brand) -> None:
    """Quotations with the accent rule beside them (as on the web and in print); notes smaller."""
    quotation = _style(document.styles, "BlockText")
    _border(quotation, "left", brand.colors["tertiary"], size=18)
    _color(quotation, brand.colors["foreground"])
    _size(_rpr(_style(document.styles, "FootnoteText")), 9)
    for name in ("Caption", "TableCaption", "ImageCaption"):
        _color(_style(document.styles, name), brand.colors["secondary"])
    _style_header_row(document, brand)


def _style_header_row(document, brand: Brand) -> None:
    """A table's header row in the headings' font, bold, over a rule in the accent color (the table style's
    first-row formatting, which every table pandoc writes has)."""
    first_row = next(part for part in _style(document.styles, "Table").iterchildren(_qn("w:tblStylePr"))
                     if part.get(_qn("w:type")) == "firstRow")
    rpr = _child(first_row, "w:rPr")
    _fonts(rpr, family(brand, "headings"))
    _child(rpr, "w:b")
    _color_run(rpr, brand.typography.get("headings", {}).get("color", brand.colors["primary"]))
    for edge in first_row.iter(_qn("w:bottom")):
        for name, value in (("w:sz", "8"), ("w:color", brand.colors["tertiary"].lstrip("#").upper())):
            edge.set(_qn(name), value)


def _page(section, brand: Brand, paper: str) -> None:
    """The page size, one-inch margins, the brand's short name in the header and the page number in the
    footer (pandoc keeps the reference document's header and footer)."""
    from docx.shared import Inches, Twips

    width, height = PAPER.get(paper, PAPER["letter"])
    section.page_width, section.page_height = Twips(width), Twips(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    header = section.header.paragraphs[0]
    run = header.add_run(brand.name_short)
    _fonts(run._r.get_or_add_rPr(), family(brand, "headings"))
    _color_run(run._r.get_or_add_rPr(), brand.colors["secondary"])
    footer = section.footer.paragraphs[0]
    _justify(footer._p, "center")
    footer._p.append(_page_field())


def _page_field():
    """A PAGE field, with 1 as the text a reader shows before it updates fields."""
    from docx.oxml import OxmlElement

    field = OxmlElement("w:fldSimple")
    field.set(_qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    return field


# -- WordprocessingML properties, set on python-docx's elements ---------------------------------

def _style(styles, style_id: str):
    """The style element of that id (pandoc names its styles by id; their display names vary)."""
    return next(style for style in styles.element.iterchildren(_qn("w:style"))
                if style.get(_qn("w:styleId")) == style_id)


def _qn(name: str) -> str:
    from docx.oxml.ns import qn

    return qn(name)


def _child(parent, name: str):
    """`parent`'s child `name` ("w:b"), added where the schema's order puts it when missing."""
    from docx.oxml import OxmlElement

    return wordml.child(parent, name.split(":")[1], lambda tag: OxmlElement(f"w:{wordml.local(tag)}"))


def _rpr(style_element):
    return _child(style_element, "w:rPr")


def _ppr(style_element):
    return _child(style_element, "w:pPr")


def _fonts(rpr, name: str) -> None:
    """All four scripts' fonts set to `name`, the theme's fonts (which win over named ones) dropped."""
    fonts = _child(rpr, "w:rFonts")
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(_qn(script), name)


def _size(rpr, points: float) -> None:
    for name in ("w:sz", "w:szCs"):
        _child(rpr, name).set(_qn("w:val"), str(round(points * 2)))


def _color(style_element, color: str) -> None:
    _color_run(_rpr(style_element), color)


def _color_run(rpr, color: str) -> None:
    element = _child(rpr, "w:color")
    for attribute in list(element.attrib):
        del element.attrib[attribute]  # themeColor and themeShade would win over the value
    element.set(_qn("w:val"), color.lstrip("#").upper())


def _clear(parent, name: str) -> None:
    for found in parent.findall(_qn(name)):
        parent.remove(found)


def _justify(element, value: str) -> None:
    ppr = element if element.tag == _qn("w:pPr") else _ppr(element)
    _child(ppr, "w:jc").set(_qn("w:val"), value)


def _paragraph_spacing(style_element, before: int, after: int, line: int) -> None:
    spacing = _child(_ppr(style_element), "w:spacing")
    for name, value in (("w:before", before), ("w:after", after), ("w:line", line)):
        spacing.set(_qn(name), str(value))
    spacing.set(_qn("w:lineRule"), "auto")


def _border(style_element, side: str, color: str, size: int) -> None:
    """A rule on one side of the paragraph, `size` in eighths of a point."""
    edge = _child(_child(_ppr(style_element), "w:pBdr"), f"w:{side}")
    for name, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "8"),
                        ("w:color", color.lstrip("#").upper())):
        edge.set(_qn(name), value)
