#!/usr/bin/python3
"""Creates the demo dataset for exploring query plans (README "Exploring query plans").

A small star schema, generated inside the server with generate_series so it is the same on
Hyrax and on PostgreSQL, deterministic (no random(): values come from modular arithmetic),
with primary keys, secondary indexes and ANALYZE:

    regions      (id, name)                                       5 rows
    stores       (id, region_id, city)                           50 rows
    customers    (id, region_id, name, segment, signup_date)      scale x 10,000 rows
    products     (id, category, name, price)                      2,000 rows
    orders       (id, customer_id, store_id, order_date, status)  scale x 50,000 rows
    order_items  (order_id, line_no, product_id, quantity, price) about scale x 150,000 rows

Usage:
    scripts/demo_dataset.py [--host 127.0.0.1] [--port 5432] [--user postgres]
                            [--dbname postgres] [--scale 1] [--drop]

It talks to the server through psql (so it works with anything psql reaches). As a
library (tests/planner/plan_tests.py): dataset_sql(scale) returns the statements.
"""
import argparse
import subprocess
import sys

TABLES = ["order_items", "orders", "products", "customers", "stores", "regions"]


def dataset_sql(scale=1.0):
    """The statements that create and fill the tables; `scale` multiplies the row counts
    of customers, orders and order_items (1.0 = 10,000 / 50,000 / ~150,000)."""
    n_customers = max(int(10000 * scale), 100)
    n_orders = max(int(50000 * scale), 500)
    return [
        "CREATE TABLE regions (id int PRIMARY KEY, name text NOT NULL)",
        "INSERT INTO regions SELECT i, (ARRAY['north','south','east','west','central'])[i] "
        "FROM generate_series(1, 5) i",
        "CREATE TABLE stores (id int PRIMARY KEY, region_id int NOT NULL, city text NOT NULL)",
        "INSERT INTO stores SELECT i, 1 + i % 5, 'city ' || i FROM generate_series(1, 50) i",
        "CREATE TABLE customers (id int PRIMARY KEY, region_id int NOT NULL, name text NOT NULL, "
        "segment text NOT NULL, signup_date date NOT NULL)",
        "INSERT INTO customers SELECT i, 1 + (i * 7) % 5, 'customer ' || i, "
        "(ARRAY['consumer','corporate','home office'])[1 + i % 3], "
        "date '2020-01-01' + (i * 37) % 1460 "
        f"FROM generate_series(1, {n_customers}) i",
        "CREATE TABLE products (id int PRIMARY KEY, category text NOT NULL, name text NOT NULL, "
        "price numeric(10,2) NOT NULL)",
        "INSERT INTO products SELECT i, 'category ' || (1 + i % 20), 'product ' || i, "
        "(5 + (i * 13) % 495)::numeric(10,2) FROM generate_series(1, 2000) i",
        "CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, store_id int NOT NULL, "
        "order_date date NOT NULL, status text NOT NULL)",
        # Orders are in date order (as an append-only table would be); customers spread.
        "INSERT INTO orders SELECT i, 1 + (i * 7919) % " + str(n_customers) + ", 1 + i % 50, "
        f"date '2021-01-01' + (i * 1095) / {n_orders}, "
        "CASE WHEN i % 20 = 0 THEN 'returned' WHEN i % 7 = 0 THEN 'open' ELSE 'shipped' END "
        f"FROM generate_series(1, {n_orders}) i",
        "CREATE TABLE order_items (order_id int NOT NULL, line_no int NOT NULL, "
        "product_id int NOT NULL, quantity int NOT NULL, price numeric(10,2) NOT NULL, "
        "PRIMARY KEY (order_id, line_no))",
        "INSERT INTO order_items SELECT o, l, 1 + (o * 31 + l * 17) % 2000, 1 + (o + l) % 5, "
        "(5 + ((o * 31 + l * 17) % 2000 * 13) % 495)::numeric(10,2) "
        f"FROM generate_series(1, {n_orders}) o, generate_series(1, 1 + o % 5) l",
        "CREATE INDEX orders_customer_id_idx ON orders (customer_id)",
        "CREATE INDEX orders_order_date_idx ON orders (order_date)",
        "CREATE INDEX order_items_product_id_idx ON order_items (product_id)",
        "CREATE INDEX customers_region_id_idx ON customers (region_id)",
        "ANALYZE regions",
        "ANALYZE stores",
        "ANALYZE customers",
        "ANALYZE products",
        "ANALYZE orders",
        "ANALYZE order_items",
    ]


def drop_sql():
    return ["DROP TABLE IF EXISTS " + ", ".join(TABLES)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", default="5432")
    ap.add_argument("--user", default="postgres")
    ap.add_argument("--dbname", default="postgres")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--drop", action="store_true", help="drop the tables first")
    args = ap.parse_args()
    statements = (drop_sql() if args.drop else []) + dataset_sql(args.scale)
    script = "\\set ON_ERROR_STOP on\n" + "".join(s + ";\n" for s in statements)
    cmd = ["psql", "-X", "-q", "-h", args.host, "-p", str(args.port), "-U", args.user,
           "-d", args.dbname]
    result = subprocess.run(cmd, input=script, text=True)
    if result.returncode == 0:
        print("demo dataset created (scale %g)" % args.scale)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
