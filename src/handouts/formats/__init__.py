"""Stage 7: one small renderer per output format, all behind the Renderer interface."""
from __future__ import annotations

from .base import Page, Renderer
from .docx import DocxRenderer
from .epub import EpubRenderer
from .html import HtmlRenderer
from .mail import EmailRenderer
from .pdf import PdfRenderer

RENDERERS: dict[str, Renderer] = {r.name: r for r in (HtmlRenderer(), PdfRenderer(), EpubRenderer(), DocxRenderer(),
                                                         EmailRenderer())}

__all__ = ["Page", "Renderer", "RENDERERS"]
