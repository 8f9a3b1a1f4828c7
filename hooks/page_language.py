"""MkDocs hook: fallback notice on untranslated pages, edit links to the right language folder, and the
handbook's title, edition and download links for the theme overrides. Logic: handbook/page_language.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.plugins import event_priority  # noqa: E402

from handbook.labels import label  # noqa: E402
from handbook.translation_status import outdated_notice_for  # noqa: E402
from handbook.page_language import (  # noqa: E402
    current_language,
    edit_url,
    english_relative_url,
    fallback_notice_markdown,
    handbook_context,
    insert_after_title,
    is_fallback,
    new_translation_url,
)


# After mkdocs-static-i18n's on_config (priority -100), which sets the language being built.
@event_priority(-200)
def on_config(config):
    config.site_name = label("site_title", current_language(config))
    return config


def on_page_markdown(markdown, page, config, files):
    building = current_language(config)
    if is_fallback(getattr(page.file, "locale", None), building):
        page.meta["fallback"] = True
        if page.meta.get("built_from_data"):  # assembled in every language from data: nothing to translate
            return markdown
        notice = fallback_notice_markdown(building, english_relative_url(page.url, building))
        return insert_after_title(markdown, notice)
    outdated = outdated_notice_for(building, page.file.src_uri, page.url)
    if outdated:
        page.meta["outdated"] = True
        return insert_after_title(markdown, outdated)
    return markdown


def on_page_context(context, page, config, nav):
    if config.repo_url and config.edit_uri:
        if page.meta.get("built_from_data"):
            page.edit_url = None  # nothing to edit on the page itself: see its front matter
        elif page.meta.get("fallback"):
            page.edit_url = new_translation_url(config.repo_url, current_language(config), page.file.src_uri)
        else:
            page.edit_url = edit_url(config.repo_url, config.edit_uri, page.file.src_uri)
    context["handbook"] = handbook_context(current_language(config), context.get("base_url", "."))
    return context


def on_template_context(context, template_name, config):
    context["handbook"] = handbook_context(current_language(config), context.get("base_url", "."))
    return context
