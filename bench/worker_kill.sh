#!/bin/bash
# A `crm worker` killed with SIGKILL mid-run: how long until its run is given up and the
# next one is done (docs/benchmarks.md, "A worker killed mid-run").
#
#   CRM_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<db> bench/worker_kill.sh restart|standby
#
# restart: the killed worker is restarted at once; standby: a second worker was already
# running. The database is a PostgreSQL one with a network (`crm seed demo`); the script
# changes one relationship's strength so that a run is due, and leaves the workers it
# started stopped. Needs psql on the PATH.
set -euo pipefail
mode=${1:?restart or standby}
cd "$(dirname "$0")/.."
url=${CRM_DATABASE_URL:?set CRM_DATABASE_URL}
q() { psql "${url/+psycopg/}" -Atc "$1"; }
crm=.venv/bin/crm

nice -n 10 $crm worker >/dev/null 2>&1 &
first=$!
second=
if [ "$mode" = standby ]; then
    nice -n 10 $crm worker >/dev/null 2>&1 &
    second=$!
fi
sleep 15
.venv/bin/python - <<'EOF'
import asyncio

from sqlalchemy import select

from crm.db import models
from crm.db.engine import create_engine, create_session_factory
from crm.settings import Settings


async def change() -> None:
    engine = create_engine(Settings())
    async with create_session_factory(engine)() as session, session.begin():
        tie = (await session.execute(select(models.Relationship).limit(1))).scalar_one()
        tie.strength = 0.6 if tie.strength == 0.5 else 0.5
    await engine.dispose()


asyncio.run(change())
EOF
run=
for _ in $(seq 1 1200); do
    run=$(q "select id from analysis_run where state = 'running' and step <> 'load' order by id desc limit 1")
    [ -n "$run" ] && break
    sleep 0.5
done
[ -n "$run" ] || { echo "no run started"; exit 1; }
victim=$first
if [ -n "$second" ] && pgrep -P "$second" -f spawn_main >/dev/null; then
    victim=$second; second=$first
fi
echo "run $run at step $(q "select step from analysis_run where id = $run"), worker $victim"
killed=$(q "select now()")
kill -9 "$victim"
if [ "$mode" = restart ]; then
    nice -n 10 $crm worker >/dev/null 2>&1 &
    second=$!
fi
echo "killed at $killed"
for _ in $(seq 1 1200); do
    [ "$(q "select count(*) from analysis_run where id > $run and state = 'done'")" = 1 ] && break
    sleep 1
done
since() { echo "round(extract(epoch from $1 - '$killed'::timestamptz)::numeric, 1)"; }
q "select 'lost run ' || id || ': ' || state || ' after ' || $(since finished_at) || ' s: ' || error
   from analysis_run where id = $run"
q "select 'next run ' || id || ' (' || reason || '): queued ' || $(since created_at) || ' s, started '
   || $(since started_at) || ' s, done ' || $(since finished_at) || ' s'
   from analysis_run where id > $run order by id"
uptime
kill -TERM "$second"
wait "$second" 2>/dev/null || true
