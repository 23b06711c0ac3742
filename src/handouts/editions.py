"""The model's table of editions: every fact about an output format that more than one stage needs."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edition:
    """One output format of a brief, as the loader, the build, the web page and the catalogue know it."""

    name: str            # as writers name it in `formats:` and staff in `--formats`
    file: str            # the file in dist/<slug>/: "{slug}" stands for the brief's slug
    media_type: str
    label: str           # in the catalogue's download list
    link_text: str = ""  # on the web edition's download list; empty: not linked from there
    links_to_others: bool = False  # its text links to the other editions: rendered after them
    kinds: tuple[str, ...] | None = None  # the kinds built in it when `formats:` is not given; None: every kind
    companions: tuple[str, ...] = ()  # the edition's other files beside `file`, written with it
    catalogued: bool = True  # listed in the catalogue and catalog.json (the e-mail edition is staff's, not members')
    layouts: tuple[str, ...] = ()  # the files of layouts/ its renderer reads (globs): inputs of its targets

    def file_name(self, slug: str) -> str:
        return self.file.format(slug=slug)

    @property
    def download(self) -> bool:
        """A file members download (the web edition is read where it is)."""
        return bool(self.link_text)


# Layout files every format reads: the brand's CSS and the citation styles.
COMMON_LAYOUTS = ("base/brand.css.j2", "base/lists.css", "csl/*")

# In the order writers list them and the catalogue shows them.
EDITIONS: dict[str, Edition] = {edition.name: edition for edition in (
    Edition("html", "index.html", "text/html", "Web page", links_to_others=True,
            layouts=("*/web.*", *COMMON_LAYOUTS)),
    Edition("pdf", "{slug}.pdf", "application/pdf", "PDF", "PDF for print",
            layouts=("*/print.*", "base/page.css.j2", *COMMON_LAYOUTS)),
    Edition("epub", "{slug}.epub", "application/epub+zip", "EPUB", "EPUB e-book",
            layouts=("*/epub.*", "epub/*", *COMMON_LAYOUTS)),
    # Only the common layouts: its styles come from the brand, which is fingerprinted apart.
    Edition("docx", "{slug}.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "DOCX", "Word document (DOCX) to edit", layouts=COMMON_LAYOUTS),
    # The message staff import or send; its HTML and plain-text parts are also kept as files to paste.
    Edition("email", "email.eml", "message/rfc822", "E-mail", links_to_others=True, kinds=("update",),
            companions=("email.html", "email.txt"), catalogued=False, layouts=("*/email.*", *COMMON_LAYOUTS)),
)}
FORMATS: tuple[str, ...] = tuple(EDITIONS)
# Those that link to the others come last, so that what they link to is decided (and made) first.
RENDER_ORDER: tuple[str, ...] = tuple(sorted(FORMATS, key=lambda name: EDITIONS[name].links_to_others))
DOWNLOADS: tuple[Edition, ...] = tuple(edition for edition in EDITIONS.values() if edition.download)


def default_formats(kind: str) -> tuple[str, ...]:
    """The formats a brief of that kind is built in when its front matter has no `formats:`."""
    return tuple(name for name, edition in EDITIONS.items() if edition.kinds is None or kind in edition.kinds)
