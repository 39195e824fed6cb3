"""What one ingest run did, for the person who ran it (the CLI prints ``line()``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import IngestError


@dataclass
class Summary:
    files: int = 0  # files ingested (or found unchanged); failures are in ``errors``
    skipped: int = 0  # of ``files``, those whose bytes were the same as last time: not read again
    added: int = 0
    replaced: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0  # units (chunks and sentences) sent to the model and stored
    sheets: int = 0  # fact sheets built (a file whose text is unchanged keeps its stored sheet)
    seconds: float = 0.0
    embed_seconds: float = 0.0  # of ``seconds``, embedding and writing the new units
    errors: list[IngestError] = field(default_factory=list)
    found: str = ""  # how many policy files were found in which folder

    @property
    def units_per_second(self) -> float:
        """Units embedded (and written) per second of that step; 0 when nothing was embedded."""
        return self.embedded / self.embed_seconds if self.embedded and self.embed_seconds > 0 else 0.0

    def line(self) -> str:
        embedded = (
            f"{self.embedded:,} units embedded in {self.embed_seconds:.1f} s ({self.units_per_second:.1f} units/s)"
            if self.embedded
            else "nothing to embed"
        )
        return (
            (f"{self.found}\n" if self.found else "")
            + f"{self.files} files{f' ({self.skipped} unchanged since the last ingest)' if self.skipped else ''}, "
            f"chunks: {self.added} added, {self.replaced} replaced, "
            f"{self.removed} removed, {self.unchanged} unchanged; {self.sheets} fact sheet(s) built; "
            f"{embedded}; {self.seconds:.1f} s in all"
            + (f"; {len({e.path for e in self.errors})} file(s) failed" if self.errors else "")
        )
