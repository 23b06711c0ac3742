"""The generated CSS read with a CSS parser (tinycss2, WeasyPrint's own): empty values and var() that nothing defines."""
from __future__ import annotations

import tinycss2

_RULE_LISTS = {"media", "supports", "layer", "container"}  # at-rules holding rules, not declarations


def declarations(css: str) -> list[tuple[str, list]]:
    """Every (property, value tokens) of the stylesheet, inside @media, @page and its margin boxes too."""
    found: list[tuple[str, list]] = []
    _walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True), found)
    return found


def _walk(rules, found: list) -> None:
    for rule in rules:
        if rule.type not in ("qualified-rule", "at-rule") or rule.content is None:
            continue
        if rule.type == "at-rule" and rule.lower_at_keyword in _RULE_LISTS:
            _walk(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), found)
            continue
        for item in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
            if item.type == "declaration":
                found.append((item.name, item.value))
            elif item.type in ("at-rule", "qualified-rule"):
                _walk([item], found)


def empty_values(css: str) -> list[str]:
    """'color: ' for each declaration whose value is nothing (WeasyPrint: "Ignored 'color: ', no value")."""
    return [f"{name}: " for name, value in declarations(css)
            if all(token.type in ("whitespace", "comment") for token in value)]


def undefined_variables(css: str) -> list[str]:
    """The custom properties var() reads without a fallback that no declaration of the stylesheet defines."""
    defined = {name for name, _value in declarations(css) if name.startswith("--")}
    used: list[str] = []
    for _name, value in declarations(css):
        _variables(value, used)
    return sorted(set(used) - defined)


def _variables(tokens, used: list[str]) -> None:
    for token in tokens:
        if token.type == "function":
            arguments = [t for t in token.arguments if t.type not in ("whitespace", "comment")]
            has_fallback = any(t.type == "literal" and t.value == "," for t in arguments)
            if token.lower_name == "var" and arguments and arguments[0].type == "ident" and not has_fallback:
                used.append(arguments[0].value)
            _variables(token.arguments, used)
        elif token.type in ("() block", "[] block", "{} block"):
            _variables(token.content, used)


def rule(css: str, selector: str) -> dict[str, str]:
    """The declarations (property -> value as written) of the top-level rules whose selector is `selector`."""
    found: dict[str, str] = {}
    for item in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if item.type == "qualified-rule" and tinycss2.serialize(item.prelude).strip() == selector:
            for declaration in tinycss2.parse_blocks_contents(item.content, skip_comments=True, skip_whitespace=True):
                if declaration.type == "declaration":
                    found[declaration.name] = tinycss2.serialize(declaration.value).strip()
    return found
