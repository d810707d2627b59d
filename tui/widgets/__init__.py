"""Small widgets for the alnco TUI, one concern each."""
