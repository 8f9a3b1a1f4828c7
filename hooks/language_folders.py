"""MkDocs hook: point docs_dir at the staging folder that maps docs_xx/ to the i18n plugin's layout.

Thin on purpose: the logic lives in handbook/staging.py (tested in tests/test_staging.py).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from handbook.errors import HandbookError  # noqa: E402
from handbook.languages import languages  # noqa: E402
import logging  # noqa: E402

from handbook.staging import STAGING_DIRNAME, RealPathsFilter, prepare_staging  # noqa: E402

_filter = RealPathsFilter()


# Runs before mkdocs-static-i18n's on_config (priority -100), which reads docs_dir to find language folders.
@event_priority(100)
def on_config(config):
    mkdocs_logger = logging.getLogger("mkdocs")
    if _filter not in mkdocs_logger.filters:
        # Filters on a logger do not apply to its children's records: attach to the handlers instead.
        for handler in mkdocs_logger.handlers:
            if _filter not in handler.filters:
                handler.addFilter(_filter)
    root = Path(config.config_file_path).resolve().parent
    try:
        stage = prepare_staging(root)
    except HandbookError as error:
        raise PluginError(str(error)) from None
    if Path(config.docs_dir).name != STAGING_DIRNAME:
        config.docs_dir = str(stage)
        for lang in languages():
            folder = str(root / lang.folder)
            if folder not in config.watch:
                config.watch.append(folder)
        for extra in ("data", "overrides"):
            if str(root / extra) not in config.watch:
                config.watch.append(str(root / extra))
    return config
