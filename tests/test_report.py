"""The analyst report: a self-contained page whose charts a real browser draws."""

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from baogao.cli import cli

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def report_file(published_home, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", "--home", str(published_home.root), "--to", str(out)])
    assert result.exit_code == 0 and result.output.startswith(f"Wrote {out}")
    return out


def test_report_is_self_contained_with_every_chart(report_file):
    page = report_file.read_text(encoding="utf-8")
    for title in ("Documents by issuer and year", "Figures per section", "Top keywords per year",
                  "Slogan trends", "Latest data-quality results"):
        assert title in page
    assert page.count("<svg") >= 4 and page.count('class="bar"') >= 10
    assert "云溪区委 · 2024" in page and "山水云溪、智造新城" in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "FAILED" not in page


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not found:
        pytest.skip("Chromium is not installed (Debian package chromium): the rendered report is not checked")
    return found


@pytest.fixture
def sample_report_file(published_sample_home, tmp_path):
    out = tmp_path / "sample-report.html"
    result = CliRunner().invoke(cli, ["report", "--home", str(published_sample_home.root), "--to", str(out)])
    assert result.exit_code == 0
    return out


def test_chromium_draws_the_charts_of_the_sample(sample_report_file, tmp_path):
    report_file = sample_report_file
    browser = chromium()
    profile = tmp_path / "profile"
    dom = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                          report_file.as_uri()], capture_output=True, text=True, timeout=120, check=False).stdout
    assert dom.count("<rect") >= 20 and "XX区委 · 2023" in dom and "两个维护" in dom
    shot = tmp_path / "report.png"
    subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1200,1800",
                    f"--screenshot={shot}", report_file.as_uri()], capture_output=True, timeout=120, check=False)
    from PIL import Image

    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 1800)
    colours = {colour for _, colour in image.getcolors(maxcolors=1_000_000)}
    # the bars were painted in the report's two first colours
    assert (0xC0, 0x39, 0x2B) in colours and (0x2E, 0x86, 0xC1) in colours
