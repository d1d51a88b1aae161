#!/usr/bin/env bash
# Starts the local Postgres and Redis of this machine kind if they are down.
# (Production uses docker-compose.yml or managed services instead.)
set -euo pipefail

pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { [ "$(printf 'PING\r\n' | timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/6379; cat >&3; head -c 7 <&3' 2>/dev/null | tr -d '\r\n')" = "+PONG" ]; }

if ! pg_up; then
  echo "[services] starting PostgreSQL"
  if command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  else
    echo "[services] PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 1
  fi
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || { echo "[services] PostgreSQL did not come up on 127.0.0.1:5432" >&2; exit 1; }
fi

if ! redis_up; then
  echo "[services] starting Redis"
  command -v redis-server >/dev/null || { echo "[services] Redis is not installed: apt-get install -y redis-server" >&2; exit 1; }
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis_up && break; sleep 0.5; done
  redis_up || { echo "[services] Redis did not come up on 127.0.0.1:6379" >&2; exit 1; }
fi
echo "[services] PostgreSQL and Redis are up"
