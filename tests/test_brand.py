"""_brand.yml is checked like a brief: line and column, did-you-mean, missing files, colors, contrast."""
from __future__ import annotations

from handouts.brand import contrast, load_brand
from handouts.project import Project


def brand_problems(project, text: str) -> list[str]:
    project.write("_brand.yml", text)
    brand, problems = load_brand(Project.at(project.root))
    return [p.render() for p in problems]


def test_repository_brand_is_clean(project):
    brand, problems = load_brand(Project.at(project.root))
    assert problems == []
    assert brand.name_short == "ICC Coalition"
    assert brand.colors["primary"] == "#1f3a5f"
    assert [f.family for f in brand.fonts][:2] == ["Source Serif 4", "Source Sans 3"]
    assert brand.typography["headings"]["family"] == "Source Sans 3"


def test_misspelled_key_names_its_line_with_a_suggestion(project):
    text = (project.root / "_brand.yml").read_text().replace("\ncolor:\n", "\ncolour:\n")
    line = text.splitlines().index("colour:") + 1
    assert brand_problems(project, text) == [
        f"_brand.yml:{line}:1: error: unknown key 'colour' (did you mean 'color'?) [brand.unknown-key]\n"
        "  hint: rename it to 'color'"]


def test_missing_font_file_names_the_path(project):
    text = (project.root / "_brand.yml").read_text().replace("SourceSans3-Bold.woff2", "SourceSans3-Black.woff2")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "SourceSans3-Black" in l)
    assert brand_problems(project, text) == [
        f"_brand.yml:{line}:18: error: 'typography.fonts[2].files' file not found: "
        "assets/fonts/SourceSans3-Black.woff2 [brand.file]\n"
        "  hint: paths are relative to _brand.yml, e.g. assets/fonts/MyFont-Regular.woff2"]


def test_color_that_is_not_a_color(project):
    assert brand_problems(project, "color:\n  primary: bleu\n") == [
        "_brand.yml:2:12: error: 'color.primary' is not a color: 'bleu' [brand.color]\n"
        '  hint: write a hex color such as "#1f3a5f" (quoted), or the name of a palette color']


def test_low_contrast_is_a_warning_with_the_ratio(project):
    assert brand_problems(project, 'color:\n  foreground: "#999999"\n  primary: "#222222"\n') == [
        "_brand.yml:2:15: warning: contrast of color.foreground on color.background is 2.85:1, "
        "below WCAG AA (4.5:1) [brand.contrast]\n  hint: darken the text color or lighten the background"]


def test_remote_fonts_are_refused(project):
    assert brand_problems(project, "typography:\n  fonts:\n    - family: Open Sans\n      source: google\n") == [
        "_brand.yml:4:15: error: font source 'google' is not supported: fonts must be files "
        "[brand.font-source]\n  hint: download the font files (OFL) into assets/fonts/ and use `source: file`"]


def test_css_injection_through_a_size_is_refused(project):
    problems = brand_problems(project, "typography:\n  base:\n    size: '1rem; } body { display: none'\n")
    assert problems[0].startswith("_brand.yml:3:11: error: 'typography.base.size' is not a valid value")


def test_contrast_ratio_matches_wcag():
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
