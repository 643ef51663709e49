"""Layer 5, history: what changed between two versions of a package (``revisions``) and whether a
release says so (``releases``).
"""
