"""The README tells the truth: its commands exist, and CI runs its test command."""

from pathlib import Path

from api.cli import main
from graph.tables import TABLES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_in_the_readme():
    for name in main.commands:
        assert f"aktorskarta {name}" in README, name


def test_the_two_setup_commands_are_in_the_readme_and_exist():
    for script in ("bin/serve", "bin/test"):
        assert f"`{script}`" in README
        assert (ROOT / script).is_file()


def test_ci_runs_the_readme_test_command_and_nothing_different():
    lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
             if line.strip() and not line.startswith(("#", "set ", "cd "))]
    assert lines == ["bin/test"]


def test_every_data_table_is_documented():
    data_readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for name in TABLES:
        assert f"`{name}`" in data_readme, name


def test_every_route_is_in_the_readme(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            assert f"`{rule.rule}`" in README, rule.rule
