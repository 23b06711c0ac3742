"""Hostile and broken briefs: each is reported, none leaks a file, reaches a server or puts script in an output."""
from __future__ import annotations

import http.server
import os
import re
import struct
import threading
import uuid
import zipfile
import zlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from conftest import TestProject
from validators import axe_violations

from handouts.build.run import Options, build
from handouts.project import Project

pytestmark = pytest.mark.slow
CANARY = f"CANARY-{uuid.uuid4().hex}"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size: a decompression bomb's calling card."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []
    during_build: list[str] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(CANARY.encode())

    def log_message(self, *args):
        pass


def cases(port: int) -> dict[str, tuple[str, str | None]]:
    """slug: (body, or 'FM:' + extra front matter then body; the problem code expected, None if only 'no leak')."""
    server = f"http://127.0.0.1:{port}"
    return {
        "absolute-image": ("![x](/etc/passwd)", "resource.outside"),
        "dotdot-image": ("![x](../../../outside/canary.png)", "resource.outside"),
        "percent-encoded-image": ("![x](%2e%2e/%2e%2e/%2e%2e/outside/canary.png)", "resource.outside"),
        "symlinked-image": ("![x](figures/link.png)", "resource.outside"),
        "file-url-image": ("![x](file:///etc/passwd)", "html.sanitized"),
        "loopback-image": (f"![x]({server}/image.png)", "resource.remote"),
        "data-url-image": ("![x](data:image/png;base64,iVBORw0KGgo=)", "html.sanitized"),
        "link-attachment": ('<link rel="attachment" href="file:///outside/canary.txt">\n\nText.', "html.sanitized"),
        "style-import": (f'<style>@import url("{server}/x.css");</style>\n\nText.', "html.sanitized"),
        "script-tag": ("<script>alert(1)</script>\n\nText.", "html.sanitized"),
        "javascript-link": ("[click](javascript:alert(1))", "html.sanitized"),
        "onclick-attribute": ('[click](#x){onclick="steal()"} <p onmouseover="x()">p</p>', "html.sanitized"),
        "iframe": (f'<iframe src="{server}/frame"></iframe>\n\nText.', "html.sanitized"),
        "object-embed": ('<object data="file:///outside/canary.txt"></object><embed src="x.swf">', "html.sanitized"),
        "raw-html-file-image": ('<img src="file:///outside/canary.png" alt="x">', "html.sanitized"),
        "raw-file-link": ('<a href="file:///outside/canary.txt">x</a>', "html.sanitized"),
        "meta-refresh": (f'<meta http-equiv="refresh" content="0;url={server}/">\n\nText.', "html.sanitized"),
        "form": (f'<form action="{server}/post"><input name="q"></form>', "html.sanitized"),
        "base-tag": (f'<base href="{server}/">\n\nText.', "html.sanitized"),
        "raw-attribute-block": ("```{=html}\n<script>alert(1)</script>\n```\n\nText.", "html.sanitized"),
        # pandoc copies raw Word XML into a DOCX as it is: text, fields, links to any relationship.
        "raw-openxml": (f"```{{=openxml}}\n<w:p><w:r><w:t>{CANARY}</w:t></w:r></w:p>\n```\n\n"
                        f'Text `<w:r><w:fldSimple w:instr="INCLUDETEXT {server}/x"/></w:r>`{{=openxml}}.', "docx.raw"),
        "style-attribute-url": (f'<span style="background: url({server}/bg.png)">x</span>', None),
        "svg-local-reference": ("![x](figures/ref.svg)", "resource.svg-reference"),
        "svg-entities": ("![x](figures/entities.svg)", "resource.svg-entities"),
        "decompression-bomb": ("![x](figures/bomb.png)", "resource.pixels"),
        "not-really-png": ("![x](figures/fake.png)", "resource.type"),
        "second-yaml-block": ("Text.\n\n---\ncss: /outside/canary.txt\ncover-image: /outside/canary.png\n"
                              "title: Hijacked\n---\n\nMore text.", None),
        "bibliography-outside": ("FM:bibliography: ../../outside/canary.json\n---\nText [@x].", "brief.bibliography"),
        "bibliography-absolute": ("FM:bibliography: /etc/passwd.json\n---\nText.", "brief.bibliography"),
        "cover-outside": ("FM:cover: ../../outside/canary.png\n---\nText.", "brief.cover"),
        "csl-outside": ("FM:csl: ../../outside/style.csl\n---\nText.", "brief.csl"),
        "template-in-title": ('FM:subtitle: "{{ 7 * 7 }} {% include \'x\' %}"\n---\n{{ 6 * 7 }} {% raw %}', None),
        "nested-lists": ("\n".join("    " * depth + "- level" for depth in range(60)), None),
        "nested-quotes": (">" * 300 + " Deep.", "body.too-deep"),  # the DOCX's and the e-mail's walks hit Python's limit
        "nested-quotes-deeper": (">" * 1500 + " Deep.", "body.too-deep"),  # json.loads hits it too
        "huge-brief": ("x" * (9 * 1024 * 1024), "brief.too-large"),
        # Published files that would run script or fetch from other hosts.
        "svg-script": ("![x](figures/script.svg)", "resource.svg-script"),
        "svg-onload": ("![x](figures/onload.svg)", "resource.svg-script"),
        "svg-foreign-object": ("![x](figures/foreign.svg)", "resource.svg-script"),
        "svg-style-import": ("![x](figures/import.svg)", "resource.svg-reference"),
        "svg-escaped-url": ("![x](figures/escaped.svg)", "resource.svg-reference"),
        "svg-editor-file": ("![An editor's drawing](figures/editor.svg)", None),  # published, as its safe subset
        "cover-svg-script": ("FM:cover: figures/cover.svg\n---\nText.", "resource.svg-script"),
        "cover-svg-entities": ("FM:cover: figures/entities.svg\n---\nText.", "resource.svg-entities"),
        "toc-remote-image": (f"FM:toc: true\n---\n## Heading ![x]({server}/toc.png)\n\nText.", "resource.remote"),
        "backslash-host-image": ('<img src="\\/127.0.0.1/x.png" alt="x">', "resource.path"),
        "unc-image": ('<img src="\\\\127.0.0.1\\share\\x.png" alt="x">', "resource.path"),
        "control-character-image": ("![x](figures/a%0Ab.png)", "resource.path"),
        "q-cite-javascript": ('<q cite="javascript:alert(1)">q</q> <blockquote cite="java&#9;script:x">b</blockquote>',
                              "html.sanitized"),
        # Local files and the network reaching the outputs.
        "csl-parent-url": ("FM:bibliography: refs.json\ncsl: parent-url.csl\n---\nText [@x].", "brief.csl"),
        "csl-parent-file": ("FM:bibliography: refs.json\ncsl: parent-file.csl\n---\nText [@x].", "brief.csl"),
        "csl-no-suffix": ("FM:csl: ../../outside/style\n---\nText.", "brief.csl"),
        "hard-link-figure": ("![x](figures/linked.png)", "resource.hard-link"),
        "hard-link-bibliography": ("FM:bibliography: linked.json\n---\nText [@x].", "brief.bibliography"),
        "pdf-relative-links": (f"[a](report.pdf) [b](//127.0.0.1:{port}/x) [d]()", None),
        "brief-link-out": ("[c](brief:../../x)", "link.brief"),  # no brief has that slug: never a path
        # Values that break their context.
        "control-in-subtitle": ('FM:subtitle: "Red\\r} @page { background: red }"\n---\nText.', "brief.subtitle"),
        "control-in-summary-feed": ('FM:authors: ["Form\\ffeed"]\n---\nText.', "brief.authors"),
        "control-in-bibliography": ("FM:bibliography: refs.json\n---\nText [@x].", "brief.bibliography"),
        "control-in-text": ("Pasted from Word:\x0bline\x0cpage.", "text.control"),
    }


def svg(body: str) -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" '
            f'height="40">\n{body}\n</svg>').encode()


def figures(server: str) -> list[tuple[str, str, bytes]]:
    """(slug, file name under figures/, bytes) of the files the hostile briefs bring; each pings the server."""
    ping = f"window.pwned = 1; fetch('{server}/script')"
    return [
        ("svg-local-reference", "ref.svg", svg('<image xlink:href="file:///outside/canary.png" width="10" height="10"/>')),
        ("svg-entities", "entities.svg", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY c SYSTEM "file:///etc/passwd">]>'
                                         b'<svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>'),
        ("decompression-bomb", "bomb.png", png_claiming(100_000, 100_000)),
        ("not-really-png", "fake.png", b"#!/bin/sh\necho not an image\n"),
        ("svg-script", "script.svg", svg(f"<script>{ping}</script>")),
        ("svg-onload", "onload.svg", svg(f'<rect width="9" height="9" onload="{ping}"/>')),
        ("svg-foreign-object", "foreign.svg", svg('<foreignObject width="9" height="9"><body xmlns="http://www.w3.org/'
                                                  f'1999/xhtml"><img src="{server}/fo.png"/></body></foreignObject>')),
        ("svg-style-import", "import.svg", svg(f'<style>@import url("{server}/import.css");</style>')),
        ("svg-escaped-url", "escaped.svg", svg(f"<style>rect {{ fill: u\\72 l({server}/escaped.png) }}</style>"
                                               '<rect width="9" height="9"/>')),
        ("svg-editor-file", "editor.svg", b'<?xml version="1.0"?>\n<!-- Inkscape -->\n' + svg(
            '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
            '<sodipodi:namedview xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"/>'
            '<a href="#r"><rect id="r" width="30" height="30" fill="#1f4e79"/></a>')),
        ("cover-svg-script", "cover.svg", svg(f'<script>{ping}</script><rect width="9" height="9"/>')),
        ("cover-svg-entities", "entities.svg", b'<!DOCTYPE svg [<!ENTITY c SYSTEM "file:///outside/canary.txt">]>'
                                               b'<svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>'),
    ]


def dependent_style(parent: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" '
            'class="note"><info><title>Dependent</title><id>dependent</id>'
            f'<link href="{parent}" rel="independent-parent"/><updated>2025-01-01T00:00:00+00:00</updated></info>'
            '</style>\n')


def add_files(project: TestProject, outside: Path, server: str) -> None:
    briefs = project.root / "briefs"
    (briefs / "symlinked-image" / "figures").mkdir()
    (briefs / "symlinked-image" / "figures" / "link.png").symlink_to(outside / "canary.png")
    for slug, name, data in figures(server):
        (briefs / slug / "figures").mkdir(exist_ok=True)
        (briefs / slug / "figures" / name).write_bytes(data)
    for slug, parent in (("csl-parent-url", f"{server}/parent.csl"), ("csl-parent-file", str(outside / "style.csl"))):
        (briefs / slug / "refs.json").write_text('[{"id": "x", "type": "book", "title": "Fine"}]')
        (briefs / slug / f"{slug.removeprefix('csl-')}.csl").write_text(dependent_style(parent))
    (outside / "folder").mkdir()
    for name in ("brief.md", "folder/index.md"):
        (outside / name).write_text(f'---\ntitle: "{CANARY}"\ndate: 2025-03-12\nkind: update\nsummary: "{CANARY}"\n'
                                    f"---\n\n{CANARY}\n")
    (briefs / "symlinked-brief.md").symlink_to(outside / "brief.md")
    (briefs / "symlinked-bundle").symlink_to(outside / "folder")
    (briefs / "control-in-bibliography" / "refs.json").write_text(
        '[{"id": "x", "type": "book", "title": "Pasted\\u000bfrom Word"}]')
    (briefs / "hard-link-figure" / "figures").mkdir()
    os.link(outside / "canary.png", briefs / "hard-link-figure" / "figures" / "linked.png")
    os.link(outside / "canary.json", briefs / "hard-link-bibliography" / "linked.json")


@pytest.fixture(scope="module")
def canary_server():
    """An HTTP server on 127.0.0.1 that records every request: nothing a build or a browser does may reach it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, canary_server):
    root = tmp_path_factory.mktemp("hostile")
    outside = root / "outside"
    outside.mkdir()
    (outside / "canary.txt").write_text(CANARY)
    (outside / "canary.json").write_text(f'[{{"id": "x", "type": "book", "title": "{CANARY}"}}]')
    (outside / "canary.png").write_bytes(png_claiming(1, 1) + CANARY.encode())
    (outside / "style.csl").write_text(CANARY)
    server = canary_server
    project = TestProject(root / "project")
    for slug, (body, _code) in cases(server.server_address[1]).items():
        front = f'---\ntitle: "{slug}"\ndate: 2025-03-12\nkind: update\nsummary: "A hostile brief."\n'
        text = front + body[3:] if body.startswith("FM:") else front + "---\n\n" + body
        project.brief(slug, text + "\n", bundle=True)
    add_files(project, outside, f"http://127.0.0.1:{server.server_address[1]}")
    project.brief("good-one", '---\ntitle: "Good"\ndate: 2025-03-12\nkind: brief\nsummary: "Fine."\n---\n\n'
                              "## Fine\n\nText.[^1]\n\n[^1]: A note.\n")
    summary = build(Project.at(project.root), Options(jobs=1))
    Recorder.during_build = list(Recorder.requests)
    return project, summary, server.server_address[1]


def outputs(dist: Path) -> dict[str, bytes]:
    """Every output's bytes, with EPUBs and DOCXs unzipped and PDF streams decompressed, by name."""
    found = {}
    for path in sorted(p for p in dist.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found[str(path)] = data
        if path.suffix in (".epub", ".docx"):
            with zipfile.ZipFile(path) as book:
                found.update({f"{path}!{name}": book.read(name) for name in book.namelist()})
        if path.suffix == ".pdf":
            for number, stream in enumerate(re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)):
                try:
                    found[f"{path}#{number}"] = zlib.decompress(stream)
                except zlib.error:
                    pass
    return found


def test_good_brief_builds_beside_the_hostile_ones(hostile):
    project, summary, _port = hostile
    assert "good-one" in summary.built
    assert (project.root / "dist" / "good-one" / "good-one.pdf").is_file()


@pytest.mark.parametrize("slug", sorted(cases(0)))
def test_each_hostile_brief_is_reported(hostile, slug):
    _project, summary, port = hostile
    code = cases(port)[slug][1]
    codes = {p.code for p in summary.problems if p.path.startswith(f"briefs/{slug}/")}
    if code:
        assert code in codes, [p.render() for p in summary.problems if slug in p.path]
    assert "internal" not in codes


def test_a_brief_linked_from_outside_is_refused(hostile):
    _project, summary, _port = hostile
    codes = {(p.path, p.code) for p in summary.problems}
    assert {("briefs/symlinked-brief.md", "brief.outside"), ("briefs/symlinked-bundle/index.md", "brief.outside")} \
        <= codes


def test_no_output_leaks_the_canary_or_runs_script(hostile):
    project, _summary, _port = hostile
    found = outputs(project.root / "dist")
    assert len(found) > 50
    for name, data in found.items():
        assert CANARY.encode() not in data, f"the canary leaked into {name}"
        if name.endswith((".html", ".xhtml")):
            text = data.decode("utf-8", "replace").lower()
            assert "<script" not in text or name.endswith("index.html") and "catalog" in text, name
            assert "javascript:" not in text and not re.search(r"\son[a-z]+\s*=", text), name
            assert "<iframe" not in text and "<object" not in text and "<embed" not in text, name


def test_no_request_reached_the_loopback_server(hostile):
    assert Recorder.during_build == []


def test_no_pdf_links_to_a_file_of_the_build_machine(hostile):
    project, _summary, _port = hostile
    found = outputs(project.root / "dist")
    pdfs = [name for name in found if ".pdf" in name]
    assert any(name.endswith("pdf-relative-links.pdf") for name in pdfs)
    assert [name for name in pdfs if b"file:" in found[name]] == []


def test_the_feeds_stay_well_formed_and_list_the_good_brief(hostile):
    project, summary, _port = hostile
    for name in ("feed.xml", "opds.xml"):
        root = etree.parse(str(project.root / "dist" / name), etree.XMLParser(resolve_entities=False)).getroot()
        titles = [t.text for t in root.iter("{http://www.w3.org/2005/Atom}title")]
        assert "Good" in titles and "control-in-subtitle" not in titles, name


def test_every_book_is_well_formed_xml(hostile):
    project, _summary, _port = hostile
    books = sorted((project.root / "dist").rglob("*.epub"))
    assert len(books) >= 5
    for path in books:
        with zipfile.ZipFile(path) as book:
            for name in book.namelist():
                if name.endswith((".xhtml", ".opf", ".ncx", ".xml", ".svg")):
                    etree.fromstring(book.read(name), etree.XMLParser(resolve_entities=False))  # raises if not


def test_every_docx_is_well_formed_and_refers_to_no_file_of_the_build_machine(hostile):
    project, _summary, _port = hostile
    documents = sorted((project.root / "dist").rglob("*.docx"))
    assert len(documents) >= 5
    for path in documents:
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                if name.endswith((".xml", ".rels")):
                    root = etree.fromstring(package.read(name), etree.XMLParser(resolve_entities=False))
                    # A link a reader may follow is fine; anything else outside the package is read by Word itself.
                    fetched = [r.get("Target") for r in root.iter("{*}Relationship") if r.get("TargetMode") == "External"
                               and not r.get("Type", "").endswith("/hyperlink")]
                    files = [r.get("Target") for r in root.iter("{*}Relationship") if r.get("Target", "").startswith("file:")]
                    assert fetched == [] and files == [], (path, name)
                    fields = [f.get(f"{{{W}}}instr", "") for f in root.iter(f"{{{W}}}fldSimple")] \
                        + [t.text or "" for t in root.iter(f"{{{W}}}instrText")]
                    assert [f for f in fields if "INCLUDE" in f.upper()] == [], (path, name)


def test_a_published_svg_is_its_safe_subset(hostile):
    project, _summary, _port = hostile
    published = project.root / "dist" / "svg-editor-file" / "figures" / "editor.svg"
    root = etree.fromstring(published.read_bytes())
    assert {etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)} == {"svg", "a", "rect"}
    assert b"Inkscape" not in published.read_bytes() and b"sodipodi" not in published.read_bytes()


def test_template_syntax_stays_text(hostile):
    project, _summary, _port = hostile
    page = (project.root / "dist" / "template-in-title" / "index.html").read_text()
    assert "{{ 7 * 7 }}" in page and "{{ 6 * 7 }}" in page and "49" not in page and "42" not in page


def test_a_second_yaml_block_changes_nothing(hostile):
    project, _summary, _port = hostile
    page = (project.root / "dist" / "second-yaml-block" / "index.html").read_text()
    assert "<h1>second-yaml-block</h1>" in page and "Hijacked</h1>" not in page


CODE_BRIEF = """\
---
title: "Code"
date: 2025-03-12
kind: update
summary: "A brief with highlighted code."
---

Some text.

```python
def hello():
    return "world"
```
"""


def test_highlighted_code_keeps_pandocs_markup_and_passes_axe(project):
    project.brief("code", CODE_BRIEF)
    project.brief("tabs", CODE_BRIEF.replace("Some text.", '<span tabindex="0">Some</span> text.\n\n'
                                                           '<p tabindex="5">More.</p>'))
    summary = build(Project.at(project.root), Options(formats=("html",)))
    assert sorted(summary.built) == ["code", "tabs"]
    sanitized = {p.path: p for p in summary.problems if p.code == "html.sanitized"}
    assert "briefs/code.md" not in sanitized, sanitized["briefs/code.md"].render()
    # A writer's own tab stops still go, with the warning, at the line that has one.
    assert "tabindex=" in sanitized["briefs/tabs.md"].message and sanitized["briefs/tabs.md"].line == 8
    for slug in ("code", "tabs"):
        soup = BeautifulSoup((project.root / "dist" / slug / "index.html").read_text("utf-8"), "html.parser")
        anchors = soup.select("pre.sourceCode a[aria-hidden=true]")
        assert len(anchors) == 2 and all(a.get("tabindex") == "-1" for a in anchors)
        assert [t.get("tabindex") for t in soup.select("main [tabindex]")] == ["-1", "-1"]
    assert axe_violations(project.root / "dist", "code/index.html") == []


# -- in the browser: every published page and SVG, opened as a member would ----------------------------------

class Visit:
    """What a browser did while it opened one address: requests beyond the site, dialogs, script that ran."""

    answered: set[str] = set()  # published addresses answered from dist/ (the e-mail's images)

    def __init__(self, browser, site: str, dist: Path | None = None):
        self.site = site
        self.context = browser.new_context()
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        if dist is not None:  # the e-mail's addresses are on the site's published address: answered from dist/
            self.context.route(PUBLISHED + "**", lambda route: _from_dist(route, dist))
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def findings(self, url: str) -> list[str]:
        self.requests.clear()
        self.page.goto(url, wait_until="networkidle")
        found = [f"requested {r}" for r in self.requests if not r.startswith((self.site, "data:", "about:"))
                 and r not in Visit.answered]
        found += [f"dialog {d}" for d in self.dialogs]
        if self.page.evaluate("() => window.pwned !== undefined"):
            found.append("a script of the brief ran")
        return found


PUBLISHED = "https://handouts.example.org/"  # the brand's base_url


def _from_dist(route, dist: Path) -> None:
    """A request for a published address: the file of dist/ it names, when there is one (else refused)."""
    relative = unquote(urlsplit(route.request.url).path).removeprefix("/")
    path = dist / (relative + "index.html" if relative.endswith("/") or not relative else relative)
    if path.is_file() and path.resolve().is_relative_to(dist.resolve()):
        Visit.answered.add(route.request.url)
        route.fulfill(path=str(path))
    else:
        route.abort()


@pytest.fixture(scope="module")
def visit(hostile, tmp_path_factory, browser):
    """visit(path under dist/ or an absolute file) -> findings; dist/ served on its own loopback port."""
    import functools

    from test_catalog_browser import QuietHandler

    project, _summary, _port = hostile
    control = tmp_path_factory.mktemp("control")
    served = {"dist": project.root / "dist", "control": control}
    handler = functools.partial(QuietHandler, directory=str(project.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    (project.root / "control").symlink_to(control)
    site = f"http://127.0.0.1:{server.server_address[1]}/"
    visitor = Visit(browser, site + "dist/", project.root / "dist")
    yield lambda folder, relative: visitor.findings(f"{site}{folder}/{relative}"), served
    server.shutdown()
    server.server_close()


def test_the_browser_check_sees_a_script_and_a_fetch(visit, canary_server):
    """The check itself: an unsanitized SVG, opened the same way, is caught by each of its signs."""
    opener, served = visit
    server = f"http://127.0.0.1:{canary_server.server_address[1]}"
    (served["control"] / "bad.svg").write_bytes(svg(f"<script>window.pwned = 1; fetch('{server}/control')</script>"
                                                    f'<image href="{server}/control.png" width="9" height="9"/>'))
    before = len(Recorder.requests)
    found = opener("control", "bad.svg")
    assert "a script of the brief ran" in found and f"requested {server}/control.png" in found, found
    assert "/control.png" in Recorder.requests[before:]  # and the canary server heard it
    del Recorder.requests[before:]


def test_a_browser_opening_every_published_file_fetches_nothing_and_runs_no_script(visit, hostile):
    opener, served = visit
    files = sorted(p.relative_to(served["dist"]).as_posix() for p in served["dist"].rglob("*")
                   if p.suffix in (".html", ".svg"))
    assert "svg-editor-file/figures/editor.svg" in files and "script-tag/index.html" in files
    before = list(Recorder.requests)
    findings = {name: found for name in files if (found := opener("dist", name))}
    assert findings == {}
    assert Recorder.requests == before
