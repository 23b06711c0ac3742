"""The catalogue (stage 8): dist/index.html, catalog.json, feed.xml and opds.xml from a project's published briefs."""
from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import conftest
import pytest
import weasyprint
from bs4 import BeautifulSoup

from handouts.load.brand import Brand, load_brand
from handouts.build.run import Options, Summary, build
from handouts.build.plan import Manifest, file_facts
from handouts.site.catalog import human_size, write_catalog
from handouts.project import Project
from handouts.tools.templates import environment

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/terms/}"
BASE = "https://handouts.example.org/"
CATALOG_FILES = ("index.html", "catalog.json", "feed.xml", "opds.xml")

BRIEFS = {
    "older-brief": """\
        ---
        title: "Sanctions & \\"Safeguards\\" <2024>"
        date: 2024-05-01
        kind: brief
        summary: "Why sanctions on the Court hurt American interests."
        authors: ["Jane Doe", {name: "Pat Roe", affiliation: "Research"}]
        topics: [us-policy, congress]
        ---
        Text.
        """,
    "la-cour": """\
        ---
        title: "La Cour pénale internationale"
        subtitle: "Ce qu'elle est, ce qu'elle n'est pas"
        date: 2025-01-10
        updated: 2025-06-01
        kind: factsheet
        summary: "L'essentiel sur la Cour, en une page."
        topics: [icc-basics]
        lang: fr
        ---
        Texte.
        """,
    "news-update": """\
        ---
        title: "News from Congress"
        date: 2025-06-01
        kind: update
        summary: "What happened this month."
        topics: [congress]
        formats: [html]
        ---
        Text.
        """,
    "secret-draft": """\
        ---
        title: "Secret Draft Title"
        date: 2026-01-01
        kind: brief
        summary: "Not for members yet."
        topics: [us-policy, unreleased-topic]
        status: draft
        ---
        Text.
        """,
}
NEWEST_FIRST = ["la-cour", "news-update", "older-brief"]  # la-cour and news-update tie on 2025-06-01: by title


@dataclass
class Built:
    project: Project
    brand: Brand
    summary: Summary
    records: dict  # slug -> format -> facts, as a build's manifest holds them

    def read(self, name: str) -> str:
        return (self.project.dist / name).read_text("utf-8")

    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.read("index.html"), "html.parser")

    def json(self) -> dict:
        return json.loads(self.read("catalog.json"))

    def xml(self, name: str) -> ET.Element:
        return ET.fromstring((self.project.dist / name).read_bytes())


def png(width: int, height: int) -> bytes:
    """A plain PNG of the given size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x1f\x3a\x5f" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def three_page_pdf(**options) -> bytes:
    return weasyprint.HTML(string="<p>one</p>" + '<p style="break-before: page">next</p>' * 2).write_pdf(**options)


def fake_epub() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
    return buffer.getvalue()


def build_html(project: Project, drafts: bool = False) -> Summary:
    summary = build(project, Options(formats=("html",), drafts=drafts))
    assert not summary.failed, summary.line()
    return summary


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """The briefs above built (web editions), then a PDF, an EPUB and a cover added as the other renderers would."""
    project = conftest.TestProject(tmp_path_factory.mktemp("catalog") / "project")
    for slug, text in BRIEFS.items():
        project.brief(slug, text, bundle=slug == "la-cour")
    p = Project.at(project.root)
    summary = build_html(p)
    brand, _ = load_brand(p)
    manifest = Manifest(p)
    records = {brief.slug: manifest.records(brief.slug) for brief in summary.listed}
    added = {"older-brief/older-brief.pdf": three_page_pdf(), "la-cour/la-cour.epub": fake_epub(),
             "la-cour/cover.png": png(30, 40), "news-update/news-update.pdf": three_page_pdf()}
    for name, data in added.items():
        project.write(f"dist/{name}", data)
    facts = {name: file_facts(p.dist, p.dist / name) for name in added}
    records["older-brief"]["pdf"] = {**facts["older-brief/older-brief.pdf"], "pages": 3}
    records["la-cour"]["epub"] = facts["la-cour/la-cour.epub"]
    records["la-cour"]["html"]["cover"] = facts["la-cour/cover.png"]
    records["news-update"]["pdf"] = {**facts["news-update/news-update.pdf"], "pages": 3}  # not in its formats
    write_catalog(p, brand, environment(p), summary.listed, records)
    return Built(p, brand, summary, records)


# -- dist/index.html -----------------------------------------------------------
def test_page_lists_published_briefs_newest_first(built):
    cards = built.soup().select("#catalog-list > li")
    assert [card.h2.a["href"] for card in cards] == [f"{slug}/" for slug in NEWEST_FIRST]
    assert "Secret Draft" not in built.read("index.html") and "unreleased-topic" not in built.read("index.html")
    assert built.soup().select_one("#catalog-status").get_text() == "3 handouts"


def test_card_shows_the_brief(built):
    card = built.soup().select_one('li[data-kind="factsheet"]')
    assert card.h2.get_text() == "La Cour pénale internationale"
    assert card.h2.a["lang"] == "fr"
    assert card.select_one(".kind").get_text() == "Fact sheet"
    assert card.select_one(".card-subtitle").get_text() == "Ce qu'elle est, ce qu'elle n'est pas"
    assert [t["datetime"] for t in card.select("time")] == ["2025-01-10", "2025-06-01"]
    assert card.select_one(".card-summary").get_text() == "L'essentiel sur la Cour, en une page."
    assert [li.get_text() for li in card.select(".topics li")] == ["ICC basics"]  # the brand's name for it
    assert card.find(string="Français").parent["lang"] == "fr"
    assert (card["data-kind"], card["data-topics"], card["data-lang"]) == ("factsheet", "icc-basics", "fr")


def test_title_is_escaped_not_markup(built):
    card = built.soup().select_one('li[data-kind="brief"]')
    assert card.h2.get_text() == 'Sanctions & "Safeguards" <2024>'
    assert "<2024>" not in built.read("index.html")


def test_download_links_name_format_size_and_pages(built):
    soup = built.soup()
    links = {a["href"]: a for a in soup.select(".card-files a")}
    size = (built.project.dist / "older-brief/older-brief.pdf").stat().st_size
    pdf = links["older-brief/older-brief.pdf"]
    assert pdf.get_text().startswith(f"PDF, {human_size(size)}, 3 pages")
    assert pdf.has_attr("download") and pdf["type"] == "application/pdf"
    assert links["la-cour/la-cour.epub"].get_text().startswith("EPUB, ")
    assert "la-cour/" not in links  # the web edition is the card's title link, not a download
    assert "news-update/news-update.pdf" not in links  # the brief's formats do not include PDF
    for a in soup.select(".card-files a"):  # the brief's title, for screen readers listing links
        assert a.select(".visually-hidden")[-1].get_text().startswith(": ")


def test_every_link_in_the_page_resolves_in_dist(built):
    soup = built.soup()
    hrefs = [a["href"] for a in soup.select("a[href]")] + [x["href"] for x in soup.select("link[href]")]
    hrefs += [x["src"] for x in soup.select("[src]")]
    for href in hrefs:
        if href.startswith(("#", "https://")):
            continue
        target = built.project.dist / href
        assert (target / "index.html" if href.endswith("/") else target).is_file(), href


def test_cover_thumbnail_or_placeholder(built):
    soup = built.soup()
    img = soup.select_one('li[data-lang="fr"] .card-cover img')
    assert (img["src"], img["alt"], img["width"], img["height"]) == ("la-cour/cover.png", "", "30", "40")
    for card in soup.select("#catalog-list > li"):
        cover = built.project.dist / card.h2.a["href"] / "cover.png"
        assert bool(card.select_one(".cover-placeholder")) != cover.is_file()
        assert all(i["alt"] == "" for i in card.select("img"))  # decorative: the title is beside it


def test_filters_are_offered_only_with_script(built):
    soup = built.soup()
    form = soup.select_one("form#catalog-filters")
    assert form.has_attr("hidden") and form["role"] == "search"
    for control in form.select("input, select"):
        assert soup.select_one(f'label[for="{control["id"]}"]') is not None
    options = {s["name"]: [o["value"] for o in s.select("option")] for s in form.select("select")}
    assert options == {"kind": ["", "factsheet", "brief", "update"], "topic": ["", "congress", "icc-basics", "us-policy"],
                       "lang": ["", "en", "fr"]}
    assert soup.select_one('script[src="assets/catalog.js"]').has_attr("defer")
    assert (built.project.dist / "assets/catalog.js").is_file()
    assert ".catalog-page .cards" in (built.project.dist / "assets/handouts.css").read_text("utf-8")


def test_page_landmarks_and_headings(built):
    soup = built.soup()
    assert soup.html["lang"] == "en-US"
    assert soup.select_one("a.skip-link")["href"] == "#content" and soup.select_one("main#content")
    assert [h.name for h in soup.select("h1, h2, h3")] == ["h1"] + ["h2"] * 3
    assert soup.select_one("#catalog-status")["role"] == "status"


# -- dist/catalog.json ---------------------------------------------------------
def test_catalog_json_sizes_and_hashes_match_the_files(built):
    data = built.json()
    assert [b["slug"] for b in data["briefs"]] == NEWEST_FIRST
    for brief in data["briefs"]:
        assert brief["url"] == built.brand.url_for(brief["slug"])
        for fmt, file in brief["files"].items():
            content = (built.project.dist / file["path"]).read_bytes()
            assert file["bytes"] == len(content)
            assert file["sha256"] == hashlib.sha256(content).hexdigest()
            assert ("pages" in file) == (fmt == "pdf")
    by_slug = {b["slug"]: b for b in data["briefs"]}
    assert by_slug["older-brief"]["files"]["pdf"]["pages"] == 3
    assert set(by_slug["news-update"]["files"]) == {"html"}
    assert set(by_slug["la-cour"]["files"]) == {"html", "epub"}
    assert by_slug["la-cour"]["files"]["html"]["path"] == "la-cour/index.html"
    assert by_slug["la-cour"]["cover"]["width"] == 30 and by_slug["older-brief"]["subtitle"] is None


def test_catalog_json_fields_and_determinism(built):
    data = built.json()
    older = data["briefs"][-1]
    assert {k: older[k] for k in ("title", "kind", "topics", "lang", "date", "updated")} == {
        "title": 'Sanctions & "Safeguards" <2024>', "kind": "brief", "topics": ["us-policy", "congress"],
        "lang": "en-US", "date": "2024-05-01", "updated": None}
    assert older["authors"] == [{"name": "Jane Doe", "affiliation": None}, {"name": "Pat Roe", "affiliation": "Research"}]
    assert built.read("catalog.json") == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert "secret-draft" not in built.read("catalog.json")


# -- feeds ---------------------------------------------------------------------
def _local(href: str, dist: Path) -> Path:
    assert href.startswith(BASE), href
    path = dist / href.removeprefix(BASE)
    return path / "index.html" if href.endswith("/") else path


def test_atom_feed_lists_every_published_brief_with_its_formats(built):
    feed = built.xml("feed.xml")
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}updated") == "2025-06-01T00:00:00Z"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [BASE + f"{slug}/" for slug in NEWEST_FIRST]
    older = entries[2]
    assert older.findtext(f"{ATOM}title") == 'Sanctions & "Safeguards" <2024>'
    assert [c.get("term") for c in older.findall(f"{ATOM}category")] == ["us-policy", "congress"]
    assert older.findtext(f"{ATOM}published") == "2024-05-01T00:00:00Z"
    links = {link.get("rel"): link for link in older.findall(f"{ATOM}link")}
    assert links["alternate"].get("href") == BASE + "older-brief/" and links["alternate"].get("type") == "text/html"
    enclosure = links["enclosure"]
    assert enclosure.get("type") == "application/pdf"
    assert int(enclosure.get("length")) == _local(enclosure.get("href"), built.project.dist).stat().st_size
    for entry in entries:
        for link in entry.findall(f"{ATOM}link"):
            assert _local(link.get("href"), built.project.dist).is_file()
    assert b"Secret Draft" not in (built.project.dist / "feed.xml").read_bytes()


def test_opds_feed_offers_the_books(built):
    feed = built.xml("opds.xml")
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert "profile=opds-catalog;kind=acquisition" in self_link.get("type")
    entries = {e.findtext(f"{ATOM}id"): e for e in feed.findall(f"{ATOM}entry")}
    assert list(entries) == [BASE + f"{slug}/" for slug in NEWEST_FIRST]
    la_cour = entries[BASE + "la-cour/"]
    acquisitions = la_cour.findall(f"{ATOM}link[@rel='http://opds-spec.org/acquisition']")
    assert [(a.get("href"), a.get("type")) for a in acquisitions] == [(BASE + "la-cour/la-cour.epub", "application/epub+zip")]
    assert la_cour.find(f"{ATOM}link[@rel='http://opds-spec.org/image/thumbnail']").get("href") == BASE + "la-cour/cover.png"
    assert la_cour.findtext(f"{DC}language") == "fr" and la_cour.findtext(f"{DC}issued") == "2025-01-10"
    pdf = entries[BASE + "older-brief/"].find(f"{ATOM}link[@rel='http://opds-spec.org/acquisition']")
    assert pdf.get("type") == "application/pdf"
    for entry in entries.values():
        assert entry.findall(f"{ATOM}link[@rel='http://opds-spec.org/acquisition']"), "OPDS wants one per entry"
        for link in entry.findall(f"{ATOM}link"):
            assert _local(link.get("href"), built.project.dist).is_file()


# -- drafts, no-op builds, empty catalogue -------------------------------------
def test_drafts_never_listed_even_when_built(project):
    for slug, text in BRIEFS.items():
        project.brief(slug, text, bundle=slug == "la-cour")
    p = Project.at(project.root)
    summary = build_html(p, drafts=True)
    assert project.dist("secret-draft/index.html").is_file()
    assert "secret-draft" not in [b.slug for b in summary.listed]
    for name in CATALOG_FILES:
        text = project.dist(name).read_text("utf-8")
        assert "secret-draft" not in text and "Secret Draft" not in text and "unreleased-topic" not in text, name
    build_html(p)
    assert not project.dist("secret-draft").exists()


def test_no_op_build_touches_no_catalogue_file(project):
    project.brief("one", BRIEFS["older-brief"])
    p = Project.at(project.root)
    build_html(p)
    files = [project.dist(name) for name in CATALOG_FILES + ("assets/catalog.js",)]
    before = {f: (f.stat().st_mtime_ns, f.read_bytes()) for f in files}
    build_html(p)
    assert {f: (f.stat().st_mtime_ns, f.read_bytes()) for f in files} == before


def test_empty_catalogue_still_valid(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project.brief("secret-draft", BRIEFS["secret-draft"])
    build_html(Project.at(project.root))
    soup = BeautifulSoup(project.dist("index.html").read_text("utf-8"), "html.parser")
    assert soup.select_one(".catalog-empty").get_text() == "No handouts are published yet."
    for name in ("feed.xml", "opds.xml"):
        feed = ET.fromstring(project.dist(name).read_bytes())
        assert feed.findall(f"{ATOM}entry") == [] and feed.findtext(f"{ATOM}updated") == "2023-11-14T22:13:20Z"
    assert json.loads(project.dist("catalog.json").read_text("utf-8"))["briefs"] == []


def test_partial_build_keeps_the_whole_catalogue(project):
    for slug in ("older-brief", "news-update"):
        project.brief(slug, BRIEFS[slug])
    p = Project.at(project.root)
    build_html(p)
    build(p, Options(formats=("html",), only=("news-update",)))
    assert [b["slug"] for b in json.loads(project.dist("catalog.json").read_text("utf-8"))["briefs"]] == [
        "news-update", "older-brief"]


# -- file facts ----------------------------------------------------------------
@pytest.mark.parametrize("size, text", [(0, "0 bytes"), (999, "999 bytes"), (1000, "1 KB"), (412_400, "412 KB"),
                                        (999_400, "999 KB"), (999_600, "1.0 MB"), (1, "1 byte"), (1_250_000, "1.2 MB"), (12_345_678, "12.3 MB")])
def test_human_size(size, text):
    assert human_size(size) == text


def test_catalog_reads_the_manifest_not_the_files(built, monkeypatch):
    """What it says of each file (pages, bytes, hash) is the build's record: it reads no output again."""
    read_bytes = Path.read_bytes

    def no_output_read(path: Path) -> bytes:
        if path.parent != built.project.dist:  # the catalogue's own files are read to be written only on change
            pytest.fail(f"read {path}")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", no_output_read)
    records = {slug: {fmt: dict(facts) for fmt, facts in by_format.items()} for slug, by_format in built.records.items()}
    records["older-brief"]["pdf"]["pages"] = 7
    write_catalog(built.project, built.brand, environment(built.project), built.summary.listed, records)
    assert re.search(r'"pages": 7', built.read("catalog.json"))
    monkeypatch.undo()
    write_catalog(built.project, built.brand, environment(built.project), built.summary.listed, built.records)


def test_topics_are_filtered_by_slug_and_shown_by_name(built):
    """The brand names us-policy; congress it does not, so its slug is shown as words."""
    options = {o["value"]: o.get_text() for o in built.soup().select("#filter-topic option") if o["value"]}
    assert options == {"congress": "Congress (2)", "icc-basics": "ICC basics (1)", "us-policy": "U.S. policy (1)"}
