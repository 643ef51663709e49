"""Layer 2, the claims vocabulary: qualifiers and the bounds they set, the figure-phrase grammar, and
the statuses and supersession links of a claim's revisions. Pure: no table is read here.
"""
