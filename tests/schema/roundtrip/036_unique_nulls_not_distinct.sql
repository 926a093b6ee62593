-- unique NULLS NOT DISTINCT
--- a
create table t (a int);
--- b
create table t (a int, constraint t_a_key unique nulls not distinct (a));
