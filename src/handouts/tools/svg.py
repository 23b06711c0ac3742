"""SVG figures and covers parsed as XML and reduced to a safe subset, or refused with the line of what is unsafe."""
from __future__ import annotations

from dataclasses import dataclass

from ..load.policy import xml_parser

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XHTML_NS = "http://www.w3.org/1999/xhtml"
# What a static drawing needs. Everything else in the SVG namespace is left out of the published file
# (editors' metadata and the like); what can run script or fetch something is refused below.
ELEMENTS = {
    "svg", "g", "defs", "desc", "title", "symbol", "use", "switch", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "image", "a", "linearGradient", "radialGradient", "stop",
    "pattern", "clipPath", "mask", "marker", "filter", "style", "view",
    "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
    "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
    "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
}
# Elements that run script or rewrite the drawing (an animation can set an href to javascript:).
SCRIPTING = {"script", "foreignObject", "set", "animate", "animateMotion", "animateTransform", "discard",
             "handler", "listener"}
KEPT_NAMESPACED = {f"{{{XML_NS}}}space", f"{{{XML_NS}}}lang"}
REFERENCES = {"href", f"{{{XLINK_NS}}}href", "src"}
# Raster images an <image> may carry inside the file itself (a data: URL): they cannot run script.
DATA_IMAGES = ("data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp")
# CSS at-rules that only group rules (anything else, @import and @font-face first, can fetch).
CSS_GROUPS = {"media", "keyframes", "supports"}
# CSS functions whose arguments are addresses.
CSS_URL_FUNCTIONS = {"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade", "element"}
_HINT = "embed what the SVG shows in the SVG itself: no scripts, links to other files or web addresses"


@dataclass(eq=False)
class SvgRefused(Exception):
    """Why an SVG may not be published, and the line of the SVG where it is."""

    message: str
    code: str
    hint: str
    line: int | None = None

    def where(self) -> str:
        return f"{self.message} (line {self.line} of the SVG)" if self.line else self.message


def sanitized(data: bytes) -> bytes:
    """The SVG reduced to the elements and attributes of a static drawing; SvgRefused if it has unsafe parts."""
    from lxml import etree  # loaded only when an SVG is published

    root = _parse(data, etree)
    for node in list(root.iter()):
        _clean(node, etree)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def parsed(data: bytes):
    """The SVG's root element (lxml), parsed as `sanitized` parses it; SvgRefused if it cannot be."""
    from lxml import etree

    return _parse(data, etree)


def _parse(data: bytes, etree):
    """The SVG's root element; no DTD is read, no entity is expanded, nothing is fetched."""
    try:
        tree = etree.fromstring(data, xml_parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        if b"<!ENTITY" in data or b"<!DOCTYPE" in data:  # libxml2 gives up on some declarations
            raise SvgRefused("declares XML entities", "resource.svg-entities",
                             "remove the DOCTYPE and ENTITY declarations", exc.lineno) from None
        raise SvgRefused(f"is not a well-formed SVG file ({exc.msg})", "resource.type",
                         "export the image again as SVG", exc.lineno) from None
    declarations = tree.docinfo.internalDTD
    if declarations is not None and (list(declarations.iterentities()) or list(declarations.elements())):
        raise SvgRefused("declares XML entities", "resource.svg-entities",
                         "remove the DOCTYPE and ENTITY declarations", 1)
    root = tree.getroot()
    if root.tag != f"{{{SVG_NS}}}svg":
        raise SvgRefused("is not an SVG file (its root is not an <svg> element in the SVG namespace)",
                         "resource.type", "export the image again as SVG", root.sourceline)
    # The comments and processing instructions around the root (<?xml-stylesheet?>, say).
    for around in [*root.itersiblings(preceding=True), *root.itersiblings()]:
        _clean(around, etree)
    return root


def _clean(node, etree) -> None:
    """Check one node: refuse what is unsafe, leave out what a drawing does not need."""
    if not isinstance(node.tag, str):  # a comment or a processing instruction
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-stylesheet":
            raise SvgRefused("loads a stylesheet (<?xml-stylesheet?>)", "resource.svg-reference", _HINT,
                             node.sourceline)
        _remove(node)
        return
    namespace, _, name = node.tag[1:].partition("}") if node.tag.startswith("{") else ("", "", node.tag)
    if name in SCRIPTING or namespace == XHTML_NS:
        raise SvgRefused(f"has a <{name}> element, which can run script", "resource.svg-script", _HINT,
                         node.sourceline)
    if namespace != SVG_NS or name not in ELEMENTS:
        _remove(node)
        return
    for attribute, value in list(node.attrib.items()):
        _check_attribute(node, name, attribute, value)
    if name == "style":
        check_css(node.text or "", node.sourceline)


def _remove(node) -> None:
    """Take a node out of its tree, keeping the text that follows it."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def _check_attribute(node, element: str, attribute: str, value: str) -> None:
    local = attribute.rpartition("}")[2]
    if local.lower().startswith("on"):
        raise SvgRefused(f"has an event handler ({local}= on <{element}>), which runs script",
                         "resource.svg-script", _HINT, node.sourceline)
    if attribute in REFERENCES:
        _check_reference(node, element, value.strip())
    elif attribute.startswith("{") and attribute not in KEPT_NAMESPACED:
        del node.attrib[attribute]  # xml:base, editors' own attributes
        return
    check_css(value, node.sourceline, attribute=True)


def _check_reference(node, element: str, value: str) -> None:
    if value.startswith("#"):
        return
    if element in ("image", "feImage") and value.lower().startswith(DATA_IMAGES):
        return
    raise SvgRefused(f"refers to another file or address ('{value[:80]}')", "resource.svg-reference", _HINT,
                     node.sourceline)


def check_css(text: str, line: int | None, attribute: bool = False) -> None:
    """CSS (a <style> sheet, or a style or presentation attribute) that fetches nothing: no @import, no
    url() but a #fragment, whatever escapes spell them (`u\\72 l(` is url( to a browser, and to tinycss2)."""
    import tinycss2

    lowered = text.lower()
    if not any(word in lowered for word in ("url", "src", "image", "element", "@", "\\")):
        return  # nothing that could name an address (the common case: a path's d= or a color)
    nodes = (tinycss2.parse_component_value_list(text, skip_comments=True) if attribute
             else tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))
    _check_css_nodes(nodes, line or 1, at_rules=not attribute)


def _check_css_nodes(nodes, first_line: int, at_rules: bool) -> None:
    """Each rule, declaration and token, depth first without recursion; `first_line`: the SVG's line of the
    CSS text's first line."""
    stack = list(nodes)
    while stack:
        node = stack.pop()
        kind = getattr(node, "type", "")
        line = first_line + getattr(node, "source_line", 1) - 1
        if kind == "at-rule" and at_rules and node.lower_at_keyword not in CSS_GROUPS:
            raise SvgRefused(f"has a CSS @{node.lower_at_keyword} rule, which can load files",
                             "resource.svg-reference", _HINT, line)
        if kind == "url" and not node.value.strip().startswith("#"):
            raise SvgRefused(f"refers to another file or address in its CSS ('{node.value[:80]}')",
                             "resource.svg-reference", _HINT, line)
        if kind == "function" and node.lower_name in CSS_URL_FUNCTIONS:
            _check_css_function(node, line)
        for children in ("prelude", "content", "value", "arguments"):
            found = getattr(node, children, None)
            if isinstance(found, list):
                stack.extend(found)


def _check_css_function(node, line: int | None) -> None:
    """url("#a") may name a part of the drawing; any other address in such a function is refused."""
    strings = [a.value for a in node.arguments if getattr(a, "type", "") in ("string", "url")]
    if node.lower_name in ("url", "src") and strings and all(s.strip().startswith("#") for s in strings):
        return
    raise SvgRefused(f"refers to another file or address in its CSS ({node.lower_name}(...))",
                     "resource.svg-reference", _HINT, line)
