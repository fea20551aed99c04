"""``serve`` refuses what it cannot serve safely before starting anything: one line, exit 2, nothing written."""

from __future__ import annotations

import socket
from contextlib import closing

import pytest
from serve_support import served_database

from observations.accounts.records import disable_account
from observations.store.observation_store import Store


@pytest.fixture
def served(tmp_path, library):
    db_path, _first, _worker = served_database(tmp_path, library)
    return db_path


def refused(cli, *args) -> str:
    result = cli(*args)
    assert result.code == 2 and result.err.count("\n") == 1 and result.err.startswith("supervision-tui: error: "), result
    return result.err


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
def test_a_non_loopback_host_needs_tls_or_a_proxy(cli, served, host):
    assert "is not a loopback address" in refused(cli, "--db", served, "serve", "--host", host)
    assert sorted(p.name for p in served.parent.iterdir() if "serve-secret" in p.name) == []


def test_half_a_tls_pair_or_a_missing_certificate_is_refused(cli, served, tmp_path):
    assert "both --tls-cert and --tls-key" in refused(cli, "--db", served, "serve", "--tls-cert", tmp_path / "cert.pem")
    assert "cannot use the TLS certificate" in refused(
        cli, "--db", served, "serve", "--tls-cert", tmp_path / "cert.pem", "--tls-key", tmp_path / "key.pem"
    )


def test_there_must_be_an_account_that_can_sign_in(cli, served, library, tmp_path):
    assert "no database" in refused(cli, "--db", tmp_path / "missing.db", "serve")
    assert not (tmp_path / "missing.db").exists()
    with Store.open(served, library) as store:
        disable_account(store, "boss")
        disable_account(store, "ada")
    assert "no account can sign in" in refused(cli, "--db", served, "serve")


def test_a_port_in_use_is_said_before_anything_starts(cli, served):
    with closing(socket.socket()) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert "cannot listen on 127.0.0.1" in refused(cli, "--db", served, "serve", "--port", str(port))
    assert not any("serve-secret" in p.name for p in served.parent.iterdir())


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1"])
def test_a_port_is_a_number_from_1_to_65535(cli, served, port):
    assert "port" in refused(cli, "--db", served, "serve", "--port", port)
