-- a function whose result type changes is used by a stored generated column (recomputed)
--- a
create function twice(x int) returns int language sql immutable as 'select x * 2';
create table nums (id int primary key, a int, b bigint generated always as (twice(a)) stored);
insert into nums (id, a) values (1, 1), (2, 2);
--- b
create function twice(x int) returns bigint language sql immutable as 'select x * 2';
create table nums (id int primary key, a int, b bigint generated always as (twice(a)) stored);
insert into nums (id, a) values (1, 1), (2, 2);
