"""The ALNCO's record: one TinyDB JSON file per user that never loses data."""
