"""A local server still defends itself: CSRF, DNS rebinding, cross-site API calls,
oversized uploads, and the headers that keep pages from being framed or sniffed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from kith.clock import Clock
from kith.config import Settings
from kith.services import accounts
from kith.web.app import create_app
from kith.web.security import CSP, SECRET_FILE
from tests.web.conftest import Seed, csrf_of, get_page, soup

JSON_PERSON = {"name": "Grace Hopper"}


# ---- CSRF -------------------------------------------------------------------------------


def test_form_post_without_csrf_token_is_refused(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada Lovelace")
    client.get("/log")  # the browser has its cookie, but the form lacks the token
    response = client.post("/log", data={"person": str(pid), "channel": "call"})
    assert response.status_code == 403
    assert "expired or came from another site" in soup(response).select_one("main").get_text()


def test_form_post_with_a_wrong_csrf_token_is_refused(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada Lovelace")
    client.get("/log")
    response = client.post("/log", data={"person": str(pid), "csrf_token": "forged.token.x"})
    assert response.status_code == 403


def test_csrf_token_from_another_browser_is_refused(app: object, seed: Seed) -> None:
    pid = seed.person("Ada Lovelace")
    with TestClient(app, follow_redirects=False) as attacker:  # type: ignore[arg-type]
        stolen = csrf_of(attacker)
    with TestClient(app, follow_redirects=False) as victim:  # type: ignore[arg-type]
        victim.get("/log")
        response = victim.post("/log", data={"person": str(pid), "csrf_token": stolen})
    assert response.status_code == 403


def test_form_post_with_the_right_token_is_accepted(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada Lovelace")
    response = client.post("/log", data={"person": str(pid), "csrf_token": csrf_of(client)})
    assert response.status_code == 303


def test_every_post_form_on_every_page_carries_a_token(client: TestClient, seed: Seed) -> None:
    pid = seed.person("Ada Lovelace")
    paths = ["/", "/log", "/people/new", f"/people/{pid}", f"/people/{pid}/edit", "/groups",
             "/job-search", "/import", "/settings"]  # fmt: skip
    for path in paths:
        for form in soup(client.get(path)).find_all("form", method="post"):
            token = form.find("input", attrs={"name": "csrf_token"})
            assert token is not None and token["value"], f"{path} {form.get('action')}"


# ---- Host header ------------------------------------------------------------------------


def test_unknown_host_header_is_refused(client: TestClient) -> None:
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    assert response.headers["x-frame-options"] == "DENY"


def test_unknown_host_is_refused_on_the_api_with_the_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/people", headers={"host": "evil.example:8765"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_host"


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost", "[::1]:8765", "testserver"])
def test_local_host_headers_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/api/v1/people", headers={"host": host}).status_code == 200


def test_configured_host_is_allowed(settings: Settings, clock: Clock) -> None:
    custom = settings.model_copy(update={"host": "kith.lan", "allowed_hosts": []})
    with TestClient(create_app(custom, clock)) as client:
        assert client.get("/api/v1/goals", headers={"host": "kith.lan:8765"}).status_code == 200
        assert client.get("/api/v1/goals", headers={"host": "localhost"}).status_code == 400


# ---- the API refuses what a hostile page can send ----------------------------------------


def test_api_refuses_form_encoded_posts(client: TestClient) -> None:
    response = client.post("/api/v1/people", data={"name": "Mallory"})
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert client.get("/api/v1/people").json()["total"] == 0


def test_api_refuses_multipart_posts(client: TestClient) -> None:
    response = client.post("/api/v1/people", files={"name": ("x.txt", b"Mallory")})
    assert response.status_code == 415


def test_api_refuses_text_plain_posts(client: TestClient) -> None:
    body = b'{"name": "Mallory"}'
    response = client.post("/api/v1/people", content=body, headers={"content-type": "text/plain"})
    assert response.status_code == 415


def test_api_refuses_cross_origin_requests(client: TestClient) -> None:
    response = client.post(
        "/api/v1/people", json=JSON_PERSON, headers={"origin": "http://evil.example"}
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_api_refuses_cross_site_fetch_metadata(client: TestClient) -> None:
    response = client.patch(
        "/api/v1/people/1", json={"notes": "x"}, headers={"sec-fetch-site": "cross-site"}
    )
    assert response.status_code == 403


def test_api_accepts_same_origin_json(client: TestClient) -> None:
    response = client.post(
        "/api/v1/people", json=JSON_PERSON, headers={"origin": "http://testserver"}
    )
    assert response.status_code == 201


# ---- escaping ---------------------------------------------------------------------------

XSS = "<script>alert(1)</script>"


def test_script_in_a_name_is_shown_as_text_in_the_list(client: TestClient, seed: Seed) -> None:
    seed.person(XSS)
    page = soup(client.get("/people"))
    assert all("alert(1)" not in (s.string or "") for s in page.find_all("script"))
    assert XSS in [a.get_text() for a in page.select("table.people a")]


def test_script_in_a_name_is_shown_as_text_on_the_person_page(
    client: TestClient, seed: Seed
) -> None:
    pid = seed.person(XSS, notes=f"note {XSS}", tags=[XSS])
    seed.touch(pid, summary=XSS)
    response = client.get(f"/people/{pid}")
    page = soup(response)
    assert page.find("h1").get_text(strip=True) == XSS
    assert all("alert" not in (s.string or "") for s in page.find_all("script"))
    assert [s["src"] for s in page.find_all("script")] == ["/static/kith.js"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


JSON_BODY = {"content-type": "application/json"}


# ---- uploads ----------------------------------------------------------------------------


@pytest.fixture
def small_upload_client(settings: Settings, clock: Clock) -> TestClient:
    limits = {"max_upload_mb": 1, "max_import_mb": 2}
    return TestClient(create_app(settings.model_copy(update=limits), clock))


def test_upload_over_the_limit_is_refused_with_413(small_upload_client: TestClient) -> None:
    client = small_upload_client
    token = csrf_of(client, "/import")
    big = b"BEGIN:VCARD\r\n" + b"x" * (2 * 1024 * 1024 + 10)
    response = client.post(
        "/import", data={"csrf_token": token}, files={"file": ("big.vcf", big, "text/vcard")}
    )
    assert response.status_code == 413  # the Import page again, the error beside its field
    page = soup(response)
    said = (
        "That upload is larger than 2 MB (the limit set by KITH_MAX_IMPORT_MB). Import it "
        "with `kith import FILE` on this computer instead: that has no limit."
    )
    assert page.select_one("#file-error").get_text(strip=True) == said
    assert page.select_one("#f-file")["aria-invalid"] == "true"
    assert "file-error" in page.select_one("#f-file")["aria-describedby"]
    field = get_page(client, "/import").select_one("#f-file")  # what kith.js says before
    assert (field["data-max-mb"], field["data-too-large"]) == ("2", said)  # sending it
    assert client.get("/api/v1/people").json()["total"] == 0
    api = client.post(
        "/api/v1/imports",
        params={"filename": "big.vcf"},
        content=big,
        headers={"content-type": "application/octet-stream"},
    )
    assert api.status_code == 413 and api.json()["error"]["code"] == "too_large"


@pytest.mark.parametrize("path", ["/api/v1/imports", "/api/v1/imports/all"])
def test_a_file_posted_to_the_api_has_the_import_limit(
    small_upload_client: TestClient, path: str
) -> None:
    raw = {"content-type": "application/octet-stream"}
    params = {"filename": "notes.txt"}
    over_upload = b"x" * (1024 * 1024 + 10)  # over the 1 MB of other bodies, under the 2 MB
    read = small_upload_client.post(path, params=params, content=over_upload, headers=raw)
    assert read.status_code == 422 and read.json()["error"]["code"] == "import_format"
    over_import = b"x" * (2 * 1024 * 1024 + 10)
    refused = small_upload_client.post(path, params=params, content=over_import, headers=raw)
    assert refused.status_code == 413
    assert "KITH_MAX_IMPORT_MB" in refused.json()["error"]["message"]


def test_a_member_is_told_to_ask_whoever_runs_kith(
    small_upload_client: TestClient, seed: Seed
) -> None:
    client = small_upload_client
    seed(lambda ctx: accounts.add_account(ctx.session, ctx.clock, "alice", "alice's password"))
    token = csrf_of(client, "/login")
    login = {"csrf_token": token, "username": "alice", "password": "alice's password"}
    client.post("/login", data=login | {"next": "/import"})
    token = csrf_of(client, "/import")
    big = b"BEGIN:VCARD\r\n" + b"x" * (2 * 1024 * 1024 + 10)
    response = client.post(
        "/import", data={"csrf_token": token}, files={"file": ("big.vcf", big, "text/vcard")}
    )
    assert response.status_code == 413
    assert soup(response).select_one("#file-error").get_text(strip=True) == (
        "That upload is larger than 2 MB (the limit set by KITH_MAX_IMPORT_MB). Ask whoever "
        "runs this kith to raise it."
    )


def test_a_file_to_import_has_its_own_larger_limit(small_upload_client: TestClient) -> None:
    """1.5 MB: over the limit of other bodies, within the limit of files to import."""
    client = small_upload_client
    card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nNOTE:" + b"x" * 1_500_000
    card += b"\r\nEND:VCARD\r\n"
    token = csrf_of(client, "/import")
    page = client.post(
        "/import", data={"csrf_token": token}, files={"file": ("ada.vcf", card, "text/vcard")}
    )
    assert page.status_code == 200 and "Dry run: ada.vcf" in page.text
    api = client.post(
        "/api/v1/imports",
        params={"filename": "ada.vcf", "dry_run": True},
        content=card,
        headers={"content-type": "application/octet-stream"},
    )
    assert api.status_code == 200 and api.json()["created"] == {"people": 1}
    other = client.post("/api/v1/people", content=b"{" + b" " * 1_500_000 + b"}", headers=JSON_BODY)
    assert other.status_code == 413
    assert other.json()["error"]["message"] == (
        "That upload is larger than 1 MB (the limit set by KITH_MAX_UPLOAD_MB)."
    )


def test_streamed_body_over_the_limit_is_refused_with_413(
    small_upload_client: TestClient,
) -> None:
    def chunks():  # no Content-Length: the limit is enforced while reading
        for _ in range(3):
            yield b"x" * (600 * 1024)

    response = small_upload_client.post(
        "/api/v1/people", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


# ---- headers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/people", "/api/v1/people", "/api/v1/nowhere", "/nowhere", "/static/kith.css"]
)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["content-security-policy"] == CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"


def test_csp_forbids_inline_script_and_style(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp


def test_csrf_cookie_is_http_only_and_same_site(client: TestClient) -> None:
    cookie = client.get("/").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


# ---- the signing key ---------------------------------------------------------------------


def test_secret_key_is_generated_once_with_private_permissions(
    settings: Settings, clock: Clock
) -> None:
    create_app(settings, clock)
    path = Path(settings.data_dir) / SECRET_FILE
    first = path.read_text()
    assert len(first) >= 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    create_app(settings, clock)
    assert path.read_text() == first


def test_configured_secret_key_is_used_and_nothing_is_written(
    settings: Settings, clock: Clock
) -> None:
    create_app(settings.model_copy(update={"secret_key": SecretStr("s3cret-from-env")}), clock)
    assert not (Path(settings.data_dir) / SECRET_FILE).exists()
