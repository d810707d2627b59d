"""alnco: a professional learning log for ALNCOs (CADY) in Wales.

The core (model, parsing, store, catalogue, progress, exports) never imports
Textual; only :mod:`alnco.tui` does.
"""

__version__ = "0.1.0"
