"""One waste authority's folder: `tariffs/<id>/authority.yaml` and the data beside it.

tariffs/<id>/authority.yaml      board, roles, municipalities, VAT, contact, official documents, site address
tariffs/<id>/versions/*.yaml     one file per tariff version
tariffs/<id>/consultations/      public-comment periods         scenarios/  worked examples
tariffs/<id>/links/              published and moved anchors    sources/    source documents
content/<id>/                    the authority's own pages (front page, linking guide, text part)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

from calculator import schema
from calculator.problems import Problem, TariffDataError
from calculator.schema import Fields, FileProblems

from .yamlfile import read_yaml, shown_path

ROOT = Path(__file__).resolve().parent.parent
TARIFFS = ROOT / "tariffs"
CONTENT = ROOT / "content"
DEFAULT_FILE = TARIFFS / "default-authority"


@dataclass(frozen=True)
class Role:
    """Who does what, in a Finnish sentence worded as the source words it, and where the source says so."""

    who: str
    says: str
    source: str


@dataclass(frozen=True)
class Authority:
    id: str
    folder: Path
    site_name: str
    site_description: str
    board: str  # the body that decides the tariff
    board_source: str  # where the sources say so
    roles: tuple[Role, ...]
    municipalities: tuple[str, ...]
    vat_percent: Decimal | None
    contact: tuple[str, ...]
    official_documents: str
    official_prevails: str
    site_url: str | None  # the published site's address, "https://host/path/"; None: not known

    @property
    def content(self) -> Path:
        """content/<id>/ beside the tariffs/ folder holding the authority (a folder elsewhere, such as a
        copy, keeps the repository's content/<id>/)."""
        if self.folder.parent.name == TARIFFS.name:
            return self.folder.parent.parent / CONTENT.name / self.id
        return CONTENT / self.id

    @property
    def versions(self) -> Path:
        return self.folder / "versions"

    @property
    def consultations(self) -> Path:
        return self.folder / "consultations"

    @property
    def scenarios(self) -> Path:
        return self.folder / "scenarios"

    @property
    def published_anchors(self) -> Path:
        return self.folder / "links" / "published-anchors.txt"

    @property
    def moved_anchors(self) -> Path:
        return self.folder / "links" / "moved-anchors.yaml"

    @property
    def history(self) -> Path:
        return self.folder / "history"

    @property
    def sources(self) -> Path:
        return self.folder / "sources"


def site_address(value: object) -> str:
    """An absolute http(s) address of a folder: "https://host/" or "https://host/path/"."""
    parts = urlsplit(schema.text(value))
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"expected an address such as https://taksa.example.fi/, found {value!r}")
    if not parts.path.endswith("/"):
        raise ValueError(f"the site's address ends with '/', found {value!r}")
    return parts.geturl()


def _roles(found: FileProblems, fields: Fields) -> tuple[Role, ...]:
    roles = []
    what = "a list of roles, each {who, says, source}"
    for i, entry, line in schema.items(found, fields.raw("roles"), "roles", fields.line("roles"), what):
        role = Fields(found, entry, f"roles[{i}]", line, "a role with 'who', 'says' and 'source'")
        roles.append(Role(role.get("who", schema.text), role.get("says", schema.text), role.get("source", schema.text)))
        role.finish()
    return tuple(roles)


def default_authority_id() -> str:
    return DEFAULT_FILE.read_text(encoding="utf-8").strip()


def authority_folder(ref: str | Path | None, tariffs: Path = TARIFFS) -> Path:
    """The folder of an authority: an id names a folder under `tariffs` (None: the default one); a path,
    or text with a slash in it ("tariffs/x", "../copy/tariffs/x"), names the folder itself."""
    if isinstance(ref, Path) or (ref and "/" in ref):
        return Path(ref)
    return tariffs / (ref or default_authority_id())


def load_authority(ref: str | Path | None, tariffs: Path = TARIFFS) -> Authority:
    """An authority by id (a folder under `tariffs`) or by folder path; None: the default one."""
    folder = authority_folder(ref, tariffs)
    file = folder / "authority.yaml"
    if not file.is_file():
        known = sorted(p.parent.name for p in tariffs.glob("*/authority.yaml"))
        raise TariffDataError(
            [Problem(str(file), None, "", f"no such authority (known: {', '.join(known) or 'none'})")]
        )
    shown = shown_path(file)
    found = FileProblems(shown)
    fields = Fields(found, read_yaml(file, shown), what="the authority's fields")
    vat = fields.get("vat_percent", schema.amount_within(Decimal(0), Decimal(100)), required=False)
    board = fields.fields("board", what="the board's 'name' and 'source'")
    authority = Authority(
        id=fields.get("id", schema.ident),
        folder=folder,
        site_name=fields.get("site_name", schema.text),
        site_description=fields.get("site_description", schema.text),
        board=board and board.get("name", schema.text),
        board_source=board and board.get("source", schema.text),
        roles=_roles(found, fields),
        municipalities=fields.get("municipalities", schema.texts, required=False, default=()),
        vat_percent=vat,
        contact=fields.get("contact", schema.texts, required=False, default=()),
        official_documents=fields.get("official_documents", schema.text),
        official_prevails=fields.get("official_prevails", schema.text),
        site_url=fields.get("site_url", site_address, required=False),
    )
    if board:
        board.finish()
    fields.finish()
    if authority.id not in (None, folder.name):
        found.report(fields.line("id"), "id", f"must be the folder name {folder.name!r}")
    found.raise_any()
    return authority
