"""YAML parsing for front matter and the brand: nodes with line marks, no tags run, no aliases."""
from __future__ import annotations

from dataclasses import dataclass

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_YAML_BYTES = 64 * 1024
MAX_DEPTH = 32

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}


@dataclass
class YamlError(Exception):
    """A problem in the YAML text, at a 1-based line and column of that text."""

    message: str
    code: str
    line: int | None = None
    col: int | None = None
    hint: str | None = None
    first: int | None = None  # a duplicate key's first line, in the same lines as `line`

    def moved(self, offset: int) -> str:
        """The message for lines counted `offset` lines further down (front matter in a file)."""
        if self.first is None:
            return self.message
        return self.message.replace(f"(first on line {self.first})", f"(first on line {self.first + offset})")


class _Composer(yaml.SafeLoader):
    """Composes nodes only (never constructs objects) and refuses aliases."""

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            mark = self.peek_event().start_mark
            raise YamlError(
                "YAML aliases ('*name') are not allowed", "yaml.alias",
                mark.line + 1, mark.column + 1,
                "write the value out in full instead of referring to an anchor",
            )
        return super().compose_node(parent, index)


def parse(text: str, duplicates: list[YamlError] | None = None) -> Node | None:
    """Compose `text` into a node tree, checked for size, tags, depth and duplicate keys. With a `duplicates`
    list, a duplicate key goes there (the first of the two counts) instead of stopping the parse."""
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise YamlError(f"YAML block is larger than {MAX_YAML_BYTES // 1024} KB", "yaml.too-large",
                        1, None, "move long content into the body of the document")
    loader = _Composer(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc) from None
    except RecursionError:
        raise YamlError("YAML is nested too deeply", "yaml.too-deep", 1) from None
    finally:
        loader.dispose()
    if root is not None:
        _check_tree(root, 0, duplicates)
    return root


def _text_after_closing(text: str, before: str, line: int | None, col: int | None) -> YamlError:
    """A value that goes on after its closing quote mark or bracket: the whole value, quoted, as the hint."""
    key, _, value = text.partition(":")
    value = value.strip()
    if value[:1] in ("\"", "'") and value[-1:] == value[:1]:
        value = value[1:-1]
    quoted = "'" + value.replace("'", "''") + "'"
    if before.rstrip().endswith(("]", "}")):
        return YamlError("text goes on after a closing bracket: [ and { begin a list or a set of keys",
                         "yaml.syntax", line, col, f"put the value in quotes: `{key.strip()}: {quoted}`")
    return YamlError("text goes on after the closing quote mark", "yaml.unclosed-quote", line, col,
                     f"put the whole value in single quotes, with each ' in it written '': "
                     f"`{key.strip()}: {quoted}`")


def _syntax_error(exc: yaml.MarkedYAMLError) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    problem = (exc.problem or "").strip()
    lines = mark.buffer.rstrip("\0").split("\n") if mark and isinstance(mark.buffer, str) else []
    text = lines[mark.line] if mark and mark.line < len(lines) else ""
    before = text[:mark.column] if mark else ""
    if "'\\t'" in problem:
        if before.strip():
            return YamlError("tab character in a value", "yaml.tab", line, col,
                             "replace the tab with a space (and separate the items of a list with commas: [a, b])")
        return YamlError("tab character in YAML indentation", "yaml.tab", line, col,
                         "indent with spaces, never tabs")
    if problem == "mapping values are not allowed here" and mark and mark.line > 0:
        previous = lines[mark.line - 1]
        if not text[:1].isspace() and previous.strip() and ":" not in previous and not previous.lstrip().startswith(("#", "-")):
            key, _, value = previous.strip().partition(" ")
            return YamlError(f"no ':' after the key '{key}'", "yaml.syntax", mark.line, 1,
                             f"write `{key}: {value.strip()}`" if value.strip() else f"write `{key}: ...`")
        if text[:1].isspace():
            return YamlError(f"'{text.strip().split(':')[0]}' is indented, but the line before does not end with ':'",
                             "yaml.syntax", line, 1, "start the key at the beginning of the line; indent only "
                             "the lines under a key that ends with ':'")
    if "found '<scalar>'" in problem and before.rstrip().endswith(("\"", "'", "]", "}")):
        return _text_after_closing(text, before, line, col)
    if "quoted scalar" in (exc.context or "") and exc.context_mark:
        mark = exc.context_mark
        return YamlError("quoted text is never closed", "yaml.unclosed-quote", mark.line + 1, mark.column + 1,
                         "end the text with the same quote mark it starts with, on the same line")
    context = f" {exc.context}" if exc.context else ""
    return YamlError(f"YAML syntax error: {problem}{context}", "yaml.syntax", line, col,
                     "check quotes, colons and indentation; quote a value that contains ': ' or starts with a symbol")


def _check_tree(node: Node, depth: int, duplicates: list[YamlError] | None = None) -> None:
    if depth > MAX_DEPTH:
        raise YamlError("YAML is nested too deeply", "yaml.too-deep", *where(node))
    if node.tag not in _STANDARD_TAGS:
        raise YamlError(f"YAML tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed",
                        "yaml.tag", *where(node), "remove the tag; plain values are enough")
    if isinstance(node, ScalarNode):
        _check_text(node)
    if isinstance(node, SequenceNode):
        for item in node.value:
            _check_tree(item, depth + 1, duplicates)
    elif isinstance(node, MappingNode):
        seen: dict[str, int] = {}
        kept = []
        for key, value in node.value:
            _check_tree(key, depth + 1, duplicates)
            _check_tree(value, depth + 1, duplicates)
            if isinstance(key, ScalarNode):
                if key.value in seen:
                    error = YamlError(f"duplicate key '{key.value}' (first on line {seen[key.value]})",
                                      "yaml.duplicate-key", *where(key), "keep one of the two", seen[key.value])
                    if duplicates is None:
                        raise error
                    duplicates.append(error)
                    continue
                seen[key.value] = key.start_mark.line + 1
            kept.append((key, value))
        node.value = kept


def _check_text(node: ScalarNode) -> None:
    """A value that no file can hold: a NUL (a path ends there for the system) or a lone surrogate (no UTF-8
    for it), both only reachable through a quoted escape such as "\\0" or "\\ud800"."""
    for index, char in enumerate(node.value):
        if char == "\0" or "\ud800" <= char <= "\udfff":
            escape = ascii(char)[1:-1]
            raise YamlError(f"a value holds {escape}, which is not text (character {index + 1} of the value)",
                            "yaml.not-text", *where(node),
                            "write the character itself, or remove the escape (past U+FFFF: \\U and 8 digits)")


def where(node: Node) -> tuple[int, int]:
    """1-based line and column of a node."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def to_python(node: Node):
    """Plain Python values (str, int, float, bool, None, list, dict) of an already-checked node."""
    constructor = yaml.SafeLoader("")
    try:
        return constructor.construct_document(node)
    finally:
        constructor.dispose()
