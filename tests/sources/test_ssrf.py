"""The SSRF guard: crafted URLs, redirects and DNS tricks never reach an internal server.

Two real servers listen on loopback. ``public`` plays an outside site: it is reached through the host
name ``public.test``, which the only entry of FETCH_ALLOWED_INTERNAL_HOSTS. ``internal`` plays a service
inside the network; every test checks that its request log stayed empty.
"""

from __future__ import annotations

import ipaddress

import pytest

from sources import netguard
from sources.fetching import FetchError, fetch
from tests.support.fetch_support import MappingResolver, fetch_environment
from tests.support.http_server import FixtureServer, redirect_to

PUBLIC_ADDRESS = "93.184.215.14"  # a public address: nothing answers it from the test machine


@pytest.fixture(scope="module")
def internal():
    """One for the whole module: its request log must stay empty through every test."""
    server = FixtureServer().start()
    server.add("/secret", body="internal data", content_type="text/plain")
    yield server
    server.stop()


@pytest.fixture
def public(fixture_server):
    return fixture_server


@pytest.fixture
def resolver():
    return MappingResolver(
        {
            "public.test": ["127.0.0.1"],
            "localhost": ["127.0.0.1", "::1"],
            "internal.test": ["127.0.0.1"],
            "metadata.google.internal": ["169.254.169.254"],
            "mixed.test": [PUBLIC_ADDRESS, "127.0.0.1"],
            "mixed-first.test": ["127.0.0.1", PUBLIC_ADDRESS],
            "v6.test": ["::1"],
            "rebind.test": [[PUBLIC_ADDRESS], ["127.0.0.1"]],
        }
    )


@pytest.fixture
def guarded(settings, resolver):
    settings.FETCH_CONNECT_TIMEOUT = 0.5  # the unreachable public address fails fast
    with fetch_environment(settings, allowed_hosts=["public.test"], resolver=resolver):
        yield


def crafted_urls(port: int) -> list[str]:
    """Spellings of internal destinations; ``port`` is the internal server's."""
    p = port
    return [
        f"http://127.0.0.1:{p}/secret",
        f"http://127.1:{p}/secret",
        f"http://127.0.1:{p}/secret",
        f"http://2130706433:{p}/secret",
        f"http://0x7f000001:{p}/secret",
        f"http://0x7f.0x0.0x0.0x1:{p}/secret",
        f"http://0x7f.1:{p}/secret",
        f"http://017700000001:{p}/secret",
        f"http://0177.0.0.1:{p}/secret",
        f"http://127.000.000.001:{p}/secret",
        f"http://127.0.0.1.:{p}/secret",
        f"http://0.0.0.0:{p}/secret",
        f"http://0:{p}/secret",
        f"http://[::]:{p}/secret",
        f"http://[::1]:{p}/secret",
        f"http://[::ffff:127.0.0.1]:{p}/secret",
        f"http://[::ffff:7f00:1]:{p}/secret",
        f"http://[0:0:0:0:0:ffff:127.0.0.1]:{p}/secret",
        f"http://[::127.0.0.1]:{p}/secret",
        f"http://[64:ff9b::7f00:1]:{p}/secret",
        f"http://[2002:7f00:1::]:{p}/secret",
        f"http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:{p}/secret",
        f"http://localhost:{p}/secret",
        f"http://localhost.:{p}/secret",
        f"http://LOCALHOST:{p}/secret",
        f"http://internal.test:{p}/secret",
        f"http://internal.test.:{p}/secret",
        f"http://InTeRnAl.TeSt:{p}/secret",
        f"http://v6.test:{p}/secret",
        f"http://mixed.test:{p}/secret",
        f"http://mixed-first.test:{p}/secret",
        f"http://example.com@127.0.0.1:{p}/secret",
        f"http://public.test:{p}@127.0.0.1:{p}/secret",
        f"http://user:pass@internal.test:{p}/secret",
        "http://169.254.169.254/latest/meta-data/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://168.63.129.16/machine",
        "http://100.100.100.200/latest/meta-data/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[64:ff9b::a83f:8110]/",
        "http://[2002:a9fe:a9fe::]/",
        "http://[::ffff:169.254.169.254]/",
        "http://10.0.0.1/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://[ff02::1]/",
        "http://240.0.0.1/",
        "http://255.255.255.255/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://198.18.0.1/",
        f"ftp://127.0.0.1:{p}/secret",
        f"file:///etc/passwd?port={p}",
        f"gopher://127.0.0.1:{p}/_GET",
    ]


def test_there_are_at_least_forty_crafted_urls():
    assert len(crafted_urls(8080)) >= 40


@pytest.mark.usefixtures("guarded")
@pytest.mark.parametrize("index", range(len(crafted_urls(1))))
def test_a_crafted_url_never_reaches_an_internal_address(internal, index):
    url = crafted_urls(internal.port)[index]

    with pytest.raises(FetchError) as error:
        fetch(url)

    assert error.value.transient is False
    assert any(
        phrase in error.value.message for phrase in ("is not allowed", "user name or password", "invalid URL", "scheme")
    ), error.value.message
    assert internal.requests == []


@pytest.mark.usefixtures("guarded")
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("host", ["127.0.0.1", "internal.test", "[::ffff:127.0.0.1]", "2130706433", "localhost."])
def test_a_redirect_of_any_kind_to_an_internal_host_is_refused(public, internal, status, host):
    public.add("/hop", handler=redirect_to(f"http://{host}:{internal.port}/secret", status))

    with pytest.raises(FetchError, match="is not allowed"):
        fetch(public.url("/hop", host="public.test"))

    assert [r.path for r in public.requests if r.path != "/robots.txt"] == ["/hop"]
    assert internal.requests == []


@pytest.mark.usefixtures("guarded")
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_the_cloud_metadata_address_is_refused(public, status):
    public.add("/hop", handler=redirect_to("http://169.254.169.254/latest/meta-data/", status))

    with pytest.raises(FetchError, match=r"address 169\.254\.169\.254 is not allowed: cloud metadata"):
        fetch(public.url("/hop", host="public.test"))


@pytest.mark.usefixtures("guarded")
def test_a_second_dns_answer_that_changes_never_gets_a_connection(internal, resolver):
    # The first answer is public (and unreachable here); every later one is loopback. A guard that
    # checks one answer and lets the HTTP library resolve again would connect to 127.0.0.1.
    with pytest.raises(FetchError):
        fetch(f"http://rebind.test:{internal.port}/secret", robots=False, retries=2)

    assert resolver.calls.count("rebind.test") >= 2  # a retry resolved again and was refused
    assert internal.requests == []


@pytest.mark.usefixtures("guarded")
def test_the_connection_goes_to_the_resolved_address_with_the_host_name_kept(public, resolver):
    public.add("/page", body="hello", content_type="text/plain")

    result = fetch(public.url("/page", host="public.test"))

    assert result.text == "hello"
    assert "public.test" in resolver.calls
    assert public.requests_to("/page")[0].headers["Host"] == f"public.test:{public.port}"


@pytest.mark.usefixtures("guarded")
def test_an_allowed_ip_is_matched_as_written_not_in_other_spellings(settings, internal):
    settings.FETCH_ALLOWED_INTERNAL_HOSTS = ["127.0.0.1"]

    assert fetch(internal.url("/secret")).text == "internal data"
    with pytest.raises(FetchError, match="is not allowed"):
        fetch(f"http://2130706433:{internal.port}/secret")
    assert len(internal.requests_to("/secret")) == 1


@pytest.mark.parametrize(
    ("spelling", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("0x7f.1", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),
        ("[::1]", "::1"),
        ("0", "0.0.0.0"),
    ],
)
def test_every_inet_aton_spelling_is_read_as_the_address_it_denotes(spelling, address):
    assert netguard.parse_ip_literal(spelling) == ipaddress.ip_address(address)


@pytest.mark.parametrize("name", ["example.org", "4294967296", "1.2.3.4.5", "0x", "08.1.1.1", "xn--e1afmkfd"])
def test_names_and_out_of_range_numbers_are_not_ip_literals(name):
    assert netguard.parse_ip_literal(name) is None


@pytest.mark.parametrize(
    "address", ["64:ff9b::a9fe:a9fe", "64:ff9b::a83f:8110", "2002:a9fe:a9fe::", "2002:a83f:8110::"]
)
def test_nat64_and_6to4_forms_of_metadata_addresses_are_blocked_although_python_calls_them_global(address):
    assert netguard.blocked_reason(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address):
    assert netguard.blocked_reason(ipaddress.ip_address(address)) is None
