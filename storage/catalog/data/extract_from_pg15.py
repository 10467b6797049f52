#!/usr/bin/python3
"""Regenerates the catalog data files in this folder from a running PostgreSQL 15.

The files are facts about PostgreSQL's catalogs (column layouts, built-in types, functions,
operators, casts, access-method support, descriptions) that clients depend on; `hyrax init`
loads them into our own catalog heaps. Usage:

    extract_from_pg15.py --host /tmp --port 5499 --user postgres

Writes:
  catalog_columns.tsv  one row per column of every pg_catalog table (layout facts)
  <catalog>.tsv        the rows of each bootstrap catalog, in PostgreSQL's text format,
                       with a header line of column names; regproc columns as numeric OIDs.
"""
import argparse
import subprocess

# Catalogs whose initial contents come from PostgreSQL. Others start empty.
DATA_CATALOGS = [
    "pg_type", "pg_proc", "pg_operator", "pg_cast", "pg_am", "pg_amop", "pg_amproc",
    "pg_opclass", "pg_opfamily", "pg_aggregate", "pg_namespace", "pg_language",
    "pg_collation", "pg_range", "pg_authid", "pg_database", "pg_tablespace",
    "pg_description", "pg_conversion", "pg_ts_config", "pg_ts_dict", "pg_ts_parser",
    "pg_ts_template", "pg_ts_config_map", "pg_shdescription", "pg_auth_members",
]
# Rows Hyrax adds to PostgreSQL's (kept from the current file when regenerating): OIDs
# from the range PostgreSQL leaves unused. pg_proc: amcheck's bt_index_check and
# bt_index_parent_check, built in (executor/functions/amcheck.cpp).
HYRAX_ROWS = {"pg_proc": range(9340, 9345)}
# Rows to keep per catalog (None = all). Descriptions only of pg_catalog-level objects.
ROW_FILTERS = {
    "pg_namespace": "oid < 16384 and nspname not like 'pg_temp%' and nspname not like 'pg_toast_temp%'",
    "pg_description": "objoid < 16384",
    "pg_collation": "collprovider <> 'i'",
    "pg_auth_members": "roleid < 16384 and member < 16384",
}


def psql(args, sql):
    cmd = ["psql", "-h", args.host, "-p", str(args.port), "-U", args.user, "-d", "postgres",
           "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def merge_hyrax_rows(cat, data):
    """`data` plus the HYRAX_ROWS of the existing file, in OID order."""
    oids = HYRAX_ROWS.get(cat)
    if not oids:
        return data
    with open(f"{cat}.tsv") as f:
        kept = [l for l in f.read().splitlines()[1:] if int(l.split("\t", 1)[0]) in oids]
    rows = data.splitlines() + kept
    rows.sort(key=lambda l: int(l.split("\t", 1)[0]))
    return "\n".join(rows) + "\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="/tmp")
    p.add_argument("--port", default=5432, type=int)
    p.add_argument("--user", default="postgres")
    args = p.parse_args()

    cols = psql(args, """
        copy (select c.oid, c.relname, c.relisshared, c.reltype, a.attnum, a.attname,
                     a.atttypid, a.attlen, a.attbyval, a.attalign, a.attstorage, a.attnotnull,
                     a.atttypmod, a.attcollation
              from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attnum > 0
              where c.relnamespace = 11 and c.relkind = 'r'
              order by c.oid, a.attnum) to stdout""")
    with open("catalog_columns.tsv", "w") as f:
        f.write("# relid relname relisshared reltype attnum attname atttypid attlen attbyval "
                "attalign attstorage attnotnull atttypmod attcollation\n")
        f.write(cols)

    for cat in DATA_CATALOGS:
        rows = psql(args, f"""select a.attname, a.atttypid from pg_attribute a
                              where a.attrelid = 'pg_catalog.{cat}'::regclass and a.attnum > 0
                              order by a.attnum""").strip().splitlines()
        names = [r.split("|")[0] for r in rows]
        select = []
        for r in rows:
            name, typid = r.split("|")
            if typid == "24":
                select.append(f"{name}::oid")  # regproc -> numeric oid
            elif cat == "pg_proc" and name == "prosrc":
                # SQL-standard bodies (BEGIN ATOMIC / RETURN) are stored by PostgreSQL as
                # node trees in prosqlbody; keep their SQL text in prosrc instead.
                select.append("case when prosqlbody is not null "
                              "then pg_get_function_sqlbody(oid) else prosrc end")
            elif cat == "pg_proc" and name == "prosqlbody":
                select.append("null::pg_node_tree")
            else:
                select.append(name)
        # Only objects PostgreSQL's initdb creates (OIDs below FirstNormalObjectId).
        where = ROW_FILTERS.get(cat, "oid < 16384" if "oid" in names else None)
        sql = f"select {', '.join(select)} from pg_catalog.{cat}"
        if where:
            sql += f" where {where}"
        order = "oid" if "oid" in names else ", ".join(names[:3])
        data = psql(args, f"copy ({sql} order by {order}) to stdout")
        data = merge_hyrax_rows(cat, data)
        with open(f"{cat}.tsv", "w") as f:
            f.write("\t".join(names) + "\n")
            f.write(data)


if __name__ == "__main__":
    main()
