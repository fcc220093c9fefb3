"""End to end: the README's demo command serves a real server; a real browser signs in.

Runs `chidao demo` in a subprocess on a fresh SQLite database in a temporary folder, then
drives Debian's chromium through Playwright. Skipped where chromium is not installed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["CHIDAO_DATA_DIR"] = str(tmp_path_factory.mktemp("demo-data"))
    log = tmp_path_factory.mktemp("demo-log") / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "config.cli", "demo", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"demo server stopped:\n{log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"demo server did not start:\n{log.read_text()}")
        output = log.read_text()
        assert "quantri" in output and "chidao-demo-2025" in output, output
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


def test_demo_serves_a_login_page_and_after_login_the_unit_tree(demo_server, browser) -> None:
    page = browser.new_page()
    page.goto(demo_server + "/")
    assert "Đăng nhập" in page.content()
    page.fill("input[name=username]", "quantri")
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("button[type=submit]")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.content()
    page.fill("input[name=username]", "quantri")
    page.fill("input[name=password]", "chidao-demo-2025")
    page.click("button[type=submit]")
    page.wait_for_url("**/units/**")
    assert "Cây đơn vị" in page.content()
    assert "Tỉnh Ninh Bình" in page.content()
    assert "dữ liệu minh họa" in page.content()

    # The structure of 2023: Huyện Bình Lục with 16 communes and a town, under Hà Nam.
    page.goto(demo_server + "/units/?on=2023-06-30")
    page.click("summary:has-text('Tỉnh Hà Nam')")
    page.wait_for_selector("text=Huyện Bình Lục")
    page.click("summary:has-text('Huyện Bình Lục')")
    page.wait_for_selector("text=Xã Hưng Công")
    assert page.locator("summary:has-text('Huyện Bình Lục') .muted").inner_text() == "(17)"

    # Search, then a unit's history shows where a former commune went.
    page.fill("#id_q", "Hưng Công")
    page.wait_for_selector("#results a:has-text('Xã Hưng Công')")
    page.click("#results a:has-text('Xã Hưng Công')")
    page.wait_for_selector("text=Đã chuyển thành")
    assert "Xã Bình An" in page.content()
    (ROOT / "var").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "var" / "e2e-unit.png"), full_page=True)
    page.close()


def test_ntm_office_sees_the_2023_situation_of_binh_luc_and_a_scorecard(
    demo_server, browser
) -> None:
    page = browser.new_page()
    page.goto(demo_server + "/accounts/login/")
    page.fill("input[name=username]", "vpdieuphoi")
    page.fill("input[name=password]", "chidao-demo-2025")
    page.click("button[type=submit]")
    page.wait_for_url("**/units/**")
    page.click("nav.mainnav a:has-text('Nông thôn mới')")
    page.goto(page.url.split("?")[0] + "?year=2023")
    page.click("a:has-text('Tỉnh Hà Nam')")
    page.click("a:has-text('Huyện Bình Lục')")
    assert "Ngưỡng minh họa" in page.content()
    counts = page.locator("table").first.inner_text()
    assert "Xã NTM kiểu mẫu\t02\t02\t0" in counts, counts
    assert "Xã NTM nâng cao\t08\t02\t06" in counts, counts
    page.click("nav.tabs a:has-text('Bảng xã × tiêu chí')")
    page.click("nav.tabs a:has-text('Xã NTM nâng cao')")
    page.click("tbody tr:has-text('Xã Đồn Xá') td.st-chua_dat a >> nth=0")
    assert "Kết quả nông thôn mới: Xã Đồn Xá" in page.content()
    assert "còn thiếu" in page.content()
    page.close()


def test_committee_office_reads_the_2021_targets_of_the_action_programme(
    demo_server, browser
) -> None:
    page = browser.new_page()
    page.goto(demo_server + "/accounts/login/")
    page.fill("input[name=username]", "vanphong")
    page.fill("input[name=password]", "chidao-demo-2025")
    page.click("button[type=submit]")
    page.wait_for_url("**/units/**")
    page.goto(demo_server + "/plans/?year=2021")
    page.click("a:has-text('Chương trình hành động thực hiện Nghị quyết Đại hội')")
    page.click("a:has-text('2021')")
    content = page.content()
    assert "17/17 chỉ tiêu đạt và vượt, trong đó 09 chỉ tiêu vượt" in content
    assert "đạt 100,02% kế hoạch, tăng 5,09 triệu đồng so với năm 2020" in content
    assert page.locator("svg").count() >= 17
    page.close()


def _login(browser: Any, demo_server: str, username: str) -> Any:
    page = browser.new_page()
    page.goto(demo_server + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "chidao-demo-2025")
    page.click("button[type=submit]")
    page.wait_for_url("**/units/**")
    return page


def test_reception_desk_reads_the_seed_figures_and_reveals_names_deliberately(
    demo_server, browser
) -> None:
    # The provincial reception desk: the district secretary's year 2023, in the report's words.
    page = _login(browser, demo_server, "tiepdan.tinh")
    page.click("nav.mainnav a:has-text('Tiếp công dân')")
    page.click("nav.tabs a:has-text('Thống kê')")
    page.select_option("main select[name=unit_id]", label="Đảng bộ huyện Bình Lục")
    page.select_option("main select[name=period]", value="2023")
    page.click("main button:has-text('Xem')")
    assert (
        "Bí thư Huyện ủy đã tổ chức 38 phiên tiếp dân, với 64 lượt người được tiếp, "
        "tiếp nhận và chỉ đạo giải quyết 59 đơn thư." in page.content()
    )
    page.select_option("main select[name=period]", value="2021")
    page.click("main button:has-text('Xem')")
    assert (
        "Toàn huyện đã tổ chức 36 cuộc đối thoại định kỳ (tăng 18 cuộc so với năm 2020)."
        in page.content()
    )
    page.close()

    # The commune's reception officer records a session: a date in the future is refused in
    # Vietnamese on the field, then a good one is saved.
    page = _login(browser, demo_server, "tiepdan")
    page.goto(demo_server + "/reception/sessions/new/")
    page.select_option("main select[name=unit]", label="Đảng bộ xã Bình Lục")
    page.fill("input[name=host_name]", "Bí thư Đảng ủy xã Bình Lục")
    page.select_option("main select[name=host_role]", value="bi_thu")
    page.select_option("main select[name=kind]", value="dot_xuat")
    page.fill("input[name=held_on]", "01/01/2099")
    page.fill("input[name=visitor_count]", "3")
    page.click("main button:has-text('Lưu')")
    assert "Ngày tiếp dân không được sau ngày hôm nay." in page.content()
    page.fill("input[name=held_on]", time.strftime("%d/%m/%Y"))
    page.click("main button:has-text('Lưu')")
    page.wait_for_selector("#visitor-count")
    assert page.locator("#visitor-count").inner_text() == "3"

    # The names of the people received are shown only after a deliberate click.
    page.goto(demo_server + "/reception/")
    page.locator("#sessions tbody a").last.click()
    assert "#visitor-list" not in page.content()
    page.click("#visitors button:has-text('Xem danh sách người được tiếp')")
    page.wait_for_selector("#visitor-list")
    assert "xã Bình Lục" in page.locator("#visitor-list").inner_text()
    assert "Lượt xem này đã được ghi vào nhật ký." in page.content()
    page.close()

    # A leader sees the sessions but never the names.
    page = _login(browser, demo_server, "lanhdao")
    page.goto(demo_server + "/reception/")
    page.locator("#sessions tbody a").last.click()
    assert page.locator("#visitors button").count() == 0
    page.close()


def test_offices_read_ratings_models_and_sponsorship_figures(demo_server, browser) -> None:
    page = _login(browser, demo_server, "bantochuc")
    page.click("nav.mainnav a:has-text('Xếp loại chất lượng')")
    page.select_option("main select[name=unit_id]", label="Đảng bộ huyện Bình Lục")
    page.select_option("main select[name=year]", value="2022")
    page.click("main button:has-text('Xem')")
    assert "87,3% tổ chức cơ sở đảng đạt trong sạch vững mạnh" in page.content()
    page.select_option("main select[name=year]", value="2023")
    page.click("main button:has-text('Xem')")
    assert "87,3% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên" in page.content()
    page.close()

    page = _login(browser, demo_server, "bandanvan")
    page.goto(demo_server + "/movements/counts/?period=T2020")
    page.select_option("main select[name=unit_id]", label="Huyện Bình Lục")
    page.click("main button:has-text('Xem')")
    assert "110 mô hình “Dân vận khéo”" in page.content()
    page.close()

    page = _login(browser, demo_server, "vpdieuphoi")
    page.click("nav.mainnav a:has-text('Đỡ đầu xã')")
    page.select_option("main select[name=unit_id]", label="Đảng bộ Khối các cơ quan tỉnh Hà Nam")
    page.fill("main input[name=year]", "2016")
    page.click("main button:has-text('Xem')")
    assert "51 đảng bộ, chi bộ thuộc Đảng bộ Khối các cơ quan tỉnh Hà Nam đỡ đầu" in page.content()
    assert "giúp đỡ 73 xã" in page.content()
    page.close()
