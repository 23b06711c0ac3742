"""The e-mail edition as readers and staff meet it: email.html in a browser at 600 and 375 px (styles stripped),
email.txt, email.eml read back by Python's parser, and `invoke mail` sending it to a real SMTP server."""
from __future__ import annotations

import asyncio
import io
import shutil
import socket
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import tinycss2
from bs4 import BeautifulSoup
from conftest import REPO, TestProject, invoke
from PIL import Image

from handouts.build.run import Options, build
from handouts.commands.mail import run_mail
from handouts.load.brand import contrast, load_brand
from handouts.project import Project

pytestmark = pytest.mark.slow
SLUG = "decisive-year"
# As a writer pastes it from Word: curly quotes and apostrophes, a dash, no-break spaces; a summary with an
# ampersand and straight quotes; a title that is not ASCII (the Subject header must be RFC 2047 words).
TITLE = "Ukraine’s “Année décisive”: the Court’s next steps"
SUMMARY = 'Rights & remedies: what "full membership" means — and what it doesn’t.'
SUMMARY_YAML = SUMMARY.replace('"', '\\"')
UPDATE = f"""\
---
title: "{TITLE}"
date: 2025-03-12
kind: update
summary: "{SUMMARY_YAML}"
authors: ["Pat Roe"]
---

## What changed

Ukraine’s parliament voted on 21\u00a0August 2024; the Statute entered into force on 1\u00a0January 2025
(Art.\u00a0126).[^1] See the [Court’s announcement](https://www.icc-cpi.int/news) and
[our key facts](brief:key-facts#key-facts), or [the notes below](#what-changed).

![States Parties by region, 2025](figures/chart.png)

![Ratifications by decade](figures/drawn.svg)

| Region | States Parties |
|---|---|
| Africa | 33 |
| Europe | 43 |

- it votes in the Assembly of States Parties;
- it pays into the Court’s budget.

> “Accountability is a service to the victims.”

[^1]: Rome Statute, art.\u00a0126(2).
"""
FACTSHEET = """\
---
title: "Key Facts"
date: 2025-03-01
kind: factsheet
summary: "The Court in numbers."
---

## Key facts {#key-facts}

The Court has 125 States Parties.
"""
CHECKED_TAGS = ("p", "td", "th", "h1", "h2", "a", "li", "table", "blockquote", "img")


# -- the project, built once ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def mailing(tmp_path_factory):
    """An update and a fact sheet built in every format of their kinds; (project, brand, summary)."""
    project = TestProject(tmp_path_factory.mktemp("email") / "project")
    shutil.copy(REPO / "tasks.py", project.root / "tasks.py")
    project.brief(SLUG, UPDATE, bundle=True)
    project.brief("key-facts", FACTSHEET)
    chart = io.BytesIO()
    Image.new("RGB", (900, 300), "#1f3a5f").save(chart, "PNG")  # wider than the column: it must shrink
    project.write(f"briefs/{SLUG}/figures/chart.png", chart.getvalue())
    project.write(f"briefs/{SLUG}/figures/drawn.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="300" '
                  'height="100" viewBox="0 0 300 100"><rect x="10" y="10" width="80" height="80" '
                  'fill="#1f3a5f"/></svg>')
    root = Project.at(project.root)
    summary = build(root, Options())
    assert not summary.failed, [p.render() for p in summary.problems]
    return project, load_brand(root)[0], summary


def read(project: TestProject, name: str) -> str:
    return project.dist(f"{SLUG}/{name}").read_text("utf-8")


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def declarations(element) -> dict[str, str]:
    """An element's style attribute, read by a CSS parser."""
    found = tinycss2.parse_declaration_list(element.get("style", ""), skip_comments=True, skip_whitespace=True)
    return {d.lower_name: tinycss2.serialize(d.value).strip() for d in found if d.type == "declaration"}


# -- the checks, each shown failing on a broken message ---------------------------------------------------
def check_inlined(soup) -> None:
    """Only @media rules are left in <style>; every element that shows text carries its style inline."""
    for style in soup.find_all("style"):
        rules = tinycss2.parse_stylesheet(style.get_text(), skip_comments=True, skip_whitespace=True)
        assert all(rule.type == "at-rule" and rule.lower_at_keyword == "media" for rule in rules), style.get_text()
        assert "prefers-color-scheme" in style.get_text()
    bare = [str(e)[:60] for e in soup.body.find_all(CHECKED_TAGS) if not declarations(e)]
    assert bare == []
    assert "@font-face" not in str(soup) and soup.find("link") is None  # no web font, nothing fetched


def check_safe(soup) -> None:
    assert soup.find(["script", "iframe", "object", "embed", "form"]) is None
    handlers = [(e.name, a) for e in soup.find_all(True) for a in e.attrs if a.lower().startswith("on")]
    assert handlers == []


def check_addresses(soup, dist: Path, base_url: str, unsubscribe: str) -> list[str]:
    """Every link and image absolute; those on the site name a file of dist/ (and an id in it). The addresses."""
    addresses = [e["href"] for e in soup.find_all("a", href=True)] + [e["src"] for e in soup.find_all("img")]
    assert addresses
    for address in addresses:
        if address == unsubscribe:
            continue  # the mail tool's merge tag
        parts = urlsplit(address)
        assert parts.scheme in ("https", "http", "mailto") and (parts.netloc or parts.scheme == "mailto"), address
        if address.startswith(base_url):
            check_answers(dist, unquote(parts.path[len(urlsplit(base_url).path):]), parts.fragment)
    return addresses


def check_answers(dist: Path, relative: str, fragment: str) -> None:
    path = dist / (relative + "index.html" if relative.endswith("/") or not relative else relative)
    assert path.is_file(), f"{relative} is not in the built site"
    if fragment:
        assert soup_of(path.read_text("utf-8")).find(id=fragment), f"no #{fragment} in {relative}"


def check_readable(soup) -> None:
    """Each inline text color on the nearest inline background: readable (4.5:1) even where a client keeps the
    inline colors and ignores the dark-mode rules."""
    for element in soup.body.find_all(style=True):
        color = declarations(element).get("color")
        if not color or any(declarations(e).get("display") == "none" for e in [element, *element.parents]
                            if getattr(e, "attrs", None) is not None):
            continue
        ground = next(declarations(e)["background-color"] for e in [element, *element.parents]
                      if hasattr(e, "attrs") and "background-color" in declarations(e))
        assert contrast(color, ground) >= 4.5, (str(element)[:80], color, ground)


BROKEN = {
    "a rule left in <style>": (check_inlined, "<html><head><style>p{color:red}</style></head>"
                                              "<body><p style='color:red'>x</p></body></html>"),
    "an element without its style": (check_inlined, "<html><body><p>x</p></body></html>"),
    "an event handler": (check_safe, "<html><body><p onclick='x()'>x</p></body></html>"),
    "a script": (check_safe, "<html><body><script>x()</script></body></html>"),
    "a relative link": (check_addresses, "<a href='../key-facts/'>x</a>"),
    "a local image": (check_addresses, "<img src='file:///etc/passwd'>"),
    "a link to nothing on the site": (check_addresses, "<a href='https://handouts.example.org/nowhere/'>x</a>"),
    "a missing anchor": (check_addresses, "<a href='https://handouts.example.org/key-facts/#nope'>x</a>"),
    "navy on the dark card": (check_readable, "<html><body style='background-color:#1c1f24'>"
                                              "<p style='color:#1f3a5f'>x</p></body></html>"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_check_fails_on_a_broken_message(mailing, case):
    project, brand, _summary = mailing
    check, html = BROKEN[case]
    extra = (project.root / "dist", brand.base_url, brand.unsubscribe) if check is check_addresses else ()
    with pytest.raises(AssertionError):
        check(soup_of(html), *extra)


# -- what the build makes ----------------------------------------------------------------------------------
def test_an_update_gets_the_edition_and_other_kinds_only_when_asked(mailing, project):
    built, _brand, _summary = mailing
    assert {p.name for p in built.dist(SLUG).iterdir()} >= {"email.html", "email.txt", "email.eml"}
    assert not built.dist("key-facts/email.eml").exists()
    project.brief("asked", FACTSHEET.replace("kind: factsheet", "kind: factsheet\nformats: [html, email]"))
    summary = build(Project.at(project.root), Options(formats=("html", "email")))
    assert not summary.failed and project.dist("asked/email.eml").is_file()
    assert not project.dist("asked/asked.pdf").exists()


def test_the_html_is_inlined_safe_and_absolute(mailing):
    project, brand, _summary = mailing
    soup = soup_of(read(project, "email.html"))
    check_inlined(soup)
    check_safe(soup)
    addresses = check_addresses(soup, project.root / "dist", brand.base_url, brand.unsubscribe)
    page = brand.url_for(SLUG)
    assert {f"{page}figures/chart.png", f"{page}{SLUG}.pdf", page, "https://www.icc-cpi.int/news",
            brand.url_for("key-facts") + "#key-facts", page + "#what-changed", brand.unsubscribe} <= set(addresses)
    check_readable(soup)


def test_the_html_reads_as_a_message(mailing):
    project, brand, _summary = mailing
    soup = soup_of(read(project, "email.html"))
    column = soup.find("table", class_="email-column")
    assert declarations(column)["max-width"] == "600px" and column.find_parent("table")  # a table layout
    assert soup.find("meta", attrs={"name": "color-scheme"})["content"] == "light dark"
    preheader = soup.body.find("div")
    assert declarations(preheader)["display"] == "none" and preheader.get_text().startswith(SUMMARY)
    assert soup.h1.get_text() == TITLE and soup.title.get_text() == TITLE
    links = {a.get_text(): a["href"] for a in soup.find_all("a")}
    assert links["Read it on the web"] == brand.url_for(SLUG)
    assert links["Download the PDF"] == brand.url_for(SLUG) + f"{SLUG}.pdf"
    footer = soup.find("td", class_="email-footer")
    assert brand.contact in footer.get_text(" ") and footer.find("a", href=brand.unsubscribe)
    assert "21\u00a0August" in soup.get_text() and soup.find("sup").get_text() == "1"
    images = {img["alt"]: img for img in soup.find_all("img")}
    drawn = images["Ratifications by decade"]  # Gmail and Outlook show no SVG: a PNG drawn from it, on paper
    assert drawn["src"].endswith("/figures/drawn.svg.png") and drawn["width"] == "552"
    with Image.open(project.dist(f"{SLUG}/figures/drawn.svg.png")) as png:
        assert png.format == "PNG" and png.width == 1104 and png.getpixel((0, 0))[:3] == (255, 255, 255)
    assert images["States Parties by region, 2025"]["width"] == "552"  # 900 px wide, shown in the column
    families = [declarations(e)["font-family"] for e in soup.find_all(style=True) if "font-family" in declarations(e)]
    assert families and all(f.endswith(("serif", "sans-serif", "monospace"))
                            and ("Georgia" in f or "Arial" in f or "Courier New" in f) for f in families)


def test_the_web_page_and_the_catalogue_do_not_offer_the_email(mailing):
    project, _brand, _summary = mailing
    for page in (project.dist(f"{SLUG}/index.html"), project.dist("index.html")):
        hrefs = [a["href"] for a in soup_of(page.read_text("utf-8")).find_all("a", href=True)]
        assert hrefs and not [h for h in hrefs if "email" in h], page
    assert "email" not in project.dist("catalog.json").read_text("utf-8")


def test_the_sample_update_has_its_email(samples):
    dist = samples / "dist"
    assert sorted(p.parent.name for p in dist.glob("*/email.eml")) == ["ukraine-joins-the-court"]
    message = BytesParser(policy=policy.default).parsebytes((dist / "ukraine-joins-the-court/email.eml").read_bytes())
    assert message["Subject"] == "Ukraine Becomes the 125th State Party"


# -- the plain text and the message ---------------------------------------------------------------------
def check_listed(text: str) -> tuple[str, dict[str, str]]:
    """Links numbered from 1 at the end, each number used in the text above; (the text, number -> address)."""
    body, _, listing = text.rpartition("\nLinks:\n")
    numbered = dict(line.split(" ", 1) for line in listing.splitlines())
    assert numbered and list(numbered) == [f"[{n}]" for n in range(1, len(numbered) + 1)]
    assert all(number in body for number in numbered)
    return body, numbered


def check_message(raw: bytes) -> list[str]:
    """multipart/alternative with the text then the HTML, 7-bit with CRLF line ends and encoded headers; the
    parts' text."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
    assert raw.isascii() and b"\n" not in raw.replace(b"\r\n", b"")  # 7-bit, CRLF only
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    return [part.get_content().replace("\r\n", "\n") for part in message.iter_parts()]  # CRLF on the wire


BROKEN_TEXT = {
    "a number not listed": (check_listed, "See the page [2].\n\nLinks:\n[1] https://a.example/\n"),
    "no listing": (check_listed, "See the page.\n"),
    "an HTML-only message": (check_message, b"Subject: x\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n"),
    "a raw 8-bit subject": (check_message, "Subject: Année\r\nContent-Type: multipart/alternative; boundary=b"
                                           "\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b\r\n"
                                           "Content-Type: text/html\r\n\r\n<p>x</p>\r\n--b--\r\n".encode()),
    "bare line feeds": (check_message, b"Subject: x\nContent-Type: multipart/alternative; boundary=b\n\n--b\n"
                                       b"Content-Type: text/plain\n\nx\n--b\nContent-Type: text/html\n\n<p>x</p>\n"
                                       b"--b--\n"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_TEXT))
def test_each_text_check_fails_on_a_broken_part(case):
    check, value = BROKEN_TEXT[case]
    with pytest.raises(AssertionError):
        check(value)


def test_the_plain_text_lists_its_links_at_the_end(mailing):
    project, brand, _summary = mailing
    text = read(project, "email.txt")
    body, numbered = check_listed(text)
    assert {brand.url_for(SLUG), brand.url_for(SLUG) + f"{SLUG}.pdf", "https://www.icc-cpi.int/news",
            brand.url_for("key-facts") + "#key-facts"} <= set(numbered.values())
    assert TITLE in body and "Court’s announcement [" in body and "21\u00a0August" in body
    assert "&amp;" not in text and "<" not in text and brand.unsubscribe in body
    assert max(len(line) for line in body.splitlines()) <= 78


def test_the_message_holds_both_parts_and_an_encoded_subject(mailing):
    project, _brand, _summary = mailing
    raw = project.dist(f"{SLUG}/email.eml").read_bytes()
    plain, html = check_message(raw)
    assert plain == read(project, "email.txt") and html == read(project, "email.html")
    message = BytesParser(policy=policy.default).parsebytes(raw)
    subject_line = next(line for line in raw.split(b"\r\n") if line.startswith(b"Subject:"))
    assert b"=?utf-8?" in subject_line.lower() and message["Subject"] == TITLE
    assert message["Content-Language"] == "en-US" and message["X-Unsent"] == "1"


def test_the_message_is_the_same_every_build(mailing):
    project, _brand, _summary = mailing
    before = project.dist(f"{SLUG}/email.eml").read_bytes()
    summary = build(Project.at(project.root), Options(only=(SLUG,), formats=("email",), force=True))
    assert summary.built == [SLUG] and project.dist(f"{SLUG}/email.eml").read_bytes() == before
    summary = build(Project.at(project.root), Options(only=(SLUG,)))
    assert summary.current == [SLUG]  # and up to date afterwards, like the other formats
    project.dist(f"{SLUG}/email.txt").unlink()
    assert build(Project.at(project.root), Options(only=(SLUG,))).built == [SLUG]  # one of its files gone: stale
    assert project.dist(f"{SLUG}/email.txt").is_file()


# -- invoke mail ---------------------------------------------------------------------------------------
class Inbox:
    """aiosmtpd's handler: keeps what arrives; refuses any recipient at refused.example.org."""

    def __init__(self):
        self.received: list = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's)
        if address.endswith("@refused.example.org"):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.received.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture(scope="module")
def smtp_server():
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()
    asyncio.set_event_loop(None)


def test_invoke_mail_sends_the_message_that_arrives_whole(mailing, smtp_server):
    project, _brand, _summary = mailing
    inbox, port = smtp_server
    project.write("invoke.yaml", f"handouts:\n  smtp:\n    host: 127.0.0.1\n    port: {port}\n    starttls: false\n"
                                 f"    from: \"Coalition Staff <staff@example.org>\"\n")
    result = invoke(project.root, "mail", "--only", SLUG, "--to", "tester@example.org")
    assert result.returncode == 0, result.stdout + result.stderr
    envelope = inbox.received[-1]
    assert envelope.rcpt_tos == ["tester@example.org"] and envelope.mail_from == "staff@example.org"
    message = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
    assert message["Subject"] == TITLE and message["To"] == "tester@example.org" and "X-Unsent" not in message
    plain, html = (part.get_content() for part in message.iter_parts())
    assert "voted on 21\u00a0August 2024" in plain and "voted on 21\u00a0August 2024" in soup_of(html).get_text()
    assert message["Message-ID"] and message["Date"]


def test_the_environment_names_the_server_too(mailing, smtp_server):
    project, _brand, _summary = mailing
    inbox, port = smtp_server
    environ = {"HANDOUTS_SMTP_HOST": "127.0.0.1", "HANDOUTS_SMTP_PORT": str(port), "HANDOUTS_SMTP_STARTTLS": "no",
               "HANDOUTS_SMTP_FROM": "env@example.org"}
    assert run_mail(project.root, SLUG, "second@example.org", {}, environ) == 0
    assert inbox.received[-1].mail_from == "env@example.org"


@pytest.mark.parametrize("case", ["no server", "not built", "refused", "password in the file"])
def test_invoke_mail_fails_clearly(mailing, smtp_server, capsys, case):
    project, _brand, _summary = mailing
    _inbox, port = smtp_server
    server = {"host": "127.0.0.1", "port": port, "starttls": False, "from": "staff@example.org"}
    config, slug, to, code = {
        "no server": ({}, SLUG, "tester@example.org", "mail.no-server"),
        "not built": (server, "key-facts", "tester@example.org", "mail.not-built"),
        "refused": (server, SLUG, "someone@refused.example.org", "mail.refused"),
        "password in the file": ({**server, "password": "hunter2"}, SLUG, "tester@example.org",
                                 "mail.password-in-file"),
    }[case]
    assert run_mail(project.root, slug, to, config, {}) != 0
    said = capsys.readouterr().err
    assert "error: " in said and f"[{code}]" in said and "\n  hint: " in said and "Traceback" not in said


def test_invoke_mail_without_a_server_says_so_without_a_traceback(mailing):
    project, _brand, _summary = mailing
    (project.root / "invoke.yaml").unlink(missing_ok=True)
    result = invoke(project.root, "mail", "--only", SLUG, "--to", "tester@example.org")
    assert result.returncode == 2 and "[mail.no-server]" in result.stderr and "Traceback" not in result.stderr


# -- as a reader sees it ----------------------------------------------------------------------------------
def opened(browser, html: str, dist: Path, base_url: str, width: int, scheme: str = "light"):
    """A page showing `html`, its requests on base_url answered from dist/ (a missing file: 404), any other
    request refused; (page, the addresses refused or missing)."""
    failed = []
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                  java_script_enabled=False)

    def answer(route):
        url = route.request.url
        relative = unquote(urlsplit(url).path[len(urlsplit(base_url).path):])
        path = dist / relative
        if url.startswith(base_url) and path.is_file():
            route.fulfill(path=str(path))
        else:
            failed.append(url)
            route.abort()

    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("data:") else answer(route))
    page = context.new_page()
    page.set_content(html, wait_until="load")
    return page, failed


def without_styles(html: str) -> str:
    soup = soup_of(html)
    for style in soup.find_all("style"):
        style.decompose()
    return str(soup)


def check_layout(page, width: int) -> None:
    """Laid out for the screen: no sideways scrolling, the column within it, images within the column, type
    big enough to read."""
    facts = page.evaluate("""() => {
        const column = document.querySelector('.email-column').getBoundingClientRect();
        const images = [...document.images].map(i => [i.getBoundingClientRect().width, i.naturalWidth]);
        const sizes = [...document.querySelectorAll('.email-body p, .email-body li')]
            .map(e => parseFloat(getComputedStyle(e).fontSize));
        return {scroll: document.documentElement.scrollWidth, column: column.width, left: column.left,
                images, sizes};
    }""")
    assert facts["scroll"] <= width, facts
    assert min(width, 600) * 0.9 <= facts["column"] <= min(width, 600), facts
    assert facts["images"] and all(0 < shown <= facts["column"] and natural > 0 for shown, natural in facts["images"])
    assert facts["sizes"] and min(facts["sizes"]) >= 14, facts


@pytest.mark.parametrize("width", [600, 375])
def test_without_its_styles_the_message_is_still_laid_out(mailing, browser, tmp_path, width):
    project, brand, _summary = mailing
    page, failed = opened(browser, without_styles(read(project, "email.html")), project.root / "dist",
                          brand.base_url, width)
    page.screenshot(path=str(tmp_path / f"email-{width}.png"), full_page=True)
    check_layout(page, width)
    assert failed == []  # every image answered from the built site


def test_the_layout_check_fails_on_a_fixed_width_column(mailing, browser):
    project, brand, _summary = mailing
    soup = soup_of(without_styles(read(project, "email.html")))
    soup.find("table", class_="email-column")["style"] = "width: 800px"
    page, _failed = opened(browser, str(soup), project.root / "dist", brand.base_url, 375)
    with pytest.raises(AssertionError):
        check_layout(page, 375)


def test_in_dark_mode_the_text_reads_on_a_dark_card(mailing, browser):
    project, brand, _summary = mailing
    page, _failed = opened(browser, read(project, "email.html"), project.root / "dist", brand.base_url, 375, "dark")
    pairs = page.evaluate("""() => [...document.querySelectorAll(
            '.email-card p, .email-card h1, .email-card h2, .email-card a, .email-card li')]
        .map(e => { let g = e; while (getComputedStyle(g).backgroundColor === 'rgba(0, 0, 0, 0)') g = g.parentElement;
                    return [getComputedStyle(e).color, getComputedStyle(g).backgroundColor]; })""")
    hexes = [tuple(rgb_hex(value) for value in pair) for pair in pairs]
    assert hexes and all(contrast(fg, bg) >= 4.5 for fg, bg in hexes), hexes
    assert all(contrast(bg, "#000000") < 2 for _fg, bg in hexes)  # the card is dark, not the light one kept


def rgb_hex(value: str) -> str:
    channels = value[value.index("(") + 1:value.index(")")].split(",")[:3]
    return "#" + "".join(f"{int(float(c)):02x}" for c in channels)


def test_the_unsubscribe_placeholder_is_the_brands(project):
    brand_file = project.root / "_brand.yml"
    brand_file.write_text(brand_file.read_text("utf-8").replace('unsubscribe: "*|UNSUB|*"',
                                                               'unsubscribe: "{{ unsubscribe }}"'), "utf-8")
    project.brief("brevo", "---\ntitle: T\ndate: 2025-03-12\nkind: update\nsummary: S.\n---\n\nText.\n")
    assert not build(Project.at(project.root), Options(formats=("email",))).failed
    footer = soup_of(project.dist("brevo/email.html").read_text("utf-8")).find("td", class_="email-footer")
    assert footer.find("a", string="Unsubscribe")["href"] == "{{ unsubscribe }}"
    assert "Unsubscribe: {{ unsubscribe }}" in project.dist("brevo/email.txt").read_text("utf-8")
