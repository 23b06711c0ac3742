"""Hostile files and values, one rule at a time: SVGs, URL attributes, paths, hard links, citation styles, control
characters and escaping, each checked on the case that broke it (the end-to-end build is tests/test_hostile.py)."""
from __future__ import annotations

import os

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from handouts.document import markdown
from handouts.load.brief import load_brief
from handouts.load.discover import find
from handouts.problems import Problems
from handouts.project import Project
from handouts.document.sanitize import sanitize
from handouts.tools.svg import SvgRefused, sanitized
from handouts.tools.templates import css_string

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
CANARY_URL = "http://127.0.0.1:9/x"

# name: (the SVG, the code it is refused with, the line of the SVG named)
UNSAFE_SVGS = {
    "script": (SVG + "<g>\n<script>alert(1)</script></g></svg>", "resource.svg-script", 3),
    "handler": (SVG + '<rect onload="alert(1)" width="5"/></svg>', "resource.svg-script", 2),
    "handler-upper": (SVG + '<rect ONCLICK="alert(1)"/></svg>', "resource.svg-script", 2),
    "foreign-object": (SVG + '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject></svg>',
                       "resource.svg-script", 2),
    "xhtml-script": (SVG + '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>',
                     "resource.svg-script", 2),
    "animation-sets-href": (SVG + '<a href="#a"><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
                            "resource.svg-script", 2),
    "style-import": (SVG + f'<style>@import "{CANARY_URL}";</style></svg>', "resource.svg-reference", 2),
    "style-escaped-url": (SVG + f"<style>\nrect {{ fill: u\\72 l({CANARY_URL}) }}</style></svg>",
                          "resource.svg-reference", 3),
    "style-font-face": (SVG + f"<style>@font-face {{ font-family: x; src: url({CANARY_URL}) }}</style></svg>",
                        "resource.svg-reference", 2),
    "style-attribute-url": (SVG + f'<rect style="fill: url(\'{CANARY_URL}\')"/></svg>', "resource.svg-reference", 2),
    "presentation-url": (SVG + f'<rect fill="url({CANARY_URL}#g)"/></svg>', "resource.svg-reference", 2),
    "image-file": (SVG + '<image xlink:href="file:///etc/passwd"/></svg>', "resource.svg-reference", 2),
    "use-other-file": (SVG + '<use href="other.svg#a"/></svg>', "resource.svg-reference", 2),
    "image-svg-data": (SVG + '<image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>', "resource.svg-reference", 2),
    "xml-stylesheet": (f'<?xml-stylesheet href="{CANARY_URL}"?>\n' + SVG + "</svg>", "resource.svg-reference", 1),
    "entities": ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY c SYSTEM "file:///etc/passwd">]>\n'
                 '<svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>', "resource.svg-entities", None),
    "not-svg-namespace": ("<svg><script>alert(1)</script></svg>", "resource.type", 1),
    "html-as-svg": ("<html><body onload='x()'></body></html>", "resource.type", 1),
    "comment-backtracking": ("<!--" + "-" * 5000 + "\n<svg/>", "resource.type", None),
}


@pytest.mark.parametrize("name", sorted(UNSAFE_SVGS))
def test_an_unsafe_svg_is_refused_at_its_line(name):
    data, code, line = UNSAFE_SVGS[name]
    with pytest.raises(SvgRefused) as refused:
        sanitized(data.encode())
    assert refused.value.code == code, refused.value.where()
    if line:
        assert refused.value.line == line and refused.value.where().endswith(f"(line {line} of the SVG)")


def test_a_safe_svg_keeps_its_drawing_and_loses_what_a_drawing_does_not_need():
    data = ('<?xml version="1.0"?>\n<!-- made by an editor -->\n' + SVG.replace(">", ' xml:base="http://x/">', 1)
            + '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
            '<linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient>'
            '<style>rect { fill: url(#g) }</style><rect fill="url(#g)" width="5" height="5"/>'
            '<use xlink:href="#g"/><image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>'
            '<text x="1" aria-label="write to @us">Caf\u00e9</text></svg>')
    root = etree.fromstring(sanitized(data.encode()))
    names = [etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)]
    assert names == ["svg", "linearGradient", "stop", "style", "rect", "use", "image", "text"]
    assert root.get("{http://www.w3.org/XML/1998/namespace}base") is None
    assert root.find("{http://www.w3.org/2000/svg}text").text == "Caf\u00e9"
    assert root.find("{http://www.w3.org/2000/svg}use").get("{http://www.w3.org/1999/xlink}href") == "#g"
    assert not [n for n in root.iter() if not isinstance(n.tag, str)]  # no comment left


def test_a_doctype_that_declares_nothing_is_dropped():
    data = ('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
            + SVG + '<rect width="1"/></svg>')
    assert b"DOCTYPE" not in sanitized(data.encode()) and b"<rect" in sanitized(data.encode())
    with pytest.raises(SvgRefused):
        sanitized(b'<!DOCTYPE svg [<!ELEMENT svg ANY>]><svg xmlns="http://www.w3.org/2000/svg"/>')


@pytest.mark.parametrize("html, kept", [
    ('<q cite="javascript:alert(1)">q</q>', "<q>q</q>"),
    ('<blockquote cite=" JaVa\tScript:alert(1)">b</blockquote>', "<blockquote>b</blockquote>"),
    ('<img src="x.png" alt="a" longdesc="javascript:alert(1)">', '<img src="x.png" alt="a">'),
    ('<a href="java&#x0A;script:alert(1)">a</a>', "<a>a</a>"),
    ('<q cite="vbscript:x">v</q>', "<q>v</q>"),
])
def test_every_url_attribute_is_checked(html, kept):
    clean, removed = sanitize(html)
    assert clean == kept and any(item.endswith(": URL") for item in removed), (clean, removed)


def test_a_web_address_in_cite_stays():
    assert sanitize('<q cite="https://www.icc-cpi.int/">q</q>') == ('<q cite="https://www.icc-cpi.int/">q</q>', [])


# -- front matter -------------------------------------------------------------------------------------

FRONT = '---\ntitle: "T"\ndate: 2025-03-12\nkind: update\nsummary: "S."\n'


def problems_of(project, slug: str, extra_front: str, body: str = "Text.\n") -> list[str]:
    project.brief(slug, FRONT + extra_front + "---\n\n" + body, bundle=True)
    p = Project.at(project.root)
    found = [s for s in find(p).sources if s.slug == slug]
    return [x.render() for x in load_brief(found[0], p)[1]]


@pytest.mark.parametrize("front, line, code", [
    ('subtitle: "Part one\\rbody { background: red }"\n', 6, "brief.subtitle"),
    ('license: "CC\\x01 BY"\n', 6, "brief.license"),  # NUL is yaml.not-text (test_hostile_build)
    ('authors: [{name: "Jane\\u0085Doe"}]\n', 6, "brief.authors"),
    ('extra:\n  note: "bell \\a"\n', 7, "brief.extra"),
    ('topics: ["a\\x1bb"]\n', 6, "brief.topics"),
])
def test_a_control_character_in_any_value_is_a_problem_at_its_line(project, front, line, code):
    found = problems_of(project, "controls", front)
    assert [p for p in found if f":{line}:" in p and "control character" in p and f"[{code}]" in p], found


def test_a_control_character_in_the_text_is_a_problem_at_its_column(project):
    project.brief("word", FRONT + "---\n\nLine one\x0bline two.\n\n```\ncode \x1b[0m\n```\n")
    p = Project.at(project.root)
    found = [x.render() for x in load_brief(find(p).sources[0], p)[1]]
    assert [f.split(" [")[0] for f in found] == [
        "briefs/word.md:8:9: error: control character in the text (U+000B)",
        "briefs/word.md:11:6: error: control character in the text (U+001B)"], found


@pytest.mark.parametrize("name, text, why", [
    ("refs.json", '[{"id": "sosa", "type": "book", "title": "Pasted\\u000bfrom Word"}]',
     "entry 'sosa' has a control character (U+000B)"),
    ("refs.yaml", 'references:\n- id: sosa\n  type: book\n  title: "Bell \\a"\n',
     "entry 'sosa' has a control character (U+0007)"),
    ("refs.bib", "@book{sosa,\n  title = {Page\x0cbreak},\n}\n", "line 2 has a control character (U+000C)"),
])
def test_a_control_character_in_the_bibliography_is_a_problem(project, name, text, why):
    project.write(f"briefs/bib/{name}", text)
    found = problems_of(project, "bib", f"bibliography: {name}\n")
    assert [p for p in found if ":6:" in p and why in p and "[brief.bibliography]" in p], found


def test_a_title_with_a_carriage_return_is_refused(project):
    project.brief("cr", '---\ntitle: "Hidden\\r} @page { background: red } x {"\ndate: 2025-03-12\nkind: update\n'
                        'summary: "S."\n---\n\nText.\n', bundle=True)
    p = Project.at(project.root)
    found = load_brief(find(p).sources[0], p)[1]
    assert [x.render() for x in found] == [
        "briefs/cr/index.md:2:8: error: 'title' has a control character (U+000D) [brief.title]\n"
        "  hint: remove it (it often comes with text pasted from another program, or a YAML escape such as \\r)"]


@pytest.mark.parametrize("value", ["figures\\\\cover.png", "\\\\\\\\host\\\\x.png", "figures/\\x7fcover.png"])
def test_a_path_with_a_backslash_or_control_character_is_refused(project, value):
    project.write("briefs/paths/figures/cover.png", b"\x89PNG\r\n\x1a\n")
    found = problems_of(project, "paths", f'cover: "{value}"\n')
    assert [p for p in found if ":6:" in p and "[brief.cover]" in p and
            ("backslash" in p or "control character" in p)], found


def test_a_hard_linked_bundle_file_is_refused(project, tmp_path):
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text('[{"id": "x", "type": "book", "title": "Secret"}]')
    project.write("briefs/linked/placeholder.txt", "")
    os.link(elsewhere, project.root / "briefs/linked/references.json")
    found = problems_of(project, "linked", "bibliography: references.json\n")
    assert [p for p in found if ":6:" in p and "hard link" in p and "[brief.bibliography]" in p
            and "copy the file into the folder" in p], found


def test_a_hard_linked_brief_is_refused(project, tmp_path):
    (tmp_path / "elsewhere.md").write_text(FRONT + "---\n\nSecret text.\n")
    (project.root / "briefs" / "linked").mkdir()
    os.link(tmp_path / "elsewhere.md", project.root / "briefs/linked/index.md")
    p = Project.at(project.root)
    brief, found = load_brief(find(p).sources[0], p)
    assert brief is None and [x.render() for x in found] == [
        "briefs/linked/index.md:1: error: the brief's file is a hard link: the same file is also somewhere else "
        "[brief.hard-link]\n  hint: copy the file into the folder (a hard link shares its bytes with a file elsewhere)"]


@pytest.mark.parametrize("link", ["briefs/single.md", "briefs/bundle/index.md", "briefs/folder"])
def test_a_brief_that_is_a_symbolic_link_out_is_refused(project, tmp_path, link):
    (tmp_path / "outside" / "folder").mkdir(parents=True)
    for name in ("elsewhere.md", "folder/index.md"):
        (tmp_path / "outside" / name).write_text(FRONT + "---\n\nSecret text.\n")
    target = tmp_path / "outside" / ("folder" if link.endswith("folder") else "elsewhere.md")
    (project.root / link).parent.mkdir(parents=True, exist_ok=True)
    (project.root / link).symlink_to(target)
    p = Project.at(project.root)
    brief, found = load_brief(find(p).sources[0], p)
    assert brief is None and [x.code for x in found] == ["brief.outside"], [x.render() for x in found]


@pytest.mark.parametrize("value", ["../../outside/style", "/etc/style", "..", "sub/../../style"])
def test_a_csl_value_without_the_suffix_is_checked_like_a_path(project, value):
    (project.root / "outside").mkdir()
    (project.root / "outside" / "style.csl").write_text("<style/>")
    found = problems_of(project, "csl-path", f'csl: "{value}"\n')
    assert [p for p in found if ":6:" in p and "[brief.csl]" in p], found


DEPENDENT = ('<?xml version="1.0"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">'
             '<info><title>Dep</title><id>dep</id><link href="{href}" rel="independent-parent"/></info>'
             '<citation><layout/></citation></style>')


@pytest.mark.parametrize("href", [CANARY_URL, "file:///etc/passwd", "/etc/passwd", "../../outside/style.csl",
                                  "https://www.zotero.org/styles/chicago-fullnote"])
def test_a_dependent_style_is_refused_when_its_parent_is_outside_the_policy(project, href):
    project.write("briefs/dependent/dependent.csl", DEPENDENT.format(href=href))
    found = problems_of(project, "dependent", "csl: dependent.csl\n")
    assert [p for p in found if ":6:" in p and "[brief.csl]" in p and "depends on the style" in p], found


def test_a_dependent_style_stands_for_its_parent_in_the_policy(project):
    project.write("briefs/dependent/dependent.csl",
                  DEPENDENT.format(href="https://www.zotero.org/styles/policy-legal-note"))
    project.write("briefs/dependent/local.csl", DEPENDENT.format(href="dependent.csl"))
    project.brief("dependent", FRONT + "csl: dependent.csl\n---\n\nText.\n", bundle=True)
    p = Project.at(project.root)
    brief, found = load_brief(find(p).sources[0], p)
    assert found == [] and brief.csl == (project.root / "layouts/csl/policy-legal-note.csl").resolve()
    project.brief("dependent", FRONT + "csl: local.csl\n---\n\nText.\n", bundle=True)
    brief, found = load_brief(find(p).sources[0], p)
    assert brief is None and "depends on another style in turn" in found[0].message


def test_an_unsafe_cover_svg_is_refused_at_the_cover_line(project):
    project.write("briefs/cover/figures/cover.svg", SVG + '<rect onload="alert(1)"/></svg>')
    found = problems_of(project, "cover", "cover: figures/cover.svg\n")
    assert [p for p in found if ":6:" in p and "[resource.svg-script]" in p and "line 2 of the SVG" in p], found


# -- the body's images ------------------------------------------------------------------------------------

def body_problems(project, slug: str, body: str) -> list[str]:
    project.brief(slug, FRONT + "---\n\n" + body, bundle=True)
    p = Project.at(project.root)
    brief, _ = load_brief([s for s in find(p).sources if s.slug == slug][0], p)
    problems = Problems(p.rel(brief.path))
    markdown.to_html(brief, p, problems, quick=True)
    return [x.render() for x in problems.items]


@pytest.mark.parametrize("src", ["\\\\/127.0.0.1/x.png", "\\\\\\\\127.0.0.1\\\\x.png", "figures%5Cx.png",
                                 "figures/x%01.png"])
def test_an_image_path_with_a_backslash_or_control_character_is_refused(project, src):
    project.write("briefs/img/figures/x.png", b"\x89PNG\r\n\x1a\n")
    found = body_problems(project, "img", f'<img src="{src}" alt="x">\n')
    assert [p for p in found if ":8:" in p and "[resource.path]" in p], found


def test_a_hard_linked_figure_is_refused(project, tmp_path):
    (tmp_path / "secret.svg").write_text(SVG + "</svg>")
    (project.root / "briefs/hard/figures").mkdir(parents=True)
    os.link(tmp_path / "secret.svg", project.root / "briefs/hard/figures/x.svg")
    found = body_problems(project, "hard", "![x](figures/x.svg)\n")
    assert [p for p in found if ":8:" in p and "[resource.hard-link]" in p], found


def test_a_remote_image_in_a_heading_reaches_no_table_of_contents(project):
    project.brief("toc", FRONT + "toc: true\n---\n\n## Title ![logo](" + CANARY_URL + ".png)\n\nText.\n", bundle=True)
    p = Project.at(project.root)
    brief, _ = load_brief(find(p).sources[0], p)
    problems = Problems(p.rel(brief.path))
    fragment = markdown.to_html(brief, p, problems)
    assert "resource.remote" in {x.code for x in problems.items}
    toc = BeautifulSoup(fragment.toc, "html.parser")
    assert toc.find("img") is None and "Title logo" in toc.get_text(" ", strip=True)


# -- escaping ------------------------------------------------------------------------------------------

def test_a_css_string_holds_any_text():
    import tinycss2

    text = 'a "quoted" \\ title\r} @page { background: red } </style>\x0c\n'
    tokens = [t for t in tinycss2.parse_component_value_list(css_string(text)) if t.type != "whitespace"]
    assert [t.type for t in tokens] == ["string"] and tokens[0].value == text


def test_an_unsafe_svg_logo_is_a_brand_error_and_a_safe_one_is_published_as_its_subset(project):
    from handouts.load.brand import load_brand
    from handouts.site.assets import write_assets
    from handouts.tools.templates import environment

    logo = project.root / "assets" / "logo" / "mark.svg"
    logo.write_text(logo.read_text("utf-8").replace("<title", '<script>alert(1)</script>\n<title', 1), "utf-8")
    p = Project.at(project.root)
    _brand, found = load_brand(p)
    assert [x.code for x in found] == ["resource.svg-script"] and "(line 2 of the SVG)" in found[0].message
    logo.write_text(logo.read_text("utf-8").replace("<script>alert(1)</script>\n", "<!-- an editor -->\n"), "utf-8")
    brand, found = load_brand(p)
    assert found == []
    write_assets(brand, p, environment(p))
    published = (p.dist / "assets" / "logo" / "mark.svg").read_bytes()
    assert b"an editor" not in published and etree.fromstring(published).find("{http://www.w3.org/2000/svg}rect") \
        is not None
