"""The screens of the alnco TUI."""
