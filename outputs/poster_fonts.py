"""A font that draws Chinese, found on this machine (or named with --font).

Posters carry Chinese names, so the font must have CJK glyphs: a font without them
draws empty boxes, which is worse than no poster. Looked for, in order: a file the
user names; the usual files of Windows (Microsoft YaHei, SimHei), macOS (PingFang,
Heiti, Hiragino Sans GB) and Linux (Noto Sans CJK, WenQuanYi); then fontconfig's
`fc-match` for Chinese. Each candidate is checked for the glyphs before it is used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import ImageFont

from roster.errors import RosterError

PROBE_TEXT = "值班组长空缺"  # glyphs every poster needs
PROBE_SIZE = 24
MISSING_CHAR = "\U0010fffd"  # a private-use code point no font draws: its mask is .notdef's
MAX_FACES = 16  # faces of a collection (.ttc) looked at for the Simplified Chinese one
PREFERRED_FACES = ("SC", "YaHei", "Sans GB", "Hei")
FC_TIMEOUT_S = 10.0
BOLD_SIBLINGS = (("Regular", "Bold"), ("msyh.", "msyhbd."), ("Light", "Medium"))

WINDOWS_FONTS = ("msyh.ttc", "msyh.ttf", "simhei.ttf", "msyhbd.ttc", "simsun.ttc")
MAC_FONTS = (
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
)
LINUX_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/google-noto-sans-cjk-fonts/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
)
INSTALL_HINT = (
    "install one (Debian/Ubuntu: apt-get install fonts-noto-cjk; Windows has Microsoft "
    "YaHei, macOS PingFang) or name a font file with `roster poster --font FILE`"
)


class NoCJKFont(RosterError):
    """No font that draws Chinese: no poster can be drawn."""


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int  # the face within a collection (.ttc); 0 for a single font
    name: str  # family and style, e.g. "Noto Sans CJK SC Regular"

    def at(self, size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(self.path), size, index=self.index)

    def bold(self) -> FontFile:
        """The bold face of the same family where it sits beside this one, else this one."""
        for old, new in BOLD_SIBLINGS:
            if old in self.path.name:
                sibling = self.path.with_name(self.path.name.replace(old, new))
                if sibling.is_file():
                    return FontFile(sibling, self.index, self.name.replace(old, new))
        return self


def cjk_font(choice: Path | str | None = None) -> FontFile:
    """The font to draw posters with: `choice` if given (checked), else the first
    CJK font found on this machine. NoCJKFont when there is none."""
    if choice is not None:
        return _chosen(Path(choice))
    found = find_cjk_font()
    if found is None:
        raise NoCJKFont(f"no font with Chinese characters found on this machine; {INSTALL_HINT}")
    return found


def find_cjk_font() -> FontFile | None:
    """The first usable CJK font of the known places, then of fontconfig; None if none."""
    for path in (*candidate_paths(), *_fontconfig_paths()):
        font = _usable(path)
        if font is not None:
            return font
    return None


def candidate_paths() -> list[Path]:
    """Where this system keeps its Chinese fonts, best first."""
    windows = Path(os.environ.get("WINDIR") or "C:/Windows") / "Fonts"
    paths = [windows / name for name in WINDOWS_FONTS] if os.name == "nt" else []
    paths += [Path(p) for p in (*MAC_FONTS, *LINUX_FONTS)]
    return [p for p in paths if p.is_file()]


def _fontconfig_paths() -> list[Path]:
    """Files fontconfig lists for Chinese (none where it is not installed)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        done = subprocess.run(
            [fc_list, ":lang=zh", "file"],
            capture_output=True,
            text=True,
            timeout=FC_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    files = {line.strip().rstrip(":").strip() for line in done.stdout.splitlines()}
    # Sans before serif: a phone screen reads a sans-serif face better.
    return sorted((Path(f) for f in files if f), key=lambda p: ("Serif" in p.name, str(p)))


def _chosen(path: Path) -> FontFile:
    if not path.is_file():
        raise RosterError(f"--font {path}: no such file; expected a font file (.ttf, .otf, .ttc)")
    try:
        ImageFont.truetype(str(path), PROBE_SIZE)
    except OSError as err:
        raise RosterError(f"--font {path}: not a font file Pillow can read ({err})") from err
    font = _usable(path)
    if font is None:
        raise NoCJKFont(f"--font {path}: this font has no Chinese characters; {INSTALL_HINT}")
    return font


@cache
def _usable(path: Path) -> FontFile | None:
    """The best face of `path` that draws Chinese, or None."""
    faces = _faces(path)
    faces.sort(key=lambda face: _preference(face.name))
    return next((face for face in faces if draws_chinese(face)), None)


def _faces(path: Path) -> list[FontFile]:
    faces = []
    for index in range(MAX_FACES):
        try:
            font = ImageFont.truetype(str(path), PROBE_SIZE, index=index)
        except OSError:
            break
        family, style = font.getname()
        faces.append(FontFile(path, index, f"{family or ''} {style or ''}".strip()))
    return faces


def _preference(name: str) -> int:
    hits = [i for i, word in enumerate(PREFERRED_FACES) if word in name]
    return hits[0] if hits else len(PREFERRED_FACES)


def draws_chinese(face: FontFile) -> bool:
    """Every probe character has its own glyph, not the font's empty box (.notdef)."""
    font = face.at(PROBE_SIZE)
    missing = _glyph(font, MISSING_CHAR)
    return all(_glyph(font, ch) not in (missing, b"") for ch in PROBE_TEXT)


def _glyph(font: ImageFont.FreeTypeFont, char: str) -> bytes:
    mask = font.getmask(char)
    return bytes(mask) + bytes(str(mask.size), "ascii")
