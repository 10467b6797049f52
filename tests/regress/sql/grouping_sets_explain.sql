-- EXPLAIN of grouping sets where the exact text matters: the JSON "Grouping Sets" layout
-- (Group Keys / Hash Keys / Sort Key per rollup), VERBOSE with GROUPING(), and the
-- ordered-set aggregate errors with their positions, as PostgreSQL 15.
CREATE TABLE gse (a int, b int, v int);
SET enable_hashagg = off;
EXPLAIN (COSTS OFF, FORMAT JSON) SELECT a, b, sum(v) FROM gse GROUP BY GROUPING SETS ((a), (b), ());
EXPLAIN (COSTS OFF, VERBOSE) SELECT a, b, grouping(a, b), sum(v) FROM gse GROUP BY CUBE (a, b);
RESET enable_hashagg;
EXPLAIN (COSTS OFF, FORMAT JSON) SELECT a, b, sum(v) FROM gse GROUP BY ROLLUP (a, b);
SELECT percentile_cont(1.5) WITHIN GROUP (ORDER BY v) FROM gse;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v, a) FROM gse;
SELECT rank(1) WITHIN GROUP (ORDER BY v) OVER () FROM gse;
SELECT mode(v) WITHIN GROUP (ORDER BY v) FROM gse;
SELECT sum(v) WITHIN GROUP (ORDER BY v) FROM gse;
SELECT percentile_disc(0.5) FROM gse;
DROP TABLE gse;
