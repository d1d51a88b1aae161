#!/usr/bin/env bash
# Starts the local Postgres and Redis of this machine kind if they are down, and makes
# Redis persistent. (Production uses docker-compose.yml or managed services instead.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }

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

# Redis holds accepted ingestion batches and every queued job until a worker is done
# with them, so it must persist what it acknowledged: the settings of
# deploy/redis/durable.conf (AOF, fsync every second), data in .data/redis. A server
# that is already running is switched over in place (CONFIG SET) rather than restarted.
redis_conf="$root/deploy/redis/durable.conf"
redis_dir="$root/.data/redis"
redis_reply() { printf 'PING\r\n' | timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/6379; cat >&3; head -n 1 <&3' 2>/dev/null | tr -d '\r\n'; }
redis_up() { [ "$(redis_reply)" = "+PONG" ]; }
rcli() { redis-cli -h 127.0.0.1 -p 6379 "$@"; }
# durable.conf as `directive value` lines; "" stands for an empty value.
durable_settings() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' -e 's/""//' "$redis_conf"; }
info_field() { rcli INFO "$1" | tr -d '\r' | sed -n "s/^$2://p"; }

wait_for_redis() {
  # An AOF is replayed before Redis answers (-LOADING): give a large one time.
  for _ in $(seq 1 240); do redis_up && return 0; sleep 0.5; done
  echo "[services] Redis did not come up on 127.0.0.1:6379" >&2; exit 1
}

start_redis() {
  echo "[services] starting Redis (persistent: $redis_dir)"
  command -v redis-server >/dev/null || { echo "[services] Redis is not installed: apt-get install -y redis-server" >&2; exit 1; }
  mkdir -p "$redis_dir"
  local args=() key value
  while read -r key value; do args+=("--$key" "$value"); done < <(durable_settings)
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --dir "$redis_dir" --logfile "$redis_dir/redis.log" "${args[@]}"
  wait_for_redis
}

make_redis_durable() {
  command -v redis-cli >/dev/null || { echo "[services] redis-cli is needed to make the running Redis persistent: apt-get install -y redis-tools" >&2; exit 1; }
  local config_file server_dir key value reply
  config_file=$(info_field server config_file)
  # Redis 7 refuses CONFIG SET dir (a protected setting): a server started elsewhere
  # keeps its folder, and .data/redis points there, so that when this script has to
  # start Redis again it replays that same file.
  server_dir=$(rcli CONFIG GET dir | tail -1)
  if [ "$server_dir" != "$(cd "$redis_dir" 2>/dev/null && pwd -P)" ]; then
    if [ -d "$redis_dir" ] && [ ! -L "$redis_dir" ]; then rmdir "$redis_dir" 2>/dev/null || { echo "[services] Redis runs in $server_dir but $redis_dir holds other data: move it away, or stop Redis to start it here" >&2; exit 1; }; fi
    mkdir -p "$(dirname "$redis_dir")" && ln -sfn "$server_dir" "$redis_dir"
  fi
  while read -r key value; do
    reply=$(rcli CONFIG SET "$key" "$value")
    [ "$reply" = OK ] || { echo "[services] Redis refused '$key $value': $reply" >&2; exit 1; }
  done < <(durable_settings)
  # A server started from a config file would drop the settings on its next restart.
  if [ -n "$config_file" ] && [ "$(rcli CONFIG REWRITE)" != OK ]; then echo "[services] could not write the persistence settings to $config_file: add deploy/redis/durable.conf's lines to it" >&2; fi
  # Turning AOF on writes the whole dataset first; durable only once that is done.
  for _ in $(seq 1 240); do
    [ "$(info_field persistence aof_rewrite_in_progress)$(info_field persistence aof_rewrite_scheduled)" = 00 ] && break
    sleep 0.5
  done
  [ "$(info_field persistence aof_enabled)" = 1 ] && [ "$(info_field persistence aof_last_bgrewrite_status)" = ok ] ||
    { echo "[services] Redis could not write its append-only file in $(rcli CONFIG GET dir | tail -1)" >&2; exit 1; }
}

case "$(redis_reply)" in
  +PONG) ;;
  -LOADING*) wait_for_redis ;;
  *) start_redis ;;
esac
make_redis_durable
echo "[services] PostgreSQL and Redis are up (Redis persistent as in deploy/redis/durable.conf)"
