"""Load and check: every file an authority's site is made from, read once and checked once, as one value.

`load_site_data` reads authority.yaml, the versions, the consultations, the history maps, the
calculator's examples, the household price list, the links/ files, the authority's own texts and
the source documents (every value must stand in its source row: source_rows.py), and raises every
problem of every file at once (TariffDataError). `python build.py --check`, the build and the tests
all start here; the page builders only render what it holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from calculator.catalog import Catalog
from calculator.loading import read_version
from calculator.model import TariffVersion
from calculator.problems import Problem, TariffDataError

from . import urls
from .authority import TARIFFS, Authority, load_authority
from .checks import validated_catalog
from .consultations import Consultation, read_consultations
from .links import LinkFiles, read_link_files
from .presets import Presets, read_presets
from .price_history import RowMap, read_row_maps
from .price_list_file import PriceList, read_price_list
from .source_rows import source_documents, source_row_check
from .yamlfile import read_text, read_yaml, shown_path

PRESETS = "presets.yaml"  # in the authority's scenarios/: the examples the calculator offers
T = TypeVar("T")


@dataclass(frozen=True)
class Texts:
    """The authority's own pages in content/<id>/ (Markdown)."""

    front_page: str  # index.md
    text_part: str | None  # tekstiosa.md, with the proposal's changes in CriticMarkup
    linking_guide: str | None  # linkitysohje.md


@dataclass(frozen=True)
class SiteData:
    authority: Authority
    catalog: Catalog
    consultations: Mapping[str, Consultation]  # by the version they concern
    row_maps: Mapping[str, RowMap]  # by the older version they map
    presets: Presets  # the examples, priced under the version in force and the proposal
    price_list: PriceList | None
    links: LinkFiles
    texts: Texts
    sources: Mapping[str, tuple[str, ...]]  # the lines of each source document the versions name

    @property
    def compared(self) -> tuple[TariffVersion, TariffVersion] | None:
        """The version in force and the proposal, when both have price tables: the calculator compares them."""
        return compared(self.catalog)


def compared(catalog: Catalog) -> tuple[TariffVersion, TariffVersion] | None:
    current, proposal = catalog.current_and_proposal()
    return (current, proposal) if current and proposal and current.sections and proposal.sections else None


def load_catalog(folder: Path, with_text_part: bool = False) -> Catalog:
    """Every `*.yaml` in a folder of versions, checked one by one and together; raise with all problems.
    `with_text_part`: the site publishes the text part, so sections of it get addresses."""
    read, unreadable = [], []
    for path in sorted(folder.glob("*.yaml")):
        name = shown_path(path, folder.parent)
        try:
            data = read_yaml(path, name)
        except TariffDataError as exc:
            unreadable += exc.problems
            continue
        if not isinstance(data, dict):
            found = "nothing" if data is None else "a list" if isinstance(data, list) else repr(data)
            unreadable.append(Problem(name, 1, "", f"expected the fields of a tariff version, found {found}"))
            continue
        read.append(read_version(data, name))
    catalog = validated_catalog(read, unreadable)
    text_parts = [v.id for v in catalog.current_and_proposal() if v is not None] if with_text_part else []
    return replace(catalog, addresses=urls.calculator_addresses(text_parts))


def load_versions(ref: str | Path | None = None, tariffs: Path = TARIFFS) -> Catalog:
    """An authority's checked versions alone (what `python -m calculator` prices with)."""
    authority = load_authority(ref, tariffs)
    return load_catalog(authority.versions, (authority.content / "tekstiosa.md").is_file())


def load_site_data(ref: str | Path | None = None, tariffs: Path = TARIFFS) -> SiteData:
    """An authority (id, folder or None for the default) with everything its site needs, checked."""
    authority = load_authority(ref, tariffs)
    problems: list[Problem] = []
    texts = _read_texts(authority, problems)
    catalog = load_catalog(authority.versions, texts.text_part is not None)

    def attempt(read, *args, default: T) -> T:
        try:
            return read(*args)
        except TariffDataError as exc:
            problems.extend(exc.problems)
            return default

    sources = attempt(source_documents, catalog, authority.sources, default={})
    problems += source_row_check(catalog, sources)[0]
    current, pair = catalog.current_and_proposal()[0], compared(catalog)
    price_list_file = authority.content / "hinnasto.yaml"
    data = SiteData(
        authority=authority,
        catalog=catalog,
        consultations=MappingProxyType(attempt(read_consultations, authority.consultations, catalog, default={})),
        row_maps=MappingProxyType(attempt(read_row_maps, authority.history, catalog, default={})),
        presets=attempt(read_presets, authority.scenarios / PRESETS, catalog, *pair, default=Presets())
        if pair
        else Presets(),
        price_list=attempt(read_price_list, price_list_file, current, default=None)
        if current and price_list_file.is_file()
        else None,
        links=attempt(read_link_files, authority, default=None),
        texts=texts,
        sources=MappingProxyType(sources),
    )
    if problems:
        raise TariffDataError(problems)
    return data


def _read_texts(authority: Authority, problems: list[Problem]) -> Texts:
    def text(name: str, required: bool = False) -> str | None:
        path = authority.content / name
        if not path.is_file():
            if required:
                problems.append(Problem(shown_path(path), None, "", "missing: the site's front page"))
            return None
        try:
            return read_text(path)
        except TariffDataError as exc:
            problems.extend(exc.problems)
            return None

    return Texts(text("index.md", required=True) or "", text("tekstiosa.md"), text("linkitysohje.md"))
