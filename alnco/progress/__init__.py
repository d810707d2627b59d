"""Requirement frameworks and the progress engine: "am I on track, and what next?"

No Textual and no I/O in the engine: `engine.evaluate` is a pure function of
(framework, profile, entries, catalogue, today, language).
"""
