-- DML on views that are not automatically updatable: PostgreSQL 15's 55000 with its
-- detail and hint.
CREATE TABLE vdr_base (id int, grp text);
CREATE VIEW vdr_group AS SELECT grp, count(*) AS n FROM vdr_base GROUP BY grp;
CREATE VIEW vdr_with AS WITH w AS (SELECT id FROM vdr_base) SELECT id FROM w;
CREATE VIEW vdr_srf AS SELECT generate_series(1, id) AS g FROM vdr_base;
INSERT INTO vdr_group VALUES ('x', 1);
UPDATE vdr_with SET id = 1;
DELETE FROM vdr_srf;
UPDATE pg_roles SET rolname = 'x';
DROP TABLE vdr_base CASCADE;
