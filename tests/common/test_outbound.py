"""The outbound-address guard (trellis.common.outbound): https only, every internal address
class refused (IPv4, IPv6, IPv4 inside IPv6), names judged by what they resolve to, the
connection made to the address checked, redirects checked again, allow-listed hosts only."""

import http.server
import ipaddress
import socket
import threading

import httpx
import pytest
import requests

from tests.outbound import allow
from trellis.common import outbound
from trellis.common.outbound import OutboundRefused, check_url, refused_reason

PUBLIC_V4 = "93.184.215.14"
PUBLIC_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"


@pytest.mark.parametrize(
    "address, words",
    [
        ("127.0.0.1", "this server itself"),
        ("127.8.9.10", "this server itself"),
        ("::1", "this server itself"),
        ("10.0.0.5", "inside a private network"),
        ("172.16.3.4", "inside a private network"),
        ("192.168.1.20", "inside a private network"),
        ("fd12:3456::1", "inside a private network"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("100.64.0.1", "not a public Internet address"),  # carrier-grade NAT
        ("198.18.0.1", "inside a private network"),  # benchmarking, never routed
        ("::ffff:127.0.0.1", "this server itself"),  # IPv4-mapped IPv6
        ("::ffff:10.0.0.5", "inside a private network"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:a00:5::1", "inside a private network"),  # 6to4 of 10.0.0.5
    ],
)
def test_every_internal_address_class_is_refused(address, words):
    assert words in refused_reason(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", [PUBLIC_V4, PUBLIC_V6, "::ffff:" + PUBLIC_V4])
def test_public_addresses_pass(address):
    assert refused_reason(ipaddress.ip_address(address)) is None


def test_the_message_names_the_address_why_and_what_to_do():
    with pytest.raises(OutboundRefused) as caught:
        check_url("https://10.0.0.5/xAPI/", field="endpoint")
    assert caught.value.field == "endpoint"
    assert "The address 10.0.0.5 is inside a private network." in caught.value.message
    assert "public https:// address" in caught.value.message
    with pytest.raises(OutboundRefused, match="unspecified"):
        check_url("https://[::ffff:0.0.0.0]/")
    with pytest.raises(OutboundRefused, match="this server itself"):
        check_url("https://[::ffff:7f00:1]:6379/")


def test_http_is_refused_unless_the_setting_allows_it(settings, monkeypatch):
    _resolve_to(monkeypatch, {"lrs.example.org": PUBLIC_V4})
    with pytest.raises(OutboundRefused, match="only over https://"):
        check_url("http://lrs.example.org/xAPI/")
    check_url("https://lrs.example.org/xAPI/")
    settings.TRELLIS_OUTBOUND_ALLOW_HTTP = True
    check_url("http://lrs.example.org/xAPI/")
    with pytest.raises(OutboundRefused, match="private network"):  # http allowed, 10.x not
        check_url("http://10.1.2.3/")
    with pytest.raises(OutboundRefused, match="not a web address"):
        check_url("ftp://lrs.example.org/")


def _resolve_to(monkeypatch, names: dict[str, str]):
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host in names:
            family = socket.AF_INET6 if ":" in names[host] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (names[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_a_name_that_resolves_to_a_private_address_is_refused(monkeypatch):
    _resolve_to(monkeypatch, {"lrs.school.example": "10.0.0.5", "meta.example": "fe80::1"})
    with pytest.raises(OutboundRefused) as caught:
        check_url("https://lrs.school.example/xAPI/")
    assert "lrs.school.example leads to the address 10.0.0.5, which is inside a private" in str(
        caught.value
    )
    with pytest.raises(OutboundRefused, match="link-local"):
        check_url("https://meta.example/")


def test_the_allow_list_names_a_host_and_port_exactly(settings):
    settings.TRELLIS_OUTBOUND_ALLOW = ["10.0.0.5:8080", "lrs.lan"]
    check_url("http://10.0.0.5:8080/xAPI/")
    check_url("http://lrs.lan:1234/")
    with pytest.raises(OutboundRefused, match="only over https"):
        check_url("http://10.0.0.5:8081/xAPI/")
    with pytest.raises(OutboundRefused, match="private network"):
        check_url("https://10.0.0.5/xAPI/")


def test_a_name_that_does_not_resolve_passes_the_form_and_fails_the_connection(monkeypatch):
    check_url("https://no-such-host.invalid/")
    with outbound.client() as http, pytest.raises(httpx.ConnectError, match="not found"):
        http.get("https://no-such-host.invalid/")


def test_the_connection_goes_to_the_address_checked_with_the_name_kept(monkeypatch):
    """DNS rebinding: the name is resolved once, checked, and the connection made to that
    address (the name stays in the Host header and the TLS server name)."""
    answers = iter([PUBLIC_V4, "127.0.0.1"])  # public when checked, loopback a moment later
    seen = []

    def fake(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    def sent(self, request):
        seen.append(request)
        return httpx.Response(200, request=request)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", sent)
    with outbound.client() as http:
        assert http.get("https://rebind.example/x").status_code == 200
    (request,) = seen
    assert request.url.host == PUBLIC_V4
    assert request.headers["Host"] == "rebind.example"
    assert request.extensions["sni_hostname"] == "rebind.example"
    with outbound.client() as http, pytest.raises(OutboundRefused, match="this server itself"):
        http.get("https://rebind.example/x")  # the second answer is refused, not connected
    assert len(seen) == 1


class _Redirect(http.server.BaseHTTPRequestHandler):
    target = ""

    def do_GET(self):
        if self.path == "/ok":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")
            return
        self.send_response(302)
        self.send_header("Location", self.target)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def redirecting(settings):
    """A local server (allowed by host and port) that redirects to ``server.target``."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    allow(settings, base)
    yield base
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "target, words",
    [
        ("http://169.254.169.254/latest/meta-data/", "only over https"),
        ("https://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://127.0.0.1:6379/", "this server itself"),
        ("https://[::ffff:10.0.0.5]/", "inside a private network"),
    ],
)
def test_a_redirect_to_a_refused_address_is_refused(redirecting, target, words):
    _Redirect.target = target
    with outbound.client(follow_redirects=True) as http:
        assert http.get(redirecting + "/ok").text == "ok"  # the allowed server itself
        with pytest.raises(OutboundRefused, match=words):
            http.get(redirecting + "/go")
    session = outbound.requests_session()
    with pytest.raises(requests.ConnectionError, match=words):
        session.get(redirecting + "/go", timeout=5)


def test_requests_checks_the_address_the_socket_reached(redirecting, settings, monkeypatch):
    """PyLTI1p3's session: a name the check cannot see through (it resolves to loopback) is
    refused once connected, before anything is sent; an allowed host is reached."""
    settings.TRELLIS_OUTBOUND_ALLOW_HTTP = True
    port = redirecting.rsplit(":", 1)[1]
    _resolve_to(monkeypatch, {"lms.example": "127.0.0.1"})
    session = outbound.requests_session()
    assert session.get(redirecting + "/ok", timeout=5).text == "ok"
    with pytest.raises(requests.ConnectionError, match=r"lms\.example leads to the address 127"):
        session.get(f"http://lms.example:{port}/ok", timeout=5)
