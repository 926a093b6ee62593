-- a stored generated column is added
--- a
create table t (id int primary key, price numeric, qty int);
insert into t values (1, 2.5, 2);
--- b
create table t (id int primary key, price numeric, qty int, total numeric generated always as (price * qty) stored);
