#!/usr/bin/env python3
"""Regenerates the expected column of the function case files from a real PostgreSQL 15.

Usage: gen_expected.py [--port 5499] [--host /tmp] FILE.tsv...

Each case line is `prosrc[(type,...)[->rettype]] TAB arg... TAB [expected]`. The script
calls the pg_catalog function implemented by `prosrc` with the arguments cast to its
declared (or the given) argument types, and writes PostgreSQL's output text, `\\N` for NULL,
or `ERROR <sqlstate> <message>` into the last column. `SET name value` lines are replayed
before every following case. In values, <tab> and <nl> stand for a tab and a newline.
"""
import argparse
import csv
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', '..', '..', '..', '..', 'storage', 'catalog', 'data')


def load_catalog():
    types, procs = {}, {}
    with open(os.path.join(DATA, 'pg_type.tsv')) as f:
        for r in csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE):
            types[r['oid']] = r
    by_name = {r['typname']: r for r in types.values()}
    with open(os.path.join(DATA, 'pg_proc.tsv')) as f:
        for r in csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE):
            if r['prolang'] != '12':
                continue
            procs.setdefault(r['prosrc'], []).append(r)
    return types, by_name, procs


def decode(v):
    return v.replace('<tab>', '\t').replace('<nl>', '\n')


def encode(v):
    return v.replace('\t', '<tab>').replace('\n', '<nl>')


def sql_type(name, by_name):
    if name.endswith('[]'):
        name = '_' + name[:-2]
    if name not in by_name:
        raise SystemExit('unknown type ' + name)
    return 'pg_catalog."%s"' % name


def parse_head(head, types, procs):
    m = re.match(r'^([A-Za-z0-9_]+)(?:\(([^)]*)\))?(?:->(.+))?$', head)
    if not m:
        raise SystemExit('bad case head ' + head)
    prosrc, argspec, ret = m.group(1), m.group(2), m.group(3)
    rows = procs.get(prosrc)
    if not rows:
        raise SystemExit('no pg_proc row for prosrc ' + prosrc)
    row = next((r for r in rows if r['proname'] == prosrc), rows[0])
    if argspec is not None:
        argtypes = [a.strip() for a in argspec.split(',')] if argspec.strip() else []
    else:
        argtypes = [types[o]['typname'] for o in row['proargtypes'].split()] \
            if row['proargtypes'] not in ('', '\\N') else []
    return row, argtypes


def run(sql, args):
    p = subprocess.run(['psql', '-h', args.host, '-p', str(args.port), '-U', 'postgres', '-X',
                        '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', '-v', 'VERBOSITY=verbose',
                        '-P', 'null=\\N', '-c', sql], capture_output=True, text=True)
    if p.returncode != 0:
        first = p.stderr.splitlines()[0] if p.stderr else 'ERROR: ?'
        m = re.match(r'^(?:psql:[^:]*:\d+: )?ERROR:  ([0-9A-Z]{5}): (.*)$', first)
        if not m:
            raise SystemExit('unexpected psql error: ' + p.stderr)
        return 'ERROR %s %s' % (m.group(1), m.group(2))
    out = p.stdout
    if out.endswith('\n'):
        out = out[:-1]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--host', default='/tmp')
    ap.add_argument('--port', default=5499, type=int)
    ap.add_argument('files', nargs='+')
    args = ap.parse_args()
    types, by_name, procs = load_catalog()
    for path in args.files:
        out_lines, sets = [], []
        for line in open(path).read().split('\n'):
            if line == '' or line.startswith('#'):
                out_lines.append(line)
                continue
            if line.startswith('SET '):
                _, name, value = line.split(' ', 2)
                sets.append("SET %s = '%s';" % (name, value.replace("'", "''")))
                out_lines.append(line)
                continue
            fields = line.split('\t')
            row, argtypes = parse_head(fields[0], types, procs)
            n = len(argtypes)
            if len(fields) not in (n + 1, n + 2):
                raise SystemExit('%s: wrong field count in: %s' % (path, line))
            call_args = []
            for t, v in zip(argtypes, fields[1:n + 1]):
                if v == '\\N':
                    call_args.append('NULL::%s' % sql_type(t, by_name))
                else:
                    call_args.append("'%s'::%s" % (decode(v).replace("'", "''"), sql_type(t, by_name)))
            sql = ' '.join(sets) + ' SELECT pg_catalog."%s"(%s)' % (row['proname'], ', '.join(call_args))
            result = encode(run(sql, args))
            out_lines.append('\t'.join(fields[:n + 1] + [result]))
        with open(path, 'w') as f:
            f.write('\n'.join(out_lines))


if __name__ == '__main__':
    main()
