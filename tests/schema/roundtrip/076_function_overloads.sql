-- two overloads of one name
--- a
create function add_one(x int) returns int language sql immutable as 'select x + 1';
--- b
create function add_one(x int) returns int language sql immutable as 'select x + 1';
create function add_one(x bigint) returns bigint language sql immutable as 'select x + 1';
