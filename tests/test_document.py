"""One Document per brief, made once in the main process: workers render it and load nothing again."""
from __future__ import annotations

import pickle

from bs4 import BeautifulSoup

from handouts.build import engine
from handouts.load.brand import load_brand
from handouts.load.documents import load_documents
from handouts.project import Project

BRIEF = "---\ntitle: The loaded title\ndate: 2025-03-12\nkind: brief\nsummary: x\nsubtitle: “Curly”\n---\n\n" \
        "See [the other](brief:other).\n"
OTHER = "---\ntitle: Other\ndate: 2025-03-12\nkind: brief\nsummary: y\n---\n\nText.\n"


def _documents(project):
    p = Project.at(project.root)
    brand, problems = load_brand(p)
    assert problems == []
    return p, load_documents(p, brand)


def test_a_worker_renders_the_document_it_receives_without_reading_the_brief_or_brand_again(project):
    project.brief("loaded", BRIEF)
    project.brief("other", OTHER)
    p, loaded = _documents(project)
    document = pickle.loads(pickle.dumps(next(d for d in loaded.documents if d.brief.slug == "loaded")))
    assert (document.slugs, [x.code for x in document.problems]) == (("loaded", "other"), ["yaml.curly-quotes"])
    # What the worker would find on disk now is not what the build loaded: it must not look.
    project.brief("loaded", BRIEF.replace("The loaded title", "Changed on disk"))
    project.write("_brand.yml", "color: [")
    (p.briefs / "other.md").unlink()
    staging = p.root / "staging"
    outcome = engine.render(engine.Job(p.root, document, ("html",), staging=staging))
    assert [x.code for x in outcome.problems] == ["yaml.curly-quotes"], [x.render() for x in outcome.problems]
    page = BeautifulSoup((staging / "loaded" / "index.html").read_text("utf-8"), "html.parser")
    assert page.find("h1").get_text(strip=True) == "The loaded title"
    assert page.find("a", string="the other")["href"] == "../other/"


def test_a_brief_that_does_not_load_is_said_once_and_makes_no_document(project):
    project.brief("broken", "---\ntitle: [\n---\n")
    project.brief("other", OTHER)
    _p, loaded = _documents(project)
    assert [d.brief.slug for d in loaded.documents] == ["other"]
    assert [x.code for x in loaded.unloaded["broken"]] == ["yaml.syntax"] and loaded.slugs == ("broken", "other")


def test_a_brief_without_a_web_edition_is_listed_with_its_cover(project):
    import json

    from handouts.build.run import Options, build

    root = project.root
    project.brief("book", OTHER.replace("summary: y\n", "summary: y\nformats: [epub]\n"))
    summary = build(Project.at(root), Options(jobs=1))
    assert summary.built == ["book"], [p.render() for p in summary.problems]
    entry = json.loads((root / "dist" / "catalog.json").read_text("utf-8"))["briefs"][0]
    assert (entry["cover"]["path"], sorted(entry["files"])) == ("book/cover.png", ["epub"]), entry
    assert (root / "dist" / "book" / "cover.png").read_bytes().startswith(b"\x89PNG")
