"""CI fails only for a reason: no racy pipes, and nothing shared with other runs."""

from pathlib import Path

SCRIPT = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
LINES = [line.split("#", 1)[0] for line in SCRIPT.splitlines()]


def test_no_output_is_piped_into_an_early_exit():
    """``curl … | grep -q`` under pipefail fails whenever grep stops reading first."""
    assert not any("| grep -q" in line or "|grep -q" in line for line in LINES)


def test_ci_uses_a_database_and_a_port_of_its_own():
    assert 'database="g60_ci_$$"' in SCRIPT
    assert "/g60\n" not in SCRIPT and "5432/g60 " not in SCRIPT
    assert "8765" not in SCRIPT
    assert 's.bind(("127.0.0.1", 0))' in SCRIPT


def test_ci_stops_only_what_it_started():
    assert not any("pkill" in line or "killall" in line for line in LINES)
    assert 'kill -TERM -- "-$server_group"' in SCRIPT
    assert "setsid make run" in SCRIPT
