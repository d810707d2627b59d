"""Reflective prompts: the defaults (English and Welsh), the fill-in template and
what is stored from it, a co-ordinator's prompts in the system layer (trusted or
skipped), and the command line: `log template`, `--reflection-file -`, and
reflections left out of co-ordinator copies."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from alnco.i18n import set_language
from alnco.reflection import compose, from_filled, prompts, template

DEFAULTS = ["What did I learn?", "How will I use it?",
            "What difference will it make for learners?", "What next?"]

OURS = """
version = 1
prompts = [
  { en = "What was the learning?", cy = "Beth oedd y dysgu?" },
  { en = "Which pupils will benefit?" },
]
"""


def ctx_for(system: Path, language: str = "en") -> SimpleNamespace:
    return SimpleNamespace(system_dir=system, language=language, stderr=io.StringIO())


def write(system: Path, text: str, mode: int = 0o644) -> Path:
    system.mkdir(parents=True, exist_ok=True)
    path = system / "reflection.toml"
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)
    return path


def fill(text: str, answers: dict[str, str]) -> str:
    for prompt, answer in answers.items():
        text = text.replace(f"## {prompt}\n", f"## {prompt}\n{answer}\n")
    return text


# ---------------------------------------------------------------- unit

def test_the_default_prompts_in_english_and_welsh():
    assert prompts() == DEFAULTS
    set_language("cy")
    assert prompts() == ["Beth ddysgais i?", "Sut bydda i'n ei ddefnyddio?",
                         "Pa wahaniaeth fydd hyn yn ei wneud i ddysgwyr?", "Beth nesaf?"]


def test_the_template_has_each_prompt_as_a_heading_and_blank_gives_nothing():
    text = template()
    for prompt in DEFAULTS:
        assert f"\n## {prompt}\n" in text
    assert text.startswith("# ")
    assert from_filled(text) == ""


def test_a_filled_template_keeps_answered_prompts_only():
    filled = fill(template(), {"What did I learn?": "How to write an IDP outcome.\n\nTwo lines.",
                               "What next?": "Observe a review."})
    assert from_filled(filled) == ("What did I learn?\nHow to write an IDP outcome.\n\n"
                                   "Two lines.\n\nWhat next?\nObserve a review.")
    assert from_filled(filled.replace("\n", "\r\n")) == from_filled(filled)


def test_an_answer_typed_on_a_headings_line_is_never_lost():
    filled = template().replace("## What next?", "## What next? Shadow the ALNCO at Ysgol Y")
    # without the known prompts every empty heading goes; with them, only the prompts do
    assert from_filled(filled) == ""
    assert from_filled(filled, DEFAULTS) == "What next? Shadow the ALNCO at Ysgol Y"


def test_text_that_is_not_a_template_is_kept_exactly():
    for plain in ("Useful; line one\nline two", "# not a heading\nkept", "", "  spaced  \n"):
        assert from_filled(plain) == plain


def test_compose_gives_what_from_filled_would_store():
    answers = [("What did I learn?", "A"), ("How will I use it?", "  "), ("What next?", "B")]
    assert compose(answers) == "What did I learn?\nA\n\nWhat next?\nB"
    assert compose(answers) == from_filled(fill(template(), {"What did I learn?": "A",
                                                            "What next?": "B"}))


def test_a_co_ordinators_prompts_replace_the_defaults_in_both_languages(tmp_path):
    write(tmp_path, OURS)
    assert prompts(ctx_for(tmp_path)) == ["What was the learning?", "Which pupils will benefit?"]
    # Welsh where given, English where a prompt has none
    assert prompts(ctx_for(tmp_path, "cy")) == ["Beth oedd y dysgu?",
                                                "Which pupils will benefit?"]
    assert "## Which pupils will benefit?" in template(ctx_for(tmp_path))


def test_a_prompts_file_others_can_write_is_skipped_with_one_warning(tmp_path):
    path = write(tmp_path, OURS, mode=0o666)
    ctx = ctx_for(tmp_path)
    assert prompts(ctx) == DEFAULTS
    prompts(ctx)
    [warning] = ctx.stderr.getvalue().splitlines()
    assert warning.startswith("alnco: warning: skipped") and str(path) in warning
    assert "chmod go-w" in warning


def test_a_trusted_but_invalid_prompts_file_is_skipped_with_the_reason(tmp_path):
    write(tmp_path, 'version = 1\nprompts = [{ fr = "Quoi?" }]\n')
    ctx = ctx_for(tmp_path)
    assert prompts(ctx) == DEFAULTS
    assert "prompt 1 must be a table with an 'en' text" in ctx.stderr.getvalue()
    write(tmp_path, "not toml [")
    ctx = ctx_for(tmp_path)
    assert prompts(ctx) == DEFAULTS and "not valid TOML" in ctx.stderr.getvalue()


# ---------------------------------------------------------------- command line

class Run:
    def __init__(self, env: dict[str, str], cwd: Path):
        self.env, self.cwd = env, cwd

    def __call__(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "alnco", *args], input=input,
                              capture_output=True, text=True, encoding="utf-8", env=self.env,
                              cwd=self.cwd, timeout=60)


@pytest.fixture
def alnco(tmp_path: Path) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALNCO_")}
    env.update(ALNCO_RECORD=str(tmp_path / "record.json"), ALNCO_TODAY="2026-11-03",
               XDG_DATA_HOME=str(tmp_path / "xdg-data"),
               ALNCO_SYSTEM_DIR=str(tmp_path / "etc-alnco"),
               LANG="C.UTF-8", LC_ALL="C.UTF-8", ALNCO_LOCK_TIMEOUT="2")
    return Run(env, tmp_path)


def reflections(alnco: Run) -> list[str]:
    return [e["reflection"] for e in json.loads(alnco("log", "list", "--format", "json").stdout)]


def test_log_template_then_reflection_file_stdin_stores_the_answers_only(alnco):
    blank = alnco("log", "template")
    assert blank.returncode == 0 and "## What difference will it make for learners?" in blank.stdout
    filled = fill(blank.stdout, {"How will I use it?": "In Monday's IDP meeting."})
    result = alnco("log", "add", "--title", "IDP course", "--hours", "1",
                   "--reflection-file", "-", input=filled)
    assert result.returncode == 0, result.stderr
    assert reflections(alnco) == ["How will I use it?\nIn Monday's IDP meeting."]


def test_reflection_file_from_a_file_and_plain_text_as_before(alnco, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(fill(alnco("log", "template").stdout, {"What next?": "Read the Code."}),
                    encoding="utf-8")
    assert alnco("log", "add", "--title", "A", "--hours", "1",
                 "--reflection-file", str(path)).returncode == 0
    assert alnco("log", "add", "--title", "B", "--hours", "1", "--reflection-file", "-",
                 input="Plain words\n# kept as written\n").returncode == 0
    assert reflections(alnco) == ["What next?\nRead the Code.",
                                  "Plain words\n# kept as written\n"]


def test_log_template_in_welsh_and_with_a_co_ordinators_prompts(alnco, tmp_path):
    assert "## Beth ddysgais i?" in alnco("--lang", "cy", "log", "template").stdout
    write(tmp_path / "etc-alnco", OURS)
    assert "## What was the learning?" in alnco("log", "template").stdout
    os.chmod(tmp_path / "etc-alnco" / "reflection.toml", 0o666)
    skipped = alnco("log", "template")
    assert skipped.returncode == 0 and "## What did I learn?" in skipped.stdout
    assert skipped.stderr.startswith("alnco: warning: skipped")


def test_a_welsh_template_read_in_english_drops_its_blank_prompts(alnco):
    blank = alnco("--lang", "cy", "log", "template").stdout
    filled = fill(blank, {"Beth nesaf?": "Darllen y Cod."}).replace(
        "## Sut bydda i'n ei ddefnyddio?", "## My own heading, answered here")
    assert alnco("log", "add", "--title", "A", "--hours", "1", "--reflection-file", "-",
                 input=filled).returncode == 0
    assert reflections(alnco) == ["My own heading, answered here\n\nBeth nesaf?\nDarllen y Cod."]


def test_help_names_the_template(alnco):
    assert "alnco log template" in alnco("log", "add", "--help").stdout


def test_reflections_stay_out_of_co_ordinator_copies(alnco, tmp_path):
    filled = fill(alnco("log", "template").stdout, {"What did I learn?": "PRIVATE-THOUGHT"})
    assert alnco("log", "add", "--title", "A", "--hours", "1", "--reflection-file", "-",
                 input=filled).returncode == 0
    out = tmp_path / "copy.json"
    assert alnco("export", "--format", "json", "--omit", "reflection",
                 "-o", str(out)).returncode == 0
    assert "PRIVATE-THOUGHT" not in out.read_text(encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    os.chmod(inbox, 0o3773)
    result = alnco("submit", "--to", str(inbox))
    assert result.returncode == 0, result.stderr
    [copy] = [p for p in inbox.iterdir() if p.suffix == ".json"]
    text = copy.read_text(encoding="utf-8")
    assert "PRIVATE-THOUGHT" not in text
    assert "reflection" in json.loads(text)["omitted"]
    # the person's own full export keeps it
    full = tmp_path / "full.json"
    assert alnco("export", "--format", "json", "-o", str(full)).returncode == 0
    assert "PRIVATE-THOUGHT" in full.read_text(encoding="utf-8")
