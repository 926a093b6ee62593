-- a function used by a materialized view, a SQL-standard function body and a default is dropped
--- a
create function base() returns int language sql immutable as 'select 1';
create function plus_base(x int) returns int language sql immutable return x + base();
create materialized view mv as select plus_base(1) as n;
create table t (id int primary key, n int default plus_base(0));
insert into t (id) values (1);
--- b
create function plus_two(x int) returns int language sql immutable return x + 2;
create materialized view mv as select plus_two(1) as n;
create table t (id int primary key, n int default plus_two(0));
insert into t (id) values (1);
