"""Shared web assets in dist/assets: one stylesheet from the brand and layouts, fonts, logos."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from ..tools import svg
from ..atomic import write_if_changed
from ..load.brand import Brand, blend, family_stack
from ..project import Project

FONT_FORMATS = {".woff2": "woff2", ".woff": "woff", ".ttf": "truetype", ".otf": "opentype"}


def brand_css(brand: Brand, env: jinja2.Environment, font_url) -> str:
    """The brand's @font-face rules and custom properties, with font URLs made by `font_url(path)`."""
    return env.get_template("base/brand.css.j2").render(
        brand=brand, font_url=font_url, family_stack=lambda role: family_stack(brand, role),
        rule=blend(brand.colors["secondary"], brand.colors["background"], 0.3),
        font_format=lambda path: FONT_FORMATS[Path(urlsplit(font_url(path)).path).suffix.lower()],
    )


def web_stylesheet(brand: Brand, project: Project, env: jinja2.Environment) -> str:
    """brand.css, base/lists.css, base/web.css and base/catalog.css, then each kind's web.css (scoped by its
    body class)."""
    parts = [brand_css(brand, env, lambda path: f"fonts/{Path(path).name}"),
             (project.layouts / "base" / "lists.css").read_text("utf-8"),
             (project.layouts / "base" / "web.css").read_text("utf-8"),
             (project.layouts / "base" / "catalog.css").read_text("utf-8")]
    for kind_css in sorted(project.layouts.glob("*/web.css")):
        if kind_css.parent.name != "base":
            parts.append(kind_css.read_text("utf-8"))
    return "\n".join(parts)


# The layouts dist/assets/ is made of, beside the brand and its files (fonts, logos).
ASSET_LAYOUTS = ("base/brand.css.j2", "base/*.css", "*/web.css", "base/catalog.js")


def write_assets(brand: Brand, project: Project, env: jinja2.Environment) -> list[Path]:
    """dist/assets/handouts.css, catalog.js, fonts/ and logo/, written only where they changed; their paths."""
    assets = project.dist / "assets"
    files = {assets / "handouts.css": web_stylesheet(brand, project, env).encode("utf-8"),
             assets / "catalog.js": (project.layouts / "base" / "catalog.js").read_bytes()}
    for family in brand.fonts:
        for file in family.files:
            files[assets / "fonts" / file.path.name] = file.path.read_bytes()
    for path in {file for logo in brand.logos.values() for file in (logo.path, logo.dark) if file}:
        data = path.read_bytes()
        # The brand check refused an unsafe SVG, so this one passes.
        files[assets / "logo" / path.name] = svg.sanitized(data) if path.suffix.lower() == ".svg" else data
    for target, data in files.items():
        write_if_changed(target, data)
    return sorted(files)
