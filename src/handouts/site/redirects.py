"""dist/ holds what the briefs make, nothing more: folders no brief makes are removed, and each old slug a
brief lists under `aliases:` gets a page that sends readers to the brief's address."""
from __future__ import annotations

import shutil

import jinja2

from ..atomic import write_if_changed
from ..load.brand import Brand
from ..load.brief import Brief
from ..build.plan import Manifest
from ..problems import WARNING, Problem
from ..project import Project

SHARED = ("assets", "packets")  # dist/'s own folders, made by no brief


def redirect_map(project: Project, briefs: list[Brief], slugs: set[str]) -> tuple[dict[str, Brief], list[Problem]]:
    """Each old slug and the brief it sends to, and a warning for an alias that is another brief's slug or
    that a brief before it (by slug) claims already: an old address sends readers to one brief."""
    redirects: dict[str, Brief] = {}
    problems = []
    for brief in sorted(briefs, key=lambda b: b.slug):
        for alias in brief.aliases:
            other = alias if alias in slugs else redirects[alias].slug if alias in redirects else None
            if other is None:
                redirects[alias] = brief
                continue
            problems.append(Problem(project.rel(brief.path), brief.lines.get("aliases"), None, WARNING,
                                    f"alias '{alias}' is {'the slug of' if alias in slugs else 'an alias of'} brief "
                                    f"'{other}': no page is made for it", "brief.aliases",
                                    "an old address can send readers to one brief only: remove the alias"))
    return redirects, problems


def write_redirects(project: Project, brand: Brand, env: jinja2.Environment, redirects: dict[str, Brief]) -> None:
    """dist/<alias>/index.html for each old slug, sending to its brief; what else the old folder held goes."""
    template = env.get_template("base/redirect.html.j2")
    for alias, brief in redirects.items():
        page = template.render(brief=brief, brand=brand, target=f"../{brief.slug}/", url=brand.url_for(brief.slug))
        write_if_changed(project.dist / alias / "index.html", page.encode("utf-8"))
        for stale in (project.dist / alias).iterdir():  # the old brief's PDF, EPUB and images
            if stale.name != "index.html":
                shutil.rmtree(stale) if stale.is_dir() else stale.unlink()


def remove_stale(project: Project, manifest: Manifest, keep: set[str]) -> list[str]:
    """Remove the folders of dist/ that no brief makes any more (a brief renamed or deleted); their names."""
    if not project.dist.is_dir():
        return []
    removed = []
    for folder in sorted(p for p in project.dist.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if folder.name not in keep and folder.name not in SHARED:
            shutil.rmtree(folder)
            manifest.forget(folder.name)
            removed.append(folder.name)
    return removed
