"""The EPUBs' accessibility metadata (what DAISY Ace checks in the package document): schema.org and dc:language."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from .model import Result

TOOL = "opf"
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container"}
REQUIRED = ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
            "schema:accessibilityHazard", "schema:accessibilitySummary")


def check_metadata(dist: Path, books: list[Path]) -> list[Result]:
    return [result for book in books for result in _check(book, book.relative_to(dist).as_posix())]


def _check(book: Path, name: str) -> list[Result]:
    try:
        opf = _package_document(book)
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError) as exc:
        return [Result(name, TOOL, "opf.unreadable", f"no readable package document: {exc}")]
    metadata = opf.find("opf:metadata", NS)
    if metadata is None:
        return [Result(name, TOOL, "opf.metadata", "the package document has no <metadata>")]
    results = []
    if not (metadata.findtext("dc:language", default="", namespaces=NS) or "").strip():
        results.append(Result(name, TOOL, "opf.dc-language", "no dc:language: reading systems cannot pick a voice"))
    properties = {m.get("property") for m in metadata.iterfind("opf:meta", NS) if (m.text or "").strip()}
    results += [Result(name, TOOL, f"opf.{prop.split(':')[1]}", f"no {prop} in the package metadata")
                for prop in REQUIRED if prop not in properties]
    return results


def _package_document(book: Path) -> ET.Element:
    """The OPF the container names (META-INF/container.xml), not a guessed path."""
    with zipfile.ZipFile(book) as archive:
        container = ET.fromstring(archive.read("META-INF/container.xml"))
        rootfile = container.find(".//c:rootfile", NS)
        path = rootfile.get("full-path") if rootfile is not None else "EPUB/content.opf"
        return ET.fromstring(archive.read(re.sub(r"^/", "", path)))
