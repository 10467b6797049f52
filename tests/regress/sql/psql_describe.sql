-- psql's describe meta-commands run their catalog queries (pg_class, pg_attribute,
-- pg_index, pg_constraint, pg_roles, ...) and lay the answers out; the output must be
-- PostgreSQL 15's. \l lists only the databases of a fresh cluster.
CREATE TABLE psql_accounts (
  id int PRIMARY KEY,
  owner text NOT NULL,
  balance numeric(12,2) DEFAULT 0 CHECK (balance >= -100),
  opened date DEFAULT '2024-01-01',
  code varchar(10) UNIQUE,
  qty int DEFAULT 1 + 2 * 3,
  flags int[],
  note text COLLATE "C"
);
CREATE INDEX psql_accounts_owner_idx ON psql_accounts (owner DESC, opened NULLS FIRST) INCLUDE (note);
CREATE TABLE psql_plain (a int, b bigint);
\l
\dt psql_*
\d psql_accounts
\d+ psql_accounts
\d psql_plain
\di psql_*
\dn
\du
\df
\d pg_roles
\dv pg_catalog.pg_user
\x on
SELECT id, owner FROM psql_accounts;
INSERT INTO psql_accounts (id, owner) VALUES (1, 'alice');
SELECT id, owner, balance, opened, qty FROM psql_accounts;
\x off
\dt+ psql_plain
DROP TABLE psql_accounts;
DROP TABLE psql_plain;
\dt psql_*
