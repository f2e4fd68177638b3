"""The wheel installs one namespace, baogao: the design's top-level folders as baogao.flows, baogao.transforms …"""

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_the_wheel_holds_only_baogao_and_its_modules_import_as_baogao(tmp_path):
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    [wheel] = tmp_path.glob("baogao-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"baogao", wheel.name.split("-py")[0] + ".dist-info"}
    for part in ("flows/ingest.py", "transforms/parse.py", "warehouse/views/views.toml", "expectations/runner.py",
                 "transforms/data/userdict.txt", "warehouse/schema/fact_indicator.sql", "demo/"):
        assert any(name.startswith(f"baogao/{part}") for name in names), part
    target = tmp_path / "site"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                                str(wheel)], capture_output=True, text=True, check=False)
    assert installed.returncode == 0, installed.stderr
    # isolated: no site-packages, no working directory; the standard library and the installed wheel only
    probe = ("import sys; sys.path.insert(0, sys.argv[1]); import baogao.transforms.numerals as n; "
             "print(n.parse_chinese('二〇二四'));\n"
             "try:\n import transforms\nexcept ImportError:\n print('no top-level transforms')")
    ran = subprocess.run([sys.executable, "-I", "-c", probe, str(target)], cwd=tmp_path, capture_output=True,
                         text=True, check=False)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == ["2024", "no top-level transforms"]
