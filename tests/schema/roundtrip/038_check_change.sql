-- check constraint changes
--- a
create table t (id int primary key, n int constraint t_n_check check (n > 0));
--- b
create table t (id int primary key, n int constraint t_n_check check (n >= 0));
