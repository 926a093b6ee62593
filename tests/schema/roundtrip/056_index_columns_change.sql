-- index columns change
--- a
create table t (a int, b int);
create index t_idx on t (a);
--- b
create table t (a int, b int);
create index t_idx on t (a, b desc);
