"""The public path ``idlibstats.phrases``, kept as README documents it: the module lives in :mod:`idlibstats.claims.phrases`."""

import sys

from idlibstats.claims import phrases as _module

sys.modules[__name__] = _module
