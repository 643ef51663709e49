"""``idlibstats validate``: line-precise checking of a data package, in steps, one module each.

:mod:`~idlibstats.package.descriptor` reads and checks ``datapackage.json`` and refuses unsafe
paths; :mod:`~idlibstats.frames.reader` reads each CSV's rows with the line each starts
on; :mod:`~idlibstats.validation.checks` runs the contract's checks, keys and the rules;
:mod:`~idlibstats.validation.findings` names and documents every finding type;
:mod:`~idlibstats.validation.report` holds the result and renders it;
:mod:`~idlibstats.validation.engine` runs the steps in order.
"""
