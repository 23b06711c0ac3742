"""Stage 6: Jinja2 templates from layouts/<kind>, falling back to layouts/base (autoescaped, strict)."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..load.licenses import license_of
from ..project import Project
from ..words import WORDS, is_rtl


def environment(project: Project) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(project.layouts),
        # Markup is escaped; CSS templates are not markup (their values are validated when loaded).
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "xhtml.j2", "xml.j2", "opf.j2"),
                                            default_for_string=True, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_compiled_templates(project),
    )
    env.filters["long_date"] = long_date
    env.filters["balanced"] = balanced  # <h1>{{ brief.title | balanced }}</h1>
    env.filters["css_string"] = css_string
    env.filters["rtl"] = is_rtl  # <html lang="{{ brief.lang }}"{% if brief.lang | rtl %} dir="rtl"{% endif %}>
    env.globals["pipeline_lang"] = pipeline_lang  # {% set ui_lang = pipeline_lang(brand, brief) %}
    env.filters["license"] = license_of  # {% set terms = license | license %}{{ terms.name }} {{ terms.url }}
    return env


def _compiled_templates(project: Project) -> jinja2.FileSystemBytecodeCache:
    """Templates compiled once, not at every build: Jinja checks each against its source, but not against the
    environment's options, so the folder is named by this file (where they are set) and Jinja's version."""
    folder = project.cache / "templates" / _options_digest()
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


@functools.cache
def _options_digest() -> str:
    return hashlib.sha256(Path(__file__).read_bytes() + jinja2.__version__.encode()).hexdigest()[:16]


def for_kind(env: jinja2.Environment, kind: str, name: str) -> jinja2.Template:
    """The kind's own template if it has one, else the shared one from layouts/base."""
    return env.select_template([f"{kind}/{name}", f"base/{name}"])


def pipeline_lang(brand, brief) -> str | None:
    """The brand's language when the brief is in another: the pipeline's own words (labels, dates) are in
    the brand's language, and marked so (WCAG 3.1.2)."""
    if brand.lang.split("-")[0].lower() != brief.lang.split("-")[0].lower():
        return brand.lang
    return None


def balanced(title: str) -> Markup:
    """The title with its last two words kept on one line, so that its last line never holds one word alone
    (WeasyPrint has no text-wrap: balance; the web's stylesheets ask for it too)."""
    words = title.split(" ")
    if len(words) < 3:
        return escape(title)
    return Markup("{} <span class=\"keep-together\">{} {}</span>").format(" ".join(words[:-2]), *words[-2:])


def long_date(value: dt.date) -> str:
    """A date as the web edition and the e-mail write it: "June 2, 2025" (the pipeline's English words)."""
    return WORDS["en"].date(value)


def css_string(value: str) -> str:
    """A CSS string literal holding `value`: quotes, backslashes, angle brackets and every control character
    (a carriage return or form feed would end the string too) as CSS escapes, `\\d `."""
    return '"' + "".join(f"\\{ord(c):x} " if c in _CSS_ESCAPED or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F else c
                         for c in value) + '"'


_CSS_ESCAPED = set('"\'\\<>')
