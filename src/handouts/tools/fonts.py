"""Font files: web fonts unpacked to TrueType once (kept in the build cache), subsets, and the characters a font has."""
from __future__ import annotations

import functools
import hashlib
import io
import os
from pathlib import Path

from ..atomic import atomic_write


def cache_folder() -> Path:
    """Where unpacked fonts are kept: the user's cache, shared by every project and kept by `invoke clean`
    (the files are named by the hash of their source, so they are never stale)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "handouts" / "fonts"


def sfnt_path(source: Path) -> Path:
    """A TrueType copy of a WOFF/WOFF2 font (the font itself if it is one already).

    WeasyPrint decompresses web fonts with fontTools each time a stylesheet declares them (half a
    second per WOFF2 file) and Pillow's FreeType cannot read them: both get plain sfnt files.
    """
    if source.suffix.lower() not in (".woff", ".woff2"):
        return source
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = cache_folder() / f"{source.stem}-{digest}.ttf"
    if not target.is_file():
        from fontTools.ttLib import TTFont

        font = TTFont(source, recalcTimestamp=False)
        font.flavor = None
        buffer = io.BytesIO()
        font.save(buffer)
        atomic_write(target, buffer.getvalue())
    return target


def subset(source: Path, codepoints: set[int]) -> bytes:
    """`source` cut down to the glyphs `codepoints` need, as TrueType/OpenType bytes.

    HarfBuzz's subsetter (milliseconds a font; fontTools took half a second) follows the layout tables,
    so ligatures and Arabic joining forms of the kept characters stay.
    """
    import uharfbuzz as hb

    request = hb.SubsetInput()
    request.unicode_set.update(codepoints)
    # HarfBuzz keeps its default features (shaping, joining forms, ligatures, kerning, marks) and drops
    # alternates no stylesheet asks for (small caps, old-style figures), whose glyphs would double the size.
    request.name_id_set.clear()
    request.name_id_set.invert()  # every name record (copyright, license), not only the defaults
    request.flags = hb.SubsetFlags.NOTDEF_OUTLINE
    font = hb.subset(hb.Face(hb.Blob.from_file_path(str(sfnt_path(source)))), request)
    if font is None:
        raise ValueError(f"HarfBuzz could not subset {source}")
    return font.blob.data


def characters(path: Path) -> frozenset[int]:
    """The code points a font file maps to glyphs (read again if the file changes, as in a long `serve`)."""
    return _characters(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _characters(path: str, _mtime: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, lazy=True).getBestCmap() or ())


def system_match(family: str) -> tuple[str, Path] | None:
    """The family and file this machine's fontconfig (as WeasyPrint uses it) gives for `family`: the font
    itself when installed, else its stand-in; None without fontconfig."""
    return _system_match(family)


@functools.lru_cache(maxsize=64)
def _system_match(family: str) -> tuple[str, Path] | None:
    import shutil
    import subprocess

    if not shutil.which("fc-match"):
        return None
    result = subprocess.run(["fc-match", "--format=%{family[0]}\t%{file}", f"{family}:style=Regular"],
                            capture_output=True, text=True, timeout=30)
    name, _tab, file = result.stdout.partition("\t")
    return (name, Path(file)) if result.returncode == 0 and name and file else None
