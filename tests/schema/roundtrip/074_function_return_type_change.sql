-- return type changes (drop and create)
--- a
create function add_one(x int) returns int language sql immutable as 'select x + 1';
--- b
create function add_one(x int) returns bigint language sql immutable as 'select x + 1';
