"""Translations kept in step with their source (issue 19): the front matter's checks, staleness, the table, the
web editions' alternates and switcher, the catalogue's cards, the French print edition."""
from __future__ import annotations

import pytest

from handouts.load.brand import load_brand
from handouts.load.documents import load_documents
from handouts.project import Project

SOURCE = """\
---
title: "The Court"
date: 2025-03-12
kind: brief
summary: "A source brief."
lang: en-US
---

The opening paragraph.

## Jurisdiction

The Court tries individuals.

## Membership

125 states are parties.
"""


def translation(**fields: str) -> str:
    """A French translation of SOURCE, with the front matter's translation fields as given."""
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return ('---\ntitle: "La Cour"\ndate: 2025-04-01\nkind: brief\nsummary: "Une traduction."\n' + lines
            + "---\n\nLe paragraphe d'ouverture.\n\n## Compétence\n\nLa Cour juge des personnes.\n")


def loading_problems(project) -> list[str]:
    """Every problem loading the project's briefs reports, as `invoke check` prints them."""
    root = Project.at(project.root)
    brand, _ = load_brand(root)
    loaded = load_documents(root, brand)
    found = loaded.problems + [p for problems in loaded.unloaded.values() for p in problems]
    found += [p for document in loaded.documents for p in document.problems]
    return sorted(p.render() for p in found)


CASES = {
    "unknown source, with did-you-mean": (
        {"lang": "fr", "translation_of": "the-cort", "source_version": "0123456789"},
        ["briefs/la-cour.md:7: error: no brief named 'the-cort' to translate (did you mean 'the-court'?) "
         "[translation.unknown-source]\n  hint: write `translation_of: the-court`"]),
    "no version": (
        {"lang": "fr", "translation_of": "the-court"},
        ["briefs/la-cour.md:7:1: error: a translation needs the 'source_version' it was made from "
         "[translation.no-version]\n  hint: run `invoke translations` and add `source_version: <the source's "
         "version>` (the version of the text you translated)"]),
    "version without source": (
        {"lang": "fr", "source_version": "0123456789"},
        ["briefs/la-cour.md:7:1: error: 'source_version' without 'translation_of': the version of which brief? "
         "[translation.no-source]\n  hint: add `translation_of: <the source's slug>`, or remove the line"]),
    "no lang": (
        {"translation_of": "the-court", "source_version": "0123456789"},
        ["briefs/la-cour.md:6:1: error: a translation must say its language [translation.no-lang]\n"
         "  hint: add `lang: fr` (the language tag of the translation)"]),
    "same lang": (
        {"lang": "en-GB", "translation_of": "the-court", "source_version": "0123456789"},
        ["briefs/la-cour.md:7: error: the translation is in the language of its source (en-GB) "
         "[translation.same-lang]\n  hint: set `lang:` to the language of the translation, such as `lang: fr`"]),
    "itself": (
        {"lang": "fr", "translation_of": "la-cour", "source_version": "0123456789"},
        ["briefs/la-cour.md:7:17: error: 'la-cour' names itself as its source [translation.self]\n"
         "  hint: name the brief this one translates"]),
    "not a version": (
        {"lang": "fr", "translation_of": "the-court", "source_version": "2025-03-12"},
        ["briefs/la-cour.md:8:17: error: 'source_version' must be a version as `invoke translations` prints it "
         "(10 letters and digits, such as 3f9a0c21b7), got '2025-03-12' [translation.version]\n"
         "  hint: run `invoke translations` and copy the source's version from its table"]),
    "not a slug": (
        {"lang": "fr", "translation_of": "The Court.md", "source_version": "0123456789"},
        ["briefs/la-cour.md:7:17: error: 'translation_of' must be the slug of a brief, got 'The Court.md' "
         "[translation.source]\n  hint: write the source's file name without .md: `translation_of: the-court-md`"]),
}


@pytest.mark.parametrize("case", CASES)
def test_each_translation_problem_is_said_at_its_line(project, case):
    fields, expected = CASES[case]
    project.brief("the-court", SOURCE)
    project.brief("la-cour", translation(**fields))
    assert loading_problems(project) == expected


def test_a_translation_of_a_translation_names_the_original(project):
    project.brief("the-court", SOURCE)
    project.brief("la-cour", translation(lang="fr", translation_of="the-court", source_version="0123456789"))
    project.brief("el-tribunal", translation(lang="es", translation_of="la-cour", source_version="0123456789"))
    assert loading_problems(project) == [
        "briefs/el-tribunal.md:7: error: 'la-cour' is itself a translation (of 'the-court'): translate the original "
        "[translation.of-translation]\n  hint: write `translation_of: the-court`, and take source_version from "
        "that brief"]


def version_now(project, slug: str) -> str:
    from handouts.load.brief import load_brief
    from handouts.load.discover import Source
    from handouts.load.translations import version_of

    brief, problems = load_brief(Source(slug, project.root / "briefs" / f"{slug}.md", None), Project.at(project.root))
    assert brief is not None, problems
    return version_of(brief)


def check_output(project, capsys) -> str:
    from handouts.commands.run import run_check

    run_check(project.root)
    captured = capsys.readouterr()
    return captured.out + captured.err


def made_from_the_source(project) -> str:
    """The source and a French translation of its version now; the version."""
    project.brief("the-court", SOURCE)
    version = version_now(project, "the-court")
    project.brief("la-cour", translation(lang="fr", translation_of="the-court", source_version=version))
    return version


def test_a_source_edited_after_its_translation_names_the_sections_that_changed(project, capsys):
    version = made_from_the_source(project)
    assert "translation.stale" not in check_output(project, capsys)
    assert (project.root / "briefs" / "_versions" / "the-court" / f"{version}.md").read_text("utf-8") \
        == SOURCE.split("---\n", 2)[2]  # the check recorded the source's text at the version named
    project.brief("the-court", SOURCE.replace("125 states", "124 states") + "\n## Withdrawal\n\nA year's notice.\n")
    now = version_now(project, "the-court")
    out = check_output(project, capsys)
    assert (f"briefs/la-cour.md:8: warning: 'the-court' changed since version {version} (now {now}): "
            f"'Membership', 'Withdrawal' (new) [translation.stale]\n"
            f"  hint: bring the translation up to date with 'the-court', then write `source_version: {now}`") in out
    assert "'Jurisdiction'" not in out


def test_rewrapping_the_source_changes_no_section(project, capsys):
    made_from_the_source(project)
    check_output(project, capsys)
    project.brief("the-court", SOURCE.replace("The Court tries individuals.", "The Court\ntries individuals.  "))
    assert "translation.stale" not in check_output(project, capsys)


def test_without_a_record_only_that_the_source_changed_is_said(project, capsys):
    version = made_from_the_source(project)  # never checked: nothing was recorded at that version
    project.brief("the-court", SOURCE.replace("125 states", "124 states"))
    now = version_now(project, "the-court")
    assert (f"briefs/la-cour.md:8: warning: 'the-court' changed since version {version} (now {now}); which "
            f"sections is not known: its text at {version} was not recorded "
            f"(briefs/_versions/the-court/{version}.md) [translation.stale]") in check_output(project, capsys)


def test_the_translations_table(project, capsys):
    from handouts.commands.run import run_translations

    version = made_from_the_source(project)
    project.brief("el-tribunal", translation(lang="es", translation_of="the-court", source_version=version)
                  .replace("La Cour", "El Tribunal"))
    project.brief("other", SOURCE)
    assert run_translations(project.root) == 0
    capsys.readouterr()
    project.brief("the-court", SOURCE.replace("individuals.", "individuals, not states."))
    now = version_now(project, "the-court")
    assert run_translations(project.root) == 0
    lines = capsys.readouterr().out.split("\n\n")
    assert lines[0].split("\n") == [
        "source     version     translation  lang  state  what changed",
        f"the-court  {now}  el-tribunal  es    stale  'Jurisdiction'",
        "                       la-cour      fr    stale  'Jurisdiction'"]
    assert lines[1].split("\n") == ["other briefs, by the version a translation would name as `source_version:`",
                                    "brief  version", f"other  {version_now(project, 'other')}"]
    assert lines[2] == "2 translations, 2 stale\n"


def built(project, formats: tuple[str, ...] = ("html",)):
    from handouts.build.run import Options, build

    summary = build(Project.at(project.root), Options(formats=formats, jobs=1))
    assert not summary.failed, [p.render() for p in summary.problems]
    return summary


def soup_of(path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def test_each_edition_links_its_translations(project):
    version = made_from_the_source(project)
    project.brief("el-tribunal", translation(lang="es", translation_of="the-court", source_version=version))
    project.brief("other", SOURCE)
    built(project)
    for slug, lang in (("the-court", "en-US"), ("la-cour", "fr"), ("el-tribunal", "es")):
        page = soup_of(project.dist(f"{slug}/index.html"))
        alternates = [(link["hreflang"], link["href"]) for link in page.select('head link[rel="alternate"][hreflang]')]
        assert alternates == [("en-US", "https://handouts.example.org/the-court/"),
                              ("es", "https://handouts.example.org/el-tribunal/"),
                              ("fr", "https://handouts.example.org/la-cour/")]
        switcher = page.select_one('nav.languages[aria-label="Languages"]')
        links = [(a["href"], a["hreflang"], a["lang"], a.get_text()) for a in switcher.select("a")]
        everyone = [("../the-court/", "en-US", "en-US", "English"), ("../el-tribunal/", "es", "es", "Español"),
                    ("../la-cour/", "fr", "fr", "Français")]
        assert links == [link for link in everyone if link[0] != f"../{slug}/"]
        current = switcher.select_one("[aria-current=page]")
        assert (current.name, current["lang"]) == ("span", lang)
    assert not soup_of(project.dist("other/index.html")).select("nav.languages, link[hreflang]")


def test_the_catalogue_shows_one_card_per_text_with_its_languages(project):
    import json

    version = made_from_the_source(project)
    project.brief("other", SOURCE.replace("The Court", "Another"))
    built(project)
    page = soup_of(project.dist("index.html"))
    cards = page.select("#catalog-list > li.card")
    # Newest first, then by title: "Another" before "The Court"; the French translation on the second card.
    assert [card.select_one(".card-title a")["href"] for card in cards] == ["other/", "the-court/"]
    languages = cards[1].select(".card-languages a")
    assert [(a["href"], a["hreflang"], a["lang"], a.get_text()) for a in languages] == [
        ("the-court/", "en-US", "en-US", "English"), ("la-cour/", "fr", "fr", "Français")]
    assert cards[1]["data-lang"] == "en fr" and not cards[0].select(".card-languages")
    catalog = json.loads(project.dist("catalog.json").read_text("utf-8"))
    assert [brief["slug"] for brief in catalog["briefs"]] == ["other", "the-court"]
    (french,) = catalog["briefs"][1]["translations"]
    assert (french["slug"], french["lang"], french["translation_of"], french["source_version"]) \
        == ("la-cour", "fr", "the-court", version)
    assert french["files"]["html"]["path"] == "la-cour/index.html" and catalog["briefs"][0]["translations"] == []


def pdf_text(path) -> str:
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.replace("\u00a0", " ")  # a no-break space read as one, or as a space, by the font's own map


def test_the_french_sample_prints_in_french(samples):
    import pypdf

    pdf = samples / "dist" / "la-cpi-en-bref" / "la-cpi-en-bref.pdf"
    assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == "fr"
    text = " ".join(pdf_text(pdf).split())
    for words in ("F ICHE D’INFORMATION", "20 novembre 2026", "Licence : CC BY 4.0",
                  "Lire en ligne : handouts.example.org/la-cpi-en-bref/"):
        assert " ".join(words.split()) in text, words
    for english in ("Fact sheet", "FACT", "License", "Read online", "November"):
        assert english not in text
    source = " ".join(pdf_text(samples / "dist" / "icc-at-a-glance" / "icc-at-a-glance.pdf").split())
    assert "License: CC BY 4.0" in source and "Read online:" in source  # the source keeps its English words


def test_the_french_book_speaks_french(samples):
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(samples / "dist" / "la-cpi-en-bref" / "la-cpi-en-bref.epub") as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
        text = etree.fromstring(book.read("EPUB/text/ch001.xhtml"))
        cover = etree.fromstring(book.read("EPUB/text/cover.xhtml"))
    ns = {"dc": "http://purl.org/dc/elements/1.1/", "x": "http://www.w3.org/1999/xhtml",
          "epub": "http://www.idpf.org/2007/ops"}
    assert opf.xpath("//dc:language/text()", namespaces=ns) == ["fr"]
    assert nav.xpath("//x:nav[@epub:type='landmarks']//x:a/text()", namespaces=ns) == [
        "Couverture", "Page de titre", "Début"]
    assert text.xpath("//x:p[@class='date']/text()", namespaces=ns) == ["Publié le 20 novembre 2026"]
    assert text.xpath("//x:p[@class='date']/@lang", namespaces=ns) == []  # French words in a French book: unmarked
    assert cover.xpath("//x:img/@alt", namespaces=ns)[0].startswith("Couverture\u00a0: La CPI en bref")


def test_a_translation_in_a_language_without_words_keeps_the_brands_marked(project):
    from handouts.words import voice

    version = made_from_the_source(project)
    project.brief("sud", translation(lang="sw", translation_of="the-court", source_version=version))
    built(project, ("pdf",))
    text = " ".join(pdf_text(project.dist("sud/sud.pdf")).split())
    assert "License: CC BY 4.0" in text and "Read online:" in text and "April 1, 2025" in text
    french = " ".join(pdf_text(project.dist("la-cour/la-cour.pdf")).split())  # pdftotext: a no-break space is one
    assert "Licence : CC BY 4.0" in french and "1er avril 2025" in french and "Page 1 sur 1" in french
    assert (voice("sw", "en-US").words.lang, voice("sw", "en-US").marked) == ("en", "en-US")
    assert voice("fr-CA", "en-US").marked is None


@pytest.mark.parametrize("words, expected", [
    ("Page {page} of {pages}", '"Page " counter(page) " of " counter(pages)'),
    ("{page}/{pages}", 'counter(page) "/" counter(pages)'),
    ("Page {page} sur {pages}.", '"Page " counter(page) " sur " counter(pages) "."'),
])
def test_the_page_number_is_the_words_around_the_counters(words, expected):
    import dataclasses

    from handouts.formats.pdf import page_number
    from handouts.words import WORDS

    assert page_number(dataclasses.replace(WORDS["en"], page=words)) == expected


def test_quotation_marks_are_the_languages(project):
    version = made_from_the_source(project)
    project.brief("la-cour", translation(lang="fr", translation_of="the-court", source_version=version)
                  .replace("La Cour juge", 'Elle a dit "la Cour juge" et'))
    built(project)
    paragraph = soup_of(project.dist("la-cour/index.html")).find(string=lambda s: "Elle a dit" in s)
    assert "Elle a dit «\u202fla Cour juge\u202f» et" in paragraph


def test_the_build_warns_at_every_build_while_the_translation_is_stale(project):
    version = made_from_the_source(project)
    assert not [p for p in built(project).problems if p.code == "translation.stale"]
    project.brief("the-court", SOURCE.replace("The opening paragraph.", "A new opening."))
    for _ in range(2):  # the second build renders nothing, and says it again
        stale = [p for p in built(project).problems if p.code == "translation.stale"]
        assert [(p.path, p.line, p.severity) for p in stale] == [("briefs/la-cour.md", 8, "warning")]
        assert stale[0].message.endswith(f"since version {version} (now {version_now(project, 'the-court')}): "
                                         "the opening (before the first heading)")


def test_the_arabic_sample_reads_right_to_left(samples):
    import zipfile

    import pypdf
    from lxml import etree

    page = soup_of(samples / "dist" / "icc-fi-lamha" / "index.html")
    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")
    current = page.select_one("nav.languages [aria-current=page]")
    assert (current["lang"], current.get_text()) == ("ar", "العربية")
    # The web edition's own labels are the brand's English: marked, and set left to right in the Arabic page.
    assert (page.select_one("p.dates")["lang"], page.select_one("p.dates")["dir"]) == ("en-US", "ltr")
    assert pypdf.PdfReader(samples / "dist" / "icc-fi-lamha" / "icc-fi-lamha.pdf").trailer["/Root"]["/Lang"] == "ar"
    with zipfile.ZipFile(samples / "dist" / "icc-fi-lamha" / "icc-fi-lamha.epub") as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
    assert opf.find("{http://www.idpf.org/2007/opf}spine").get("page-progression-direction") == "rtl"
    labels = nav.xpath("//x:nav[@epub:type='landmarks']//x:a/text()", namespaces={
        "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"})
    assert labels == ["الغلاف", "صفحة العنوان", "البداية"]
    english = soup_of(samples / "dist" / "icc-at-a-glance" / "index.html")
    assert [a["hreflang"] for a in english.select("nav.languages a")] == ["ar", "fr"]
    assert "dir" not in english.html.attrs
