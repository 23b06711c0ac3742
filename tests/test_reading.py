"""Reading aids: word count and reading time on the web edition, the catalogue cards and catalog.json."""
from __future__ import annotations

import json

from handouts.document.reading import count_words, reading

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


def test_words_leave_out_markup_code_and_notes():
    assert count_words(BODY) == 16
    assert reading(BODY).minutes == 1
    assert reading("word " * 231).minutes == 2  # rounded up
    assert reading("word " * 230 * 61).label == "14,030 words, 1 h 1 min read"


def test_web_edition_and_catalogue_show_the_reading_time(samples):
    data = json.loads((samples / "dist" / "catalog.json").read_text("utf-8"))
    entry = next(b for b in data["briefs"] if b["slug"] == "icc-at-a-glance")
    assert entry["words"] > 300 and entry["reading_minutes"] == -(-entry["words"] // 230)
    label = f"{entry['words']:,} words, {entry['reading_minutes']} min read"
    assert f'<p class="reading">{label}</p>' in (samples / "dist" / "icc-at-a-glance" / "index.html").read_text()
    assert f'<span class="card-reading">{label}</span>' in (samples / "dist" / "index.html").read_text()
