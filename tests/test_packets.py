"""Lobby-day packets (issue 19): packets/<slug>.yml checked at its lines, dist/packets/<slug>.pdf read back."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import SAMPLE_PACKETS, TestProject
from handouts.build.run import Options, build
from handouts.load.brand import load_brand
from handouts.load.discover import Source
from handouts.load.documents import load_documents
from handouts.load.packet import load_packet
from handouts.problems import sort_key
from handouts.project import Project
from handouts.validators.model import ERROR
from handouts.validators.pdf import check_pdf

# A reference, however short, prints with its cover and contents: the packet keeps both, and their links.
ALPHA = """\
---
title: "Alpha Brief on Complementarity"
date: 2025-03-12
kind: reference
summary: "Why national courts come first, in three short sections."
---

## National courts first

{text}

## When the Court steps in

{text}[^1]

[^1]: Article 17 of the Rome Statute sets the test.

## What Congress can do

{text}
"""
BETA = """\
---
title: "Beta Facts About the Court"
date: 2025-04-01
kind: factsheet
lang: fr
summary: "The Court's seat, judges and members on one page."
---

## Seat

The Hague, in the Netherlands: [La Haye]{lang=nl-BE}, say the Belgians.
"""
# Pasted from a word processor: curly quotes and a non-breaking space in the text.
GAMMA = """\
---
title: "Gamma Update From The Hague"
date: 2025-05-02
kind: update
summary: "What changed at the Assembly of States Parties this spring."
---

## This spring

The Assembly met in \u201cresumed session\u201d and adopted\u00a0two amendments (see
[national courts](#national-courts-first)).

## National courts first

The same heading as the alpha brief's, so the same anchor.
"""
DELTA = """\
---
title: "Delta, Not In Any Packet"
date: 2025-05-03
kind: update
summary: "A brief the packet does not bind."
---

Nothing to see.
"""
PACKET = """\
title: "Lobby day: Office of Senator Roe"
date: 2026-03-10
for: "Office of Senator Pat Roe"
note: visit-note.md
briefs: [alpha-brief, beta-facts, gamma-update]
"""
NOTE = 'Thank you for meeting with us.\n\n<script>alert("x")</script>*The Coalition*\n'
PARAGRAPH = " ".join(["The principle of complementarity leaves cases to national courts that act genuinely."] * 40)
TITLES = ["Alpha Brief on Complementarity", "Beta Facts About the Court", "Gamma Update From The Hague"]


def _project(root) -> TestProject:
    project = TestProject(root)
    project.brief("alpha-brief", ALPHA.format(text=PARAGRAPH))
    project.brief("beta-facts", BETA)
    project.brief("gamma-update", GAMMA)
    project.brief("delta-elsewhere", DELTA)
    project.write("packets/senate-roe.yml", PACKET)
    project.write("packets/visit-note.md", NOTE, dedent=False)
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A project of briefs written here (none of the repository's), built once: briefs, then the packet."""
    project = _project(tmp_path_factory.mktemp("packets") / "project")
    summary = build(Project.at(project.root), Options(formats=("html", "pdf")))
    assert not summary.failed, [p.render() for p in summary.problems]
    assert "packets/senate-roe" in summary.built
    return project


def _pages(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def _structure(root):
    """Every structure element under `root`, in document order."""
    stack = [root]
    while stack:
        element = stack.pop().get_object()
        kids = element.get("/K", [])
        kids = kids if isinstance(kids, list) else [kids]
        if "/S" in element:
            yield element
        stack.extend(kid for kid in reversed(kids) if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"))


def _manifest(project) -> dict:
    return json.loads((project.root / ".handouts-cache" / "manifest.json").read_text())


def test_briefs_follow_the_cover_in_order_each_as_it_prints_alone(built):
    pdf = built.dist("packets/senate-roe.pdf")
    pages = _pages(pdf)
    alone = [len(PdfReader(built.dist(f"{slug}/{slug}.pdf")).pages) for slug in ("alpha-brief", "beta-facts",
                                                                                  "gamma-update")]
    assert len(pages) == 1 + sum(alone) + 1
    firsts = [next(n for n, text in enumerate(pages[1:], 2) if title in " ".join(text.split()))  # after the cover
              for title in TITLES]
    assert firsts == [2, 2 + alone[0], 2 + alone[0] + alone[1]]
    cover = " ".join(pages[0].split())
    assert "Lobby day: Office of Senator Roe" in cover and "For Office of Senator Pat Roe" in cover
    assert "March 10, 2026" in cover and "Thank you for meeting with us." in cover and "alert" not in cover
    assert [int(n) for n in re.findall(r"page (\d+)", cover)] == firsts
    assert re.findall(r"(Alpha Brief|Beta Facts|Gamma Update)", cover) == ["Alpha Brief", "Beta Facts", "Gamma Update"]
    assert _manifest(built)["packet:senate-roe/pdf"]["starts"] == dict(zip(["alpha-brief", "beta-facts",
                                                                             "gamma-update"], firsts))


def test_pages_are_numbered_through_the_packet_under_each_briefs_running_head(built):
    pages = _pages(built.dist("packets/senate-roe.pdf"))
    numbers = {n: re.search(r"Page (\d+) of (\d+)", text) for n, text in enumerate(pages, 1)}
    shown = {n: (int(m.group(1)), int(m.group(2))) for n, m in numbers.items() if m}
    assert shown == {n: (n, len(pages)) for n in shown}
    alpha_pages = len(PdfReader(built.dist("alpha-brief/alpha-brief.pdf")).pages)
    assert {1, alpha_pages + 1, alpha_pages + 3, len(pages)} <= set(shown)  # cover, alpha's last, gamma, the last
    inside = pages[2]  # alpha's second page: its own running head, over the packet's number
    assert inside.strip().splitlines()[0].split()[:4] == ["Alpha", "Brief", "on", "Complementarity"]


def test_bookmarks_are_each_briefs_outline_under_its_title(built):
    reader = PdfReader(built.dist("packets/senate-roe.pdf"))
    outline = reader.outline
    tops = [item for item in outline if not isinstance(item, list)]
    assert [item.title for item in tops] == ["Lobby day: Office of Senator Roe", *TITLES, "Web editions"]
    starts = _manifest(built)["packet:senate-roe/pdf"]["starts"]
    assert [reader.get_destination_page_number(item) + 1 for item in tops[1:4]] == list(starts.values())
    alpha_children = outline[outline.index(tops[1]) + 1]
    assert [item.title for item in alpha_children if not isinstance(item, list)] == [
        "Contents", "National courts first", "When the Court steps in", "What Congress can do"]
    assert reader.get_destination_page_number(tops[-1]) + 1 == len(reader.pages)


def test_each_briefs_links_lead_to_its_own_pages(built):
    reader = PdfReader(built.dist("packets/senate-roe.pdf"))
    starts = list(_manifest(built)["packet:senate-roe/pdf"]["starts"].values())
    ranges = list(zip(starts, [*starts[1:], len(reader.pages)]))  # [first, next brief's first)
    destinations = reader.named_destinations
    followed = []
    for number, page in enumerate(reader.pages, 1):
        for annotation in (a.get_object() for a in page.get("/Annots", [])):
            if "/Dest" in annotation:
                target = reader.get_destination_page_number(destinations[str(annotation["/Dest"])]) + 1
                (first, end), = [r for r in ranges if r[0] <= number < r[1]]
                followed.append(first <= target < end)
    gamma = reader.pages[starts[2] - 1]
    assert any("/Dest" in a.get_object() for a in gamma["/Annots"])  # gamma's link to its own #national-courts-first
    assert len(followed) > 4 and all(followed)


def test_the_packet_is_tagged_and_passes_the_pdf_checks(built):
    pdf = built.dist("packets/senate-roe.pdf")
    root = PdfReader(pdf).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    headings = [element["/S"] for element in _structure(root["/StructTreeRoot"]) if element["/S"] == "/H1"]
    assert len(headings) == 4  # the packet's title and each brief's: one structure tree holds them all
    assert [r for r in check_pdf(pdf, "packets/senate-roe.pdf") if r.severity == ERROR] == []
    assert str(root["/Lang"]) == "en-US"  # the cover's; the French fact sheet's parts say their own language
    reader, beta = PdfReader(pdf), _manifest(built)["packet:senate-roe/pdf"]["starts"]["beta-facts"]
    languages = {(str(e["/Lang"]), reader.get_page_number(e["/Pg"]) + 1) for e in _structure(root["/StructTreeRoot"])
                 if "/Lang" in e and "/Pg" in e}
    assert {"fr", "nl-BE"} <= {lang for lang, _page in languages}
    assert {page for lang, page in languages if lang in ("fr", "nl-BE")} == {beta}


def test_fonts_are_embedded_once(built):
    def fonts(path) -> Counter:
        seen: dict = {}
        for page in PdfReader(path).pages:
            for font in page["/Resources"].get("/Font", {}).values():
                seen[font.idnum] = re.sub(r"^[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"]))
        return Counter(seen.values())

    packet = fonts(built.dist("packets/senate-roe.pdf"))
    assert packet and set(packet.values()) == {1}, packet
    alone = sum((fonts(built.dist(f"{slug}/{slug}.pdf")) for slug in ("alpha-brief", "beta-facts", "gamma-update")),
                Counter())
    assert set(alone) <= set(packet) and max(alone.values()) > 1  # three PDFs joined would hold them twice or more


def test_the_last_page_lists_each_summary_with_its_link_and_qr_code(built):
    reader = PdfReader(built.dist("packets/senate-roe.pdf"))
    last = reader.pages[-1]
    text = " ".join(last.extract_text().split())
    for summary in ("Why national courts come first, in three short sections.",
                    "The Court's seat, judges and members on one page.",
                    "What changed at the Assembly of States Parties this spring."):
        assert summary in text.replace("\u2019", "'")
    for slug in ("alpha-brief", "beta-facts", "gamma-update"):
        assert f"handouts.example.org/{slug}/" in text
    links = [a.get_object()["/A"]["/URI"] for a in last.get("/Annots", []) if "/A" in a.get_object()]
    assert links == [f"https://handouts.example.org/{slug}/" for slug in ("alpha-brief", "beta-facts", "gamma-update")]
    on_last = [str(e.get("/Alt")) for e in _structure(reader.trailer["/Root"]["/StructTreeRoot"])
               if e["/S"] == "/Figure" and e.raw_get("/Pg").idnum == last.indirect_reference.idnum]
    assert on_last == [  # a figure each, its alternative text naming the link
        f"QR code linking to handouts.example.org/{slug}/" for slug in ("alpha-brief", "beta-facts", "gamma-update")]


def test_catalogue_lists_the_packet_apart_and_catalog_json_has_it(built):
    catalog = json.loads(built.dist("catalog.json").read_text())
    (packet,) = catalog["packets"]
    data = built.dist("packets/senate-roe.pdf").read_bytes()
    import hashlib

    assert packet == {"slug": "senate-roe", "title": "Lobby day: Office of Senator Roe", "for": "Office of Senator Pat Roe",
                      "date": "2026-03-10", "briefs": ["alpha-brief", "beta-facts", "gamma-update"],
                      "file": {"path": "packets/senate-roe.pdf", "bytes": len(data),
                               "sha256": hashlib.sha256(data).hexdigest(), "pages": len(_pages(built.dist(
                                   "packets/senate-roe.pdf")))}}
    assert "senate-roe" not in {brief["slug"] for brief in catalog["briefs"]}
    page = BeautifulSoup(built.dist("index.html").read_text(), "html.parser")
    section = page.find("section", class_="packets")
    assert section.find("h2").get_text() == "Meeting packets"
    assert section.find("a", href="packets/senate-roe.pdf") is not None
    assert [a["href"] for a in section.select(".packet-briefs a")] == ["alpha-brief/", "beta-facts/", "gamma-update/"]
    assert len(page.select("#catalog-list > li")) == 4  # the briefs' cards: the packet is not one


def test_a_brief_change_rebinds_the_packet_and_an_unrelated_change_does_not(built, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(built.root, root)
    project, options = Project.at(root), Options(formats=("html", "pdf"))
    pdf = root / "dist" / "packets" / "senate-roe.pdf"
    before = pdf.stat().st_mtime_ns
    assert "packets/senate-roe" in build(project, options).current
    (root / "briefs" / "delta-elsewhere.md").write_text(DELTA.replace("Nothing to see.", "Something else."))
    summary = build(project, options)
    assert summary.built == ["delta-elsewhere"] and "packets/senate-roe" in summary.current
    assert pdf.stat().st_mtime_ns == before
    (root / "briefs" / "beta-facts.md").write_text(BETA.replace("The Hague", "Den Haag"))
    summary = build(project, options)
    assert summary.built == ["beta-facts", "packets/senate-roe"]
    assert "Den Haag" in " ".join(_pages(pdf)) and pdf.stat().st_mtime_ns != before
    (root / "packets" / "visit-note.md").write_text("A new note.\n")
    assert build(project, options).built == ["packets/senate-roe"]
    assert "A new note." in _pages(pdf)[0]


def test_binding_from_the_kept_print_html_gives_the_pdf_pandoc_would(built, tmp_path):
    """The packet is bound from each brief's print HTML kept when its PDF was rendered; without it (a cache
    cleared, or the project moved: the HTML names images by their paths), pandoc runs again, to the same bytes."""
    root = tmp_path / "copy"
    shutil.copytree(built.root, root)
    kept = sorted(p.name for p in (root / ".handouts-cache" / "print").iterdir())
    assert kept == ["alpha-brief.html", "beta-facts.html", "delta-elsewhere.html", "gamma-update.html"]
    calls = []
    import handouts.build.packets as packets

    real = packets.to_html
    packets.to_html = lambda *args: calls.append(args[0].slug) or real(*args)
    try:
        (root / "dist" / "packets" / "senate-roe.pdf").unlink()
        assert build(Project.at(root), Options(formats=("html", "pdf"))).built == ["packets/senate-roe"]
        assert calls == ["alpha-brief", "beta-facts", "gamma-update"]  # moved: its kept HTML is not used
        moved = (root / "dist" / "packets" / "senate-roe.pdf").read_bytes()
        assert moved == built.dist("packets/senate-roe.pdf").read_bytes()
        calls.clear()
        rendered = build(Project.at(root), Options(formats=("pdf",), only=("alpha-brief", "beta-facts",
                                                                            "gamma-update"), force=True))
        assert sorted(rendered.built) == ["alpha-brief", "beta-facts", "gamma-update", "packets/senate-roe"]
        assert calls == []  # rendered here: their kept HTML is bound, pandoc does not run again
    finally:
        packets.to_html = real
    assert (root / "dist" / "packets" / "senate-roe.pdf").read_bytes() == moved


# -- problems -------------------------------------------------------------------------------------------------
def _problems(project: TestProject, text: str) -> list[str]:
    path = project.write("packets/visit.yml", text)
    loaded = load_documents(Project.at(project.root), load_brand(Project.at(project.root))[0])
    briefs = {d.brief.slug: d.brief for d in loaded.documents}
    packet, problems = load_packet(Source("visit", path, None), Project.at(project.root), briefs, loaded.slugs)
    assert packet is None or not problems
    return [p.render() for p in sorted(problems, key=sort_key)]  # as reports print them


@pytest.fixture
def briefs(project) -> TestProject:
    project.brief("alpha-brief", ALPHA.format(text="Short."))
    project.brief("gamma-update", GAMMA)
    project.brief("draft-one", GAMMA.replace("kind: update", "kind: update\nstatus: draft"))
    project.brief("broken-one", "---\ntitle: x\n---\n")
    return project


def test_every_packet_problem_at_its_line_with_a_code_and_a_hint(briefs):
    found = _problems(briefs, """\
        title: [Lobby day]
        date: 03/10/2026
        audience: "Office of Senator Roe"
        notes: hello
        briefs:
          - alpha-brif
          - gamma-update
          - gamma-update
          - draft-one
          - broken-one
          - nowhere-near
          - {slug: x}
        """)
    assert found == [
        "packets/visit.yml:1: error: missing required field 'for' [packet.required]\n"
        "  hint: add `for: \"Office of Senator ...\"`, the audience the cover names",
        "packets/visit.yml:1:8: error: 'title' must be text, got a list [packet.title]\n"
        "  hint: write `title: \"...\"`, in quotes: [ and { begin a list or a set of keys",
        "packets/visit.yml:2:7: error: 'date' must be YYYY-MM-DD, got '03/10/2026' [packet.date]\n"
        "  hint: write `date: 2026-03-10`",
        "packets/visit.yml:3:1: error: unknown key 'audience' (did you mean 'for'?) [packet.unknown-key]\n"
        "  hint: rename it to 'for'",
        "packets/visit.yml:4:1: error: unknown key 'notes' (did you mean 'note'?) [packet.unknown-key]\n"
        "  hint: rename it to 'note'",
        "packets/visit.yml:6:5: error: no brief named 'alpha-brif' in briefs/ (did you mean 'alpha-brief'?) "
        "[packet.unknown-brief]\n  hint: write `alpha-brief`",
        "packets/visit.yml:8:5: error: brief 'gamma-update' is listed twice [packet.briefs]\n"
        "  hint: remove one of the two",
        "packets/visit.yml:9:5: error: brief 'draft-one' is a draft: a packet binds published briefs only "
        "[packet.draft-brief]\n  hint: publish it (`status: published` in briefs/draft-one) or take it out of the list",
        "packets/visit.yml:10:5: error: brief 'broken-one' has errors: the packet cannot bind it [packet.brief-failed]\n"
        "  hint: correct the errors reported for briefs/broken-one (invoke check --only broken-one)",
        "packets/visit.yml:11:5: error: no brief named 'nowhere-near' in briefs/ [packet.unknown-brief]\n"
        "  hint: write the slug of a brief (its file name without .md): alpha-brief, gamma-update",
        "packets/visit.yml:12:5: error: 'briefs' must be text, got a set of keys [packet.briefs]\n"
        "  hint: write `briefs: \"...\"`, in quotes: [ and { begin a list or a set of keys",
    ]


@pytest.mark.parametrize("text, expected", [
    ("title: T\ndate: 2026-03-10\nfor: ''\nbriefs: [alpha-brief]\n",
     "packets/visit.yml:3:6: error: 'for' is empty [packet.for]\n  hint: write `for: \"...\"`"),
    ("title: T\ndate: 2026-02-30\nfor: O\nbriefs: [alpha-brief]\n",
     "packets/visit.yml:2:7: error: 'date' is not a real date: '2026-02-30' [packet.date]\n"
     "  hint: check the month (01-12) and the day of the month"),
    ("title: T\ndate: 2026-03-10\nfor: O\nbriefs: []\n",
     "packets/visit.yml:4:9: error: 'briefs' is empty: the packet would bind no brief [packet.briefs]\n"
     "  hint: write `briefs: [slug, slug]`, the slugs of briefs in briefs/"),
    ("title: T\ndate: 2026-03-10\nfor: O\nbriefs: {alpha-brief: 1}\n",
     "packets/visit.yml:4:9: error: 'briefs' must be a list [packet.briefs]\n  hint: write `briefs: [a, b]`"),
    ("title: T\ndate: 2026-03-10\nfor: O\nnote: visit-notes.md\nbriefs: [alpha-brief]\n",
     "packets/visit.yml:4:7: error: 'note' file not found: packets/visit-notes.md (did you mean 'visit-note.md'?) "
     "[packet.note]\n  hint: check the name; the path is relative to packets/"),
    ("title: T\ndate: 2026-03-10\nfor: O\nnote: ../briefs/alpha-brief.md\nbriefs: [alpha-brief]\n",
     "packets/visit.yml:4:7: error: 'note' file must be beside the packet, in packets/: '../briefs/alpha-brief.md' "
     "[packet.note]\n  hint: put the note's file in packets/ and give its name"),
    ("- title\n- date\n",
     "packets/visit.yml:1: error: a packet is a set of 'key: value' lines [packet.file]\n"
     "  hint: write 'title: ...', 'date: ...', 'for: ...' and 'briefs: [...]' on their own lines"),
    ("title: T\ntitle: U\ndate: 2026-03-10\nfor: O\nbriefs: [alpha-brief]\n",
     "packets/visit.yml:2:1: error: duplicate key 'title' (first on line 1) [yaml.duplicate-key]\n"
     "  hint: keep one of the two"),
])
def test_each_value_problem_message(briefs, text, expected):
    briefs.write("packets/visit-note.md", "A note.\n")
    assert _problems(briefs, text) == [expected]


def test_a_note_that_is_not_text_and_a_packet_linked_from_elsewhere(briefs, tmp_path):
    briefs.write("packets/visit-note.md", b"Caf\xe9 meeting\n")  # Latin-1, as an old editor saves it
    assert _problems(briefs, "title: T\ndate: 2026-03-10\nfor: O\nnote: visit-note.md\nbriefs: [alpha-brief]\n") == [
        "packets/visit.yml:4:7: error: 'note' file 'visit-note.md' is not UTF-8 text (or is over 8 MB) [packet.note]\n"
        "  hint: save it as UTF-8"]
    elsewhere = tmp_path / "elsewhere.yml"
    elsewhere.write_text("title: T\ndate: 2026-03-10\nfor: O\nbriefs: [alpha-brief]\n")
    (briefs.root / "packets" / "linked.yml").symlink_to(elsewhere)
    project = Project.at(briefs.root)
    packet, problems = load_packet(Source("linked", briefs.root / "packets" / "linked.yml", None), project, {}, ())
    assert packet is None and [p.render() for p in problems] == [
        "packets/linked.yml:1: error: the packet's file is a link to a file elsewhere (a symbolic or hard link) "
        "[packet.outside]\n  hint: copy the file itself into packets/"]


def test_packet_file_names_and_the_check_command(briefs, capsys):
    from handouts.commands.run import run_check

    briefs.write("packets/Lobby Day.yml", "title: T\n")
    briefs.write("packets/visit.yaml", "title: T\n")
    briefs.write("packets/good.yml", "title: T\ndate: 2026-03-10\nfor: O\nbriefs: [alpha-brif]\n")
    assert run_check(briefs.root) == 1
    captured = capsys.readouterr()
    out = captured.err + captured.out
    assert "packets/Lobby Day.yml: error: 'Lobby Day' is not a valid slug (lowercase letters, digits, hyphens) " \
           "[packet.slug]\n  hint: rename it to 'lobby-day.yml'" in out
    assert "packets/visit.yaml: error: a packet's file name ends in .yml, not .yaml [packet.suffix]\n" \
           "  hint: rename it to 'visit.yml'" in out
    assert "packets/good.yml:4:10: error: no brief named 'alpha-brif' in briefs/ (did you mean 'alpha-brief'?) " \
           "[packet.unknown-brief]" in out


def test_a_packet_with_a_brief_that_fails_to_build_is_not_bound(project):
    project.brief("alpha-brief", ALPHA.format(text="A [link](brief:nowhere) to no brief."))
    project.write("packets/visit.yml", "title: T\ndate: 2026-03-10\nfor: O\nbriefs: [alpha-brief]\n")
    summary = build(Project.at(project.root), Options(formats=("pdf",)))
    assert summary.failed.get("packets/visit") == 1 and "alpha-brief" in summary.failed
    assert "packets/visit.yml:4: error: not bound: alpha-brief failed to build [packet.brief-failed]\n" \
           "  hint: correct the errors reported for the brief, then build again" in [p.render() for p in summary.problems]
    assert not project.dist("packets/visit.pdf").exists()


def test_a_bad_packet_file_fails_the_build_but_not_one_of_some_briefs(briefs):
    briefs.write("packets/visit.yml", "title: T\ndate: 2026-03-10\nfor: O\nbriefs: [alpha-brif]\n")
    summary = build(Project.at(briefs.root), Options(formats=("html",)))
    assert summary.failed == {"broken-one": 3, "packets/visit": 1}  # broken-one lacks three fields
    assert "packets/visit.yml:4:10: error: no brief named 'alpha-brif' in briefs/ (did you mean 'alpha-brief'?) " \
           "[packet.unknown-brief]\n  hint: write `alpha-brief`" in [p.render() for p in summary.problems]
    summary = build(Project.at(briefs.root), Options(only=("gamma-update",), formats=("html",)))
    assert "packets/visit" not in summary.failed and summary.current == ["gamma-update"]


def test_the_sample_packet_is_well_formed():
    from conftest import REPO

    assert SAMPLE_PACKETS == ["senate-office-visit"]
    project = Project.at(REPO)
    loaded = load_documents(project, load_brand(project)[0])
    (source,) = [Source(slug, REPO / "packets" / f"{slug}.yml", None) for slug in SAMPLE_PACKETS]
    packet, problems = load_packet(source, project, {d.brief.slug: d.brief for d in loaded.documents}, loaded.slugs)
    assert problems == [] and packet.briefs == ("a-case-for-conservatives", "icc-at-a-glance",
                                                "rome-statute-in-us-case-law")
    assert packet.note_file == REPO / "packets" / "senate-office-visit-note.md"


def test_the_sample_packet_binds_the_samples_in_order(samples):
    reader = PdfReader(samples / "dist" / "packets" / "senate-office-visit.pdf")
    tops = [item for item in reader.outline if not isinstance(item, list)]
    titles = ["A Case for Conservatives", "The ICC at a Glance", "The Rome Statute in U.S. Case Law"]
    assert [item.title for item in tops] == ["Lobby day: the Court and American interests", *titles, "Web editions"]
    pages = _pages(samples / "dist" / "packets" / "senate-office-visit.pdf")
    firsts = [reader.get_destination_page_number(item) + 1 for item in tops[1:4]]
    assert [next(n for n, text in enumerate(pages[1:], 2) if title in " ".join(text.split()))
            for title in titles] == firsts
    alone = [len(PdfReader(samples / "dist" / slug / f"{slug}.pdf").pages)
             for slug in ("a-case-for-conservatives", "icc-at-a-glance", "rome-statute-in-us-case-law")]
    assert len(pages) == 2 + sum(alone) and firsts == [2, 2 + alone[0], 2 + alone[0] + alone[1]]
