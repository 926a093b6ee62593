-- varchar(10) → varchar(50) (no rewrite)
--- a
create table t (id int primary key, code varchar(10));
insert into t values (1, 'abc');
--- b
create table t (id int primary key, code varchar(50));
