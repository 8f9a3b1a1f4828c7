"""Western Balkans Cooperation Handbook: the build, data and print tooling behind the site.

Modules are small and named for what they do; the MkDocs hooks in ``hooks/`` call into them.
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
