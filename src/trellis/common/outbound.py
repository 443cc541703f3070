"""The outbound-address guard: Trellis fetches an address a person typed only if it is public.

An admin types addresses Trellis then calls from the server (a learning record store, a CASE
package, an LMS's key set and services). Without a check, a school's admin in a shared
install could make the server call itself (127.0.0.1:6379), the cloud metadata service
(169.254.169.254) or the host's private network. Every such call goes through here:

- **https only**, unless ``TRELLIS_OUTBOUND_ALLOW_HTTP`` is on (or the host is allowed, below);
- the host's every address is checked: loopback, private, link-local, multicast, reserved,
  unspecified and other non-public addresses are refused, IPv4 and IPv6 alike, and an IPv6
  address carrying an IPv4 one (``::ffff:10.0.0.5``, 6to4) is judged by the IPv4 inside;
- the check holds at connect time: ``client()`` (httpx) connects to the very address it
  checked (the host name stays in the Host header and the TLS name, so certificates are
  verified as usual), so a name that resolves to a public address when checked and to an
  internal one a moment later (DNS rebinding) still reaches only the checked one;
  ``requests_session()`` (requests, for PyLTI1p3) checks the address the socket actually
  connected to before sending anything;
- every redirect is a new request through the same check;
- environment proxies are not used (a proxy would connect on our behalf, unchecked).

``TRELLIS_OUTBOUND_ALLOW`` lists hosts the operator trusts anyway (``"lrs.school.lan"``,
``"10.0.0.5:8080"``, ``"127.0.0.1"``): a listed host (and port, when given) skips the
address check and may use http://. The tests list their local servers this way; nothing
switches the guard off.

``check_url`` is the same check without a connection, for a form to refuse an address when it
is typed (a name that does not resolve passes there: the connection reports it later).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

import httpx
import requests
import urllib3
from django.conf import settings
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter

from .errors import UserError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class OutboundRefused(UserError):
    """An address Trellis will not call; the message says why and what to do."""


def _embedded_v4(ip: Address) -> Address:
    if isinstance(ip, ipaddress.IPv6Address):
        return ip.ipv4_mapped or ip.sixtofour or ip
    return ip


def refused_reason(ip: Address) -> str | None:
    """Why Trellis will not connect to ``ip`` (a sentence fragment), or None when it is public."""
    ip = _embedded_v4(ip)
    if ip.is_unspecified:
        return _("is the unspecified address (0.0.0.0 or ::), not a server")
    if ip.is_loopback:
        return _("is this server itself (loopback)")
    if ip.is_link_local:
        return _("is a link-local address, such as a cloud server's metadata service")
    if ip.is_multicast:
        return _("is a multicast address, not a server")
    if ip.is_private:
        return _("is inside a private network")
    if ip.is_reserved or not ip.is_global:
        return _("is reserved, not a public Internet address")
    return None


def _allowed(host: str, port: int) -> bool:
    host = host.strip("[]").lower()
    for entry in getattr(settings, "TRELLIS_OUTBOUND_ALLOW", ()):
        parts = urlsplit("//" + str(entry).strip().lower())
        if (parts.hostname or "") == host and parts.port in (None, port):
            return True
    return False


def _what_to_do() -> str:
    return _(
        "Give the service's public https:// address. If it really runs on your own network, "
        "the person who runs your Trellis server can allow it (TRELLIS_OUTBOUND_ALLOW)."
    )


def _refuse(message: str, field: str | None) -> OutboundRefused:
    return OutboundRefused(f"{message} {_what_to_do()}", field=field)


def _parts(url: str, field: str | None) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), parts.hostname or "", parts.port
    except ValueError:
        scheme, host, port = "", "", None
    if scheme not in ("http", "https") or not host:
        raise OutboundRefused(
            _("%(url)s is not a web address. Give the full address, starting with https://.")
            % {"url": url[:200]},
            field=field,
        )
    return scheme, host, port or (443 if scheme == "https" else 80)


def _check_scheme(scheme: str, host: str, port: int, field: str | None) -> bool:
    """True when the host is allow-listed (no address check then)."""
    if _allowed(host, port):
        return True
    if scheme != "https" and not getattr(settings, "TRELLIS_OUTBOUND_ALLOW_HTTP", False):
        raise _refuse(
            _("Trellis connects to %(host)s only over https://, not http://.") % {"host": host},
            field,
        )
    return False


def _check_address(host: str, ip: Address, field: str | None) -> None:
    reason = refused_reason(ip)
    if reason is None:
        return
    if host.strip("[]") == str(ip):
        message = _("The address %(address)s %(reason)s.") % {"address": ip, "reason": reason}
    else:
        message = _("%(host)s leads to the address %(address)s, which %(reason)s.") % {
            "host": host,
            "address": ip,
            "reason": reason,
        }
    raise _refuse(message, field)


def _resolve(host: str, port: int) -> list[Address]:
    """Every address of ``host`` (raises socket.gaierror when it has none)."""
    infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def check_url(url: str, *, field: str | None = None) -> None:
    """Refuse (``OutboundRefused`` at ``field``) an address Trellis would not call."""
    scheme, host, port = _parts(url, field)
    if _check_scheme(scheme, host, port, field):
        return
    try:
        addresses = _resolve(host, port)
    except (OSError, UnicodeError):
        return  # not found now: the connection will say so, and check again
    for ip in addresses:
        _check_address(host, ip, field)


# --- httpx: connect to the checked address ------------------------------------------------


class GuardedTransport(httpx.HTTPTransport):
    """Checks every request (redirects included) and connects to the address it checked."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        scheme, host, port = _parts(url, None)
        if _check_scheme(scheme, host, port, None):
            return super().handle_request(request)
        try:
            addresses = _resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise httpx.ConnectError(
                _("the name %(host)s was not found (%(error)s)") % {"host": host, "error": exc},
                request=request,
            ) from exc
        for ip in addresses:
            _check_address(host, ip, None)
        if scheme == "https":
            request.extensions = {**request.extensions, "sni_hostname": host}
        # The Host header was set from the URL when the request was built; it stays.
        request.url = request.url.copy_with(host=str(addresses[0]))
        return super().handle_request(request)


def client(**kwargs) -> httpx.Client:
    """An httpx client whose every connection passes the guard (use it as a context manager)."""
    return httpx.Client(transport=GuardedTransport(), trust_env=False, **kwargs)


# --- requests (PyLTI1p3): check the address the socket connected to ------------------------


class _CheckedConnection:
    def _new_conn(self):
        sock = super()._new_conn()
        if not _allowed(self.host, self.port):
            try:
                _check_address(self.host, ipaddress.ip_address(sock.getpeername()[0]), None)
            except OutboundRefused:
                sock.close()
                raise
        return sock


class _HTTPConnection(_CheckedConnection, urllib3.connection.HTTPConnection):
    pass


class _HTTPSConnection(_CheckedConnection, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class GuardedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}

    def send(self, request, *args, **kwargs):
        try:
            scheme, host, port = _parts(request.url, None)
            _check_scheme(scheme, host, port, None)
            return super().send(request, *args, **kwargs)
        except OutboundRefused as exc:
            # PyLTI1p3 reports a failed fetch as a RequestException: so does a refused one.
            raise requests.exceptions.ConnectionError(exc.message, request=request) from exc


def requests_session() -> requests.Session:
    """A requests session whose every connection (redirects included) passes the guard."""
    session = requests.Session()
    session.trust_env = False
    adapter = GuardedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
