"""Hostile updates against the e-mail edition: raw HTML sanitized, no local file or relative address reaches the
message, and no text of a brief or of `invoke mail`'s flags can add a header to it."""
from __future__ import annotations

import dataclasses
from email import policy
from email.parser import BytesParser
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import TestProject

from handouts.build.run import Options, build
from handouts.commands.mail import run_mail
from handouts.formats.mail_message import compose, serialized
from handouts.load.brand import load_brand
from handouts.load.brief import load_brief
from handouts.load.discover import discover
from handouts.project import Project

pytestmark = pytest.mark.slow
RAW = """\
---
title: "Raw HTML"
date: 2025-03-12
kind: update
summary: "Pasted markup."
---

<script>alert("script")</script>
<iframe src="https://evil.example/frame"></iframe>
<object data="file:///etc/passwd"></object>
<form action="https://evil.example/"><input name="x"></form>
<base href="file:///">
<style>@import url("https://evil.example/a.css"); p { background: url(file:///etc/passwd) }</style>

<p onclick="alert('click')" onmouseover="alert(1)" style="background:url(file:///etc/shadow)">Handled</p>

[script link](javascript:alert(1)) and [a file](file:///etc/passwd) and [data](data:text/html,<b>x</b>)
and [a shared drive](\\\\\\\\server\\\\share\\\\secret.docx).

![local](file:///etc/passwd)

<img src="file:///etc/hostname" alt="hostname">
"""
HOSTILE_WORDS = ("<script", "<iframe", "<object", "<form", "<base", "javascript:", "file:", "evil.example",
                 "alert(", "/etc/")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    project = TestProject(tmp_path_factory.mktemp("hostile-email") / "project")
    project.brief("raw-html", RAW, bundle=True)
    project.brief("crlf-title", '---\ntitle: "Update\\r\\nBcc: victim@example.org"\ndate: 2025-03-12\n'
                                'kind: update\nsummary: "S."\n---\n\nText.\n')
    summary = build(Project.at(project.root), Options(formats=("html", "email")))
    return project, summary


def parts(project: TestProject, slug: str) -> dict[str, str]:
    """email.html, email.txt, and both parts of email.eml decoded (quoted-printable hides words in the file)."""
    message = BytesParser(policy=policy.default).parsebytes(project.dist(f"{slug}/email.eml").read_bytes())
    found = {name: project.dist(f"{slug}/{name}").read_text("utf-8") for name in ("email.html", "email.txt")}
    found.update({f"eml:{part.get_content_type()}": part.get_content() for part in message.iter_parts()})
    return found


def test_raw_html_reaches_no_part_of_the_message(hostile):
    project, summary = hostile
    assert "raw-html" in summary.built, [p.render() for p in summary.problems]
    assert any(p.code == "html.sanitized" and p.path == "briefs/raw-html/index.md" for p in summary.problems)
    for name, text in parts(project, "raw-html").items():
        leaked = [word for word in HOSTILE_WORDS if word in text.lower()]
        assert leaked == [], name
    soup = BeautifulSoup(parts(project, "raw-html")["email.html"], "html.parser")
    assert "Handled" in soup.get_text()
    assert [(e.name, a) for e in soup.find_all(True) for a in e.attrs if a.lower().startswith("on")] == []
    for address in [a["href"] for a in soup.find_all("a", href=True)] + [i.get("src", "") for i in soup("img")]:
        assert urlsplit(address).scheme in ("https", "mailto") or address == "*|UNSUB|*", address


def test_a_title_with_a_line_break_builds_no_message(hostile):
    project, summary = hostile
    assert "crlf-title" in summary.failed
    assert any(p.code == "brief.title" and p.path == "briefs/crlf-title.md" for p in summary.problems)
    assert not project.dist("crlf-title/email.eml").exists()


def test_no_text_of_a_brief_adds_a_header(project):
    """Had a line break got past the loader, in the title or the language: the message keeps its own headers."""
    project.brief("plain", "---\ntitle: T\ndate: 2025-03-12\nkind: update\nsummary: S.\n---\n\nText.\n")
    root = Project.at(project.root)
    brief = load_brief(discover(root)[0][0], root, load_brand(root)[0].defaults)[0]
    forged = dataclasses.replace(brief, title="Update\r\nBcc: victim@example.org\r\n\r\n<b>body</b>",
                                 lang="en\nReply-To: evil@example.org")
    message = BytesParser(policy=policy.default).parsebytes(serialized(compose(forged, "<p>x</p>", "x")))
    assert sorted(message.keys()) == ["Content-Language", "Content-Type", "Date", "MIME-Version", "Subject",
                                      "X-Unsent"]
    assert message["Subject"] == "Update Bcc: victim@example.org <b>body</b>"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]



@pytest.mark.parametrize("title", [
    "Update =?utf-8?b?DQpCY2M6IHZpY3RpbUBleGFtcGxlLm9yZw==?= now",  # "\r\nBcc: victim@example.org", encoded
    "Update =?utf-8?q?=0D=0ABcc:_victim@example.org?= now",
])
def test_an_encoded_word_in_the_title_stays_text(project, title):
    """A title that spells an RFC 2047 encoded word is its text: decoded, it would end the Subject (a Bcc)."""
    project.brief("plain", "---\ntitle: T\ndate: 2025-03-12\nkind: update\nsummary: S.\n---\n\nText.\n")
    root = Project.at(project.root)
    brief = load_brief(discover(root)[0][0], root, load_brand(root)[0].defaults)[0]
    written = serialized(compose(dataclasses.replace(brief, title=title), "<p>x</p>", "x"))
    message = BytesParser(policy=policy.default).parsebytes(written)
    assert "Bcc" not in message and b"\r\nBcc:" not in written
    assert message["Subject"] == title
    resent = BytesParser(policy=policy.SMTP).parsebytes(written).as_bytes()  # as `invoke mail` sends it
    assert BytesParser(policy=policy.default).parsebytes(resent)["Subject"] == title


def test_bidi_controls_do_not_reach_the_subject(project):
    """An override (U+202E) turns the rest of an inbox line around: "\u202egnp.exe" shows as "exe.png"."""
    project.brief("plain", "---\ntitle: T\ndate: 2025-03-12\nkind: update\nsummary: S.\n---\n\nText.\n")
    root = Project.at(project.root)
    brief = load_brief(discover(root)[0][0], root, load_brand(root)[0].defaults)[0]
    forged = dataclasses.replace(brief, title="Report \u202egnp.exe \u2066x\u2069 \u202ay\u202c")
    message = BytesParser(policy=policy.default).parsebytes(serialized(compose(forged, "<p>x</p>", "x")))
    assert message["Subject"] == "Report gnp.exe x y"


@pytest.mark.parametrize("to, config", [
    ("tester@example.org\r\nBcc: victim@example.org", {"host": "127.0.0.1", "from": "staff@example.org"}),
    ("tester@example.org", {"host": "127.0.0.1", "from": "staff@example.org\nBcc: victim@example.org"}),
])
def test_invoke_mail_refuses_an_address_with_a_line_break(hostile, capsys, to, config):
    project, _summary = hostile
    assert run_mail(project.root, "raw-html", to, config, {}) == 2  # refused before any connection is tried
    said = capsys.readouterr().err
    assert ("[mail.usage]" in said or "[mail.from]" in said) and "Traceback" not in said
