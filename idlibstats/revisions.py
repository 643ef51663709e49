"""The public path ``idlibstats.revisions``, kept as README documents it.

The module lives in :mod:`idlibstats.history.revisions`.
"""

import sys

from idlibstats.history import revisions as _module

sys.modules[__name__] = _module
