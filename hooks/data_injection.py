"""MkDocs hook: replace data directives (``{{ contacts role=helpline }}``) with country data in the page's language.

Thin on purpose: parsing, validation and rendering live in handbook/directives.py.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402

from handbook.directives import render_directives  # noqa: E402
from handbook.errors import HandbookError  # noqa: E402
from handbook.page_language import current_language  # noqa: E402
from handbook.staging import source_path_for  # noqa: E402


def on_page_markdown(markdown, page, config, files):
    try:
        return render_directives(markdown, current_language(config), source_path_for(page.file.src_uri))
    except HandbookError as error:
        raise PluginError(str(error)) from None
