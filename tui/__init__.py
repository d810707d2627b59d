"""The Textual interface. The only part of alnco that imports Textual."""
