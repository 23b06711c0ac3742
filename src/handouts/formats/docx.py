"""Format stage: the editable edition, dist/<slug>/<slug>.docx, from the brief's AST and the brand's styles."""
from __future__ import annotations

import json

from ..atomic import atomic_write
from ..document.markdown import line_of, citation_arguments
from ..tools import docx_package, pandoc_tool
from ..tools.docx_reference import reference_docx
from ..words import voice
from . import docx_ast
from .base import Page, output_path
from .covers import svg_png

# Raw HTML's text stays (only its tags go, as the sanitizer would have them go); any other raw passage
# (```{=openxml}``` above all, which pandoc would copy into the document as it is) is said.
QUIET_RAW_FORMATS = ("html", "html5", "html4")
SVG_WIDTH_PX = 1600  # a figure drawn about 5 inches wide at 300 pixels per inch: sharp in print


class DocxRenderer:
    name = "docx"

    def render(self, page: Page) -> dict:
        brief, project = page.brief, page.project
        ast = json.loads(page.fragment.ast)
        prepared = docx_ast.prepare(ast, _context(page))
        ast["meta"].update(metadata(page))
        _report(prepared, page)
        reference = reference_docx(page.brand, brief.paper, project.cache)
        args = ["--from=json", "--to=docx", f"--reference-doc={reference}", *citation_arguments(brief, project),
                f"--lua-filter={pandoc_tool.data_file('calls.lua')}"]
        written, warnings = pandoc_tool.run_binary(json.dumps(ast), args, cwd=brief.folder)
        for warning in warnings:
            if not warning.startswith("Citeproc"):  # the web edition's pass said those already
                page.problems.warning(f"pandoc (DOCX): {warning}", "docx.pandoc", brief.body_line)
        finished = docx_package.finish(written, _package_facts(page, ast))
        atomic_write(output_path(project, brief.slug, self.name), finished)
        return {"notes": docx_package.note_count(finished)}


def _context(page: Page) -> docx_ast.Context:
    brand = page.brand
    return docx_ast.Context(folder=page.brief.folder, resources=page.fragment.resources,
                            address=brand.url_for(page.brief.slug), url_for=brand.url_for,
                            draw_svg=lambda data: svg_png(data, SVG_WIDTH_PX, brand))


def _report(prepared: docx_ast.Prepared, page: Page) -> None:
    brief = page.brief
    for raw_format in dict.fromkeys(prepared.raw_formats):
        if raw_format.lower() not in QUIET_RAW_FORMATS:
            page.problems.warning(f"raw {raw_format} is left out of the DOCX", "docx.raw",
                                  line_of(brief, f"{{={raw_format}}}"),
                                  hint="write it in Markdown: a raw passage is copied into the file as it is")
    for target in prepared.images_left_out:  # the document stage has said why (an error) unless it is raw
        page.problems.warning(f"image '{target}' is left out of the DOCX (its alt text stays)", "docx.image",
                              line_of(brief, target), hint="use an image file in the brief's folder")
    for target, why in prepared.undrawn:
        page.problems.warning(f"image '{target}' could not be converted to PNG for the DOCX ({why}); its alt text "
                              "stays", "docx.image", line_of(brief, target), hint="export it as PNG")


def metadata(page: Page) -> dict:
    """The title block and the document's properties, as pandoc's metadata: title, subtitle, authors, date,
    subject (the summary), keywords (the topics), language."""
    brief, brand = page.brief, page.brand
    dates = voice(brief.lang, page.brand.lang).words.dates(brief.date, brief.updated)
    meta = {"title": _inlines(brief.title), "date": _inlines(dates), "subject": _inlines(brief.summary),
            "author": {"t": "MetaList", "c": [_inlines(a.name) for a in brief.authors] or [_inlines(brand.name_full)]},
            "keywords": {"t": "MetaList", "c": [_inlines(topic) for topic in brief.topics]},
            "lang": {"t": "MetaString", "c": brief.lang}}
    if brief.subtitle:
        meta["subtitle"] = _inlines(brief.subtitle)
    return meta


def _inlines(text: str) -> dict:
    """Plain text as pandoc's metadata inlines (words and spaces), never read as Markdown."""
    words: list[dict] = []
    for word in text.split(" "):
        if words:
            words.append({"t": "Space"})
        if word:
            words.append({"t": "Str", "c": word})
    return {"t": "MetaInlines", "c": words}


def _package_facts(page: Page, ast: dict) -> docx_package.Facts:
    brief = page.brief
    return docx_package.Facts(
        created=brief.date, modified=brief.updated or brief.date, brand=page.brand,
        text=" ".join([_text_of(ast["blocks"]), brief.title, brief.subtitle or "", brief.summary,
                       page.brand.name_short, *(a.name for a in brief.authors)]),
        has_code=_has_code(ast["blocks"]))


def _text_of(node) -> str:
    """Every character of the AST's text (the fonts are cut to them)."""
    if isinstance(node, list):
        return "".join(_text_of(item) for item in node)
    if isinstance(node, dict):
        if node.get("t") in ("Str", "Code", "CodeBlock"):
            value = node["c"]
            return value if isinstance(value, str) else value[-1]
        return " " if node.get("t") == "Space" else _text_of(node.get("c"))
    return ""


def _has_code(node) -> bool:
    if isinstance(node, list):
        return any(_has_code(item) for item in node)
    return isinstance(node, dict) and (node.get("t") in ("Code", "CodeBlock") or _has_code(node.get("c")))
