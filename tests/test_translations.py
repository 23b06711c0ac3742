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
