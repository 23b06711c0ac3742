"""Stage 2: _brand.yml (the brand.yml format) loaded once into a frozen Brand, every problem collected."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from typing import Mapping

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import pasted
from ..tools import svg
from .brief import LANG, PAPERS, Defaults
from .discover import SLUG, slugify
from ..tools.fonts import system_match
from .frozen import FrozenMap, freeze
from ..problems import Problem, Problems, closest, did_you_mean
from ..project import Project
from .yamlsafe import YamlError, parse, where

COLOR_ROLES = ("foreground", "background", "primary", "secondary", "tertiary", "success", "info",
               "warning", "danger", "light", "dark")
LOGO_SIZES = ("small", "medium", "large")
FONT_FILE_SUFFIXES = (".woff2", ".woff", ".ttf", ".otf")
TEXT_ROLES = ("base", "headings", "monospace", "monospace-inline", "monospace-block", "link")
_ROLE_KEYS = {
    "base": ("family", "size", "line-height", "weight"),
    "headings": ("family", "weight", "style", "color", "line-height"),
    "monospace": ("family", "size", "weight"),
    "monospace-inline": ("family", "size", "weight", "color", "background-color"),
    "monospace-block": ("family", "size", "weight", "line-height", "color", "background-color"),
    "link": ("weight", "color", "background-color", "decoration"),
}
_SECTIONS = {
    "meta": ("name", "link"),
    "logo": ("images",) + LOGO_SIZES,
    "color": ("palette",) + COLOR_ROLES,
    "typography": ("fonts",) + TEXT_ROLES,
    "defaults": None,  # other tools' sections are allowed; ours is checked below
}
HANDOUTS_DEFAULTS = ("paper", "lang", "base_url", "contact", "license", "unsubscribe", "topics")
# The e-mail edition's unsubscribe link: a merge tag the mail tool replaces with each reader's own address
# (Mailchimp's; others: `{{ unsubscribe }}` in Brevo, `%unsubscribe_url%` in Mailgun, `{{ UnsubscribeURL }}` in listmonk).
UNSUBSCRIBE_DEFAULT = "*|UNSUB|*"
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_WEIGHTS = {"thin": 100, "extra-light": 200, "ultra-light": 200, "light": 300, "normal": 400, "regular": 400,
            "medium": 500, "semi-bold": 600, "demi-bold": 600, "bold": 700, "extra-bold": 800, "ultra-bold": 800,
            "black": 900}
ROLE_GENERIC = {"base": "serif", "headings": "sans-serif", "monospace": "monospace"}
GENERIC_FAMILIES = ("serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-serif",
                    "ui-sans-serif", "ui-monospace", "math", "emoji")
FONT_SOURCES = ("file", "system", "google", "bunny")
_WEB_SOURCES = {"google": "Google Fonts", "bunny": "Bunny Fonts"}
WCAG_AA = 4.5
LINK_CONTRAST = 3.0  # a link told from the text around it by color alone (WCAG 1.4.1, technique G183)
_LENGTH = re.compile(r"^\d+(?:\.\d+)?(?:px|pt|em|rem|%)?$")
_CSS_VALUES = {
    "size": _LENGTH,
    "line-height": _LENGTH,
    "decoration": re.compile(r"^(?:none|underline|overline|line-through)$"),
    "style": re.compile(r"^(?:normal|italic)$"),
    "family": re.compile(r"^[\w .-]+$"),
}
_CSS_HINTS = {
    "size": "write a size such as 1rem, 11pt or 0.9em",
    "line-height": "write a number such as 1.5",
    "decoration": "write none, underline, overline or line-through",
    "style": "write normal or italic",
    "family": "a family name has letters, digits, spaces, dots and hyphens",
}


@dataclass(frozen=True)
class Logo:
    path: Path
    alt: str
    dark: Path | None = None  # the variant drawn for dark backgrounds (`{light: ..., dark: ...}`)

    @property
    def on_dark(self) -> Path:
        """The file to show on a dark background: the dark variant when the brand has one."""
        return self.dark or self.path


@dataclass(frozen=True)
class FontFile:
    path: Path
    weight: int
    style: str


@dataclass(frozen=True)
class FontFamily:
    family: str
    files: tuple[FontFile, ...]


@dataclass(frozen=True)
class SystemFont:
    """A family the brand names without files, and what this machine's fontconfig gives the PDF for it."""
    family: str
    used: str    # the family the PDF is set in: the font itself when installed, else its stand-in
    path: Path   # the file of `used`


@dataclass(frozen=True)
class Brand:
    path: Path
    name_short: str
    name_full: str
    home: str | None
    colors: Mapping[str, str]             # role -> "#rrggbb"
    logos: Mapping[str, Logo]             # small/medium/large -> logo
    fonts: tuple[FontFamily, ...]
    typography: Mapping[str, Mapping[str, str]]  # role -> CSS property -> value
    paper: str = "letter"
    lang: str = "en-US"
    base_url: str = "https://example.org/"
    contact: str | None = None
    license: str | None = None
    unsubscribe: str = UNSUBSCRIBE_DEFAULT
    topics: Mapping[str, str] = field(default_factory=FrozenMap)  # topic slug -> its name, as readers see it
    files: tuple[Path, ...] = field(default=())  # every file the brand brings in
    stacks: Mapping[str, tuple[str, ...]] = field(default_factory=FrozenMap)  # text role -> its font-family list
    system_fonts: tuple[SystemFont, ...] = ()

    @property
    def defaults(self) -> Defaults:
        return Defaults(lang=self.lang, paper=self.paper)

    def topic_name(self, slug: str) -> str:
        """The topic's name from the brand's table, else its slug as words ('us-policy' -> 'Us policy')."""
        return self.topics.get(slug) or slug.replace("-", " ").capitalize()

    def logo(self, size: str = "medium") -> Logo | None:
        for candidate in (size, "medium", "large", "small"):
            if candidate in self.logos:
                return self.logos[candidate]
        return None

    def url_for(self, slug: str) -> str:
        return f"{self.base_url.rstrip('/')}/{slug}/"


def load_brand(project: Project) -> tuple[Brand | None, list[Problem]]:
    """The project's brand, or None with the problems that make it unusable."""
    path = project.brand_file
    problems = Problems(project.rel(path))
    if not path.is_file():
        problems.error("no brand file", "brand.missing", hint="create _brand.yml at the project root (see README)")
        return None, problems.items
    try:
        text, curly = pasted.clean_front_matter(path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n"))
        root = parse(text)
    except UnicodeDecodeError:
        problems.error("not valid UTF-8", "brand.encoding", 1, hint="save the file as UTF-8")
        return None, problems.items
    except YamlError as exc:
        exc = pasted.curly_error(exc, curly) or pasted.space_error(exc, text) or exc
        problems.error(exc.message, exc.code, exc.line, exc.col, exc.hint)
        return None, problems.items
    if not isinstance(root, MappingNode):
        problems.error("the brand must be a set of 'key: value' sections", "brand.structure", 1,
                       hint="start from the _brand.yml of the README: meta:, logo:, color:, typography:")
        return None, problems.items
    brand = _BrandReader(root, problems, project).read()
    return (None if problems.has_errors else brand), problems.items


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colors."""
    def luminance(color: str) -> float:
        channels = [int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _mapping(node: Node) -> dict[str, tuple[Node, Node]]:
    return {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}


class _BrandReader:
    def __init__(self, root: MappingNode, problems: Problems, project: Project):
        self.root = root
        self.problems = problems
        self.project = project
        self.base = project.brand_file.parent
        self.files: list[Path] = []
        self.bad_colors: set[str] = set()       # palette names whose value is wrong: reported once, there
        self.color_nodes: dict[str, Node] = {}  # color role -> its value in the YAML
        self.text_colors: dict[str, tuple[str, Node]] = {}  # 'typography.link.color' -> (color, node)
        self.system_fonts: dict[str, SystemFont] = {}  # families without files, as this machine sets them
        self.stacks: dict[str, tuple[str, ...]] = {}
        self.warned_fonts: set[str] = set()
        self.fileless: dict[str, tuple[Node, str]] = {}  # family -> (its source's node, source or 'url')
        self.sections: dict[str, dict[str, tuple[Node, Node]]] = {}  # top-level section -> its entries

    def _error(self, node: Node, message: str, code: str, hint: str | None = None) -> None:
        self.problems.error(message, code, *where(node), hint)

    def _section(self, name: str, keys: tuple[str, ...] | None) -> dict[str, tuple[Node, Node]]:
        top = _mapping(self.root)
        if name not in top:
            # A misspelled section ('colour') is reported once, then read as meant, so that
            # what refers to it does not fail too.
            misspelled = [key for key in top if key not in _SECTIONS and closest(key, _SECTIONS) == name]
            if not misspelled:
                return {}
            name = misspelled[0]
        node = top[name][1]
        if not isinstance(node, MappingNode):
            self._error(node, f"'{name}' must be a set of 'key: value' lines", "brand.structure",
                        f"put each setting of '{name}' on its own line below it, indented")
            return {}
        entries = _mapping(node)
        if keys is not None:
            self._unknown(entries, keys, f"{name}.")
        return entries

    def _unknown(self, entries: dict, keys: tuple[str, ...], prefix: str = "") -> None:
        for key, (key_node, _v) in entries.items():
            if key not in keys:
                guess = closest(key, keys)
                self._error(key_node, f"unknown key '{prefix}{key}'{did_you_mean(key, keys)}", "brand.unknown-key",
                            f"rename it to '{guess}'" if guess else f"the keys here are: {', '.join(keys)}")

    def _text(self, node: Node, what: str) -> str | None:
        if isinstance(node, ScalarNode) and node.value.strip() and node.tag != "tag:yaml.org,2002:null":
            return node.value.strip()
        self._error(node, f"'{what}' must be text", "brand.type", "write one value after the colon, on the same line")
        return None

    def read(self) -> Brand:
        self._unknown(_mapping(self.root), tuple(_SECTIONS))
        # Read once: each section's unknown keys are reported once, however many steps read the section.
        self.sections = {name: self._section(name, keys) for name, keys in _SECTIONS.items()}
        short, full, home = self._meta()
        colors = self._colors()
        handouts = self._handouts()
        fonts = self._fonts()
        typography = self._typography(colors, {f.family for f in fonts if f.files})
        self._contrast(colors)
        self._link_decoration(colors, typography)
        logos = self._logos()
        return Brand(path=self.project.brand_file, name_short=short, name_full=full, home=home,
                     colors=FrozenMap(colors), logos=FrozenMap(logos),
                     fonts=fonts, typography=freeze(typography),
                     files=tuple(self.files), stacks=FrozenMap(self.stacks),
                     system_fonts=tuple(self.system_fonts.values()), **handouts)

    def _meta(self) -> tuple[str, str, str | None]:
        meta = self.sections["meta"]
        short = full = "Handouts"
        if "name" in meta:
            node = meta["name"][1]
            if isinstance(node, MappingNode):
                names = _mapping(node)
                self._unknown(names, ("short", "full"), "meta.name.")
                full = self._text(names["full"][1], "meta.name.full") if "full" in names else None
                short = self._text(names["short"][1], "meta.name.short") if "short" in names else None
                short, full = short or full or "Handouts", full or short or "Handouts"
            else:
                short = full = self._text(node, "meta.name") or "Handouts"
        home = None
        if "link" in meta:
            node = meta["link"][1]
            if isinstance(node, MappingNode):
                links = _mapping(node)
                home = self._text(links["home"][1], "meta.link.home") if "home" in links else None
            else:
                home = self._text(node, "meta.link")
        return short, full, home

    def _colors(self) -> dict[str, str]:
        section = self.sections["color"]
        palette: dict[str, str] = {}
        if "palette" in section:
            node = section["palette"][1]
            entries = _mapping(node) if isinstance(node, MappingNode) else {}
            for name, (_k, value) in entries.items():
                color = self._color(value, f"color.palette.{name}", {})
                if color:
                    palette[name] = color
                else:
                    self.bad_colors.add(name)
        colors = {"foreground": "#1b1b1b", "background": "#ffffff"}
        for role in COLOR_ROLES:
            if role in section:
                color = self._color(section[role][1], f"color.{role}", {**palette, **colors})
                if color:
                    colors[role] = color
                    self.color_nodes[role] = section[role][1]
        colors.setdefault("primary", colors["foreground"])
        colors.setdefault("secondary", colors["primary"])
        colors.setdefault("tertiary", colors["secondary"])  # the layouts' accent rules: never an empty var()
        colors.setdefault("light", "#f5f5f5")
        colors.setdefault("dark", colors["foreground"])
        self.named_colors = {**palette, **colors}
        return colors

    def _contrast(self, colors: dict[str, str]) -> None:
        """Text colors below WCAG AA on the backgrounds the layouts put text on: the page, and color.light
        (code blocks, the table of contents, the catalogue's filters and topics) when the brand sets it."""
        texts = {f"color.{role}": (colors[role], self.color_nodes.get(role, self.root))
                 for role in ("foreground", "primary", "secondary")
                 if role != "secondary" or role in self.color_nodes}  # secondary: captions, bylines, metadata
        texts.update(self.text_colors)
        for what, (color, node) in texts.items():
            self._contrast_warning(what, color, "color.background", colors["background"], node,
                                   "darken the text color or lighten the background")
        if "light" in self.color_nodes:
            for what, (color, _node) in texts.items():
                if what != "color.secondary":
                    self._contrast_warning(what, color, "color.light", colors["light"], self.color_nodes["light"],
                                           "color.light is the background of code blocks and the table of "
                                           "contents: lighten it, or darken the text color")

    def _link_decoration(self, colors: dict[str, str], typography: dict[str, dict[str, str]]) -> None:
        """Links without an underline must stand out from the text around them by 3:1 (WCAG 1.4.1, axe's
        link-in-text-block): below that, they keep their underline, and the brand is told why."""
        link = typography.get("link", {})
        if link.get("decoration", "underline") == "underline":
            return
        color = link.get("color", colors["primary"])
        ratio = contrast(color, colors["foreground"])
        if ratio < LINK_CONTRAST:
            link["decoration"] = "underline"
            self.problems.warning(f"links without an underline must differ from the text by {LINK_CONTRAST}:1 "
                                  f"(WCAG 1.4.1); the link color on color.foreground is {ratio:.2f}:1, so links "
                                  "keep their underline", "brand.link-decoration", *where(self.decoration_node),
                                  "remove `decoration: none`, or choose a link color that differs more from the text")

    def _contrast_warning(self, what: str, color: str, ground_name: str, ground: str, node: Node, hint: str) -> None:
        ratio = contrast(color, ground)
        if ratio < WCAG_AA:
            self.problems.warning(f"contrast of {what} on {ground_name} is {ratio:.2f}:1, below WCAG AA "
                                  f"({WCAG_AA}:1)", "brand.contrast", *where(node), hint)

    def _color(self, node: Node, what: str, known: dict[str, str]) -> str | None:
        value = self._text(node, what)
        if value is None:
            return None
        if value in known:
            return known[value]
        if value in self.bad_colors:  # the palette entry is reported, not each use of it
            return None
        if _HEX.match(value):
            return _long_hex(value)
        named = _css_color(value)
        if named:
            return named
        self._error(node, f"'{what}' is not a color: '{value}'{did_you_mean(value, known)}", "brand.color",
                    "write a hex color such as \"#1f3a5f\" (quoted), a CSS color name such as white, or the name "
                    "of a palette color")
        return None

    def _file(self, node: Node, what: str, suffixes: tuple[str, ...]) -> Path | None:
        value = self._text(node, what)
        if value is None:
            return None
        pure = PurePosixPath(value)
        if "://" in value or pure.is_absolute() or ".." in pure.parts:
            self._error(node, f"'{what}' must be a path inside the project, got '{value}'", "brand.file",
                        "copy the file into assets/ and give its path relative to _brand.yml")
            return None
        path = (self.base / pure).resolve()
        if not path.is_relative_to(self.project.root) or not path.is_file():
            self._error(node, f"'{what}' file not found: {value}", "brand.file", self._nearest_file(pure, suffixes))
            return None
        if path.suffix.lower() not in suffixes:
            self._error(node, f"'{what}' must be a {' / '.join(suffixes)} file: {value}", "brand.file",
                        f"convert it to {' or '.join(suffixes)}")
            return None
        self.files.append(path)
        return path

    def _nearest_file(self, wanted: PurePosixPath, suffixes: tuple[str, ...]) -> str:
        """A hint naming the file in the same folder whose name is closest to the one not found."""
        folder = self.base / wanted.parent
        names = sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes) \
            if folder.is_dir() and folder.resolve().is_relative_to(self.project.root) else []
        guess = closest(wanted.name, names)
        if guess:
            return f"did you mean '{(wanted.parent / guess).as_posix()}'?"
        return "paths are relative to _brand.yml, e.g. assets/fonts/MyFont-Regular.woff2"

    def _logos(self) -> dict[str, Logo]:
        section = self.sections["logo"]
        images: dict[str, Logo | None] = {}  # None: an image whose own problem is reported where it is declared
        if "images" in section and isinstance(section["images"][1], MappingNode):
            for name, (_k, node) in _mapping(section["images"][1]).items():
                images[name] = self._logo(node, f"logo.images.{name}", {})
        logos = {}
        for size in LOGO_SIZES:
            if size in section:
                logo = self._logo(section[size][1], f"logo.{size}", images)
                if logo:
                    logos[size] = logo
        return logos

    def _logo(self, node: Node, what: str, images: dict[str, Logo | None]) -> Logo | None:
        """A logo written as an image's name, a path, {path, alt}, or {light: ..., dark: ...} of those."""
        if isinstance(node, ScalarNode) and node.value in images:
            return images[node.value]
        if isinstance(node, MappingNode) and set(_mapping(node)) & {"light", "dark"}:
            return self._logo_variants(node, what, images)
        alt = None
        if isinstance(node, MappingNode):
            entries = _mapping(node)
            self._unknown(entries, ("path", "alt"), f"{what}.")
            if "path" not in entries:
                self._error(node, f"'{what}' needs a 'path'", "brand.logo",
                            'give the logo as {path: assets/logo/mark.svg, alt: "Name of the organization"}')
                return None
            alt = self._text(entries["alt"][1], f"{what}.alt") if "alt" in entries else None
            node = entries["path"][1]
        path = self._file(node, what, (".svg", ".png", ".jpg", ".jpeg"))
        if path is None:
            return None
        if path.suffix.lower() == ".svg":
            try:
                svg.sanitized(path.read_bytes())  # published on every page, like a figure
            except svg.SvgRefused as refused:
                self._error(node, f"'{what}' file {refused.where()}", refused.code, refused.hint)
                return None
        if alt is None:
            self.problems.warning(f"'{what}' has no alt text", "brand.logo-alt", *where(node),
                                  "give the logo as {path: ..., alt: \"Name of the organization\"}")
        return Logo(path, alt or "")

    def _logo_variants(self, node: MappingNode, what: str, images: dict[str, Logo | None]) -> Logo | None:
        """{light: ..., dark: ...}: the light variant for light backgrounds, the dark one for dark backgrounds."""
        entries = _mapping(node)
        self._unknown(entries, ("light", "dark"), f"{what}.")
        variants = {mode: self._logo(entries[mode][1], f"{what}.{mode}", images)
                    for mode in ("light", "dark") if mode in entries}
        light, dark = variants.get("light"), variants.get("dark")
        if light is None and dark is None:
            return None
        main = light or dark
        return Logo(main.path, main.alt or (dark.alt if dark else ""), dark.path if dark else None)

    def _fonts(self) -> tuple[FontFamily, ...]:
        section = self.sections["typography"]
        if "fonts" not in section:
            return ()
        node = section["fonts"][1]
        if not isinstance(node, SequenceNode):
            self._error(node, "'typography.fonts' must be a list", "brand.type",
                        "write each family as a list item: `- family: My Font`, `source: file`, `files:`")
            return ()
        families = [self._font(item, i + 1) for i, item in enumerate(node.value)]
        return tuple(f for f in families if f)

    def _font(self, node: Node, position: int) -> FontFamily | None:
        """One family of typography.fonts, named in messages by its family (else by its place, counted from 1)."""
        what = f"typography.fonts[item {position}]"
        if not isinstance(node, MappingNode):
            self._error(node, f"'{what}' must have 'family', 'source' and 'files'", "brand.font",
                        "write `- family: My Font`, `source: file` and `files:` (a list of paths)")
            return None
        entries = _mapping(node)
        family = self._text(entries["family"][1], f"{what}.family") if "family" in entries else None
        if family and not _CSS_VALUES["family"].match(family):
            self._error(entries["family"][1], f"'{what}.family' is not a valid family name: '{family}'",
                        "brand.font", _CSS_HINTS["family"])
            return None
        if family:
            what = f"typography.fonts[{family}]"
        self._unknown(entries, ("family", "source", "files", "weight", "style", "display"), f"{what}.")
        if family is None:
            self._error(node, f"'{what}' needs a 'family'", "brand.font", "add `family: ` with the font's name")
            return None
        source, source_node = self._font_source(entries, what)
        if source is None:
            return None
        self._family_styles(entries, what)
        if source != "file":
            self.fileless[family] = (source_node, source)  # said where a text role uses it, with its stand-in
            return FontFamily(family, ())
        files_node = entries.get("files", (None, None))[1]
        if not isinstance(files_node, SequenceNode):
            self._error(node, f"'{what}' needs a list of 'files'", "brand.font",
                        "add `files:` with one `- {path: assets/fonts/..., weight: 400, style: normal}` per file")
            return FontFamily(family, ())
        files = tuple(f for f in (self._font_file(item, f"{what}.files", family) for item in files_node.value) if f)
        if files and family in self.fileless:  # a family of local files with one at a web address
            self.problems.warning(f"a file of '{family}' is at a web address, and a build never uses the network: "
                                  "its weight or style is left out", "brand.font-web", *where(self.fileless.pop(family)[0]),
                                  "download the file into a folder beside _brand.yml and give its path relative to "
                                  "_brand.yml")
        return FontFamily(family, files)

    def _font_source(self, entries: dict, what: str) -> tuple[str | None, Node | None]:
        """The family's source ('file' when it names none) and its node; None when it is not one we know (said)."""
        source_node = entries["source"][1] if "source" in entries else None
        source = self._text(source_node, f"{what}.source") if source_node else "file"
        if source is not None and source not in FONT_SOURCES:
            self._error(source_node, f"font source '{source}' is not one of {', '.join(FONT_SOURCES)}",
                        "brand.font-source", "write `source: file` and list the font's files under `files:`")
            return None, source_node
        return source, source_node

    def _family_styles(self, entries: dict, what: str) -> None:
        """`weight` and `style` of a family (which of them a font service would send): one value or a list."""
        for key in ("weight", "style"):
            if key not in entries:
                continue
            node = entries[key][1]
            for item in node.value if isinstance(node, SequenceNode) else [node]:
                if key == "weight":
                    self._weight(item, f"{what}.weight")
                elif self._text(item, f"{what}.style") not in (None, "normal", "italic"):
                    self._error(item, f"'{what}.style' must be normal or italic", "brand.font", _CSS_HINTS["style"])

    def _system_font(self, family: str, node: Node, source: str | None, stack: str | None = None) -> bool:
        """A family without files: the PDF gets what this machine's fontconfig has for it (for `stack`, the
        list it heads), said when it is not the font itself; a font service's font is said always, since a
        build never uses the network. True when the font is installed here."""
        installed = _installed(family)
        match = system_match(stack or family)
        if match:
            self.system_fonts.setdefault(family, SystemFont(family, match[0], match[1]))
        if family in self.warned_fonts or (installed and source not in _WEB_SOURCES):
            return installed
        self.warned_fonts.add(family)
        stand_in = ("the PDF uses the copy installed on this machine" if installed
                    else f"the PDF shows '{match[0]}' in its place" if match else "the PDF shows a system font")
        readers = "; web and e-book readers who do not have it see another font"
        if source == "url":
            self.problems.warning(
                f"font '{family}' is a file at a web address, and a build never uses the network: {stand_in}"
                f"{readers}", "brand.font-web", *where(node), "download the file into a folder beside _brand.yml "
                "and give its path relative to _brand.yml")
        elif source in _WEB_SOURCES:
            self.problems.warning(
                f"font '{family}' comes from {_WEB_SOURCES[source]} (source: {source}), which needs the network, "
                f"and a build never uses it: {stand_in}{readers}", "brand.font-web", *where(node),
                f"download its files (OFL fonts: fonts.google.com, or the npm package @fontsource/"
                f"{family.lower().replace(' ', '-')}) into a folder beside _brand.yml and list them with "
                "`source: file` and `files:`")
        else:
            self.problems.warning(
                f"font '{family}' is not installed on this machine: {stand_in}{readers}", "brand.font-system",
                *where(node), "add its files under typography.fonts (`source: file`, `files:`), or name a font "
                "this machine has (`fc-list : family` lists them)")
        return installed

    def _font_file(self, node: Node, what: str, family: str) -> FontFile | None:
        weight, style = 400, "normal"
        if isinstance(node, MappingNode):
            entries = _mapping(node)
            self._unknown(entries, ("path", "weight", "style"), f"{what}.")
            if "weight" in entries:
                weight = self._weight(entries["weight"][1], f"{what}.weight") or 400
            if "style" in entries:
                style = self._text(entries["style"][1], f"{what}.style") or "normal"
                if style not in ("normal", "italic"):
                    self._error(entries["style"][1], f"'{what}.style' must be normal or italic", "brand.font",
                                _CSS_HINTS["style"])
            if "path" not in entries:
                self._error(node, f"'{what}' needs a 'path'", "brand.font",
                            "write it as {path: assets/fonts/MyFont-Regular.woff2, weight: 400, style: normal}")
                return None
            node = entries["path"][1]
        if isinstance(node, ScalarNode) and urlsplit(node.value).scheme in ("http", "https"):
            self.fileless.setdefault(family, (node, "url"))
            return None
        path = self._file(node, what, FONT_FILE_SUFFIXES)
        return FontFile(path, weight, style) if path else None

    def _weight(self, node: Node, what: str) -> int | None:
        value = self._text(node, what) or ""
        if value.isdigit() and 100 <= int(value) <= 900:
            return int(value)
        if value in _WEIGHTS:
            return _WEIGHTS[value]
        self._error(node, f"'{what}' must be 100-900 or a name such as bold, got '{value}'", "brand.font",
                    "write 400 for regular, 700 for bold")
        return None

    def _typography(self, colors: dict[str, str], families: set[str]) -> dict[str, dict[str, str]]:
        section = self.sections["typography"]
        roles: dict[str, dict[str, str]] = {}
        for role in TEXT_ROLES:
            if role not in section:
                continue
            node = section[role][1]
            if isinstance(node, ScalarNode):
                entries = {"family": (node, node)}
            elif isinstance(node, MappingNode):
                entries = _mapping(node)
                self._unknown(entries, _ROLE_KEYS[role], f"typography.{role}.")
            else:
                self._error(node, f"'typography.{role}' must be a family name or settings", "brand.type",
                            f"write `{role}: My Font`, or its settings (family, weight, ...) on lines below it")
                continue
            roles[role] = self._role(role, entries, colors, families)
        return roles

    def _role(self, role, entries, colors, families) -> dict[str, str]:
        settings: dict[str, str] = {}
        for key, (_k, value_node) in entries.items():
            if key not in _ROLE_KEYS[role]:
                continue
            value = self._text(value_node, f"typography.{role}.{key}")
            if value is None:
                continue
            if key in ("color", "background-color"):
                value = self._color(value_node, f"typography.{role}.{key}", self.named_colors) or ""
                if value and key == "color" and role in ("headings", "link"):
                    self.text_colors[f"typography.{role}.color"] = (value, value_node)
            elif key == "weight":
                value = str(self._weight(value_node, f"typography.{role}.weight") or 400)
            elif key == "family":
                stack = self._stack(value, value_node, role, families)
                if not stack:
                    continue
                self.stacks[role], value = stack, stack[0]
            elif key == "decoration":
                self.decoration_node = value_node
            if key in _CSS_VALUES and key != "family" and not _CSS_VALUES[key].match(value):
                self._error(value_node, f"'typography.{role}.{key}' is not a valid value: '{value}'", "brand.typography",
                            _CSS_HINTS[key])
                continue
            settings[key] = value
        return settings

    def _stack(self, value: str, node: Node, role: str, families: set[str]) -> tuple[str, ...]:
        """A family, or a CSS list of them ("Public Sans, Arial, sans-serif"): brand fonts, generic families and
        fonts without files; said once when no font of the list before its generic one is at hand. A near miss
        of a brand font's name is a typo."""
        names = tuple(name.strip().strip("\"'").strip() for name in value.split(","))
        matched = ",".join((*names, ROLE_GENERIC.get(role.split("-")[0], "sans-serif")))  # as the PDF looks for it
        unresolved = None
        for name in names:
            if not _CSS_VALUES["family"].match(name):
                self._error(node, f"'typography.{role}.family' is not a valid value: '{value}'", "brand.typography",
                            _CSS_HINTS["family"] + "; separate the families of a list with commas")
                return ()
            if name in GENERIC_FAMILIES:
                break
            if name in families:
                return names
            if name in self.fileless:
                self._system_font(name, self.fileless[name][0], self.fileless[name][1], matched)
                return names
            if closest(name, families):
                self._error(node, f"font family '{name}' is not in typography.fonts{did_you_mean(name, families)}",
                            "brand.font", "declare it under typography.fonts with its files")
                return ()
            if _installed(name):
                self._system_font(name, node, None)
                return names  # the PDF is set in it
            unresolved = unresolved or name
        if unresolved:
            self._system_font(unresolved, node, None, matched)
        return names

    def _handouts(self) -> dict:
        top = _mapping(self.root)
        defaults = _mapping(top["defaults"][1]) if "defaults" in top and isinstance(top["defaults"][1], MappingNode) else {}
        if "handouts" not in defaults:
            return {}
        node = defaults["handouts"][1]
        if not isinstance(node, MappingNode):
            self._error(node, "'defaults.handouts' must be a set of 'key: value' lines", "brand.structure",
                        f"put each setting on its own line below it, indented: {', '.join(HANDOUTS_DEFAULTS)}")
            return {}
        entries = _mapping(node)
        self._unknown(entries, HANDOUTS_DEFAULTS, "defaults.handouts.")
        values = {key: self._text(entries[key][1], f"defaults.handouts.{key}") for key in HANDOUTS_DEFAULTS
                  if key in entries and key != "topics"}
        if "topics" in entries:
            values["topics"] = FrozenMap(self._topic_names(entries["topics"][1]))
        if values.get("paper") and values["paper"] not in PAPERS:
            self._error(entries["paper"][1], f"paper must be one of {', '.join(PAPERS)}, got '{values['paper']}'",
                        "brand.paper", "write " + " or ".join(f"`paper: {paper}`" for paper in PAPERS))
        if values.get("lang") and not LANG.match(values["lang"]):
            self._error(entries["lang"][1], f"'{values['lang']}' is not a language tag such as en-US", "brand.lang",
                        "write a BCP 47 tag: en-US, fr, es-419, ar")
        if values.get("base_url") and not re.match(r"^https?://[^\s/]+", values["base_url"]):
            self._error(entries["base_url"][1], f"base_url must start with https://, got '{values['base_url']}'",
                        "brand.base-url", "write the address the site is published at, such as "
                        "`base_url: https://handouts.example.org/`")
        return {k: v for k, v in values.items() if v}

    def _topic_names(self, node: Node) -> dict[str, str]:
        """`topics:` as `slug: Name` lines: the names the catalogue and the pages show for the briefs' topics."""
        if not isinstance(node, MappingNode):
            self._error(node, "'defaults.handouts.topics' must be 'slug: Name' lines", "brand.topics",
                        "put each topic on its own line below it, indented: `us-policy: U.S. policy`")
            return {}
        names = {}
        for slug, (key_node, value_node) in _mapping(node).items():
            if not SLUG.match(slug):
                self._error(key_node, f"topic '{slug}' is not a slug", "brand.topics",
                            f"write it as briefs do in `topics:`, '{slugify(slug)}'")
                continue
            name = self._text(value_node, f"defaults.handouts.topics.{slug}")
            if name:
                names[slug] = name
        return names


def _installed(family: str) -> bool:
    """Whether this machine has the font itself (not a stand-in fontconfig would give for it)."""
    match = system_match(family)
    return match is not None and match[0].casefold() == family.casefold()


def _css_color(value: str) -> str | None:
    """An opaque CSS color (a name such as white or navy, rgb(), hsl()) as #rrggbb, read by tinycss2 as
    WeasyPrint reads it; None for what is not one, and for transparent colors, whose contrast depends on
    what is behind them."""
    from tinycss2.color3 import RGBA, parse_color

    color = parse_color(value)
    if not isinstance(color, RGBA) or color.alpha != 1:
        return None
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in color[:3])


def _long_hex(value: str) -> str:
    value = value.lower()
    return "#" + "".join(c * 2 for c in value[1:]) if len(value) == 4 else value


def family_stack(brand: Brand, role: str) -> str:
    """A CSS font-family list: the role's family, then the brand's other families (one of them may have
    the script the first lacks, such as Arabic), then the generic family."""
    own = brand.stacks.get(role, ())
    others = [f.family for f in brand.fonts if f.files and f.family not in own]
    generic = ROLE_GENERIC.get(role.split("-")[0], "sans-serif")
    families = [*own, *others] + [generic] * (not set(own) & set(GENERIC_FAMILIES))
    return ", ".join(name if name in GENERIC_FAMILIES else f'"{name}"' for name in families)


def blend(color: str, ground: str, amount: float) -> str:
    """`amount` of #rrggbb `color` over `ground`: a tint for rules and borders derived from the brand."""
    mixed = [round(int(color[i:i + 2], 16) * amount + int(ground[i:i + 2], 16) * (1 - amount)) for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02x}" for c in mixed)
