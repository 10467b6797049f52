-- Error reports as psql shows them: SQLSTATE-bearing messages with LINE/caret positions,
-- hints, NOTICEs from DROP ... IF EXISTS, and a session that keeps working.
\set VERBOSITY default
SELECT * FORM nowhere;
SELECT 1 +;
SELECT *
  FROM no_such_table;
SELECT nope;
SELECT length(1, 2, 3);
DROP TABLE IF EXISTS never_existed;
CREATE TABLE errt (a int NOT NULL, b varchar(3));
INSERT INTO errt VALUES (NULL, 'x');
INSERT INTO errt VALUES (1, 'long');
INSERT INTO errt VALUES ('one', 'x');
BEGIN;
SELECT 1/0;
SELECT 1;
ROLLBACK;
COMMIT;
\set VERBOSITY sqlstate
SELECT * FROM no_such_table;
\set VERBOSITY default
DROP TABLE errt;
SELECT 'done' AS status;
