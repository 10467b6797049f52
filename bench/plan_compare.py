#!/usr/bin/python3
"""plan_compare.py - ten multi-join queries on the demo dataset, Hyrax next to PostgreSQL 15.

Loads scripts/demo_dataset.py into both servers (unless --no-load), then runs each query with
EXPLAIN (ANALYZE, FORMAT JSON) on both, `--reps` times, and prints a Markdown table: the join
methods (the plan's join nodes, top-down), the scan types, and the median execution time on
each system. Issue 6 asks for this side by side in its closing note.

Usage: bench/plan_compare.py --hyrax-port P [--pg-port 5499] [--pg-dbname postgres]
                             [--host 127.0.0.1]
                             [--user postgres] [--reps 3] [--no-load]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from demo_dataset import dataset_sql, TABLES  # noqa: E402

QUERIES = [
    ("orders of one customer with items",
     "SELECT o.id, sum(oi.quantity * oi.price) FROM orders o JOIN order_items oi "
     "ON oi.order_id = o.id WHERE o.customer_id = 77 GROUP BY o.id"),
    ("revenue per region",
     "SELECT r.name, sum(oi.quantity * oi.price) FROM regions r JOIN stores s ON s.region_id = r.id "
     "JOIN orders o ON o.store_id = s.id JOIN order_items oi ON oi.order_id = o.id GROUP BY r.name"),
    ("revenue per category in one month",
     "SELECT p.category, sum(oi.quantity) FROM orders o JOIN order_items oi ON oi.order_id = o.id "
     "JOIN products p ON p.id = oi.product_id WHERE o.order_date BETWEEN '2022-03-01' AND "
     "'2022-03-31' GROUP BY p.category"),
    ("returned orders per customer segment",
     "SELECT c.segment, count(*) FROM customers c JOIN orders o ON o.customer_id = c.id "
     "WHERE o.status = 'returned' GROUP BY c.segment"),
    ("top stores by order count",
     "SELECT s.city, count(*) FROM stores s JOIN orders o ON o.store_id = s.id "
     "GROUP BY s.city ORDER BY count(*) DESC, s.city LIMIT 5"),
    ("items of the first 100 orders, ordered",
     "SELECT o.id, oi.line_no, p.name FROM orders o JOIN order_items oi ON oi.order_id = o.id "
     "JOIN products p ON p.id = oi.product_id WHERE o.id <= 100 ORDER BY o.id, oi.line_no"),
    ("orders joined with items, whole tables",
     "SELECT count(*) FROM orders o JOIN order_items oi ON oi.order_id = o.id"),
    ("customers of the north region with open orders",
     "SELECT count(*) FROM customers c JOIN regions r ON r.id = c.region_id JOIN orders o "
     "ON o.customer_id = c.id WHERE r.name = 'north' AND o.status = 'open'"),
    ("products never ordered in 2021",
     "SELECT count(*) FROM products p WHERE NOT EXISTS (SELECT 1 FROM order_items oi JOIN "
     "orders o ON o.id = oi.order_id WHERE oi.product_id = p.id AND o.order_date < '2022-01-01')"),
    ("customers with an order in a central store",
     "SELECT count(*) FROM customers c WHERE c.id IN (SELECT o.customer_id FROM orders o JOIN "
     "stores s ON s.id = o.store_id JOIN regions r ON r.id = s.region_id WHERE r.name = 'central')"),
]

DBNAMES = {}  # port -> database (set from the command line)
JOIN_NODES = {"Nested Loop", "Hash Join", "Merge Join"}
SCAN_NODES = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"}


def psql(host, port, user, sql, dbname=None):
    dbname = dbname or DBNAMES.get(port, "postgres")
    out = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", host, "-p",
                          str(port), "-U", user, "-d", dbname, "-c", sql],
                         capture_output=True, text=True, env=dict(os.environ, PGPASSWORD="secret"))
    if out.returncode != 0:
        raise RuntimeError("psql -p %s: %s" % (port, out.stderr.strip()))
    return out.stdout


def walk(node, joins, scans):
    kind = node["Node Type"]
    if kind in JOIN_NODES:
        jt = node.get("Join Type", "Inner")
        joins.append(kind if jt == "Inner" else "%s (%s)" % (kind, jt))
    if kind in SCAN_NODES:
        scans.append("%s %s" % (kind.replace(" Scan", ""), node.get("Relation Name", "")))
    for child in node.get("Plans", []):
        walk(child, joins, scans)


def run(host, port, user, sql, reps):
    """((join nodes, scan nodes), median execution ms), or (("error: ...", ""), nan)."""
    try:
        return run_checked(host, port, user, sql, reps)
    except RuntimeError as e:
        return ("error: " + str(e).split("ERROR:")[-1].strip(), ""), float("nan")


def run_checked(host, port, user, sql, reps):
    times, shape = [], None
    for _ in range(reps):
        doc = json.loads(psql(host, port, user, "EXPLAIN (ANALYZE, FORMAT JSON) " + sql))[0]
        times.append(doc["Execution Time"])
        joins, scans = [], []
        walk(doc["Plan"], joins, scans)
        shape = (", ".join(joins) or "-", ", ".join(scans))
    return shape, statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--hyrax-port", type=int, required=True)
    ap.add_argument("--pg-port", type=int, default=5499)
    ap.add_argument("--user", default="postgres")
    ap.add_argument("--pg-dbname", default="postgres")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--no-load", action="store_true")
    args = ap.parse_args()
    systems = [("PostgreSQL 15", args.pg_port), ("Hyrax", args.hyrax_port)]
    DBNAMES[args.pg_port] = args.pg_dbname
    if not args.no_load:
        for _, port in systems:
            psql(args.host, port, args.user, "DROP TABLE IF EXISTS " + ", ".join(TABLES))
            for stmt in dataset_sql(1.0):
                psql(args.host, port, args.user, stmt)
    print("| # | query | PostgreSQL 15 joins | Hyrax joins | PG ms | Hyrax ms | Hyrax/PG time |")
    print("|---|---|---|---|---|---|---|")
    details = []
    for i, (name, sql) in enumerate(QUERIES, 1):
        (pg_joins, pg_scans), pg_ms = run(args.host, args.pg_port, args.user, sql, args.reps)
        (hx_joins, hx_scans), hx_ms = run(args.host, args.hyrax_port, args.user, sql, args.reps)
        print("| %d | %s | %s | %s | %.1f | %.1f | %.2fx |" % (
            i, name, pg_joins, hx_joins, pg_ms, hx_ms, hx_ms / pg_ms if pg_ms else 0))
        details.append((i, pg_scans, hx_scans))
    print()
    print("Scans (top-down): ")
    for i, pg_scans, hx_scans in details:
        print("%d. PG: %s | Hyrax: %s" % (i, pg_scans, hx_scans))


if __name__ == "__main__":
    main()
