"""The README's two commands, .ci/run and .env.example stay in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", text, re.S)
    assert block, "README must open with a code block"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.split("#")[0].strip()]


def test_readme_opens_with_exactly_two_commands_setup_and_tests():
    commands = readme_commands()
    assert len(commands) == 2
    text = (ROOT / "README.md").read_text()
    assert text.index("```") < text.index("\n## "), "the commands come before any section"


def test_ci_runs_exactly_the_readme_test_command():
    test_command = readme_commands()[1]
    ci_lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.startswith("#") and not line.startswith(("set ", "cd "))
    ]
    assert ci_lines == [test_command]


def test_env_example_lists_every_variable_the_settings_read():
    settings_source = (ROOT / "claimtrack" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|float|list)\(\s*"([A-Z0-9_]+)"', settings_source))
    listed = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "settings should read environment variables"
    assert read - listed == set(), f"missing from .env.example: {sorted(read - listed)}"
