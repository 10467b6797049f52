-- COPY FROM STDIN / TO STDOUT in text and csv formats: escaping and quoting,
-- options, defaults and constraints of the target table, and errors with their CONTEXT.
CREATE TABLE copy_t (a int PRIMARY KEY, b text, c varchar(5) DEFAULT 'dflt', d int CHECK (d > 0));
COPY copy_t FROM STDIN;
1	one	x	1
2	tab\there	\N	2
3	back\\slash	y	3
4	new\nline	z	\N
5	\x41\102C		5
\.
SELECT * FROM copy_t ORDER BY a;
COPY copy_t TO STDOUT;
COPY copy_t (a, b) FROM STDIN;
6	six
\.
SELECT a, b, c FROM copy_t WHERE a = 6;
COPY copy_t (b, a) TO STDOUT WITH (DELIMITER '|', NULL 'NULL');
COPY copy_t TO STDOUT WITH (FORMAT csv, HEADER);
COPY copy_t TO STDOUT WITH (FORMAT csv, FORCE_QUOTE (b), QUOTE '''', ESCAPE '\');
COPY copy_t TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *);
COPY (SELECT a, b FROM copy_t WHERE a < 3 ORDER BY a DESC) TO STDOUT WITH (FORMAT csv);
COPY (SELECT '' AS e, NULL AS n, '\.' AS dot) TO STDOUT WITH (FORMAT csv);
COPY (SELECT '\.' AS dot) TO STDOUT WITH (FORMAT csv);
TRUNCATE copy_t;
COPY copy_t FROM STDIN WITH (FORMAT csv, HEADER);
a,b,c,d
10,"quoted, comma",,1
11,"multi
line","q""q",2
12,,"",3
\.
SELECT a, b, c IS NULL AS c_null, c, d FROM copy_t ORDER BY a;
TRUNCATE copy_t;
COPY copy_t FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (b), FORCE_NULL (c));
20,,"",1
\.
SELECT a, b IS NULL AS b_null, c IS NULL AS c_null FROM copy_t;
COPY copy_t FROM STDIN WITH (FORMAT csv, HEADER MATCH);
a,b,x,d
\.
-- errors
COPY copy_t FROM STDIN;
30	x	y	1
31	x
\.
COPY copy_t FROM STDIN;
32	x	y	1	extra
\.
COPY copy_t FROM STDIN;
33	x	y	notanumber
\.
COPY copy_t FROM STDIN;
34	x	toolong	1
\.
COPY copy_t FROM STDIN;
35	x	y	-1
\.
COPY copy_t FROM STDIN;
\N	x	y	1
\.
COPY copy_t FROM STDIN;
36	x	y	1
20	dup	y	1
\.
COPY copy_t FROM STDIN WITH (FORMAT csv);
37,"unterminated
\.
SELECT count(*) FROM copy_t;
COPY copy_t (nope) FROM STDIN;
COPY copy_t FROM STDIN WITH (FORMAT csv, DELIMITER ',', QUOTE ',');
-- COPY inside a transaction block, and in a failed one
BEGIN;
COPY copy_t (a) FROM STDIN;
40
41
\.
SELECT count(*) FROM copy_t;
ROLLBACK;
SELECT count(*) FROM copy_t;
-- psql's \copy, and NULL spelled differently
CREATE TABLE copy_u (x int, y text);
\copy copy_u FROM STDIN
1	a
2	\N
\.
\copy copy_u TO STDOUT WITH (FORMAT csv)
COPY copy_u (y) FROM STDIN WITH (NULL 'nil');
nil
z
\.
SELECT * FROM copy_u ORDER BY x, y;
DROP TABLE copy_t;
DROP TABLE copy_u;
