"""What the flyers are made of: the jurisdictions and their neighbours (data/flyers.yaml), file names and addresses.

One flyer per jurisdiction and language. Its web page is ``<lang prefix>flyers/<code>/`` and its PDF is
``downloads/flyers/flyer-<code>-<lang>.pdf`` at the root of the site (shared by all languages).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from handbook import REPO_ROOT
from handbook.errors import Finding, HandbookError
from handbook.languages import get_language, language_codes

FLYERS_FILE = REPO_ROOT / "data" / "flyers.yaml"
MKDOCS_FILE = REPO_ROOT / "mkdocs.yml"
PDF_DIR = "downloads/flyers"  # inside the built site

# The contact roles a flyer can print (the roles of the country data model, see CONTRIBUTING.md).
KNOWN_ROLES = ("mla_central_authority", "ilecu", "anti_trafficking_coordinator", "jit_expert", "tip_prosecution",
               "border_police", "helpline", "selec_liaison", "police_emergency")


@dataclass(frozen=True)
class FlyerConfig:
    jurisdictions: tuple[str, ...]  # in the order of the flyer index
    neighbours: dict[str, tuple[str, ...]]
    own_roles: tuple[str, ...]
    neighbour_roles: tuple[str, ...]
    back_roles: tuple[str, ...]  # the first is the traveller side's big number (the helpline)


def _line_of(node: yaml.Node | None, key: str) -> int | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            if key_node.value == key:
                return key_node.start_mark.line + 1
    return None


def load_flyer_config(path: Path = FLYERS_FILE) -> FlyerConfig:
    """Read and check data/flyers.yaml: known codes, symmetric neighbours, known roles."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise HandbookError.at(path, mark.line + 1 if mark else None, f"malformed YAML: {error}",
                               "fix the indentation or quoting on that line") from None
    findings: list[Finding] = []
    entries = raw.get("jurisdictions") or {}
    jur_node = None
    if isinstance(root, yaml.MappingNode):
        jur_node = next((v for k, v in root.value if k.value == "jurisdictions"), None)
    codes = tuple(entries)
    neighbours: dict[str, tuple[str, ...]] = {}
    for code, entry in entries.items():
        line = _line_of(jur_node, code)
        listed = tuple((entry or {}).get("neighbours") or ())
        unknown = [n for n in listed if n not in entries]
        if unknown:
            findings.append(Finding(path, line, f"'{code}' lists unknown neighbours: {', '.join(unknown)}",
                                    f"use codes of this file: {', '.join(codes)}"))
        if code in listed:
            findings.append(Finding(path, line, f"'{code}' lists itself as a neighbour", "remove it"))
        neighbours[code] = listed
    for code, listed in neighbours.items():
        for other in listed:
            if other in neighbours and code not in neighbours[other]:
                findings.append(Finding(path, _line_of(jur_node, other),
                                        f"'{code}' lists '{other}' as a neighbour but '{other}' does not list '{code}'",
                                        f"add '{code}' to the neighbours of '{other}' (borders are shared)"))
    roles = raw.get("roles") or {}
    own = tuple(roles.get("own") or ())
    near = tuple(roles.get("neighbours") or ())
    back = tuple(roles.get("back") or ())
    for role in (*own, *near, *back):
        if role not in KNOWN_ROLES:
            findings.append(Finding(path, None, f"unknown contact role '{role}'", f"use one of {', '.join(KNOWN_ROLES)}"))
    if "helpline" not in own or back[:1] != ("helpline",):
        findings.append(Finding(path, _line_of(root, "roles"), "roles.own must include 'helpline' and roles.back "
                                "must start with it", "the helpline is the one number every flyer prints"))
    if not codes:
        findings.append(Finding(path, None, "no jurisdictions listed", "list the seven jurisdictions"))
    if findings:
        raise HandbookError(findings)
    return FlyerConfig(codes, neighbours, own, near, back)


@lru_cache(maxsize=1)
def flyer_config() -> FlyerConfig:
    return load_flyer_config()


@lru_cache(maxsize=1)
def site_url() -> str:
    """``site_url`` from mkdocs.yml, with a trailing slash: the QR codes point under it."""
    from handbook.languages import _TolerantLoader  # reads mkdocs.yml without its Python tags

    config = yaml.load(MKDOCS_FILE.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    url = str(config.get("site_url") or "").strip()
    if not url:
        raise HandbookError.at(MKDOCS_FILE, None, "site_url is not set",
                               "the flyers' QR codes need the public address of the site")
    return url.rstrip("/") + "/"


def flyer_name(code: str, lang: str) -> str:
    """``flyer-al-sq``: the PDF's file name without ``.pdf``, and how messages name a flyer."""
    return f"flyer-{code}-{lang}"


def pdf_path(code: str, lang: str) -> str:
    """Where the PDF lives in the site: ``downloads/flyers/flyer-al-sq.pdf``."""
    return f"{PDF_DIR}/{flyer_name(code, lang)}.pdf"


def page_path(code: str, lang: str) -> str:
    """The flyer's web page, relative to the site root: ``sq/flyers/al/`` (``flyers/al/`` in English)."""
    return f"{get_language(lang).url_prefix}flyers/{code}/"


def page_url(code: str, lang: str) -> str:
    """The flyer's public address, printed on paper and in the QR code: ``https://…/sq/flyers/al/``."""
    return site_url() + page_path(code, lang)


def all_flyers() -> list[tuple[str, str]]:
    """Every (jurisdiction, language) pair, jurisdiction first, in the index order."""
    return [(code, lang) for code in flyer_config().jurisdictions for lang in language_codes()]


def reload_config() -> None:
    flyer_config.cache_clear()
    site_url.cache_clear()
