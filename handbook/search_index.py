"""Search in the reader's language: one index per language, folded matching, loaded on the first query.

Material for MkDocs writes one ``search/search_index.json`` for the whole site, and mkdocs-static-i18n fills it
with every language, so results mix languages. hooks/search_language.py calls this module to replace it with one
index per language, each in that language's own folder:

    search/search_index.json         English: the lunr configuration and no documents (a few hundred bytes)
    search/search_docs.json          English: the documents (sections), fetched by the worker on the first query
    sq/search/search_index.json      Albanian, and so on for bs/, hr/, mk/
    sq/search/search_docs.json
    sq/search/search_index.js        offline builds only: configuration and documents inline (file:// cannot fetch)

Each page's Material configuration (``<script id="__config">``) gets ``base`` set to its language's folder, so
Material's own code fetches that language's index and nothing else, and ``search`` set to the handbook's worker
(``assets/javascripts/workers/search-handbook.<hash>.min.js``): overrides/assets/javascripts/search-worker.js
followed by Material's worker. The handbook's part folds every indexed token and every query to one form
(``krijumčarenje``/``krijumcarenje``, ``луѓе``/``lugje``), strips one inflectional ending from query words (each
query word is matched as a prefix) and fetches ``search_docs.json`` when the reader first types a query, so a
page view that does not search costs no index bytes.

Indexes are UTF-8 (Cyrillic is not escaped). Sections keep the text as written; only the worker folds.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from handbook.languages import Language

#: Word separator (JavaScript regular expression, used by Material's tokenizer in the worker, for queries and by
#: the highlighter on the target page): white space, hyphens and punctuation, dots not followed by a digit (so
#: "1.2" stays whole) and HTML-escaped angle brackets. No "|" inside a character class: Material's highlighter
#: splits this expression at "|".
SEPARATOR = r"""[\s\-,:;!?=\[\]()"/“”„«»‘’']+|\.(?!\d)|&[lg]t;"""

#: Material's Lunr pipeline per language. English keeps Material's default (English stop words); the other
#: languages have no Lunr stemmer or stop word list, so nothing runs but the handbook's folding.
PIPELINES = {"en": ["stopWordFilter"]}

#: Where the combined worker lives, relative to the site root; the documents' address is given relative to it.
WORKER_DIR = "assets/javascripts/workers"
WORKER_SOURCE = "assets/javascripts/search-worker.js"
MATERIAL_WORKER = re.compile(r"^search\.[0-9a-f]+\.min\.js$")

_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")


# ---------------------------------------------------------------------------------------------------------------
# The index files
# ---------------------------------------------------------------------------------------------------------------


def index_config(lang: Language, fields: dict) -> dict:
    """The lunr configuration written into a language's index, with what the handbook's worker needs."""
    depth = WORKER_DIR.count("/") + 1
    return {
        "lang": ["en"],  # Lunr's language support: only English exists among ours, and it loads no extra script
        "separator": SEPARATOR,
        "pipeline": PIPELINES.get(lang.code, []),
        "fields": fields,
        "handbook": {
            "lang": lang.code,
            "docs": "../" * depth + f"{lang.url_prefix}search/search_docs.json",
        },
    }


def entries_for_language(entries: list[dict], lang: Language, langs: tuple[Language, ...]) -> list[dict]:
    """The sections of ``lang`` among search entries whose locations are relative to the site root."""
    others = tuple(other.url_prefix for other in langs if other.url_prefix and other.code != lang.code)
    if lang.url_prefix:
        return [entry for entry in entries if entry["location"].startswith(lang.url_prefix)]
    return [entry for entry in entries if not entry["location"].startswith(others)]


def relocate(entries: list[dict], lang: Language) -> list[dict]:
    """Make locations relative to the language's folder (the ``base`` its pages give Material)."""
    prefix = lang.url_prefix
    docs = []
    for entry in entries:
        entry = dict(entry)
        if prefix and entry["location"].startswith(prefix):
            entry["location"] = entry["location"][len(prefix):]
        docs.append(entry)
    return docs


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class IndexFiles:
    lang: str
    sections: int
    files: tuple[Path, ...]


def write_language_index(site_dir: Path, lang: Language, entries: list[dict], fields: dict,
                         offline: bool = False) -> IndexFiles:
    """Write one language's index files. ``entries`` are the language's sections, locations from the site root."""
    folder = Path(site_dir) / lang.url_prefix / "search"
    folder.mkdir(parents=True, exist_ok=True)
    config = index_config(lang, fields)
    docs = relocate(entries, lang)
    stub = folder / "search_index.json"
    stub.write_text(_dumps({"config": config, "docs": []}), encoding="utf-8")
    body = folder / "search_docs.json"
    body.write_text(_dumps({"docs": docs}), encoding="utf-8")
    files = [stub, body]
    if offline:
        inline = folder / "search_index.js"
        inline.write_text("var __index = " + _dumps({"config": config, "docs": docs}) + "\n", encoding="utf-8")
        files.append(inline)
    return IndexFiles(lang.code, len(docs), tuple(files))


# ---------------------------------------------------------------------------------------------------------------
# Sizes, for the build output and the README
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexSize:
    lang: str
    sections: int
    raw: int  # bytes of search_index.json + search_docs.json
    gzip: int  # the same, gzip-compressed (level 6, as web servers send them)


def index_sizes(site_dir: Path, langs: tuple[Language, ...]) -> list[IndexSize]:
    sizes = []
    for lang in langs:
        folder = Path(site_dir) / lang.url_prefix / "search"
        raw = gz = sections = 0
        for name in ("search_index.json", "search_docs.json"):
            path = folder / name
            if not path.is_file():
                continue
            data = path.read_bytes()
            raw += len(data)
            gz += len(gzip.compress(data, compresslevel=6, mtime=0))
            if name == "search_docs.json":
                sections = len(json.loads(data)["docs"])
        sizes.append(IndexSize(lang.code, sections, raw, gz))
    return sizes


def size_lines(site_dir: Path, langs: tuple[Language, ...]) -> list[str]:
    """One line per language: ``search index mk: 118 sections, 201.3 kB (38.0 kB gzip)``."""
    return [
        f"search index {size.lang}: {size.sections} sections, {size.raw / 1000:.1f} kB "
        f"({size.gzip / 1000:.1f} kB gzip)"
        for size in index_sizes(site_dir, langs)
    ]


# ---------------------------------------------------------------------------------------------------------------
# The worker and the page configuration
# ---------------------------------------------------------------------------------------------------------------


def _find(theme_dirs: list[str], relative: str) -> Path | None:
    for directory in theme_dirs:
        path = Path(directory) / relative
        if path.is_file():
            return path
    return None


def build_worker(theme_dirs: list[str]) -> tuple[str, bytes]:
    """The handbook's worker: its prelude, then Material's search worker. Returns (file name, content)."""
    prelude = _find(theme_dirs, WORKER_SOURCE)
    material = None
    for directory in theme_dirs:
        workers = Path(directory) / WORKER_DIR
        if workers.is_dir():
            found = sorted(p for p in workers.iterdir() if MATERIAL_WORKER.match(p.name))
            if found:
                material = found[0]
                break
    if prelude is None or material is None:
        raise FileNotFoundError(f"search worker sources not found ({WORKER_SOURCE}, {WORKER_DIR}/search.*.min.js)")
    script = material.read_text(encoding="utf-8")
    content = (prelude.read_text(encoding="utf-8").rstrip() + "\n;\n" + _SOURCE_MAP.sub("\n", script)).encode()
    name = f"search-handbook.{hashlib.sha256(content).hexdigest()[:8]}.min.js"
    return name, content


def rewrite_page_config(html: str, lang: Language, worker_name: str) -> str:
    """Point a page's Material configuration at its language's index folder and at the handbook's worker."""
    match = _CONFIG_SCRIPT.search(html)
    if not match:
        return html
    config = json.loads(match.group(2))
    if lang.url_prefix:
        base = config.get("base") or "."
        config["base"] = posixpath.join(base, lang.url_prefix)
    if config.get("search"):
        config["search"] = posixpath.join(posixpath.dirname(config["search"]), worker_name)
    text = (json.dumps(config, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027"))
    return html[:match.start(2)] + text + html[match.end(2):]


_FALLBACK_NOTICE = re.compile(r'<div class="([^"]*\b(?:fallback|outdated)-notice\b[^"]*)"(?![^>]*data-search-exclude)')


def exclude_fallback_notice(html: str) -> str:
    """Keep the "not yet translated" notice out of the index (else every fallback page matches its words)."""
    return _FALLBACK_NOTICE.sub(r'<div class="\1" data-search-exclude', html, count=1)


#: Block elements whose boundaries Material's indexer drops (it keeps only p, li, lists, code, sub and sup), so
#: that "<h3>трговија со луѓе</h3><div>Основно" would be indexed as the one word "луѓеОсновно".
_ADJACENT_BLOCKS = re.compile(
    r"(</(?:h[1-6]|div|dl|dt|dd|table|caption|thead|tbody|tfoot|tr|td|th|section|article|aside|header|footer|nav"
    r"|figure|figcaption|blockquote|details|summary|address)>(?=<)|<br\s*/?>(?!\n)|<hr\s*/?>(?!\n))",
    re.I,
)


def separate_blocks(html: str) -> str:
    """Put a line break between adjacent block elements (invisible in the page) so their words stay apart."""
    return _ADJACENT_BLOCKS.sub("\\1\n", html)


def language_relative_link(page_url: str, page_lang: Language, target: Language) -> str:
    """The same page in ``target``, as a path from the site root (``sq/`` -> ``mk/``, ``index.html`` ->
    ``sq/index.html``), for links that the url filter then makes relative to the page."""
    rest = page_url[len(page_lang.url_prefix):] if page_lang.url_prefix else page_url
    return target.url_prefix + rest
