"""Covers: the brief's own cover image, or a PNG drawn from the brand; and the thumbnail dist/<slug>/cover.png."""
from __future__ import annotations

import functools
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from ..atomic import write_if_changed
from ..load.brand import Brand, contrast
from ..load.brief import Brief
from ..words import is_rtl, voice
from ..tools.fonts import characters, sfnt_path
from ..problems import Problems
from ..tools import svg

THUMBNAIL_SIZE = (600, 800)
MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp",
               ".svg": "image/svg+xml"}
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
MAX_COVER_PIXELS = 40_000_000  # a cover is a page, not a poster: refuse decompression bombs
_PANEL = 0.68  # share of the height in the brand's primary color


class CoverError(Exception):
    """The brief's cover file cannot be used (reported to the writer)."""


@dataclass(frozen=True)
class Cover:
    data: bytes
    suffix: str       # ".png", ".jpg", ...: the extension the file gets in the e-book
    media_type: str
    drawn: bool       # True when drawn from the brand, False for the brief's own file


def cover_image(brief: Brief, brand: Brand) -> Cover:
    """The e-book cover: the brief's `cover` file as it is, else one drawn from the brand."""
    if brief.cover is None:
        return Cover(cover_png(brief, brand), ".png", "image/png", True)
    suffix = brief.cover.suffix.lower()
    data = brief.cover.read_bytes()
    if suffix in RASTER_SUFFIXES:
        _open(data, brief.cover.name).close()  # a broken file is the writer's problem, said now
    else:
        try:
            data = svg.sanitized(data)  # the book carries the safe subset, as the web carries a figure's
        except svg.SvgRefused as refused:
            raise CoverError(f"cover '{brief.cover.name}' {refused.where()}") from None
    return Cover(data, ".jpg" if suffix == ".jpeg" else suffix, MEDIA_TYPES[suffix], False)


def draw_thumbnail(brief: Brief, brand: Brand, folder: Path, problems: Problems) -> str | None:
    """<folder>/cover.png, the thumbnail the catalogue and link previews show; its name, or None when the
    brief's cover cannot be read (said as its problem)."""
    try:
        write_if_changed(folder / "cover.png", thumbnail_png(brief, brand))
    except CoverError as exc:
        problems.error(str(exc), "cover.unreadable", brief.lines.get("cover"), hint="export the cover as PNG or JPEG")
        return None
    return "cover.png"


def thumbnail_png(brief: Brief, brand: Brand, size: tuple[int, int] = THUMBNAIL_SIZE) -> bytes:
    """The catalogue's thumbnail: the brief's cover fitted to `size`, else the drawn cover."""
    if brief.cover is None:
        return cover_png(brief, brand, *size)
    if brief.cover.suffix.lower() == ".svg":
        image = _svg(brief.cover, size[0], brand)
        if image is None:  # refused by the resource policy (the build reports it)
            return cover_png(brief, brand, *size)
    else:
        image = _open(brief.cover.read_bytes(), brief.cover.name)
    with image:
        fitted = ImageOps.pad(image.convert("RGB"), size, Image.Resampling.LANCZOS, color=brand.colors["background"])
    return _png(fitted)


def cover_png(brief: Brief, brand: Brand, width: int = 1200, height: int = 1600) -> bytes:
    """A cover drawn from the brand: kind, title and subtitle on the primary color, the organization below."""
    image = Image.new("RGB", (width, height), brand.colors["background"])
    draw = ImageDraw.Draw(image)
    scale = width / 1200
    margin = round(96 * scale)
    panel = round(height * _PANEL)
    draw.rectangle((0, 0, width, panel), fill=brand.colors["primary"])
    draw.rectangle((0, panel, width, panel + round(16 * scale)), fill=_accent(brand))
    y = _draw_kind(draw, brief, brand, margin, round(140 * scale), scale)
    _draw_titles(draw, brief, brand, margin, y + round(70 * scale), width - 2 * margin,
                 panel - margin, scale)
    _draw_organization(image, brand, margin, panel + round(16 * scale), width - 2 * margin, height, scale)
    return _png(image)


# -- drawing ----------------------------------------------------------------------------------

def _draw_kind(draw: ImageDraw.ImageDraw, brief: Brief, brand: Brand, x: int, y: int, scale: float) -> int:
    """The kind label, spaced capitals over a short rule; returns the rule's bottom."""
    words = voice(brief.lang, brand.lang).words
    label = words.kind(brief.kind).upper()
    if not is_rtl(words.lang):  # letter-spacing, which Pillow has not; joined letters (Arabic) stay joined
        label = " ".join(label)
    font = _font(brand, "headings", 700, "normal", round(34 * scale), label)
    draw.text((x, y), label, font=font, fill=_accent(brand))
    rule_top = y + round(64 * scale)
    draw.rectangle((x, rule_top, x + round(120 * scale), rule_top + round(10 * scale)), fill=_accent(brand))
    return rule_top + round(10 * scale)


def _draw_titles(draw, brief: Brief, brand: Brand, x: int, top: int, width: int, bottom: int, scale: float) -> None:
    """The title as large as fits (at most five lines), the subtitle under it."""
    on_panel = _readable(brand, brand.colors["primary"])
    sub_font = _font(brand, "base", 400, "italic", round(46 * scale), brief.subtitle or "")
    sub_lines = _wrap(brief.subtitle, sub_font, width)[:4] if brief.subtitle else []
    sub_height = len(sub_lines) * round(46 * scale * 1.3) + (round(40 * scale) if sub_lines else 0)
    for size in range(round(112 * scale), round(52 * scale) - 1, -max(1, round(4 * scale))):
        font = _font(brand, "headings", 700, "normal", size, brief.title)
        count = len(_greedy(brief.title, font, width))  # balancing keeps the count: done once, below
        if count <= 5 and top + count * size * 1.15 + sub_height <= bottom:
            break
    lines = _wrap(brief.title, font, width)
    room = max(1, int((bottom - top - sub_height) / (size * 1.15)))
    if len(lines) > room:  # a title too long even at the smallest size: cut, visibly
        lines = lines[:room - 1] + [lines[room - 1].rstrip(" ,;:") + "…"]
    y = float(top)
    for line in lines:
        draw.text((x, round(y)), line, font=font, fill=on_panel)
        y += size * 1.15
    y += round(40 * scale)
    for line in sub_lines:
        draw.text((x, round(y)), line, font=sub_font, fill=_muted(brand))
        y += round(46 * scale * 1.3)


def _draw_organization(image: Image.Image, brand: Brand, x: int, top: int, width: int, bottom: int,
                       scale: float) -> None:
    """The logo, the organization's name and web address, centred in the band under the panel."""
    logo = _logo(brand, round(150 * scale))
    if logo is not None:
        image.paste(logo, (x, (top + bottom - logo.height) // 2), logo)
        x, width = x + logo.width + round(40 * scale), width - logo.width - round(40 * scale)
    draw = ImageDraw.Draw(image)
    name_size, web_size = round(54 * scale), round(32 * scale)
    name_font = _font(brand, "headings", 600, "normal", name_size, brand.name_full)
    web_font = _font(brand, "headings", 400, "normal", web_size)
    lines = _wrap(brand.name_full, name_font, width)[:3]
    web = _web_address(brand)
    height = len(lines) * round(name_size * 1.2) + (round(web_size * 1.9) if web else 0)
    y = (top + bottom - height) // 2
    for line in lines:
        draw.text((x, y), line, font=name_font, fill=brand.colors["primary"])
        y += round(name_size * 1.2)
    if web:
        draw.text((x, y + round(web_size * 0.6)), web, font=web_font, fill=_on_background(brand))


def _logo(brand: Brand, side: int) -> Image.Image | None:
    """The brand's large logo fitted in a `side` square, drawn from SVG when it is one."""
    logo = brand.logo("large")
    if logo is None:
        return None
    try:
        if logo.path.suffix.lower() == ".svg":
            raw = _svg(logo.path, side * 2, brand)
            if raw is None:
                return None
        else:
            raw = Image.open(logo.path)
        with raw:
            return ImageOps.contain(raw.convert("RGBA"), (side, side), Image.Resampling.LANCZOS)
    except (OSError, UnidentifiedImageError, ValueError):
        return None  # the brand check reports logo files; the cover still shows the name


def _svg(path: Path, width: int, brand: Brand) -> Image.Image | None:
    """An SVG file drawn `width` pixels wide by resvg, or None when the resource policy refuses it.

    Only the brand's fonts are loaded, never the system's: every machine draws the same pixels.
    """
    try:
        data = svg.sanitized(path.read_bytes())
    except svg.SvgRefused:
        return None
    return _open(svg_png(data, width, brand), path.name)


def svg_png(data: bytes, width: int, brand: Brand) -> bytes:
    """A safe SVG's bytes drawn `width` pixels wide as a PNG by resvg, with the brand's fonts only."""
    fonts = tuple(str(sfnt_path(file.path)) for family in brand.fonts for file in family.files)
    return _rasterized(data, width, fonts, tuple(_generic_families(brand).items()))


@functools.lru_cache(maxsize=32)
def _rasterized(data: bytes, width: int, fonts: tuple[str, ...], families: tuple[tuple[str, str], ...]) -> bytes:
    """resvg's drawing, once per process for the same SVG and fonts: every brief's cover and thumbnail draw the
    brand's logo, every DOCX and e-mail of a brief its figures."""
    import resvg_py  # loaded only when an SVG is drawn

    return bytes(resvg_py.svg_to_bytes(svg_string=data.decode("utf-8"), width=width, skip_system_fonts=True,
                                       font_files=list(fonts), **dict(families)))


def _generic_families(brand: Brand) -> dict[str, str]:
    """resvg's generic families (serif, sans-serif, monospace) as the brand's text, headings and code fonts:
    with no system fonts loaded, text set in a generic family would otherwise not be drawn at all."""
    roles = {"font_family": "base", "serif_family": "base", "sans_serif_family": "headings",
             "monospace_family": "monospace"}
    families = {option: brand.typography.get(role, {}).get("family") for option, role in roles.items()}
    return {option: family for option, family in families.items() if family}


def _web_address(brand: Brand) -> str:
    """The organization's site as people type it: host and path, no scheme."""
    address = brand.home or brand.base_url or ""
    return re.sub(r"^https?://", "", address).rstrip("/")


def _wrap(text: str, font, width: int) -> list[str]:
    """Word wrap to `width` pixels with lines of even length (no lone last word); too long a word is cut."""
    lines = _greedy(text, font, width)
    low, high = width // 2, width
    while low < high:  # the narrowest width that still needs no more lines
        middle = (low + high) // 2
        if len(_greedy(text, font, middle)) <= len(lines):
            high = middle
        else:
            low = middle + 1
    return _greedy(text, font, high)


def _greedy(text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width and len(word) > 1:
            cut = max(1, next((i for i in range(len(word), 0, -1) if font.getlength(word[:i]) <= width), 1))
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    return lines + ([line] if line else [])


# -- colors -----------------------------------------------------------------------------------

def _readable(brand: Brand, ground: str) -> str:
    """The brand's background or foreground color, whichever reads better on `ground`."""
    light, dark = brand.colors["background"], brand.colors["foreground"]
    return light if contrast(light, ground) >= contrast(dark, ground) else dark


def _accent(brand: Brand) -> str:
    accent = brand.colors.get("tertiary", brand.colors["secondary"])
    return accent if contrast(accent, brand.colors["primary"]) >= 3 else _readable(brand, brand.colors["primary"])


def _on_background(brand: Brand) -> str:
    secondary = brand.colors["secondary"]
    return secondary if contrast(secondary, brand.colors["background"]) >= 4.5 else brand.colors["foreground"]


def _muted(brand: Brand) -> str:
    light = brand.colors["light"]
    return light if contrast(light, brand.colors["primary"]) >= 4.5 else _readable(brand, brand.colors["primary"])


# -- fonts and files --------------------------------------------------------------------------

def _font(brand: Brand, role: str, weight: int, style: str, size: int, text: str = ""):
    """The brand's font for a text role at a size, nearest in weight and style; Pillow's own if none.
    When the role's family lacks letters of `text` (an Arabic title), a brand family that has them."""
    wanted = brand.typography.get(role, {}).get("family")
    families = sorted((f for f in brand.fonts if f.files), key=lambda f: f.family != wanted)
    if not families:
        return ImageFont.load_default(size)
    letters = {ord(c) for c in text if unicodedata.category(c)[0] in "LM"}
    family = next((f for f in families if letters <= characters(f.files[0].path)), families[0])
    best = min(family.files, key=lambda f: ((f.style != style) * 1000 + abs(f.weight - weight), f.path.name))
    return _truetype(sfnt_path(best.path), size)


@functools.lru_cache(maxsize=64)
def _truetype(path: Path, size: int):
    return ImageFont.truetype(str(path), size)


def _open(data: bytes, name: str) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_COVER_PIXELS:
            raise CoverError(f"cover '{name}' is {image.width}x{image.height} pixels, too large")
        image.load()
        return image
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise CoverError(f"cover '{name}' is not a readable image ({exc})") from None


def _png(image: Image.Image) -> bytes:
    """PNG bytes with no metadata chunks, so the same drawing gives the same bytes."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()
