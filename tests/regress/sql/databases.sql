-- CREATE DATABASE copies template1; the new database is independent of the one it was
-- made from, accepts connections (psql \c) and can be dropped once nobody uses it.
CREATE DATABASE regress_db_one;
CREATE TABLE made_in_postgres (a int);
\c regress_db_one
SELECT current_database();
SELECT count(*) FROM pg_class WHERE relname = 'made_in_postgres';
CREATE TABLE only_here (a int NOT NULL, b text);
INSERT INTO only_here VALUES (1, 'one'), (2, 'two');
SELECT * FROM only_here ORDER BY a;
DROP DATABASE regress_db_one;
\c postgres
SELECT count(*) FROM pg_class WHERE relname = 'only_here';
DROP TABLE made_in_postgres;
CREATE DATABASE regress_db_two TEMPLATE regress_db_one;
DROP DATABASE regress_db_one;
DROP DATABASE IF EXISTS regress_db_one;
DROP DATABASE regress_db_two;
SELECT count(*) FROM pg_database WHERE datname LIKE 'regress_db%';
