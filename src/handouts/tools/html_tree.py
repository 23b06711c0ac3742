"""Tools stage: an HTML fragment as an lxml tree (libxml2's HTML5 tokenizer), parsed once and written back whole."""
from __future__ import annotations


def parse(fragment: str):
    """The fragment's nodes under one <div> (its text before the first element kept as the div's text)."""
    import lxml.html  # imported here: a build with every brief up to date does not pay for it

    return lxml.html.fragment_fromstring(fragment, create_parent="div")


def serialize(root) -> str:
    """What `parse` read, as HTML: the wrapper's text and children, not the wrapper. A no-break space is
    written `&nbsp;`, as the sanitizer writes it: seen in the source, not mistaken for a space."""
    import lxml.html

    html = (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return html.replace("\u00a0", "&nbsp;")


def body_text(document: str) -> str:
    """The text a whole HTML document's body shows (its <head> and its tags left out)."""
    import lxml.html

    return " ".join(lxml.html.document_fromstring(document).body.itertext())


def text_of(element) -> str:
    """An element's text as read, its runs of white space one space."""
    return " ".join(element.text_content().split())


def classes(element) -> list[str]:
    """The element's classes (none for a comment)."""
    return (element.get("class") or "").split() if isinstance(element.tag, str) else []


def replace(old, new) -> None:
    """`new` in `old`'s place, with the text that followed `old` (lxml's replace drops it)."""
    new.tail = old.tail
    old.getparent().replace(old, new)


def remove(element, text: str = "") -> None:
    """The element and what it holds removed (replaced by plain `text`), the text that followed it kept."""
    parent, previous, tail = element.getparent(), element.getprevious(), text + (element.tail or "")
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
