"""Validation gate: the real validators run over a built dist/, one result per finding (issue 10)."""
from __future__ import annotations

from .model import ERROR, INFO, KINDS, WARNING, Result, Tools, failures
from .run import Validation, outputs, validate

__all__ = ["ERROR", "INFO", "KINDS", "WARNING", "Result", "Tools", "failures", "outputs", "validate", "Validation"]
