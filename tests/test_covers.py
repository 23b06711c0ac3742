"""Covers: drawn from the brand (size, same bytes every time) or taken from the brief's own file."""
from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD_FRONT_MATTER
from PIL import Image, ImageChops

from handouts.load.brand import load_brand
from handouts.load.brief import load_brief
from handouts.formats.covers import CoverError, cover_image, cover_png, thumbnail_png
from handouts.load.discover import discover
from handouts.project import Project

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def loaded(project_root, slug: str):
    """The project's brand and the brief `slug`, as the build loads them."""
    root = Project.at(project_root)
    brand, problems = load_brand(root)
    assert brand is not None, problems
    sources, _ = discover(root)
    brief, problems = load_brief(next(s for s in sources if s.slug == slug), root, brand.defaults)
    assert brief is not None, [p.render() for p in problems]
    return brief, brand


def size_of(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size


@pytest.fixture
def plain(project):
    project.brief("plain", GOOD_FRONT_MATTER + "Text.\n")
    return loaded(project.root, "plain")


def test_drawn_cover_is_a_png_of_the_asked_size(plain):
    brief, brand = plain
    data = cover_png(brief, brand)
    assert data.startswith(PNG_SIGNATURE)
    assert size_of(data) == (1200, 1600)
    assert size_of(cover_png(brief, brand, 600, 800)) == (600, 800)


def test_drawn_cover_uses_the_brand_colors(plain):
    brief, brand = plain
    with Image.open(io.BytesIO(cover_png(brief, brand))) as image:
        rgb = image.convert("RGB")
        top, bottom = rgb.getpixel((5, 5)), rgb.getpixel((5, 1595))
    assert "#%02x%02x%02x" % top == brand.colors["primary"]
    assert "#%02x%02x%02x" % bottom == brand.colors["background"]


def test_drawn_cover_is_the_same_bytes_in_another_process(plain, project):
    brief, brand = plain
    first = cover_png(brief, brand)
    assert cover_png(brief, brand) == first
    script = ("import sys; from test_covers import loaded; from handouts.formats.covers import cover_png; "
              "sys.stdout.buffer.write(cover_png(*loaded(sys.argv[1], 'plain')))")
    other = subprocess.run([sys.executable, "-c", script, str(project.root)], capture_output=True, check=True,
                           cwd=Path(__file__).parent,
                           env={**os.environ, "PYTHONHASHSEED": "123", "TZ": "Asia/Tokyo", "LC_ALL": "C"})
    assert other.stdout == first


def test_long_titles_and_a_brand_without_fonts_still_draw(project):
    project.brief("long", GOOD_FRONT_MATTER.replace('"A Good Brief"', '"' + "Antidisestablishmentarianism " * 6 + '"')
                  .replace("kind: brief", "kind: brief\nsubtitle: \"" + "A subtitle that goes on " * 8 + "\""))
    brief, brand = loaded(project.root, "long")
    assert size_of(cover_png(brief, brand)) == (1200, 1600)
    bare = dataclasses.replace(brand, fonts=())
    assert size_of(cover_png(brief, bare, 300, 400)) == (300, 400)


def test_brief_without_cover_gets_the_drawn_one(plain):
    brief, brand = plain
    cover = cover_image(brief, brand)
    assert (cover.suffix, cover.media_type, cover.drawn) == (".png", "image/png", True)
    assert cover.data == cover_png(brief, brand)
    assert size_of(thumbnail_png(brief, brand)) == (600, 800)


def test_drawn_cover_shows_the_brands_svg_logo_beside_its_name(plain):
    brief, brand = plain
    assert brand.logo("large").path.suffix == ".svg"
    without = dataclasses.replace(brand, logos={})
    with Image.open(io.BytesIO(cover_png(brief, brand))) as drawn, \
            Image.open(io.BytesIO(cover_png(brief, without))) as plain_cover:
        difference = ImageChops.difference(drawn.convert("RGB"), plain_cover.convert("RGB")).getbbox()
        colors = drawn.convert("RGB").crop(difference).getcolors(maxcolors=1 << 16)
    navy = sum(count for count, color in colors if color == (0x1f, 0x3a, 0x5f))
    left, top, right, _bottom = difference
    assert left < 150 and top > 1600 * 0.68 and right - left > 150  # in the band under the panel, at the left
    assert navy > 150 * 150 // 2  # the mark's navy square, drawn (not a blank placeholder)


def test_an_svg_cover_gets_a_thumbnail_of_its_own(project):
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400">'
           '<rect width="300" height="400" fill="#c81e1e"/></svg>')
    project.write("briefs/own/cover.svg", svg)
    project.brief("own", GOOD_FRONT_MATTER.replace("kind: brief", "kind: brief\ncover: cover.svg") + "Text.\n",
                  bundle=True)
    brief, brand = loaded(project.root, "own")
    with Image.open(io.BytesIO(thumbnail_png(brief, brand))) as image:
        assert image.size == (600, 800) and image.convert("RGB").getpixel((300, 400)) == (0xc8, 0x1e, 0x1e)


def test_text_in_an_svg_cover_is_drawn_in_the_brands_fonts(project):
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400"><rect width="300" height="400" '
           'fill="#ffffff"/><text x="20" y="200" font-family="{}" font-size="60" fill="#000000">Court</text></svg>')
    inked = {}
    for family in ("sans-serif", "serif", "monospace", "Source Sans 3"):
        project.write("briefs/own/cover.svg", svg.format(family))
        project.brief("own", GOOD_FRONT_MATTER.replace("kind: brief", "kind: brief\ncover: cover.svg") + "Text.\n",
                      bundle=True)
        brief, brand = loaded(project.root, "own")
        with Image.open(io.BytesIO(thumbnail_png(brief, brand))) as image:
            inked[family] = sum(n for n, color in image.convert("L").getcolors() if color < 128)
    assert all(count > 2000 for count in inked.values()), inked  # the word is there, in every family


def test_brief_cover_is_used_as_it_is_and_fitted_for_the_thumbnail(project):
    buffer = io.BytesIO()
    Image.new("RGB", (500, 500), (200, 30, 30)).save(buffer, "JPEG")
    project.write("briefs/own/cover.jpeg", buffer.getvalue())
    project.brief("own", GOOD_FRONT_MATTER.replace("kind: brief", "kind: brief\ncover: cover.jpeg") + "Text.\n",
                  bundle=True)
    brief, brand = loaded(project.root, "own")
    cover = cover_image(brief, brand)
    assert (cover.data, cover.suffix, cover.media_type, cover.drawn) == (buffer.getvalue(), ".jpg", "image/jpeg", False)
    thumbnail = thumbnail_png(brief, brand)
    assert thumbnail.startswith(PNG_SIGNATURE) and size_of(thumbnail) == (600, 800)
    with Image.open(io.BytesIO(thumbnail)) as image:
        assert image.convert("RGB").getpixel((300, 400))[0] > 150  # the picture, not the padding


def test_broken_cover_file_is_a_cover_error(project):
    project.write("briefs/broken/cover.png", b"not a png at all")
    project.brief("broken", GOOD_FRONT_MATTER.replace("kind: brief", "kind: brief\ncover: cover.png") + "Text.\n",
                  bundle=True)
    brief, brand = loaded(project.root, "broken")
    with pytest.raises(CoverError, match="cover.png"):
        cover_image(brief, brand)
    with pytest.raises(CoverError):
        thumbnail_png(brief, brand)


def test_letters_the_headings_font_lacks_are_drawn_with_a_brand_font_that_has_them(plain):
    from handouts.formats.covers import _font

    _brief, brand = plain
    assert _font(brand, "headings", 700, "normal", 40, "The Court").getname()[0] == "Source Sans 3"
    assert _font(brand, "headings", 700, "normal", 40, "المحكمة الجنائية").getname()[0] == "Noto Naskh Arabic"
