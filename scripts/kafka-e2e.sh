#!/usr/bin/env bash
# The twin end to end on a real broker (issue 16), outside CI: a single-node KRaft broker started
# from the Maven artifacts (org.apache.kafka:kafka_2.13, resolved by the wrapper from
# scripts/kafka-broker/pom.xml; no Docker, nothing downloaded outside Maven), then
#   1. the firmware on the bundled emulated 4-cell board (`healbms run`, CoAP on loopback, plain
#      and DTLS with a key file), `healbms twin gateway` observing it twice (pack-plain over plain
#      CoAP, pack-dtls over DTLS with the key file's read identity) and `healbms twin run` consuming
#      the telemetry, for E2E_S seconds (default 60); the figures: records the gateway produced,
#      records the twin processed, estimates and dead letters on the topics, and the twin's last SoC
#      per cell beside the firmware's own at the end (the twin sees the 1 Hz notifications, the
#      firmware estimates at 10 Hz, so they differ a little);
#   2. `healbms twin replay --bootstrap` for 1 and 100 packs of 192 cells (and 10 000 with FULL=1):
#      records, cell_updates_per_s, wall_s, max_soc_difference_vs_replay (must be <= 1e-6).
# Then the broker is stopped (also on failure or Ctrl-C). OUT (default target/kafka-e2e) keeps the
# broker's log and every process's output.
#
#   scripts/kafka-e2e.sh
#   E2E_S=120 FULL=1 scripts/kafka-e2e.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
e2e_s="${E2E_S:-60}"
out="${OUT:-target/kafka-e2e}"
rm -rf "$out"; mkdir -p "$out"
out="$(cd "$out" && pwd)"

. "$root/scripts/jdk.sh"
JAVA_HOME="$(find_jdk)"; export JAVA_HOME
java="$JAVA_HOME/bin/java"

pids=()
broker_pid=""
stop_all() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "$broker_pid" ] && kill -0 "$broker_pid" 2>/dev/null; then
    kill -TERM "$broker_pid"
    for _ in $(seq 1 100); do kill -0 "$broker_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$broker_pid" 2>/dev/null || true
    echo "kafka-e2e: broker stopped" >&2
  fi
}
trap stop_all EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- the broker -----------------------------------------------------------------------------------
echo "kafka-e2e: resolving the broker's class path (scripts/kafka-broker/pom.xml)" >&2
"$root/mvnw" -B -q -f scripts/kafka-broker/pom.xml dependency:build-classpath \
  -Dmdep.outputFile="$out/broker.classpath" >"$out/resolve.log" 2>&1 \
  || { cat "$out/resolve.log" >&2; exit 1; }
cp="$(cat "$out/broker.classpath")"
port="$(free_port)"; controller="$(free_port)"
bootstrap="127.0.0.1:$port"
cat >"$out/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://$bootstrap
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$out/broker-data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
cluster="$("$java" -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
"$java" -cp "$cp" kafka.tools.StorageTool format -t "$cluster" -c "$out/server.properties" >"$out/format.log" 2>&1
"$java" -Xmx768m -cp "$cp" kafka.Kafka "$out/server.properties" >"$out/broker.log" 2>&1 &
broker_pid=$!
for _ in $(seq 1 300); do
  grep -q "Kafka Server started" "$out/broker.log" && break
  kill -0 "$broker_pid" 2>/dev/null || { echo "kafka-e2e: the broker did not start:" >&2; tail -20 "$out/broker.log" >&2; exit 1; }
  sleep 0.2
done
grep -q "Kafka Server started" "$out/broker.log" || { echo "kafka-e2e: no broker in 60 s" >&2; exit 1; }
echo "kafka-e2e: broker (KRaft, kafka_2.13 from Maven) on $bootstrap, pid $broker_pid" >&2

topics() { "$java" -cp "$cp" org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" "$@"; }
for t in healbms.telemetry healbms.pack-estimates healbms.life-story healbms.signatures healbms.dead-letters; do
  topics --create --topic "$t" --partitions 2 >>"$out/topics.log" 2>&1
done

# --- 1. firmware -> gateway -> twin ---------------------------------------------------------------
"$root/healbms" --version >/dev/null   # build first (if sources changed), not inside the timed part
export HEALBMS_NO_BUILD=1
key_hex="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
cat >"$out/keys.yaml" <<YAML
format: healbms-keys
format_version: 1
plain_loopback_reads: true
keys:
  - {identity: fleet-gateway, key_hex: $key_hex, role: read}
YAML
cat >"$out/firmware.yaml" <<YAML
format: healbms-firmware
format_version: 1
state_dir: state
save_interval_s: 10
log_level: warn
coap: {bind: 127.0.0.1, port: 0, secure_port: 0, keys: keys.yaml}
YAML
"$root/healbms" run --config "$out/firmware.yaml" --json >"$out/firmware.stdout" 2>"$out/firmware.stderr" &
firmware_pid=$!; pids+=("$firmware_pid")
coap=""; coaps=""
for _ in $(seq 1 300); do
  coap="$(sed -n 's/.*CoAP telemetry on coap:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$out/firmware.stderr" | head -1)"
  coaps="$(sed -n 's/.*coaps:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$out/firmware.stderr" | head -1)"
  [ -n "$coap" ] && [ -n "$coaps" ] && break
  kill -0 "$firmware_pid" 2>/dev/null || { echo "kafka-e2e: the firmware did not start:" >&2; cat "$out/firmware.stderr" >&2; exit 1; }
  sleep 0.2
done
[ -n "$coaps" ] || { echo "kafka-e2e: no CoAP ports from the firmware in 60 s" >&2; exit 1; }
echo "kafka-e2e: firmware (emulated 4-cell board) on coap://127.0.0.1:$coap and coaps://127.0.0.1:$coaps" >&2

cell="$root/bms-io/src/main/resources/org/healbms/io/cell/NCR18650PF_25degC.cell.json"
"$root/healbms" twin run --bootstrap "$bootstrap" --cell "$cell" --cells-per-pack 4 --json \
  >"$out/twin.stdout" 2>"$out/twin.stderr" &
twin_pid=$!; pids+=("$twin_pid")
for _ in $(seq 1 600); do
  grep -q "running" "$out/twin.stderr" && break
  kill -0 "$twin_pid" 2>/dev/null || { echo "kafka-e2e: the twin did not start:" >&2; tail -20 "$out/twin.stderr" >&2; exit 1; }
  sleep 0.2
done
"$root/healbms" twin gateway --bootstrap "$bootstrap" \
  --pack "pack-plain=coap://127.0.0.1:$coap" --pack "pack-dtls=coaps://127.0.0.1:$coaps" \
  --keys "$out/keys.yaml" --identity fleet-gateway --duration-s "$e2e_s" --json \
  >"$out/gateway.stdout" 2>"$out/gateway.stderr"
# The firmware's own SoC as the gateway stops (its estimate at 10 Hz; the twin's from 1 Hz frames).
for k in 1 2 3 4; do
  "$root/healbms" coap get "coap://127.0.0.1:$coap/cells/$k" >"$out/firmware-cell-$k.json" 2>/dev/null || true
done
sleep 5   # the twin's last estimates reach the topic (its producer lingers 100 ms; commits are every 30 s)
kill -TERM "$twin_pid"; wait "$twin_pid" || true
kill -TERM "$firmware_pid"; wait "$firmware_pid" || true
consume() { # topic, file
  "$java" -cp "$cp" org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$bootstrap" \
    --topic "$1" --from-beginning --timeout-ms 10000 --formatter-property print.key=true --formatter-property key.separator=' ' \
    >"$2" 2>>"$out/consume.log" || true
}
consume healbms.pack-estimates "$out/estimates.txt"
consume healbms.dead-letters "$out/dead-letters.txt"
consume healbms.signatures "$out/signatures.txt"
python3 - "$out" <<'PY'
import json, sys, re
out = sys.argv[1]
gateway = json.loads(open(f"{out}/gateway.stdout").read().strip().splitlines()[-1])
twin = json.loads(open(f"{out}/twin.stdout").read().strip().splitlines()[-1])
last, count = {}, {}
for line in open(f"{out}/estimates.txt"):
    key, _, value = line.strip().partition(" ")
    if not value.startswith("{"):
        continue
    e = json.loads(value)
    count[key] = count.get(key, 0) + 1
    last[key] = e
dead = sum(1 for l in open(f"{out}/dead-letters.txt") if l.strip().partition(" ")[2].startswith("{"))
signatures = [json.loads(v) for v in (l.strip().partition(" ")[2] for l in open(f"{out}/signatures.txt"))
              if v.startswith("{")]
firmware = []
for k in range(1, 5):
    text = open(f"{out}/firmware-cell-{k}.json").read()
    m = re.search(r'\{[^{}]*"n"\s*:\s*"soc"[^{}]*"v"\s*:\s*([-0-9.eE]+)', text)
    firmware.append(float(m.group(1)) if m else float("nan"))
print(f"end to end ({gateway['records']} telemetry records from the gateway):")
for pack, c in gateway["packs"].items():
    print(f"  gateway {pack}: {c['records']} produced, {c['repeats']} repeats not sent, "
          f"{c['not_forwarded']} not forwarded, {c['failures']} failures")
print(f"  twin: {twin['records']} records processed; estimates per pack {count}; dead letters {dead}")
print(f"  signature changes {len(signatures)}: "
      f"{sorted({(s['pack'], s['cell'], s['signature'], s['state']) for s in signatures})}")
for pack, e in last.items():
    diff = max(abs(a - b) for a, b in zip(e["soc"], firmware))
    print(f"  {pack}: twin SoC at tick {e['tick']} {[round(s, 4) for s in e['soc']]}, firmware's at the end "
          f"{[round(s, 4) for s in firmware]}, largest difference {diff:.4f}")
json.dump({"gateway_records": gateway["records"], "twin_records": twin["records"],
           "estimates": count, "dead_letters": dead, "signature_changes": len(signatures),
           "twin_soc": {p: e["soc"] for p, e in last.items()}, "firmware_soc": firmware},
          open(f"{out}/e2e.json", "w"))
PY

# --- 2. replay through the broker ------------------------------------------------------------------
trace="$root/cli/src/main/resources/org/healbms/cli/demo/Kollmeyer__NCR18650PF__25degC_US06.bdf.csv.gz"
replay() { # packs, ticks
  "$root/healbms" twin replay "$trace" --cell "$cell" --packs "$1" --cells-per-pack 192 --ticks "$2" \
    --bootstrap "$bootstrap" --json 2>>"$out/replay.stderr" | tail -1 >>"$out/replay.jsonl"
}
replay 1 2000
replay 100 60
if [ "${FULL:-0}" = 1 ]; then replay 10000 3; fi
python3 - "$out" <<'PY'
import json, sys
print("twin replay --bootstrap (192 cells per pack):")
print("| packs | ticks | records | cell updates | wall s | cell updates/s | process CPU s | max SoC difference vs replay | dead letters |")
for line in open(f"{sys.argv[1]}/replay.jsonl"):
    r = json.loads(line)
    print(f"| {r['packs']} | {r['traces'][0]['rows']} | {r['records']} | {r['cell_updates']} | {r['wall_s']:.1f} | "
          f"{r['cell_updates_per_s']:.0f} | {r['cpu_s']:.1f} | {r['max_soc_difference_vs_replay']:.2g} | {r['dead_letters']} |")
    assert r["max_soc_difference_vs_replay"] <= 1e-6, "the twin's SoC is not the replay's"
PY
echo "kafka-e2e: load average $(cut -d' ' -f1-3 /proc/loadavg)"
