"""Layer 1, the package and its contract: find a data package (shipped, a folder, a git revision), read
``datapackage.json`` and interpret it, the one place that parses Table Schema and lists a descriptor's problems.

Modules: ``folder`` (a package on disk), ``descriptor`` (what makes a descriptor unusable), ``contract``
(tables, fields and keys as the descriptor declares them), ``git`` (a package at a git revision).
"""
