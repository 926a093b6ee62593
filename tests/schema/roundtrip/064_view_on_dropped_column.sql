-- a column used by a view is dropped
--- a
create table t (id int primary key, n int, m int);
create view v as select id, n, m from t;
--- b
create table t (id int primary key, n int);
create view v as select id, n from t;
