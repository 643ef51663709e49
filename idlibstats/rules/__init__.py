"""Layer 4, rules: the cross-field rules a table must keep. ``registry`` holds one record per rule (its
finding type, fields, expectation, meaning and fix) and the context rules share; the rule bodies live
by theme (``bounds``, ``provenance``, ``wording``, ``supersession``); ``schemas`` adapts them to pandera.
"""
