"""Which network addresses outbound requests may reach, and a connection backend that enforces it.

The blocked ranges are Microsoft AntiSSRF's maintained ``recommended_latest`` list (loopback, private,
link-local, CGNAT, multicast, reserved, documentation, benchmarking, cloud metadata and WireServer,
NAT64, 6to4, Teredo, ...) plus the IPv4-compatible IPv6 block. IPv4-mapped IPv6 (``::ffff:a.b.c.d``) is
unwrapped and judged as the IPv4 address it carries. ``ipaddress.is_global`` is deliberately not used:
on Python 3.11.7 it calls ``64:ff9b::a9fe:a9fe`` (NAT64 of 169.254.169.254) global.

Host names are resolved ONCE per connection by :class:`GuardedBackend`, every answer is checked, and the
socket connects to one of the checked addresses, so a DNS answer that changes between check and connect
(rebinding) cannot redirect the connection. TLS still uses the URL's host name for SNI and certificate
checks because httpcore passes it to ``start_tls`` separately.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any

import httpcore
from AntiSSRF import IPAddressRanges

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

_EXTRA_BLOCKED = (
    "::/96",  # IPv4-compatible IPv6 (deprecated): ::127.0.0.1 reaches 127.0.0.1 on some stacks
)
_BLOCKED_NETWORKS = tuple(ipaddress.ip_network(cidr) for cidr in (*IPAddressRanges.recommended_latest, *_EXTRA_BLOCKED))
_CATEGORIES = {
    name: tuple(ipaddress.ip_network(cidr) for cidr in getattr(IPAddressRanges, name))
    for name in (
        "imds",
        "wireserver",
        "loopback",
        "private_use",
        "link_local",
        "shared_address_space",
        "unspecified",
        "multicast",
        "broadcast",
        "reserved",
        "unique_local",
        "site_local",
        "ipv4_ipv6_translat",
        "sixto4",
        "teredo",
        "documentation",
        "benchmarking",
    )
}


class AddressBlocked(Exception):
    """The destination is an internal or otherwise forbidden address. Never worth retrying."""


class ResolutionFailed(Exception):
    """The host name did not resolve (often transient: DNS outage)."""


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address ``host`` denotes when it is an IP literal in ANY spelling a C resolver accepts.

    Besides dotted quads this covers the inet_aton forms: ``2130706433``, ``0x7f000001``, ``0177.0.0.1``,
    ``127.1``, ``0x7f.1``. Returns None for host names. A trailing dot and IPv6 brackets are ignored.
    """
    host = host.strip().rstrip(".").strip("[]")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers = [_parse_inet_number(part) for part in parts]
    if any(number is None for number in numbers):
        return None
    return _inet_aton_value(numbers)  # type: ignore[arg-type]


def _parse_inet_number(part: str) -> int | None:
    try:
        if part.lower().startswith("0x"):
            return int(part[2:], 16)  # a bare "0x" is not a number to inet_aton either
        if len(part) > 1 and part.startswith("0"):
            return int(part[1:], 8)
        return int(part, 10) if part.isdigit() else None
    except ValueError:
        return None


def _inet_aton_value(numbers: list[int]) -> IPAddress | None:
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        return None
    value = last
    for index, number in enumerate(head):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def blocked_reason(address: IPAddress) -> str | None:
    """Why ``address`` may not be contacted (a short category), or None when it is a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        inner = blocked_reason(address.ipv4_mapped)
        return f"IPv4-mapped {inner}" if inner else None
    if not any(address in network for network in _BLOCKED_NETWORKS):
        return None
    for category, networks in _CATEGORIES.items():
        if any(address in network for network in networks):
            return _describe(category, address)
    return "reserved range"


def _describe(category: str, address: IPAddress) -> str:
    embedded = _embedded_ipv4(address)
    label = {
        "imds": "cloud metadata",
        "wireserver": "cloud metadata",
        "private_use": "private",
        "link_local": "link-local",
        "shared_address_space": "carrier-grade NAT",
        "unique_local": "private",
        "site_local": "private",
        "ipv4_ipv6_translat": "NAT64",
        "sixto4": "6to4",
    }.get(category, category.replace("_", " "))
    return f"{label}, embeds {embedded}" if embedded else label


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in ipaddress.ip_network("64:ff9b::/96") or address in ipaddress.ip_network("::/96"):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's answers for ``host``, in its preferred order, without duplicates."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ResolutionFailed(f"could not resolve host {host}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def normalise_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


class AddressPolicy:
    """Decides which addresses a host name may be contacted on.

    ``allowed_hosts`` (settings.FETCH_ALLOWED_INTERNAL_HOSTS) are matched on the host name as written in
    the URL (case and a trailing dot ignored); an unusual spelling of an allowed IP is not matched.
    """

    def __init__(self, *, resolver: Resolver, allowed_hosts: Iterable[str]) -> None:
        self.resolver = resolver
        self.allowed_hosts = frozenset(normalise_host(h) for h in allowed_hosts)

    def addresses_for(self, host: str, port: int) -> list[IPAddress]:
        """Every address ``host`` resolves to, all checked; raises AddressBlocked if any is forbidden.

        Mixed answers (a public and a private record) are refused as a whole: an attacker who controls
        the zone decides which record a client tries first.
        """
        name = normalise_host(host)
        literal = parse_ip_literal(name)
        if name in self.allowed_hosts:
            return [literal] if literal else self._resolve(name, port)
        if literal is not None:
            self._check(literal, name)
            return [literal]
        addresses = self._resolve(name, port)
        for address in addresses:
            self._check(address, name)
        return addresses

    def _resolve(self, name: str, port: int) -> list[IPAddress]:
        answers = self.resolver(name, port)
        if not answers:
            raise ResolutionFailed(f"could not resolve host {name}")
        addresses = []
        for answer in answers:
            address = parse_ip_literal(answer)
            if address is None:
                raise AddressBlocked(f"host {name} resolved to {answer!r}, which is not an IP address")
            addresses.append(address)
        return addresses

    @staticmethod
    def _check(address: IPAddress, name: str) -> None:
        reason = blocked_reason(address)
        if reason is None:
            return
        via = "" if parse_ip_literal(name) == address else f" (host {name} resolves to it)"
        raise AddressBlocked(f"address {address} is not allowed: {reason}{via}")


class GuardedBackend(httpcore.SyncBackend):
    """httpcore network backend that connects only to addresses the policy checked in this very call."""

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.policy.addresses_for(host, port)
        last_error: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(str(address), port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:  # try the next checked address; timeouts propagate
                last_error = exc
        assert last_error is not None  # addresses is never empty
        raise last_error
