"""The language list: read once from the i18n plugin section of ``mkdocs.yml``, the single place it is declared."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from handbook import REPO_ROOT


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing the Python objects its ``!!python/...`` tags name."""


def _ignore_tag(loader, suffix, node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_TolerantLoader.add_multi_constructor("!", _ignore_tag)


@dataclass(frozen=True)
class Language:
    code: str  # en, sq, bs, hr, mk
    name: str  # the language's own name, as shown in the switcher
    folder: str  # docs, docs_sq, ...
    hyphenation: str  # pyphen dictionary used for print
    script: str  # Latn or Cyrl
    default: bool

    @property
    def path(self) -> Path:
        return REPO_ROOT / self.folder

    @property
    def url_prefix(self) -> str:
        """Where the language lives in the site: '' for the default language, 'sq/' for Albanian."""
        return "" if self.default else f"{self.code}/"


def load_languages(mkdocs_yml: Path | None = None) -> tuple[Language, ...]:
    mkdocs_yml = mkdocs_yml or REPO_ROOT / "mkdocs.yml"
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            entries = plugin["i18n"]["languages"]
            break
    else:  # pragma: no cover - mkdocs.yml always declares the plugin
        raise RuntimeError("mkdocs.yml has no i18n plugin with a language list")
    languages = []
    for entry in entries:
        extra = entry.get("extra") or {}
        languages.append(
            Language(
                code=entry["locale"],
                name=entry["name"],
                folder=extra["folder"],
                hyphenation=extra["hyphenation"],
                script=extra["script"],
                default=bool(entry.get("default", False)),
            )
        )
    return tuple(languages)


@lru_cache(maxsize=1)
def languages() -> tuple[Language, ...]:
    return load_languages()


def language_codes() -> tuple[str, ...]:
    return tuple(lang.code for lang in languages())


def default_language() -> Language:
    return next(lang for lang in languages() if lang.default)


def get_language(code: str) -> Language:
    for lang in languages():
        if lang.code == code:
            return lang
    raise KeyError(code)
