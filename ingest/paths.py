"""Which files a list of paths means: folders walked recursively, each problem reported on its own.

A folder's subfolders are included; hidden files and folders (``.git``, ``.DS_Store``) are
skipped; a folder that cannot be listed, a symlink that loops back to a folder above it, a
broken link and an unsupported file each become one error naming that path, and everything
else still goes in. The same file reached twice (given directly and inside a folder, or
through a link) is taken once.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IngestError
from .load import SUPPORTED

# A browser's "save complete page" puts the page's images, scripts and styles in a folder
# beside it ("Privacy.html" + "Privacy_files/"); those are not policies to complain about.
_ASSET_FOLDER_SUFFIXES = ("_files", "-Dateien", "_archivos", "_fichiers", "-filer")


@dataclass
class Found:
    files: list[Path] = field(default_factory=list)
    # Folders listed completely, as given and resolved: a stored policy whose file is gone
    # from one of them was deleted by the user.
    folders: set[Path] = field(default_factory=set)
    errors: list[IngestError] = field(default_factory=list)
    where: dict[str, int] = field(default_factory=dict)  # folder -> policy files found directly in it

    def line(self) -> str:
        """'found 7 policy files: 5 in data/policies, 2 in data/policies/eu'."""
        total = sum(self.where.values())
        parts = ", ".join(f"{n} in {folder}" for folder, n in self.where.items())
        return f"found {total} policy file{'s' if total != 1 else ''}" + (f": {parts}" if parts else "")


def find(paths: list[str | Path]) -> Found:
    """The policy files under ``paths`` (files or folders), in a stable order."""
    found = _Finder()
    for p in map(Path, paths):
        kind = _kind(p, found.out)
        if kind == "dir":
            found.folder(p, ancestors=())
        elif kind == "file":
            found.file(p)
    return found.out


def _kind(p: Path, out: Found) -> str | None:
    """'dir', 'file', or None after reporting why the path cannot be used."""
    try:
        mode = p.stat().st_mode  # follows links
    except FileNotFoundError:
        if p.is_symlink():
            out.errors.append(IngestError(p, "a broken link (its target does not exist); fix or remove it"))
        else:
            out.errors.append(IngestError(p, "no such file or folder"))
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # the link points (through others) back at itself
            out.errors.append(IngestError(p, "a symlink loop (the link points back at itself); fix or remove it"))
        else:
            out.errors.append(
                IngestError(p, f"cannot be read ({exc.strerror or exc}); fix its permissions or leave it out")
            )
        return None
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    out.errors.append(IngestError(p, "not a regular file or folder; leave it out"))
    return None


class _Finder:
    def __init__(self):
        self.out = Found()
        self.seen_files: set[Path] = set()
        self.seen_folders: set[Path] = set()

    def file(self, p: Path) -> None:
        real = p.resolve()
        if real in self.seen_files:
            return  # the same file reached a second way
        self.seen_files.add(real)
        self.out.files.append(p)
        folder = str(p.parent)
        self.out.where[folder] = self.out.where.get(folder, 0) + 1

    def folder(self, p: Path, ancestors: tuple[Path, ...]) -> None:
        real = p.resolve()
        if real in ancestors:
            self.out.errors.append(
                IngestError(p, f"a symlink loop (it leads back to {real}); skipped, fix or remove the link")
            )
            return
        if real in self.seen_folders:
            return  # already walked through another path or link
        self.seen_folders.add(real)
        try:
            with os.scandir(p) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.out.errors.append(
                IngestError(p, f"folder cannot be read ({exc.strerror or exc}); fix its permissions or leave it out")
            )
            return
        self.out.folders.update({p, p.absolute(), real})
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden: version-control folders, editor and OS files
            child = Path(entry.path)
            kind = _kind(child, self.out)
            if kind == "dir":
                subfolders.append(child)
            elif kind == "file":
                if child.suffix.lower() in SUPPORTED:
                    self.file(child)
                else:
                    self.out.errors.append(
                        IngestError(
                            child,
                            f"unsupported file type {child.suffix or '(none)'!r}; use one of {', '.join(SUPPORTED)}",
                        )
                    )
        names = {e.name.lower() for e in entries}
        # Files of a folder before its subfolders', so the summary reads top-down.
        for sub in subfolders:
            if not _saved_page_assets(sub.name, names):
                self.folder(sub, ancestors + (real,))


def _saved_page_assets(name: str, siblings: set[str]) -> bool:
    for suffix in _ASSET_FOLDER_SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)].lower()
            return f"{stem}.html" in siblings or f"{stem}.htm" in siblings
    return False
