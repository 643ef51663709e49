"""The public path ``idlibstats.plot``, kept as README documents it: the module lives in :mod:`idlibstats.faces.plot`."""

import sys

from idlibstats.faces import plot as _module

sys.modules[__name__] = _module
