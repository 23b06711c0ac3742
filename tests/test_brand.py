"""_brand.yml is checked like a brief: line and column, did-you-mean, missing files, colors, contrast."""
from __future__ import annotations

from handouts.load.brand import contrast, load_brand
from handouts.problems import sort_key
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
        f"_brand.yml:{line}:18: error: 'typography.fonts[Source Sans 3].files' file not found: "
        "assets/fonts/SourceSans3-Black.woff2 [brand.file]\n"
        "  hint: did you mean 'assets/fonts/SourceSans3-Bold.woff2'?"]


def test_missing_file_without_a_close_name_says_where_paths_start(project):
    text = (project.root / "_brand.yml").read_text().replace("SourceSerif4-Bold.woff2", "Other/Serif.woff2")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "Other/Serif" in l)
    assert brand_problems(project, text) == [
        f"_brand.yml:{line}:18: error: 'typography.fonts[Source Serif 4].files' file not found: "
        "assets/fonts/Other/Serif.woff2 [brand.file]\n"
        "  hint: paths are relative to _brand.yml, e.g. assets/fonts/MyFont-Regular.woff2"]


def test_a_font_without_family_is_named_by_its_place_counted_from_one(project):
    assert brand_problems(project, "typography:\n  fonts:\n    - source: file\n      files: []\n") == [
        "_brand.yml:3:7: error: 'typography.fonts[item 1]' needs a 'family' [brand.font]\n"
        "  hint: add `family: ` with the font's name"]


def line_of(text: str, needle: str) -> int:
    return next(i for i, l in enumerate(text.splitlines(), 1) if needle in l)


def test_a_bad_palette_color_is_reported_once_not_at_each_use(project):
    text = (project.root / "_brand.yml").read_text().replace('gold: "#c9a227"', 'gold: "#c9a27"')
    assert brand_problems(project, text) == [
        f"_brand.yml:{line_of(text, 'gold: ')}:11: error: 'color.palette.gold' is not a color: '#c9a27' "
        "[brand.color]\n"
        '  hint: write a hex color such as "#1f3a5f" (quoted), a CSS color name such as white, or the name of a palette color']


def test_a_missing_logo_image_is_reported_once_not_at_each_size(project):
    text = (project.root / "_brand.yml").read_text().replace("assets/logo/mark.svg", "assets/logo/mrak.svg")
    assert brand_problems(project, text) == [
        f"_brand.yml:{line_of(text, 'mrak.svg')}:13: error: 'logo.images.mark' file not found: "
        "assets/logo/mrak.svg [brand.file]\n"
        "  hint: did you mean 'assets/logo/mark.svg'?"]


def test_paper_base_url_and_lang_errors_have_hints(project):
    text = "defaults:\n  handouts:\n    paper: A5\n    base_url: handouts.example.org\n    lang: english_US\n"
    assert brand_problems(project, text) == [
        "_brand.yml:3:12: error: paper must be one of letter, a4, got 'A5' [brand.paper]\n"
        "  hint: write `paper: letter` or `paper: a4`",
        "_brand.yml:5:11: error: 'english_US' is not a language tag such as en-US [brand.lang]\n"
        "  hint: write a BCP 47 tag: en-US, fr, es-419, ar",
        "_brand.yml:4:15: error: base_url must start with https://, got 'handouts.example.org' [brand.base-url]\n"
        "  hint: write the address the site is published at, such as `base_url: https://handouts.example.org/`"]


def test_contrast_of_secondary_headings_and_links_on_the_background(project):
    text = ('color:\n  palette:\n    sand: "#c2b280"\n  secondary: sand\n'
            'typography:\n  headings:\n    color: "#aaaaaa"\n  link:\n    color: "#7f9fbf"\n')
    assert brand_problems(project, text) == [
        "_brand.yml:4:14: warning: contrast of color.secondary on color.background is 2.11:1, "
        "below WCAG AA (4.5:1) [brand.contrast]\n  hint: darken the text color or lighten the background",
        "_brand.yml:7:12: warning: contrast of typography.headings.color on color.background is 2.32:1, "
        "below WCAG AA (4.5:1) [brand.contrast]\n  hint: darken the text color or lighten the background",
        "_brand.yml:9:12: warning: contrast of typography.link.color on color.background is 2.76:1, "
        "below WCAG AA (4.5:1) [brand.contrast]\n  hint: darken the text color or lighten the background"]


def test_contrast_on_the_light_color_the_layouts_put_text_on(project):
    text = 'color:\n  foreground: "#333333"\n  primary: "#1f3a5f"\n  light: "#8a8a8a"\n'
    hint = ("  hint: color.light is the background of code blocks and the table of contents: "
            "lighten it, or darken the text color")
    assert brand_problems(project, text) == [
        "_brand.yml:4:10: warning: contrast of color.foreground on color.light is 3.66:1, "
        f"below WCAG AA (4.5:1) [brand.contrast]\n{hint}",
        "_brand.yml:4:10: warning: contrast of color.primary on color.light is 3.33:1, "
        f"below WCAG AA (4.5:1) [brand.contrast]\n{hint}"]


def test_color_that_is_not_a_color(project):
    assert brand_problems(project, "color:\n  primary: bleu\n") == [
        "_brand.yml:2:12: error: 'color.primary' is not a color: 'bleu' [brand.color]\n"
        '  hint: write a hex color such as "#1f3a5f" (quoted), a CSS color name such as white, or the name of a palette color']


def test_low_contrast_is_a_warning_with_the_ratio(project):
    assert brand_problems(project, 'color:\n  foreground: "#999999"\n  primary: "#222222"\n') == [
        "_brand.yml:2:15: warning: contrast of color.foreground on color.background is 2.85:1, "
        "below WCAG AA (4.5:1) [brand.contrast]\n  hint: darken the text color or lighten the background"]


def test_a_web_font_says_the_build_never_fetches_it_and_names_its_stand_in(project, monkeypatch):
    monkeypatch.setattr("handouts.load.brand.system_match", lambda family: ("DejaVu Sans", project.root / "x.ttf"))
    problems = brand_problems(project, "typography:\n  fonts:\n    - family: Open Sans\n      source: google\n"
                                       "  base: Open Sans\n")
    assert problems == [
        "_brand.yml:4:15: warning: font 'Open Sans' comes from Google Fonts (source: google), which needs the "
        "network, and a build never uses it: the PDF shows 'DejaVu Sans' in its place; web and e-book readers who "
        "do not have it see another font [brand.font-web]\n"
        "  hint: download its files (OFL fonts: fonts.google.com, or the npm package @fontsource/open-sans) into a "
        "folder beside _brand.yml and list them with `source: file` and `files:`"]


def test_an_unknown_font_source_is_an_error(project):
    assert brand_problems(project, "typography:\n  fonts:\n    - family: Open Sans\n      source: adobe\n") == [
        "_brand.yml:4:15: error: font source 'adobe' is not one of file, system, google, bunny [brand.font-source]\n"
        "  hint: write `source: file` and list the font's files under `files:`"]


def test_css_injection_through_a_size_is_refused(project):
    problems = brand_problems(project, "typography:\n  base:\n    size: '1rem; } body { display: none'\n")
    assert problems[0].startswith("_brand.yml:3:11: error: 'typography.base.size' is not a valid value")


def test_contrast_ratio_matches_wcag():
    assert round(contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


def test_every_brand_error_has_a_hint(project):
    project.write("_brand.yml", "meta: [a]\nlogo:\n  small: {alt: Mark}\ncolor:\n  primary: [x]\n"
                  "typography:\n  fonts:\n    - family: Serif\n      files:\n        - {weight: heavy, style: oblique}\n"
                  "        - assets/logo/mark.svg\n  base: [x]\ndefaults:\n  handouts: letter\n")
    _brand, problems = load_brand(Project.at(project.root))
    assert [p.render() for p in sorted(set(problems), key=sort_key)] == [  # as the report shows them
        "_brand.yml:1:7: error: 'meta' must be a set of 'key: value' lines [brand.structure]\n"
        "  hint: put each setting of 'meta' on its own line below it, indented",
        "_brand.yml:3:10: error: 'logo.small' needs a 'path' [brand.logo]\n"
        '  hint: give the logo as {path: assets/logo/mark.svg, alt: "Name of the organization"}',
        "_brand.yml:5:12: error: 'color.primary' must be text [brand.type]\n"
        "  hint: write one value after the colon, on the same line",
        "_brand.yml:10:11: error: 'typography.fonts[Serif].files' needs a 'path' [brand.font]\n"
        "  hint: write it as {path: assets/fonts/MyFont-Regular.woff2, weight: 400, style: normal}",
        "_brand.yml:10:20: error: 'typography.fonts[Serif].files.weight' must be 100-900 or a name such as bold, "
        "got 'heavy' [brand.font]\n  hint: write 400 for regular, 700 for bold",
        "_brand.yml:10:34: error: 'typography.fonts[Serif].files.style' must be normal or italic [brand.font]\n"
        "  hint: write normal or italic",
        "_brand.yml:11:11: error: 'typography.fonts[Serif].files' must be a .woff2 / .woff / .ttf / .otf file: "
        "assets/logo/mark.svg [brand.file]\n  hint: convert it to .woff2 or .woff or .ttf or .otf",
        "_brand.yml:12:9: error: 'typography.base' must be a family name or settings [brand.type]\n"
        "  hint: write `base: My Font`, or its settings (family, weight, ...) on lines below it",
        "_brand.yml:14:13: error: 'defaults.handouts' must be a set of 'key: value' lines [brand.structure]\n"
        "  hint: put each setting on its own line below it, indented: paper, lang, base_url, contact, license, unsubscribe, "
        "topics"]


def test_links_without_underline_keep_it_unless_their_color_stands_out_from_the_text(project):
    text = 'color:\n  foreground: "#000000"\n  primary: "#1f3a5f"\ntypography:\n  link:\n    decoration: none\n'
    assert brand_problems(project, text) == [
        "_brand.yml:6:17: warning: links without an underline must differ from the text by 3.0:1 (WCAG 1.4.1); the "
        "link color on color.foreground is 1.83:1, so links keep their underline [brand.link-decoration]\n"
        "  hint: remove `decoration: none`, or choose a link color that differs more from the text"]
    assert load_brand(Project.at(project.root))[0].typography["link"]["decoration"] == "underline"
    project.write("_brand.yml", text.replace("#1f3a5f", "#c00000"))
    brand, problems = load_brand(Project.at(project.root))
    assert problems == [] and brand.typography["link"]["decoration"] == "none"


def test_css_color_names_are_read_and_transparent_ones_refused(project):
    text = "color:\n  background: white\n  foreground: rgb(27, 27, 27)\n  primary: navy\n  light: transparent\n"
    project.write("_brand.yml", text)
    brand, problems = load_brand(Project.at(project.root))
    assert [p.render().split(" [")[0] for p in problems] == [
        "_brand.yml:5:10: error: 'color.light' is not a color: 'transparent'"]
    text = text.replace("  light: transparent\n", "")
    project.write("_brand.yml", text)
    brand, problems = load_brand(Project.at(project.root))
    assert problems == [] and (brand.colors["background"], brand.colors["foreground"], brand.colors["primary"]) \
        == ("#ffffff", "#1b1b1b", "#000080")


def test_logo_sizes_as_light_and_dark_variants(project):
    project.write("logos/blue.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    project.write("logos/white.svg", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    text = ("logo:\n  images:\n    blue: {path: logos/blue.svg, alt: Org}\n    white: {path: logos/white.svg, alt: Org}\n"
            "  medium: {light: blue, dark: white}\n  small: {dark: logos/white.svg}\n  large: {light: blue, dusk: white}\n")
    project.write("_brand.yml", text)
    brand, problems = load_brand(Project.at(project.root))
    assert [p.render().split("\n")[0] for p in problems] == [
        "_brand.yml:6:17: warning: 'logo.small.dark' has no alt text [brand.logo-alt]",
        "_brand.yml:7:24: error: unknown key 'logo.large.dusk' [brand.unknown-key]"]
    project.write("_brand.yml", text.replace(", dusk: white", ""))
    brand, _problems = load_brand(Project.at(project.root))
    medium = brand.logos["medium"]
    assert (medium.path.name, medium.on_dark.name, brand.logos["small"].on_dark.name) == \
        ("blue.svg", "white.svg", "white.svg")
    assert brand.logos["large"].on_dark.name == "blue.svg"  # no dark variant: the one logo everywhere


def test_css_injection_through_a_font_stack_is_refused(project):
    problems = brand_problems(project, "typography:\n  base: 'Arial, sans-serif; } body { display: none'\n")
    assert problems == [
        "_brand.yml:2:9: error: 'typography.base.family' is not a valid value: 'Arial, sans-serif; } body { "
        "display: none' [brand.typography]\n  hint: a family name has letters, digits, spaces, dots and hyphens; "
        "separate the families of a list with commas"]


def test_a_font_file_at_a_web_address_beside_local_ones_is_said_and_left_out(project):
    text = ("typography:\n  fonts:\n    - family: Serif\n      files:\n        - assets/fonts/SourceSerif4-Regular.woff2\n"
            "        - {path: 'https://fonts.example.org/Serif-Bold.woff2', weight: 700}\n  base: Serif\n")
    assert brand_problems(project, text) == [
        "_brand.yml:6:18: warning: a file of 'Serif' is at a web address, and a build never uses the network: its "
        "weight or style is left out [brand.font-web]\n"
        "  hint: download the file into a folder beside _brand.yml and give its path relative to _brand.yml"]
    assert [f.weight for f in load_brand(Project.at(project.root))[0].fonts[0].files] == [400]


def test_a_brand_pasted_from_a_web_page_reads_its_no_break_spaces_as_spaces(project):
    nbsp = "\u00a0"
    text = f"color:\n{nbsp}{nbsp}primary:{nbsp}\"#1f3a5f\"\nmeta:\n  name: \u201cJustice: Now\u201d\n"
    assert brand_problems(project, text) == [
        "_brand.yml:4:9: error: the value of 'name' is in curly quotes (\u201c \u201d), which YAML does not read as "
        "quotes [yaml.curly-quotes]\n"
        '  hint: write it in straight quotes: `name: "Justice: Now"`']
    assert brand_problems(project, text.replace("\u201cJustice: Now\u201d", '"Justice Now"')) == []


def test_an_unknown_key_in_a_section_read_by_several_steps_is_one_error(project):
    # color, logo and typography are each read by more than one step of the brand's reading.
    text = (project.root / "_brand.yml").read_text()
    for section, key in (("color", "hue"), ("logo", "huge"), ("typography", "captions")):
        problems = brand_problems(project, text.replace(f"\n{section}:\n", f"\n{section}:\n  {key}: x\n", 1))
        assert [p.split("\n")[0].split(": ", 1)[1] for p in problems] == [
            f"error: unknown key '{section}.{key}' [brand.unknown-key]"], section


def test_the_brand_pickles_whole_and_stays_frozen(project):
    import pickle

    brand, _problems = load_brand(Project.at(project.root))
    again = pickle.loads(pickle.dumps(brand))
    assert again == brand and again.typography["headings"]["family"] == "Source Sans 3"
    for mapping in (again.colors, again.typography["headings"], again.stacks):
        try:
            mapping["primary"] = "#000000"
        except TypeError:
            continue
        raise AssertionError(f"{mapping!r} can be changed")


def test_topic_names_are_slug_name_lines_each_checked_at_its_line(project):
    text = ("defaults:\n  handouts:\n    topics:\n      us-policy: U.S. policy\n      Human Rights: Human rights\n"
            "      icc: [International, Criminal, Court]\n")
    assert brand_problems(project, text) == [
        "_brand.yml:5:7: error: topic 'Human Rights' is not a slug [brand.topics]\n"
        "  hint: write it as briefs do in `topics:`, 'human-rights'",
        "_brand.yml:6:12: error: 'defaults.handouts.topics.icc' must be text [brand.type]\n"
        "  hint: write one value after the colon, on the same line"]
    assert brand_problems(project, "defaults:\n  handouts:\n    topics: us-policy\n") == [
        "_brand.yml:3:13: error: 'defaults.handouts.topics' must be 'slug: Name' lines [brand.topics]\n"
        "  hint: put each topic on its own line below it, indented: `us-policy: U.S. policy`"]


def test_a_topic_is_shown_by_its_name_or_else_its_slug_as_words(project):
    brand, _ = load_brand(Project.at(project.root))
    assert (brand.topic_name("us-policy"), brand.topic_name("war-crimes")) == ("U.S. policy", "War crimes")
