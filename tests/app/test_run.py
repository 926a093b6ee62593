"""Opening the console from the command line: no terminal, signals."""


def test_without_a_terminal_the_console_says_which_command_to_run(cli, tmp_path):
    result = cli("--demo", cwd=tmp_path, timeout=30)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "needs a terminal" in lines[0] and "driftdeck drift dev prod" in lines[0]
    assert result.stdout == ""
