"""Tools stage: the package pandoc's DOCX writer made, finished part by part (parsed with lxml)."""
from __future__ import annotations

# pandoc embeds no fonts, writes an image's data: address as its description and dates the parts with
# the time of the call: here the brand's fonts are embedded (where their license allows, cut to the
# document's characters, obfuscated as Word wants them), each picture describes itself by its alt text,
# and the dates are the brief's, so that the same brief gives the same bytes.

import datetime as dt
import io
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

from lxml import etree

from ..load.brand import ROLE_GENERIC, Brand
from . import wordml
from .docx_reference import GENERIC_FONTS, family

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
      "dcterms": "http://purl.org/dc/terms/", "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the parts' own time says nothing
# Word's four faces of a family: (weight, italic) wanted for each.
FACES = {"embedRegular": (400, False), "embedBold": (700, False), "embedItalic": (400, True),
         "embedBoldItalic": (700, True)}
WORD_FAMILY_CLASS = {"serif": "roman", "sans-serif": "swiss", "monospace": "modern"}
# Kept in every embedded font beyond the document's own characters: what an editor types first.
TYPED = {*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2027), 0x20AC}


@dataclass(frozen=True)
class Facts:
    created: dt.date
    modified: dt.date
    brand: Brand
    text: str       # every character the document shows
    has_code: bool  # whether the monospace font is used


def finish(data: bytes, facts: Facts) -> bytes:
    """pandoc's package with fonts embedded, pictures described, dates fixed, written the same every time."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts["word/document.xml"] = _unsplit_rows(_described(parts["word/document.xml"]))
    for name in ("word/document.xml", "word/footnotes.xml"):
        if name in parts:
            parts[name] = _bidi_languages(parts[name])
    parts["docProps/core.xml"] = _dated(parts["docProps/core.xml"], facts)
    if "docProps/custom.xml" in parts:
        parts["docProps/custom.xml"] = _without_custom_properties(parts["docProps/custom.xml"])
    _embed_fonts(parts, facts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():  # [Content_Types].xml stays first, as readers expect
            package.writestr(zipfile.ZipInfo(name, ZIP_TIME), content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def note_count(data: bytes) -> int:
    """The document's footnotes (Word's separators, of negative or zero id, left out)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if "word/footnotes.xml" not in package.namelist():
            return 0
        notes = _parse(package.read("word/footnotes.xml"))
    return sum(int(note.get(_w("id"))) > 0 for note in notes.iterfind("w:footnote", NS))


def _parse(data: bytes):
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def _serialized(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _w(name: str) -> str:
    return f"{{{NS['w']}}}{name}"


def _described(document: bytes) -> bytes:
    """Each picture's own description (pandoc writes its address there, a data: address here) set to the
    drawing's alt text, which a screen reader reads."""
    root = _parse(document)
    for drawing in root.iterfind(".//wp:inline", NS):
        alt = drawing.find("wp:docPr", NS)
        for picture in drawing.iterfind(".//pic:cNvPr", NS):
            picture.set("descr", alt.get("descr", "") if alt is not None else "")
    return _serialized(root)


def _unsplit_rows(document: bytes) -> bytes:
    """Each table row kept on one page (pandoc lets a row break across pages, its cells cut in two)."""
    root = _parse(document)
    for row in root.iterfind(".//w:tr", NS):
        wordml.child(wordml.child(row, "trPr", etree.Element), "cantSplit", etree.Element)
    return _serialized(root)


def _bidi_languages(part: bytes) -> bytes:
    """A right-to-left run's language also as its complex-script language (w:bidi), the one Word checks
    spelling and chooses Arabic or Hebrew forms by; pandoc writes only w:val."""
    root = _parse(part)
    for properties in root.iterfind(".//w:rPr", NS):
        language = properties.find("w:lang", NS)
        if properties.find("w:rtl", NS) is not None and language is not None and language.get(_w("val")):
            language.set(_w("bidi"), language.get(_w("val")))
    return _serialized(root)


def _without_custom_properties(custom: bytes) -> bytes:
    """pandoc writes every metadata field that is no core property here: the citation settings, with the
    paths of the machine that built the file (its bibliography, its style) that a partner must not see."""
    root = _parse(custom)
    for prop in list(root):
        root.remove(prop)
    return _serialized(root)


def _dated(core: bytes, facts: Facts) -> bytes:
    root = _parse(core)
    for name, date in (("created", facts.created), ("modified", facts.modified)):
        element = root.find(f"dcterms:{name}", NS)
        if element is not None:
            element.text = f"{date.isoformat()}T00:00:00Z"
    return _serialized(root)


# -- fonts -------------------------------------------------------------------------------------

def _embed_fonts(parts: dict[str, bytes], facts: Facts) -> None:
    """The brand's text, headings (and, with code, monospace) families in word/fontTable.xml, each named
    with its generic fallback and, where its license allows, embedded."""
    table = _parse(parts["word/fontTable.xml"])
    relationships = etree.Element(f"{{{NS['rel']}}}Relationships", nsmap={None: NS["rel"]})
    names = {role: family(facts.brand, role) for role in ("base", "headings")}
    if facts.has_code:
        names["monospace"] = family(facts.brand, "monospace")
    script = _script_family(facts)
    if script and script not in names.values():
        names["script"] = script
        parts["word/styles.xml"] = _with_script_font(parts["word/styles.xml"], script)
    codepoints = {ord(c) for c in facts.text} | TYPED
    for name, role in {name: role for role, name in reversed(names.items())}.items():  # a family once, its first role
        entry = _font_entry(table, name, role)
        brand_family = next((f for f in facts.brand.fonts if f.family == name and f.files), None)
        if brand_family is not None:  # else a system font, or none of the brand's: named, not embedded
            _embed_faces(entry, brand_family, codepoints, parts, relationships)
    parts["word/fontTable.xml"] = _serialized(table)
    if len(relationships):
        parts["word/_rels/fontTable.xml.rels"] = _serialized(relationships)
        parts["[Content_Types].xml"] = _with_font_type(parts["[Content_Types].xml"])
        parts["word/settings.xml"] = _embedding_settings(parts["word/settings.xml"])


def _embed_faces(entry, brand_family, codepoints: set[int], parts: dict[str, bytes], relationships) -> None:
    """Each of Word's four faces the family has, cut to `codepoints`, as an obfuscated part of the package."""
    for element, (weight, italic) in FACES.items():
        source = _face(brand_family, weight, italic)
        if source is None or not _embeddable(source):
            continue
        number = len(relationships) + 1
        key = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"handouts-font:{brand_family.family}:{element}")).upper() + "}"
        parts[f"word/fonts/font{number}.odttf"] = _obfuscated(_subset(source, codepoints), key)
        etree.SubElement(relationships, f"{{{NS['rel']}}}Relationship", Id=f"rIdFont{number}",
                         Type=FONT_RELATIONSHIP, Target=f"fonts/font{number}.odttf")
        embed = etree.SubElement(entry, _w(element))
        embed.set(f"{{{NS['r']}}}id", f"rIdFont{number}")
        embed.set(_w("fontKey"), key)


def _script_family(facts: Facts) -> str | None:
    """The brand's family for the letters the text font lacks (the Arabic face for an Arabic passage), which
    Word and LibreOffice set complex scripts in; None when the text font has every letter."""
    from .fonts import characters

    base = next((f for f in facts.brand.fonts if f.family == family(facts.brand, "base") and f.files), None)
    letters = {ord(c) for c in facts.text if unicodedata.category(c)[0] in "LM"}
    missing = letters - (characters(base.files[0].path) if base else frozenset())
    scored = [(len(missing & characters(f.files[0].path)), f.family) for f in facts.brand.fonts
              if f.files and f is not base]
    best = max(scored, default=(0, None))
    return best[1] if best[0] else None


def _with_script_font(styles: bytes, name: str) -> bytes:
    root = _parse(styles)
    for fonts in root.iterfind("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS):
        fonts.set(_w("cs"), name)
    return _serialized(root)


def _font_entry(table, name: str, role: str):
    """The font table's entry for `name`, made (with its fallback and class) when pandoc's has none."""
    entry = next((f for f in table.iterfind("w:font", NS) if f.get(_w("name")) == name), None)
    if entry is None:
        entry = etree.SubElement(table, _w("font"))
        entry.set(_w("name"), name)
    generic = ROLE_GENERIC.get(role, "serif")
    for child in list(entry):
        entry.remove(child)  # its children come in the schema's order: alternative, class, pitch, then faces
    etree.SubElement(entry, _w("altName")).set(_w("val"), GENERIC_FONTS[generic])
    etree.SubElement(entry, _w("family")).set(_w("val"), WORD_FAMILY_CLASS[generic])
    etree.SubElement(entry, _w("pitch")).set(_w("val"), "fixed" if generic == "monospace" else "variable")
    return entry


def _face(brand_family, weight: int, italic: bool):
    """The family's file closest to the face: the same style, the nearest weight (bold: 600 or more)."""
    files = [f for f in brand_family.files if (f.style == "italic") == italic]
    if weight >= 700:
        files = [f for f in files if f.weight >= 600]
    if not files:
        return None
    return min(files, key=lambda f: abs(f.weight - weight)).path


def _embeddable(source) -> bool:
    """Whether the font's license (its OS/2 fsType) allows embedding it in a document others edit."""
    from fontTools.ttLib import TTFont

    from .fonts import sfnt_path

    with TTFont(str(sfnt_path(source)), lazy=True) as font:
        fs_type = font["OS/2"].fsType if "OS/2" in font else 0
    restricted, bitmap_only, preview_only = 0x0002, 0x0200, 0x0004
    return not fs_type & (restricted | bitmap_only | preview_only)


def _subset(source, codepoints: set[int]) -> bytes:
    from .fonts import subset

    return subset(source, codepoints)


def _obfuscated(font: bytes, key: str) -> bytes:
    """ECMA-376's font obfuscation: the first 32 bytes XORed with the key's 16 bytes, read from its end."""
    secret = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(font[i] ^ secret[i % 16] for i in range(32))
    return head + font[32:]


def _with_font_type(types: bytes) -> bytes:
    root = _parse(types)
    if not any(d.get("Extension") == "odttf" for d in root.iterfind("ct:Default", NS)):
        default = etree.Element(f"{{{NS['ct']}}}Default", Extension="odttf", ContentType=OBFUSCATED_FONT)
        root.insert(0, default)
    return _serialized(root)


def _embedding_settings(settings: bytes) -> bytes:
    """Word shows embedded fonts only when the settings say they are there (and that they are subsets)."""
    root = _parse(settings)
    for name in ("embedTrueTypeFonts", "saveSubsetFonts"):
        wordml.child(root, name, etree.Element)
    return _serialized(root)
