"""Hostile and broken briefs: each is reported, none leaks a file, reaches a server or puts script in an output."""
from __future__ import annotations

import http.server
import re
import struct
import threading
import uuid
import zipfile
import zlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import TestProject
from validators import axe_violations

from handouts.build import Options, build
from handouts.project import Project

pytestmark = pytest.mark.slow
CANARY = f"CANARY-{uuid.uuid4().hex}"


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size: a decompression bomb's calling card."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

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
        "huge-brief": ("x" * (9 * 1024 * 1024), "brief.too-large"),
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    outside = root / "outside"
    outside.mkdir()
    (outside / "canary.txt").write_text(CANARY)
    (outside / "canary.json").write_text(f'[{{"id": "x", "type": "book", "title": "{CANARY}"}}]')
    (outside / "canary.png").write_bytes(png_claiming(1, 1) + CANARY.encode())
    (outside / "style.csl").write_text(CANARY)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    project = TestProject(root / "project")
    for slug, (body, _code) in cases(server.server_address[1]).items():
        front = f'---\ntitle: "{slug}"\ndate: 2025-03-12\nkind: update\nsummary: "A hostile brief."\n'
        text = front + body[3:] if body.startswith("FM:") else front + "---\n\n" + body
        project.brief(slug, text + "\n", bundle=True)
    figures = project.root / "briefs"
    (figures / "symlinked-image" / "figures").mkdir()
    (figures / "symlinked-image" / "figures" / "link.png").symlink_to(outside / "canary.png")
    for slug, name, data in (
        ("svg-local-reference", "ref.svg", b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
                                           b'<image xlink:href="file:///outside/canary.png" width="10" height="10"/></svg>'),
        ("svg-entities", "entities.svg", b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY c SYSTEM "file:///etc/passwd">]>'
                                         b'<svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>'),
        ("decompression-bomb", "bomb.png", png_claiming(100_000, 100_000)),
        ("not-really-png", "fake.png", b"#!/bin/sh\necho not an image\n"),
    ):
        (figures / slug / "figures").mkdir(exist_ok=True)
        (figures / slug / "figures" / name).write_bytes(data)
    project.brief("good-one", '---\ntitle: "Good"\ndate: 2025-03-12\nkind: brief\nsummary: "Fine."\n---\n\n'
                              "## Fine\n\nText.[^1]\n\n[^1]: A note.\n")
    summary = build(Project.at(project.root), Options(jobs=1))
    server.shutdown()
    return project, summary, server.server_address[1]


def outputs(dist: Path) -> dict[str, bytes]:
    """Every output's bytes, with EPUBs unzipped and PDF streams decompressed, by name."""
    found = {}
    for path in sorted(p for p in dist.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found[str(path)] = data
        if path.suffix == ".epub":
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
    assert Recorder.requests == []


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
