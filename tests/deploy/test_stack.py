"""The production layout serving real requests: nginx → gunicorn (production settings) →
PostgreSQL, with the private store behind X-Accel-Redirect (tests/deploy/stack.py)."""

import re
import time

import pytest
import requests

# Ordered with the tests that use the database (before any that empty it): the stack's
# database is a copy of the test database with the demo archive in it.
pytestmark = pytest.mark.django_db


def get(stack, path: str, base: str = "", **options) -> requests.Response:
    return requests.get((base or stack.url) + path, verify=stack.certificate, allow_redirects=False,
                        timeout=30, **options)


def lines_ending(text: str, suffix: str) -> list[str]:
    return [line for line in text.split() if line.endswith(suffix)]


def researcher(stack) -> dict:
    return {"sessionid": stack.seed["researcher_session"]}


def test_a_public_page_through_nginx(stack):
    response = get(stack, stack.seed["public"]["page"])
    assert response.status_code == 200
    assert "Témoignage public de la pile" in response.text
    assert response.headers["Server"] == "nginx"  # no version
    assert "Content-Security-Policy" in response.headers
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    plain = get(stack, "/fr/", base=f"http://127.0.0.1:{stack.http_port}")
    assert plain.status_code == 301
    assert plain.headers["Location"].startswith("https://127.0.0.1/fr/")


def test_static_files_are_compressed_and_kept_for_a_year(stack):
    page = get(stack, "/fr/").text
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), "names carry their content's hash"
    response = get(stack, stylesheet, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert "immutable" in response.headers["Cache-Control"]
    assert "gunicorn" not in response.headers.get("Server", "")


def test_hls_segments_come_from_the_private_folder_through_x_accel_with_ranges(stack):
    master_url = stack.seed["public"]["master"]
    base = master_url.rsplit("/", 1)[0]
    master = get(stack, master_url)
    assert master.status_code == 200
    assert master.headers["Content-Type"] == "application/vnd.apple.mpegurl"
    rung = get(stack, f"{base}/{lines_ending(master.text, '.m3u8')[0]}")
    segment_url = f"{base}/{lines_ending(rung.text, '.m4s')[0]}"

    # gunicorn alone answers with the hand-over and no bytes; nginx sends the file itself.
    handed = get(stack, segment_url, base=stack.gunicorn_url,
                 headers={"X-Forwarded-Proto": "https"})
    assert handed.status_code == 200 and handed.content == b""
    accel = handed.headers["X-Accel-Redirect"]
    assert accel.startswith("/_private/renditions/")
    on_disk = (stack.private_root / accel.removeprefix("/_private/")).read_bytes()

    whole = get(stack, segment_url)
    assert whole.status_code == 200
    assert "X-Accel-Redirect" not in whole.headers
    assert whole.content == on_disk
    part = get(stack, segment_url, headers={"Range": "bytes=10-109"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 10-109/{len(on_disk)}"
    assert part.content == on_disk[10:110]


def test_the_private_folder_is_never_reachable_directly(stack):
    names = stack.seed["public"]["files"] + stack.seed["restricted"]["files"]
    assert names
    for name in names:
        assert (stack.private_root / name).exists()
        for guess in (f"/_private/{name}", f"/media/../private/{name}",
                      f"/static/../private/{name}", f"/media/{name}"):
            response = get(stack, guess)
            assert response.status_code == 404, (guess, response.status_code)


def test_a_restricted_rendition_is_refused_to_anonymous_and_served_to_a_granted_researcher(
        stack):
    restricted = stack.seed["restricted"]
    on_disk = (stack.private_root / restricted["download_file"]).read_bytes()
    for path in (restricted["page"], restricted["download"], restricted["master"]):
        refused = get(stack, path)
        assert refused.status_code == 404, path
        assert on_disk[:64] not in refused.content
    page = get(stack, restricted["page"], cookies=researcher(stack))
    assert page.status_code == 200
    assert "Témoignage restreint de la pile" in page.text
    assert "private" in page.headers["Cache-Control"] or "no-" in page.headers["Cache-Control"]
    served = get(stack, restricted["download"], cookies=researcher(stack))
    assert served.status_code == 200
    assert served.content == on_disk


def test_the_login_throttle_counts_the_client_address_behind_the_proxy(stack):
    """Five failures lock the username from the client's real address: an address the client
    writes into X-Forwarded-For itself is not believed (nginx appends the real one)."""
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would replace the certificate trusted here
    session.verify = stack.certificate
    login = f"{stack.url}/admin/login/"
    form = session.get(login, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    staff = stack.seed["staff"]

    def attempt(password: str, spoofed: str) -> int:
        return session.post(login, data={"username": staff["username"], "password": password,
                                         "csrfmiddlewaretoken": token},
                            headers={"Referer": login, "X-Forwarded-For": spoofed},
                            allow_redirects=False, timeout=30).status_code

    statuses = [attempt("wrong", f"198.51.100.{n}") for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert attempt(staff["password"], "203.0.113.7") == 429
    assert stack.query("SELECT host(ip_address) FROM axes_accessattempt WHERE username = %s",
                       staff["username"]) == [("127.0.0.1",)]


def test_the_edge_cache_keeps_anonymous_pages_and_forgets_a_withdrawn_item(stack):
    item = stack.seed["withdrawn"]
    title = "Témoignage de la pile bientôt retiré"
    for path in (item["page"], item["index"]):
        get(stack, path)
        again = get(stack, path)
        assert again.status_code == 200 and title in again.text
        assert again.headers["X-Cache-Status"] == "HIT", path
        assert "no-cache" in again.headers["Cache-Control"]  # browsers still ask each time
        assert "X-Accel-Expires" not in again.headers
    signed_in = get(stack, item["page"], cookies=researcher(stack))
    assert signed_in.headers["X-Cache-Status"] == "BYPASS"

    stack.manage("shell", "-c", (
        "from django.contrib.auth import get_user_model; "
        "from archive.models import ConsentRecord; "
        "from archive.withdrawal import withdraw_consent; "
        f"withdraw_consent(ConsentRecord.objects.get(pk={item['record']}), "
        "get_user_model().objects.get(username='stack-staff'))"))

    # The purge is a task (Wagtail's frontend cache, after commit) run by the stack's worker.
    deadline = time.monotonic() + 30
    while get(stack, item["page"]).status_code == 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    gone = get(stack, item["page"])
    assert gone.status_code == 404
    assert title not in gone.text
    listing = get(stack, item["index"])
    assert listing.status_code == 200
    assert listing.headers["X-Cache-Status"] != "HIT"
    assert title not in listing.text
