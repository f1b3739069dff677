"""docker-compose.yml is valid against the Compose specification (no Docker engine runs here)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose_schema() -> dict:
    vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    return json.loads((vendor / "compose-spec.json").read_text())


def test_docker_compose_file_validates_against_the_compose_spec():
    document = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    jsonschema.validate(document, compose_schema())
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(document["services"])


def test_the_compose_schema_rejects_a_broken_file():
    broken = {"services": {"web": {"image": "x", "ports": "8000"}}}
    validator = jsonschema.Draft7Validator(compose_schema())
    assert list(validator.iter_errors(broken))


def test_every_service_that_others_wait_for_has_a_healthcheck():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert all("healthcheck" in services[name] for name in ("postgres", "redis", "web"))
    assert "pgvector" in services["postgres"]["image"]
