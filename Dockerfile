# watcher as a service: `watcher run` with /healthz and /metrics on port 8080.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY watcher ./watcher
RUN pip install '.[postgres]' && useradd --system --home /app watcher
USER watcher

EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status != 200)"
ENTRYPOINT ["watcher"]
CMD ["run", "--config", "/app/config/compose.yaml", "--http", "0.0.0.0:8080"]
