"""Stage 4 (build): each packet one target, bound after the briefs when a brief in it, its file or the brand changed."""
from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from ..atomic import atomic_write
from ..document.markdown import Fragment, to_html
from ..document.structure import Structure
from ..editions import EDITIONS
from ..formats import RENDERERS, Page
from ..formats.base import output_path as edition_path
from ..formats.packet import LAYOUTS, bind
from ..formats.pdf import print_html_path
from ..load.brand import Brand
from ..load.brief import Brief
from ..load.packet import Packet, load_packets
from ..problems import ERROR, Problem, Problems, attempt
from ..project import Project
from .plan import Manifest, Target, file_facts, packet_fingerprint, target_fingerprint

KEY = "packet:{}"  # its manifest key's slug: no brief's slug has a colon


def output_path(project: Project, slug: str) -> Path:
    return project.dist / "packets" / f"{slug}.pdf"


def build_packets(project: Project, brand: Brand, env, manifest: Manifest, shared: str, summary, options) -> None:
    """Bind the stale packets (every packet, or those whose briefs were all chosen with --only), into dist/packets/;
    remove the PDFs of packets that are gone. Said in the summary as briefs are, named packets/<slug>."""
    briefs = {brief.slug: brief for brief in summary.loaded}
    packets, problems = load_packets(project, briefs, summary.known)
    if not options.only:  # as in check: a build of some briefs is not failed by a packet file it does not bind
        summary.problems += problems
        for problem in (p for p in problems if p.is_error):
            name = f"packets/{Path(problem.path).stem}"
            summary.failed[name] = summary.failed.get(name, 0) + 1
    _remove_gone(project, manifest, {p.stem for p in project.packets.glob("*.yml")})
    if "pdf" not in options.formats:
        return
    for packet in packets:
        if not options.only or set(packet.briefs) <= set(options.only):
            _build(project, brand, env, manifest, shared, summary, options, packet, briefs)


def _build(project: Project, brand: Brand, env, manifest: Manifest, shared: str, summary, options, packet: Packet,
           briefs: dict[str, Brief]) -> None:
    """The packet bound when stale and all its briefs built; said in the summary either way."""
    name = f"packets/{packet.slug}"
    failed = [slug for slug in packet.briefs if slug in summary.failed]
    if failed:
        summary.problems.append(Problem(project.rel(packet.path), packet.lines.get("briefs"), None, ERROR,
                                        f"not bound: {', '.join(failed)} failed to build", "packet.brief-failed",
                                        "correct the errors reported for the brief, then build again"))
        summary.failed[name] = 1
        return
    chosen = [briefs[slug] for slug in packet.briefs]
    prints = _print_targets(project, manifest, shared, chosen)
    target = Target(KEY.format(packet.slug), "pdf", output_path(project, packet.slug),
                    _fingerprint(project, manifest, shared, packet, prints))
    if not options.force and manifest.is_current(target):
        summary.current.append(name)
        return
    facts, problems = attempt(project.rel(packet.path), "binding the packet", _bind, project, brand, env, manifest,
                              packet, list(zip(chosen, prints)), tuple(sorted(summary.known)), debug=options.debug)
    summary.problems += problems
    if facts is None or any(p.is_error for p in problems):
        summary.failed[name] = max(1, sum(p.is_error for p in problems))
        return
    manifest.record(target, facts)
    summary.built.append(name)


def _print_targets(project: Project, manifest: Manifest, shared: str, briefs: list[Brief]) -> list[Target]:
    """Each brief's print edition as a target: its fingerprint is an input of the packet."""
    return [Target(brief.slug, "pdf", edition_path(project, brief.slug, "pdf"),
                   target_fingerprint(shared, project, manifest.digests, brief, "pdf", EDITIONS["pdf"].layouts))
            for brief in briefs]


def _fingerprint(project: Project, manifest: Manifest, shared: str, packet: Packet, prints: list[Target]) -> str:
    """The packet's inputs: each brief's print edition's (its files, the print layouts), its file and note."""
    files = [packet.path] + ([packet.note_file] if packet.note_file else [])
    return packet_fingerprint(shared, project, manifest.digests, KEY.format(packet.slug),
                              [t.fingerprint for t in prints], files, LAYOUTS)


def _bind(project: Project, brand: Brand, env, manifest: Manifest, packet: Packet,
          briefs: list[tuple[Brief, Target]], slugs: tuple[str, ...]) -> dict:
    """The packet written to dist/packets/, and what the manifest (and the catalogue) keep of it."""
    htmls = [_kept_html(project, manifest, target) for _brief, target in briefs]
    pages = [Page(brief, _fragment(project, brief, slugs, html), brand, project, env, Problems(project.rel(brief.path)))
             for (brief, _target), html in zip(briefs, htmls)]
    expected = [manifest.fact(brief.slug, "pdf", "pages") or 1 for brief, _target in briefs]
    bound = bind(packet, pages, expected, htmls)
    path = output_path(project, packet.slug)
    atomic_write(path, bound.data)
    return {**file_facts(project.dist, path), "pages": bound.numbering.total, "starts": bound.starts,
            "title": packet.title, "for": packet.audience, "date": packet.date.isoformat(),
            "briefs": list(packet.briefs)}


def _kept_html(project: Project, manifest: Manifest, target: Target) -> str | None:
    """The brief's print HTML as its current PDF was rendered from, when kept (in this project: its images are
    named by their paths), else None."""
    kept = manifest.fact(target.slug, "pdf", "print_html")
    path = print_html_path(project, target.slug)
    if not manifest.is_current(target) or not isinstance(kept, dict) or kept.get("root") != str(project.root) \
            or not path.is_file():
        return None
    html = path.read_text("utf-8")
    return html if hashlib.sha256(html.encode()).hexdigest() == kept.get("sha256") else None


def _fragment(project: Project, brief: Brief, slugs: tuple[str, ...], html: str | None) -> Fragment:
    """pandoc's fragment of the brief, needed only when its print HTML was not kept. Its problems were said when
    the brief was built."""
    if html:  # laid out from the kept HTML: the page's fragment is not read
        return Fragment("", "", (), Structure((), frozenset()), "")
    return to_html(brief, project, Problems(project.rel(brief.path)), slugs)


def records(manifest: Manifest) -> dict[str, dict]:
    """What was recorded of each packet bound (slug -> facts), for the catalogue."""
    prefix = KEY.format("")
    return {key.removeprefix(prefix).removesuffix("/pdf"): {k: v for k, v in entry.items() if k != "fingerprint"}
            for key, entry in manifest.entries.items() if key.startswith(prefix)}


def _remove_gone(project: Project, manifest: Manifest, present: set[str]) -> None:
    """A packet whose file was deleted leaves no PDF behind (and no record)."""
    for slug in [slug for slug in records(manifest) if slug not in present]:
        output_path(project, slug).unlink(missing_ok=True)
        manifest.forget(KEY.format(slug))
    folder = project.dist / "packets"
    if folder.is_dir() and not present:
        shutil.rmtree(folder)
