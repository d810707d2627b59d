"""`alnco --lang cy` speaks Welsh throughout, argparse's own words included."""

from __future__ import annotations


def test_help_and_usage_errors_are_in_welsh(alnco) -> None:
    help_text = alnco("--lang", "cy", "--help").stdout
    assert help_text.startswith("defnydd: alnco")
    assert "opsiynau:" in help_text and "dangos y neges gymorth hon a gadael" in help_text
    assert "dangos neu osod eich proffil" in help_text  # a command's own help

    refused = alnco("--lang", "cy", "log", "add", "--title", "t", "--status", "x")
    assert refused.returncode == 2
    assert "dewis annilys: 'x'" in refused.stderr and "invalid choice" not in refused.stderr


def test_english_help_is_untouched(alnco) -> None:
    help_text = alnco("--lang", "en", "--help").stdout
    assert help_text.startswith("usage: alnco")
    assert "show this help message and exit" in help_text
