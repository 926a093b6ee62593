-- default dropped
--- a
create table t (id int primary key, n int default 1);
--- b
create table t (id int primary key, n int);
