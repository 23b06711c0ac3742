"""A brief's structure from pandoc's AST (JSON): the links it makes and the anchors it offers, never code's text."""
from __future__ import annotations

import json
from dataclasses import dataclass

from ..tools import html_tree, pandoc_tool
from ..load.brief import Brief
from .reading import count_words

# The levels of pandoc's JSON a body may nest (the samples reach 17; 60 lists in lists, 186): past it, the
# formats' walks of the tree (Python's, lxml's) would stop at the interpreter's recursion limit.
MAX_DEPTH = 250

# Where each element of pandoc's JSON keeps its attributes (id, classes, key-values), by element type.
_ATTR_AT = {"Header": 1, "Div": 0, "Span": 0, "CodeBlock": 0, "Code": 0, "Link": 0, "Image": 0, "Table": 0,
            "Figure": 0}


@dataclass(frozen=True)
class Structure:
    links: tuple[str, ...]   # every link target, in the order the text makes them, once each
    ids: frozenset[str]      # every anchor: headings, {#id}, raw HTML ids, notes, the references
    blocks: frozenset[str] = frozenset()  # the classes of its fenced divs (::: {.key-points})
    words: int = 0  # the words a reader reads: its text, not code, notes, citation keys or image descriptions
    citations: tuple[str, ...] = ()  # the keys it cites ([@key]), in order, once each


class TooDeep(pandoc_tool.PandocError):
    """A body nested deeper than any format can write (quotations in quotations, lists in lists, hundreds deep)."""

    code = "body.too-deep"
    hint = "nest quotations, lists and divs a few levels deep at most"

    def said(self) -> str:
        return str(self)


def read(brief: Brief, arguments: list[str]) -> tuple[Structure, str, tuple[str, ...]]:
    """The brief's body read by pandoc with the reader `arguments` (its Lua filter too): the structure, the
    AST as JSON (what every format is written from) and the reader's warnings."""
    result = pandoc_tool.run(brief.body, [*arguments, "--to=json"], cwd=brief.folder)
    try:
        document = json.loads(result.output)
    except RecursionError:
        document = None
    if document is None or depth(document) > MAX_DEPTH:
        raise TooDeep(f"the body is nested more than {MAX_DEPTH} levels deep")
    return of_ast(document), result.output, result.warnings


def depth(node) -> int:
    """The levels of a JSON value, counted without recursion."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def of_ast(document: dict) -> Structure:
    links: list[str] = []
    ids: set[str] = set()
    cites: list[str] = []
    notes = _walk(document["blocks"], links, ids, cites)
    ids |= {f"{prefix}{n}" for n in range(1, notes + 1) for prefix in ("fn", "fnref")}  # pandoc's note anchors
    return Structure(tuple(dict.fromkeys(links)), frozenset(ids), frozenset(_div_classes(document["blocks"])),
                     count_words("".join(read_text(document["blocks"]))), tuple(dict.fromkeys(cites)))


# What a reader does not read as the brief's text, and the blocks whose ends are word breaks.
_NOT_READ = {"Code", "CodeBlock", "RawInline", "RawBlock", "Note", "Cite", "Image", "Math"}
_BREAKS = {"Para", "Plain", "Header", "BlockQuote", "OrderedList", "BulletList", "DefinitionList", "Div", "Table",
           "Figure", "LineBlock", "Space", "SoftBreak", "LineBreak"}
_BREAK = object()


def read_text(node) -> list[str]:
    """The text of a node of pandoc's JSON as a reader reads it, in pieces, a space at each word break. Only
    Str elements hold text: other strings (addresses, ids, classes, formats) are not read."""
    pieces: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if item is _BREAK:
            pieces.append(" ")
        elif isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict) and item.get("t") not in _NOT_READ:
            if item.get("t") == "Str":
                pieces.append(item["c"])
            elif isinstance(item.get("c"), list):
                stack.extend([_BREAK, item["c"], _BREAK] if item["t"] in _BREAKS else [item["c"]])
            elif item.get("t") in _BREAKS:
                pieces.append(" ")
    return pieces


def _div_classes(node) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_div_classes(item) for item in node)) if node else set()
    if not isinstance(node, dict) or node.get("t") != "Div":
        return _div_classes(node.get("c")) if isinstance(node, dict) and isinstance(node.get("c"), list) else set()
    return set(node["c"][0][1]) | _div_classes(node["c"][1])


def _walk(node, links: list[str], ids: set[str], cites: list[str]) -> int:
    """Collect links, ids and citation keys under `node`; the number of footnotes found."""
    if isinstance(node, list):
        return sum(_walk(item, links, ids, cites) for item in node)
    if not isinstance(node, dict) or "t" not in node:
        return 0
    kind, content = node["t"], node.get("c")
    if kind in _ATTR_AT and content[_ATTR_AT[kind]][0]:
        ids.add(content[_ATTR_AT[kind]][0])
    if kind == "Link":
        links.append(content[2][0])
    elif kind == "Cite":
        cites.extend(citation["citationId"] for citation in content[0])
    elif kind in ("RawInline", "RawBlock") and content[0] == "html":
        _raw_html(content[1], links, ids)
    if kind in ("Code", "CodeBlock", "RawInline", "RawBlock", "Str"):
        return 0  # text, not structure
    return (kind == "Note") + _walk(content, links, ids, cites)


def _raw_html(text: str, links: list[str], ids: set[str]) -> None:
    """The links and ids of raw HTML the brief writes (<a href="#x">, <span id="y">), read by an HTML parser."""
    root = html_tree.parse(text)
    for tag in root.iterdescendants():
        if not isinstance(tag.tag, str):
            continue  # a comment
        if tag.get("id"):
            ids.add(tag.get("id"))
        if tag.tag == "a" and tag.get("href") is not None:
            links.append(tag.get("href"))
