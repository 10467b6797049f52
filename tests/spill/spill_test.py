#!/usr/bin/python3
"""spill_test.py - operators past work_mem as a client sees them (issue 5, issue 6).

Starts its own server (--binary), then checks:
  * EXPLAIN ANALYZE reports the spill as PostgreSQL 15 lays it out (numbers normalised to N,
    compared with PostgreSQL's own output for the same statements): "Sort Method: external
    merge  Disk: NkB", "top-N heapsort" / "quicksort  Memory: NkB", the Hash node's
    "Buckets: N  Batches: N  Memory Usage: NkB" and its "(originally N)" form when the
    batches grew, HashAggregate's "Batches: N  Memory Usage: NkB  Disk Usage: NkB", and the
    JSON fields; Batches > 1 where the data cannot fit.
  * temporary files under base/pgsql_tmp exist while a spilled sort is open and are gone
    after the cursor closes, after an error in the middle of a spilled query, after the
    session ends with a cursor still open, and leftovers of a crash are removed at start.
Nothing here measures time.
"""
import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import hyrax_server  # noqa: E402

try:
    import psycopg2
except ImportError:
    if sys.executable != "/usr/bin/python3":
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    raise

ANALYZE = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) "
SORT_100K = "SELECT g FROM generate_series(1, 100000) g ORDER BY g DESC"

# PostgreSQL 15's output for the same statements, numbers of memory, disk, buckets and
# batches replaced by N.
EXPECTED = {
    "external_sort": [
        "Sort (actual rows=100000 loops=1)",
        "  Sort Key: g DESC",
        "  Sort Method: external merge  Disk: NkB",
        "  ->  Function Scan on generate_series g (actual rows=100000 loops=1)"],
    "top_n": [
        "Limit (actual rows=3 loops=1)",
        "  ->  Sort (actual rows=3 loops=1)",
        "        Sort Key: g DESC",
        "        Sort Method: top-N heapsort  Memory: NkB",
        "        ->  Function Scan on generate_series g (actual rows=100000 loops=1)"],
    "quicksort": [
        "Sort (actual rows=1000 loops=1)",
        "  Sort Key: g DESC",
        "  Sort Method: quicksort  Memory: NkB",
        "  ->  Function Scan on generate_series g (actual rows=1000 loops=1)"],
    "hash_join": [
        "Aggregate (actual rows=1 loops=1)",
        "  ->  Hash Join (actual rows=100000 loops=1)",
        "        Hash Cond: (a.a = b.b)",
        "        ->  Function Scan on generate_series a (actual rows=100000 loops=1)",
        "        ->  Hash (actual rows=100000 loops=1)",
        "              Buckets: N  Batches: N  Memory Usage: NkB",
        "              ->  Function Scan on generate_series b (actual rows=100000 loops=1)"],
    "hash_join_grown": [
        "Aggregate (actual rows=1 loops=1)",
        "  ->  Hash Join (actual rows=10000 loops=1)",
        "        Hash Cond: (a.a = g.g)",
        "        ->  Function Scan on generate_series a (actual rows=100000 loops=1)",
        "        ->  Hash (actual rows=10000 loops=1)",
        "              Buckets: N (originally N)  Batches: N (originally N)  Memory Usage: NkB",
        "              ->  Function Scan on generate_series g (actual rows=10000 loops=1)",
        "                    Filter: ((g % 10) = 0)",
        "                    Rows Removed by Filter: 90000"],
    "hash_agg": [
        "HashAggregate (actual rows=30000 loops=1)",
        "  Group Key: (g % 30000)",
        "  Batches: N  Memory Usage: NkB  Disk Usage: NkB",
        "  ->  Function Scan on generate_series g (actual rows=100000 loops=1)"],
}
QUERIES = {
    "external_sort": ("64kB", SORT_100K),
    "top_n": ("64kB", "SELECT g FROM generate_series(1, 100000) g ORDER BY g DESC LIMIT 3"),
    "quicksort": ("4MB", "SELECT g FROM generate_series(1, 1000) g ORDER BY g DESC"),
    "hash_join": ("64kB", "SELECT count(*) FROM generate_series(1, 100000) a "
                          "JOIN generate_series(1, 100000) b ON a = b"),
    # The filter's estimate (0.5%) is far below the 10% that pass: the table grows.
    "hash_join_grown": ("64kB", "SELECT count(*) FROM generate_series(1, 100000) a JOIN "
                                "(SELECT g FROM generate_series(1, 100000) g WHERE g % 10 = 0) b "
                                "ON a = b.g"),
    "hash_agg": ("64kB", "SELECT g % 30000 AS k, count(*) FROM generate_series(1, 100000) g "
                         "GROUP BY 1"),
}
NUMBER = re.compile(r"((?:Disk|Memory|Memory Usage|Disk Usage): )\d+kB|"
                    r"((?:Buckets|Batches): )\d+|(\(originally )\d+")


def normalise(line):
    return NUMBER.sub(lambda m: (m.group(1) and m.group(1) + "NkB") or
                      (m.group(2) and m.group(2) + "N") or m.group(3) + "N", line)


def numbers(lines, label):
    return [int(n) for line in lines for n in re.findall(label + r": (\d+)", line)]


class Failures:
    def __init__(self):
        self.count = 0

    def check(self, ok, what):
        print(("PASS " if ok else "FAIL ") + what, flush=True)
        self.count += 0 if ok else 1


def explain(cur, work_mem, sql, fmt="TEXT"):
    cur.execute("SET work_mem = %s", (work_mem,))
    cur.execute("SET enable_mergejoin = off")
    if fmt == "JSON":
        cur.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, FORMAT JSON) " + sql)
        value = cur.fetchone()[0]
        return json.loads(value) if isinstance(value, str) else value
    cur.execute(ANALYZE + sql)
    return [row[0] for row in cur.fetchall()]


def check_explain(conn, f):
    cur = conn.cursor()
    for name, (work_mem, sql) in QUERIES.items():
        lines = explain(cur, work_mem, sql)
        got = [normalise(line) for line in lines]
        f.check(got == EXPECTED[name], "EXPLAIN ANALYZE layout: %s%s" % (
            name, "" if got == EXPECTED[name] else "\n  got: " + "\n       ".join(lines)))
        if name in ("hash_join", "hash_join_grown", "hash_agg"):
            f.check(numbers(lines, "Batches")[0] > 1, name + ": Batches > 1")
        if name == "hash_join_grown":
            batches = re.search(r"Batches: (\d+) \(originally (\d+)\)", lines[5])
            f.check(batches and int(batches.group(1)) > int(batches.group(2)),
                    "hash_join_grown: batches doubled at run time")
        if name == "hash_agg":
            f.check(numbers(lines, "Disk Usage")[0] > 0, "hash_agg: Disk Usage > 0")
    plan = explain(cur, "64kB", SORT_100K, "JSON")[0]["Plan"]
    f.check((plan["Sort Method"], plan["Sort Space Type"]) == ("external merge", "Disk")
            and plan["Sort Space Used"] > 0, "JSON: Sort Method, Sort Space Used, Sort Space Type")
    plan = explain(cur, "64kB", QUERIES["hash_agg"][1], "JSON")[0]["Plan"]
    keys = ["HashAgg Batches", "Peak Memory Usage", "Disk Usage"]  # COSTS OFF: no "Planned Partitions"
    f.check(all(k in plan for k in keys) and plan["HashAgg Batches"] > 1,
            "JSON: HashAgg Batches, Peak Memory Usage, Disk Usage")
    plan = explain(cur, "64kB", QUERIES["hash_join_grown"][1], "JSON")[0]["Plan"]["Plans"][0]
    hash_node = plan["Plans"][1]
    f.check(hash_node["Hash Batches"] > hash_node["Original Hash Batches"] == 1 and
            "Original Hash Buckets" in hash_node and "Peak Memory Usage" in hash_node,
            "JSON: Hash Batches, Original Hash Batches")
    cur.execute("RESET work_mem")
    cur.execute("RESET enable_mergejoin")


def temp_files(datadir):
    path = os.path.join(datadir, "base", "pgsql_tmp")
    return sorted(os.listdir(path)) if os.path.isdir(path) else []


def check_temp_files(server, f):
    conn = psycopg2.connect(host="127.0.0.1", port=server.port, user=server.user,
                            dbname="postgres")
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("SET work_mem = '64kB'")
    cur.execute("BEGIN")
    cur.execute("DECLARE c CURSOR FOR SELECT g FROM generate_series(1, 300000) g ORDER BY g DESC")
    cur.execute("FETCH 2 FROM c")
    f.check(cur.fetchall() == [(300000,), (299999,)], "a spilled sort read through a cursor")
    f.check(len(temp_files(server.datadir)) > 0, "its temporary files exist while it is open")
    cur.execute("CLOSE c")
    f.check(temp_files(server.datadir) == [], "gone after CLOSE")
    cur.execute("COMMIT")

    errors = {
        "sort": "SELECT count(*) FROM (SELECT g FROM generate_series(1, 300000) g "
                "ORDER BY g DESC) s WHERE 1 / (g - 100000) > 0",
        "hash join": "SELECT count(*) FROM generate_series(1, 200000) a JOIN "
                     "generate_series(1, 200000) b ON a = b WHERE 1 / (a - 150000) > 0",
        "hash aggregate": "SELECT count(*) FROM (SELECT g % 50000 AS k, count(*) AS c FROM "
                          "generate_series(1, 200000) g GROUP BY 1) s WHERE 1 / (k - 7) > 0",
    }
    cur.execute("SET enable_mergejoin = off")
    for what, sql in errors.items():
        try:
            cur.execute(sql)
            f.check(False, "division by zero after a spilled " + what)
        except psycopg2.Error as e:
            f.check(e.pgcode == "22012", "division by zero after a spilled " + what)
        f.check(temp_files(server.datadir) == [], "no temporary file left by the failed " + what)

    cur.execute("BEGIN")
    cur.execute("DECLARE c CURSOR FOR SELECT g FROM generate_series(1, 300000) g ORDER BY g")
    cur.execute("FETCH 1 FROM c")
    f.check(len(temp_files(server.datadir)) > 0, "a second spilled cursor is open")
    conn.close()
    # Stopping the server waits for every backend to exit: the session's files must be gone.
    server.stop()
    f.check(temp_files(server.datadir) == [], "no temporary file left after the session ended")
    tmp = os.path.join(server.datadir, "base", "pgsql_tmp")
    os.makedirs(tmp, exist_ok=True)
    open(os.path.join(tmp, "pgsql_tmp99999.0"), "w").write("left by a crashed backend")
    server.start()
    f.check(temp_files(server.datadir) == [], "leftovers of a crash removed at start")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", required=True)
    args = ap.parse_args()
    f = Failures()
    with hyrax_server.HyraxServer(args.binary) as server:
        conn = psycopg2.connect(host="127.0.0.1", port=server.port, user=server.user,
                                dbname="postgres")
        conn.autocommit = True
        check_explain(conn, f)
        conn.close()
        check_temp_files(server, f)
    print("%s" % ("all passed" if f.count == 0 else "%d failed" % f.count))
    sys.exit(1 if f.count else 0)


if __name__ == "__main__":
    main()
