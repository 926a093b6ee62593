-- a NOT VALID check is created NOT VALID
--- a
create table t (id int primary key, n int);
--- b
create table t (id int primary key, n int);
alter table t add constraint t_n_check check (n > 0) not valid;
