"""Reflective prompts: the questions a reflection answers, and the fill-in template.

alnco's default prompts (what I learned; how I will use it; the difference for
learners; what next) are translated like any other text. A co-ordinator may
replace them for everyone on the server with `<system_dir>/reflection.toml`:

    version = 1
    prompts = [
      { en = "What did I learn?", cy = "Beth ddysgais i?" },
      ...
    ]

used only if the trust rule (`alnco.trust`) allows; otherwise, or if the file
is not valid, one warning line and the defaults. A reflection stays the
person's own: exports for co-ordinators leave it out unless asked.

The template (`alnco log template`) is plain text: comment lines start with
`# `, each prompt is a `## ` heading, the answer goes below it. `from_filled`
keeps the answered prompts and drops the rest; text without `## ` headings is
an ordinary reflection and is kept exactly as written.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Iterable

from alnco.i18n import _

SYSTEM_FILE = "reflection.toml"
HEADING = "## "
MAX_PROMPTS = 12
MAX_PROMPT = 200


# alnco's own prompts, in English (translated where shown: default_prompts).
DEFAULT_PROMPTS = (
    "What did I learn?",
    "How will I use it?",
    "What difference will it make for learners?",
    "What next?",
)


def default_prompts() -> list[str]:
    return [_(prompt) for prompt in DEFAULT_PROMPTS]


def _language(ctx: Any) -> str:
    if ctx is not None and getattr(ctx, "language", None):
        return ctx.language
    from alnco.i18n import current_language

    return current_language()


def parse_prompts(data: Any, where: str, language: str) -> list[str]:
    """The prompts of a parsed reflection.toml in `language` (English where a prompt
    has no Welsh); ValueError names every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ValueError(_("{where}: not a table").format(where=where))
    for name in sorted(set(data) - {"version", "prompts"}):
        problems.append(_("{where}: unknown field '{name}'").format(where=where, name=name))
    if data.get("version") != 1:
        problems.append(_("{where}: 'version' must be 1").format(where=where))
    raws = data.get("prompts")
    if not isinstance(raws, list) or not raws or len(raws) > MAX_PROMPTS:
        problems.append(_("{where}: 'prompts' must list 1 to {most} prompts, each "
                          "{{ en = \"...\", cy = \"...\" }}").format(where=where, most=MAX_PROMPTS))
        raws = []
    prompts: list[str] = []
    for number, raw in enumerate(raws, start=1):
        if isinstance(raw, str):
            raw = {"en": raw}
        texts = raw if isinstance(raw, dict) else {}
        good = (texts and not set(texts) - {"en", "cy"}
                and all(isinstance(v, str) for v in texts.values())
                and isinstance(texts.get("en"), str) and texts["en"].strip())
        if not good:
            problems.append(_("{where}: prompt {n} must be a table with an 'en' text (and "
                              "optionally 'cy')").format(where=where, n=number))
            continue
        text = " ".join(((texts.get(language) or "").strip() or texts["en"]).split())
        if len(text) > MAX_PROMPT or text.startswith("#"):
            problems.append(_("{where}: prompt {n} must be one line of at most {most} "
                              "characters, not starting with #").format(
                                  where=where, n=number, most=MAX_PROMPT))
            continue
        prompts.append(text)
    if problems:
        raise ValueError("; ".join(problems))
    return prompts


def system_prompts(ctx: Any) -> tuple[list[str] | None, str]:
    """The co-ordinator's prompts (None when there are none to use) and a warning line
    ("" if none): a file the trust rule refuses, or one that is not valid, is skipped."""
    system_dir = getattr(ctx, "system_dir", None)
    if not system_dir:
        return None, ""
    system = Path(system_dir)
    path = system / SYSTEM_FILE
    try:
        if not path.is_file():
            return None, ""
    except OSError:
        return None, ""
    from alnco import trust

    refused = trust.refusal(path, system)
    if refused is not None:
        return None, refused.line(
            _("the reflection prompts {path} (alnco's prompts are used)").format(path=path),
            _("a file of reflection prompts (alnco's prompts are used)"))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return parse_prompts(data, str(path), _language(ctx)), ""
    except (OSError, UnicodeDecodeError) as error:
        reason = str(getattr(error, "strerror", None) or error)
    except tomllib.TOMLDecodeError as error:
        reason = _("not valid TOML: {error}").format(error=error)
    except ValueError as error:
        reason = str(error)
    return None, _("skipped the reflection prompts {path} (alnco's prompts are used): "
                   "{reason}").format(path=path, reason=reason)


def prompts(ctx: Any = None) -> list[str]:
    """The prompts in the interface language: the system layer's, else alnco's."""
    found, warning = system_prompts(ctx) if ctx is not None else (None, "")
    if warning:
        from alnco.trust import warn_once

        warn_once(ctx, warning)
    return found if found else default_prompts()


def template(ctx: Any = None) -> str:
    """The text to fill in: a short comment, then each prompt as a `## ` heading."""
    lines = [
        "# " + _("Write your answer under each question. Lines starting with # are left out,"),
        "# " + _("and so is any question you leave blank. Then save the file and run:"),
        "#   alnco log add --title TEXT --hours HOURS --reflection-file FILE",
        "",
    ]
    for prompt in prompts(ctx):
        lines += [HEADING + prompt, "", ""]
    return "\n".join(lines).rstrip("\n") + "\n\n"


def _is_comment(line: str) -> bool:
    return line == "#" or (line.startswith("# ") and not line.startswith(HEADING))


def from_filled(text: str, known: Iterable[str] | None = None) -> str:
    """The reflection to store from a filled template: each answered prompt followed by
    its answer, blank prompts and comment lines dropped. Text with no `## ` heading is
    not a template and comes back unchanged.

    With `known` (the prompts the template could have had), a heading that is not
    one of them is the person's own text (say, an answer typed on the heading's
    line) and is kept even with nothing below it.
    """
    keep = None if known is None else {" ".join(k.split()) for k in known}
    lines = text.replace("\r\n", "\n").split("\n")
    if not any(line.startswith(HEADING) for line in lines):
        return text
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        if line.startswith(HEADING):
            sections.append((line[len(HEADING):].strip(), []))
        elif not _is_comment(line):
            sections[-1][1].append(line.rstrip())
    blocks = []
    for prompt, body in sections:
        answer = "\n".join(body).strip("\n")
        if not answer.strip():
            if prompt and keep is not None and prompt not in keep:
                blocks.append(prompt)
            continue
        blocks.append(f"{prompt}\n{answer}" if prompt else answer)
    return "\n\n".join(blocks)


def known_prompts(ctx: Any = None) -> list[str]:
    """Every prompt a template may have held: the ones in use and alnco's own, in
    English and Welsh (a template printed in one language may be read in the other)."""
    from alnco.i18n import _load  # the Welsh catalogue, without switching language

    welsh = _load("cy")
    return [*prompts(ctx), *DEFAULT_PROMPTS, *(welsh.gettext(p) for p in DEFAULT_PROMPTS)]


def compose(answers: list[tuple[str, str]]) -> str:
    """A reflection from (prompt, answer) pairs, as `from_filled` would store it
    (for a form with one field per prompt)."""
    return "\n\n".join(f"{prompt}\n{answer.strip()}" for prompt, answer in answers
                       if answer.strip())
