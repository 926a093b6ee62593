-- varchar(50) → varchar(10) (rewrite)
--- a
create table t (id int primary key, code varchar(50));
insert into t values (1, 'abc');
--- b
create table t (id int primary key, code varchar(10));
