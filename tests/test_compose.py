"""docker-compose.yml and the Dockerfile agree with the code, checked without a Docker engine."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import typer
import yaml
from sqlalchemy.engine import make_url

from watcher.cli import app
from watcher.config import load_config

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_and_their_wiring(compose: dict) -> None:
    services = compose["services"]
    assert set(services) >= {"watcher", "postgres", "mailpit"}
    watcher, postgres = services["watcher"], services["postgres"]
    assert watcher["build"] == "." and (ROOT / "Dockerfile").is_file()
    assert watcher["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "healthcheck" in postgres
    assert any(v.endswith(":/var/lib/postgresql/data") for v in postgres["volumes"])
    assert "ports" not in watcher, "a published port would stop `--scale watcher=3`"
    assert any(str(p).startswith("8025:") for p in services["mailpit"]["ports"])


def test_command_port_and_config_path_match_the_code(compose: dict, monkeypatch) -> None:
    watcher = compose["services"]["watcher"]
    command = watcher["command"]
    cli = typer.main.get_command(app)
    run = cli.commands[command[0]]  # type: ignore[attr-defined]
    options = {opt for p in run.params for opt in getattr(p, "opts", [])}
    flags = [c for c in command[1:] if c.startswith("-")]
    assert set(flags) <= options, f"{flags} are not options of `watcher {command[0]}`"

    http = command[command.index("--http") + 1]
    port = http.rsplit(":", 1)[1]
    assert str(watcher["expose"][0]) == port
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"EXPOSE {port}" in dockerfile and f"127.0.0.1:{port}/healthz" in dockerfile
    entry = re.search(r'ENTRYPOINT \["(\w+)"\]', dockerfile)
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert entry and entry.group(1) in scripts
    assert f'CMD {str(command).replace(chr(39), chr(34))}' in dockerfile

    # the config file the container reads is the one mounted from ./config
    inside = Path(command[command.index("--config") + 1])
    mounts = dict(v.split(":")[:2] for v in watcher["volumes"])
    host_dir = next(h for h, c in mounts.items() if inside.is_relative_to(c))
    on_host = ROOT / host_dir / inside.relative_to(mounts[host_dir])
    for name, value in watcher["environment"].items():
        monkeypatch.setenv(name, value)
    config = load_config(on_host)

    database = make_url(config.database)
    pg_env = compose["services"]["postgres"]["environment"]
    assert database.get_backend_name() == "postgresql" and database.host == "postgres"
    assert (database.username, database.password, database.database) == (
        pg_env["POSTGRES_USER"], pg_env["POSTGRES_PASSWORD"], pg_env["POSTGRES_DB"])
    assert config.targets[0].url.startswith("mailto://mailpit:1025")
    assert config.watches, "the compose config watches something"
