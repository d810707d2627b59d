"""The professional learning catalogue and the requirement frameworks."""
