"""import_corridor and export_corridor: exit statuses, row reports, formats."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from corridor.models import Enterprise
from corridor.spreadsheets.reader import read_table
from tests import spreadsheet_files as files
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def city():
    return CityFactory(name="Songjiang", name_zh_hans="松江")


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_import_succeeds_with_exit_status_zero(tmp_path, city, capsys):
    path = write(
        tmp_path, "ok.xlsx", files.xlsx([["Name", "City"], ["A", "松江"], ["B", "Songjiang"]])
    )
    call_command("import_corridor", "enterprises", path)
    assert "Imported: 2 new" in capsys.readouterr().out
    assert Enterprise.objects.count() == 2


def test_invalid_rows_exit_one_with_a_row_report_and_save_nothing(tmp_path, city, capsys):
    path = write(
        tmp_path,
        "bad.csv",
        files.csv_bytes([["Name", "City"], ["A", "Songjiang"], ["B", "Songjiangg"]]),
    )
    with pytest.raises(CommandError) as error:
        call_command("import_corridor", "enterprise", path)
    assert error.value.returncode == 1
    assert (
        'Row 3, City: "Songjiangg" not found (did you mean Songjiang?)' in capsys.readouterr().err
    )
    assert Enterprise.objects.count() == 0


def test_skip_invalid_writes_the_invalid_rows(tmp_path, city, capsys):
    path = write(
        tmp_path,
        "bad.csv",
        files.csv_bytes([["Name", "City"], ["A", "Songjiang"], ["B", "Nowhere"]]),
    )
    invalid = tmp_path / "invalid.xlsx"
    call_command(
        "import_corridor", "enterprise", path, "--skip-invalid", "--invalid-rows", str(invalid)
    )
    assert Enterprise.objects.count() == 1
    table = read_table(invalid.read_bytes(), "invalid.xlsx")
    assert table.rows[0][:2] == ["B", "Nowhere"]


def test_dry_run_saves_nothing(tmp_path, city, capsys):
    path = write(tmp_path, "ok.csv", files.csv_bytes([["Name", "City"], ["A", "Songjiang"]]))
    call_command("import_corridor", "enterprise", path, "--dry-run")
    assert "Nothing was saved yet" in capsys.readouterr().out
    assert Enterprise.objects.count() == 0


def test_refused_file_exits_one(tmp_path, city, capsys):
    path = write(tmp_path, "photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(CommandError) as error:
        call_command("import_corridor", "enterprise", path)
    assert error.value.returncode == 1
    assert "is named .xlsx but is not a spreadsheet workbook" in capsys.readouterr().err


def test_format_option_reads_a_misnamed_file(tmp_path, city):
    path = write(tmp_path, "data.txt", files.csv_bytes([["Name", "City"], ["A", "Songjiang"]]))
    call_command("import_corridor", "enterprise", path, "--format", "csv")
    assert Enterprise.objects.count() == 1


@pytest.mark.parametrize(
    "args",
    [
        ["import_corridor", "spaceships", "x.xlsx"],
        ["import_corridor", "enterprise", "/no/file"],
        ["export_corridor", "spaceships", "x.xlsx"],
        ["export_corridor", "city", "x.pdf"],
    ],
)
def test_usage_errors_exit_two(args):
    with pytest.raises(CommandError) as error:
        call_command(*args)
    assert error.value.returncode == 2


@pytest.mark.parametrize("extension", ["xlsx", "ods", "csv", "json"])
def test_export_formats(tmp_path, city, extension):
    path = tmp_path / f"cities.{extension}"
    call_command("export_corridor", "cities", str(path))
    table = read_table(path.read_bytes(), path.name)
    assert table.rows[0][table.headers.index("Chinese name")] == "松江"
    if extension == "json":
        assert json.loads(path.read_text())[0]["Name"] == "Songjiang"


def test_export_template(tmp_path):
    path = tmp_path / "template.csv"
    call_command("export_corridor", "enterprise", str(path), "--template")
    table = read_table(path.read_bytes(), path.name)
    assert table.headers[:3] == ["Name", "Chinese name", "Slug"]
    assert len(table.rows) == 1


def test_exit_statuses_from_a_real_process(tmp_path):
    """The shell sees 0 for success and non-zero for failure (SQLite file, fresh database)."""
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "g60site.settings.test",
        "PATH": "/usr/bin:/bin",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    good = write(tmp_path, "good.csv", files.csv_bytes([["Name", "Province"], ["Wuhu", "Anhui"]]))
    bad = write(tmp_path, "bad.csv", files.csv_bytes([["Name", "Province"], ["X", "Mars"]]))
    ok = subprocess.run(
        [*manage, "import_corridor", "city", good],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    failed = subprocess.run(
        [*manage, "import_corridor", "city", bad], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert failed.returncode == 1
    assert 'Row 2, Province: "Mars" is not one of' in failed.stderr
    assert "Traceback" not in failed.stderr
