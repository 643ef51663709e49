"""Layer 3, frames: table files to rows with the line each starts on (``reader``), cells cast to the
contract's types (``casting``), keys (``keys``), and typed pandas or polars DataFrames (``loading``, ``arrow``).
"""
