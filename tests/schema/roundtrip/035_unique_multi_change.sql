-- unique constraint columns change
--- a
create table t (a int, b int, c int, constraint t_u unique (a, b));
--- b
create table t (a int, b int, c int, constraint t_u unique (a, c));
