"""Stage 3: a brief's source validated into a frozen Brief (fields, their lines, the body)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Mapping

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import pasted
from . import source as source_text
from . import csl
from ..tools import svg
from .bibliography import read_bibliography
from .discover import SLUG, Source, slugify
from ..editions import FORMATS, default_formats
from ..words import WORDS
from .frozen import FrozenMap, freeze
from .policy import HARD_LINK_HINT, PATH_HINT, control_characters, is_hard_linked, written_path_refusal
from ..problems import Problem, Problems, closest, did_you_mean
from ..project import Project
from .yamlsafe import YamlError, parse, to_python, where

KINDS = ("brief", "factsheet", "backgrounder", "update", "reference")
KIND_LABELS = WORDS["en"].kinds  # as the pipeline's words name them in English
STATUSES = ("draft", "published")
PAPERS = ("letter", "a4")
# What `invoke new` writes for the writer to replace: under each section, and as the summary (the text lint
# reports either once the brief is published).
PLACEHOLDER = "Write this section."


def placeholder_summary(kind: str) -> str:
    """The summary a new brief of `kind` starts with."""
    return f"One or two sentences for the catalogue: what this {kind} says and for whom."
TOC_BY_DEFAULT = ("brief", "reference")
SUMMARY_MAX = 400
BIBLIOGRAPHY_SUFFIXES = (".json", ".bib", ".yaml", ".yml")
FIELDS = ("title", "subtitle", "date", "updated", "kind", "summary", "authors", "topics", "lang",
          "status", "cover", "bibliography", "csl", "toc", "paper", "formats", "license", "source", "aliases",
          "translation_of", "source_version", "extra")
REQUIRED = ("title", "date", "kind", "summary")
_TEXT_FIELDS = ("title", "subtitle", "summary", "license")  # printed as written: curly quotes would show
LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ASCII_SPACES = re.compile(r"[ \t\r\n]+")
_KIND_OF = {SequenceNode: "a list", MappingNode: "a set of keys", ScalarNode: "text"}
# Keys other tools use, and the field each means here: "did you mean" by meaning, not only by spelling.
ALIASES = {"tags": "topics", "tag": "topics", "topic": "topics", "categories": "topics", "category": "topics",
           "keywords": "topics", "author": "authors", "description": "summary", "abstract": "summary",
           "excerpt": "summary", "language": "lang", "locale": "lang", "published": "date", "pubdate": "date",
           "publishdate": "date", "lastmod": "updated", "modified": "updated", "type": "kind", "layout": "kind",
           "image": "cover", "thumbnail": "cover", "references": "bibliography", "bib": "bibliography",
           "format": "formats", "output": "formats", "url": "source", "link": "source", "rights": "license",
           "licence": "license", "copyright": "license", "papersize": "paper", "draft": "status",
           "alias": "aliases", "redirects": "aliases", "old_slugs": "aliases", "translation": "translation_of",
           "translated_from": "translation_of", "original": "translation_of", "version": "source_version",
           "source_hash": "source_version"}
# What `invoke translations` prints as a source's version: a short hash of its text (load/translations.py).
VERSION = re.compile(r"^[0-9a-f]{10}\Z")
# What a writer may write in 'lang' instead of a language tag.
LANGUAGE_NAMES = {"english": "en", "french": "fr", "francais": "fr", "français": "fr", "spanish": "es",
                  "espanol": "es", "español": "es", "arabic": "ar", "russian": "ru", "chinese": "zh",
                  "german": "de", "deutsch": "de", "portuguese": "pt", "italian": "it", "dutch": "nl",
                  "ukrainian": "uk", "japanese": "ja", "korean": "ko", "persian": "fa", "farsi": "fa",
                  "swahili": "sw", "turkish": "tr", "polish": "pl", "hebrew": "he", "hindi": "hi"}


@dataclass(frozen=True)
class Author:
    name: str
    affiliation: str | None = None


@dataclass(frozen=True)
class Brief:
    slug: str
    path: Path
    bundle: Path | None
    title: str
    date: dt.date
    kind: str
    summary: str
    subtitle: str | None = None
    updated: dt.date | None = None
    authors: tuple[Author, ...] = ()
    topics: tuple[str, ...] = ()
    lang: str = "en-US"
    status: str = "published"
    cover: Path | None = None
    bibliography: Path | None = None
    csl: Path | None = None
    toc: bool = False
    paper: str = "letter"
    formats: tuple[str, ...] = default_formats("brief")  # the loader sets the kind's own defaults
    license: str | None = None
    source: str | None = None
    aliases: tuple[str, ...] = ()  # the brief's old slugs: each old address sends readers to the new one
    translation_of: str | None = None  # the slug of the brief this one translates
    source_version: str | None = None  # the version of that brief the translation was made from
    extra: Mapping = field(default_factory=FrozenMap)
    body: str = ""
    body_line: int = 1
    lines: Mapping[str, int] = field(default_factory=FrozenMap)

    @property
    def published(self) -> bool:
        return self.status == "published"

    @property
    def folder(self) -> Path:
        """Where the brief's relative paths start: its bundle, else briefs/."""
        return self.bundle or self.path.parent


@dataclass(frozen=True)
class Defaults:
    """What the brand decides when a brief does not."""

    lang: str = "en-US"
    paper: str = "letter"


def load_brief(src: Source, project: Project, defaults: Defaults = Defaults()) -> tuple[Brief | None, list[Problem]]:
    """Read, split, parse and validate one brief; every problem it has, in one go."""
    problems = Problems(project.rel(src.path))
    if not _own_file(src, project, problems):
        return None, problems.items
    text = source_text.decode(src.path.read_bytes(), problems)
    parts = source_text.split(text, problems) if text is not None else None
    if parts is None:
        return None, problems.items
    problems.line_offset = parts.front_line - 1
    duplicates: list[YamlError] = []
    front_matter, curly = pasted.clean_front_matter(parts.front_matter)
    try:
        root = parse(front_matter, duplicates)
    except YamlError as exc:
        exc = pasted.curly_error(exc, curly) or pasted.space_error(exc, front_matter) or exc
        problems.error(exc.message, exc.code, exc.line, exc.col, exc.hint)
        return None, problems.items
    pasted.report_curly(curly, _TEXT_FIELDS, problems)
    for exc in duplicates:  # the first of the two counts: the rest of the front matter is still checked
        problems.error(exc.moved(problems.line_offset), exc.code, exc.line, exc.col, exc.hint)
    if not isinstance(root, MappingNode):
        problems.error("front matter must be a set of 'key: value' lines", "brief.front-matter",
                       where(root)[0] if root else 1, hint="write 'title: ...', 'date: ...' on their own lines")
        return None, problems.items
    values = FieldValidator(root, problems, src, project, defaults).run()
    _check_body_controls(parts.body, parts.body_line, problems)
    if problems.has_errors:
        return None, problems.items
    brief = Brief(slug=src.slug, path=src.path, bundle=src.bundle, body=parts.body, body_line=parts.body_line,
                  **values)
    return brief, problems.items


def _own_file(src: Source, project: Project, problems: Problems) -> bool:
    """False, with the problem, when the brief's text would be published from a file outside briefs/: a symbolic
    link out (the file, or the bundle's folder), or a hard link."""
    if not src.path.resolve().is_relative_to(project.briefs.resolve()):
        problems.error("the brief leads outside briefs/ (a symbolic link?)", "brief.outside", 1,
                       hint="copy the file itself (or the folder) into briefs/")
        return False
    if is_hard_linked(src.path):  # its text would be published from wherever the other name is
        problems.error("the brief's file is a hard link: the same file is also somewhere else", "brief.hard-link", 1,
                       hint=HARD_LINK_HINT)
        return False
    return True


class FieldValidator:
    """Checks each front matter field against the schema, collecting every problem."""

    prefix = "brief"  # of the problems' codes: brief.title, ...
    required = REQUIRED

    def __init__(self, root: MappingNode, problems: Problems, src: Source, project: Project, defaults: Defaults):
        self.nodes: dict[str, tuple[Node, Node]] = {k.value: (k, v) for k, v in root.value
                                                     if isinstance(k, ScalarNode)}
        self.problems = problems
        self.src = src
        self.project = project
        self.defaults = defaults
        self.lines: dict[str, int] = {}

    def run(self) -> dict:
        for name, (key, _value) in self.nodes.items():
            if name not in FIELDS:
                guess = ALIASES.get(name.lower()) or closest(name.lower(), FIELDS)
                hint = f"rename it to '{guess}'" if guess else \
                    f"remove it, or put free-form data under 'extra:'; the keys are: {', '.join(FIELDS)}"
                if guess == "status":
                    hint = "write `status: draft` (or `status: published`)"
                pasted_space = next((c for c in name if c in pasted.SPACES or c in pasted.INVISIBLE), None)
                self._error(key, f"unknown key '{name}'" + (f" (did you mean '{guess}'?)" if guess else "")
                            + (f": it holds a {pasted.name_of(pasted_space)}" if pasted_space else ""),
                            "brief.unknown-key", hint)
        for name in REQUIRED:
            if name not in self.nodes:
                self.problems.error(f"missing required field '{name}'", "brief.required", 1,
                                    hint=_REQUIRED_HINTS[name])
        values = {name: getattr(self, f"_{name}")(self.nodes[name][1])
                  for name in FIELDS if name in self.nodes}
        values = {name: value for name, value in values.items() if value is not None}
        self._check_relations(values)
        kind = values.get("kind", "brief")
        values.setdefault("lang", self.defaults.lang)
        values.setdefault("paper", self.defaults.paper)
        values.setdefault("toc", kind in TOC_BY_DEFAULT)
        values.setdefault("formats", default_formats(kind))  # the e-mail edition only for updates, unless asked
        values["lines"] = FrozenMap({name: self.problems.line_offset + key.start_mark.line + 1
                                      for name, (key, _v) in self.nodes.items()})
        return values

    # -- helpers ---------------------------------------------------------------
    def _error(self, node: Node, message: str, code: str, hint: str | None = None) -> None:
        line, col = where(node)
        self.problems.error(message, code, line, col, hint)

    def _text(self, node: Node, name: str, max_len: int | None = None, one_line: bool = True,
              code: str | None = None) -> str | None:
        code = code or f"{self.prefix}.{name}"
        empty = f"write `{name}: \"...\"`" + ("" if name in self.required else " or remove the line")
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            self._error(node, f"'{name}' is empty", code, empty)
            return None
        if not isinstance(node, ScalarNode):
            got = {SequenceNode: ", got a list", MappingNode: ", got a set of keys"}.get(type(node), "")
            self._error(node, f"'{name}' must be text{got}", code, f"write `{name}: \"...\"`"
                        + (", in quotes: [ and { begin a list or a set of keys" if got else ""))
            return None
        value = node.value.strip()
        if not value:
            self._error(node, f"'{name}' is empty", code, empty)
            return None
        if control_characters(value):
            self._control(node, name, value, code)
            return None
        if one_line and "\n" in value:
            self._error(node, f"'{name}' must be one line", code, "join the lines into one")
            return None
        if max_len is not None and len(value) > max_len:
            self._error(node, f"'{name}' is {len(value)} characters long, over the limit of {max_len}",
                        code, f"shorten it by {len(value) - max_len} characters")
            return None
        return value

    def _control(self, node: Node, name: str, value: str, code: str) -> None:
        self._error(node, f"'{name}' has a control character ({', '.join(control_characters(value))})", code,
                    "remove it (it often comes with text pasted from another program, or a YAML escape such as \\r)")

    def _choice(self, node: Node, name: str, choices: tuple[str, ...]) -> str | None:
        value = self._text(node, name)
        if value is not None and value not in choices:
            guess = value.lower() if value.lower() in choices else closest(value.lower(), choices)
            self._error(node, f"'{name}' must be one of {', '.join(choices)}; got '{value}'"
                        + (f" (did you mean '{guess}'?)" if guess else ""), f"{self.prefix}.{name}",
                        f"write `{name}: {guess}`" if guess else f"write one of: {', '.join(choices)}")
            return None
        return value

    def _list(self, node: Node, name: str) -> list[Node] | None:
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            self._error(node, f"'{name}' is empty", f"{self.prefix}.{name}", f"write `{name}: [a, b]` or remove the line")
            return None
        if isinstance(node, ScalarNode) or (name == "authors" and isinstance(node, MappingNode)):
            return [node]  # a single value stands for a list of one
        if not isinstance(node, SequenceNode):
            self._error(node, f"'{name}' must be a list", f"{self.prefix}.{name}", f"write `{name}: [a, b]`")
            return None
        return node.value

    def _date_value(self, node: Node, name: str) -> dt.date | None:
        if not isinstance(node, ScalarNode):
            self._error(node, f"'{name}' must be a date, YYYY-MM-DD, got {_KIND_OF[type(node)]}", f"{self.prefix}.{name}",
                        f"write `{name}: YYYY-MM-DD`")
            return None
        raw = node.value.strip()
        if not raw:
            self._error(node, f"'{name}' is empty", f"{self.prefix}.{name}", f"write `{name}: YYYY-MM-DD`"
                        + (", the publication date" if name == "date" else " or remove the line"))
            return None
        if not _DATE.match(raw):
            self._error(node, f"'{name}' must be YYYY-MM-DD, got '{raw}'", f"{self.prefix}.{name}",
                        f"write `{name}: {_guess_iso(raw)}`")
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            self._error(node, f"'{name}' is not a real date: '{raw}'", f"{self.prefix}.{name}",
                        "check the month (01-12) and the day of the month")
            return None

    def _path(self, node: Node, name: str, suffixes: tuple[str, ...] | None = None) -> Path | None:
        value = self._text(node, name)
        if value is None:
            return None
        if self.src.bundle is None:
            self._error(node, f"'{name}' needs a brief bundle: a single-file brief has no folder of its own",
                        f"{self.prefix}.{name}", f"move the brief to briefs/{self.src.slug}/index.md and put the file beside it")
            return None
        resolved = self._inside(node, name, self.src.bundle, value)
        if resolved is None:
            return None
        if suffixes and resolved.suffix.lower() not in suffixes:
            self._error(node, f"'{name}' must be a {' / '.join(suffixes)} file, got '{value}'", f"{self.prefix}.{name}",
                        "save it in one of those formats and give its file name")
            return None
        return resolved

    def _inside(self, node: Node, name: str, base: Path, value: str) -> Path | None:
        why = written_path_refusal(value)
        if why:
            self._error(node, f"'{name}' path {why}", f"{self.prefix}.{name}", PATH_HINT)
            return None
        pure = PurePosixPath(value)
        if "://" in value or value.startswith("file:") or pure.is_absolute() or ".." in pure.parts:
            self._error(node, f"'{name}' must be a path inside the brief's folder, got '{value}'",
                        f"{self.prefix}.{name}", "copy the file into the brief's folder and give its relative path")
            return None
        resolved = (base / pure).resolve()
        if not resolved.is_relative_to(base.resolve()):
            self._error(node, f"'{name}' leads outside the brief's folder (a symbolic link?): '{value}'",
                        f"{self.prefix}.{name}", "copy the file itself into the brief's folder")
            return None
        if not resolved.is_file():
            files = sorted(p.relative_to(base).as_posix() for p in base.rglob(f"*{resolved.suffix}") if p.is_file())
            same = [f for f in files if PurePosixPath(f).name == resolved.name]
            near = same[0] if same else closest(value, files)
            self._error(node, f"'{name}' file not found: '{value}' (looked for {self.project.rel(resolved)})",
                        f"{self.prefix}.{name}", (f"did you mean '{near}'? " if near else "check the name; ")
                        + f"the path is relative to {self.project.rel(base)}/")
            return None
        if is_hard_linked(resolved):
            self._error(node, f"'{name}' file '{value}' is a hard link: the same file is also somewhere else",
                        f"{self.prefix}.{name}", HARD_LINK_HINT)
            return None
        return resolved

    # -- fields ----------------------------------------------------------------
    def _title(self, node):
        return self._text(node, "title", 200)

    def _subtitle(self, node):
        return self._text(node, "subtitle", 300)

    def _summary(self, node):
        # Its lines joined into one; a no-break space stays (French writes one before a colon: "bref\u00a0: ...").
        return _ASCII_SPACES.sub(" ", self._text(node, "summary", SUMMARY_MAX, one_line=False) or "").strip() or None

    def _license(self, node):
        return self._text(node, "license", 200)

    def _source(self, node):
        value = self._text(node, "source")
        if value is not None and not re.match(r"^https?://\S+$", value):
            self._error(node, f"'source' must be a web address (http:// or https://), got '{value}'", "brief.source",
                        f"write `source: https://{value.split('://')[-1].lstrip('/')}`" if "." in value and " " not in value
                        else "write `source: https://...`, the address of the original")
            return None
        return value

    def _date(self, node):
        return self._date_value(node, "date")

    def _updated(self, node):
        return self._date_value(node, "updated")

    def _kind(self, node):
        return self._choice(node, "kind", KINDS)

    def _status(self, node):
        return self._choice(node, "status", STATUSES)

    def _paper(self, node):
        return self._choice(node, "paper", PAPERS)

    def _lang(self, node):
        value = self._text(node, "lang")
        if value is not None and not LANG.match(value):
            tag = LANGUAGE_NAMES.get(value.lower()) or (value.replace("_", "-") if LANG.match(value.replace("_", "-"))
                                                         else None)
            self._error(node, f"'lang' must be a language tag such as en-US or fr, got '{value}'", "brief.lang",
                        f"write `lang: {tag}`" + ("" if "_" in value else f" (the language tag of {value.capitalize()})")
                        if tag else "write `lang: en-US` (BCP 47)")
            return None
        return value

    def _translation_of(self, node):
        value = self._text(node, "translation_of", code="translation.source")
        if value is not None and not SLUG.match(value):
            self._error(node, f"'translation_of' must be the slug of a brief, got '{value}'", "translation.source",
                        f"write the source's file name without .md: `translation_of: {slugify(value)}`")
            return None
        return value

    def _source_version(self, node):
        value = self._text(node, "source_version", code="translation.version")
        if value is not None and not VERSION.match(value):
            self._error(node, f"'source_version' must be a version as `invoke translations` prints it "
                        f"(10 letters and digits, such as 3f9a0c21b7), got '{value}'", "translation.version",
                        "run `invoke translations` and copy the source's version from its table")
            return None
        return value

    def _toc(self, node):
        raw = node.value.strip().lower() if isinstance(node, ScalarNode) else ""
        if raw not in ("true", "false"):
            self._error(node, f"'toc' must be true or false, got '{raw}'", "brief.toc", "write `toc: true` or `toc: false`")
            return None
        return raw == "true"

    def _authors(self, node):
        items = self._list(node, "authors")
        if items is None:
            return None
        authors = [self._author(item) for item in items]
        return tuple(a for a in authors if a is not None)

    def _author(self, node) -> Author | None:
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            self._error(node, "an author is empty", "brief.authors", "write the name after the '-', or remove the line")
            return None
        if isinstance(node, ScalarNode):
            name = self._text(node, "authors")
            return Author(name) if name else None
        if isinstance(node, MappingNode):
            fields = {k.value: v for k, v in node.value}
            for key, _value in node.value:
                if key.value not in ("name", "affiliation"):
                    self._error(key, f"unknown author key '{key.value}'{did_you_mean(key.value, ('name', 'affiliation'))}",
                                "brief.unknown-key", "an author has 'name' and, optionally, 'affiliation'")
            if "name" not in fields:
                self._error(node, "an author needs a 'name'", "brief.authors", "write `{name: \"Jane Doe\"}`")
                return None
            name = self._text(fields["name"], "name", code="brief.authors")
            affiliation = (self._text(fields["affiliation"], "affiliation", code="brief.authors")
                           if "affiliation" in fields else None)
            return Author(name, affiliation) if name else None
        self._error(node, "an author is a name or {name: ..., affiliation: ...}", "brief.authors",
                    'write each author as "Jane Doe" or {name: "Jane Doe", affiliation: "Research"}')
        return None

    def _topics(self, node):
        return self._slugs(node, "topics", "topic", lambda value: f"write '{slugify(value)}'")

    def _aliases(self, node):
        return self._slugs(node, "aliases", "alias",
                           lambda value: f"write the old slug as it was in briefs/: '{slugify(value)}'")

    def _slugs(self, node, field: str, noun: str, hint):
        """A list of slugs (topics, aliases), each checked at its own line; repeats dropped."""
        items = self._list(node, field)
        if items is None:
            return None
        slugs = []
        for item in items:
            value = self._text(item, field)
            if value is not None and not SLUG.match(value):
                self._error(item, f"{noun} '{value}' is not a slug (lowercase letters, digits, hyphens)",
                            f"brief.{field}", hint(value))
            elif field == "aliases" and value == self.src.slug:
                self._error(item, f"alias '{value}' is the brief's own slug", "brief.aliases",
                            "list only the slugs the brief had before it was renamed")
            elif value is not None:
                slugs.append(value)
        return tuple(dict.fromkeys(slugs))

    def _formats(self, node):
        items = self._list(node, "formats")
        if items is None:
            return None
        if not items:
            self._error(node, "'formats' is empty: the brief would be built in no format", "brief.formats",
                        f"write `formats: [{', '.join(FORMATS)}]`, or remove the line for the kind's usual ones")
            return None
        chosen = [self._choice(item, "formats", FORMATS) for item in items]
        return tuple(f for f in FORMATS if f in chosen) or None

    def _cover(self, node):
        path = self._path(node, "cover", (".png", ".jpg", ".jpeg", ".svg", ".webp"))
        if path is not None and path.suffix.lower() == ".svg":
            try:
                svg.sanitized(path.read_bytes())  # a cover is published (in the book) like a figure
            except svg.SvgRefused as refused:
                self._error(node, f"'cover' file {node.value.strip()} {refused.where()}", refused.code, refused.hint)
                return None
        return path

    def _bibliography(self, node):
        path = self._path(node, "bibliography", BIBLIOGRAPHY_SUFFIXES)
        if path is not None:
            _keys, why = read_bibliography(path)
            if why:
                self._error(node, f"'bibliography' file {node.value.strip()} cannot be read: {why}", "brief.bibliography",
                            _BIBLIOGRAPHY_HINTS[path.suffix.lower()])
                return None
        return path

    def _csl(self, node):
        value = self._text(node, "csl")
        if value is None:
            return None
        if not value.endswith(".csl") and not any(c in value for c in "/\\.:"):  # a name, of layouts/csl/
            shipped = self.project.layouts / "csl" / f"{value}.csl"
            if shipped.is_file():
                return self._style(node, shipped)
            names = sorted(p.stem for p in (self.project.layouts / "csl").glob("*.csl"))
            self._error(node, f"no citation style '{value}' in layouts/csl/{did_you_mean(value, names)}", "brief.csl",
                        f"use one of: {', '.join(names)}, or a .csl file in the brief's folder" if names
                        else "put a .csl file in the brief's folder")
            return None
        path = self._path(node, "csl", (".csl",))
        return path and self._style(node, path)

    def _style(self, node: Node, path: Path) -> Path | None:
        """The style pandoc is given: the file itself, or the parent of a dependent style (found only in
        layouts/csl/ and the bundle: pandoc would fetch it from anywhere, --sandbox or not)."""
        folders = [self.project.layouts / "csl"] + ([self.src.bundle] if self.src.bundle else [])
        try:
            return csl.independent_style(path, folders)
        except csl.StyleRefused as refused:
            self._error(node, f"citation style '{node.value.strip()}' {refused.message}", "brief.csl", refused.hint)
            return None

    def _extra(self, node):
        if not isinstance(node, MappingNode):
            self._error(node, "'extra' must be a set of 'key: value' lines", "brief.extra",
                        "write `extra:` and below it, indented, one `key: value` line per item")
            return None
        for scalar in _scalars(node):
            if control_characters(scalar.value):
                self._control(scalar, "extra", scalar.value, "brief.extra")
                return None
        try:
            return freeze(to_python(node))
        except (ValueError, TypeError) as exc:
            self._error(node, f"'extra' has a value that cannot be read: {exc}", "brief.extra")
            return None

    def _check_relations(self, values: dict) -> None:
        self._check_translation(values)
        if "updated" in values and "date" in values and values["updated"] < values["date"]:
            self._error(self.nodes["updated"][1], f"'updated' ({values['updated']}) is before 'date' ({values['date']})",
                        "brief.updated", "'updated' is the date of the last revision: on or after 'date'")


    def _check_translation(self, values: dict) -> None:
        """A translation names its source, the version it was made from, and its own language."""
        source, version = self.nodes.get("translation_of"), self.nodes.get("source_version")
        if source and not version:
            self._error(source[0], "a translation needs the 'source_version' it was made from",
                        "translation.no-version", "run `invoke translations` and add `source_version: <the source's "
                        "version>` (the version of the text you translated)")
        if version and not source:
            self._error(version[0], "'source_version' without 'translation_of': the version of which brief?",
                        "translation.no-source", "add `translation_of: <the source's slug>`, or remove the line")
        if source and "lang" not in self.nodes:
            self._error(source[0], "a translation must say its language", "translation.no-lang",
                        "add `lang: fr` (the language tag of the translation)")
        if values.get("translation_of") == self.src.slug:
            self._error(source[1], f"'{self.src.slug}' names itself as its source", "translation.self",
                        "name the brief this one translates")


MAX_CONTROL_REPORTS = 10  # lines reported; a file full of them needs one fix, not a thousand lines of problems


def _check_body_controls(body: str, first_line: int, problems: Problems) -> None:
    """Control characters in the text (Word's line and page breaks, U+000B and U+000C, among them) would make
    the book's XHTML and the feeds ill-formed: each line that has one is an error at its column."""
    reported = 0
    for offset, text in enumerate(body.split("\n")):
        found = control_characters(text)
        if not found or reported == MAX_CONTROL_REPORTS:
            continue
        reported += 1
        column = next(i for i, c in enumerate(text, 1) if control_characters(c))
        problems.error(f"control character in the text ({', '.join(found)})", "text.control",
                       first_line - problems.line_offset + offset, column,
                       hint="delete it, or use a new line or paragraph (Word writes U+000B for a line break and "
                       "U+000C for a page break)")


def _scalars(node: Node):
    """Every scalar (key or value) under a node, without recursion (front matter may nest deep)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, ScalarNode):
            yield item
        elif isinstance(item, SequenceNode):
            stack.extend(item.value)
        elif isinstance(item, MappingNode):
            stack.extend(part for pair in item.value for part in pair)


_REQUIRED_HINTS = {
    "title": 'add `title: "The title of the brief"`',
    "date": "add `date: YYYY-MM-DD`, the publication date",
    "kind": f"add `kind: brief` (one of {', '.join(KINDS)})",
    "summary": 'add `summary: "One or two sentences."` (shown in the catalogue)',
}


_BIBLIOGRAPHY_HINTS = {
    ".json": 'correct it there: CSL-JSON is a list of entries, [{"id": "key", "type": "book", "title": "..."}]',
    ".yaml": "correct it there: CSL-YAML is a list of entries under 'references:', each with an 'id'",
    ".bib": "save it as UTF-8",
}
_BIBLIOGRAPHY_HINTS[".yml"] = _BIBLIOGRAPHY_HINTS[".yaml"]


def _guess_iso(raw: str) -> str:
    """The ISO form of a date written another common way, or a template."""
    match = re.match(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$", raw)
    if match:
        first, second, year = (int(g) for g in match.groups())
        month, day = (second, first) if first > 12 else (first, second)
        return f"{year:04d}-{month:02d}-{day:02d}"
    match = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$", raw)  # 2025/03/12, 2025-3-12, a time
    if match:
        year, month, day = (int(g) for g in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    for form in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b. %d, %Y"):
        try:
            return dt.datetime.strptime(raw, form).date().isoformat()
        except ValueError:
            continue
    return "YYYY-MM-DD"
