-- a column used by a view changes type
--- a
create table t (id int primary key, n int);
insert into t values (1, 1);
create view v as select id, n from t;
create view v2 as select * from v;
--- b
create table t (id int primary key, n bigint);
create view v as select id, n from t;
create view v2 as select * from v;
