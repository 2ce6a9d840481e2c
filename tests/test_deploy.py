"""deploy/: the files operators use are valid and agree with the app, and what can run here runs.

nginx's own parser checks the site configuration (``nginx -t``); the docker-compose file and the
Kubernetes manifests are read as YAML and held to what the app needs (health probes, sticky
sessions, websocket timeouts, Redis for the room polls). benchmarks/cluster_load.py then runs
two replicas behind Debian's nginx with a few sessions and kills one of them.
"""

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
needs_nginx = pytest.mark.skipif(
    not Path(NGINX).exists(), reason="nginx is not installed (Debian: apt-get install nginx)"
)


def manifests() -> dict[str, dict]:
    documents = yaml.safe_load_all((DEPLOY / "kubernetes" / "playground.yaml").read_text())
    return {f"{doc['kind']}/{doc['metadata']['name']}": doc for doc in documents}


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


@needs_nginx
def test_nginx_accepts_the_site_configuration(tmp_path):
    from benchmarks.cluster_load import nginx_config

    config = nginx_config(tmp_path, 18080, [18501, 18502])
    check = subprocess.run(
        [NGINX, "-t", "-c", str(config), "-p", str(tmp_path)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    assert "syntax is ok" in check.stderr


def test_the_site_configuration_upgrades_websockets_and_keeps_sessions_sticky():
    site = (DEPLOY / "nginx" / "playground.conf").read_text()
    assert "location = /_stcore/stream" in site
    assert "proxy_set_header Upgrade $http_upgrade;" in site
    assert "proxy_read_timeout 86400s;" in site
    assert "gzip on;" in site
    assert "$cookie_ce_replica" in site and "Set-Cookie" in site
    assert "hash $ce_replica_key consistent;" in (DEPLOY / "nginx" / "upstream.conf").read_text()
    for blocked in ("metrics", "upload_file", "script-health-check"):
        assert blocked in site


def test_compose_runs_nginx_in_front_of_the_app_with_redis_for_rooms():
    services = compose()["services"]
    assert set(services) == {"app", "nginx", "redis"}
    app = services["app"]
    assert app["environment"]["CE_ROOM_REDIS_URL"].startswith("redis://redis:")
    assert "_stcore/health" in " ".join(app["healthcheck"]["test"])
    for volume in services["nginx"]["volumes"]:
        source = volume.split(":")[0]
        assert (DEPLOY / source).is_file(), f"compose mounts {source}, which does not exist"
    assert (DEPLOY / app["build"] / "Dockerfile").is_file()


def test_kubernetes_has_probes_affinity_and_an_autoscaler():
    docs = manifests()
    pod = docs["Deployment/ce-playground"]["spec"]["template"]["spec"]["containers"][0]
    for probe in ("readinessProbe", "livenessProbe"):
        assert pod[probe]["httpGet"]["path"] == "/_stcore/health"
    env = {item["name"]: item["value"] for item in pod["env"]}
    service = docs["Service/ce-playground-redis"]["metadata"]["name"]
    assert env["CE_ROOM_REDIS_URL"] == f"redis://{service}:6379/0"
    annotations = docs["Ingress/ce-playground"]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    scaler = docs["HorizontalPodAutoscaler/ce-playground"]["spec"]
    assert scaler["scaleTargetRef"]["name"] == "ce-playground"
    assert 1 <= scaler["minReplicas"] < scaler["maxReplicas"]


@needs_nginx
def test_two_replicas_behind_nginx_share_sessions_and_survive_losing_one(capsys):
    pytest.importorskip("websockets", reason="the benchmark's websocket client needs websockets")
    from benchmarks import cluster_load

    arguments = ["--sessions", "12", "--duration", "6", "--interval", "1"]
    arguments += ["--pages", "playground", "curves"]
    # In a thread of its own: a browser test's Playwright may hold this thread's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(cluster_load.main, arguments).result(timeout=600) == 0
    out = capsys.readouterr().out
    assert "opened 12/12" in out
    assert "both replicas used yes" in out
    assert "0 came back without their value" in out
    assert "errors: 0 (" in out


@needs_nginx
@pytest.mark.browser
def test_browsers_opening_the_link_at_once_through_nginx_all_reach_the_first_number(
    chromium_path, capsys
):
    from benchmarks import hall_first_visit

    with ThreadPoolExecutor(max_workers=1) as pool:
        status = pool.submit(hall_first_visit.main, ["--browsers", "2", "--timeout", "240"])
        assert status.result(timeout=600) == 0
    assert "reached the first number: 2/2" in capsys.readouterr().out
