"""Layer 7, faces: what people read. Each module renders one output from the lower layers: ``summary``,
``comparison``, ``dictionary``, ``citation``, ``exporting``, ``plot``, ``extract``, ``site``; ``output``
writes files atomically and refuses paths that cannot be written.
"""
