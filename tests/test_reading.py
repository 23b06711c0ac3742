"""Reading aids: word count and reading time on the web edition, the catalogue cards and catalog.json."""
from __future__ import annotations

import json
from pathlib import Path

from handouts.document import structure
from handouts.document.markdown import MARKDOWN
from handouts.document.reading import reading
from handouts.tools import pandoc_tool

BODY = """\
## The issue {#issue}

The Court's *jurisdiction* is [limited](https://example.org/a-long-address) by treaty.[^1]
It was cited [@sosa2004, p. 732]. ![A chart](figures/chart.png)

```python
print("code is not read")
```

::: {lang=fr}
Un passage.
:::

[^1]: A note is not counted either.
"""


def words(markdown: str) -> int:
    """The words the document stage counts, on pandoc's AST of the Markdown."""
    ast = pandoc_tool.run(markdown, [f"--from={MARKDOWN}", "--to=json"], cwd=Path(__file__).parent).output
    return structure.of_ast(json.loads(ast)).words


def test_words_leave_out_markup_code_and_notes():
    assert words(BODY) == 14  # the image's description, citation keys, code, the note and its call: not read
    assert reading(words(BODY)).minutes == 1
    assert reading(231).minutes == 2  # rounded up
    assert reading(230 * 61).label == "14,030 words, 1 h 1 min read"


def test_words_as_a_reader_counts_them():
    """Words that touch across markup are one, a list's numbers are none, a term and its definition are two."""
    assert words("End.\n\nStart.\n") == 2  # paragraphs end words
    assert words("The *Court*'s 1998 statute.\n\n12. One.\n13. Two.\n") == 6
    assert words("Term\n:   Definition\n\n| a | b |\n|---|---|\n| c | d |\n") == 6
    assert words("Un <span lang=fr>passage</span> [avec](https://example.org/x-y-z) lien.\n") == 4


def test_web_edition_and_catalogue_show_the_reading_time(samples):
    data = json.loads((samples / "dist" / "catalog.json").read_text("utf-8"))
    entry = next(b for b in data["briefs"] if b["slug"] == "icc-at-a-glance")
    assert entry["words"] > 300 and entry["reading_minutes"] == -(-entry["words"] // 230)
    label = f"{entry['words']:,} words, {entry['reading_minutes']} min read"
    assert f'<p class="reading">{label}</p>' in (samples / "dist" / "icc-at-a-glance" / "index.html").read_text()
    assert f'<span class="card-reading">{label}</span>' in (samples / "dist" / "index.html").read_text()
