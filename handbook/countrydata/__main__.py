"""``python -m handbook.countrydata [--strict]``: what scripts/validate-data runs."""

import sys

from handbook.countrydata.validate import main

sys.exit(main())
