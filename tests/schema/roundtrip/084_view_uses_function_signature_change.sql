-- a view uses a function whose result type changes
--- a
create function add_one(x int) returns int language sql immutable as 'select x + 1';
create view v as select add_one(1) as n;
--- b
create function add_one(x int) returns bigint language sql immutable as 'select x + 1';
create view v as select add_one(1) as n;
