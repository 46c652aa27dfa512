"""What a person clicks through, in a real Chromium: the first visit, a quick log after a
conversation, an import, the job search and the network map. Screenshots land in
docs/screenshots/ for docs/web.md."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

pytestmark = pytest.mark.browser

VCARD = Path(__file__).resolve().parents[1] / "data" / "vcard" / "ez-vcard__John_Doe_IPHONE.vcf"
PHONE = {"width": 390, "height": 844}


def watch_console(page: Page) -> list[str]:
    """Errors the page reports (a CSP violation would show up here)."""
    problems: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", record)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


def load_demo(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.get_by_role("button", name="Load the demo").click()
    expect(page.locator(".flash")).to_contain_text("Loaded a demo network")


def test_a_newcomer_loads_the_demo_and_logs_a_conversation(
    page: Page, live_server: str, shots: Path
) -> None:
    problems = watch_console(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to kith")
    expect(page.get_by_role("link", name="Import contacts")).to_be_visible()

    page.get_by_role("button", name="Load the demo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What should I do this week?")
    expect(page.locator(".plan-item").first).to_be_visible()
    page.screenshot(path=str(shots / "dashboard.png"), full_page=True)

    first = page.locator(".plan-item").first
    name = first.locator("strong a").inner_text()
    quick = page.locator("section.quick")
    quick.get_by_label("Who with?").fill(name)
    quick.get_by_label("How", exact=True).select_option("in_person")
    quick.get_by_label("Why", exact=True).select_option("give")
    quick.get_by_label("They did").check()
    quick.get_by_label("What happened (optional)").fill("Coffee and a book tip")
    quick.get_by_role("button", name="Log it").click()

    expect(page.locator(".flash")).to_have_text(
        f"Logged: Coffee and a book tip with {name}. Their cadence restarts today."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    entry = page.locator(".timeline-list li.touch").first
    expect(entry).to_contain_text("Coffee and a book tip")
    expect(entry).to_contain_text("in person · give · they started it")
    page.screenshot(path=str(shots / "person.png"), full_page=True)

    page.get_by_role("link", name="This week").click()
    expect(page.locator(".done-list")).to_contain_text(f"{name}: Coffee and a book tip")
    assert problems == []


def test_a_touch_logged_wrong_is_corrected_then_deleted(page: Page, live_server: str) -> None:
    problems = watch_console(page)
    load_demo(page, live_server)
    name = page.locator(".plan-item").first.locator("strong a").inner_text()
    quick = page.locator("section.quick")
    quick.get_by_label("Who with?").fill(name)
    quick.get_by_label("What happened (optional)").fill("Coffe")
    quick.get_by_role("button", name="Log it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    page.get_by_role("link", name=re.compile("^Correct or delete: Coffe,")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct a touch")
    page.get_by_label("What happened").fill("Coffee and a book tip")
    page.get_by_label("When").fill("2026-11-20")
    page.get_by_label("Why", exact=True).select_option("give")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_have_text("Saved: Coffee and a book tip.")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    entry = page.locator(".timeline-list li.touch", has_text="Coffee and a book tip")
    expect(entry).to_contain_text("2026-11-20")
    expect(entry).to_contain_text("give")

    entry.get_by_role("link", name=re.compile("^Correct or delete")).click()
    page.get_by_role("button", name="Delete").click()  # the box is not ticked: not sent
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct a touch")
    page.get_by_label("Yes, delete it").check()
    page.get_by_role("button", name="Delete").click()
    expect(page.locator(".flash")).to_have_text("Deleted: Coffee and a book tip.")
    expect(page.locator(".timeline-list li.touch", has_text="Coffee and a book tip")).to_have_count(
        0
    )
    assert problems == []


def test_find_a_past_touch_and_correct_it_from_the_history(page: Page, live_server: str) -> None:
    problems = watch_console(page)
    load_demo(page, live_server)
    page.get_by_role("link", name="All your touches").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What have you done lately?")
    page.get_by_label("How").select_option("call")
    page.get_by_label("From").fill("2026-01-01")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".count")).to_contain_text("touches")
    first = page.locator(".timeline-list li.touch").first
    summary = first.locator(".what").inner_text()
    expect(first).to_contain_text("call")
    first.get_by_role("link", name=re.compile("^Correct or delete")).click()
    page.get_by_label("What happened").fill(summary + " (corrected)")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What have you done lately?")
    expect(page.get_by_label("How")).to_have_value("call")  # the same filtered page
    expect(page.locator(".timeline-list")).to_contain_text(summary + " (corrected)")
    assert problems == []


def test_done_in_the_plan_logs_and_thanks(page: Page, live_server: str) -> None:
    load_demo(page, live_server)
    item = page.locator(".plan-item").first
    name = item.locator("strong a").inner_text()
    item.get_by_role("button", name=re.compile("^Done")).click()
    expect(page.locator(".flash")).to_contain_text(f"Logged with {name}: ")
    expect(page.locator(".done-list")).to_contain_text(name)


def test_quick_log_fits_a_phone_and_comes_first(
    browser: Browser, live_server: str, shots: Path
) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    load_demo(page, live_server)
    first_card = page.locator(".board section").first
    box = page.locator("section.quick").bounding_box()
    assert (
        box is not None
        and box["y"] <= (page.locator("section.plan").bounding_box() or {"y": 0})["y"]
    )
    assert first_card.get_attribute("class") == "card quick"
    for path in ("/people", "/groups", "/interactions", "/job-search", "/log"):  # no sideways
        page.goto(live_server + path)  # scrolling: wide tables scroll inside their card
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    page.get_by_label("Who with?").fill("Ana")
    page.screenshot(path=str(shots / "quick-log-phone.png"), full_page=True)
    context.close()


def test_the_import_history_fits_a_phone(browser: Browser, live_server: str) -> None:
    """File names without spaces and six columns: the page must not scroll sideways."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    messages = VCARD.parents[1] / "linkedin" / "lni__Messages_nonstandard.csv"
    for path in (messages, VCARD):
        page.goto(live_server + "/import")
        page.get_by_label("File", exact=True).set_input_files(str(path))
        page.get_by_role("button", name="Check the file (dry run)").click()
        page.get_by_role("button", name="Import for real").click()
    page.goto(live_server + "/import")
    expect(page.get_by_role("heading", name="Your imports")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_import_a_corpus_vcard_then_undo_it(page: Page, live_server: str, shots: Path) -> None:
    page.goto(live_server + "/import")
    page.get_by_text("More options").click()
    expect(page.get_by_label("Only what happened on or after")).to_be_visible()
    page.screenshot(path=str(shots / "import.png"), full_page=True)
    page.get_by_label("File", exact=True).set_input_files(str(VCARD))
    page.get_by_role("button", name="Check the file (dry run)").click()
    expect(page.get_by_role("heading", name=f"Dry run: {VCARD.name}")).to_be_visible()
    page.get_by_role("button", name="Import for real").click()
    expect(page.locator(".flash")).to_contain_text(f"Imported {VCARD.name}")
    expect(page.locator("table.people")).to_contain_text("John Richter James Doe")

    page.goto(live_server + "/import")
    page.get_by_role("link", name=f"Undo the import of {VCARD.name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Undo this import?")
    expect(page.locator("p.lead")).to_have_text(
        "Undoing it removes 1 person and 1 organization that this import created."
    )
    page.screenshot(path=str(shots / "import-undo.png"), full_page=True)
    page.get_by_role("button", name="Undo the import").click()
    expect(page.locator(".flash")).to_have_text(
        f"Undid the import of {VCARD.name}: removed 1 person and 1 organization."
    )
    expect(page.locator("#history-h ~ table tbody tr").first).to_contain_text("undone")


# Records, as a form is sent, what kith.js made of it: its status line, whether its buttons
# are disabled, and whether sending it again would be refused. Kept in sessionStorage, which
# outlives the page the form leaves.
WATCH_SUBMIT = """() => {
  const form = document.querySelector("form[data-busy]");
  let again = false;
  form.addEventListener("submit", () => {
    if (again) return;
    again = true;
    const refused = !form.dispatchEvent(new Event("submit", { cancelable: true }));
    const buttons = Array.from(form.querySelectorAll("button")).map((b) => b.disabled);
    const status = form.querySelector("[role=status]").textContent;
    sessionStorage.setItem("sent", JSON.stringify({ status, buttons, refused }));
  });
}"""


def sent_form(page: Page) -> dict[str, object]:
    found: dict[str, object] = page.evaluate("JSON.parse(sessionStorage.getItem('sent'))")
    return found


def test_the_import_says_it_is_working_and_is_sent_once(page: Page, live_server: str) -> None:
    """While the server reads or imports the file, the form's buttons are disabled and its
    status line says what is happening; sending it again is refused."""
    problems = watch_console(page)
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(live_server + "/import")
    assert page.locator("form[data-busy] .busy").text_content() == ""  # nothing pending yet
    page.evaluate(WATCH_SUBMIT)
    page.get_by_label("File", exact=True).set_input_files(str(VCARD))
    page.get_by_role("button", name="Check the file (dry run)").click()
    expect(page.get_by_role("heading", name=f"Dry run: {VCARD.name}")).to_be_visible()
    sent = sent_form(page)
    assert str(sent["status"]).startswith("Reading the file… Nothing is saved yet")
    assert sent["buttons"] == [True] and sent["refused"] is True
    assert posts == [live_server + "/import"]
    expect(page.get_by_role("button", name="Import for real")).to_be_enabled()

    page.evaluate(WATCH_SUBMIT)
    page.get_by_role("button", name="Import for real").click()
    expect(page.locator(".flash")).to_contain_text(f"Imported {VCARD.name}")
    sent = sent_form(page)
    assert str(sent["status"]).startswith("Importing… Everything is saved in one step")
    assert sent["buttons"] == [True] and sent["refused"] is True
    assert posts == [live_server + "/import", live_server + "/import/confirm"]
    assert problems == []


def _address_book(path: Path, cards: int) -> Path:
    path.write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i}\r\nEMAIL:p{i}@example.org\r\n"
            "END:VCARD\r\n"
            for i in range(cards)
        ),
        encoding="utf-8",
    )
    return path


JOB_PAGE = re.compile(r".*/import/jobs/[0-9a-f]{32}$")


@pytest.mark.live_settings(import_wait_seconds=0)
def test_a_long_import_shows_its_progress_in_place_until_the_report_comes(
    page: Page, live_server: str, tmp_path: Path, shots: Path
) -> None:
    """Every import goes to its progress page here. kith.js brings it up to date in place
    (fetches, not reloads), then loads the report, then the import's people."""
    problems = watch_console(page)
    loads: list[str] = []
    polls: list[str] = []
    page.on("framenavigated", lambda frame: loads.append(frame.url))
    page.on("request", lambda r: polls.append(r.url) if r.resource_type == "fetch" else None)
    book = _address_book(tmp_path / "big.vcf", 20_000)
    page.goto(live_server + "/import")
    page.get_by_label("File", exact=True).set_input_files(str(book))
    page.get_by_role("button", name="Check the file (dry run)").click()
    page.wait_for_url(JOB_PAGE)
    # how far it is, in place: the share of the file read (the first half second here),
    # then the records applied
    told = re.compile(r"^(Reading the file: [1-9]\d* %|[1-9][\d,]* of [\d,]+ records)$")
    expect(page.locator("#job-h", has_text=told)).to_be_visible(timeout=60_000)
    expect(page.locator("progress[value]")).to_be_visible()
    page.screenshot(path=str(shots / "import-progress.png"))
    expect(page.get_by_role("heading", name="Dry run: big.vcf")).to_be_visible(timeout=120_000)
    job_loads = [url for url in loads if JOB_PAGE.match(url)]
    assert polls and set(polls) == set(job_loads)  # it asked for the page's news...
    assert len(job_loads) <= 2  # ...without reloading it, but for the report at the end
    expect(page.locator("section.report table.counts tbody tr").first).to_contain_text("20000")
    page.get_by_role("button", name="Import for real").click()
    expect(page.locator(".flash")).to_contain_text(
        "Imported big.vcf: 20,000 people created", timeout=120_000
    )
    assert problems == []


@pytest.mark.live_settings(import_wait_seconds=0)
def test_without_script_the_progress_page_refreshes_itself(
    browser: Browser, live_server: str, tmp_path: Path
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    book = _address_book(tmp_path / "book.vcf", 3000)
    page.goto(live_server + "/import")
    page.get_by_label("File", exact=True).set_input_files(str(book))
    page.get_by_role("button", name="Check the file (dry run)").click()
    page.wait_for_url(JOB_PAGE)
    expect(page.get_by_role("heading", name="Dry run: book.vcf")).to_be_visible(timeout=60_000)
    context.close()


def _takeout(folder: Path) -> Path:
    """A Google Takeout zip of the sample files, as Google lays it out."""
    data = VCARD.parents[1]
    path = folder / "takeout-20261127T101010Z-001.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(VCARD, "Takeout/Contacts/My Contacts/My Contacts.vcf")
        archive.write(data / "mbox" / "thunderbird__mbox_modern.mbox", "Takeout/Mail/All mail.mbox")
        archive.write(
            data / "ical" / "icalendar__tutorial_attendees.ics", "Takeout/Calendar/me.ics"
        )
    return path


def test_a_google_takeout_imports_every_kind_in_one_go(
    page: Page, live_server: str, shots: Path, tmp_path: Path
) -> None:
    problems = watch_console(page)
    takeout = _takeout(tmp_path)
    page.goto(live_server + "/import")
    page.get_by_label("File", exact=True).set_input_files(str(takeout))
    page.get_by_role("button", name="Check the file (dry run)").click()
    expect(page.get_by_role("heading", name=f"Dry run: {takeout.name}")).to_be_visible()
    parts = page.locator("section.report h3")
    expect(parts).to_have_text(["Contacts as vCard", "Mail", "Calendars"])
    page.screenshot(path=str(shots / "import-takeout.png"), full_page=True)
    page.get_by_role("button", name="Import for real").click()
    expect(page.locator(".flash")).to_contain_text(
        f"Imported {takeout.name}: 1 person created, 0 updated, 0 skipped (contacts as vCard);"
    )
    page.goto(live_server + "/import")
    expect(page.locator("#history-h ~ table tbody tr")).to_have_count(3)
    assert problems == []


TOO_LARGE = (
    "That upload is larger than 1 MB (the limit set by KITH_MAX_IMPORT_MB). Import it with "
    "`kith import FILE` on this computer instead: that has no limit."
)
BIG_CARD = {
    "name": "big.vcf",
    "mimeType": "text/vcard",
    "buffer": b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big\r\nNOTE:" + b"x" * 1_500_000,
}


@pytest.mark.live_settings(max_import_mb=1)
def test_a_file_over_the_upload_limit_is_refused_beside_its_field(
    browser: Browser, live_server: str
) -> None:
    posts: list[str] = []
    page = browser.new_page()
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(live_server + "/import")
    page.get_by_label("File", exact=True).set_input_files(BIG_CARD)
    page.get_by_role("button", name="Check the file (dry run)").click()
    expect(page.locator("#file-error")).to_have_text(TOO_LARGE)  # said before sending it
    expect(page.get_by_label("File", exact=True)).to_have_attribute("aria-invalid", "true")
    assert posts == []
    page.close()

    without_script = browser.new_context(java_script_enabled=False)
    page = without_script.new_page()
    page.goto(live_server + "/import")
    page.get_by_label("File", exact=True).set_input_files(BIG_CARD)
    with page.expect_response(live_server + "/import") as answer:
        page.get_by_role("button", name="Check the file (dry run)").click()
    assert answer.value.status == 413  # the server read the upload through, then said why
    expect(page.locator("#file-error")).to_have_text(TOO_LARGE)
    expect(page.get_by_role("heading", name="Upload a file")).to_be_visible()
    without_script.close()


def test_job_search_finds_paths(page: Page, live_server: str, shots: Path) -> None:
    load_demo(page, live_server)
    page.get_by_role("link", name="Job search").click()
    page.get_by_label("Organization or field").fill("Acme")
    page.get_by_role("button", name="Find paths").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who can help me into Acme?")
    expect(page.locator(".lead-list li").first).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 1100})
    page.screenshot(path=str(shots / "job-search.png"))


def test_network_map_names_people_on_hover(page: Page, live_server: str, shots: Path) -> None:
    problems = watch_console(page)
    load_demo(page, live_server)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.get_by_role("link", name="Map").click()
    svg = page.locator("svg.netmap")
    expect(svg).to_be_visible()
    node = svg.locator("circle.node").nth(5)
    assert node.locator("title").text_content()
    node.hover()
    page.screenshot(path=str(shots / "network-map.png"), full_page=True)
    assert problems == []


def test_sortable_tables_and_dark_mode(browser: Browser, live_server: str) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    load_demo(page, live_server)
    page.goto(live_server + "/people")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 22, 25)"
    header = page.get_by_role("button", name="Last contact")
    header.click()
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    context.close()


def test_keyboard_focus_is_visible(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
