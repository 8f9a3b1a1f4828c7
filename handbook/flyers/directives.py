"""Registers the flyer directives (``flyer``, ``flyer-index``, ``downloads``) with handbook/directives.py, which
imports this module by this name (``DIRECTIVE_MODULES``). The directives themselves live in web.py."""

from handbook.flyers import web  # noqa: F401  (registration happens on import)
