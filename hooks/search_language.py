"""MkDocs hook: search in the page's language (one index per language, folded matching) and offline support.

Thin on purpose: the logic lives in handbook/search_index.py. With mkdocs-static-i18n every language is built by
its own inner build; this hook writes each language's index at the end of that language's build, so `mkdocs
serve` gets per-language search too. In a build with Material's offline plugin it also writes the inline indexes
that file:// pages load, and serves the iframe worker shim from the site instead of a CDN.
"""

import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.plugins import event_priority  # noqa: E402

from handbook.languages import get_language, languages  # noqa: E402
from handbook.page_language import current_language  # noqa: E402
from handbook import search_index  # noqa: E402

log = logging.getLogger("mkdocs.hooks.search_language")

#: Local replacement of the offline plugin's https://unpkg.com/iframe-worker/shim (name must keep "iframe-worker",
#: which the offline plugin looks for before adding its own).
IFRAME_WORKER_SHIM = "assets/javascripts/search-iframe-worker.js"

_state = {"worker": None, "offline": False}


def _offline_enabled(config) -> bool:
    for name in ("material/offline", "offline"):
        plugin = config.plugins.get(name)
        if plugin is not None and plugin.config.enabled:
            return True
    return False


# After mkdocs-static-i18n (-100), which resets `extra` for each language, and after the offline plugin (0).
@event_priority(-150)
def on_config(config):
    _state["offline"] = _offline_enabled(config)
    if _state["offline"]:
        polyfills = config.extra.get("polyfills") or []
        config.extra["polyfills"] = [IFRAME_WORKER_SHIM if "iframe-worker" in str(url) else url for url in polyfills]
    _state["worker"] = search_index.build_worker(config.theme.dirs)
    return config


def on_page_content(html, page, config, files):
    # Before Material's search plugin reads the page (on_page_context).
    return search_index.separate_blocks(search_index.exclude_fallback_notice(html))


# After mkdocs-static-i18n (50), which sets the per-page switcher links except on home pages.
@event_priority(-50)
def on_page_context(context, page, config, nav):
    # The theme reads `config.extra.alternate`: mkdocs-static-i18n sets it as an attribute of `extra` (which then
    # hides the `extra["alternate"]` item), so change what the template will read.
    alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
    if not alternates:
        return context
    page_lang = get_language(current_language(config))
    codes = {lang.code for lang in languages()}
    for alternate in alternates:
        link = str(alternate.get("link", ""))
        if alternate.get("lang") in codes and (link.startswith("/") or "://" in link):
            # Home pages keep the plugin's site-absolute links ("/sq/"), which do not work from the file system:
            # use the path from the site root, which the theme's url filter makes relative to the page.
            target = get_language(alternate["lang"])
            alternate["link"] = search_index.language_relative_link(page.url, page_lang, target) or "./"
    return context


def on_post_page(output, page, config):
    name, _ = _state["worker"]
    return search_index.rewrite_page_config(output, get_language(current_language(config)), name)


def on_post_template(output_content, template_name, config):
    if template_name != "404.html" or _state["worker"] is None:
        return output_content
    return search_index.rewrite_page_config(output_content, get_language(current_language(config)),
                                            _state["worker"][0])


# After Material's search plugin (0) and mkdocs-static-i18n (-100), which rewrites search/search_index.json with
# every language once the last language is built.
@event_priority(-150)
def on_post_build(config):
    site_dir = Path(config.site_dir)
    name, content = _state["worker"]
    worker = site_dir / search_index.WORKER_DIR / name
    worker.parent.mkdir(parents=True, exist_ok=True)
    if not worker.is_file() or worker.read_bytes() != content:
        worker.write_bytes(content)
    source = site_dir / search_index.WORKER_SOURCE
    if source.is_file():
        source.unlink()

    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or not hasattr(search, "search_index"):
        return
    i18n = config.plugins.get("i18n")
    langs = languages()
    if i18n is not None and getattr(i18n, "building", False):
        # An inner build of one language: the search plugin holds that language's sections only.
        lang = get_language(i18n.current_language)
        entries = list(search.search_index.entries)
    else:
        # The outer (default language) build, after the i18n plugin merged every language into the index.
        lang = next(item for item in langs if item.default)
        entries = search_index.entries_for_language(list(search.search_index.entries), lang, langs)
    fields = search.config.fields
    written = search_index.write_language_index(site_dir, lang, entries, fields, offline=_state["offline"])
    if lang.default:
        for line in search_index.size_lines(site_dir, langs):
            log.info(line)
    else:
        log.debug("search index %s: %d sections", written.lang, written.sections)
