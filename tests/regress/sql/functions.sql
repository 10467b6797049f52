-- User-defined SQL functions and aggregates where psql's exact text matters: \df, the
-- errors with their DETAIL / CONTEXT / HINT lines, DROP ... CASCADE notices and
-- pg_get_functiondef of quoted bodies.
CREATE FUNCTION rf_add(a int, b int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE STRICT AS 'SELECT a + b';
CREATE FUNCTION rf_names() RETURNS SETOF text LANGUAGE sql STABLE AS $$ SELECT 'x' $$;
CREATE FUNCTION rf_ids(n int) RETURNS TABLE(id int) LANGUAGE sql AS $$ SELECT n $$;
CREATE AGGREGATE rf_sum(int) (SFUNC = rf_add, STYPE = int);
\df rf_*
SELECT pg_get_functiondef('rf_add'::regproc);
SELECT pg_get_functiondef('rf_ids'::regproc);
SELECT rf_add(1), rf_add(1, 2), rf_sum(x) FROM generate_series(1, 3) x;
CREATE FUNCTION rf_bad() RETURNS int AS 'SELECT ''a''::text' LANGUAGE sql;
CREATE FUNCTION rf_bad() RETURNS int AS 'SELECT 1, 2' LANGUAGE sql;
CREATE FUNCTION rf_add(int, int) RETURNS int AS 'SELECT 1' LANGUAGE sql;
CREATE OR REPLACE FUNCTION rf_add(int, int) RETURNS text AS 'SELECT ''1''' LANGUAGE sql;
DROP FUNCTION rf_sum(int);
DROP FUNCTION rf_missing(int);
DROP FUNCTION IF EXISTS rf_missing(int);
CREATE VIEW rf_view AS SELECT rf_add(1) AS one;
DROP FUNCTION rf_add(int, int);
DROP FUNCTION rf_add(int, int) CASCADE;
DROP FUNCTION rf_names(), rf_ids(int);
