-- numeric(10,2) → numeric(12,2)
--- a
create table t (id int primary key, amount numeric(10,2));
insert into t values (1, 1.5);
--- b
create table t (id int primary key, amount numeric(12,2));
