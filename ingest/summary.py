"""What one ingest run did, for the person who ran it (the CLI prints ``line()``)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .errors import IngestError


@dataclass
class Summary:
    files: int = 0  # files ingested (or found unchanged); failures are in ``errors``
    added: int = 0
    replaced: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0  # units (chunks and sentences) sent to the model
    sheets: int = 0  # fact sheets built (a file whose text is unchanged keeps its stored sheet)
    seconds: float = 0.0
    errors: list[IngestError] = field(default_factory=list)
    found: str = ""  # how many policy files were found in which folder

    def line(self) -> str:
        return (
            (f"{self.found}\n" if self.found else "")
            + f"{self.files} files, chunks: {self.added} added, {self.replaced} replaced, "
            f"{self.removed} removed, {self.unchanged} unchanged; {self.sheets} fact sheet(s) built; {self.seconds:.1f} s"
            + (f"; {len({e.path for e in self.errors})} file(s) failed" if self.errors else "")
        )
