"""Stage 7: one small renderer per output format, all behind the Renderer interface."""
from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from ..editions import EDITIONS
from .base import Page, Renderer

# Each edition's renderer, by module and class: imported only when a brief is rendered in it, so that a build with
# nothing to render (and invoke check) starts without WeasyPrint's, python-docx's or the e-mail's modules.
_WHERE = {"html": ("html", "HtmlRenderer"), "pdf": ("pdf", "PdfRenderer"), "epub": ("epub", "EpubRenderer"),
          "docx": ("docx", "DocxRenderer"), "email": ("mail", "EmailRenderer")}


class _Renderers(Mapping):
    """The renderers by edition name, each made when first asked for."""

    def __init__(self) -> None:
        self._made: dict[str, Renderer] = {}

    def __getitem__(self, name: str) -> Renderer:
        if name not in self._made:
            module, cls = _WHERE[name]
            self._made[name] = getattr(importlib.import_module(f".{module}", __name__), cls)()
        return self._made[name]

    def __contains__(self, name: object) -> bool:  # without importing it (Mapping's would)
        return name in _WHERE

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


RENDERERS: Mapping[str, Renderer] = _Renderers()
MODULES = tuple(f"{__name__}.{module}" for module, _cls in _WHERE.values())  # what a worker preloads
assert set(_WHERE) == set(EDITIONS), "every edition has a renderer"

__all__ = ["MODULES", "Page", "Renderer", "RENDERERS"]
