-- int → bigint
--- a
create table t (id int primary key, n int);
insert into t values (1, 5);
--- b
create table t (id int primary key, n bigint);
