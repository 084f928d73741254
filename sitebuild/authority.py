"""One waste authority's folder: `tariffs/<id>/authority.yaml` and the data beside it.

tariffs/<id>/authority.yaml      board, operator, municipalities, VAT, contact, official documents
tariffs/<id>/versions/*.yaml     one file per tariff version
tariffs/<id>/consultations/      public-comment periods         scenarios/  worked examples
tariffs/<id>/links/              published and moved anchors    sources/    source documents
content/<id>/                    the authority's own pages (front page, linking guide, text part)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from calculator.catalog import Catalog
from calculator.problems import Problem, TariffDataError

from . import urls
from .consultations import Consultation, read_consultations
from .sources import load_catalog, read_yaml, shown_path

ROOT = Path(__file__).resolve().parent.parent
TARIFFS = ROOT / "tariffs"
CONTENT = ROOT / "content"
DEFAULT_FILE = TARIFFS / "default-authority"


@dataclass(frozen=True)
class Authority:
    id: str
    folder: Path
    site_name: str
    site_description: str
    board: str
    operator: str
    municipalities: tuple[str, ...]
    vat_percent: Decimal | None
    contact: tuple[str, ...]
    official_documents: str
    official_prevails: str

    @property
    def content(self) -> Path:
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

    def catalog(self) -> Catalog:
        """The validated versions, with the site's addresses of rows and of the text part's sections."""
        catalog = load_catalog(self.versions)
        with_text = (self.content / "tekstiosa.md").is_file()
        text_parts = [v.id for v in catalog.current_and_proposal() if v is not None] if with_text else []
        return replace(catalog, addresses=urls.calculator_addresses(text_parts))

    def consultations_by_version(self, catalog: Catalog) -> dict[str, Consultation]:
        """Public-comment periods by the version they concern (validated)."""
        return read_consultations(self.consultations, catalog)


def default_authority_id() -> str:
    return DEFAULT_FILE.read_text(encoding="utf-8").strip()


def load_authority(ref: str | Path | None, tariffs: Path = TARIFFS) -> Authority:
    """An authority by id (a folder under `tariffs`) or by folder path; None: the default one."""
    folder = Path(ref) if isinstance(ref, Path) else tariffs / (ref or default_authority_id())
    file = folder / "authority.yaml"
    if not file.is_file():
        known = sorted(p.parent.name for p in tariffs.glob("*/authority.yaml"))
        raise TariffDataError(
            [Problem(str(file), None, "", f"no such authority (known: {', '.join(known) or 'none'})")]
        )
    data = read_yaml(file)
    fields = {
        "id": str,
        "site_name": str,
        "site_description": str,
        "board": str,
        "operator": str,
        "municipalities": list,
        "vat_percent": (Decimal, int, type(None)),
        "contact": list,
        "official_documents": str,
        "official_prevails": str,
    }
    shown = shown_path(file)
    if not isinstance(data, dict):
        raise TariffDataError([Problem(shown, getattr(data, "line", 1), "", "expected the authority's fields")])
    problems = [Problem(shown, data.line, name, "missing required field") for name in fields if name not in data]
    problems += [
        Problem(shown, data.key_lines.get(name), name, f"expected {kind}, found {data[name]!r}")
        for name, kind in fields.items()
        if name in data and not isinstance(data[name], kind)
    ]
    problems += [Problem(shown, data.key_lines.get(k), str(k), "unknown field") for k in data if k not in fields]
    if data.get("id") not in (None, folder.name):
        problems.append(Problem(shown, data.key_lines.get("id"), "id", f"must be the folder name {folder.name!r}"))
    if problems:
        raise TariffDataError(problems)
    return Authority(
        folder=folder,
        municipalities=tuple(data["municipalities"]),
        contact=tuple(data["contact"]),
        **{k: data[k] for k in fields if k not in ("municipalities", "contact")},
    )
